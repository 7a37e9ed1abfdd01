//! Scenarios: the RON format, its parser, the validator and the validated model.
//!
//! Pure: text in, [`Scenario`] and diagnostics out. Reading files is the library's job
//! ([`crate::library`]).

pub mod coverage;
pub mod diagnostic;
pub mod entries;
pub mod flags;
pub mod model;
pub mod parse;
pub mod principles;
pub mod raw;
pub mod rules;
pub mod source;
pub mod suggest;
pub mod validate;

pub use diagnostic::Diagnostic;
pub use model::{
    Choice, ChoiceIx, Ending, EndingIx, Expectation, Meta, Next, Outcome, Scenario, Scene, SceneIx,
    Target, Timer,
};
pub use principles::{Catalogue, Principle, Role};
pub use rules::{Rule, Severity};
pub use source::{SourceFile, Span};
pub use validate::{Checked, check, check_without_expectations};
