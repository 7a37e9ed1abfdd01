//! xAPI 1.0.3 statements for completed attempts, built from the record (and the scenario,
//! when it is still in the library, for the choice texts). Pure: no clock, network or files.
//!
//! Each attempt gives, in this order: one `answered` statement per decision (the scene is the
//! activity, the choice id the response), then `completed`, then `passed` or `failed`. Every
//! identifier is stable, so sending the same attempt twice sends the same statements:
//! - activities: `https://canteen.example/xapi/scenarios/{scenario id}` and
//!   `.../scenarios/{scenario id}/scenes/{scene id}`;
//! - statement ids: UUID v5 in [`statement_namespace`] of `{attempt id}/{kind}/{index}`;
//! - `context.registration`: the attempt id.
//!
//! canteen's own result extensions are documented on [`PRINCIPLE_SCORES`], [`CRITICAL_CHOICES`],
//! [`ENDING`] and [`TIMED_OUT`].

pub mod check;
mod spec;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use thiserror::Error;
use uuid::Uuid;

use super::attempt::AttemptRecord;
use crate::engine::Scenario;

/// The xAPI version these statements follow (sent as `X-Experience-API-Version`).
pub const XAPI_VERSION: &str = "1.0.3";

/// Extension on a result: the version of canteen's scoring rules that gave the score.
pub const SCORING_RULES: &str = "https://canteen.example/xapi/extensions/scoring-rules";
/// Context extension: the version of the scenario's content played (its governance record).
pub const CONTENT_VERSION: &str = "https://canteen.example/xapi/extensions/content-version";

/// The root of every IRI canteen mints for activities and extensions.
pub const IRI_ROOT: &str = "https://canteen.example/xapi";

/// Result extension: per-principle scores of the attempt, an object keyed by principle id, each
/// `{"name", "earned", "best", "worst", "percent"}` (`percent` is null when the principle was
/// not at stake in the attempt).
pub const PRINCIPLE_SCORES: &str = "https://canteen.example/xapi/extensions/principle-scores";

/// Result extension: ids of the critical choices made (any one fails the attempt).
pub const CRITICAL_CHOICES: &str = "https://canteen.example/xapi/extensions/critical-choices";

/// Result extension: the id of the ending the attempt reached.
pub const ENDING: &str = "https://canteen.example/xapi/extensions/ending";

/// Result extension on an `answered` statement: `true` when the time ran out and the story
/// played the author's consequence.
pub const TIMED_OUT: &str = "https://canteen.example/xapi/extensions/timed-out";

/// The language of display texts.
pub const LANGUAGE: &str = "en-GB";

const VERBS: &str = "http://adlnet.gov/expapi/verbs";
const SIMULATION: &str = "http://adlnet.gov/expapi/activities/simulation";
const INTERACTION: &str = "http://adlnet.gov/expapi/activities/cmi.interaction";

/// Why statements cannot be made for an attempt.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum XapiError {
    #[error(
        "an xAPI statement needs to say who the learner is, and no name or staff number was \
         given. Set one in canteen (press n on the scenario list) and export again"
    )]
    NoLearner,
    #[error(
        "the learner \"{learner}\" is not an email address, so statements name them by an \
         account, which needs the home page of the system that issued it (for example your \
         trust's ESR address). Set CANTEEN_XAPI_HOMEPAGE or xapi_homepage in the settings file"
    )]
    NoHomePage { learner: String },
    #[error("the attempt id \"{0}\" is not a UUID, so it cannot be an xAPI registration")]
    Registration(String),
}

/// Who the statements are about: an account on the trust's system, or an email address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    Account { home_page: String, name: String },
    Mbox { email: String },
}

impl Actor {
    /// The actor for a learner's name or staff number: `mbox` when it is an email address,
    /// else an `account` under `home_page`.
    pub fn for_learner(learner: &str, home_page: Option<&str>) -> Result<Actor, XapiError> {
        let learner = learner.trim();
        if learner.is_empty() {
            return Err(XapiError::NoLearner);
        }
        let email = learner.strip_prefix("mailto:").unwrap_or(learner);
        if is_email(email) {
            return Ok(Actor::Mbox {
                email: email.to_string(),
            });
        }
        match home_page.map(str::trim).filter(|h| !h.is_empty()) {
            Some(home_page) => Ok(Actor::Account {
                home_page: home_page.to_string(),
                name: learner.to_string(),
            }),
            None => Err(XapiError::NoHomePage {
                learner: learner.to_string(),
            }),
        }
    }

    fn to_json(&self) -> Value {
        match self {
            Actor::Account { home_page, name } => json!({
                "objectType": "Agent",
                "account": {"homePage": home_page, "name": name},
            }),
            Actor::Mbox { email } => json!({
                "objectType": "Agent",
                "mbox": format!("mailto:{email}"),
            }),
        }
    }
}

fn is_email(s: &str) -> bool {
    match s.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !s.contains(char::is_whitespace)
                && !domain.contains('@')
        }
        None => false,
    }
}

/// One xAPI statement, with its id kept beside the JSON for the outbox.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Statement {
    pub id: String,
    pub json: Value,
}

/// The namespace of statement ids: UUID v5 of [`IRI_ROOT`] in the URL namespace.
pub fn statement_namespace() -> Uuid {
    Uuid::new_v5(&Uuid::NAMESPACE_URL, IRI_ROOT.as_bytes())
}

/// The id of an attempt's statement of a kind (`answered`, `completed`, `passed`, `failed`)
/// and index (the decision's position for `answered`, else 0).
pub fn statement_id(attempt_id: &str, kind: &str, index: usize) -> String {
    Uuid::new_v5(
        &statement_namespace(),
        format!("{attempt_id}/{kind}/{index}").as_bytes(),
    )
    .to_string()
}

/// The activity IRI of a scenario.
pub fn scenario_iri(scenario_id: &str) -> String {
    format!("{IRI_ROOT}/scenarios/{}", iri_segment(scenario_id))
}

/// The activity IRI of a scene in a scenario.
pub fn scene_iri(scenario_id: &str, scene_id: &str) -> String {
    format!(
        "{}/scenes/{}",
        scenario_iri(scenario_id),
        iri_segment(scene_id)
    )
}

/// Percent-encodes what may not stand in a path segment (ids are normally plain already).
fn iri_segment(id: &str) -> String {
    id.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn verb(name: &str) -> Value {
    json!({"id": format!("{VERBS}/{name}"), "display": {LANGUAGE: name}})
}

fn language(text: &str) -> Value {
    json!({ LANGUAGE: text })
}

/// The statements of one finished attempt: `answered` per decision, then `completed`, then
/// `passed` or `failed`. `scenario` supplies scene and choice texts when it is still known.
pub fn statements(
    record: &AttemptRecord,
    actor: &Actor,
    scenario: Option<&Scenario>,
) -> Result<Vec<Statement>, XapiError> {
    let registration = Uuid::try_parse(&record.attempt_id)
        .map_err(|_| XapiError::Registration(record.attempt_id.clone()))?
        .hyphenated()
        .to_string();
    let actor = actor.to_json();
    // Milliseconds are as fine as xAPI compares timestamps; some stores refuse more digits.
    let timestamp = record
        .finished_at
        .round(jiff::Unit::Millisecond)
        .unwrap_or(record.finished_at)
        .to_string();
    let scenario_activity = {
        let mut definition = json!({
            "name": language(&record.scenario_title),
            "type": SIMULATION,
        });
        if let Some(s) = scenario.filter(|s| !s.meta().summary.is_empty()) {
            definition["description"] = language(&s.meta().summary);
        }
        json!({"objectType": "Activity", "id": scenario_iri(&record.scenario_id), "definition": definition})
    };
    let statement = |kind: &str, index: usize, object: Value, result: Value, parent: bool| {
        let id = statement_id(&record.attempt_id, kind, index);
        let mut context = json!({
            "registration": registration,
            "platform": "canteen",
            "language": LANGUAGE,
        });
        if let Some(v) = &record.content_version {
            context["extensions"] = json!({ CONTENT_VERSION: v });
        }
        if parent {
            context["contextActivities"] = json!({"parent": [{"objectType": "Activity", "id": scenario_iri(&record.scenario_id)}]});
        }
        Statement {
            id: id.clone(),
            json: json!({
                "id": id,
                "actor": actor,
                "verb": verb(kind),
                "object": object,
                "result": result,
                "context": context,
                "timestamp": timestamp,
            }),
        }
    };

    let mut out = Vec::with_capacity(record.steps.len() + 2);
    for (i, step) in record.steps.iter().enumerate() {
        let object = json!({
            "objectType": "Activity",
            "id": scene_iri(&record.scenario_id, &step.scene),
            "definition": scene_definition(record, &step.scene, i, scenario),
        });
        let mut result = json!({"response": step.choice});
        if step.timed_out {
            result["extensions"] = json!({ TIMED_OUT: true });
        }
        out.push(statement("answered", i, object, result, true));
    }
    let result = attempt_result(record);
    out.push(statement(
        "completed",
        0,
        scenario_activity.clone(),
        result.clone(),
        false,
    ));
    let kind = if record.passed { "passed" } else { "failed" };
    out.push(statement(kind, 0, scenario_activity, result, false));
    Ok(out)
}

/// The definition of a scene as a choice interaction: its name, its main text, and every
/// choice it can record (those offered and a timer's consequence) with its text.
fn scene_definition(
    record: &AttemptRecord,
    scene_id: &str,
    position: usize,
    scenario: Option<&Scenario>,
) -> Value {
    let scene = scenario.and_then(|s| s.scene_by_id(scene_id).map(|ix| (s, s.scene(ix))));
    let mut definition = json!({
        "name": language(&format!("{}: {scene_id}", record.scenario_title)),
        "type": INTERACTION,
        "interactionType": "choice",
    });
    match scene {
        Some((s, scene)) => {
            if let Some(text) = scene.texts.first() {
                definition["description"] = language(text);
            }
            let choices: Vec<Value> = scene
                .choices
                .iter()
                .copied()
                .chain(scene.timer.map(|t| t.expired))
                .map(|c| {
                    let c = s.choice(c);
                    json!({"id": c.id, "description": language(&c.text)})
                })
                .collect();
            definition["choices"] = Value::Array(choices);
        }
        None => {
            // The scenario has left the library: say which decision this was, without texts.
            definition["description"] = language(&format!("Decision {}", position + 1));
        }
    }
    definition
}

/// The result shared by `completed` and `passed`/`failed`.
fn attempt_result(record: &AttemptRecord) -> Value {
    let principles: BTreeMap<&str, Value> = record
        .principles
        .iter()
        .map(|p| {
            (
                p.id.as_str(),
                json!({
                    "name": p.name,
                    "earned": p.earned,
                    "best": p.best,
                    "worst": p.worst,
                    "percent": p.percent,
                }),
            )
        })
        .collect();
    let overall = record.overall.min(100);
    json!({
        "score": {
            "scaled": f64::from(overall) / 100.0,
            "raw": overall,
            "min": 0,
            "max": 100,
        },
        "success": record.passed,
        "completion": true,
        "duration": duration(record.active_ms),
        "extensions": {
            PRINCIPLE_SCORES: principles,
            CRITICAL_CHOICES: record.critical,
            ENDING: record.ending,
            SCORING_RULES: record.scoring,
        },
    })
}

/// Time spent as an ISO 8601 duration to the hundredth of a second, as xAPI asks
/// (for example `PT3M20.5S`).
pub fn duration(active_ms: u64) -> String {
    let centis = active_ms / 10;
    let d = jiff::SignedDuration::from_millis((centis * 10).min(i64::MAX as u64) as i64);
    d.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_email_becomes_an_mbox_anything_else_an_account() {
        assert_eq!(
            Actor::for_learner("sam.jones@nhs.net", None),
            Ok(Actor::Mbox {
                email: "sam.jones@nhs.net".into()
            })
        );
        assert_eq!(
            Actor::for_learner(" 12345678 ", Some("https://esr.example.nhs.uk")),
            Ok(Actor::Account {
                home_page: "https://esr.example.nhs.uk".into(),
                name: "12345678".into()
            })
        );
        assert_eq!(Actor::for_learner("", None), Err(XapiError::NoLearner));
        assert!(matches!(
            Actor::for_learner("Sam", None),
            Err(XapiError::NoHomePage { .. })
        ));
    }

    #[test]
    fn durations_are_iso_8601_to_the_hundredth_of_a_second() {
        assert_eq!(duration(0), "PT0S");
        assert_eq!(duration(200_509), "PT3M20.5S");
        assert_eq!(duration(3_723_000), "PT1H2M3S");
    }

    #[test]
    fn statement_ids_are_stable_and_distinct() {
        let a = statement_id("6f1c0a52-3c1d-4b8e-9a51-0c9c2d0e7a10", "answered", 0);
        assert_eq!(
            a,
            statement_id("6f1c0a52-3c1d-4b8e-9a51-0c9c2d0e7a10", "answered", 0)
        );
        assert_ne!(
            a,
            statement_id("6f1c0a52-3c1d-4b8e-9a51-0c9c2d0e7a10", "answered", 1)
        );
        assert_eq!(Uuid::parse_str(&a).unwrap().get_version_num(), 5);
    }

    #[test]
    fn ids_are_escaped_into_iri_segments() {
        assert_eq!(
            scene_iri("rough-night", "bus stop"),
            "https://canteen.example/xapi/scenarios/rough-night/scenes/bus%20stop"
        );
    }
}
