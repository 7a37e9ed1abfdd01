//! A room of 2,000 phones on loopback, each from its own address (127.1.x.y, as phones on a
//! room's Wi-Fi each have one) and with the server's default limits: all join at once, each
//! follows the room by server-sent events, all vote at the same instant, then the tally is
//! revealed. Every vote must be counted exactly once.
//!
//! Reports join and vote latency (p50, p99, max; target for votes: p99 under 20 ms) and how
//! long the revealed tally takes to reach every phone's event stream (target: 100 ms).
//! `cargo bench --bench workshop_load`; `PHONES` and `ROUNDS` change the room and the repeats.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a benchmark that cannot do its work should stop"
)]

/// Measured with the allocator the `canteen` binary runs on.
#[global_allocator]
static ALLOCATOR: canteen::Allocator = canteen::Allocator;

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::sync::mpsc::channel;
use std::time::{Duration, Instant};

use canteen::workshop::ballot::{Question, Status};
use canteen::workshop::server::{RoomCommand, RoomEvent, Server};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpSocket, TcpStream};

const CODE: &str = "KX7P9A";

fn address(i: usize) -> IpAddr {
    IpAddr::V4(Ipv4Addr::new(127, 1, (i / 250) as u8, (i % 250 + 1) as u8))
}

async fn connect(server: SocketAddr, from: IpAddr) -> TcpStream {
    let socket = TcpSocket::new_v4().unwrap();
    socket.bind(SocketAddr::new(from, 0)).unwrap();
    let stream = socket.connect(server).await.unwrap();
    stream.set_nodelay(true).unwrap();
    stream
}

/// A phone's keep-alive connection for requests, as a browser keeps one.
struct Phone {
    stream: TcpStream,
    host: String,
    cookie: String,
    from: IpAddr,
}

impl Phone {
    async fn post(&mut self, path: &str, body: &str) -> u16 {
        let cookie = if self.cookie.is_empty() {
            String::new()
        } else {
            format!("Cookie: {}\r\n", self.cookie)
        };
        let req = format!(
            "POST {path} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\n{cookie}Content-Length: {}\r\n\r\n{body}",
            self.host,
            body.len()
        );
        self.stream.write_all(req.as_bytes()).await.unwrap();
        let mut buf = Vec::new();
        let mut chunk = [0u8; 4096];
        loop {
            let n = self.stream.read(&mut chunk).await.unwrap();
            assert!(n > 0, "the server closed the connection");
            buf.extend_from_slice(&chunk[..n]);
            let text = String::from_utf8_lossy(&buf);
            if let Some(end) = text.find("\r\n\r\n") {
                let head = &text[..end];
                let length: usize = head
                    .lines()
                    .find_map(|l| {
                        l.to_ascii_lowercase()
                            .strip_prefix("content-length:")
                            .map(|v| v.trim().parse().unwrap())
                    })
                    .unwrap_or(0);
                if buf.len() >= end + 4 + length {
                    let status = head[9..12].parse().unwrap();
                    if let Some(c) = head.lines().find_map(|l| l.strip_prefix("set-cookie: ")) {
                        self.cookie = c.split(';').next().unwrap().to_string();
                    }
                    return status;
                }
            }
        }
    }

    /// Opens the phone's event stream and reads past its headers.
    async fn follow(&self, server: SocketAddr) -> BufReader<TcpStream> {
        let mut s = connect(server, self.from).await;
        let req = format!(
            "GET /events HTTP/1.1\r\nHost: {}\r\nCookie: {}\r\nAccept: text/event-stream\r\n\r\n",
            self.host, self.cookie
        );
        s.write_all(req.as_bytes()).await.unwrap();
        let mut r = BufReader::new(s);
        let mut line = String::new();
        r.read_line(&mut line).await.unwrap();
        assert!(line.contains("200"), "{line}");
        loop {
            line.clear();
            r.read_line(&mut line).await.unwrap();
            if line == "\r\n" {
                return r;
            }
        }
    }
}

/// Reads events until one contains `needle`; returns when it arrived.
async fn until(events: &mut BufReader<TcpStream>, needle: &str) -> Instant {
    let mut line = String::new();
    loop {
        line.clear();
        let n = events.read_line(&mut line).await.unwrap();
        assert!(n > 0, "the event stream ended");
        if line.starts_with("data:") && line.contains(needle) {
            return Instant::now();
        }
    }
}

struct Round {
    joins: Vec<Duration>,
    votes: Vec<Duration>,
    /// From the reveal being sent to the last phone's stream receiving the tally.
    tally_everywhere: Duration,
    /// From voting opening to the last phone's stream saying so.
    open_everywhere: Duration,
}

fn round(runtime: &tokio::runtime::Runtime, phones: usize) -> Round {
    let (tx, events) = channel();
    let server = Server::start("127.0.0.1:0".parse().unwrap(), CODE, "Load", tx).unwrap();
    let addr = server.addr;
    let server = Arc::new(server);
    let for_tasks = Arc::clone(&server);
    let round = runtime.block_on(async move {
        let server = for_tasks;
        // Every phone connects, then all join at once.
        let go = Arc::new(tokio::sync::Barrier::new(phones));
        let joining: Vec<_> = (0..phones)
            .map(|i| {
                let go = Arc::clone(&go);
                tokio::spawn(async move {
                    let from = address(i);
                    let mut phone = Phone {
                        stream: connect(addr, from).await,
                        host: addr.to_string(),
                        cookie: String::new(),
                        from,
                    };
                    go.wait().await;
                    let start = Instant::now();
                    assert_eq!(
                        phone
                            .post("/join", &format!(r#"{{"code":"{CODE}"}}"#))
                            .await,
                        200
                    );
                    let took = start.elapsed();
                    let stream = phone.follow(addr).await;
                    (phone, stream, took)
                })
            })
            .collect();
        let mut joins = Vec::with_capacity(phones);
        let mut room = Vec::with_capacity(phones);
        for t in joining {
            let (phone, mut stream, took) = t.await.unwrap();
            until(&mut stream, r#""status":"waiting""#).await;
            joins.push(took);
            room.push((phone, stream));
        }
        server.send(RoomCommand::Ask(Question {
            decision: 1,
            prompt: "What do you do?".into(),
            options: vec!["A".into(), "B".into(), "C".into(), "D".into()],
        }));
        let opened = Instant::now();
        server.send(RoomCommand::Status(Status::Open));
        let go = Arc::new(tokio::sync::Barrier::new(phones));
        let voting: Vec<_> = room
            .into_iter()
            .enumerate()
            .map(|(i, (mut phone, mut stream))| {
                let go = Arc::clone(&go);
                tokio::spawn(async move {
                    let seen_open = until(&mut stream, r#""status":"open""#).await;
                    go.wait().await;
                    let start = Instant::now();
                    let body = format!(r#"{{"decision":1,"option":{}}}"#, i % 4);
                    assert_eq!(phone.post("/vote", &body).await, 200);
                    let took = start.elapsed();
                    (phone, stream, seen_open, took)
                })
            })
            .collect();
        let mut votes = Vec::with_capacity(phones);
        let mut last_open = opened;
        let mut room = Vec::with_capacity(phones);
        for t in voting {
            let (phone, stream, seen_open, took) = t.await.unwrap();
            votes.push(took);
            last_open = last_open.max(seen_open);
            room.push((phone, stream));
        }
        let revealing: Vec<_> = room
            .into_iter()
            .map(|(_phone, mut stream)| {
                tokio::spawn(async move { until(&mut stream, r#""tally":["#).await })
            })
            .collect();
        // Let every phone's task be waiting on its stream before the reveal.
        tokio::time::sleep(Duration::from_millis(200)).await;
        let revealed = Instant::now();
        server.send(RoomCommand::Reveal(vec![500, 500, 500, 500]));
        let mut last = revealed;
        for t in revealing {
            last = last.max(t.await.unwrap());
        }
        Round {
            joins,
            votes,
            tally_everywhere: last - revealed,
            open_everywhere: last_open - opened,
        }
    });
    let mut counted = None;
    while let Ok(e) = events.recv_timeout(Duration::from_secs(5)) {
        if let RoomEvent::Votes { voters, counts, .. } = e
            && voters == phones
        {
            counted = Some(counts);
            break;
        }
    }
    let counts = counted.expect("every vote reached the projector");
    assert_eq!(
        counts.iter().sum::<u32>() as usize,
        phones,
        "each counted once"
    );
    round
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize].as_secs_f64() * 1e3
}

fn summary(name: &str, mut d: Vec<Duration>) -> String {
    d.sort();
    format!(
        "{name}: p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        percentile(&d, 0.5),
        percentile(&d, 0.99),
        percentile(&d, 1.0)
    )
}

fn main() {
    let phones: usize = std::env::var("PHONES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2000);
    let rounds: usize = std::env::var("ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5);
    // The phones share one thread, so most of the machine is left to the server.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let (mut joins, mut votes, mut tallies, mut opens) = (vec![], vec![], vec![], vec![]);
    for r in 0..rounds {
        let result = round(&runtime, phones);
        eprintln!(
            "round {}: {}; {}; voting open on every phone after {:.1} ms; tally on every phone after {:.1} ms",
            r + 1,
            summary("join", result.joins.clone()),
            summary("vote", result.votes.clone()),
            result.open_everywhere.as_secs_f64() * 1e3,
            result.tally_everywhere.as_secs_f64() * 1e3
        );
        joins.extend(result.joins);
        votes.extend(result.votes);
        tallies.push(result.tally_everywhere);
        opens.push(result.open_everywhere);
    }
    eprintln!(
        "{phones} phones, {rounds} rounds\n  {}\n  {}\n  voting open reached every phone: {}\n  tally reached every phone: {}",
        summary("join latency", joins),
        summary("vote latency", votes),
        summary("per round", opens),
        summary("per round", tallies),
    );
}
