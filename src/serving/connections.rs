//! Connections: the accept loop, a cap per address and in all, read timeouts, and a warning
//! (to the workshop's projector, or the web shell's log) when the server nears its capacity.
//!
//! A connection over a cap is answered at once with 503 and closed, so one client holding
//! hundreds of connections cannot make the server unreachable to the rest of the room; a client
//! that sends its headers slowly (slowloris) or holds an idle connection is dropped after the
//! header timeout.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::AsyncWriteExt;
use tower::Service;

/// The address a request came from, put in each request's extensions.
#[derive(Debug, Clone, Copy)]
pub struct Peer(pub IpAddr);

/// What the accept loop admits: connections per address and in all, and how long a request's
/// headers may take.
#[derive(Debug, Clone, PartialEq)]
pub struct Admission {
    /// Connections one address may hold open at once.
    pub per_address: usize,
    /// Connections held at once, all addresses together; `None` takes it from the process's
    /// file-descriptor limit.
    pub max_connections: Option<usize>,
    /// How long a request's headers may take to arrive (and an idle kept-alive connection is
    /// held).
    pub header_timeout: Duration,
}

/// The connections held, against the capacity; `near` when the server is close to full.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Capacity {
    pub connections: usize,
    pub limit: usize,
    pub near: bool,
}

/// Who is told when the server nears its capacity or falls back from it.
pub type CapacityWatch = Arc<dyn Fn(Capacity) + Send + Sync>;

/// The answer to a connection over a cap: its content type and body, in the shell's words.
pub type Refuse = fn(Refusal) -> (&'static str, String);

/// File descriptors kept back for the database, the terminal and the listener.
const RESERVED_FDS: u64 = 64;
/// The most connections served however high the descriptor limit.
const CEILING: usize = 16_384;
/// The watcher is warned at this share of the capacity, and the warning clears below
/// `CLEAR_AT`.
const WARN_AT: f64 = 0.8;
const CLEAR_AT: f64 = 0.7;

/// Raises the soft file-descriptor limit to the hard limit (a room of phones needs more than
/// the common 1,024) and returns the limit now in force, when it can be read.
pub fn raise_fd_limit() -> Option<u64> {
    #[cfg(unix)]
    {
        use rustix::process::{Resource, getrlimit, setrlimit};
        let mut limit = getrlimit(Resource::Nofile);
        if limit.current != limit.maximum {
            let raised = rustix::process::Rlimit {
                current: limit.maximum,
                maximum: limit.maximum,
            };
            if setrlimit(Resource::Nofile, raised).is_ok() {
                limit = getrlimit(Resource::Nofile);
            }
        }
        // `None` means unlimited.
        Some(limit.current.unwrap_or(u64::MAX))
    }
    #[cfg(not(unix))]
    {
        None
    }
}

/// The connections the server will hold at once: as configured, else from the descriptor
/// limit (each connection is one descriptor), keeping some back.
pub fn capacity(admission: &Admission, fd_limit: Option<u64>) -> usize {
    admission.max_connections.unwrap_or_else(|| {
        let from_fds = fd_limit
            .map(|n| n.saturating_sub(RESERVED_FDS))
            .unwrap_or(CEILING as u64);
        usize::try_from(from_fds)
            .unwrap_or(CEILING)
            .clamp(16, CEILING)
    })
}

#[derive(Debug)]
struct Table {
    per_address: HashMap<IpAddr, usize>,
    total: usize,
    warned: bool,
}

/// Who holds how many connections.
#[derive(Clone)]
pub struct Connections {
    table: Arc<Mutex<Table>>,
    per_address: usize,
    capacity: usize,
    watch: CapacityWatch,
}

/// One admitted connection; dropping it frees its place.
pub struct Slot {
    connections: Connections,
    ip: IpAddr,
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut t = self.connections.lock();
        if let Some(n) = t.per_address.get_mut(&self.ip) {
            *n -= 1;
            if *n == 0 {
                t.per_address.remove(&self.ip);
            }
        }
        t.total = t.total.saturating_sub(1);
        self.connections.warn(&mut t);
    }
}

/// Why a connection was not admitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// This address holds as many as it may.
    Address,
    /// The server holds as many as it can.
    Full,
}

impl Connections {
    pub fn new(per_address: usize, capacity: usize, watch: CapacityWatch) -> Self {
        Connections {
            table: Arc::new(Mutex::new(Table {
                per_address: HashMap::new(),
                total: 0,
                warned: false,
            })),
            per_address,
            capacity,
            watch,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Table> {
        self.table.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Tells the watcher when the total crosses into or out of the warning zone.
    fn warn(&self, t: &mut Table) {
        let share = t.total as f64 / self.capacity as f64;
        let near = if t.warned {
            share >= CLEAR_AT
        } else {
            share >= WARN_AT
        };
        if near != t.warned {
            t.warned = near;
            (self.watch)(Capacity {
                connections: t.total,
                limit: self.capacity,
                near,
            });
        }
    }

    /// A place for a connection from `ip`, or why there is none.
    pub fn admit(&self, ip: IpAddr) -> Result<Slot, Refusal> {
        let mut t = self.lock();
        let held = t.per_address.get(&ip).copied().unwrap_or(0);
        if t.total >= self.capacity {
            return Err(Refusal::Full);
        }
        if held >= self.per_address {
            return Err(Refusal::Address);
        }
        t.per_address.insert(ip, held + 1);
        t.total += 1;
        self.warn(&mut t);
        Ok(Slot {
            connections: self.clone(),
            ip,
        })
    }
}

/// Accepts connections until `stop` resolves, serving each on its own task.
pub async fn accept(
    listener: tokio::net::TcpListener,
    app: Router,
    admission: Admission,
    connections: Connections,
    refusal: Refuse,
    stop: tokio::sync::oneshot::Receiver<()>,
) {
    tokio::pin!(stop);
    loop {
        let accepted = tokio::select! {
            _ = &mut stop => return,
            a = listener.accept() => a,
        };
        let (stream, peer) = match accepted {
            Ok(a) => a,
            // Out of descriptors or a connection reset before it was accepted: wait a moment
            // rather than spin, then carry on.
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(20)).await;
                continue;
            }
        };
        match connections.admit(peer.ip()) {
            Ok(slot) => {
                tokio::spawn(serve(
                    stream,
                    peer,
                    app.clone(),
                    admission.header_timeout,
                    slot,
                ));
            }
            Err(why) => {
                tokio::spawn(refuse(stream, refusal(why)));
            }
        }
    }
}

async fn serve(
    stream: tokio::net::TcpStream,
    peer: SocketAddr,
    app: Router,
    header_timeout: Duration,
    slot: Slot,
) {
    let _ = stream.set_nodelay(true);
    let service = hyper::service::service_fn(move |mut req: hyper::Request<_>| {
        req.extensions_mut().insert(Peer(peer.ip()));
        let mut app = app.clone();
        async move { app.call(req).await }
    });
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(header_timeout)
        .max_buf_size(16 * 1024);
    let _ = builder
        .serve_connection(TokioIo::new(stream), service)
        .await;
    drop(slot);
}

/// Answers a connection over a cap with 503 and closes it.
async fn refuse(mut stream: tokio::net::TcpStream, (content_type, body): (&'static str, String)) {
    let response = format!(
        "HTTP/1.1 503 Service Unavailable\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nRetry-After: 5\r\nConnection: close\r\n{}\r\n{body}",
        body.len(),
        super::guard::RAW
    );
    let _ = tokio::time::timeout(Duration::from_secs(1), async {
        let _ = stream.write_all(response.as_bytes()).await;
        let _ = stream.shutdown().await;
    })
    .await;
}

/// Binds with a listen backlog deep enough for a whole room connecting at once (the default
/// of 128 drops connections, and a dropped connection waits a second to retry).
pub fn listen(addr: SocketAddr) -> std::io::Result<std::net::TcpListener> {
    use socket2::{Domain, Socket, Type};
    let socket = Socket::new(Domain::for_address(addr), Type::STREAM, None)?;
    socket.set_reuse_address(true)?;
    socket.bind(&addr.into())?;
    socket.listen(1024)?;
    socket.set_nonblocking(true)?;
    Ok(socket.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connections_are_capped_per_address_and_in_all_and_the_projector_is_warned() {
        let (tx, rx) = std::sync::mpsc::channel();
        let tx = Mutex::new(tx);
        let watch: CapacityWatch = Arc::new(move |c| {
            let _ = tx.lock().unwrap().send(c);
        });
        let c = Connections::new(2, 5, watch);
        let a: IpAddr = "10.0.0.1".parse().unwrap();
        let b: IpAddr = "10.0.0.2".parse().unwrap();
        let held: Vec<Slot> = vec![c.admit(a).unwrap(), c.admit(a).unwrap()];
        assert_eq!(c.admit(a).err(), Some(Refusal::Address));
        let more: Vec<Slot> = (0..2).map(|_| c.admit(b).unwrap()).collect();
        assert!(matches!(
            rx.try_recv(),
            Ok(Capacity {
                connections: 4,
                limit: 5,
                near: true
            })
        ));
        let third: IpAddr = "10.0.0.3".parse().unwrap();
        let last = c.admit(third).unwrap();
        assert_eq!(c.admit(third).err(), Some(Refusal::Full));
        drop((held, last));
        assert!(matches!(
            rx.try_recv(),
            Ok(Capacity {
                connections: 3,
                near: false,
                ..
            })
        ));
        assert!(c.admit(a).is_ok(), "a freed place is free again");
        drop(more);
    }

    #[test]
    fn capacity_comes_from_the_descriptor_limit() {
        let l = Admission {
            per_address: 200,
            max_connections: None,
            header_timeout: Duration::from_secs(10),
        };
        assert_eq!(capacity(&l, Some(1024)), 960);
        assert_eq!(capacity(&l, Some(1 << 20)), CEILING);
        let fixed = Admission {
            max_connections: Some(50),
            ..l
        };
        assert_eq!(capacity(&fixed, Some(1024)), 50);
    }
}
