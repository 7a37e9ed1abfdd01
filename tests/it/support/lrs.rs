//! A learning record store on 127.0.0.1 for tests: it records every request it receives,
//! answers each as it is told (accept, fail with a status, hang, or hang up), and keeps the
//! statements it acknowledged by id, as an LRS does. It stops by itself after a minute.

#![allow(dead_code)]

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use serde_json::Value;

/// How the server answers one request.
#[derive(Debug, Clone)]
pub enum Reply {
    /// 200 with the statement ids, the statements stored.
    Accept,
    /// This status and body; nothing stored.
    Status(u16, String),
    /// No answer until the server stops (or 20 seconds pass); nothing stored.
    Hang,
    /// Close the connection without answering; nothing stored.
    HangUp,
}

/// One request as received.
#[derive(Debug, Clone)]
pub struct Received {
    pub method: String,
    pub path: String,
    /// Header names in lower case.
    pub headers: Vec<(String, String)>,
    pub statements: Vec<Value>,
    pub acknowledged: bool,
}

impl Received {
    /// A header's value.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The ids of the statements in the request.
    pub fn ids(&self) -> Vec<String> {
        self.statements
            .iter()
            .map(|s| s["id"].as_str().unwrap_or_default().to_string())
            .collect()
    }
}

#[derive(Default)]
struct Shared {
    plan: VecDeque<Reply>,
    received: Vec<Received>,
}

/// The running server.
pub struct FakeLrs {
    pub endpoint: String,
    shared: Arc<Mutex<Shared>>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl FakeLrs {
    /// Starts a server answering requests by `plan` in turn, then accepting everything.
    pub fn start(plan: Vec<Reply>) -> FakeLrs {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let endpoint = format!("http://{}/xapi", listener.local_addr().unwrap());
        let shared = Arc::new(Mutex::new(Shared {
            plan: plan.into(),
            received: Vec::new(),
        }));
        let stop = Arc::new(AtomicBool::new(false));
        let thread = {
            let (shared, stop) = (Arc::clone(&shared), Arc::clone(&stop));
            std::thread::spawn(move || serve(listener, shared, stop))
        };
        FakeLrs {
            endpoint,
            shared,
            stop,
            thread: Some(thread),
        }
    }

    /// Tells the server how to answer the next requests.
    pub fn plan(&self, replies: Vec<Reply>) {
        self.shared.lock().unwrap().plan = replies.into();
    }

    /// Every request received so far.
    pub fn received(&self) -> Vec<Received> {
        self.shared.lock().unwrap().received.clone()
    }

    /// Waits until `n` requests have arrived (at most 20 seconds).
    pub fn wait_for(&self, n: usize) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while self.received().len() < n {
            assert!(Instant::now() < deadline, "the LRS never got request {n}");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Ids of acknowledged statements, in the order stored, repeats included.
    pub fn stored_ids(&self) -> Vec<String> {
        self.received()
            .iter()
            .filter(|r| r.acknowledged)
            .flat_map(Received::ids)
            .collect()
    }
}

impl Drop for FakeLrs {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn serve(listener: TcpListener, shared: Arc<Mutex<Shared>>, stop: Arc<AtomicBool>) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while !stop.load(Ordering::SeqCst) && Instant::now() < deadline {
        match listener.accept() {
            Ok((stream, _)) => answer(stream, &shared, &stop),
            Err(_) => std::thread::sleep(Duration::from_millis(10)),
        }
    }
}

fn answer(stream: TcpStream, shared: &Mutex<Shared>, stop: &AtomicBool) {
    stream.set_nonblocking(false).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut reader = BufReader::new(stream);
    let Some(mut received) = read_request(&mut reader) else {
        return;
    };
    let reply = shared
        .lock()
        .unwrap()
        .plan
        .pop_front()
        .unwrap_or(Reply::Accept);
    let mut stream = reader.into_inner();
    let respond = |stream: &mut TcpStream, status: u16, body: &str| {
        let text = format!(
            "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\
             X-Experience-API-Version: 1.0.3\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        stream.write_all(text.as_bytes()).is_ok() && stream.flush().is_ok()
    };
    match reply {
        Reply::Accept => {
            let ids = serde_json::to_string(&received.ids()).unwrap();
            received.acknowledged = respond(&mut stream, 200, &ids);
            shared.lock().unwrap().received.push(received);
        }
        Reply::Status(status, body) => {
            shared.lock().unwrap().received.push(received);
            respond(&mut stream, status, &body);
        }
        Reply::Hang => {
            shared.lock().unwrap().received.push(received);
            // Hang until the client goes away (it is killed), the server stops, or 20 seconds.
            stream.set_nonblocking(true).unwrap();
            let until = Instant::now() + Duration::from_secs(20);
            let mut byte = [0; 1];
            while !stop.load(Ordering::SeqCst) && Instant::now() < until {
                match stream.read(&mut byte) {
                    Ok(0) => break,
                    Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
                    _ => break,
                }
                std::thread::sleep(Duration::from_millis(20));
            }
        }
        Reply::HangUp => {
            shared.lock().unwrap().received.push(received);
        }
    }
}

fn read_request(reader: &mut BufReader<TcpStream>) -> Option<Received> {
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut parts = line.split_whitespace();
    let (method, path) = (parts.next()?.to_string(), parts.next()?.to_string());
    let mut headers = Vec::new();
    loop {
        let mut h = String::new();
        reader.read_line(&mut h).ok()?;
        let h = h.trim_end();
        if h.is_empty() {
            break;
        }
        let (name, value) = h.split_once(':')?;
        headers.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
    }
    let header = |n: &str| headers.iter().find(|(k, _)| k == n).map(|(_, v)| v.clone());
    let body = if let Some(len) = header("content-length") {
        let mut body = vec![0; len.parse().ok()?];
        reader.read_exact(&mut body).ok()?;
        body
    } else if header("transfer-encoding").is_some_and(|t| t.contains("chunked")) {
        let mut body = Vec::new();
        loop {
            let mut size = String::new();
            reader.read_line(&mut size).ok()?;
            let size = usize::from_str_radix(size.trim(), 16).ok()?;
            let mut chunk = vec![0; size + 2];
            reader.read_exact(&mut chunk).ok()?;
            if size == 0 {
                break;
            }
            body.extend_from_slice(&chunk[..size]);
        }
        body
    } else {
        Vec::new()
    };
    let statements = match serde_json::from_slice::<Value>(&body).ok()? {
        Value::Array(list) => list,
        one => vec![one],
    };
    Some(Received {
        method,
        path,
        headers,
        statements,
        acknowledged: false,
    })
}
