//! How every page of the web shell is drawn, with maud: the layout, the problem pages, and
//! the small pieces screens share. The screens themselves are in [`super::screens`].
//!
//! Every page works with no JavaScript and no external asset; meaning is carried by words
//! (and numbers), never by colour alone.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use maud::{DOCTYPE, Markup, html};

use super::visitor::Visitor;
use crate::records::StoreError;
use crate::service::TAGLINE;
use crate::serving::retry_after;

const STYLE: &str = include_str!("style.css");
const COUNTDOWN: &str = include_str!("countdown.js");

fn typed(content_type: &'static str, body: &'static str) -> Response {
    let mut r = body.into_response();
    r.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    r
}

/// `GET /style.css`.
pub async fn style() -> Response {
    typed("text/css; charset=utf-8", STYLE)
}

/// `GET /countdown.js`: the optional countdown on a timed decision.
pub async fn countdown() -> Response {
    typed("text/javascript; charset=utf-8", COUNTDOWN)
}

/// A file to download: its body, type and name (quotes and backslashes dropped from it).
pub fn download(body: String, content_type: &'static str, file_name: &str) -> Response {
    let mut r = body.into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    let name = file_name.replace(['"', '\\'], "");
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    r
}

/// A whole page: the layout around `body`, with the navigation when someone is signed in.
pub fn page(title: &str, visitor: Option<&Visitor>, body: Markup) -> Response {
    page_with(StatusCode::OK, title, visitor, body)
}

/// A whole page with this status.
pub fn page_with(
    status: StatusCode,
    title: &str,
    visitor: Option<&Visitor>,
    body: Markup,
) -> Response {
    let markup = html! {
        (DOCTYPE)
        html lang="en-GB" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " - canteen" }
                link rel="stylesheet" href="/style.css";
            }
            body {
                a class="skip" href="#main" { "Skip to main content" }
                header {
                    p class="brand" { a href="/" { "canteen" } span { ": " (TAGLINE) } }
                    @if let Some(v) = visitor {
                        nav aria-label="Main" {
                            ul {
                                li { a href="/" { "Scenarios" } }
                                li { a href="/records" { "My records" } }
                                li { a href="/settings" { "Settings" } }
                                li { a href="/accessibility" { "Accessibility" } }
                                li {
                                    form method="post" action="/sign-out" {
                                        input type="hidden" name="csrf" value=(v.csrf);
                                        button type="submit" class="link" { "Sign out" }
                                    }
                                }
                            }
                        }
                    }
                }
                main id="main" tabindex="-1" { (body) }
                @if let Some(origin) = visitor.and_then(|v| v.relay.as_deref()) {
                    script src="/scorm-relay.js" data-origin=(origin) defer {}
                }
                footer {
                    p { "If you wouldn't say it in the canteen, think before you type it. "
                        a href="/accessibility" { "Accessibility statement" } }
                }
            }
        }
    };
    let mut r = (status, markup.into_string()).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    if let Some(v) = visitor {
        if v.relay.is_some() {
            // A window a SCORM unit opened keeps its opener, to report back to it.
            r.headers_mut().insert(
                "cross-origin-opener-policy",
                HeaderValue::from_static("unsafe-none"),
            );
        }
        r = v.with_cookie(r);
    }
    r
}

/// A page that says what went wrong and what to do, with its status.
pub fn problem(status: StatusCode, message: &str) -> Response {
    let heading = match status {
        StatusCode::NOT_FOUND => "Page not found",
        StatusCode::FORBIDDEN => "That cannot be done",
        StatusCode::TOO_MANY_REQUESTS => "Slow down a moment",
        StatusCode::PAYLOAD_TOO_LARGE | StatusCode::BAD_REQUEST => {
            "That request was not understood"
        }
        s if s.is_server_error() => "canteen could not do that just now",
        _ => "That cannot be done",
    };
    page_with(
        status,
        heading,
        None,
        html! {
            h1 { (heading) }
            p { (message) }
            p { a href="/" { "Go to the list of scenarios" } }
        },
    )
}

/// The records could not be read or written: nothing is lost, and the learner is told so.
pub fn store_problem(e: &StoreError) -> Response {
    problem(
        StatusCode::SERVICE_UNAVAILABLE,
        &format!(
            "canteen could not reach its records just now, so nothing was changed ({e}). Your earlier choices are kept. Try again in a moment."
        ),
    )
}

/// Too many requests: how long to wait, in words and in `Retry-After`.
pub fn slow_down(wait: std::time::Duration) -> Response {
    let s = retry_after(wait).max(1);
    let mut r = problem(
        StatusCode::TOO_MANY_REQUESTS,
        &format!(
            "That was a lot of requests at once. Try again in {s} second{}.",
            if s == 1 { "" } else { "s" }
        ),
    );
    if let Ok(v) = HeaderValue::from_str(&s.to_string()) {
        r.headers_mut().insert(header::RETRY_AFTER, v);
    }
    r
}

/// Not signed in: how to sign in.
pub fn not_signed_in() -> Response {
    page_with(
        StatusCode::UNAUTHORIZED,
        "Sign in",
        None,
        html! {
            h1 { "Sign in to canteen" }
            p { "canteen is the trust's training in using social media well. To start, open the sign-in link your training team sent you, or sign in through your trust's usual sign-in page." }
            p { "If your link has expired or been used, ask your training team for a new one." }
            p { a href="/accessibility" { "Accessibility statement" } }
        },
    )
}

/// Answers a form by sending the browser to the page that shows its result (so reloading
/// that page never sends the form again).
pub fn see_other(location: &str) -> Response {
    let mut r = StatusCode::SEE_OTHER.into_response();
    if let Ok(v) = HeaderValue::from_str(location) {
        r.headers_mut().insert(header::LOCATION, v);
    }
    r
}

/// The hidden field every form carries.
pub fn csrf(visitor: &Visitor) -> Markup {
    html! { input type="hidden" name="csrf" value=(visitor.csrf); }
}

/// Text with the source file's line breaks joined: one `<p>` per paragraph.
pub fn paragraphs(text: &str) -> Markup {
    html! {
        @for p in crate::format::prose::paragraphs(text).filter(|p| !p.is_empty()) {
            p { (p) }
        }
    }
}
