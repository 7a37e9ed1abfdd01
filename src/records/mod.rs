//! Training records: saved progress and completed attempts in a local SQLite database.
//!
//! The store is a shell around the engine: it owns the file, the schema and transactions. A
//! damaged or foreign database file is never deleted; the learner is told and offered to move
//! it aside. What is made from records (certificates, reports, xAPI statements) is pure and
//! lives beside it; sending to a learning record store is the one part that touches a network.

pub(crate) mod attempt;
pub(crate) mod certificate;
pub mod compliance;
pub(crate) mod database;
pub(crate) mod gather;
pub(crate) mod learners;
pub(crate) mod lrs;
pub(crate) mod outbox;
pub(crate) mod place;
pub(crate) mod report;
mod schema;
pub(crate) mod settings;
pub(crate) mod sign_in;
pub(crate) mod store;
pub(crate) mod verification;
pub mod xapi;

pub use attempt::{AttemptRecord, PrincipleResult, Progress};
pub use learners::{Known, Scoped};
pub use outbox::{AttemptStatements, Waiting};
pub use place::{DATA_DIR_ENV, data_dir, database_path, move_aside};
pub use schema::SCHEMA_VERSION;
pub use sign_in::{InviteRefused, SignedIn};
pub use store::{
    LOCAL, Learner, LearnerId, ScenarioStatus, Store, StoreError, Stored, UnreadableRecord,
};
