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
    pub pass_mark: u32,
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
            pass_mark: card.pass_mark,
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

/// A fresh random attempt id.
pub fn new_attempt_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// An attempt being played: the session and what is saved of it after every choice.
///
/// The shell passes in the time; nothing here reads a clock.
#[derive(Debug, Clone)]
pub struct Attempt {
    pub session: Session,
    pub progress: Progress,
}

impl Attempt {
    /// Starts a new attempt.
    pub fn start(
        scenario: std::sync::Arc<crate::engine::Scenario>,
        seed: u64,
        attempt_id: String,
        now: Timestamp,
    ) -> Attempt {
        let progress = Progress {
            scenario_id: scenario.meta().id.clone(),
            attempt_id,
            seed,
            started_at: now,
            updated_at: now,
            active_ms: 0,
            steps: Vec::new(),
        };
        Attempt {
            session: Session::new(scenario, seed),
            progress,
        }
    }

    /// Resumes saved progress, replaying its steps by id; says what could not be kept.
    pub fn resume(
        scenario: std::sync::Arc<crate::engine::Scenario>,
        mut progress: Progress,
    ) -> (Attempt, Option<crate::engine::ReplayGap>) {
        let (session, gap) = crate::engine::replay(&scenario, progress.seed, &progress.steps);
        progress.steps = SavedStep::from_session(&session);
        (Attempt { session, progress }, gap)
    }

    /// Makes a choice (or lets the timer run out) and updates what is to be saved.
    pub fn play(
        &mut self,
        choice: Option<&str>,
        now: Timestamp,
        active_ms: u64,
    ) -> Result<crate::engine::Step, crate::engine::PlayError> {
        let step = match choice {
            Some(id) => self.session.choose(id)?.clone(),
            None => self.session.time_up()?.clone(),
        };
        self.progress.steps = SavedStep::from_session(&self.session);
        self.progress.updated_at = now;
        self.progress.active_ms = active_ms;
        Ok(step)
    }

    /// The record of the finished attempt.
    pub fn record(&self, learner: &str, now: Timestamp) -> AttemptRecord {
        AttemptRecord::from_session(&self.session, &self.progress, learner, now)
    }
}
