//! `canteen validate`: every problem in every file, then a summary; JSON for machines.

use std::io::Write;
use std::process::ExitCode;

use super::{Format, render_diagnostics};
use crate::format::Severity;
use crate::library::Library;

pub(super) fn run(
    library: &Library,
    format: Format,
    deny_warnings: bool,
    out: &mut dyn Write,
) -> std::io::Result<ExitCode> {
    let count = |s: Severity| library.diagnostics().filter(|d| d.severity() == s).count();
    let (errors, warnings) = (count(Severity::Error), count(Severity::Warning));
    let failed = errors > 0 || (deny_warnings && warnings > 0);
    match format {
        Format::Json => {
            let files: Vec<_> = library
                .entries
                .iter()
                .map(|e| {
                    serde_json::json!({
                        "file": e.file.name,
                        "scenario": e.scenario.as_ref().map(|s| s.meta().id.clone()),
                        "valid": e.scenario.is_some(),
                        "diagnostics": e.diagnostics.iter().map(|d| d.record()).collect::<Vec<_>>(),
                    })
                })
                .collect();
            let doc = serde_json::json!({
                "files": files,
                "errors": errors,
                "warnings": warnings,
                "ok": !failed,
            });
            writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&doc).map_err(std::io::Error::other)?
            )?;
        }
        Format::Human => {
            render_diagnostics(library.diagnostics(), out)?;
            for e in &library.entries {
                let mark = match (&e.scenario, e.diagnostics.is_empty()) {
                    (Some(_), true) => "ok     ",
                    (Some(_), false) => "warning",
                    (None, _) => "FAILED ",
                };
                writeln!(out, "{mark} {}", e.file.name)?;
            }
            let files = library.entries.len();
            let valid = library.scenarios().count();
            writeln!(
                out,
                "\n{files} file{} checked: {valid} valid, {} invalid; {errors} error{}, {warnings} warning{}{}",
                plural(files),
                files - valid,
                plural(errors),
                plural(warnings),
                if deny_warnings && warnings > 0 {
                    " (warnings denied)"
                } else {
                    ""
                }
            )?;
            if files == 0 {
                writeln!(
                    out,
                    "No .ron files were found: name a scenario file or a folder that holds some."
                )?;
            }
        }
    }
    Ok(if failed || library.entries.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
