//! The learner a request is from, as every screen and the layout see them.

use axum::http::{HeaderValue, header};
use axum::response::Response;

use crate::records::LearnerId;

/// A signed-in learner on this request.
#[derive(Debug, Clone)]
pub struct Visitor {
    pub learner: LearnerId,
    pub csrf: String,
    /// A cookie to set on the answer, when this request opened the session (single sign-on).
    pub cookie: Option<String>,
    /// The sign-on proxy says, on this request, that they are in a group the trust named as
    /// the training team's (`serve --admin-group`).
    pub in_admin_group: bool,
    /// The LMS origin their pages report to, when a SCORM unit opened their window.
    pub relay: Option<String>,
}

impl Visitor {
    /// Adds the session cookie to an answer when this request opened the session.
    pub fn with_cookie(&self, mut r: Response) -> Response {
        if let Some(c) = &self.cookie
            && let Ok(v) = HeaderValue::from_str(c)
        {
            r.headers_mut().append(header::SET_COOKIE, v);
        }
        r
    }
}
