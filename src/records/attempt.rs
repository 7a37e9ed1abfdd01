//! What is stored of an attempt: progress while it is under way, a record once it ends.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::engine::{SavedStep, Session};

/// An attempt under way, saved after every choice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    pub scenario_id: String,
    pub attempt_id: String,
    pub seed: u64,
    pub started_at: Timestamp,
    pub updated_at: Timestamp,
    /// Time spent playing, not counting time away.
    pub active_ms: u64,
    pub steps: Vec<SavedStep>,
}

/// How a finished attempt did on one principle.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PrincipleResult {
    pub id: String,
    pub name: String,
    pub earned: i32,
    pub best: i32,
    pub worst: i32,
    /// `None` when the principle was never at stake in this attempt.
    pub percent: Option<u32>,
}

/// A completed attempt.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AttemptRecord {
    /// A random UUID; also the xAPI registration of the attempt.
    pub attempt_id: String,
    pub scenario_id: String,
    pub scenario_title: String,
    /// The learner's name or staff number, if they gave one.
    pub learner: String,
    pub started_at: Timestamp,
    pub finished_at: Timestamp,
    pub active_ms: u64,
    pub seed: u64,
    pub steps: Vec<SavedStep>,
    pub ending: String,
    pub overall: u32,
    /// The version of the scoring rules that gave `overall` ([`crate::engine::score::SCORING`]).
    /// Records from before versions were kept have none and were scored by version 1; they
    /// are written without it, so their certificates' hashes stay as they were.
    #[serde(default = "first_scoring", skip_serializing_if = "is_first_scoring")]
    pub scoring: u32,
    pub pass_mark: u32,
    /// The version of the scenario's content played (its `governance`), when it records one;
    /// records without it are written as before, so their certificates' hashes stay.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_version: Option<String>,
    pub passed: bool,
    /// Ids of critical choices made.
    pub critical: Vec<String>,
    pub principles: Vec<PrincipleResult>,
}

impl AttemptRecord {
    /// The record of a finished session.
    pub fn from_session(
        session: &Session,
        progress: &Progress,
        learner: &str,
        finished_at: Timestamp,
    ) -> AttemptRecord {
        let s = session.scenario();
        let card = session.scorecard();
        AttemptRecord {
            attempt_id: progress.attempt_id.clone(),
            scenario_id: s.meta().id.clone(),
            scenario_title: s.meta().title.clone(),
            learner: learner.to_string(),
            started_at: progress.started_at,
            finished_at,
            active_ms: progress.active_ms,
            seed: session.seed(),
            steps: SavedStep::from_session(session),
            ending: session.ending().map_or_else(String::new, |e| e.id.clone()),
            overall: card.overall,
            scoring: crate::engine::score::SCORING,
            pass_mark: card.pass_mark,
            content_version: s.meta().governance.as_ref().map(|g| g.version.clone()),
            passed: card.passed(),
            critical: card.critical.clone(),
            principles: card
                .principles
                .iter()
                .map(|p| PrincipleResult {
                    id: p.principle.id.clone(),
                    name: p.principle.name.clone(),
                    earned: p.earned,
                    best: p.best,
                    worst: p.worst,
                    percent: p.percent(),
                })
                .collect(),
        }
    }
}

fn first_scoring() -> u32 {
    1
}

fn is_first_scoring(v: &u32) -> bool {
    *v == 1
}
