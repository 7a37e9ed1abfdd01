//! The voting server: one small page for phones, and a JSON API behind it.
//!
//! It runs on its own thread (a single-threaded tokio runtime) and owns the live ballot, so a
//! vote is answered at once whatever the projector is drawing. The projector talks to it only
//! through channels: [`RoomCommand`]s in, [`RoomEvent`]s out.
//!
//! Every request is checked: a wrong join code, a vote on a closed or earlier decision, an
//! unknown option, a malformed or oversized body, or too many requests from one device each get
//! a clear status and message. Nothing here panics on input.

use std::collections::{HashMap, HashSet};
use std::net::SocketAddr;
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::routing::{get, post};
use tokio::sync::{mpsc, oneshot};

use super::ballot::{Ballot, Question, Status};

mod handlers;

use handlers::{join, page, problem, script, state, style, vote};

/// The largest request body accepted.
pub const MAX_BODY: usize = 1024;
/// The most devices one room admits.
pub const MAX_DEVICES: usize = 2000;

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
}

struct Bucket {
    tokens: f64,
    at: Instant,
}

struct Room {
    join_code: String,
    ballot: Ballot,
    devices: HashSet<String>,
    buckets: HashMap<String, Bucket>,
    tally: Option<Vec<u32>>,
    title: String,
    events: Sender<RoomEvent>,
}

type Shared = Arc<Mutex<Room>>;

fn lock(room: &Shared) -> MutexGuard<'_, Room> {
    // A handler never panics while holding the lock, but recover the data if one ever did.
    room.lock().unwrap_or_else(|e| e.into_inner())
}

/// A running voting server.
pub struct Server {
    pub addr: SocketAddr,
    commands: mpsc::UnboundedSender<RoomCommand>,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Server {
    /// Binds `addr` (port 0 picks a free port) and serves the room until stopped.
    pub fn start(
        addr: SocketAddr,
        join_code: &str,
        title: &str,
        events: Sender<RoomEvent>,
    ) -> std::io::Result<Server> {
        let listener = listen(addr)?;
        let addr = listener.local_addr()?;
        let room: Shared = Arc::new(Mutex::new(Room {
            join_code: join_code.to_uppercase(),
            ballot: Ballot::default(),
            devices: HashSet::new(),
            buckets: HashMap::new(),
            tally: None,
            title: title.to_string(),
            events,
        }));
        let (commands, mut inbox) = mpsc::unbounded_channel::<RoomCommand>();
        let (stop, stopped) = oneshot::channel::<()>();
        let runtime = tokio::runtime::Builder::new_current_thread()
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
                    let app = router(room);
                    let _ = axum::serve(listener, app)
                        .with_graceful_shutdown(async {
                            let _ = stopped.await;
                        })
                        .await;
                });
            })?;
        Ok(Server {
            addr,
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

/// Binds with a listen backlog deep enough for a whole room connecting at once (the default
/// of 128 drops connections, and a dropped connection waits a second to retry).
fn listen(addr: SocketAddr) -> std::io::Result<std::net::TcpListener> {
    use socket2::{Domain, Socket, Type};
    let socket = Socket::new(Domain::for_address(addr), Type::STREAM, None)?;
    socket.set_reuse_address(true)?;
    socket.bind(&addr.into())?;
    socket.listen(1024)?;
    socket.set_nonblocking(true)?;
    Ok(socket.into())
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
}

/// The routes.
fn router(room: Shared) -> Router {
    Router::new()
        .route("/", get(page))
        .route("/app.js", get(script))
        .route("/style.css", get(style))
        .route("/join", post(join))
        .route("/state", get(state))
        .route("/vote", post(vote))
        .fallback(|| async {
            problem(
                StatusCode::NOT_FOUND,
                "There is nothing here. Open the address shown on the screen.",
            )
        })
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .with_state(room)
}
