//! The trainer service: the attempt lifecycle every learner-facing shell drives.
//!
//! No terminal, no HTTP and no I/O of its own beyond the [`RecordStore`] interface and the
//! [`Clock`] the shell passes time in through. The full-screen trainer, plain mode and the
//! author's preview are each a thin translation of input and output around it.

/// The line every shell greets the learner with.
pub const TAGLINE: &str = "practise using social media well in the NHS";

pub(crate) mod attempt;
pub mod checklist;
pub(crate) mod clock;
pub(crate) mod feedback;
pub(crate) mod record;
pub(crate) mod statuses;
pub(crate) mod store;
pub(crate) mod trainer;

pub use attempt::{Attempt, IDLE, new_attempt_id};
pub use checklist::{Checklist, checklist};
pub use clock::{Clock, Moment, SystemClock};
pub use record::Record;
pub use statuses::{Entry, Status, Statuses, entries};
pub use store::RecordStore;
pub use trainer::{NotSaved, Trainer, TurnError};
