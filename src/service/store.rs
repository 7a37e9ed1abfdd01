//! The one interface between the trainer service and a record store.

use crate::records::{AttemptRecord, Learner, Progress, Store, StoreError};

/// Where the trainer keeps a learner's name, progress and finished attempts. Each write is one
/// transaction: it happens whole or not at all.
pub trait RecordStore {
    /// Where the records are kept, in words for the learner.
    fn location(&self) -> String;
    /// The learner's name or staff number.
    fn learner(&self) -> Result<Learner, StoreError>;
    /// Sets the learner's name or staff number.
    fn set_learner(&mut self, name: &str) -> Result<(), StoreError>;
    /// Turns time limits off (`untimed`) or on again.
    fn set_untimed(&mut self, untimed: bool) -> Result<(), StoreError>;
    /// The saved progress of a scenario, if any.
    fn progress(&self, scenario_id: &str) -> Result<Option<Progress>, StoreError>;
    /// Every saved progress.
    fn all_progress(&self) -> Result<Vec<Progress>, StoreError>;
    /// For each scenario with a finished attempt: whether any passed, and the best score.
    fn best_results(&self) -> Result<Vec<(String, bool, u32)>, StoreError>;
    /// Saves progress, replacing any earlier save for the scenario.
    fn save_progress(&mut self, progress: &Progress) -> Result<(), StoreError>;
    /// Forgets a scenario's saved progress.
    fn clear_progress(&mut self, scenario_id: &str) -> Result<(), StoreError>;
    /// Stores a finished attempt and clears its progress.
    fn record_attempt(&mut self, record: &AttemptRecord) -> Result<(), StoreError>;
}

impl RecordStore for Store {
    fn location(&self) -> String {
        self.path().display().to_string()
    }
    fn learner(&self) -> Result<Learner, StoreError> {
        Store::learner(self)
    }
    fn set_learner(&mut self, name: &str) -> Result<(), StoreError> {
        Store::set_learner(self, name)
    }
    fn set_untimed(&mut self, untimed: bool) -> Result<(), StoreError> {
        Store::set_untimed(self, untimed)
    }
    fn progress(&self, scenario_id: &str) -> Result<Option<Progress>, StoreError> {
        Store::progress(self, scenario_id)
    }
    fn all_progress(&self) -> Result<Vec<Progress>, StoreError> {
        Store::all_progress(self)
    }
    fn best_results(&self) -> Result<Vec<(String, bool, u32)>, StoreError> {
        Store::best_results(self)
    }
    fn save_progress(&mut self, progress: &Progress) -> Result<(), StoreError> {
        Store::save_progress(self, progress)
    }
    fn clear_progress(&mut self, scenario_id: &str) -> Result<(), StoreError> {
        Store::clear_progress(self, scenario_id)
    }
    fn record_attempt(&mut self, record: &AttemptRecord) -> Result<(), StoreError> {
        Store::record_attempt(self, record)
    }
}
