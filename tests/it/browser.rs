//! The phone page in a real browser: headless Chromium (Debian's `chromium` and
//! `chromium-driver`, which `.ci/run` installs) opens the join link, taps an option, and the
//! vote reaches the projector; a reveal pushed by server-sent events then updates the page in
//! place, keeping focus on the same button. Screenshots of the phone page and the projector screen are kept
//! in `target/test-artefacts/`.
//!
//! Chromium is driven over the W3C WebDriver protocol with plain HTTP requests to chromedriver
//! on loopback. Where Chromium is not installed the test says so and passes, except in CI
//! (`CI` set), where it fails: CI must run it.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::channel;
use std::time::{Duration, Instant};

use base64::Engine;
use canteen::library::{Library, Pack};
use canteen::present::theme::{Theme, ThemeName};
use canteen::workshop::app::{Command as Cmd, Msg, Workshop};
use canteen::workshop::join::join_info;
use canteen::workshop::server::{RoomEvent, Server};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde_json::{Value, json};

use crate::support::webdriver::{Browser, browser_available};

fn artefacts() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/test-artefacts");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn a_phone_joins_taps_an_option_and_the_projector_counts_it() {
    if !browser_available() {
        return;
    }
    let lib = Library::load(&Pack::Paths(vec![
        concat!(env!("CARGO_MANIFEST_DIR"), "/docs/examples").into(),
    ]));
    let scenario = Arc::clone(lib.find("night-shift-post").unwrap());
    let (events, room) = channel::<RoomEvent>();
    let server = Server::start(
        "127.0.0.1:0".parse().unwrap(),
        "KX7P",
        &scenario.meta().title,
        events,
    )
    .unwrap();
    let url = format!("http://{}", server.addr);
    let mut w = Workshop::new(
        scenario,
        5,
        Theme::new(ThemeName::HighContrast, false),
        Some(join_info(&url, "KX7P")),
    );
    for code in [KeyCode::Enter, KeyCode::Char('v')] {
        for c in w.update(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))) {
            if let Cmd::Room(c) = c {
                server.send(c);
            }
        }
    }

    let browser = Browser::open(412, 915);
    let driver = &browser.driver;
    let s = browser.session.clone();
    driver.call(
        "POST",
        &format!("{s}/url"),
        Some(json!({"url": format!("{url}/?code=KX7P")})),
    );

    // The join link carries the code: the page joins by itself and shows the options.
    let deadline = Instant::now() + Duration::from_secs(20);
    let buttons = loop {
        let found = driver.call(
            "POST",
            &format!("{s}/elements"),
            Some(json!({"using": "css selector", "value": "#options button"})),
        );
        let list = found["value"].as_array().cloned().unwrap_or_default();
        if list.len() == 3 {
            break list;
        }
        assert!(
            Instant::now() < deadline,
            "the options never appeared: {found}"
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    let element = buttons[1]
        .as_object()
        .unwrap()
        .values()
        .next()
        .unwrap()
        .as_str()
        .unwrap()
        .to_string();
    driver.call("POST", &format!("{s}/element/{element}/click"), None);

    let deadline = Instant::now() + Duration::from_secs(10);
    while w.voters < 1 {
        let e = room
            .recv_timeout(Duration::from_secs(10))
            .expect("the vote reaches the projector");
        w.update(Msg::Room(e));
        assert!(Instant::now() < deadline);
    }
    assert_eq!(w.phones, vec![0, 1, 0], "the tapped option counts once");

    // Wait for the page to mark the vote, then keep screenshots as artefacts.
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let pressed = driver.call(
            "POST",
            &format!("{s}/elements"),
            Some(json!({"using": "css selector", "value": "button[aria-pressed=true]"})),
        );
        if pressed["value"].as_array().is_some_and(|a| a.len() == 1) {
            break;
        }
        assert!(Instant::now() < deadline, "the page never showed the vote");
        std::thread::sleep(Duration::from_millis(100));
    }
    // The room's state is pushed: a reveal updates the page in place, keeping the tapped
    // button (the same element, still focused) and every other button.
    let run = |script: &str| -> Value {
        driver.call(
            "POST",
            &format!("{s}/execute/sync"),
            Some(json!({"script": script, "args": []})),
        )["value"]
            .clone()
    };
    assert_eq!(
        run("return document.body.dataset.transport;"),
        json!("events"),
        "the page follows the room by server-sent events, not polling"
    );
    run(r#"
        window.tapped = document.querySelectorAll('#options button')[1];
        window.tapped.focus();
        window.removed = 0;
        new MutationObserver((changes) => changes.forEach((c) => c.removedNodes.forEach((n) => {
            if (n.nodeName === 'BUTTON') window.removed += 1;
        }))).observe(document.getElementById('options'), { childList: true });
        return true;"#);
    server.send(canteen::workshop::server::RoomCommand::Reveal(vec![
        2, 5, 0,
    ]));
    let sent = Instant::now();
    loop {
        let shown = run("return document.querySelectorAll('#options .count')[1].textContent;");
        if shown == json!(" (5 votes)") {
            break;
        }
        assert!(
            sent.elapsed() < Duration::from_secs(5),
            "the reveal never reached the page: {shown}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let kept = run(r#"
        const now = document.querySelectorAll('#options button');
        return { same: now[1] === window.tapped, focused: document.activeElement === window.tapped,
                 removed: window.removed, buttons: now.length,
                 pressed: now[1].getAttribute('aria-pressed') };"#);
    assert_eq!(
        kept,
        json!({"same": true, "focused": true, "removed": 0, "buttons": 3, "pressed": "true"}),
        "updated in place"
    );
    let shot = driver.call("GET", &format!("{s}/screenshot"), None);
    let png = base64::engine::general_purpose::STANDARD
        .decode(shot["value"].as_str().unwrap())
        .unwrap();
    assert!(png.starts_with(b"\x89PNG"));
    std::fs::write(artefacts().join("phone-page.png"), png).unwrap();
    let mut terminal = Terminal::new(TestBackend::new(120, 30)).unwrap();
    terminal.draw(|f| f.render_widget(&w, f.area())).unwrap();
    let projector = terminal.backend().to_string();
    assert!(projector.contains("1 vote so far"));
    std::fs::write(artefacts().join("projector-120x30.txt"), projector).unwrap();
    driver.call("DELETE", &s, None);
}
