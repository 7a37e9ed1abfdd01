//! A launch from the trust's LMS by cmi5: the launch address, the result's journey to the
//! LMS as the learner sees it, and "Exit" back to the LMS.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Extension;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use maud::{Markup, html};

use crate::lms::client::LmsError;
use crate::lms::launch::{Launch, LaunchData};
use crate::lms::statements::Cmi5Session;
use crate::service::{Clock as _, Record};
use crate::serving::Peer;
use crate::web::identity::{Posted, Token, Visitor, check_form};
use crate::web::launches::{Delivery, Launched};
use crate::web::page::{csrf, page, page_with, see_other, store_problem};
use crate::web::state::{Web, as_learner, blocking};

/// A launch that cannot go on: what went wrong, and to start again from the LMS.
fn launch_problem(status: StatusCode, message: &str) -> Response {
    page_with(
        status,
        "The course could not start",
        None,
        html! {
            h1 { "The course could not start" }
            p { (message) }
            p { "Close this window and start the course again from your learning system. If it happens again, tell your training team what this page says." }
        },
    )
}

/// The origin (`scheme://host:port`) of an address, in lower case.
pub fn origin(url: &str) -> Option<String> {
    let u = url.parse::<axum::http::Uri>().ok()?;
    Some(format!("{}://{}", u.scheme_str()?, u.authority()?).to_ascii_lowercase())
}

fn lms_problem(e: &LmsError) -> Response {
    match e {
        LmsError::FetchRefused { .. } => launch_problem(
            StatusCode::CONFLICT,
            &format!(
                "This launch has been used already: each start from the learning system works once ({e})."
            ),
        ),
        LmsError::Network { .. } | LmsError::Server { .. } => launch_problem(
            StatusCode::BAD_GATEWAY,
            &format!("canteen could not reach your learning system just now ({e})."),
        ),
        LmsError::Refused { .. } | LmsError::Garbled { .. } => launch_problem(
            StatusCode::BAD_GATEWAY,
            &format!("Your learning system refused canteen's request ({e})."),
        ),
    }
}

/// `GET /cmi5/ID?endpoint&fetch&actor&registration&activityId`: the LMS launches a unit.
pub async fn launch(
    State(web): State<Arc<Web>>,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    blocking(web, move |web| {
        start(web, &id, &query).unwrap_or_else(|r| r)
    })
    .await
}

fn start(web: &Web, id: &str, query: &HashMap<String, String>) -> Result<Response, Response> {
    if web.options.lms.is_empty() {
        return Err(launch_problem(
            StatusCode::FORBIDDEN,
            "This canteen does not take launches from a learning system: the training team names the learning system with `canteen serve --lms`.",
        ));
    }
    let launch = Launch::from_query(query).map_err(|e| {
        launch_problem(
            StatusCode::BAD_REQUEST,
            &format!("The launch address is not complete: {e}."),
        )
    })?;
    let trusted = |url: &str| origin(url).is_some_and(|o| web.options.lms.contains(&o));
    if !trusted(&launch.endpoint) || !trusted(&launch.fetch) {
        return Err(launch_problem(
            StatusCode::FORBIDDEN,
            "This launch comes from a learning system canteen has not been told to trust (its fetch URL and record store must be at an address given to `canteen serve --lms`).",
        ));
    }
    let Some(scenario) = web.library.scenarios().find(|s| s.meta().id == id).cloned() else {
        return Err(launch_problem(
            StatusCode::NOT_FOUND,
            "This course unit names a scenario canteen no longer has. The training team may need to upload a new package.",
        ));
    };
    let client = web.launches.client();
    let token = client
        .fetch_token(&launch.fetch)
        .map_err(|e| lms_problem(&e))?;
    let data = client
        .launch_data(
            &launch.endpoint,
            &token,
            &launch.activity_id,
            &launch.actor,
            &launch.registration,
        )
        .map_err(|e| lms_problem(&e))?;
    let data = LaunchData::from_json(&data).map_err(|why| {
        launch_problem(
            StatusCode::BAD_GATEWAY,
            &format!("Your learning system's launch data cannot be used: {why}."),
        )
    })?;
    // The LMS names the session in the context template; a template without one gets its own.
    let session_id = data.context_template["extensions"][crate::lms::statements::SESSION_ID]
        .as_str()
        .map(str::to_string)
        .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
    let session = Cmi5Session {
        launch,
        data,
        session_id,
    };
    let key = session.launch.learner_key();
    let name = session
        .launch
        .name
        .clone()
        .unwrap_or_else(|| session.launch.account.1.clone());
    let now = crate::web::identity::now();
    let (learner, cookie) = {
        let store = web.store();
        let learner = store
            .learner_for(&key, &name)
            .map_err(|e| store_problem(&e))?;
        let (cookie, _) = store
            .open_session(learner, now)
            .map_err(|e| store_problem(&e))?;
        (learner, cookie)
    };
    web.launches.open(
        learner,
        Launched::new(session, token, id.to_string(), jiff::Timestamp::now()),
    );
    if let Some(Delivery::Refused(why)) = web.launches.deliver(learner) {
        return Err(launch_problem(
            StatusCode::BAD_GATEWAY,
            &format!(
                "Your learning system's record store refused canteen's first statement, so your result could not reach it: {why}."
            ),
        ));
    }
    let carrying_on;
    // Carry on an attempt in progress; else start one (a Browse or Review launch too: it is
    // simply not reported as assessed).
    {
        let mut store = web.store();
        let mut trainer = web.trainer(&mut store, learner);
        let resumed = trainer
            .resume(&scenario, web.clock.now())
            .map_err(|e| store_problem(&e))?;
        carrying_on = resumed.is_some();
        if resumed.is_none() {
            let mut attempt = trainer.start(Arc::clone(&scenario), web.clock.now());
            attempt.progress.attempt_id = uuid::Uuid::new_v4().to_string();
            trainer
                .write(&Record::SaveProgress(attempt.progress.clone()))
                .map_err(|e| store_problem(&e.source))?;
        }
    }
    // A page, not a redirect: the learner's next request then comes from canteen's own page,
    // which is all the guard lets through after the LMS's cross-site launch.
    let m = scenario.meta();
    let mut r = page(
        &m.title,
        None,
        html! {
            h1 { (m.title) }
            p { "Welcome, " (name) ". Your learning system opened this scenario for you; your result goes back to it when you finish." }
            p { (m.summary) }
            p class="meta" { "About " (m.minutes) " minutes; the pass mark is " (m.pass_mark) "%." }
            p { a class="button" href={ "/scenarios/" (m.id) "/play" } {
                @if carrying_on { "Carry on" } @else { "Start" }
            } }
        },
    );
    if let Ok(v) = HeaderValue::from_str(&crate::web::identity::cookie(web, &cookie)) {
        r.headers_mut().insert(header::SET_COOKIE, v);
    }
    Ok(r)
}

/// What the learner is told about their result's journey to the LMS, and the Exit button;
/// nothing for a learner not launched from one.
pub fn notice(web: &Web, visitor: &Visitor) -> Markup {
    let Some(delivery) = web.launches.deliver(visitor.learner) else {
        return html! {};
    };
    let assessed = web
        .launches
        .with(visitor.learner, |l| l.session.assessed())
        .unwrap_or(true);
    html! {
        section aria-labelledby="lms" {
            h2 id="lms" { "Your learning system" }
            @match delivery {
                Delivery::Sent => @if assessed {
                    p { "Your result has been sent to your learning system." }
                } @else {
                    p { "This was a practice run (your learning system opened it to browse or review), so no result is sent." }
                },
                Delivery::Waiting => p role="status" { strong { "Your result is saved in canteen and will be sent to your learning system" } " as soon as it can be reached. You need do nothing more." },
                Delivery::Refused(why) => p role="alert" { "Your learning system's record store refused your result (" (why) "). It is kept in canteen: tell your training team." },
            }
            form method="post" action="/cmi5/exit" {
                (csrf(visitor))
                button type="submit" { "Exit and return to your learning system" }
            }
        }
    }
}

/// `POST /cmi5/exit`: ends the session with the LMS and returns to it.
pub async fn exit(
    State(web): State<Arc<Web>>,
    Extension(peer): Extension<Peer>,
    headers: HeaderMap,
    Posted(form): Posted<Token>,
) -> Response {
    as_learner(web, headers, peer, move |web, visitor| {
        check_form(&visitor, &form.csrf)?;
        let back = web
            .launches
            .with(visitor.learner, |l| l.return_url().map(str::to_string));
        let Some(back) = back else {
            return Ok(see_other("/"));
        };
        web.launches.terminate(visitor.learner, jiff::Timestamp::now());
        let delivery = web.launches.deliver(visitor.learner).unwrap_or(Delivery::Sent);
        match (delivery, back) {
            (Delivery::Sent, Some(url)) => Ok(see_other(&url)),
            (delivery, back) => Ok(page(
                "Return to your learning system",
                Some(&visitor),
                html! {
                    h1 { "Return to your learning system" }
                    @match delivery {
                        Delivery::Sent => p { "Your result has been sent. You can close this window." },
                        Delivery::Waiting => p role="status" { strong { "Your result is saved in canteen and will be sent to your learning system" } " as soon as it can be reached. You need do nothing more." },
                        Delivery::Refused(why) => p role="alert" { "Your learning system's record store refused your result (" (why) "). It is kept in canteen: tell your training team." },
                    }
                    @if let Some(url) = back {
                        p { a class="button" href=(url) { "Back to your learning system" } }
                    } @else {
                        p { "You can close this window." }
                    }
                },
            )),
        }
    })
    .await
}
