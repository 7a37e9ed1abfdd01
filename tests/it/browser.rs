//! The phone page in a real browser: headless Chromium (Debian's `chromium` and
//! `chromium-driver`, which `.ci/run` installs) opens the join link, taps an option, and the
//! vote reaches the projector; a reveal pushed by server-sent events then updates the page in
//! place, keeping focus on the same button. Screenshots of the phone page and the projector screen are kept
//! in `target/test-artefacts/`.
//!
//! Chromium is driven over the W3C WebDriver protocol with plain HTTP requests to chromedriver
//! on loopback. Where Chromium is not installed the test says so and passes, except in CI
//! (`CI` set), where it fails: CI must run it.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
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

const CHROMIUM: &str = "/usr/bin/chromium";
const DRIVER: &str = "/usr/bin/chromedriver";

struct Driver {
    child: Child,
    base: String,
    agent: ureq::Agent,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Driver {
    fn start() -> Driver {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new(DRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(30)))
            .build()
            .into();
        let driver = Driver {
            child,
            base: format!("http://127.0.0.1:{port}"),
            agent,
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        while driver
            .agent
            .get(format!("{}/status", driver.base))
            .call()
            .is_err()
        {
            assert!(Instant::now() < deadline, "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        driver
    }

    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let url = format!("{}{path}", self.base);
        let mut resp = match (method, body) {
            ("GET", _) => self.agent.get(url).call().unwrap(),
            ("DELETE", _) => self.agent.delete(url).call().unwrap(),
            (_, b) => self
                .agent
                .post(url)
                .header("Content-Type", "application/json")
                .send(b.unwrap_or(json!({})).to_string())
                .unwrap(),
        };
        let text = resp.body_mut().read_to_string().unwrap();
        serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON from chromedriver: {text}"))
    }
}

fn artefacts() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/test-artefacts");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn a_phone_joins_taps_an_option_and_the_projector_counts_it() {
    if !(Path::new(CHROMIUM).exists() && Path::new(DRIVER).exists()) {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must have Chromium: .ci/run installs chromium and chromium-driver"
        );
        eprintln!(
            "skipped: {CHROMIUM} or {DRIVER} is not installed (apt-get install chromium chromium-driver)"
        );
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

    let driver = Driver::start();
    let profile = tempfile::tempdir().unwrap();
    let session = driver.call(
        "POST",
        "/session",
        Some(json!({"capabilities": {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": {
            "binary": CHROMIUM,
            "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     "--disable-dev-shm-usage", "--window-size=412,915",
                     format!("--user-data-dir={}", profile.path().display())]
        }}}})),
    );
    let id = session["value"]["sessionId"]
        .as_str()
        .unwrap_or_else(|| panic!("no session: {session}"))
        .to_string();
    let s = format!("/session/{id}");
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
