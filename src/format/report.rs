//! The diagnostics gathered while checking one file, with the means to locate ids in it.
//!
//! A file can hold thousands of copies of one mistake (a find-and-replace typo): the first
//! [`Report::LIMIT`] of each rule are kept, and the rest are summed up in one "and N more like
//! this" diagnostic, so the report stays readable and quick to make.

use std::sync::Arc;

use rustc_hash::FxHashMap as HashMap;

use super::diagnostic::Diagnostic;
use super::locate::Locate;
use super::rules::{Rule, Severity};
use super::source::{SourceFile, Span};

/// Diagnostics gathered for one file, with the means to locate ids in it.
pub struct Report {
    pub locate: Locate,
    pub diagnostics: Vec<Diagnostic>,
    /// How many diagnostics of each rule were reported, kept or not.
    counts: HashMap<Rule, usize>,
}

impl Report {
    /// The most diagnostics of one rule kept for one file.
    pub const LIMIT: usize = 50;

    /// An empty report on a file.
    pub fn new(file: &Arc<SourceFile>) -> Report {
        Report {
            locate: Locate::new(file),
            diagnostics: Vec::new(),
            counts: HashMap::default(),
        }
    }

    /// True while another diagnostic of this rule would still be kept; a caller can skip work
    /// (a "did you mean" search) for one that would not.
    pub fn room_for(&self, rule: Rule) -> bool {
        self.counts.get(&rule).copied().unwrap_or(0) < Report::LIMIT
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
        let keep = self.room_for(rule);
        *self.counts.entry(rule).or_default() += 1;
        if !keep {
            return;
        }
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

    /// The diagnostics kept, each rule past the limit followed by how many more there were.
    pub fn into_diagnostics(self) -> Vec<Diagnostic> {
        let Report {
            locate,
            mut diagnostics,
            counts,
        } = self;
        let mut over: Vec<(Rule, usize)> = counts
            .into_iter()
            .filter(|&(_, n)| n > Report::LIMIT)
            .map(|(rule, n)| (rule, n - Report::LIMIT))
            .collect();
        over.sort_by_key(|&(rule, _)| rule.code());
        for (rule, more) in over {
            let last = diagnostics
                .iter()
                .rposition(|d| d.rule == rule)
                .map_or(diagnostics.len(), |i| i + 1);
            let d = Diagnostic::new(
                rule,
                locate.file(),
                format!("and {more} more like this"),
            )
            .help(format!(
                "canteen shows the first {} of each kind of problem in a file; fix these and validate again",
                Report::LIMIT
            ));
            diagnostics.insert(last, d);
        }
        diagnostics
    }
}
