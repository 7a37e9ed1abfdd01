//! The voting server: one small page for phones, and a JSON API behind it.
//!
//! It runs on its own thread (a two-worker tokio runtime) and owns the live ballot, so a
//! vote is answered at once whatever the projector is drawing. The projector talks to it only
//! through channels: [`RoomCommand`]s in, [`RoomEvent`]s out.
//!
//! The shared [`crate::serving`] room accepts connections within their caps and timeouts,
//! checks `Host`, `Origin` and the body's arrival and secures every answer; [`limits`] holds
//! the room's protections, and [`handlers`] answers. Phones are pushed the room's state as server-sent events
//! from one broadcast (`/events`); `/state` is there for polling when a phone cannot keep a
//! stream open.
//!
//! Every request is checked: a wrong join code, a vote on a closed or earlier decision, an
//! unknown option, a malformed or oversized body, or too many requests from one device each get
//! a clear status and message. Nothing here panics on input.

use std::collections::{HashMap, HashSet};
use std::net::SocketAddr;
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex, MutexGuard};

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::routing::{get, post};
use tokio::sync::{mpsc, oneshot, watch};

use super::ballot::{Ballot, Question, Status};

mod handlers;
mod limits;

pub use crate::serving::raise_fd_limit;
use crate::serving::{self, Bucket, PerAddress};
use handlers::{events, join, page, problem, script, state, style, vote};
pub use limits::Limits;

/// The largest request body accepted.
pub const MAX_BODY: usize = 1024;

/// What the projector tells the server.
#[derive(Debug, Clone, PartialEq)]
pub enum RoomCommand {
    /// A new decision to vote on (voting not yet open).
    Ask(Question),
    /// Open, close or end voting.
    Status(Status),
    /// Show the tally (phones and hands together) to the phones.
    Reveal(Vec<u32>),
}

/// What the server tells the projector.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RoomEvent {
    /// The votes so far on a decision.
    Votes {
        decision: u32,
        counts: Vec<u32>,
        voters: usize,
    },
    /// Voting closed; these are the final phone votes.
    Closed {
        decision: u32,
        counts: Vec<u32>,
        voters: usize,
    },
    /// A device joined; the number of devices in the room.
    Joined { devices: usize },
    /// The server's connections came near its capacity (`near`), or fell back from it.
    Capacity {
        connections: usize,
        limit: usize,
        near: bool,
    },
}

struct Room {
    join_code: String,
    ballot: Ballot,
    devices: HashSet<String>,
    /// Each device's request budget.
    requests: HashMap<String, Bucket>,
    /// Wrong join codes, per address.
    guesses: PerAddress,
    /// New devices, per address.
    new_devices: PerAddress,
    max_devices: usize,
    /// Open event streams per device.
    streams: HashMap<String, usize>,
    tally: Option<Vec<u32>>,
    title: String,
    events: Sender<RoomEvent>,
    /// The room's state as phones see it (without their own vote), pushed to every stream.
    broadcast: watch::Sender<Arc<str>>,
}

type Shared = Arc<Mutex<Room>>;

fn lock(room: &Shared) -> MutexGuard<'_, Room> {
    // A handler never panics while holding the lock, but recover the data if one ever did.
    room.lock().unwrap_or_else(|e| e.into_inner())
}

/// A running voting server.
pub struct Server {
    pub addr: SocketAddr,
    /// The connections it holds at most, all addresses together.
    pub capacity: usize,
    commands: mpsc::UnboundedSender<RoomCommand>,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Server {
    /// Binds `addr` (port 0 picks a free port) and serves the room with the default
    /// [`Limits`] until stopped.
    pub fn start(
        addr: SocketAddr,
        join_code: &str,
        title: &str,
        events: Sender<RoomEvent>,
    ) -> std::io::Result<Server> {
        Server::start_with(addr, join_code, title, events, Limits::default())
    }

    /// Binds `addr` and serves the room with these limits until stopped. Raises the process's
    /// soft file-descriptor limit to its hard limit first.
    pub fn start_with(
        addr: SocketAddr,
        join_code: &str,
        title: &str,
        events: Sender<RoomEvent>,
        limits: Limits,
    ) -> std::io::Result<Server> {
        let admission = limits.admission();
        let capacity = serving::capacity(&admission, raise_fd_limit());
        let listener = serving::listen(addr)?;
        let addr = listener.local_addr()?;
        let watch = {
            let events = Mutex::new(events.clone());
            Arc::new(move |c: serving::Capacity| {
                let events = events.lock().unwrap_or_else(|e| e.into_inner());
                let _ = events.send(RoomEvent::Capacity {
                    connections: c.connections,
                    limit: c.limit,
                    near: c.near,
                });
            })
        };
        let connections = serving::Connections::new(admission.per_address, capacity, watch);
        let (broadcast, _) = watch::channel::<Arc<str>>(Arc::from(""));
        let mut room = Room {
            join_code: join_code.to_uppercase(),
            ballot: Ballot::default(),
            devices: HashSet::new(),
            requests: HashMap::new(),
            guesses: PerAddress::per_minute(limits.guesses_per_minute),
            new_devices: PerAddress::per_minute(limits.devices_per_minute),
            max_devices: limits.max_devices,
            streams: HashMap::new(),
            tally: None,
            title: title.to_string(),
            events,
            broadcast,
        };
        room.publish();
        let room: Shared = Arc::new(Mutex::new(room));
        let guard = serving::Guard {
            port: addr.port(),
            public: limits.host_name.clone().map(|h| (h, addr.port())),
            body_timeout: limits.body_timeout,
            max_body: MAX_BODY,
            problem,
            wrong_host: "This server only answers at the address shown on the screen.",
            entrances: &[],
        };
        let (commands, mut inbox) = mpsc::unbounded_channel::<RoomCommand>();
        let (stop, stopped) = oneshot::channel::<()>();
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(WORKERS)
            .thread_name("canteen-workshop-server")
            .enable_all()
            .build()?;
        let thread = std::thread::Builder::new()
            .name("canteen-workshop-server".into())
            .spawn(move || {
                runtime.block_on(async move {
                    let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
                        return;
                    };
                    let for_commands = Arc::clone(&room);
                    tokio::spawn(async move {
                        while let Some(cmd) = inbox.recv().await {
                            apply(&for_commands, cmd);
                        }
                    });
                    let app = router(room, guard);
                    serving::accept(listener, app, admission, connections, refusal, stopped).await;
                });
                // Dropping the runtime here ends every connection, event streams included.
            })?;
        Ok(Server {
            addr,
            capacity,
            commands,
            stop: Some(stop),
            thread: Some(thread),
        })
    }

    /// Sends a command to the room.
    pub fn send(&self, command: RoomCommand) {
        // The server only stops when dropped, so the channel is open while `self` lives.
        let _ = self.commands.send(command);
    }
}

/// Threads serving phones: the projector and the load on a small laptop share the rest.
const WORKERS: usize = 2;

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn apply(room: &Shared, cmd: RoomCommand) {
    let mut r = lock(room);
    match cmd {
        RoomCommand::Ask(q) => {
            r.tally = None;
            r.ballot.ask(q);
        }
        RoomCommand::Status(status) => {
            r.ballot.set_status(status);
            if status == Status::Closed
                && let Some(q) = r.ballot.question()
            {
                let event = RoomEvent::Closed {
                    decision: q.decision,
                    counts: r.ballot.counts(),
                    voters: r.ballot.voters(),
                };
                let _ = r.events.send(event);
            }
        }
        RoomCommand::Reveal(tally) => {
            r.tally = Some(tally);
            r.ballot.set_status(Status::Revealed);
        }
    }
    r.publish();
}

/// The routes, behind the guard.
fn router(room: Shared, guard: serving::Guard) -> Router {
    Router::new()
        .route("/", get(page))
        .route("/app.js", get(script))
        .route("/style.css", get(style))
        .route("/join", post(join))
        .route("/state", get(state))
        .route("/events", get(events))
        .route("/vote", post(vote))
        .fallback(|| async {
            problem(
                StatusCode::NOT_FOUND,
                "There is nothing here. Open the address shown on the screen.",
            )
        })
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .layer(axum::middleware::from_fn_with_state(guard, serving::guard))
        .with_state(room)
}

/// What a connection over a cap is told, as the phones' API answers.
fn refusal(why: serving::Refusal) -> (&'static str, String) {
    let message = match why {
        serving::Refusal::Address => {
            "Too many connections from this address. Close other tabs, or wait a moment."
        }
        serving::Refusal::Full => "The workshop's server is at capacity. Try again in a moment.",
    };
    (
        "application/json",
        serde_json::json!({ "error": message }).to_string(),
    )
}
