//! A launch from the trust's LMS by SCORM 1.2: the SCO asks for a one-time launch token,
//! opens the trainer with it, and every page of that window reports back to the SCO.
//!
//! What the LMS vouches for: the student id and name it gave the SCO, in the learner's
//! browser. canteen cannot check them (SCORM 1.2 gives it nothing to check them with); it
//! takes them only from a page at an LMS address `--lms` names, and keeps those learners
//! apart from everyone signed in otherwise (their key is the LMS's address and student id).

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use maud::html;
use serde_json::json;

use crate::service::{Clock as _, Record};
use crate::serving::Peer;
use crate::web::identity::Posted;
use crate::web::page::{page, problem, store_problem};
use crate::web::relays::Relay;
use crate::web::state::{Web, as_learner, blocking};

/// The cookie that marks a trainer window a SCO opened: its answers keep the opener.
pub const RELAYED: &str = "canteen_relayed";

/// Every answer to a window a SCO opened (redirects too, which would otherwise cut the
/// window off from its opener) lets it keep its opener, to report back to the SCO. The
/// cookie only loosens the opener policy; it signs no one in.
pub async fn keep_opener(req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let relayed = req
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .any(|c| c.trim() == format!("{RELAYED}=1"));
    let mut r = next.run(req).await;
    if relayed {
        r.headers_mut().insert(
            "cross-origin-opener-policy",
            HeaderValue::from_static("unsafe-none"),
        );
    }
    r
}

/// The relay script of a trainer window a SCO opened.
const RELAY: &str = include_str!("../scorm-relay.js");

/// `GET /scorm-relay.js`.
pub async fn relay_script() -> Response {
    let mut r = RELAY.into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/javascript; charset=utf-8"),
    );
    r
}

/// What a SCO sends for a token.
#[derive(Debug, serde::Deserialize)]
pub struct Asked {
    pub scenario: String,
    pub student_id: String,
    #[serde(default)]
    pub student_name: String,
}

/// A JSON answer the LMS's page may read.
fn for_lms(origin: &str, status: StatusCode, body: serde_json::Value) -> Response {
    let mut r = (status, axum::Json(body)).into_response();
    if let Ok(v) = HeaderValue::from_str(origin) {
        r.headers_mut()
            .insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, v);
    }
    r.headers_mut()
        .insert(header::VARY, HeaderValue::from_static("Origin"));
    r
}

/// `POST /scorm/token`: a one-time launch token for the student the SCO names, asked from a
/// page at an LMS's address.
pub async fn token(
    State(web): State<Arc<Web>>,
    headers: HeaderMap,
    Posted(asked): Posted<Asked>,
) -> Response {
    let origin = headers
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .and_then(super::cmi5::origin);
    let Some(origin) = origin.filter(|o| web.options.lms.contains(o)) else {
        return problem(
            StatusCode::FORBIDDEN,
            "Launch tokens are given only to the learning systems `canteen serve --lms` names.",
        );
    };
    let id = asked.student_id.trim();
    if id.is_empty() || id.len() > 255 {
        return for_lms(
            &origin,
            StatusCode::BAD_REQUEST,
            json!({"error": "the learning system gave no student id"}),
        );
    }
    if !web
        .library
        .scenarios()
        .any(|s| s.meta().id == asked.scenario)
    {
        return for_lms(
            &origin,
            StatusCode::NOT_FOUND,
            json!({"error": "canteen has no such scenario: the package may need making again"}),
        );
    }
    let name: String = asked.student_name.trim().chars().take(200).collect();
    let name = if name.is_empty() {
        id.to_string()
    } else {
        name
    };
    let token = web.relays.issue(&origin, id, &name, &asked.scenario);
    for_lms(&origin, StatusCode::OK, json!({"token": token}))
}

/// `GET /scorm/launch/TOKEN`: signs the student in, once, and offers the scenario.
pub async fn launch(State(web): State<Arc<Web>>, Path(token): Path<String>) -> Response {
    blocking(web, move |web| {
        let Some(ticket) = web.relays.redeem(&token) else {
            return problem(
                StatusCode::FORBIDDEN,
                "This launch has been used already or has expired. Close this window and open the scenario again from your learning system.",
            );
        };
        let Some(scenario) = web
            .library
            .scenarios()
            .find(|s| s.meta().id == ticket.scenario)
            .cloned()
        else {
            return problem(StatusCode::NOT_FOUND, "canteen no longer has this scenario.");
        };
        let now = crate::web::identity::now();
        let opened = {
            let mut store = web.store();
            let opened = store
                .learner_for(&ticket.key, &ticket.name)
                .and_then(|l| store.open_session(l, now).map(|(c, _)| (l, c)));
            let (learner, cookie) = match opened {
                Ok(o) => o,
                Err(e) => return store_problem(&e),
            };
            let mut trainer = web.trainer(&mut store, learner);
            let carrying_on = match trainer.resume(&scenario, web.clock.now()) {
                Ok(r) => r.is_some(),
                Err(e) => return store_problem(&e),
            };
            if !carrying_on {
                let mut attempt = trainer.start(Arc::clone(&scenario), web.clock.now());
                attempt.progress.attempt_id = uuid::Uuid::new_v4().to_string();
                if let Err(e) = trainer.write(&Record::SaveProgress(attempt.progress.clone())) {
                    return store_problem(&e.source);
                }
            }
            (learner, cookie, carrying_on)
        };
        let (learner, cookie, carrying_on) = opened;
        web.relays.relay(
            learner,
            Relay {
                origin: ticket.origin.clone(),
                scenario: ticket.scenario.clone(),
            },
        );
        let m = scenario.meta();
        let mut r = page(
            &m.title,
            None,
            html! {
                h1 { (m.title) }
                p { "Welcome, " (ticket.name) ". Your learning system opened this scenario for you; your result goes back to it as you go." }
                p { (m.summary) }
                p class="meta" { "About " (m.minutes) " minutes; the pass mark is " (m.pass_mark) "%." }
                p { a class="button" href={ "/scenarios/" (m.id) "/play" } {
                    @if carrying_on { "Carry on" } @else { "Start" }
                } }
            },
        );
        let h = r.headers_mut();
        if let Ok(v) = HeaderValue::from_str(&crate::web::identity::cookie(web, &cookie)) {
            h.insert(header::SET_COOKIE, v);
        }
        let secure = if web.options.secure() { "; Secure" } else { "" };
        if let Ok(v) = HeaderValue::from_str(&format!(
            "{RELAYED}=1; Path=/; HttpOnly; SameSite=Lax{secure}"
        )) {
            h.append(header::SET_COOKIE, v);
        }
        // This window keeps its opener (the SCO), to report back to it.
        h.insert("cross-origin-opener-policy", HeaderValue::from_static("unsafe-none"));
        r
    })
    .await
}

/// SCORM's time span, `HHHH:MM:SS.SS`.
pub fn timespan(ms: u64) -> String {
    let cs = ms / 10;
    format!(
        "{:04}:{:02}:{:02}.{:02}",
        (cs / 360_000).min(9999),
        cs / 6000 % 60,
        cs / 100 % 60,
        cs % 100
    )
}

/// `GET /scorm/status`: where the SCORM-launched learner is at their scenario, for the relay.
pub async fn status(
    State(web): State<Arc<Web>>,
    axum::Extension(peer): axum::Extension<Peer>,
    headers: HeaderMap,
) -> Response {
    as_learner(web, headers, peer, move |web, visitor| {
        let Some(relay) = web.relays.of(visitor.learner) else {
            return Err(problem(StatusCode::NOT_FOUND, "This window was not opened by a SCORM course."));
        };
        let mut store = web.store();
        let scoped = store.scoped(visitor.learner);
        let progress = scoped.store().progress(&relay.scenario).map_err(|e| store_problem(&e))?;
        let attempts = scoped.store().attempts().map_err(|e| store_problem(&e))?;
        let body = match (progress, attempts.iter().rev().find(|a| a.scenario_id == relay.scenario)) {
            (Some(p), _) => json!({
                "lesson_status": "incomplete",
                "session_time": timespan(p.active_ms),
                "suspend_data": format!("canteen attempt {} after {} decisions", p.attempt_id, p.steps.len()),
            }),
            (None, Some(a)) => json!({
                "lesson_status": if a.passed { "passed" } else { "failed" },
                "score_raw": a.overall.min(100),
                "score_min": 0,
                "score_max": 100,
                "session_time": timespan(a.active_ms),
                "suspend_data": format!("canteen attempt {} finished", a.attempt_id),
            }),
            (None, None) => json!({"lesson_status": "incomplete"}),
        };
        Ok(axum::Json(body).into_response())
    })
    .await
}
