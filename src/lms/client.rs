//! The LMS's side of a cmi5 launch over the network: the one-time fetch URL that gives the
//! session's token, the State API's `LMS.LaunchData`, and posting statements to its record
//! store. Blocking; each call has a time limit.

use std::time::Duration;

use serde_json::Value;

use crate::records::xapi::XAPI_VERSION;

/// Why a call to the LMS did not give what was asked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LmsError {
    #[error("canteen could not reach {url}: {reason}")]
    Network { url: String, reason: String },
    /// The fetch URL has been used already (cmi5 error code 1), or refused for another reason.
    #[error("the LMS's fetch URL refused to give a token ({code}: {text})")]
    FetchRefused { code: String, text: String },
    #[error("{url} refused (HTTP {status}): {message}")]
    Refused {
        url: String,
        status: u16,
        message: String,
    },
    #[error("{url} had a problem (HTTP {status})")]
    Server { url: String, status: u16 },
    #[error("{url} answered with something that is not {what}")]
    Garbled { url: String, what: &'static str },
}

impl LmsError {
    /// Whether trying again later may work (the LMS was down or busy).
    pub fn passing(&self) -> bool {
        matches!(self, LmsError::Network { .. } | LmsError::Server { .. })
            || matches!(
                self,
                LmsError::Refused {
                    status: 408 | 429,
                    ..
                }
            )
    }
}

/// A client for one LMS session.
#[derive(Debug, Clone)]
pub struct LmsClient {
    agent: ureq::Agent,
}

impl Default for LmsClient {
    fn default() -> Self {
        LmsClient::new(Duration::from_secs(10))
    }
}

fn quoted(text: &str) -> String {
    let message = serde_json::from_str::<Value>(text)
        .ok()
        .and_then(|v| v.get("message").and_then(Value::as_str).map(str::to_string))
        .unwrap_or_else(|| text.trim().to_string());
    let short: String = message.chars().take(300).collect();
    if short.is_empty() {
        "no message given".into()
    } else {
        format!("\"{short}\"")
    }
}

impl LmsClient {
    /// A client whose calls each take at most `timeout`.
    pub fn new(timeout: Duration) -> LmsClient {
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .timeout_connect(Some(Duration::from_secs(5).min(timeout)))
            .timeout_global(Some(timeout))
            .user_agent(concat!("canteen/", env!("CARGO_PKG_VERSION")))
            .build()
            .new_agent();
        LmsClient { agent }
    }

    /// The status and text of an answer, or why none came.
    fn read(
        url: &str,
        sent: Result<ureq::http::Response<ureq::Body>, ureq::Error>,
    ) -> Result<(u16, String), LmsError> {
        let mut r = sent.map_err(|e| LmsError::Network {
            url: url.to_string(),
            reason: e.to_string(),
        })?;
        let status = r.status().as_u16();
        let text = r
            .body_mut()
            .with_config()
            .limit(256 * 1024)
            .read_to_string()
            .unwrap_or_default();
        Ok((status, text))
    }

    /// The text of a 2xx answer; any other is an error.
    fn answer(
        url: &str,
        sent: Result<ureq::http::Response<ureq::Body>, ureq::Error>,
    ) -> Result<String, LmsError> {
        let (status, text) = Self::read(url, sent)?;
        match status {
            200..=299 => Ok(text),
            400..=499 => Err(LmsError::Refused {
                url: url.to_string(),
                status,
                message: quoted(&text),
            }),
            _ => Err(LmsError::Server {
                url: url.to_string(),
                status,
            }),
        }
    }

    /// POSTs to the fetch URL (once per launch) for the session's authorisation token.
    pub fn fetch_token(&self, fetch: &str) -> Result<String, LmsError> {
        let (status, text) = Self::read(fetch, self.agent.post(fetch).send_empty())?;
        let v: Option<Value> = serde_json::from_str(&text).ok();
        let token = v
            .as_ref()
            .and_then(|v| v.get("auth-token"))
            .and_then(Value::as_str)
            .filter(|t| !t.is_empty());
        match (status, token) {
            (200..=299, Some(t)) => Ok(t.to_string()),
            (500.., _) => Err(LmsError::Server {
                url: fetch.to_string(),
                status,
            }),
            // A used fetch URL answers with an error document (cmi5 error code 1).
            _ => Err(fetch_error(v.as_ref())),
        }
    }

    /// Reads `LMS.LaunchData` from the State API.
    pub fn launch_data(
        &self,
        endpoint: &str,
        token: &str,
        activity_id: &str,
        actor: &Value,
        registration: &str,
    ) -> Result<Value, LmsError> {
        let url = format!("{endpoint}/activities/state");
        let agent = actor.to_string();
        let sent = self
            .agent
            .get(&url)
            .query("stateId", "LMS.LaunchData")
            .query("activityId", activity_id)
            .query("agent", &agent)
            .query("registration", registration)
            .header("Authorization", &format!("Basic {token}"))
            .header("X-Experience-API-Version", XAPI_VERSION)
            .call();
        let text = Self::answer(&url, sent)?;
        serde_json::from_str(&text).map_err(|_| LmsError::Garbled {
            url,
            what: "cmi5 launch data",
        })
    }

    /// Posts statements, in order, in one request.
    pub fn send(&self, endpoint: &str, token: &str, statements: &[Value]) -> Result<(), LmsError> {
        let url = format!("{endpoint}/statements");
        let body = Value::Array(statements.to_vec()).to_string();
        let sent = self
            .agent
            .post(&url)
            .header("Authorization", &format!("Basic {token}"))
            .header("X-Experience-API-Version", XAPI_VERSION)
            .header("Content-Type", "application/json")
            .send(body);
        Self::answer(&url, sent).map(|_| ())
    }
}

fn fetch_error(v: Option<&Value>) -> LmsError {
    let field = |n: &str| {
        v.and_then(|v| v.get(n)).map(|c| {
            c.as_str()
                .map(str::to_string)
                .unwrap_or_else(|| c.to_string())
        })
    };
    LmsError::FetchRefused {
        code: field("error-code").unwrap_or_else(|| "no error code".into()),
        text: field("error-text").unwrap_or_else(|| "no message".into()),
    }
}
