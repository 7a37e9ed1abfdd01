//! After a scenario: the ending with a result per principle and the path taken, the
//! learner's records, and their certificate.

use std::sync::Arc;

use axum::Extension;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use maud::html;

use super::play::feedback_of;
use crate::engine::{Session, replay};
use crate::records::AttemptRecord;
use crate::records::certificate::{Certificate, to_html};
use crate::service::checklist;
use crate::serving::Peer;
use crate::web::identity::Visitor;
use crate::web::page::{download, page, paragraphs, problem, see_other, store_problem};
use crate::web::state::{Web, as_learner};

/// The learner's finished attempts, oldest first.
fn attempts(web: &Web, visitor: &Visitor) -> Result<Vec<AttemptRecord>, Response> {
    let mut store = web.store();
    let scoped = store.scoped(visitor.learner);
    scoped.store().attempts().map_err(|e| store_problem(&e))
}

/// One of the learner's attempts, replayed; another learner's attempt is not found.
fn finished(
    web: &Web,
    visitor: &Visitor,
    attempt_id: &str,
) -> Result<(AttemptRecord, Option<Session>), Response> {
    let record = attempts(web, visitor)?
        .into_iter()
        .find(|a| a.attempt_id == attempt_id)
        .ok_or_else(|| {
            problem(
                StatusCode::NOT_FOUND,
                "There is no attempt of yours at this address. Your attempts are listed under My records.",
            )
        })?;
    let session = web
        .library
        .scenarios()
        .find(|s| s.meta().id == record.scenario_id)
        .map(|s| replay(s, record.seed, &record.steps).0)
        .filter(Session::is_finished);
    Ok((record, session))
}

/// `GET /records`: every finished attempt, with its result.
pub async fn records(
    State(web): State<Arc<Web>>,
    Extension(peer): Extension<Peer>,
    headers: HeaderMap,
) -> Response {
    as_learner(web, headers, peer, move |web, visitor| {
        let mut all = attempts(web, &visitor)?;
        all.reverse();
        let any_passed = all.iter().any(|a| a.passed);
        Ok(page(
            "My records",
            Some(&visitor),
            html! {
                h1 { "My records" }
                @if all.is_empty() {
                    p { "You have not finished a scenario yet. " a href="/" { "Choose one" } " to start." }
                } @else {
                    table {
                        caption { "Your finished attempts, newest first" }
                        thead { tr { th scope="col" { "Scenario" } th scope="col" { "Finished" } th scope="col" { "Result" } th scope="col" { "Score" } } }
                        tbody {
                            @for a in &all {
                                tr {
                                    td { a href={ "/records/" (a.attempt_id) } { (a.scenario_title) } }
                                    td { (a.finished_at.strftime("%-d %B %Y, %H:%M UTC")) }
                                    td { @if a.passed { "Passed" } @else { "Not passed" } }
                                    td { (a.overall) "%" }
                                }
                            }
                        }
                    }
                }
                @if any_passed {
                    p { a class="button" href="/certificate" download { "Download my certificate" } }
                    p { "The certificate is a web page you can print or save as a PDF. It lists each scenario you have passed, with a code your training team can check against the records." }
                }
            },
        ))
    })
    .await
}

/// `GET /records/ATTEMPT`: the ending, the result per principle, and the path.
pub async fn ending(
    State(web): State<Arc<Web>>,
    Extension(peer): Extension<Peer>,
    headers: HeaderMap,
    Path(attempt_id): Path<String>,
) -> Response {
    as_learner(web, headers, peer, move |web, visitor| {
        let (record, session) = finished(web, &visitor, &attempt_id)?;
        let result = if record.passed { "Passed" } else { "Not passed" };
        Ok(page(
            &format!("Result: {}", record.scenario_title),
            Some(&visitor),
            html! {
                p class="meta" { (record.scenario_title) }
                @if let Some(session) = &session {
                    @if let Some(e) = session.ending() {
                        h1 { "Ending: " (e.title) }
                        (paragraphs(&e.outcome))
                        h2 { "Debrief" }
                        (paragraphs(&e.debrief))
                    }
                } @else {
                    h1 { "Your result" }
                }
                h2 { "Result: " (result) }
                p { "Overall score " strong { (record.overall) "%" } "; the pass mark is " (record.pass_mark) "%."
                    @if !record.critical.is_empty() { " A critical breach fails the attempt whatever the score." } }
                @if let Some(session) = &session { p { (session.scorecard().verdict()) } }
                table {
                    caption { "Your score by principle" }
                    thead { tr { th scope="col" { "Principle" } th scope="col" { "Points" } th scope="col" { "Score" } } }
                    tbody {
                        @for p in record.principles.iter().filter(|p| p.percent.is_some()) {
                            tr {
                                th scope="row" { (p.name) }
                                td { (format!("{:+} of {:+}", p.earned, p.best)) }
                                td { (p.percent.unwrap_or_default()) "%" }
                            }
                        }
                    }
                }
                @if let Some(session) = &session {
                    @let s = session.scenario();
                    h2 { "Your path" }
                    ol class="path" {
                        @for step in session.history() {
                            @let chosen = s.choice(step.choice);
                            li {
                                (chosen.text)
                                @if chosen.critical { " (critical breach)" }
                                @if let Some(better) = session.better_choice(step).filter(|&b| b != step.choice) {
                                    br; span class="better" { "A better choice: " (s.choice(better).text) }
                                }
                            }
                        }
                    }
                }
                @if let Some(list) = session.as_ref().and_then(|s| checklist(s, None)) {
                    h2 { "Your local arrangements" }
                    p { "The arrangements you chose, to agree with your team. Each says the principle and source behind it." }
                    ol class="checklist" {
                        @for item in &list.items {
                            li {
                                strong { (item.arrangement) }
                                @if !item.because.is_empty() { br; span class="meta" { "Why: " (item.because.join("; ")) "." } }
                            }
                        }
                    }
                    p { a href={ "/records/" (record.attempt_id) "/checklist.md" } download { "Download the checklist (Markdown)" } }
                }
                (super::cmi5::notice(web, &visitor))
                p { a class="button" href="/" { "Back to the scenarios" } " " a href="/records" { "My records" } }
            },
        ))
    })
    .await
}

/// `GET /records/ATTEMPT/checklist.md`: the local arrangements chosen, as Markdown.
pub async fn checklist_file(
    State(web): State<Arc<Web>>,
    Extension(peer): Extension<Peer>,
    headers: HeaderMap,
    Path(attempt_id): Path<String>,
) -> Response {
    as_learner(web, headers, peer, move |web, visitor| {
        let (_, session) = finished(web, &visitor, &attempt_id)?;
        let Some(list) = session.as_ref().and_then(|s| checklist(s, None)) else {
            return Err(problem(
                StatusCode::NOT_FOUND,
                "This attempt chose no local arrangements, so there is no checklist.",
            ));
        };
        Ok(download(
            list.to_markdown(),
            "text/markdown; charset=utf-8",
            &list.file_name(),
        ))
    })
    .await
}

/// `GET /records/ATTEMPT/feedback`: the feedback on the last choice of a finished attempt.
pub async fn last_feedback(
    State(web): State<Arc<Web>>,
    Extension(peer): Extension<Peer>,
    headers: HeaderMap,
    Path(attempt_id): Path<String>,
) -> Response {
    as_learner(web, headers, peer, move |web, visitor| {
        let (record, session) = finished(web, &visitor, &attempt_id)?;
        let Some(session) = session else {
            return Err(see_other(&format!("/records/{attempt_id}")));
        };
        let Some(step) = session.history().last() else {
            return Err(see_other(&format!("/records/{attempt_id}")));
        };
        Ok(page(
            &format!("Feedback on your last decision: {}", record.scenario_title),
            Some(&visitor),
            html! {
                p class="meta" { (record.scenario_title) }
                h1 { "Feedback on decision " (session.history().len()) }
                (feedback_of(session.scenario(), step))
                p { a class="button" href={ "/records/" (attempt_id) } { "See how you did" } }
            },
        ))
    })
    .await
}

/// `GET /certificate`: the certificate of the scenarios passed, as a page to download.
pub async fn certificate(
    State(web): State<Arc<Web>>,
    Extension(peer): Extension<Peer>,
    headers: HeaderMap,
) -> Response {
    as_learner(web, headers, peer, move |web, visitor| {
        let all = attempts(web, &visitor)?;
        let Some(c) = Certificate::from_attempts(&all) else {
            return Err(problem(
                StatusCode::NOT_FOUND,
                "You have not passed a scenario yet, so there is no certificate. Your attempts are under My records.",
            ));
        };
        Ok(download(
            to_html(&c),
            "text/html; charset=utf-8",
            &c.file_name("html"),
        ))
    })
    .await
}
