//! For the training team and managers (the admins): who is in date with their role's
//! pathway, as totals per role and per scenario, each learner's standing, and both as CSV.
//! Everyone else is refused; learners' own pages never show anyone else.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Extension;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use maud::{Markup, html};

use super::team::admins_only;
use crate::records::LOCAL;
use crate::records::compliance::{Compliance, Counts, Learner, Passes};
use crate::serving::Peer;
use crate::web::identity::Visitor;
use crate::web::page::{download, page, problem, store_problem};
use crate::web::state::{Web, as_learner};

/// Works out who is in date now, for an admin; anyone else is refused.
fn assess(web: &Web, visitor: &Visitor) -> Result<Compliance, Response> {
    let store = web.store();
    admins_only(web, &store, visitor)?;
    let known = store.learners().map_err(|e| store_problem(&e))?;
    let passes = store.last_passes().map_err(|e| store_problem(&e))?;
    drop(store);
    // The terminal's own learner is not a member of staff signed in here.
    let staff: Vec<_> = known.into_iter().filter(|k| k.id != LOCAL).collect();
    let keys: HashMap<i64, &str> = staff.iter().map(|k| (k.id, k.key.as_str())).collect();
    let mut latest = Passes::new();
    for (learner, scenario, finished) in passes {
        if let (Some(key), Ok(at)) = (keys.get(&learner), finished.parse()) {
            latest.insert((key.to_string(), scenario), at);
        }
    }
    let learners: Vec<Learner> = staff
        .iter()
        .map(|k| Learner {
            key: k.key.clone(),
            name: k.name.clone(),
            roles: if k.role.is_empty() {
                Vec::new()
            } else {
                vec![k.role.clone()]
            },
        })
        .collect();
    Ok(Compliance::assess(
        &web.options.pathways,
        &learners,
        &latest,
        jiff::Timestamp::now(),
    ))
}

fn counts_row(name: &str, c: &Counts) -> Markup {
    html! {
        tr {
            th scope="row" { (name) }
            td { (c.total()) }
            td { (c.in_date) }
            td { (c.due) }
            td { (c.overdue) }
            td { (c.not_yet_passed) }
            td { (c.percent_in_date()) "%" }
        }
    }
}

fn counts_head(first: &str) -> Markup {
    html! {
        thead { tr {
            th scope="col" { (first) } th scope="col" { "Learners" } th scope="col" { "In date" }
            th scope="col" { "Due" } th scope="col" { "Overdue" } th scope="col" { "Not yet passed" }
            th scope="col" { "In date or due" }
        } }
    }
}

/// `GET /team/compliance`.
pub async fn overview(
    State(web): State<Arc<Web>>,
    Extension(peer): Extension<Peer>,
    headers: HeaderMap,
) -> Response {
    as_learner(web, headers, peer, move |web, visitor| {
        let c = assess(web, &visitor)?;
        let catalogue = &web.library.catalogue;
        let title = |id: &str| {
            web.library
                .find(id)
                .map_or_else(|| id.to_string(), |s| s.meta().title.clone())
        };
        let due_days = web.options.pathways.due_days;
        Ok(page(
            "Compliance",
            Some(&visitor),
            html! {
                h1 { "Compliance" }
                p { "Who is in date with their role's training pathway, on " (c.now.strftime("%-d %B %Y")) ". A pass stays in date for the months its pathway gives; a learner is due in the " (due_days) " days before it expires. A learner with no role chosen has the pathway for everyone." }
                table {
                    caption { "By role (each learner counted once, by their furthest-behind scenario)" }
                    (counts_head("Role"))
                    tbody { @for (role, counts) in &c.by_role { (counts_row(catalogue.role_name(role), counts)) } }
                }
                table {
                    caption { "By scenario (the learners who must pass it)" }
                    (counts_head("Scenario"))
                    tbody { @for (id, counts) in &c.by_scenario { (counts_row(&title(id), counts)) } }
                }
                ul {
                    li { a href="/team/compliance.csv" download { "Download the totals (CSV)" } }
                    li { a href="/team/compliance-people.csv" download { "Download each learner's standing (CSV; it names people: keep it as the trust's records policy says)" } }
                }
                h2 { "Each learner" }
                @if c.learners.is_empty() {
                    p { "Nobody has signed in yet." }
                } @else {
                    table {
                        caption { "Learners, with their furthest-behind scenario" }
                        thead { tr { th scope="col" { "Learner" } th scope="col" { "Role" } th scope="col" { "Standing" } th scope="col" { "Scenarios" } } }
                        tbody {
                            @for l in &c.learners {
                                tr {
                                    th scope="row" { (if l.learner.name.is_empty() { &l.learner.key } else { &l.learner.name }) }
                                    td { (l.learner.roles.first().map_or("not chosen", |r| catalogue.role_name(r))) }
                                    td { (l.overall.words()) }
                                    td {
                                        @for (i, s) in l.scenarios.iter().enumerate() {
                                            @if i > 0 { "; " }
                                            (title(&s.scenario)) ": " (s.status.words())
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                p { a href="/team" { "Back to the team report" } }
            },
        ))
    })
    .await
}

fn csv_answer(text: Result<String, csv::Error>, name: &str) -> Result<Response, Response> {
    match text {
        Ok(text) => Ok(download(text, "text/csv; charset=utf-8", name)),
        Err(_) => Err(problem(
            StatusCode::INTERNAL_SERVER_ERROR,
            "The figures could not be written as CSV. Try again.",
        )),
    }
}

/// `GET /team/compliance.csv`: the totals per role and per scenario.
pub async fn summary_csv(
    State(web): State<Arc<Web>>,
    Extension(peer): Extension<Peer>,
    headers: HeaderMap,
) -> Response {
    as_learner(web, headers, peer, move |web, visitor| {
        let c = assess(web, &visitor)?;
        csv_answer(c.to_csv_summary(), "canteen-compliance.csv")
    })
    .await
}

/// `GET /team/compliance-people.csv`: each learner's standing on each required scenario.
pub async fn people_csv(
    State(web): State<Arc<Web>>,
    Extension(peer): Extension<Peer>,
    headers: HeaderMap,
) -> Response {
    as_learner(web, headers, peer, move |web, visitor| {
        let c = assess(web, &visitor)?;
        csv_answer(c.to_csv_individuals(), "canteen-compliance-people.csv")
    })
    .await
}
