//! The diagnostics gathered while checking one file, with the means to locate ids in it.

use std::sync::Arc;

use super::diagnostic::Diagnostic;
use super::locate::Locate;
use super::rules::{Rule, Severity};
use super::source::{SourceFile, Span};

/// Diagnostics gathered for one file, with the means to locate ids in it.
pub struct Report {
    pub locate: Locate,
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    /// An empty report on a file.
    pub fn new(file: &Arc<SourceFile>) -> Report {
        Report {
            locate: Locate::new(file),
            diagnostics: Vec::new(),
        }
    }

    /// Adds a diagnostic.
    pub fn push(
        &mut self,
        rule: Rule,
        message: impl Into<String>,
        span: Option<Span>,
        label: impl Into<String>,
        help: impl Into<String>,
    ) {
        let d = Diagnostic::new(rule, self.locate.file(), message)
            .at(span, label)
            .help(help);
        self.diagnostics.push(d);
    }

    /// True when an error (not a warning) has been reported.
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity() == Severity::Error)
    }
}
