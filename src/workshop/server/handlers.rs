//! The server's HTTP handlers: the phone page and its files, joining a room, the room's state
//! and voting, each checking the device, its request budget and the body it sent.

use std::sync::MutexGuard;
use std::time::Instant;

use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use super::{Bucket, MAX_DEVICES, Room, RoomEvent, Shared, lock};
use crate::workshop::ballot::{Status, VoteError};

/// A device may burst this many requests, then this many a second.
const BURST: f64 = 20.0;
const PER_SECOND: f64 = 10.0;
/// The cookie that carries a device's random token.
const COOKIE: &str = "canteen_device";

const PAGE: &str = include_str!("../page/index.html");
const SCRIPT: &str = include_str!("../page/app.js");
const STYLE: &str = include_str!("../page/style.css");

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

pub(super) async fn page() -> Response {
    with_headers("text/html; charset=utf-8", PAGE)
}

pub(super) async fn script() -> Response {
    with_headers("text/javascript; charset=utf-8", SCRIPT)
}

pub(super) async fn style() -> Response {
    with_headers("text/css; charset=utf-8", STYLE)
}

#[derive(Serialize)]
struct Problem<'a> {
    error: &'a str,
}

pub(super) fn problem(status: StatusCode, message: &str) -> Response {
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
pub(super) struct JoinRequest {
    code: String,
}

pub(super) async fn join(
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

pub(super) async fn state(State(room): State<Shared>, headers: HeaderMap) -> Response {
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
                        letter: crate::workshop::ballot::letter(i).to_string(),
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
pub(super) struct VoteRequest {
    decision: u32,
    option: usize,
}

pub(super) async fn vote(
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
