//! 300 phones join and vote at once on loopback. Every vote must be counted exactly once.
//! Reports p50 and p99 latency of a vote (target, issue 6: p99 under 20 ms) and how long the
//! complete tally takes to reach the projector's channel after the last vote is sent.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a benchmark or test that cannot do its work should stop"
)]

/// Measured with the allocator the `canteen` binary runs on.
#[global_allocator]
static ALLOCATOR: canteen::Allocator = canteen::Allocator;

use std::sync::mpsc::channel;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use canteen::workshop::ballot::{Question, Status};
use canteen::workshop::server::{RoomCommand, RoomEvent, Server};
use criterion::{Criterion, criterion_group, criterion_main};

const DEVICES: usize = 300;

/// A phone: one keep-alive HTTP/1.1 connection, as a browser keeps.
struct Phone {
    stream: tokio::net::TcpStream,
    cookie: String,
}

impl Phone {
    async fn request(&mut self, path: &str, body: &str) -> (u16, String) {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let cookie = if self.cookie.is_empty() {
            String::new()
        } else {
            format!("Cookie: {}\r\n", self.cookie)
        };
        let req = format!(
            "POST {path} HTTP/1.1\r\nHost: canteen\r\nContent-Type: application/json\r\n{cookie}Content-Length: {}\r\n\r\n{body}",
            body.len()
        );
        self.stream.write_all(req.as_bytes()).await.unwrap();
        let mut buf = Vec::new();
        let mut chunk = [0u8; 2048];
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
                    return (status, head.to_string());
                }
            }
        }
    }
}

/// One room: every phone joins, then all vote at the same instant. Returns each vote's
/// latency and the time from the last vote sent to the projector receiving the full count.
fn round(runtime: &tokio::runtime::Runtime) -> (Vec<Duration>, Duration) {
    let (tx, events) = channel();
    let server = Server::start("127.0.0.1:0".parse().unwrap(), "KX7P", "Load", tx).unwrap();
    let addr = server.addr;
    server.send(RoomCommand::Ask(Question {
        decision: 1,
        prompt: "What do you do?".into(),
        options: vec!["A".into(), "B".into(), "C".into(), "D".into()],
    }));
    server.send(RoomCommand::Status(Status::Open));
    let (latencies, last_sent) = runtime.block_on(async move {
        let mut phones = Vec::with_capacity(DEVICES);
        for _ in 0..DEVICES {
            let stream = tokio::net::TcpStream::connect(addr).await.unwrap();
            stream.set_nodelay(true).unwrap();
            let mut phone = Phone {
                stream,
                cookie: String::new(),
            };
            assert_eq!(phone.request("/join", r#"{"code":"KX7P"}"#).await.0, 200);
            phones.push(phone);
        }
        let go = Arc::new(tokio::sync::Barrier::new(DEVICES));
        let tasks: Vec<_> = phones
            .into_iter()
            .enumerate()
            .map(|(i, mut phone)| {
                let go = Arc::clone(&go);
                tokio::spawn(async move {
                    go.wait().await;
                    let start = Instant::now();
                    let (status, head) = phone
                        .request("/vote", &format!(r#"{{"decision":1,"option":{}}}"#, i % 4))
                        .await;
                    assert_eq!(status, 200, "{head}");
                    (start, start.elapsed())
                })
            })
            .collect();
        let mut latencies = Vec::with_capacity(DEVICES);
        let mut last = None::<Instant>;
        for t in tasks {
            let (start, took) = t.await.unwrap();
            latencies.push(took);
            last = Some(last.map_or(start, |l| l.max(start)));
        }
        (latencies, last.unwrap())
    });
    let arrived = loop {
        match events
            .recv_timeout(Duration::from_secs(30))
            .expect("the tally reaches the projector")
        {
            RoomEvent::Votes { voters, counts, .. } if voters == DEVICES => {
                assert_eq!(
                    counts.iter().sum::<u32>() as usize,
                    DEVICES,
                    "every vote counted once"
                );
                break Instant::now();
            }
            _ => continue,
        }
    };
    (latencies, arrived.saturating_duration_since(last_sent))
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn bench(c: &mut Criterion) {
    let all = Arc::new(Mutex::new((Vec::new(), Vec::new())));
    let mut group = c.benchmark_group("workshop");
    group.sample_size(10);
    let collected = Arc::clone(&all);
    // The phones share one thread, so the measurement is of the server, not of 300 OS threads.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    group.bench_function("300 phones join and vote at once", |b| {
        b.iter_custom(|iterations| {
            let mut total = Duration::ZERO;
            for _ in 0..iterations {
                let start = Instant::now();
                let (latencies, tally) = round(&runtime);
                total += start.elapsed();
                let mut c = collected.lock().unwrap();
                c.0.extend(latencies);
                c.1.push(tally);
            }
            total
        })
    });
    group.finish();
    let (mut votes, mut tallies) = std::mem::take(&mut *all.lock().unwrap());
    votes.sort();
    tallies.sort();
    eprintln!(
        "vote latency over {} votes: p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms; full tally reached the projector {:.2} ms (median) after the last vote was sent",
        votes.len(),
        percentile(&votes, 0.50).as_secs_f64() * 1e3,
        percentile(&votes, 0.99).as_secs_f64() * 1e3,
        votes.last().copied().unwrap_or_default().as_secs_f64() * 1e3,
        percentile(&tallies, 0.50).as_secs_f64() * 1e3,
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
