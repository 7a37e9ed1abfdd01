//! The play engine: pure rules of play and scoring, with no terminal, clock or file I/O.

pub(crate) mod analysis;
pub(crate) mod defensible;
pub mod path;
pub mod replay;
pub(crate) mod scenario;
pub(crate) mod score;
pub(crate) mod session;
pub mod walk;

pub use analysis::{Analysis, Dest, LineStep, StateIx};
pub use defensible::DefensiblePaths;
pub use replay::{ReplayGap, SavedStep, replay};
pub use scenario::Scenario;
pub use score::{PrincipleScore, SCORING, Scorecard};
pub use session::{Draw, PlayError, Session, Step};
