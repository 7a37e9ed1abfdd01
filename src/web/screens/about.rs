//! The learner's settings (their name or staff number, time limits) and the accessibility
//! statement.

use std::sync::Arc;

use axum::Extension;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use maud::html;

use crate::service::Record;
use crate::serving::Peer;
use crate::web::identity::{Posted, check_form};
use crate::web::page::{csrf, page, problem, see_other, store_problem};
use crate::web::state::{Web, as_learner, blocking};

/// The longest name or staff number kept.
const MAX_NAME: usize = 120;

/// `GET /settings`.
pub async fn settings(
    State(web): State<Arc<Web>>,
    Extension(peer): Extension<Peer>,
    headers: HeaderMap,
) -> Response {
    as_learner(web, headers, peer, move |web, visitor| {
        let mut store = web.store();
        let trainer = web.trainer(&mut store, visitor.learner);
        let learner = trainer.learner().map_err(|e| store_problem(&e))?;
        drop(trainer);
        let role = store
            .known(visitor.learner)
            .map_err(|e| store_problem(&e))?
            .map(|k| k.role)
            .unwrap_or_default();
        drop(store);
        let mut roles: Vec<_> = web.library.catalogue.roles.iter().collect();
        roles.sort_by_key(|r| r.name.to_lowercase());
        Ok(page(
            "Settings",
            Some(&visitor),
            html! {
                h1 { "Settings" }
                form method="post" action="/settings" {
                    (csrf(&visitor))
                    div class="field" {
                        label for="name" { "Your name or staff number, as it should appear on your certificate and records" }
                        input type="text" id="name" name="name" value=(learner.name) maxlength=(MAX_NAME) autocomplete="name";
                    }
                    div class="field" {
                        label for="role" { "Your role, so your training team sees which scenarios you need and when" }
                        select id="role" name="role" {
                            option value="" selected[role.is_empty()] { "Not chosen" }
                            @for r in &roles {
                                option value=(r.id) selected[r.id == role] { (r.name) }
                            }
                        }
                    }
                    div class="field" {
                        input type="checkbox" id="untimed" name="untimed" value="on" checked[learner.untimed];
                        label for="untimed" { "No time limits: timed decisions wait for me" }
                    }
                    p class="meta" { "A few decisions have a time limit, as they might in real life. Turn limits off if you use assistive technology, need more time, or simply prefer to." }
                    button type="submit" { "Save settings" }
                }
            },
        ))
    })
    .await
}

/// What the settings form sends.
#[derive(Debug, serde::Deserialize)]
pub struct SettingsForm {
    pub csrf: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub untimed: Option<String>,
    /// A role id from roles.ron, or blank; absent leaves the role as it is.
    #[serde(default)]
    pub role: Option<String>,
}

/// `POST /settings`.
pub async fn save_settings(
    State(web): State<Arc<Web>>,
    Extension(peer): Extension<Peer>,
    headers: HeaderMap,
    Posted(form): Posted<SettingsForm>,
) -> Response {
    as_learner(web, headers, peer, move |web, visitor| {
        check_form(&visitor, &form.csrf)?;
        let name = form.name.trim();
        if name.chars().count() > MAX_NAME || name.chars().any(char::is_control) {
            return Err(problem(
                StatusCode::BAD_REQUEST,
                "A name or staff number is at most 120 letters, on one line. Go back and shorten it.",
            ));
        }
        let role = form.role.as_deref().map(str::trim);
        if let Some(r) = role.filter(|r| !r.is_empty())
            && web.library.catalogue.role(r).is_none()
        {
            return Err(problem(
                StatusCode::BAD_REQUEST,
                "That role is not one of the trust's roles. Go back and choose one from the list.",
            ));
        }
        let mut store = web.store();
        if let Some(r) = role {
            store
                .set_role(visitor.learner, r)
                .map_err(|e| store_problem(&e))?;
        }
        let mut trainer = web.trainer(&mut store, visitor.learner);
        for record in [
            Record::SetLearner(name.to_string()),
            Record::SetUntimed(form.untimed.is_some()),
        ] {
            if let Err(e) = trainer.write(&record) {
                return Err(store_problem(&e.source));
            }
        }
        Ok(see_other("/settings"))
    })
    .await
}

/// `GET /accessibility`: the accessibility statement, readable before signing in.
pub async fn accessibility(
    State(web): State<Arc<Web>>,
    Extension(peer): Extension<Peer>,
    headers: HeaderMap,
) -> Response {
    blocking(web, move |web| {
        let visitor = web.visitor(&headers, peer).ok().flatten();
        page(
            "Accessibility statement",
            visitor.as_ref(),
            html! {
                h1 { "Accessibility statement" }
                p { "canteen is built to meet the Web Content Accessibility Guidelines (WCAG) 2.2 at level AA. This statement covers the canteen trainer served by your trust." }
                h2 { "What you can do" }
                ul {
                    li { "Use every page with a keyboard alone: the Tab key moves between links, choices and buttons, and the focus is always visible." }
                    li { "Use a screen reader: each decision is a group of labelled options, and results are given in words and numbers, never by colour alone." }
                    li { "Zoom to 400% or use a screen 320 pixels wide: the text reflows without scrolling sideways." }
                    li { "Take your time: turn time limits off in Settings and timed decisions wait for you. A countdown, when shown, is announced politely and can be hidden." }
                    li { "Use it without JavaScript: every page works without it." }
                    li { "Stop at any point and carry on later, on any device: your choices are saved as you make them." }
                }
                h2 { "Other ways to take this training" }
                p { "canteen also runs in a terminal, with a plain-text mode for screen readers and braille displays, and in group workshops. Ask your training team." }
                h2 { "Checking" }
                p { "Every kind of page is checked automatically with axe-core in a browser each time canteen is built, and played through with the keyboard alone." }
                h2 { "Reporting a problem" }
                p { "If something does not work for you, tell your trust's training team, who run this service, and say which page and what happened. They can offer the training another way while it is fixed." }
            },
        )
    })
    .await
}
