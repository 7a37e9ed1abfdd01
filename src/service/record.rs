//! What the trainer writes to the record store: each is one transaction.

use crate::records::{AttemptRecord, Progress};

/// A write to the record store, made by the service and carried out by the shell's store.
#[derive(Debug, Clone, PartialEq)]
pub enum Record {
    /// Progress after a choice, replacing any earlier save for the scenario.
    SaveProgress(Progress),
    /// A finished attempt; its progress is cleared in the same transaction.
    RecordAttempt(Box<AttemptRecord>),
    /// The learner chose to start a scenario again: forget its saved progress.
    ClearProgress(String),
    /// The learner's name or staff number (blank to stay anonymous).
    SetLearner(String),
    /// The learner turned time limits off (`true`) or on again.
    SetUntimed(bool),
}

impl Record {
    /// What is lost when this write fails, in the learner's words.
    pub fn what(&self) -> &'static str {
        match self {
            Record::SaveProgress(_) => "your progress up to this choice",
            Record::RecordAttempt(_) => "your finished attempt",
            Record::ClearProgress(_) => "starting again (your old progress is still there)",
            Record::SetLearner(_) => "your name or staff number",
            Record::SetUntimed(_) => "your choice about time limits (it holds until you quit)",
        }
    }
}
