//! Training records: saved progress and completed attempts in a local SQLite database.
//!
//! This is a shell around the engine: it owns the file, the schema and transactions. A damaged
//! or foreign database file is never deleted; the learner is told and offered to move it aside.

pub mod attempt;
pub mod place;
pub mod store;

pub use attempt::{Attempt, AttemptRecord, PrincipleResult, Progress, new_attempt_id};
pub use place::{DATA_DIR_ENV, data_dir, database_path};
pub use store::{Learner, ScenarioStatus, Store, StoreError, move_aside};
