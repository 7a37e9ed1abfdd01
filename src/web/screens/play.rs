//! Playing a scenario: its introduction, each decision as a form, and the feedback on each
//! choice. Progress lives in the store after every choice, so any device carries on.

use std::sync::Arc;
use std::time::Duration;

use axum::Extension;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use maud::{Markup, html};

use crate::engine::{Scenario, Session, Step};
use crate::records::Scoped;
use crate::service::feedback::{CRITICAL, touched};
use crate::service::{Attempt, Clock as _, Record, Status, Trainer, TurnError};
use crate::serving::Peer;
use crate::web::identity::{Posted, Token, Visitor, check_form};
use crate::web::page::{csrf, page, paragraphs, problem, see_other, store_problem};
use crate::web::state::{Web, as_learner};

/// A timed decision answered this long after its time counts as answered in time (the page
/// took a moment to arrive, the learner's network is slow).
const GRACE: Duration = Duration::from_secs(5);

fn scenario(web: &Web, id: &str) -> Result<Arc<Scenario>, Response> {
    web.library
        .scenarios()
        .find(|s| s.meta().id == id)
        .cloned()
        .ok_or_else(|| {
            problem(
                StatusCode::NOT_FOUND,
                "There is no scenario with that name. It may have been withdrawn: choose another from the list.",
            )
        })
}

/// The attempt in progress at a scenario, replayed from the store.
fn in_progress(
    trainer: &mut Trainer<Scoped<'_>>,
    scenario: &Arc<Scenario>,
    web: &Web,
) -> Result<Option<Attempt>, Response> {
    match trainer.resume(scenario, web.clock.now()) {
        Ok(a) => Ok(a.map(|(attempt, _gap)| attempt)),
        Err(e) => Err(store_problem(&e)),
    }
}

/// `GET /scenarios/ID`: what the scenario is, and start or carry on.
pub async fn intro(
    State(web): State<Arc<Web>>,
    Extension(peer): Extension<Peer>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    as_learner(web, headers, peer, move |web, visitor| {
        let s = scenario(web, &id)?;
        let mut store = web.store();
        let trainer = web.trainer(&mut store, visitor.learner);
        let statuses = trainer.statuses().map_err(|e| store_problem(&e))?;
        drop(trainer);
        drop(store);
        let m = s.meta();
        let status = statuses.of(&m.id);
        let catalogue = &web.library.catalogue;
        Ok(page(
            &m.title,
            Some(&visitor),
            html! {
                h1 { (m.title) }
                p { (m.summary) }
                p class="meta" {
                    "For " (m.roles.iter().map(|r| catalogue.role_name(r)).collect::<Vec<_>>().join(", "))
                    "; about " (m.minutes) " minutes; the pass mark is " (m.pass_mark) "%."
                }
                p { "Status: " strong { (status.word()) } }
                @if let Status::InProgress(p) = status {
                    p { "You have made " (p.steps.len()) " decision" @if p.steps.len() != 1 { "s" } " so far." }
                    p { a class="button" href={ "/scenarios/" (m.id) "/play" } { "Carry on" } }
                    form method="post" action={ "/scenarios/" (m.id) "/start" } {
                        (csrf(&visitor))
                        button type="submit" class="secondary" { "Start again" }
                    }
                } @else {
                    form method="post" action={ "/scenarios/" (m.id) "/start" } {
                        (csrf(&visitor))
                        button type="submit" { "Start" }
                    }
                }
                p { "There are no time limits unless you turn them on in " a href="/settings" { "Settings" } ". You can stop at any point: your choices are saved as you make them." }
            },
        ))
    })
    .await
}

/// `POST /scenarios/ID/start`: a new attempt, replacing any in progress.
pub async fn start(
    State(web): State<Arc<Web>>,
    Extension(peer): Extension<Peer>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Posted(form): Posted<Token>,
) -> Response {
    as_learner(web, headers, peer, move |web, visitor| {
        check_form(&visitor, &form.csrf)?;
        let s = scenario(web, &id)?;
        let mut store = web.store();
        let mut trainer = web.trainer(&mut store, visitor.learner);
        let mut attempt = trainer.start(Arc::clone(&s), web.clock.now());
        // Attempt ids are unique across every learner, even when `--seed` fixes the seed.
        attempt.progress.attempt_id = uuid::Uuid::new_v4().to_string();
        if let Err(e) = trainer.write(&Record::SaveProgress(attempt.progress.clone())) {
            return Err(store_problem(&e.source));
        }
        Ok(see_other(&format!("/scenarios/{}/play", s.meta().id)))
    })
    .await
}

/// `GET /scenarios/ID/play`: the decision the learner is at.
pub async fn decision(
    State(web): State<Arc<Web>>,
    Extension(peer): Extension<Peer>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    as_learner(web, headers, peer, move |web, visitor| {
        let s = scenario(web, &id)?;
        let mut store = web.store();
        let mut trainer = web.trainer(&mut store, visitor.learner);
        let untimed = trainer.learner().map(|l| l.untimed).unwrap_or(true);
        let attempt = match in_progress(&mut trainer, &s, web) {
            Ok(Some(a)) => a,
            Ok(None) => return Err(see_other(&format!("/scenarios/{}", s.meta().id))),
            Err(r) => return Err(r),
        };
        drop(trainer);
        drop(store);
        let done = attempt.session.history().len();
        web.shown(visitor.learner, &s.meta().id, done);
        Ok(decision_page(&visitor, &attempt.session, untimed))
    })
    .await
}

fn decision_page(visitor: &Visitor, session: &Session, untimed: bool) -> Response {
    let s = session.scenario();
    let m = s.meta();
    let done = session.history().len();
    let of = done + session.decisions_left();
    let timer = session.scene().and_then(|scene| scene.timer);
    page(
        &format!("Decision {} of {}: {}", done + 1, of, m.title),
        Some(visitor),
        html! {
            p class="meta" { (m.title) }
            h1 { "Decision " (done + 1) " of " (of) }
            (paragraphs(session.text().unwrap_or_default()))
            @if let Some(t) = timer {
                @if untimed {
                    p class="note" { "In real life this would need a quick answer (the trainer allows " (t.seconds) " seconds). You turned time limits off, so take the time you need." }
                } @else {
                    p class="note" { "You have " (t.seconds) " seconds for this decision, as you might in real life. If you answer later, the time will have run out. You can turn time limits off in " a href="/settings" { "Settings" } "." }
                    div id="countdown" data-seconds=(t.seconds) hidden {
                        p aria-live="polite" { }
                        button type="button" class="secondary" { "Hide the countdown" }
                    }
                    script src="/countdown.js" defer {}
                }
            }
            form method="post" action={ "/scenarios/" (m.id) "/play" } {
                (csrf(visitor))
                input type="hidden" name="step" value=(done);
                fieldset {
                    legend { "What do you do?" }
                    @for (i, c) in session.offered_choices().enumerate() {
                        div class="choice" {
                            input type="radio" name="choice" id={ "choice-" (i + 1) } value=(c.id) required;
                            label for={ "choice-" (i + 1) } { (c.text) }
                        }
                    }
                }
                button type="submit" { "Choose" }
            }
            p { "You can stop here and carry on later: your choices so far are saved." }
        },
    )
}

/// The choice a decision form sends.
#[derive(Debug, serde::Deserialize)]
pub struct Choose {
    pub csrf: String,
    /// How many decisions the learner had made when shown the form: a second send of the same
    /// form (a double click, the back button) is recognised and not taken again.
    pub step: usize,
    #[serde(default)]
    pub choice: String,
}

/// `POST /scenarios/ID/play`: takes the choice, saves it, then shows its feedback.
pub async fn choose(
    State(web): State<Arc<Web>>,
    Extension(peer): Extension<Peer>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Posted(form): Posted<Choose>,
) -> Response {
    as_learner(web, headers, peer, move |web, visitor| {
        check_form(&visitor, &form.csrf)?;
        let s = scenario(web, &id)?;
        let id = s.meta().id.clone();
        let mut store = web.store();
        let mut trainer = web.trainer(&mut store, visitor.learner);
        let untimed = trainer.learner().map(|l| l.untimed).unwrap_or(true);
        let mut attempt = match in_progress(&mut trainer, &s, web) {
            Ok(Some(a)) => a,
            // Finished already (the form was sent twice, the second after the ending).
            Ok(None) => return Err(see_other("/records")),
            Err(r) => return Err(r),
        };
        let done = attempt.session.history().len();
        if form.step != done {
            // An earlier form sent again: show where the learner is now.
            return Err(if form.step < done {
                see_other(&format!("/scenarios/{id}/feedback/{}", form.step + 1))
            } else {
                see_other(&format!("/scenarios/{id}/play"))
            });
        }
        if form.choice.is_empty() {
            return Err(problem(
                StatusCode::BAD_REQUEST,
                "Choose one of the options before pressing Choose. Go back to the decision to choose.",
            ));
        }
        let at = web.clock.now();
        let shown = web.shown_at(visitor.learner, &id, done);
        if let Some(shown) = shown {
            attempt.seen(shown);
        }
        let timer = attempt.session.scene().and_then(|scene| scene.timer);
        let late = match (timer, shown) {
            (Some(t), Some(shown)) if !untimed => {
                at.mono.saturating_sub(shown) > Duration::from_secs(u64::from(t.seconds)) + GRACE
            }
            _ => false,
        };
        let choice = (!late).then_some(form.choice.as_str());
        match trainer.take_turn(&mut attempt, choice, at) {
            Ok(_) => {
                drop(trainer);
                drop(store);
                web.launches.after_turn(visitor.learner, &id, &attempt, at.wall);
                web.launches.deliver(visitor.learner);
            }
            Err(TurnError::Play(_)) => {
                return Err(problem(
                    StatusCode::BAD_REQUEST,
                    "That choice is not one of the options at this decision. Go back to the decision and choose again.",
                ));
            }
            Err(TurnError::NotSaved(e)) => return Err(store_problem(&e.source)),
            // The store refused the write: the choice is not acknowledged, and since progress
            // is read back from the store, the learner simply makes it again.
            Err(TurnError::Unsaved { not_saved, .. }) => return Err(store_problem(&not_saved.source)),
        }
        Ok(if attempt.session.is_finished() {
            see_other(&format!("/records/{}/feedback", attempt.progress.attempt_id))
        } else {
            see_other(&format!("/scenarios/{id}/feedback/{}", done + 1))
        })
    })
    .await
}

/// `GET /scenarios/ID/feedback/N`: what the learner's Nth choice did.
pub async fn feedback(
    State(web): State<Arc<Web>>,
    Extension(peer): Extension<Peer>,
    headers: HeaderMap,
    Path((id, n)): Path<(String, usize)>,
) -> Response {
    as_learner(web, headers, peer, move |web, visitor| {
        let s = scenario(web, &id)?;
        let mut store = web.store();
        let mut trainer = web.trainer(&mut store, visitor.learner);
        let attempt = match in_progress(&mut trainer, &s, web) {
            Ok(Some(a)) => a,
            Ok(None) => return Err(see_other(&format!("/scenarios/{}", s.meta().id))),
            Err(r) => return Err(r),
        };
        drop(trainer);
        drop(store);
        let Some(step) = n
            .checked_sub(1)
            .and_then(|i| attempt.session.history().get(i))
        else {
            return Err(see_other(&format!("/scenarios/{}/play", s.meta().id)));
        };
        let next = html! {
            p { a class="button" href={ "/scenarios/" (s.meta().id) "/play" } { "Next decision" } }
        };
        Ok(page(
            &format!("Feedback on decision {n}: {}", s.meta().title),
            Some(&visitor),
            html! {
                p class="meta" { (s.meta().title) }
                h1 { "Feedback on decision " (n) }
                (feedback_of(&s, step))
                (next)
            },
        ))
    })
    .await
}

/// What a choice did: the choice, its verdict, the feedback, and each principle it upheld or
/// breached with its source.
pub fn feedback_of(s: &Scenario, step: &Step) -> Markup {
    let c = s.choice(step.choice);
    html! {
        @if step.timed_out {
            p { strong { "Time ran out: " } (c.text) }
        } @else {
            p { strong { "You chose: " } (c.text) }
        }
        @if c.critical { p class="critical" role="alert" { strong { (CRITICAL) } } }
        @if let Some(v) = c.verdict { p { "Verdict: " strong { (v.words()) } "." } }
        (paragraphs(&c.feedback))
        @let principles = touched(s, c, None);
        @if !principles.is_empty() {
            h2 { "Principles" }
            ul class="principles" {
                @for p in &principles {
                    li class=(if p.upheld { "upheld" } else { "breached" }) {
                        strong { (p.word()) ": " (p.name) } " (" (format!("{:+}", p.points)) " points). "
                        (p.description)
                        @if let Some(src) = &p.source { " Source: " (src) "." }
                    }
                }
            }
        }
    }
}
