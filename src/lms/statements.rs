//! The statements of a cmi5 session, by the rules of the cmi5 specification. Pure: the time
//! is given, and each statement gets a fresh id when it is made (kept as it is retried).
//!
//! A Normal launch sends `initialized` first; one `answered` per decision (allowed
//! statements: no cmi5 category); `completed` (completion and duration) and then `passed` or
//! `failed` (scaled score and success, the LMS's mastery score applied) at the ending; and
//! `terminated` last. A Browse or Review launch sends only `initialized` and `terminated`.
//! Every statement carries the LMS's context template, the registration and the session id.

use serde_json::{Value, json};

use super::launch::{Launch, LaunchData, Mode};
use crate::records::AttemptRecord;
use crate::records::xapi::duration;

const VERBS: &str = "http://adlnet.gov/expapi/verbs";
/// The context extension naming the session.
pub const SESSION_ID: &str = "https://w3id.org/xapi/cmi5/context/extensions/sessionid";
/// The context extension carrying the mastery score on passed and failed.
pub const MASTERY_SCORE: &str = "https://w3id.org/xapi/cmi5/context/extensions/masteryscore";
/// The category of cmi5 defined statements.
pub const CMI5: &str = "https://w3id.org/xapi/cmi5/context/categories/cmi5";
/// The category of statements that count towards moving on.
pub const MOVE_ON: &str = "https://w3id.org/xapi/cmi5/context/categories/moveon";

/// One cmi5 session: who, which unit, and the LMS's launch data.
#[derive(Debug, Clone, PartialEq)]
pub struct Cmi5Session {
    pub launch: Launch,
    pub data: LaunchData,
    pub session_id: String,
}

/// Whether an attempt passes the unit, and the scaled score to report with the verdict.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Verdict {
    pub passed: bool,
    pub scaled: f64,
    /// False when a critical choice failed an attempt scored at or above the mastery score:
    /// cmi5 lets `failed` carry only a score below it.
    pub with_score: bool,
}

/// The verdict on an attempt: with the LMS's mastery score, passed when the score reaches it
/// and no critical choice was made; without one, canteen's own pass mark.
pub fn verdict(record: &AttemptRecord, mastery: Option<f64>) -> Verdict {
    let scaled = f64::from(record.overall.min(100)) / 100.0;
    let passed = match mastery {
        Some(m) => record.critical.is_empty() && scaled >= m,
        None => record.passed,
    };
    let with_score = passed || mastery.is_none_or(|m| scaled < m);
    Verdict {
        passed,
        scaled,
        with_score,
    }
}

fn stamp(at: jiff::Timestamp) -> String {
    at.round(jiff::Unit::Millisecond).unwrap_or(at).to_string()
}

impl Cmi5Session {
    /// Whether the learner's choices are assessed (a Normal launch).
    pub fn assessed(&self) -> bool {
        self.data.mode == Mode::Normal
    }

    /// The context of every statement: the template, the registration and the session id.
    fn context(&self, categories: &[&str]) -> Value {
        let mut c = self.data.context_template.clone();
        c["registration"] = json!(self.launch.registration);
        if !c.get("extensions").is_some_and(Value::is_object) {
            c["extensions"] = json!({});
        }
        c["extensions"][SESSION_ID] = json!(self.session_id);
        if !categories.is_empty() {
            if !c.get("contextActivities").is_some_and(Value::is_object) {
                c["contextActivities"] = json!({});
            }
            let mut list: Vec<Value> = c["contextActivities"]
                .get("category")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            for id in categories {
                list.push(json!({"id": id, "objectType": "Activity"}));
            }
            c["contextActivities"]["category"] = Value::Array(list);
        }
        c
    }

    fn statement(
        &self,
        verb: &str,
        object: Value,
        result: Option<Value>,
        context: Value,
        at: jiff::Timestamp,
    ) -> Value {
        let mut s = json!({
            "id": uuid::Uuid::new_v4().to_string(),
            "actor": self.launch.actor,
            "verb": {"id": format!("{VERBS}/{verb}"), "display": {"en-US": verb}},
            "object": object,
            "context": context,
            "timestamp": stamp(at),
        });
        if let Some(r) = result {
            s["result"] = r;
        }
        s
    }

    fn unit(&self) -> Value {
        json!({"objectType": "Activity", "id": self.launch.activity_id})
    }

    /// `initialized`, the first statement of the session.
    pub fn initialized(&self, at: jiff::Timestamp) -> Value {
        self.statement("initialized", self.unit(), None, self.context(&[CMI5]), at)
    }

    /// `answered` for a decision (an allowed statement; none outside a Normal launch): the
    /// scene is the activity, under the unit, and the choice id the response.
    pub fn answered(
        &self,
        scene: &str,
        choice: &str,
        timed_out: bool,
        at: jiff::Timestamp,
    ) -> Option<Value> {
        if !self.assessed() {
            return None;
        }
        let mut context = self.context(&[]);
        if !context
            .get("contextActivities")
            .is_some_and(Value::is_object)
        {
            context["contextActivities"] = json!({});
        }
        context["contextActivities"]["parent"] = json!([self.unit()]);
        let object = json!({
            "objectType": "Activity",
            "id": format!("{}/scenes/{}", self.launch.activity_id, super::course::segment(scene)),
            "definition": {"type": "http://adlnet.gov/expapi/activities/cmi.interaction", "interactionType": "choice"},
        });
        let mut result = json!({"response": choice});
        if timed_out {
            result["extensions"] = json!({ crate::records::xapi::TIMED_OUT: true });
        }
        Some(self.statement("answered", object, Some(result), context, at))
    }

    /// `completed` then `passed` or `failed` for a finished attempt; nothing outside a
    /// Normal launch.
    pub fn finished(&self, record: &AttemptRecord, at: jiff::Timestamp) -> Vec<Value> {
        if !self.assessed() {
            return Vec::new();
        }
        let took = duration(record.active_ms);
        let completed = self.statement(
            "completed",
            self.unit(),
            Some(json!({"completion": true, "duration": took})),
            self.context(&[CMI5, MOVE_ON]),
            at,
        );
        let v = verdict(record, self.data.mastery);
        let mut result = json!({"success": v.passed, "duration": took});
        if v.with_score {
            result["score"] = json!({"scaled": v.scaled});
        }
        // A critical choice fails the attempt whatever the score: say which, since a score at
        // or above the mastery score cannot go with `failed`.
        if !v.passed && !record.critical.is_empty() {
            result["extensions"] =
                json!({ crate::records::xapi::CRITICAL_CHOICES: record.critical });
        }
        let mut context = self.context(&[CMI5, MOVE_ON]);
        if let Some(m) = self.data.mastery {
            context["extensions"][MASTERY_SCORE] = json!(m);
        }
        let verb = if v.passed { "passed" } else { "failed" };
        vec![
            completed,
            self.statement(verb, self.unit(), Some(result), context, at),
        ]
    }

    /// `terminated`, the last statement, with the session's length.
    pub fn terminated(&self, session_ms: u64, at: jiff::Timestamp) -> Value {
        self.statement(
            "terminated",
            self.unit(),
            Some(json!({"duration": duration(session_ms)})),
            self.context(&[CMI5]),
            at,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(overall: u32, passed: bool, critical: &[&str]) -> AttemptRecord {
        AttemptRecord {
            attempt_id: "6f1c0a52-3c1d-4b8e-9a51-0c9c2d0e7a10".into(),
            scenario_id: "ward-photo".into(),
            scenario_title: "Ward photo".into(),
            learner: String::new(),
            started_at: jiff::Timestamp::UNIX_EPOCH,
            finished_at: jiff::Timestamp::UNIX_EPOCH,
            active_ms: 61_000,
            seed: 1,
            steps: Vec::new(),
            ending: "end".into(),
            overall,
            scoring: 2,
            pass_mark: 70,
            content_version: None,
            passed,
            critical: critical.iter().map(|c| c.to_string()).collect(),
            principles: Vec::new(),
        }
    }

    fn session(mode: Mode, mastery: Option<f64>) -> Cmi5Session {
        Cmi5Session {
            launch: Launch {
                endpoint: "https://lrs.example/xapi".into(),
                fetch: "https://lms.example/fetch".into(),
                actor: json!({"account": {"homePage": "https://esr.example", "name": "1"}}),
                account: ("https://esr.example".into(), "1".into()),
                name: None,
                registration: "6f1c0a52-3c1d-4b8e-9a51-0c9c2d0e7a10".into(),
                activity_id: "https://t.example/scenarios/ward-photo".into(),
            },
            data: LaunchData {
                context_template: json!({"extensions": {SESSION_ID: "s"}}),
                mode,
                return_url: None,
                mastery,
                move_on: "CompletedAndPassed".into(),
            },
            session_id: "s".into(),
        }
    }

    #[test]
    fn the_lms_mastery_score_decides_and_a_critical_choice_fails_without_a_score_at_mastery() {
        // The pass mark (70) passed it, the LMS's mastery score (0.8) does not.
        let v = verdict(&record(75, true, &[]), Some(0.8));
        assert!(!v.passed && v.with_score);
        // Below the pass mark, at the mastery score: the LMS's score decides.
        assert!(verdict(&record(65, false, &[]), Some(0.6)).passed);
        // A critical choice at a high score: failed, and the score is left out.
        let v = verdict(&record(90, false, &["share-photo"]), Some(0.8));
        assert!(!v.passed && !v.with_score);
        // No mastery score: canteen's own verdict.
        assert!(verdict(&record(75, true, &[]), None).passed);

        let s = session(Mode::Normal, Some(0.8));
        let end = s.finished(
            &record(90, false, &["share-photo"]),
            jiff::Timestamp::UNIX_EPOCH,
        );
        assert_eq!(
            end[1]["verb"]["id"],
            "http://adlnet.gov/expapi/verbs/failed"
        );
        assert!(end[1]["result"].get("score").is_none(), "{}", end[1]);
        assert_eq!(end[1]["context"]["extensions"][MASTERY_SCORE], 0.8);
        assert_eq!(end[0]["result"]["duration"], "PT1M1S");
    }

    #[test]
    fn browse_and_review_send_no_assessment() {
        for mode in [Mode::Browse, Mode::Review] {
            let s = session(mode, Some(0.8));
            assert!(
                s.finished(&record(90, true, &[]), jiff::Timestamp::UNIX_EPOCH)
                    .is_empty()
            );
            assert!(
                s.answered("a", "b", false, jiff::Timestamp::UNIX_EPOCH)
                    .is_none()
            );
        }
    }
}
