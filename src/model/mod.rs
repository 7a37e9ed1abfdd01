//! The validated model: a [`Story`] whose ids are resolved to indices, flags to bits and
//! principles to the catalogue, and the catalogue of principles and roles itself.
//!
//! Only [`build`] makes a `Story`, from the raw model of [`crate::format`]; its fields are
//! private, so nothing downstream ever sees an unvalidated one.

pub(crate) mod build;
pub(crate) mod flags;
pub(crate) mod pathways;
pub(crate) mod principles;
pub(crate) mod sources;
pub(crate) mod story;
pub(crate) mod trust;

pub use pathways::{PathwayProblem, Pathways, Requirement};
pub use principles::{Catalogue, CatalogueError, Principle, Role};
pub use sources::{Citation, Cited, EVERYONE, Source};
pub use story::{
    Choice, ChoiceIx, Ending, EndingIx, Expectation, Governance, Meta, Next, Outcome, Scene,
    SceneIx, Story, Target, Timer, Verdict,
};
pub use trust::Trust;
