//! The RON format: source files, the raw serde model that mirrors them, the parser and the
//! diagnostics every later layer reports in.
//!
//! The lowest layer: it knows nothing of scenes as a story, only of text, fields and spans.

pub mod diagnostic;
pub mod entries;
pub mod locate;
pub mod parse;
pub mod raw;
pub mod report;
pub mod rules;
pub mod source;
pub mod suggest;

pub use diagnostic::Diagnostic;
pub use locate::Locate;
pub use report::Report;
pub use rules::{Rule, Severity};
pub use source::{SourceFile, Span};
