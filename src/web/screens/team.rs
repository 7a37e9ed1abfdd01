//! For managers and the training team (the admins `serve --admin` names): the report across
//! every learner in the store, in aggregate, and as CSV. Nobody else sees it, and it names no
//! learner.

use std::sync::Arc;

use axum::Extension;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use maud::html;

use crate::records::report::{Counted, Report, Tally, to_csv};
use crate::serving::Peer;
use crate::web::identity::Visitor;
use crate::web::page::{download, page, problem, store_problem};
use crate::web::state::{Web, as_learner};

/// The wrong choices listed.
const TOP: usize = 10;

/// Refuses anyone but the training team and managers the trust has named.
pub(super) fn admins_only(
    web: &Web,
    store: &crate::records::Store,
    visitor: &Visitor,
) -> Result<(), Response> {
    if web
        .is_admin(store, visitor)
        .map_err(|e| store_problem(&e))?
    {
        return Ok(());
    }
    Err(problem(
        StatusCode::FORBIDDEN,
        "The team pages are for the training team and managers the trust has named. Ask your training team if you need them.",
    ))
}

/// The report across every learner, for an admin; anyone else is refused.
fn team_report(web: &Web, visitor: &Visitor) -> Result<Report, Response> {
    let store = web.store();
    admins_only(web, &store, visitor)?;
    // One record at a time: a large trust's years of attempts are never held at once.
    let mut tally = Tally::new(false);
    store
        .each_attempt(&mut |record| tally.add(&Counted::of(&record), "canteen serve"))
        .map_err(|e| store_problem(&e))?;
    drop(store);
    Ok(tally.finish(|id| web.library.find(id).map(|s| &**s), TOP))
}

/// `GET /team`: pass rates and mean scores per scenario, the weakest principles, and the
/// choices most often made wrongly, across every learner.
pub async fn overview(
    State(web): State<Arc<Web>>,
    Extension(peer): Extension<Peer>,
    headers: HeaderMap,
) -> Response {
    as_learner(web, headers, peer, move |web, visitor| {
        let r = match team_report(web, &visitor) {
            Ok(r) => r,
            Err(resp) => return Err(resp),
        };
        Ok(page(
            "Team report",
            Some(&visitor),
            html! {
                h1 { "Team report" }
                p { (r.attempts) " finished attempts by " (r.learners) " learners. Figures are for everyone together; no learner is named." }
                @if r.attempts > 0 {
                    table {
                        caption { "Scenarios" }
                        thead { tr { th scope="col" { "Scenario" } th scope="col" { "Attempts" } th scope="col" { "Passed" } th scope="col" { "Mean score" } } }
                        tbody {
                            @for s in &r.scenarios {
                                tr {
                                    th scope="row" { (s.title) }
                                    td { (s.attempts) }
                                    td { (s.passed) " (" (format!("{:.0}", s.pass_rate())) "%)" }
                                    td { (format!("{:.0}", s.mean_score)) "%" }
                                }
                            }
                        }
                    }
                    table {
                        caption { "Principles, weakest first" }
                        thead { tr { th scope="col" { "Principle" } th scope="col" { "Attempts" } th scope="col" { "Mean" } } }
                        tbody {
                            @for p in &r.principles {
                                tr { th scope="row" { (p.name) } td { (p.attempts) } td { (format!("{:.0}", p.mean_percent)) "%" } }
                            }
                        }
                    }
                    @if !r.wrong_choices.is_empty() {
                        h2 { "Choices most often made wrongly" }
                        ol {
                            @for w in &r.wrong_choices {
                                li {
                                    (w.text.clone().unwrap_or_else(|| w.choice_id.clone()))
                                    " (" (w.scenario_id) "): chosen " (w.chosen) " of " (w.decisions) " times"
                                    @if w.critical { ", a critical breach" }
                                }
                            }
                        }
                    }
                    p { a href="/team/report.csv" download { "Download the report (CSV)" } }
                }
                p { a href="/team/compliance" { "Compliance: who is in date with their role's pathway" } }
            },
        ))
    })
    .await
}

/// `GET /team/report.csv`.
pub async fn csv(
    State(web): State<Arc<Web>>,
    Extension(peer): Extension<Peer>,
    headers: HeaderMap,
) -> Response {
    as_learner(web, headers, peer, move |web, visitor| {
        let r = match team_report(web, &visitor) {
            Ok(r) => r,
            Err(resp) => return Err(resp),
        };
        let Ok(text) = to_csv(&r) else {
            return Err(problem(
                StatusCode::INTERNAL_SERVER_ERROR,
                "The report could not be written as CSV. Try again.",
            ));
        };
        Ok(download(
            text,
            "text/csv; charset=utf-8",
            "canteen-team-report.csv",
        ))
    })
    .await
}
