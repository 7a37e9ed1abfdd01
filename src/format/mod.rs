//! The RON format: source files, the raw serde model that mirrors them, the parser and the
//! diagnostics every later layer reports in.
//!
//! The lowest layer: it knows nothing of scenes as a story, only of text, fields and spans.

pub mod decode;
pub(crate) mod diagnostic;
pub(crate) mod entries;
pub mod harmless;
pub mod lexical;
pub(crate) mod locate;
pub(crate) mod mistakes;
pub mod parse;
pub mod prescan;
pub mod prose;
pub(crate) mod raw;
pub mod read;
pub mod repair;
pub(crate) mod report;
pub(crate) mod rules;
pub(crate) mod snippet;
pub(crate) mod source;
pub(crate) mod suggest;

pub use diagnostic::Diagnostic;
pub use locate::Locate;
pub use report::Report;
pub use rules::{Rule, Severity};
pub use source::{SourceFile, Span};
