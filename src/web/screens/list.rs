//! The scenario list: every scenario with the learner's status on it, filtered by role.

use std::sync::Arc;

use axum::Extension;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use maud::html;

use crate::service::Status;
use crate::serving::Peer;
use crate::web::page::{page, store_problem};
use crate::web::state::{Web, as_learner};

/// The list's query: a role id to show only that role's scenarios.
#[derive(Debug, Default, serde::Deserialize)]
pub struct Filter {
    #[serde(default)]
    pub role: String,
}

/// `GET /`: the scenarios, or how to sign in.
pub async fn home(
    State(web): State<Arc<Web>>,
    Extension(peer): Extension<Peer>,
    headers: HeaderMap,
    Query(filter): Query<Filter>,
) -> Response {
    as_learner(web, headers, peer, move |web, visitor| {
        let mut store = web.store();
        let trainer = web.trainer(&mut store, visitor.learner);
        let statuses = trainer.statuses().map_err(|e| store_problem(&e))?;
        let learner = trainer.learner().map(|l| l.name).unwrap_or_default();
        drop(trainer);
        let admin = web.is_admin(&store, &visitor).unwrap_or(false);
        drop(store);
        let catalogue = &web.library.catalogue;
        let mut roles: Vec<&str> = web
            .library
            .scenarios()
            .flat_map(|s| s.meta().roles.iter().map(String::as_str))
            .collect();
        roles.sort_by_key(|r| catalogue.role_name(r).to_lowercase());
        roles.dedup();
        let shown: Vec<_> = web
            .library
            .scenarios()
            .filter(|s| filter.role.is_empty() || s.meta().roles.contains(&filter.role))
            .collect();
        let unavailable: Vec<_> = web.entries.iter().filter(|e| e.scenario.is_none()).collect();
        Ok(page(
            "Scenarios",
            Some(&visitor),
            html! {
                h1 { "Scenarios" }
                @if !learner.is_empty() { p { "Signed in as " strong { (learner) } "." } }
                @if admin { p { "You can see how everyone is doing in the " a href="/team" { "team report" } "." } }
                p { "Each scenario is a few decisions about social media at work. There are no time limits unless you choose them, and your choices are saved as you go." }
                form method="get" action="/" class="filter" {
                    label for="role" { "Show scenarios for" }
                    select id="role" name="role" {
                        option value="" selected[filter.role.is_empty()] { "every role" }
                        @for r in &roles {
                            option value=(r) selected[filter.role == *r] { (catalogue.role_name(r)) }
                        }
                    }
                    button type="submit" { "Show" }
                }
                @if shown.is_empty() {
                    p { "No scenario is for that role yet. " a href="/" { "Show every scenario" } "." }
                }
                ul class="scenarios" {
                    @for s in &shown {
                        @let m = s.meta();
                        @let status = statuses.of(&m.id);
                        li {
                            h2 { a href={ "/scenarios/" (m.id) } { (m.title) } }
                            p { (m.summary) }
                            p class="meta" {
                                "For " (m.roles.iter().map(|r| catalogue.role_name(r)).collect::<Vec<_>>().join(", "))
                                "; about " (m.minutes) " minutes. "
                                span class={ "status " (status_class(&status)) } { "Status: " (status.word()) }
                            }
                        }
                    }
                }
                @for e in &unavailable {
                    p class="meta" { "Not available: " (e.file) ". Your training team has been told how to fix it." }
                }
            },
        ))
    })
    .await
}

fn status_class(s: &Status<'_>) -> &'static str {
    match s {
        Status::New => "new",
        Status::InProgress(_) => "in-progress",
        Status::Finished { passed: true, .. } => "passed",
        Status::Finished { passed: false, .. } => "not-passed",
    }
}
