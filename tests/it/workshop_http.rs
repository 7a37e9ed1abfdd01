//! The voting server on loopback: joining, voting, changing a vote, closed decisions, bad
//! codes, malformed and oversized bodies, rate limits, many devices, and the room's state pushed
//! to phones as server-sent events.

use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use canteen::workshop::ballot::{Question, Status};
use canteen::workshop::server::{Limits, RoomCommand, RoomEvent, Server};
use ureq::Agent;

struct Room {
    server: Server,
    events: Receiver<RoomEvent>,
    agent: Agent,
}

impl Room {
    fn start() -> Room {
        Room::start_with(Limits::default())
    }

    fn start_with(limits: Limits) -> Room {
        let (tx, events) = channel();
        let server = Server::start_with(
            "127.0.0.1:0".parse().unwrap(),
            "KX7P",
            "Rough night",
            tx,
            limits,
        )
        .unwrap();
        let agent: Agent = Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(10)))
            .build()
            .into();
        Room {
            server,
            events,
            agent,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.server.addr)
    }

    fn post(&self, path: &str, cookie: Option<&str>, body: &str) -> (u16, String, Option<String>) {
        let mut req = self
            .agent
            .post(self.url(path))
            .header("Content-Type", "application/json");
        if let Some(c) = cookie {
            req = req.header("Cookie", c);
        }
        let mut resp = req.send(body).unwrap();
        let cookie = resp
            .headers()
            .get("set-cookie")
            .and_then(|v| v.to_str().ok())
            .map(|v| v.split(';').next().unwrap().to_string());
        (
            resp.status().as_u16(),
            resp.body_mut().read_to_string().unwrap_or_default(),
            cookie,
        )
    }

    fn get(&self, path: &str, cookie: Option<&str>) -> (u16, String) {
        let mut req = self.agent.get(self.url(path));
        if let Some(c) = cookie {
            req = req.header("Cookie", c);
        }
        let mut resp = req.call().unwrap();
        (
            resp.status().as_u16(),
            resp.body_mut().read_to_string().unwrap_or_default(),
        )
    }

    fn join(&self) -> String {
        let (status, body, cookie) = self.post("/join", None, r#"{"code":"kx7p"}"#);
        assert_eq!(status, 200, "{body}");
        cookie.expect("a device cookie")
    }

    fn state(&self, cookie: &str) -> serde_json::Value {
        let (status, body) = self.get("/state", Some(cookie));
        assert_eq!(status, 200, "{body}");
        serde_json::from_str(&body).unwrap()
    }

    /// Waits until the phones see this status (commands reach the server asynchronously).
    fn wait_for(&self, cookie: &str, status: &str) {
        let deadline = Instant::now() + Duration::from_secs(5);
        while self.state(cookie)["status"] != status {
            assert!(Instant::now() < deadline, "the room never reached {status}");
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    fn ask(&self, decision: u32, cookie: &str) {
        self.server.send(RoomCommand::Ask(Question {
            decision,
            prompt: "What do you do?".into(),
            options: vec!["Post it".into(), "Debrief".into(), "Tell the chat".into()],
        }));
        self.server.send(RoomCommand::Status(Status::Open));
        self.wait_for(cookie, "open");
    }

    fn vote(&self, cookie: &str, decision: u32, option: usize) -> (u16, String) {
        let (s, b, _) = self.post(
            "/vote",
            Some(cookie),
            &format!(r#"{{"decision":{decision},"option":{option}}}"#),
        );
        (s, b)
    }
}

#[test]
fn the_page_is_served_with_no_external_assets() {
    let room = Room::start();
    let mut resp = room.agent.get(room.url("/")).call().unwrap();
    assert_eq!(resp.status(), 200);
    let csp = resp
        .headers()
        .get("content-security-policy")
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    assert!(csp.contains("default-src 'self'"));
    let html = resp.body_mut().read_to_string().unwrap();
    assert!(html.contains("Join code"));
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "no external assets"
    );
    assert_eq!(room.get("/app.js", None).0, 200);
    assert_eq!(room.get("/nowhere", None).0, 404);
}

#[test]
fn a_wrong_code_is_refused_and_the_state_needs_a_join() {
    let room = Room::start();
    let (status, body, cookie) = room.post("/join", None, r#"{"code":"NOPE"}"#);
    assert_eq!(status, 403);
    assert!(body.contains("join code is not right"));
    assert!(cookie.is_none());
    assert_eq!(room.get("/state", None).0, 401);
    assert_eq!(
        room.get(
            "/state",
            Some("canteen_device=00000000000000000000000000000000")
        )
        .0,
        401
    );
}

#[test]
fn join_vote_change_close_and_reveal() {
    let room = Room::start();
    let phone = room.join();
    assert!(matches!(
        room.events.recv_timeout(Duration::from_secs(5)).unwrap(),
        RoomEvent::Joined { devices: 1 }
    ));
    assert_eq!(room.state(&phone)["status"], "waiting");
    assert_eq!(room.vote(&phone, 1, 0).0, 409, "no question yet");

    room.ask(1, &phone);
    let state = room.state(&phone);
    assert_eq!(state["options"][1]["letter"], "B");
    assert_eq!(room.vote(&phone, 1, 0).0, 200);
    assert_eq!(
        room.vote(&phone, 1, 1).0,
        200,
        "a vote can change while open"
    );
    assert_eq!(room.state(&phone)["your_vote"], 1);
    let mut last = None;
    while let Ok(e) = room.events.recv_timeout(Duration::from_millis(200)) {
        last = Some(e);
    }
    assert_eq!(
        last,
        Some(RoomEvent::Votes {
            decision: 1,
            counts: vec![0, 1, 0],
            voters: 1
        })
    );

    let (status, body) = room.vote(&phone, 1, 7);
    assert_eq!((status, body.contains("no such option")), (400, true));
    assert_eq!(room.vote(&phone, 0, 1).0, 409, "an earlier decision");

    room.server.send(RoomCommand::Status(Status::Closed));
    assert_eq!(
        room.events.recv_timeout(Duration::from_secs(5)).unwrap(),
        RoomEvent::Closed {
            decision: 1,
            counts: vec![0, 1, 0],
            voters: 1
        }
    );
    let (status, body) = room.vote(&phone, 1, 2);
    assert_eq!(status, 409);
    assert!(body.contains("closed"));
    room.server.send(RoomCommand::Reveal(vec![2, 5, 0]));
    room.wait_for(&phone, "revealed");
    assert_eq!(room.state(&phone)["tally"], serde_json::json!([2, 5, 0]));
}

#[test]
fn malformed_oversized_and_mistyped_bodies_are_refused() {
    let room = Room::start();
    let phone = room.join();
    room.ask(1, &phone);
    assert_eq!(room.post("/vote", Some(&phone), "{not json").0, 400);
    assert_eq!(
        room.post("/vote", Some(&phone), r#"{"decision":1,"option":"B"}"#)
            .0,
        400
    );
    assert_eq!(
        room.post(
            "/vote",
            Some(&phone),
            r#"{"decision":1,"option":0,"name":"Jo"}"#
        )
        .0,
        400,
        "no extra data"
    );
    let big = format!(r#"{{"code":"{}"}}"#, "x".repeat(4096));
    assert_eq!(room.post("/join", None, &big).0, 413);
    let (status, _) = {
        let mut resp = room
            .agent
            .post(room.url("/join"))
            .header("Content-Type", "text/plain")
            .send("KX7P")
            .unwrap();
        (
            resp.status().as_u16(),
            resp.body_mut().read_to_string().unwrap(),
        )
    };
    assert_eq!(status, 415);
}

#[test]
fn too_many_requests_from_one_phone_are_slowed_down() {
    let room = Room::start();
    let phone = room.join();
    let statuses: Vec<u16> = (0..60)
        .map(|_| room.get("/state", Some(&phone)).0)
        .collect();
    assert!(statuses.contains(&429), "{statuses:?}");
    let other = room.join();
    assert_eq!(
        room.get("/state", Some(&other)).0,
        200,
        "other phones are not held back"
    );
}

#[test]
fn many_devices_each_count_once() {
    // Every phone here shares 127.0.0.1, so the per-address joining rate is raised.
    let room = Room::start_with(Limits {
        devices_per_minute: 1000,
        ..Limits::default()
    });
    let phones: Vec<String> = (0..120).map(|_| room.join()).collect();
    room.ask(1, &phones[0]);
    for (i, p) in phones.iter().enumerate() {
        assert_eq!(room.vote(p, 1, i % 3).0, 200);
    }
    // Some change their minds; each still counts once.
    for p in &phones[..30] {
        assert_eq!(room.vote(p, 1, 2).0, 200);
    }
    room.server.send(RoomCommand::Status(Status::Closed));
    let closed = loop {
        match room.events.recv_timeout(Duration::from_secs(5)).unwrap() {
            e @ RoomEvent::Closed { .. } => break e,
            _ => continue,
        }
    };
    let RoomEvent::Closed { counts, voters, .. } = closed else {
        unreachable!()
    };
    assert_eq!(voters, 120);
    assert_eq!(counts.iter().sum::<u32>(), 120);
    assert_eq!(counts, vec![30, 30, 60]);
}

#[test]
fn the_rooms_state_is_pushed_to_phones_as_events() {
    use std::io::{BufRead, BufReader, Write};
    let room = Room::start();
    let phone = room.join();
    let mut stream = std::net::TcpStream::connect(room.server.addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    write!(
        stream,
        "GET /events HTTP/1.1\r\nHost: {}\r\nCookie: {phone}\r\nAccept: text/event-stream\r\n\r\n",
        room.server.addr
    )
    .unwrap();
    let mut lines = BufReader::new(stream).lines();
    let mut head = Vec::new();
    for line in lines.by_ref() {
        let line = line.unwrap();
        if line.is_empty() {
            break;
        }
        head.push(line.to_ascii_lowercase());
    }
    assert!(head[0].contains("200"), "{head:?}");
    assert!(
        head.iter().any(|h| h.contains("text/event-stream")),
        "{head:?}"
    );
    assert!(head.iter().any(|h| h.starts_with("x-content-type-options")));
    let mut next_event = || -> serde_json::Value {
        for line in lines.by_ref() {
            let line = line.unwrap();
            if let Some(data) = line.strip_prefix("data: ") {
                return serde_json::from_str(data).unwrap();
            }
        }
        panic!("the stream ended")
    };
    let first = next_event();
    assert_eq!(first["status"], "waiting");
    assert_eq!(
        first["your_vote"],
        serde_json::Value::Null,
        "its own view first"
    );
    room.server.send(RoomCommand::Ask(Question {
        decision: 1,
        prompt: "What do you do?".into(),
        options: vec!["Post it".into(), "Debrief".into()],
    }));
    let asked = next_event();
    assert_eq!(asked["prompt"], "What do you do?");
    assert!(
        asked.get("your_vote").is_none(),
        "the broadcast is the same for all"
    );
    room.server.send(RoomCommand::Status(Status::Open));
    assert_eq!(next_event()["status"], "open");
    room.server.send(RoomCommand::Reveal(vec![3, 1]));
    assert_eq!(next_event()["tally"], serde_json::json!([3, 1]));
}
