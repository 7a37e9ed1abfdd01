//! Workshop mode: the facilitator's model played through a scenario, the projector screens
//! snapshotted at 120x30 and 200x50, the export, and the loop with the real voting server.

use std::sync::Arc;
use std::sync::mpsc::channel;
use std::time::Duration;

use canteen::engine::Scenario;
use canteen::library::{Library, Pack};
use canteen::present::theme::{Theme, ThemeName};
use canteen::workshop::app::{Command, Msg, Overlay, Phase, Workshop};
use canteen::workshop::ballot::Status;
use canteen::workshop::join::join_info;
use canteen::workshop::server::{RoomCommand, RoomEvent};
use canteen::workshop::{export, run};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn example() -> Arc<Scenario> {
    let lib = Library::load(&Pack::Paths(vec![
        concat!(env!("CARGO_MANIFEST_DIR"), "/docs/examples").into(),
    ]));
    Arc::clone(lib.find("night-shift-post").unwrap())
}

fn served() -> Workshop {
    let join = join_info("http://127.0.0.1:8123", "KX7P");
    Workshop::new(
        example(),
        5,
        Theme::new(ThemeName::HighContrast, false),
        Some(join),
    )
}

fn key(w: &mut Workshop, code: KeyCode) -> Vec<Command> {
    w.update(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

fn ch(w: &mut Workshop, c: char) -> Vec<Command> {
    key(w, KeyCode::Char(c))
}

fn screen(w: &mut Workshop, width: u16, height: u16) -> String {
    w.size = (width, height);
    let mut t = Terminal::new(TestBackend::new(width, height)).unwrap();
    t.draw(|f| f.render_widget(&*w, f.area())).unwrap();
    t.backend().to_string()
}

fn snap(name: &str, w: &mut Workshop) {
    insta::assert_snapshot!(format!("{name}_120x30"), screen(w, 120, 30));
    insta::assert_snapshot!(format!("{name}_200x50"), screen(w, 200, 50));
}

/// The index of the option with this choice id.
fn option(w: &Workshop, id: &str) -> usize {
    let s = w.session.scenario();
    w.options()
        .iter()
        .position(|&c| s.choice(c).id == id)
        .unwrap()
}

/// Types a show of hands: `counts` per option in letter order.
fn hands(w: &mut Workshop, counts: &[u32]) {
    ch(w, 'h');
    for n in counts {
        for d in n.to_string().chars() {
            ch(w, d);
        }
        key(w, KeyCode::Enter);
    }
}

#[test]
fn a_served_decision_from_lobby_to_feedback() {
    let mut w = served();
    snap("lobby", &mut w);
    w.update(Msg::Room(RoomEvent::Joined { devices: 3 }));
    let commands = key(&mut w, KeyCode::Enter);
    assert!(
        matches!(commands.as_slice(), [Command::Room(RoomCommand::Ask(q))] if q.decision == 1 && q.options.len() == 3)
    );
    assert_eq!(w.phase, Phase::Reading);
    snap("reading", &mut w);
    assert_eq!(
        ch(&mut w, 'v'),
        vec![Command::Room(RoomCommand::Status(Status::Open))]
    );
    let best = option(&w, "proud-team");
    let mut counts = vec![0, 0, 0];
    counts[best] = 2;
    counts[(best + 1) % 3] = 1;
    w.update(Msg::Room(RoomEvent::Votes {
        decision: 1,
        counts: counts.clone(),
        voters: 3,
    }));
    let voting = screen(&mut w, 120, 30);
    assert!(voting.contains("3 votes so far"));
    assert!(
        !voting.contains("2 votes"),
        "the split stays hidden while voting is open"
    );
    snap("voting", &mut w);
    assert_eq!(
        ch(&mut w, 'c'),
        vec![Command::Room(RoomCommand::Status(Status::Closed))]
    );
    assert_eq!(w.phase, Phase::Closing);
    w.update(Msg::Room(RoomEvent::Closed {
        decision: 1,
        counts: counts.clone(),
        voters: 3,
    }));
    assert_eq!(w.phase, Phase::Closed);
    let mut raised = vec![0, 0, 0];
    raised[best] = 4;
    hands(&mut w, &raised);
    let reveal = ch(&mut w, 'r');
    let mut total = counts.clone();
    total[best] += 4;
    assert_eq!(reveal, vec![Command::Room(RoomCommand::Reveal(total))]);
    snap("revealed", &mut w);
    key(&mut w, KeyCode::Enter);
    assert!(matches!(&w.phase, Phase::Feedback { order, shown: 0 } if order[0] == best));
    assert!(!w.log[0].overridden);
    assert_eq!(w.log[0].voters, 3);
    snap("feedback", &mut w);
    ch(&mut w, 'n');
    assert!(screen(&mut w, 120, 30).contains("If we had chosen"));
    let next = key(&mut w, KeyCode::Enter);
    assert!(matches!(next.as_slice(), [Command::Room(RoomCommand::Ask(q))] if q.decision == 2));
}

#[test]
fn a_tie_asks_the_facilitator_and_an_override_is_recorded() {
    let mut w = Workshop::new(example(), 5, Theme::new(ThemeName::Default, true), None);
    key(&mut w, KeyCode::Enter);
    assert!(
        ch(&mut w, 'v').is_empty(),
        "no phones: voting is by hands only"
    );
    hands(&mut w, &[3, 3, 0]);
    ch(&mut w, 'r');
    key(&mut w, KeyCode::Enter);
    assert!(matches!(&w.overlay, Some(Overlay::Notice(m)) if m.contains("no single majority")));
    ch(&mut w, 'x');
    ch(&mut w, 'c');
    assert!(matches!(&w.phase, Phase::Feedback { order, .. } if order[0] == 2));
    assert!(
        w.log[0].overridden,
        "C had no votes: the facilitator chose it"
    );
}

/// A workshop without phones, the room's hands taking the best line to the summary.
fn played_to_the_summary() -> Workshop {
    let mut w = Workshop::new(example(), 5, Theme::new(ThemeName::Default, false), None);
    key(&mut w, KeyCode::Enter);
    for id in ["proud-team", "debrief"] {
        let mut counts = vec![0; w.options().len()];
        counts[option(&w, id)] = 6;
        hands(&mut w, &counts);
        ch(&mut w, 'r');
        key(&mut w, KeyCode::Enter);
        key(&mut w, KeyCode::Enter);
    }
    assert_eq!(w.phase, Phase::Summary);
    w
}

#[test]
fn the_room_plays_to_the_end_and_the_summary_exports() {
    let mut w = played_to_the_summary();
    snap("summary", &mut w);
    assert_eq!(ch(&mut w, 'e'), vec![Command::Export]);
    let when = jiff::Timestamp::from_second(1_790_000_000).unwrap();
    insta::assert_snapshot!("export_markdown", export::markdown(&w, when));
    insta::assert_snapshot!("export_csv", export::csv(&w).unwrap());
    let dir = tempfile::tempdir().unwrap();
    let (md, csv) = run::write_export(&w, dir.path(), when).unwrap();
    assert!(std::fs::read_to_string(md).unwrap().contains("Passed: 90%"));
    assert!(
        std::fs::read_to_string(csv)
            .unwrap()
            .starts_with("decision,scene,option")
    );
    ch(&mut w, 'q');
    assert!(w.quit, "no confirmation needed once the story is over");
}

#[test]
fn a_stop_signal_closes_the_projector_and_keeps_a_finished_summary() {
    let stop = canteen::terminal::Stop {
        signal: 1,
        name: "SIGHUP",
    };
    // Mid-story: close at once, nothing to write.
    let mut w = served();
    key(&mut w, KeyCode::Enter);
    assert!(w.update(Msg::Stop(stop)).is_empty());
    assert!(w.quit && w.overlay.is_none());
    assert_eq!(w.stopped, Some(stop));
    // At the summary, not yet exported: write it first.
    let mut w = played_to_the_summary();
    assert_eq!(w.update(Msg::Stop(stop)), vec![Command::Export]);
    assert!(w.quit);
    assert_eq!(
        stop.describe(),
        "canteen stopped because the terminal was closed (SIGHUP)"
    );
}

#[test]
fn quitting_mid_story_asks_first() {
    let mut w = served();
    key(&mut w, KeyCode::Enter);
    ch(&mut w, 'q');
    assert_eq!(w.overlay, Some(Overlay::ConfirmQuit));
    ch(&mut w, 'n');
    assert!(!w.quit);
    ch(&mut w, '?');
    snap("help", &mut w);
}

#[test]
fn phones_votes_reach_the_projector_through_the_real_server() {
    let scenario = example();
    let (events, room) = channel::<RoomEvent>();
    let server = canteen::workshop::server::Server::start(
        "127.0.0.1:0".parse().unwrap(),
        "KX7P",
        "t",
        events,
    )
    .unwrap();
    let url = format!("http://{}", server.addr);
    let mut w = Workshop::new(
        Arc::clone(&scenario),
        5,
        Theme::new(ThemeName::Default, false),
        Some(join_info(&url, "KX7P")),
    );
    let (tx, rx) = channel::<Msg>();
    std::thread::spawn(move || {
        for e in room {
            if tx.send(Msg::Room(e)).is_err() {
                break;
            }
        }
    });
    for code in [KeyCode::Enter, KeyCode::Char('v')] {
        for c in w.update(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))) {
            if let Command::Room(c) = c {
                server.send(c);
            }
        }
    }
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let mut cookies = Vec::new();
    for _ in 0..5 {
        let resp = agent
            .post(format!("{url}/join"))
            .header("Content-Type", "application/json")
            .send(r#"{"code":"KX7P"}"#)
            .unwrap();
        let cookie = resp
            .headers()
            .get("set-cookie")
            .unwrap()
            .to_str()
            .unwrap()
            .split(';')
            .next()
            .unwrap()
            .to_string();
        cookies.push(cookie);
    }
    // Wait for voting to be open on the server, then vote.
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    for (i, c) in cookies.iter().enumerate() {
        loop {
            let resp = agent
                .post(format!("{url}/vote"))
                .header("Content-Type", "application/json")
                .header("Cookie", c)
                .send(format!(r#"{{"decision":1,"option":{}}}"#, i % 2))
                .unwrap();
            if resp.status() == 200 {
                break;
            }
            assert!(std::time::Instant::now() < deadline, "voting never opened");
            std::thread::sleep(Duration::from_millis(10));
        }
    }
    let mut terminal = Terminal::new(TestBackend::new(120, 30)).unwrap();
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    while w.voters < 5 {
        let msg = rx.recv_timeout(Duration::from_secs(5)).unwrap();
        w.update(msg);
        assert!(std::time::Instant::now() < deadline);
    }
    assert_eq!(w.devices, 5);
    assert_eq!(w.phones.iter().sum::<u32>(), 5);
    terminal.draw(|f| f.render_widget(&w, f.area())).unwrap();
    assert!(terminal.backend().to_string().contains("5 votes so far"));
}

#[test]
fn the_projector_warns_when_the_voting_server_nears_capacity() {
    let mut w = served();
    let warning = "near capacity (850 of 1000 connections)";
    assert!(!screen(&mut w, 120, 30).contains(warning));
    w.update(Msg::Room(RoomEvent::Capacity {
        connections: 850,
        limit: 1000,
        near: true,
    }));
    let shown = screen(&mut w, 120, 30);
    assert!(shown.contains(warning), "{shown}");
    assert!(shown.contains("new phones may not get in"));
    w.update(Msg::Room(RoomEvent::Capacity {
        connections: 690,
        limit: 1000,
        near: false,
    }));
    assert!(!screen(&mut w, 120, 30).contains("near capacity"));
}
