//! The server's HTTP handlers: the phone page and its files, joining a room, the room's state
//! (pushed as server-sent events, or polled) and voting, each checking the device, its request
//! budget and the exact shape of the body it sent.

use std::sync::{Arc, MutexGuard};
use std::time::{Duration, Instant};

use axum::Extension;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::{Room, RoomEvent, Shared, lock};
use crate::serving::{Bucket, Peer, retry_after};
use crate::workshop::ballot::{Status, VoteError};

/// A device may burst this many requests, then this many a second.
const BURST: f64 = 20.0;
const PER_SECOND: f64 = 10.0;
/// Event streams one device may hold open (a phone with a few tabs).
const STREAMS_PER_DEVICE: usize = 4;
/// The cookie that carries a device's random token.
const COOKIE: &str = "canteen_device";

const PAGE: &str = include_str!("../page/index.html");
const SCRIPT: &str = include_str!("../page/app.js");
const STYLE: &str = include_str!("../page/style.css");

fn with_type(content_type: &'static str, body: &'static str) -> Response {
    // The security headers are added to every response by the guard.
    let mut r = body.into_response();
    r.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    r
}

pub(super) async fn page() -> Response {
    with_type("text/html; charset=utf-8", PAGE)
}

pub(super) async fn script() -> Response {
    with_type("text/javascript; charset=utf-8", SCRIPT)
}

pub(super) async fn style() -> Response {
    with_type("text/css; charset=utf-8", STYLE)
}

#[derive(Serialize)]
struct Problem<'a> {
    error: &'a str,
}

pub(super) fn problem(status: StatusCode, message: &str) -> Response {
    (status, axum::Json(Problem { error: message })).into_response()
}

/// A 429 answer that says how long to wait, in words and in `Retry-After`.
fn slow_down(message: &str, wait: Duration) -> Response {
    let seconds = retry_after(wait).max(1);
    let text = format!(
        "{message} Try again in {seconds} second{}.",
        if seconds == 1 { "" } else { "s" }
    );
    let mut r = problem(StatusCode::TOO_MANY_REQUESTS, &text);
    r.headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
    r
}

/// Reads a JSON body of exactly this shape: a JSON object (an array in the struct's field
/// order is refused too), no other fields, each of its type.
fn strict<T: DeserializeOwned>(headers: &HeaderMap, body: &Bytes) -> Result<T, Box<Response>> {
    let json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("application/json"));
    if !json {
        return Err(Box::new(problem(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "Send JSON with Content-Type: application/json.",
        )));
    }
    let starts_object = body
        .iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|b| *b == b'{');
    if !starts_object {
        return Err(Box::new(problem(
            StatusCode::BAD_REQUEST,
            "Send a JSON object, like {\"decision\":1,\"option\":0}.",
        )));
    }
    serde_json::from_slice(body).map_err(|_| {
        Box::new(problem(
            StatusCode::BAD_REQUEST,
            "That request could not be read.",
        ))
    })
}

fn device(headers: &HeaderMap) -> Option<String> {
    crate::serving::cookie::hex_token(headers, COOKIE, 32)
}

/// Takes a token from the device's request budget: `Ok`, or how long it must wait.
fn allow(room: &mut Room, token: &str) -> Result<(), Duration> {
    let now = Instant::now();
    room.requests
        .entry(token.to_string())
        .or_insert_with(|| Bucket::full(BURST, now))
        .take(BURST, PER_SECOND, now)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct JoinRequest {
    code: String,
}

pub(super) async fn join(
    State(room): State<Shared>,
    Extension(Peer(ip)): Extension<Peer>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let req: JoinRequest = match strict(&headers, &body) {
        Ok(b) => b,
        Err(r) => return *r,
    };
    let mut r = lock(&room);
    let now = Instant::now();
    // A throttled address is not told whether its code was right, so guessing stays slow.
    if let Err(wait) = r.guesses.would_allow(ip, now) {
        return slow_down("Too many wrong join codes from this network.", wait);
    }
    if req.code.trim().to_uppercase() != r.join_code {
        let _ = r.guesses.take(ip, now);
        return problem(
            StatusCode::FORBIDDEN,
            "That join code is not right. Check the code on the screen.",
        );
    }
    let token = match device(&headers).filter(|t| r.devices.contains(t)) {
        Some(t) => t,
        None => {
            if r.devices.len() >= r.max_devices {
                return problem(StatusCode::SERVICE_UNAVAILABLE, "This room is full.");
            }
            if let Err(wait) = r.new_devices.take(ip, now) {
                return slow_down("Many phones are joining from this network.", wait);
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
    if let Err(wait) = allow(&mut r, &token) {
        return Err(Box::new(slow_down(
            "Too many requests from this phone.",
            wait,
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
    /// Left out of the broadcast, which is the same for every phone.
    #[serde(skip_serializing_if = "Option::is_none")]
    your_vote: Option<Option<usize>>,
    tally: Option<&'a [u32]>,
}

#[derive(Serialize)]
struct OptionView<'a> {
    letter: String,
    text: &'a str,
}

impl Room {
    /// The room as phones see it, with `device`'s own vote when one is given.
    fn view(&self, device: Option<&str>) -> String {
        let q = self.ballot.question();
        let status = self.ballot.status();
        let view = StateView {
            title: &self.title,
            status,
            decision: q.map(|q| q.decision),
            prompt: q.map(|q| q.prompt.as_str()),
            options: q
                .map(|q| {
                    q.options
                        .iter()
                        .enumerate()
                        .map(|(i, t)| OptionView {
                            letter: crate::workshop::ballot::letter(i).to_string(),
                            text: t,
                        })
                        .collect()
                })
                .unwrap_or_default(),
            your_vote: device.map(|d| self.ballot.vote_of(d)),
            tally: self.tally.as_deref().filter(|_| status == Status::Revealed),
        };
        serde_json::to_string(&view).unwrap_or_else(|_| "{}".into())
    }

    /// Pushes the room's state to every event stream.
    pub(super) fn publish(&mut self) {
        let view: Arc<str> = Arc::from(self.view(None));
        self.broadcast.send_replace(view);
    }
}

fn json(body: String) -> Response {
    let mut r = body.into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    r
}

pub(super) async fn state(State(room): State<Shared>, headers: HeaderMap) -> Response {
    let (r, token) = match admit(&room, &headers) {
        Ok(x) => x,
        Err(resp) => return *resp,
    };
    json(r.view(Some(&token)))
}

/// Frees a device's place among the event streams when its stream ends.
struct Streaming {
    room: Shared,
    token: String,
}

impl Drop for Streaming {
    fn drop(&mut self) {
        let mut r = lock(&self.room);
        if let Some(n) = r.streams.get_mut(&self.token) {
            *n -= 1;
            if *n == 0 {
                r.streams.remove(&self.token);
            }
        }
    }
}

/// The room's state as server-sent events: first this phone's view (with its vote), then the
/// shared view each time the room changes.
pub(super) async fn events(State(room): State<Shared>, headers: HeaderMap) -> Response {
    let (mut r, token) = match admit(&room, &headers) {
        Ok(x) => x,
        Err(resp) => return *resp,
    };
    let open = r.streams.entry(token.clone()).or_insert(0);
    if *open >= STREAMS_PER_DEVICE {
        return slow_down(
            "This phone already follows the room in other tabs.",
            Duration::from_secs(5),
        );
    }
    *open += 1;
    let first = r.view(Some(&token));
    let changes = r.broadcast.subscribe();
    drop(r);
    let streaming = Streaming {
        room: Arc::clone(&room),
        token,
    };
    let stream = futures_util::stream::unfold(
        (changes, Some(first), streaming),
        |(mut changes, first, streaming)| async move {
            let data: String = match first {
                Some(f) => f,
                None => {
                    changes.changed().await.ok()?;
                    let latest = changes.borrow_and_update().clone();
                    latest.to_string()
                }
            };
            let event = Event::default().data(data);
            Some((
                Ok::<_, std::convert::Infallible>(event),
                (changes, None, streaming),
            ))
        },
    );
    Sse::new(stream)
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
        .into_response()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct VoteRequest {
    decision: u32,
    option: usize,
}

pub(super) async fn vote(State(room): State<Shared>, headers: HeaderMap, body: Bytes) -> Response {
    let (mut r, token) = match admit(&room, &headers) {
        Ok(x) => x,
        Err(resp) => return *resp,
    };
    let req: VoteRequest = match strict(&headers, &body) {
        Ok(b) => b,
        Err(resp) => return *resp,
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
