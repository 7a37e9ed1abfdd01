//! The validator: raw model in, validated [`Scenario`] and diagnostics out.
//!
//! Passes run in order and each needs the one before to be free of errors: parse (syntax and
//! fields), structure (ids, references, texts), graph (reachability, loops, flags, with the
//! engine's state analysis), scoring (pass mark, best path), then the author's expectations.
//! Stopping early keeps one mistake from being reported five ways.

pub mod expectations;
mod graph;
mod locate;
mod scoring;
mod structure;

use std::sync::Arc;

pub use locate::Locate;
pub use structure::{FORMAT, MAX_EFFECT, is_stable_id, stable_id_like};

use super::diagnostic::Diagnostic;
use super::rules::{Rule, Severity};
use super::source::{SourceFile, Span};
use super::{Catalogue, Scenario, parse};

/// Diagnostics gathered for one file, with the means to locate ids in it.
pub struct Report {
    pub locate: Locate,
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    fn new(file: &Arc<SourceFile>) -> Report {
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

/// The result of validating one file.
#[derive(Debug)]
pub struct Checked {
    pub file: Arc<SourceFile>,
    /// The scenario, when it has no errors (it may have warnings).
    pub scenario: Option<Arc<Scenario>>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses and validates one scenario file.
pub fn check(file: Arc<SourceFile>, catalogue: &Catalogue) -> Checked {
    match parse::parse(&file) {
        Err(d) => Checked {
            file,
            scenario: None,
            diagnostics: vec![d],
        },
        Ok(raw) => check_raw(file, raw, catalogue),
    }
}

/// Parses and validates one scenario file like [`check`], but leaves the author's expectations
/// unchecked, so `canteen test` can run each one as a test of its own and report it apart.
pub fn check_without_expectations(file: Arc<SourceFile>, catalogue: &Catalogue) -> Checked {
    match parse::parse(&file) {
        Err(d) => Checked {
            file,
            scenario: None,
            diagnostics: vec![d],
        },
        Ok(raw) => {
            let mut report = Report::new(&file);
            let scenario = validate(raw, catalogue, &mut report, false);
            Checked {
                file,
                scenario,
                diagnostics: report.diagnostics,
            }
        }
    }
}

/// Validates a scenario already parsed from `file`; the scenario takes over its texts.
pub fn check_raw(
    file: Arc<SourceFile>,
    raw: super::raw::RawScenario,
    catalogue: &Catalogue,
) -> Checked {
    let mut report = Report::new(&file);
    let scenario = validate(raw, catalogue, &mut report, true);
    Checked {
        file,
        scenario,
        diagnostics: report.diagnostics,
    }
}

fn validate(
    raw: super::raw::RawScenario,
    catalogue: &Catalogue,
    report: &mut Report,
    expectations: bool,
) -> Option<Arc<Scenario>> {
    let mut scenario = structure::resolve(raw, catalogue, report)?;
    graph::check(&mut scenario, report);
    if report.has_errors() {
        return None;
    }
    // From here the engine plays the scenario, and sessions share it.
    let scenario = Arc::new(scenario);
    scoring::check(&scenario, report);
    if report.has_errors() {
        return None;
    }
    if expectations {
        expectations::check(&scenario, report);
    }
    (!report.has_errors()).then_some(scenario)
}
