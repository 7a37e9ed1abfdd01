//! Checks that need the engine: the validator's passes after the model is built, the author's
//! expectations, story tests and library coverage.
//!
//! Passes run in order and each needs the one before to be free of errors: parse (syntax and
//! fields), structure (ids, references, texts; [`crate::model::build`]), graph (reachability,
//! loops, flags, with the engine's state analysis), scoring (pass mark, best path), then the
//! author's expectations. Stopping early keeps one mistake from being reported five ways.

pub mod coverage;
pub(crate) mod expectations;
mod graph;
mod scoring;
pub mod story_tests;
mod verdicts;

use std::sync::Arc;

use crate::engine::Scenario;
use crate::format::prescan::prescan;
use crate::format::raw::RawScenario;
use crate::format::{Diagnostic, Report, Severity, SourceFile, parse};
use crate::model::{Catalogue, build};

/// The result of validating one file.
#[derive(Debug, Clone)]
pub struct Checked {
    pub file: Arc<SourceFile>,
    /// The scenario, when it has no errors (it may have warnings).
    pub scenario: Option<Arc<Scenario>>,
    /// The scenario when its only errors are failed expectations (CT050, CT051): it is not
    /// offered to learners, but `walk`, `graph` and the preview still work on it, so the author
    /// can see why an expectation fails.
    pub authored: Option<Arc<Scenario>>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Checked {
    /// The scenario for an author's tools: valid, or valid but for its expectations.
    pub fn for_authoring(&self) -> Option<&Arc<Scenario>> {
        self.scenario.as_ref().or(self.authored.as_ref())
    }
}

/// Parses and validates one scenario file.
pub fn check(file: Arc<SourceFile>, catalogue: &Catalogue) -> Checked {
    check_with(file, catalogue, true)
}

/// The character checks, then the parse, then the passes (with the expectations or not); the
/// notes on what was normalised come first in any case.
fn check_with(file: Arc<SourceFile>, catalogue: &Catalogue, expectations: bool) -> Checked {
    let mut diagnostics = prescan(&file);
    if diagnostics.iter().any(|d| d.severity() == Severity::Error) {
        return Checked {
            file,
            scenario: None,
            authored: None,
            diagnostics,
        };
    }
    match parse::parse(&file) {
        Err(d) => {
            diagnostics.push(d);
            Checked {
                file,
                scenario: None,
                authored: None,
                diagnostics,
            }
        }
        Ok(raw) => {
            let mut report = Report::new(&file);
            let (scenario, authored) = validate(raw, catalogue, &mut report, expectations);
            diagnostics.extend(report.into_diagnostics());
            Checked {
                file,
                scenario,
                authored,
                diagnostics,
            }
        }
    }
}

/// Parses and validates one scenario file like [`check`], but leaves the author's expectations
/// unchecked, so `canteen test` can run each one as a test of its own and report it apart.
pub fn check_without_expectations(file: Arc<SourceFile>, catalogue: &Catalogue) -> Checked {
    check_with(file, catalogue, false)
}

/// Validates a scenario already parsed from `file`; the scenario takes over its texts.
pub fn check_raw(file: Arc<SourceFile>, raw: RawScenario, catalogue: &Catalogue) -> Checked {
    let mut report = Report::new(&file);
    let (scenario, authored) = validate(raw, catalogue, &mut report, true);
    Checked {
        file,
        scenario,
        authored,
        diagnostics: report.into_diagnostics(),
    }
}

/// The valid scenario, or else the scenario whose only errors are failed expectations.
type Validated = (Option<Arc<Scenario>>, Option<Arc<Scenario>>);

fn validate(
    raw: RawScenario,
    catalogue: &Catalogue,
    report: &mut Report,
    expectations: bool,
) -> Validated {
    let Some(story) = build::resolve(raw, catalogue, report) else {
        return (None, None);
    };
    let Some(reached) = graph::before_analysis(&story, report) else {
        return (None, None);
    };
    let Some(scenario) = graph::analyse(story, &reached, report) else {
        return (None, None);
    };
    if report.has_errors() {
        return (None, None);
    }
    // From here the engine plays the scenario, and sessions share it.
    let scenario = Arc::new(scenario);
    scoring::check(&scenario, report);
    if report.has_errors() {
        return (None, None);
    }
    verdicts::check(&scenario, report);
    if report.has_errors() {
        return (None, None);
    }
    if expectations {
        expectations::check(&scenario, report);
    }
    if report.has_errors() {
        (None, Some(scenario))
    } else {
        (Some(scenario), None)
    }
}
