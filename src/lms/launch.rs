//! A cmi5 launch as the LMS makes it: the five query parameters of the launch address, and
//! the `LMS.LaunchData` document it keeps in its record store's State API. Pure: checking and
//! reading only.

use std::collections::HashMap;

use serde_json::Value;

/// The parameters of a launch, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Launch {
    /// The LMS's record store (xAPI endpoint), without a trailing `/`.
    pub endpoint: String,
    /// The one-time address that gives the session's authorisation token.
    pub fetch: String,
    /// The learner as the LMS names them: the actor JSON, sent back unchanged.
    pub actor: Value,
    /// The account's home page and name.
    pub account: (String, String),
    /// The learner's name for display, when the LMS gives one.
    pub name: Option<String>,
    pub registration: String,
    /// The unit's activity id, the object of every cmi5 defined statement.
    pub activity_id: String,
}

/// What is wrong with a launch address.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LaunchProblem {
    #[error("the launch address is missing {}", .0.join(", "))]
    Missing(Vec<&'static str>),
    #[error("the launch's {what} ({given:?}) is not an http or https address")]
    NotAnAddress { what: &'static str, given: String },
    #[error("the launch's actor is not an xAPI agent with an account (homePage and name)")]
    Actor,
    #[error("the launch's registration ({0:?}) is not a UUID")]
    Registration(String),
}

fn web_address(what: &'static str, given: &str) -> Result<String, LaunchProblem> {
    let ok = given
        .parse::<axum::http::Uri>()
        .ok()
        .filter(|u| matches!(u.scheme_str(), Some("http" | "https")) && u.host().is_some());
    match ok {
        Some(_) => Ok(given.trim_end_matches('/').to_string()),
        None => Err(LaunchProblem::NotAnAddress {
            what,
            given: given.chars().take(200).collect(),
        }),
    }
}

impl Launch {
    /// Reads a launch from the query parameters of the launch address.
    pub fn from_query(q: &HashMap<String, String>) -> Result<Launch, LaunchProblem> {
        let names = ["endpoint", "fetch", "actor", "registration", "activityId"];
        let missing: Vec<&'static str> = names
            .into_iter()
            .filter(|n| q.get(*n).is_none_or(|v| v.trim().is_empty()))
            .collect();
        if !missing.is_empty() {
            return Err(LaunchProblem::Missing(missing));
        }
        let get = |n: &str| q.get(n).map(|v| v.trim().to_string()).unwrap_or_default();
        let endpoint = web_address("endpoint", &get("endpoint"))?;
        let fetch = web_address("fetch URL", &get("fetch"))?;
        let actor: Value = serde_json::from_str(&get("actor")).map_err(|_| LaunchProblem::Actor)?;
        let account = actor
            .get("account")
            .and_then(|a| Some((a.get("homePage")?.as_str()?, a.get("name")?.as_str()?)))
            .filter(|(h, n)| !h.trim().is_empty() && !n.trim().is_empty() && n.len() <= 320)
            .map(|(h, n)| (h.trim().to_string(), n.trim().to_string()))
            .ok_or(LaunchProblem::Actor)?;
        let name = actor
            .get("name")
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(|n| n.chars().take(200).collect());
        let registration = get("registration");
        let registration = uuid::Uuid::try_parse(&registration)
            .map_err(|_| LaunchProblem::Registration(registration.chars().take(80).collect()))?
            .hyphenated()
            .to_string();
        let activity_id =
            web_address("activityId", &get("activityId")).map(|_| get("activityId"))?;
        Ok(Launch {
            endpoint,
            fetch,
            actor,
            account,
            name,
            registration,
            activity_id,
        })
    }

    /// The key the learner is known by in canteen's records: the LMS account's name under
    /// its home page, so two systems' staff numbers never meet.
    pub fn learner_key(&self) -> String {
        format!(
            "{}#{}",
            self.account.0.trim_end_matches('/'),
            self.account.1
        )
    }
}

/// The launch mode: only `Normal` launches are assessed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Normal,
    Browse,
    Review,
}

/// `LMS.LaunchData`, as far as canteen uses it.
#[derive(Debug, Clone, PartialEq)]
pub struct LaunchData {
    /// Merged into the context of every statement.
    pub context_template: Value,
    pub mode: Mode,
    /// Where "Exit" takes the learner.
    pub return_url: Option<String>,
    /// The scaled score to pass, when the LMS sets one (it overrides the scenario's pass mark).
    pub mastery: Option<f64>,
    pub move_on: String,
}

impl LaunchData {
    /// Reads the document; what the specification requires must be there.
    pub fn from_json(v: &Value) -> Result<LaunchData, String> {
        let context_template = v
            .get("contextTemplate")
            .filter(|c| c.is_object())
            .cloned()
            .ok_or("it has no contextTemplate")?;
        let mode = match v.get("launchMode").and_then(Value::as_str) {
            Some("Normal") => Mode::Normal,
            Some("Browse") => Mode::Browse,
            Some("Review") => Mode::Review,
            other => {
                return Err(format!(
                    "its launchMode {other:?} is not Normal, Browse or Review"
                ));
            }
        };
        let mastery = match v.get("masteryScore") {
            None | Some(Value::Null) => None,
            Some(m) => Some(
                m.as_f64()
                    .filter(|m| (0.0..=1.0).contains(m))
                    .ok_or("its masteryScore is not between 0 and 1")?,
            ),
        };
        Ok(LaunchData {
            context_template,
            mode,
            return_url: v
                .get("returnURL")
                .and_then(Value::as_str)
                .filter(|u| web_address("returnURL", u).is_ok())
                .map(str::to_string),
            mastery,
            move_on: v
                .get("moveOn")
                .and_then(Value::as_str)
                .unwrap_or("NotApplicable")
                .to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn every_missing_parameter_is_named() {
        let e =
            Launch::from_query(&query(&[("endpoint", "https://lrs.example/xapi")])).unwrap_err();
        assert_eq!(
            e,
            LaunchProblem::Missing(vec!["fetch", "actor", "registration", "activityId"])
        );
    }

    #[test]
    fn a_launch_needs_an_account_actor() {
        let mut q = query(&[
            ("endpoint", "https://lrs.example/xapi"),
            ("fetch", "https://lms.example/fetch/1"),
            ("actor", r#"{"mbox":"mailto:a@b.nhs.uk"}"#),
            ("registration", "6f1c0a52-3c1d-4b8e-9a51-0c9c2d0e7a10"),
            ("activityId", "https://t.example/scenarios/x"),
        ]);
        assert_eq!(Launch::from_query(&q), Err(LaunchProblem::Actor));
        q.insert(
            "actor".into(),
            r#"{"objectType":"Agent","name":"Sam","account":{"homePage":"https://esr.example","name":"123"}}"#.into(),
        );
        let l = Launch::from_query(&q).unwrap();
        assert_eq!(l.learner_key(), "https://esr.example#123");
        assert_eq!(l.name.as_deref(), Some("Sam"));
    }

    #[test]
    fn launch_data_needs_a_context_template_and_a_mode() {
        let d = LaunchData::from_json(&serde_json::json!({
            "contextTemplate": {"extensions": {}}, "launchMode": "Review", "masteryScore": 0.8,
            "moveOn": "CompletedAndPassed", "returnURL": "https://lms.example/back"
        }))
        .unwrap();
        assert_eq!(d.mode, Mode::Review);
        assert_eq!(d.mastery, Some(0.8));
        assert!(LaunchData::from_json(&serde_json::json!({"launchMode": "Normal"})).is_err());
    }
}
