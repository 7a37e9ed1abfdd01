//! The one interface between the trainer service and a record store.

use crate::records::{AttemptRecord, Learner, Progress, Scoped, Store, StoreError};

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
    /// Whether a write would be taken now (a read-only file or drive, or a file held by
    /// another program, would refuse it), asked before the learner plays rather than found
    /// out after their next choice.
    fn can_save(&self) -> Result<(), StoreError> {
        Ok(())
    }
}

/// The store's own methods, each learner-scoped: a terminal's store is its one learner's, and
/// a [`Scoped`] view is the learner it was made for.
macro_rules! record_store {
    ($ty:ty, $store:ident => $get:expr, $get_mut:expr) => {
        impl RecordStore for $ty {
            fn location(&self) -> String {
                let $store = self;
                Store::path($get).display().to_string()
            }
            fn learner(&self) -> Result<Learner, StoreError> {
                let $store = self;
                Store::learner($get)
            }
            fn set_learner(&mut self, name: &str) -> Result<(), StoreError> {
                let $store = self;
                Store::set_learner($get_mut, name)
            }
            fn set_untimed(&mut self, untimed: bool) -> Result<(), StoreError> {
                let $store = self;
                Store::set_untimed($get_mut, untimed)
            }
            fn progress(&self, scenario_id: &str) -> Result<Option<Progress>, StoreError> {
                let $store = self;
                Store::progress($get, scenario_id)
            }
            fn all_progress(&self) -> Result<Vec<Progress>, StoreError> {
                let $store = self;
                Store::all_progress($get)
            }
            fn best_results(&self) -> Result<Vec<(String, bool, u32)>, StoreError> {
                let $store = self;
                Store::best_results($get)
            }
            fn save_progress(&mut self, progress: &Progress) -> Result<(), StoreError> {
                let $store = self;
                Store::save_progress($get_mut, progress)
            }
            fn clear_progress(&mut self, scenario_id: &str) -> Result<(), StoreError> {
                let $store = self;
                Store::clear_progress($get_mut, scenario_id)
            }
            fn record_attempt(&mut self, record: &AttemptRecord) -> Result<(), StoreError> {
                let $store = self;
                Store::record_attempt($get_mut, record).map(|_| ())
            }
            fn can_save(&self) -> Result<(), StoreError> {
                let $store = self;
                Store::can_save($get)
            }
        }
    };
}

record_store!(Store, s => s, s);
record_store!(Scoped<'_>, s => s.store(), s.store_mut());
