//! A bare HTTP/1.1 client for the workshop server: it can speak from any loopback address
//! (127.x.y.z, as phones on a room's network each have their own), send any `Host`, `Origin`
//! or body, hold a connection open, or send a request a byte at a time.

use std::io::{Read, Write};
use std::net::{IpAddr, SocketAddr, TcpStream};
use std::time::Duration;

/// One connection from a chosen source address.
pub struct Conn {
    pub stream: TcpStream,
    server: SocketAddr,
}

/// A parsed answer.
#[derive(Debug, Clone)]
pub struct Answer {
    pub status: u16,
    pub head: String,
    pub body: String,
}

impl Answer {
    /// A header's value (names compared without case).
    pub fn header(&self, name: &str) -> Option<String> {
        self.head.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.trim()
                .eq_ignore_ascii_case(name)
                .then(|| v.trim().to_string())
        })
    }

    /// The `name=value` of a Set-Cookie header.
    pub fn cookie(&self) -> Option<String> {
        self.header("set-cookie")
            .map(|c| c.split(';').next().unwrap_or_default().to_string())
    }
}

impl Conn {
    /// Connects to `server` from `from` (any 127.0.0.0/8 address works on Linux).
    pub fn open(server: SocketAddr, from: &str) -> Conn {
        use socket2::{Domain, Socket, Type};
        let socket = Socket::new(Domain::IPV4, Type::STREAM, None).unwrap();
        let local: IpAddr = from.parse().unwrap();
        socket.bind(&SocketAddr::new(local, 0).into()).unwrap();
        socket.connect(&server.into()).unwrap();
        let stream: TcpStream = socket.into();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        stream.set_nodelay(true).unwrap();
        Conn { stream, server }
    }

    /// The `Host` a browser would send.
    pub fn host(&self) -> String {
        self.server.to_string()
    }

    /// Sends a request with these extra header lines and body, and reads the answer.
    pub fn send(&mut self, method: &str, path: &str, extra: &[&str], body: &str) -> Answer {
        let host = self.host();
        let mut req = format!("{method} {path} HTTP/1.1\r\n");
        if !extra
            .iter()
            .any(|h| h.to_ascii_lowercase().starts_with("host:"))
        {
            req.push_str(&format!("Host: {host}\r\n"));
        }
        for h in extra {
            req.push_str(h);
            req.push_str("\r\n");
        }
        if !body.is_empty() || method == "POST" {
            req.push_str(&format!("Content-Length: {}\r\n", body.len()));
        }
        req.push_str("\r\n");
        req.push_str(body);
        self.stream.write_all(req.as_bytes()).unwrap();
        self.answer().expect("an answer")
    }

    /// Posts JSON, with a cookie when given.
    pub fn post(&mut self, path: &str, cookie: Option<&str>, body: &str) -> Answer {
        let c = cookie.map(|c| format!("Cookie: {c}"));
        let mut extra = vec!["Content-Type: application/json"];
        if let Some(c) = &c {
            extra.push(c);
        }
        self.send("POST", path, &extra, body)
    }

    /// Reads one answer with a Content-Length body; `None` when the server closed first.
    pub fn answer(&mut self) -> Option<Answer> {
        let mut buf = Vec::new();
        let mut chunk = [0u8; 4096];
        loop {
            let text = String::from_utf8_lossy(&buf).to_string();
            if let Some(end) = text.find("\r\n\r\n") {
                let head = text[..end].to_string();
                let length: usize = head
                    .lines()
                    .find_map(|l| {
                        let (k, v) = l.split_once(':')?;
                        k.eq_ignore_ascii_case("content-length")
                            .then(|| v.trim().parse().unwrap())
                    })
                    .unwrap_or(0);
                if buf.len() >= end + 4 + length {
                    let body = String::from_utf8_lossy(&buf[end + 4..end + 4 + length]).to_string();
                    return Some(Answer {
                        status: head[9..12].parse().unwrap(),
                        head,
                        body,
                    });
                }
            }
            match self.stream.read(&mut chunk) {
                Ok(0) | Err(_) => return None,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
        }
    }

    /// Whether the server has closed this connection (waiting up to `within`).
    pub fn closed_within(&mut self, within: Duration) -> bool {
        self.stream.set_read_timeout(Some(within)).unwrap();
        let mut chunk = [0u8; 4096];
        loop {
            match self.stream.read(&mut chunk) {
                Ok(0) => return true,
                Ok(_) => continue,
                Err(e) => {
                    return !matches!(
                        e.kind(),
                        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                    );
                }
            }
        }
    }
}
