//! Sending the outbox to a learning record store: POST `{endpoint}/statements` in batches with
//! `X-Experience-API-Version: 1.0.3` and basic auth. A batch leaves the outbox only when the LRS
//! answers 2xx; a network failure or a 5xx stops and keeps the rest for a rerun; a 4xx stops
//! with the LRS's own message (resending the same statements would be refused again).

use std::time::Duration;

use base64::Engine;
use thiserror::Error;

use super::settings::Credentials;
use super::store::{Store, StoreError};
use super::xapi::XAPI_VERSION;

/// Statements per request unless asked otherwise.
pub const DEFAULT_BATCH: usize = 50;

/// How much of an LRS's answer is quoted in a message.
const QUOTE: usize = 600;

/// Why sending stopped; every case says how many were sent and how many wait.
#[derive(Debug, Error)]
pub enum SendError {
    #[error(
        "could not reach the LRS at {url}: {reason}. {sent} of {total} statements sent; the other \
         {left} wait in the outbox: run the same command again to send them"
    )]
    Network {
        url: String,
        reason: String,
        sent: usize,
        total: usize,
        left: usize,
    },
    #[error(
        "the LRS at {url} had a problem (HTTP {status}): {message}. {sent} of {total} statements \
         sent; the other {left} wait in the outbox: run the same command again later"
    )]
    Server {
        url: String,
        status: u16,
        message: String,
        sent: usize,
        total: usize,
        left: usize,
    },
    #[error(
        "the LRS at {url} refused the statements (HTTP {status}): {message}. {sent} of {total} \
         statements sent; {left} wait in the outbox"
    )]
    Refused {
        url: String,
        status: u16,
        message: String,
        sent: usize,
        total: usize,
        left: usize,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A learning record store: its statements resource and how to sign in.
pub struct Lrs {
    url: String,
    authorization: String,
    agent: ureq::Agent,
}

/// The statements resource of an LRS endpoint: `…/statements`, added unless already there.
pub fn statements_url(endpoint: &str) -> String {
    let base = endpoint.trim().trim_end_matches('/');
    if base.ends_with("/statements") {
        base.to_string()
    } else {
        format!("{base}/statements")
    }
}

/// Checks an LRS address given on the command line: http(s), and no credentials in it.
pub fn check_endpoint(endpoint: &str) -> Result<(), String> {
    let Some((scheme, rest)) = endpoint.split_once("://") else {
        return Err(format!(
            "\"{endpoint}\" is not an LRS address: give the endpoint, like https://lrs.example.nhs.uk/xapi"
        ));
    };
    if !matches!(scheme.to_ascii_lowercase().as_str(), "http" | "https") {
        return Err(format!(
            "\"{endpoint}\" is not an http or https address; canteen sends statements over HTTP(S)"
        ));
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if authority.contains('@') {
        return Err(
            "the LRS address has a user name or password in it. Credentials are never taken from \
             the command line, where shell history keeps them: set CANTEEN_LRS_KEY and \
             CANTEEN_LRS_SECRET, or lrs_key and lrs_secret in the settings file"
                .into(),
        );
    }
    if authority.is_empty() {
        return Err(format!("\"{endpoint}\" has no host"));
    }
    Ok(())
}

impl Lrs {
    /// An LRS at `endpoint` (the address before `/statements`), signing in with `credentials`.
    pub fn new(endpoint: &str, credentials: &Credentials, timeout: Duration) -> Lrs {
        let token = base64::engine::general_purpose::STANDARD
            .encode(format!("{}:{}", credentials.key, credentials.secret));
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_connect(Some(Duration::from_secs(10).min(timeout)))
            .timeout_global(Some(timeout))
            .user_agent(concat!("canteen/", env!("CARGO_PKG_VERSION")))
            .build()
            .new_agent();
        Lrs {
            url: statements_url(endpoint),
            authorization: format!("Basic {token}"),
            agent,
        }
    }

    /// The statements resource statements are posted to.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Posts one batch (a JSON array); the status and the answer's text, or why no answer came.
    fn post(&self, body: String) -> Result<(u16, String), String> {
        let mut response = self
            .agent
            .post(&self.url)
            .header("X-Experience-API-Version", XAPI_VERSION)
            .header("Content-Type", "application/json")
            .header("Authorization", &self.authorization)
            .send(body)
            .map_err(|e| e.to_string())?;
        let status = response.status().as_u16();
        // The answer's text is only quoted in messages; an unreadable one is not a failure.
        let text = response
            .body_mut()
            .with_config()
            .limit(64 * 1024)
            .read_to_string()
            .unwrap_or_default();
        Ok((status, text))
    }

    /// Sends everything in the outbox, `batch` statements at a time, calling `progress` with
    /// (sent, total) after each acknowledged batch; returns how many were sent.
    pub fn send_outbox(
        &self,
        store: &mut Store,
        batch: usize,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<usize, SendError> {
        let total = store.outbox_len()?;
        let mut sent = 0;
        loop {
            let waiting = store.outbox_front(batch.max(1))?;
            if waiting.is_empty() {
                return Ok(sent);
            }
            let body = format!(
                "[{}]",
                waiting
                    .iter()
                    .map(|w| w.body.as_str())
                    .collect::<Vec<_>>()
                    .join(",")
            );
            let left = total.saturating_sub(sent);
            let (status, text) = self.post(body).map_err(|reason| SendError::Network {
                url: self.url.clone(),
                reason,
                sent,
                total,
                left,
            })?;
            match status {
                200..=299 => {
                    let ids: Vec<String> = waiting.into_iter().map(|w| w.statement_id).collect();
                    store.acknowledge(&ids)?;
                    sent += ids.len();
                    progress(sent, total);
                }
                400..=499 => {
                    return Err(SendError::Refused {
                        url: self.url.clone(),
                        status,
                        message: lrs_message(&text),
                        sent,
                        total,
                        left,
                    });
                }
                _ => {
                    return Err(SendError::Server {
                        url: self.url.clone(),
                        status,
                        message: lrs_message(&text),
                        sent,
                        total,
                        left,
                    });
                }
            }
        }
    }
}

/// The LRS's own words: the `message` of a JSON answer, else its text, shortened.
fn lrs_message(text: &str) -> String {
    let message = serde_json::from_str::<serde_json::Value>(text)
        .ok()
        .and_then(|v| {
            v.get("message")
                .and_then(|m| m.as_str())
                .map(str::to_string)
        })
        .unwrap_or_else(|| text.trim().to_string());
    if message.is_empty() {
        return "no message given".into();
    }
    let mut quoted: String = message.chars().take(QUOTE).collect();
    if message.chars().count() > QUOTE {
        quoted.push('…');
    }
    format!("\"{quoted}\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_statements_resource_is_added_once() {
        assert_eq!(
            statements_url("https://lrs.example/xapi/"),
            "https://lrs.example/xapi/statements"
        );
        assert_eq!(
            statements_url("https://lrs.example/xapi/statements"),
            "https://lrs.example/xapi/statements"
        );
    }

    #[test]
    fn credentials_in_the_address_are_refused() {
        assert!(check_endpoint("https://lrs.example/xapi").is_ok());
        let e = check_endpoint("https://key:secret@lrs.example/xapi").unwrap_err();
        assert!(e.contains("never taken from the command line"), "{e}");
        assert!(check_endpoint("ftp://lrs.example").is_err());
        assert!(check_endpoint("lrs.example").is_err());
    }

    #[test]
    fn the_lrs_message_is_quoted() {
        assert_eq!(
            lrs_message(r#"{"message": "actor is missing"}"#),
            "\"actor is missing\""
        );
        assert_eq!(lrs_message("  Bad things\n"), "\"Bad things\"");
        assert_eq!(lrs_message(""), "no message given");
    }
}
