//! Saved attempts as stable ids, and replaying them onto a scenario that may have changed.
//!
//! A save names choices and drawn outcomes by id, never by position, so a trainer can edit a
//! scenario and learners still resume: steps that no longer exist stop the replay there, and
//! the learner is told what could not be kept.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::session::{Draw, Session};
use crate::engine::Scenario;
use crate::model::Next;

/// One decision as saved: which choice, whether the timer ran out, and where a draw led.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedStep {
    /// The scene the decision was made in.
    pub scene: String,
    /// The choice made (for a timer, its consequence).
    pub choice: String,
    #[serde(default)]
    pub timed_out: bool,
    /// The scene or ending a chance draw led to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<String>,
}

/// Why a replay stopped before the end of the save.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplayGap {
    /// 1-based position of the first step that could not be replayed.
    pub step: usize,
    /// What changed, in a sentence for the learner.
    pub reason: String,
}

impl SavedStep {
    /// The saved form of every step a session has taken.
    pub fn from_session(session: &Session) -> Vec<SavedStep> {
        let s = session.scenario();
        session
            .history()
            .iter()
            .map(|step| SavedStep {
                scene: s.scene(step.scene).id.clone(),
                choice: s.choice(step.choice).id.clone(),
                timed_out: step.timed_out,
                outcome: step.drawn.map(|_| s.target_id(step.next).to_string()),
            })
            .collect()
    }
}

/// Replays saved steps from the start with the saved seed, stopping at the first step the
/// scenario no longer allows.
pub fn replay(
    scenario: &Arc<Scenario>,
    seed: u64,
    steps: &[SavedStep],
) -> (Session, Option<ReplayGap>) {
    let mut session = Session::new(Arc::clone(scenario), seed);
    for (i, step) in steps.iter().enumerate() {
        let gap = |reason: String| ReplayGap {
            step: i + 1,
            reason,
        };
        let Some(here) = session.scene() else {
            return (session, Some(gap("the story now ends earlier".into())));
        };
        if here.id != step.scene {
            let reason = format!(
                "the story now reaches \"{}\" where it used to reach \"{}\"",
                here.id, step.scene
            );
            return (session, Some(gap(reason)));
        }
        let Some(c) = scenario.choice_by_id(&step.choice) else {
            return (
                session,
                Some(gap(format!(
                    "the choice \"{}\" has been removed",
                    step.choice
                ))),
            );
        };
        let choice = scenario.choice(c);
        let draw = match (&choice.next, &step.outcome) {
            (Next::Chance(outcomes), Some(target)) => outcomes
                .iter()
                .position(|o| scenario.target_id(o.target) == target)
                .map_or(Draw::Random, Draw::Outcome),
            _ => Draw::Random,
        };
        let played = if step.timed_out {
            session.time_up_with(draw).map(|_| ())
        } else {
            session.choose_with(&step.choice, draw).map(|_| ())
        };
        if let Err(e) = played {
            return (
                session,
                Some(gap(format!(
                    "the choice \"{}\" can no longer be made: {e}",
                    step.choice
                ))),
            );
        }
    }
    (session, None)
}
