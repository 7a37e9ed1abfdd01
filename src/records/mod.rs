//! Training records: saved progress and completed attempts in a local SQLite database.
//!
//! The store is a shell around the engine: it owns the file, the schema and transactions. A
//! damaged or foreign database file is never deleted; the learner is told and offered to move
//! it aside. What is made from records (certificates, reports, xAPI statements) is pure and
//! lives beside it; sending to a learning record store is the one part that touches a network.

pub mod attempt;
pub mod certificate;
pub mod gather;
pub mod lrs;
pub mod outbox;
pub mod place;
pub mod report;
mod schema;
pub mod settings;
pub mod store;
pub mod verification;
pub mod xapi;

pub use attempt::{AttemptRecord, PrincipleResult, Progress};
pub use place::{DATA_DIR_ENV, data_dir, database_path, move_aside};
pub use store::{Learner, ScenarioStatus, Store, StoreError};
