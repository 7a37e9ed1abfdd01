//! Who the learner is: a sign-in session from an invite link or the trust's single sign-on,
//! carried in a cookie, and the token every form carries against cross-site requests.
//!
//! The session cookie holds a random 256-bit token (`HttpOnly`, `SameSite=Lax`, `Secure`
//! when canteen is reached over https); the store keeps only its hash. An invite link's GET
//! only shows a button: mail scanners that open links do not use up the invite.

use std::sync::Arc;

use axum::Extension;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use maud::html;

use super::page::{self as pages, problem, see_other};
use super::state::{Web, as_learner, blocking};
pub use super::visitor::Visitor;
use crate::records::{InviteRefused, SignedIn};
use crate::serving::Peer;

/// The session cookie's name.
pub const COOKIE: &str = "canteen_session";

/// The seconds since 1970, as the store keeps times.
pub(super) fn now() -> i64 {
    jiff::Timestamp::now().as_second()
}

/// The session token in the request's cookies, if any.
fn session_token(headers: &HeaderMap) -> Option<String> {
    crate::serving::cookie::hex_token(headers, COOKIE, 64)
}

/// The `Set-Cookie` value for a session token.
pub(super) fn cookie(web: &Web, token: &str) -> String {
    let secure = if web.options.secure() { "; Secure" } else { "" };
    format!(
        "{COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{secure}",
        web.options.idle.as_secs()
    )
}

impl Web {
    /// The learner signed in on this request, if any: by session cookie, else by the single
    /// sign-on header when it comes from the configured proxy (opening a session for them).
    pub(super) fn visitor(
        &self,
        headers: &HeaderMap,
        peer: Peer,
    ) -> Result<Option<Visitor>, Response> {
        let idle = self.options.idle.as_secs() as i64;
        let store = self.store();
        let unavailable = |e: crate::records::StoreError| {
            problem(
                StatusCode::SERVICE_UNAVAILABLE,
                &format!("canteen cannot read its records just now ({e}). Try again in a moment."),
            )
        };
        if let Some(token) = session_token(headers)
            && let Some(SignedIn { learner, csrf }) =
                store.session(&token, now(), idle).map_err(unavailable)?
        {
            if let Err(wait) = self.spend(&token) {
                return Err(pages::slow_down(wait));
            }
            return Ok(Some(Visitor {
                learner,
                csrf,
                cookie: None,
                in_admin_group: self.in_admin_group(headers, peer),
                relay: self.relays.of(learner).map(|r| r.origin),
            }));
        }
        let Some(sso) = &self.options.single_sign_on else {
            return Ok(None);
        };
        if peer.0 != sso.proxy {
            return Ok(None);
        }
        let Some(key) = headers
            .get(sso.header.as_str())
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
            .filter(|k| !k.is_empty() && k.len() <= 320)
        else {
            return Ok(None);
        };
        let learner = store.learner_for(key, key).map_err(unavailable)?;
        let (token, signed) = store.open_session(learner, now()).map_err(unavailable)?;
        Ok(Some(Visitor {
            learner,
            csrf: signed.csrf,
            cookie: Some(cookie(self, &token)),
            in_admin_group: self.in_admin_group(headers, peer),
            relay: self.relays.of(learner).map(|r| r.origin),
        }))
    }

    /// Whether the sign-on proxy, on this request and from its own address, lists the learner
    /// in one of the training team's groups. Asked on every request, so leaving the group
    /// takes effect at once.
    fn in_admin_group(&self, headers: &HeaderMap, peer: Peer) -> bool {
        let Some(sso) = &self.options.single_sign_on else {
            return false;
        };
        let Some((header, admin_groups)) = &sso.groups else {
            return false;
        };
        if peer.0 != sso.proxy {
            return false;
        }
        headers
            .get_all(header.as_str())
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .any(|g| admin_groups.iter().any(|a| a.eq_ignore_ascii_case(g)))
    }

    /// The signed-in learner, or the page that says how to sign in.
    pub(super) fn signed_in(&self, headers: &HeaderMap, peer: Peer) -> Result<Visitor, Response> {
        match self.visitor(headers, peer)? {
            Some(v) => Ok(v),
            None => Err(pages::not_signed_in()),
        }
    }
}

/// Checks a form's token against the session's, in time that does not depend on where they
/// differ.
pub(super) fn check_form(visitor: &Visitor, sent: &str) -> Result<(), Response> {
    let a = visitor.csrf.as_bytes();
    let b = sent.as_bytes();
    let same = a.len() == b.len() && a.iter().zip(b).fold(0u8, |d, (x, y)| d | (x ^ y)) == 0;
    if same {
        Ok(())
    } else {
        Err(problem(
            StatusCode::FORBIDDEN,
            "This form has expired (you may have signed in again elsewhere). Go back, reload the page and try again.",
        ))
    }
}

fn token_shape(token: &str) -> bool {
    token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit())
}

/// `GET /sign-in/TOKEN`: a button to sign in (the GET itself uses nothing up).
pub async fn confirm(Path(token): Path<String>) -> Response {
    if !token_shape(&token) {
        return problem(
            StatusCode::NOT_FOUND,
            "This sign-in link is not complete. Copy the whole link from your invitation, or ask your training team for a new one.",
        );
    }
    pages::page(
        "Sign in",
        None,
        html! {
            h1 { "Sign in to canteen" }
            p { "canteen lets you practise using social media well in the NHS, at your own pace. Your choices are saved as you go, so you can stop and carry on later on any device." }
            form method="post" action={ "/sign-in/" (token) } {
                button type="submit" { "Sign in" }
            }
            p { "This link works once. After you sign in, this browser stays signed in until you sign out or leave it unused for a working day." }
        },
    )
}

/// `POST /sign-in/TOKEN`: uses the invite and opens a session.
pub async fn sign_in(
    State(web): State<Arc<Web>>,
    Extension(peer): Extension<Peer>,
    Path(token): Path<String>,
) -> Response {
    blocking(web, move |web| {
        if let Err(wait) = web.sign_in_allowed(peer.0) {
            return pages::slow_down(wait);
        }
        if !token_shape(&token) {
            web.sign_in_failed(peer.0);
            return problem(StatusCode::NOT_FOUND, "This sign-in link is not complete.");
        }
        let mut store = web.store();
        let learner = match store.redeem_invite(&token, now()) {
            Ok(Ok(l)) => l,
            Ok(Err(why)) => {
                web.sign_in_failed(peer.0);
                let message = match why {
                    InviteRefused::Unknown => "This sign-in link is not one canteen issued. Check you copied all of it, or ask your training team for a new one.",
                    InviteRefused::Used => "This sign-in link has been used already: each works once. If you signed in on another device, carry on there, or ask your training team for a new link.",
                    InviteRefused::Expired => "This sign-in link has expired. Ask your training team for a new one.",
                };
                return problem(StatusCode::FORBIDDEN, message);
            }
            Err(e) => return pages::store_problem(&e),
        };
        match store.open_session(learner, now()) {
            Ok((session, _)) => {
                let mut r = see_other("/");
                if let Ok(v) = HeaderValue::from_str(&cookie(web, &session)) {
                    r.headers_mut().insert(header::SET_COOKIE, v);
                }
                r
            }
            Err(e) => pages::store_problem(&e),
        }
    })
    .await
}

/// A form's fields; a form that is missing a field or not a form at all is answered with a
/// page that says so, not the framework's bare message.
#[derive(Debug)]
pub struct Posted<T>(pub T);

impl<T, S> axum::extract::FromRequest<S> for Posted<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = Response;

    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self, Response> {
        match axum::Form::<T>::from_request(req, state).await {
            Ok(axum::Form(t)) => Ok(Posted(t)),
            Err(_) => Err(problem(
                StatusCode::BAD_REQUEST,
                "That form was not complete. Go back, reload the page and try again.",
            )),
        }
    }
}

/// The form fields every form carries.
#[derive(Debug, serde::Deserialize)]
pub struct Token {
    pub csrf: String,
}

/// `POST /sign-out`: closes the session and forgets the cookie.
pub async fn sign_out(
    State(web): State<Arc<Web>>,
    Extension(peer): Extension<Peer>,
    headers: HeaderMap,
    Posted(form): Posted<Token>,
) -> Response {
    let session = session_token(&headers);
    as_learner(web, headers, peer, move |web, visitor| {
        check_form(&visitor, &form.csrf)?;
        if let Some(token) = session
            && let Err(e) = web.store().close_session(&token)
        {
            return Err(pages::store_problem(&e));
        }
        let mut r = pages::page(
            "Signed out",
            None,
            html! {
                h1 { "You have signed out" }
                p { "Your progress and records are kept. To carry on, use a new sign-in link or your trust's sign-in." }
            },
        );
        let gone = format!("{COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0");
        if let Ok(v) = HeaderValue::from_str(&gone) {
            r.headers_mut().insert(header::SET_COOKIE, v);
        }
        Ok(r)
    })
    .await
}
