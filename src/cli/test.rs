//! `canteen test`: story tests for every scenario, printed like a test runner: one line per
//! check, the failures again at the end, then `test result: N passed, M failed`.

use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;

use super::{CommandError, CommandResult, colour_on_stdout, render_diagnostics};
use crate::checks::story_tests;
use crate::checks::{Checked, check_without_expectations};
use crate::format::Locate;
use crate::format::{Diagnostic, Rule, Severity};
use crate::library::Library;

/// One line of the report.
struct Line<'a> {
    name: String,
    failure: Option<String>,
    /// Shown under a failed line: why the file is not a valid scenario.
    diagnostics: Vec<&'a Diagnostic>,
}

/// `canteen test`: which files. Sampled random walks are seeded by the global `--seed`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Scenario files or folders (default: the shipped pack).
    pub paths: Vec<PathBuf>,
}

/// Runs the story tests, reporting to `out`; any failure is the error, exit status 1. `seed`
/// seeds the random walks used when a scenario has too many paths to play them all.
pub(super) fn run(library: &Library, seed: u64, out: &mut dyn Write) -> CommandResult {
    // Kept alive here so the report can borrow their diagnostics.
    let rechecked: Vec<Option<Checked>> = library
        .entries
        .iter()
        .map(|e| {
            only_expectations_fail(e)
                .then(|| check_without_expectations(Arc::clone(&e.file), &library.catalogue))
        })
        .collect();
    let mut lines = Vec::new();
    for (entry, again) in library.entries.iter().zip(&rechecked) {
        let file = &entry.file.name;
        let warnings = entry
            .diagnostics
            .iter()
            .filter(|d| d.severity() == Severity::Warning)
            .count();
        let warned = match warnings {
            0 => String::new(),
            1 => "; 1 warning, see canteen validate".to_string(),
            n => format!("; {n} warnings, see canteen validate"),
        };
        let (scenario, validity) = match (
            &entry.scenario,
            again.as_ref().and_then(|c| c.scenario.as_ref()),
        ) {
            (Some(s), _) => (s, format!("validates ({file}{warned})")),
            (None, Some(s)) => (
                s,
                format!("validates apart from its expectations ({file}{warned})"),
            ),
            (None, None) => {
                lines.push(Line {
                    name: format!("{file}: is a valid scenario"),
                    failure: Some("the file has errors:".to_string()),
                    diagnostics: entry.diagnostics.iter().collect(),
                });
                continue;
            }
        };
        let id = &scenario.meta().id;
        lines.push(Line {
            name: format!("{id}: {validity}"),
            failure: None,
            diagnostics: Vec::new(),
        });
        let locate = Locate::new(&entry.file);
        for check in story_tests::run(scenario, seed) {
            // A failed expectation says where it is written, as `validate` would.
            let place = check
                .expectation
                .and_then(|n| locate.expectation(n))
                .map(|span| {
                    let (line, col) = entry.file.line_col(span.offset);
                    format!("{file}:{line}:{col}: ")
                })
                .unwrap_or_default();
            lines.push(Line {
                name: format!("{id}: {}", check.name),
                failure: check.failure.map(|why| format!("{place}{why}")),
                diagnostics: Vec::new(),
            });
        }
    }

    let files = library.entries.len();
    writeln!(
        out,
        "running {} check{} on {files} file{}\n",
        lines.len(),
        plural(lines.len()),
        plural(files)
    )?;
    for line in &lines {
        match &line.failure {
            None => writeln!(out, "ok      {}", line.name)?,
            Some(why) => {
                writeln!(out, "FAILED  {}", line.name)?;
                for l in why.lines() {
                    writeln!(out, "        {l}")?;
                }
                render_diagnostics(line.diagnostics.iter().copied(), colour_on_stdout(), out)?;
            }
        }
    }
    let failed: Vec<&Line> = lines.iter().filter(|l| l.failure.is_some()).collect();
    if !failed.is_empty() {
        writeln!(out, "\nfailures:")?;
        for l in &failed {
            writeln!(out, "    {}", l.name)?;
        }
    }
    if files == 0 {
        writeln!(
            out,
            "\nNo .ron files were found: name a scenario file or a folder that holds some."
        )?;
    }
    writeln!(
        out,
        "\ntest result: {} passed, {} failed",
        lines.len() - failed.len(),
        failed.len()
    )?;
    if files == 0 {
        return Err(CommandError::invalid("no .ron files were found")
            .with_hint("Name a scenario file or a folder that holds some"));
    }
    if !failed.is_empty() {
        return Err(CommandError::invalid(format!(
            "{} of {} check{} failed",
            failed.len(),
            lines.len(),
            plural(lines.len())
        )));
    }
    Ok(())
}

/// True when a file's only errors are failed expectations, so its story can still be tested.
fn only_expectations_fail(entry: &Checked) -> bool {
    let mut errors = entry
        .diagnostics
        .iter()
        .filter(|d| d.severity() == Severity::Error)
        .peekable();
    entry.scenario.is_none()
        && errors.peek().is_some()
        && errors.all(|d| matches!(d.rule, Rule::ExpectationFailed | Rule::ExpectationPath))
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
