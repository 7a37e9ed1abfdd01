//! The voting server against a hostile client on the room's network: ballot stuffing by
//! dropping the cookie, guessing the join code, DNS rebinding and cross-site requests, bodies
//! of the wrong shape, slow or held connections, and the projector's capacity warning.
//! Each client speaks from its own loopback address, as phones on a Wi-Fi each have one.

use std::io::Write;
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use canteen::workshop::ballot::{Question, Status};
use canteen::workshop::server::{Limits, RoomCommand, RoomEvent, Server};

use crate::support::raw_http::Conn;

const CODE: &str = "KX7P9A";

fn start(limits: Limits) -> (Server, Receiver<RoomEvent>) {
    let (tx, rx) = channel();
    let server = Server::start_with(
        "127.0.0.1:0".parse().unwrap(),
        CODE,
        "Rough night",
        tx,
        limits,
    )
    .unwrap();
    (server, rx)
}

fn join_body(code: &str) -> String {
    format!(r#"{{"code":"{code}"}}"#)
}

fn open_question(server: &Server, from: &str) -> String {
    let mut c = Conn::open(server.addr, from);
    let joined = c.post("/join", None, &join_body(CODE));
    assert_eq!(joined.status, 200, "{joined:?}");
    let cookie = joined.cookie().unwrap();
    server.send(RoomCommand::Ask(Question {
        decision: 1,
        prompt: "What do you do?".into(),
        options: vec!["Post it".into(), "Debrief".into()],
    }));
    server.send(RoomCommand::Status(Status::Open));
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let s = c.send("GET", "/state", &[&format!("Cookie: {cookie}")], "");
        if s.body.contains(r#""status":"open""#) {
            break;
        }
        assert!(Instant::now() < deadline, "the question never opened");
        std::thread::sleep(Duration::from_millis(20));
    }
    cookie
}

fn closed_count(server: &Server, events: &Receiver<RoomEvent>) -> (Vec<u32>, usize) {
    server.send(RoomCommand::Status(Status::Closed));
    loop {
        match events.recv_timeout(Duration::from_secs(5)).unwrap() {
            RoomEvent::Closed { counts, voters, .. } => return (counts, voters),
            _ => continue,
        }
    }
}

#[test]
fn a_client_dropping_its_cookie_cannot_stuff_the_ballot_or_fill_the_room() {
    let limits = Limits::default();
    let (server, events) = start(limits.clone());
    open_question(&server, "127.0.0.2");
    // One client joins and votes 300 times, dropping its cookie each time.
    let mut stuffer = Conn::open(server.addr, "127.0.0.3");
    let (mut counted, mut slowed) = (0, 0);
    for _ in 0..300 {
        let joined = stuffer.post("/join", None, &join_body(CODE));
        match joined.status {
            200 => {
                let cookie = joined.cookie().unwrap();
                let voted = stuffer.post("/vote", Some(&cookie), r#"{"decision":1,"option":0}"#);
                assert_eq!(voted.status, 200);
                counted += 1;
            }
            429 => {
                slowed += 1;
                let wait: u64 = joined.header("retry-after").unwrap().parse().unwrap();
                assert!((1..=60).contains(&wait), "{wait}");
                assert!(
                    joined
                        .body
                        .contains("Many phones are joining from this network")
                );
                assert!(joined.body.contains("Try again in"), "{}", joined.body);
            }
            other => panic!("unexpected {other}: {joined:?}"),
        }
    }
    let rate = limits.devices_per_minute as usize;
    assert!(
        counted <= rate + 1,
        "{counted} devices from one address, more than {rate} a minute"
    );
    assert!(slowed >= 300 - rate - 1);
    // A real phone on its own address still gets in and its vote counts.
    let mut phone = Conn::open(server.addr, "127.0.0.4");
    let joined = phone.post("/join", None, &join_body(CODE));
    assert_eq!(joined.status, 200, "the room is not full: {joined:?}");
    let cookie = joined.cookie().unwrap();
    let voted = phone.post("/vote", Some(&cookie), r#"{"decision":1,"option":1}"#);
    assert_eq!(voted.status, 200);
    let (counts, voters) = closed_count(&server, &events);
    assert_eq!(voters, counted + 1);
    assert_eq!(counts, vec![counted as u32, 1]);
}

#[test]
fn join_code_guesses_are_throttled_per_address_with_a_wait() {
    let limits = Limits::default();
    let (server, _events) = start(limits.clone());
    let mut guesser = Conn::open(server.addr, "127.0.0.5");
    let start = Instant::now();
    let mut refused = 0;
    let mut throttled = None;
    for i in 0..500 {
        let a = guesser.post("/join", None, &join_body(&format!("{i:06}")));
        match a.status {
            403 => refused += 1,
            429 => {
                throttled = Some(a);
                break;
            }
            other => panic!("unexpected {other}: {a:?}"),
        }
    }
    assert_eq!(refused, limits.guesses_per_minute, "a burst, then a wait");
    let a = throttled.expect("guessing is throttled");
    assert!(a.body.contains("Too many wrong join codes"), "{}", a.body);
    let wait: u64 = a.header("retry-after").unwrap().parse().unwrap();
    assert!((1..=60).contains(&wait), "{wait}");
    // While throttled, even the right code is not let in: the answer tells a guesser nothing.
    let right = guesser.post("/join", None, &join_body(CODE));
    assert_eq!(right.status, 429);
    // 500 guesses would have taken about 25 minutes at this rate; this took well under one.
    assert!(start.elapsed() < Duration::from_secs(30));
    // Phones elsewhere in the room are not held back.
    let mut phone = Conn::open(server.addr, "127.0.0.6");
    assert_eq!(phone.post("/join", None, &join_body(CODE)).status, 200);
}

#[test]
fn other_host_names_and_other_sites_are_refused_and_every_answer_is_secured() {
    let (server, _events) = start(Limits {
        host_name: Some("canteen.local".into()),
        ..Limits::default()
    });
    let port = server.addr.port();
    let mut c = Conn::open(server.addr, "127.0.0.7");
    // DNS rebinding: a page at evil.example whose name now resolves to this server.
    let rebound = c.send("GET", "/", &[&format!("Host: evil.example:{port}")], "");
    assert_eq!(rebound.status, 421, "{rebound:?}");
    assert!(rebound.body.contains("address shown on the screen"));
    let named = c.send("GET", "/", &[&format!("Host: canteen.local:{port}")], "");
    assert_eq!(named.status, 200, "the --url name is allowed");
    let cross = c.send(
        "POST",
        "/join",
        &[
            "Content-Type: application/json",
            "Origin: http://evil.example",
        ],
        &join_body(CODE),
    );
    assert_eq!(cross.status, 403, "{cross:?}");
    assert!(cross.body.contains("other web pages"));
    let origin = format!("Origin: http://{}", server.addr);
    let same = c.send(
        "POST",
        "/join",
        &["Content-Type: application/json", &origin],
        &join_body(CODE),
    );
    assert_eq!(same.status, 200, "the room's own page may post: {same:?}");
    // Security headers on every kind of answer: the page, JSON, errors and refusals.
    for a in [
        rebound,
        cross,
        same,
        c.send("GET", "/state", &[], ""),
        c.send("GET", "/nowhere", &[], ""),
        c.post("/join", None, "[1,2]"),
    ] {
        for (name, value) in [
            ("content-security-policy", "default-src 'self'"),
            ("x-content-type-options", "nosniff"),
            ("x-frame-options", "DENY"),
            ("referrer-policy", "same-origin"),
            ("cache-control", "no-store"),
        ] {
            let got = a.header(name).unwrap_or_default();
            assert!(got.contains(value), "{name} on {}: {:?}", a.status, a.head);
        }
    }
}

#[test]
fn bodies_must_have_exactly_the_expected_shape() {
    let (server, _events) = start(Limits::default());
    let cookie = open_question(&server, "127.0.0.8");
    let mut c = Conn::open(server.addr, "127.0.0.8");
    for (body, why) in [
        ("[1,0]", "an array in field order"),
        ("[1,2]", "an array"),
        (r#"{"decision":1.5,"option":0}"#, "a fraction"),
        (r#"{"decision":1,"option":-1}"#, "a negative option"),
        (
            r#"{"decision":1,"option":0,"decision":1}"#,
            "a repeated field",
        ),
        (r#"{"decision":1}"#, "a missing field"),
        ("1", "a bare number"),
        ("", "nothing"),
    ] {
        let a = c.post("/vote", Some(&cookie), body);
        assert_eq!(a.status, 400, "{why}: {a:?}");
        assert!(a.body.contains("error"), "{why}");
    }
    let a = c.post("/join", None, r#"["KX7P9A"]"#);
    assert_eq!(a.status, 400);
    assert!(a.body.contains("Send a JSON object"), "{}", a.body);
    let a = c.post("/vote", Some(&cookie), r#"{"decision":1,"option":0}"#);
    assert_eq!(a.status, 200, "the right shape still counts");
}

fn quick_timeouts() -> Limits {
    Limits {
        header_timeout: Duration::from_millis(500),
        body_timeout: Duration::from_millis(500),
        ..Limits::default()
    }
}

#[test]
fn slow_headers_slow_bodies_and_idle_connections_are_dropped() {
    let (server, _events) = start(quick_timeouts());
    // Slowloris: a header a byte at a time, never finished.
    let mut slow = Conn::open(server.addr, "127.0.0.9");
    let begun = Instant::now();
    let mut dropped = false;
    for b in b"GET / HTTP/1.1\r\nHost: x\r\nX-Padding: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" {
        if slow.stream.write_all(&[*b]).is_err() {
            dropped = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(
        dropped || slow.closed_within(Duration::from_secs(3)),
        "held open"
    );
    assert!(begun.elapsed() < Duration::from_secs(5));
    // A body promised and never sent.
    let mut lazy = Conn::open(server.addr, "127.0.0.9");
    let host = lazy.host();
    write!(
        lazy.stream,
        "POST /join HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{{\"co"
    )
    .unwrap();
    let a = lazy.answer().expect("an answer before the close");
    assert_eq!(a.status, 408, "{a:?}");
    assert!(lazy.closed_within(Duration::from_secs(3)));
    // A kept-alive connection left idle.
    let mut idle = Conn::open(server.addr, "127.0.0.9");
    assert_eq!(idle.send("GET", "/", &[], "").status, 200);
    assert!(idle.closed_within(Duration::from_secs(3)), "idle held open");
}

#[test]
fn one_address_cannot_hold_every_connection_and_the_projector_is_warned() {
    let (server, events) = start(Limits {
        connections_per_address: 8,
        max_connections: Some(20),
        ..Limits::default()
    });
    // Hold eight connections open from one address (each half-way through a request).
    let mut held: Vec<Conn> = (0..8)
        .map(|_| {
            let mut c = Conn::open(server.addr, "127.0.1.1");
            c.stream.write_all(b"GET / HTTP/1.1\r\n").unwrap();
            c
        })
        .collect();
    std::thread::sleep(Duration::from_millis(200));
    let mut ninth = Conn::open(server.addr, "127.0.1.1");
    let a = ninth.answer().expect("a refusal, not silence");
    assert_eq!(a.status, 503);
    assert!(a.body.contains("Too many connections from this address"));
    assert_eq!(a.header("retry-after").as_deref(), Some("5"));
    assert!(a.header("x-content-type-options").is_some());
    // Others in the room are still served, and the projector hears when capacity nears.
    let mut others: Vec<Conn> = (0..8)
        .map(|i| Conn::open(server.addr, &format!("127.0.2.{}", i + 1)))
        .collect();
    assert_eq!(others[0].send("GET", "/", &[], "").status, 200);
    let warned = loop {
        match events.recv_timeout(Duration::from_secs(5)) {
            Ok(RoomEvent::Capacity {
                near: true,
                connections,
                limit,
            }) => break (connections, limit),
            Ok(_) => continue,
            Err(e) => panic!("no capacity warning: {e}"),
        }
    };
    assert_eq!(warned, (16, 20));
    held.clear();
    others.clear();
    let cleared = loop {
        match events.recv_timeout(Duration::from_secs(5)) {
            Ok(RoomEvent::Capacity { near: false, .. }) => break true,
            Ok(_) => continue,
            Err(_) => break false,
        }
    };
    assert!(cleared, "the warning clears when connections close");
}

#[test]
fn an_event_stream_outlives_the_header_timeout() {
    use std::io::{BufRead, BufReader};
    let (server, _events) = start(quick_timeouts());
    let mut c = Conn::open(server.addr, "127.0.3.1");
    let cookie = c.post("/join", None, &join_body(CODE)).cookie().unwrap();
    let mut s = Conn::open(server.addr, "127.0.3.1");
    let host = s.host();
    write!(
        s.stream,
        "GET /events HTTP/1.1\r\nHost: {host}\r\nCookie: {cookie}\r\n\r\n"
    )
    .unwrap();
    let mut lines = BufReader::new(s.stream.try_clone().unwrap()).lines();
    let mut data = || loop {
        let line = lines.next().expect("the stream is open").unwrap();
        if let Some(d) = line.strip_prefix("data: ") {
            break d.to_string();
        }
    };
    assert!(data().contains(r#""status":"waiting""#));
    // Three times the header timeout: a stream being written is not an idle connection.
    std::thread::sleep(Duration::from_millis(1500));
    server.send(RoomCommand::Status(Status::Ended));
    assert!(data().contains(r#""status":"ended""#));
}
