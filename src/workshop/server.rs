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
use axum::extract::rejection::JsonRejection;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::{Deserialize, Serialize};
use tokio::sync::{mpsc, oneshot};

use super::ballot::{Ballot, Question, Status, VoteError};

/// The largest request body accepted.
pub const MAX_BODY: usize = 1024;
/// The most devices one room admits.
pub const MAX_DEVICES: usize = 2000;
/// A device may burst this many requests, then this many a second.
const BURST: f64 = 20.0;
const PER_SECOND: f64 = 10.0;
/// The cookie that carries a device's random token.
const COOKIE: &str = "canteen_device";

const PAGE: &str = include_str!("page/index.html");
const SCRIPT: &str = include_str!("page/app.js");
const STYLE: &str = include_str!("page/style.css");

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

fn with_headers(content_type: &'static str, body: &'static str) -> Response {
    let mut r = body.into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
        ),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

async fn page() -> Response {
    with_headers("text/html; charset=utf-8", PAGE)
}

async fn script() -> Response {
    with_headers("text/javascript; charset=utf-8", SCRIPT)
}

async fn style() -> Response {
    with_headers("text/css; charset=utf-8", STYLE)
}

#[derive(Serialize)]
struct Problem<'a> {
    error: &'a str,
}

fn problem(status: StatusCode, message: &str) -> Response {
    (status, axum::Json(Problem { error: message })).into_response()
}

fn rejected(r: JsonRejection) -> Response {
    let status = r.status();
    let message = match status {
        StatusCode::PAYLOAD_TOO_LARGE => "That request is too large.",
        StatusCode::UNSUPPORTED_MEDIA_TYPE => "Send JSON with Content-Type: application/json.",
        _ => "That request could not be read.",
    };
    let status = if status == StatusCode::UNPROCESSABLE_ENTITY {
        StatusCode::BAD_REQUEST
    } else {
        status
    };
    problem(status, message)
}

fn device(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == COOKIE)
        .map(|(_, v)| v.to_string())
        .filter(|t| t.len() == 32 && t.chars().all(|c| c.is_ascii_hexdigit()))
}

/// Takes a token from the device's bucket; false when it has made too many requests.
fn allow(room: &mut Room, token: &str) -> bool {
    let now = Instant::now();
    let b = room.buckets.entry(token.to_string()).or_insert(Bucket {
        tokens: BURST,
        at: now,
    });
    b.tokens = (b.tokens + now.duration_since(b.at).as_secs_f64() * PER_SECOND).min(BURST);
    b.at = now;
    if b.tokens >= 1.0 {
        b.tokens -= 1.0;
        true
    } else {
        false
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JoinRequest {
    code: String,
}

async fn join(
    State(room): State<Shared>,
    headers: HeaderMap,
    body: Result<axum::Json<JoinRequest>, JsonRejection>,
) -> Response {
    let axum::Json(req) = match body {
        Ok(b) => b,
        Err(r) => return rejected(r),
    };
    let mut r = lock(&room);
    if req.code.trim().to_uppercase() != r.join_code {
        return problem(
            StatusCode::FORBIDDEN,
            "That join code is not right. Check the code on the screen.",
        );
    }
    let token = match device(&headers).filter(|t| r.devices.contains(t)) {
        Some(t) => t,
        None => {
            if r.devices.len() >= MAX_DEVICES {
                return problem(StatusCode::SERVICE_UNAVAILABLE, "This room is full.");
            }
            let t = uuid::Uuid::new_v4().simple().to_string();
            r.devices.insert(t.clone());
            let _ = r.events.send(RoomEvent::Joined {
                devices: r.devices.len(),
            });
            t
        }
    };
    let mut resp = axum::Json(serde_json::json!({"ok": true, "title": r.title})).into_response();
    if let Ok(v) = HeaderValue::from_str(&format!(
        "{COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=43200"
    )) {
        resp.headers_mut().insert(header::SET_COOKIE, v);
    }
    resp
}

/// Checks the device and its request budget.
fn admit<'a>(
    room: &'a Shared,
    headers: &HeaderMap,
) -> Result<(MutexGuard<'a, Room>, String), Box<Response>> {
    let token = device(headers);
    let mut r = lock(room);
    let Some(token) = token.filter(|t| r.devices.contains(t)) else {
        return Err(Box::new(problem(
            StatusCode::UNAUTHORIZED,
            "Join first with the code on the screen.",
        )));
    };
    if !allow(&mut r, &token) {
        return Err(Box::new(problem(
            StatusCode::TOO_MANY_REQUESTS,
            "Too many requests from this phone. Wait a moment.",
        )));
    }
    Ok((r, token))
}

#[derive(Serialize)]
struct StateView<'a> {
    title: &'a str,
    status: Status,
    decision: Option<u32>,
    prompt: Option<&'a str>,
    options: Vec<OptionView<'a>>,
    your_vote: Option<usize>,
    tally: Option<&'a [u32]>,
}

#[derive(Serialize)]
struct OptionView<'a> {
    letter: String,
    text: &'a str,
}

async fn state(State(room): State<Shared>, headers: HeaderMap) -> Response {
    let (r, token) = match admit(&room, &headers) {
        Ok(x) => x,
        Err(resp) => return *resp,
    };
    let q = r.ballot.question();
    let status = r.ballot.status();
    let view = StateView {
        title: &r.title,
        status,
        decision: q.map(|q| q.decision),
        prompt: q.map(|q| q.prompt.as_str()),
        options: q
            .map(|q| {
                q.options
                    .iter()
                    .enumerate()
                    .map(|(i, t)| OptionView {
                        letter: super::ballot::letter(i).to_string(),
                        text: t,
                    })
                    .collect()
            })
            .unwrap_or_default(),
        your_vote: r.ballot.vote_of(&token),
        tally: r.tally.as_deref().filter(|_| status == Status::Revealed),
    };
    axum::Json(view).into_response()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct VoteRequest {
    decision: u32,
    option: usize,
}

async fn vote(
    State(room): State<Shared>,
    headers: HeaderMap,
    body: Result<axum::Json<VoteRequest>, JsonRejection>,
) -> Response {
    let (mut r, token) = match admit(&room, &headers) {
        Ok(x) => x,
        Err(resp) => return *resp,
    };
    let axum::Json(req) = match body {
        Ok(b) => b,
        Err(rej) => return rejected(rej),
    };
    match r.ballot.vote(&token, req.decision, req.option) {
        Ok(()) => {
            let event = RoomEvent::Votes {
                decision: req.decision,
                counts: r.ballot.counts(),
                voters: r.ballot.voters(),
            };
            let _ = r.events.send(event);
            axum::Json(serde_json::json!({"ok": true, "your_vote": req.option})).into_response()
        }
        Err(e) => {
            let (status, message) = match e {
                VoteError::NoQuestion => {
                    (StatusCode::CONFLICT, "There is no question to vote on yet.")
                }
                VoteError::Closed => (StatusCode::CONFLICT, "Voting is closed for this decision."),
                VoteError::Stale => (
                    StatusCode::CONFLICT,
                    "That decision has passed; the screen has moved on.",
                ),
                VoteError::UnknownOption => (StatusCode::BAD_REQUEST, "There is no such option."),
            };
            problem(status, message)
        }
    }
}
