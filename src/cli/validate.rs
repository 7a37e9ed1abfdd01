//! `canteen validate`: every problem in every file, then a summary; JSON for machines.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::{CommandError, CommandResult, Format, colour_on_stdout, render_diagnostics};
use crate::format::Severity;
use crate::library::{Library, Pack};

/// `canteen validate`: which files, how to report, and whether warnings fail.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Scenario files or folders (default: ./scenarios when there is one, else the shipped
    /// pack, or --scenarios).
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Treat warnings as errors (exit status 1).
    #[arg(long)]
    pub deny_warnings: bool,
}

/// The files `validate` checks: those named, else `--scenarios`, else the `scenarios` folder
/// where canteen is run (an author checking their work), else the shipped pack; without a path
/// it says on stderr which it chose.
pub(super) fn pack(global: &super::Global, paths: &[PathBuf]) -> Pack {
    if !paths.is_empty() {
        return Pack::Paths(paths.to_vec());
    }
    let chosen = global.pack();
    let pack = match chosen {
        Pack::Shipped if Path::new("scenarios").is_dir() => {
            Pack::Paths(vec![PathBuf::from("scenarios")])
        }
        other => other,
    };
    let said = match &pack {
        Pack::Shipped => {
            "the scenarios shipped inside canteen (there is no scenarios folder here)".to_string()
        }
        Pack::Paths(p) if p == &[PathBuf::from("scenarios")] => {
            "the scenarios folder here".to_string()
        }
        Pack::Paths(p) => p
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(", "),
    };
    eprintln!("canteen: checking {said}; name files or folders to check others");
    pack
}

/// The report goes to `out`; a verdict of problems found is the error, exit status 1.
pub(super) fn run(library: &Library, args: &Args, out: &mut dyn Write) -> CommandResult {
    let deny_warnings = args.deny_warnings;
    let count = |s: Severity| library.diagnostics().filter(|d| d.severity() == s).count();
    let (errors, warnings) = (count(Severity::Error), count(Severity::Warning));
    let notes = count(Severity::Note);
    let failed = errors > 0 || (deny_warnings && warnings > 0);
    match args.format {
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
                "notes": notes,
                "ok": !failed,
            });
            writeln!(out, "{}", serde_json::to_string_pretty(&doc)?)?;
        }
        Format::Human => {
            render_diagnostics(library.diagnostics(), colour_on_stdout(), out)?;
            for e in &library.entries {
                let only_notes = e.diagnostics.iter().all(|d| d.severity() == Severity::Note);
                let mark = match (&e.scenario, only_notes) {
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
                "\n{files} file{} checked: {valid} valid, {} invalid; {errors} error{}, {warnings} warning{}{}{}",
                plural(files),
                files - valid,
                plural(errors),
                plural(warnings),
                match notes {
                    0 => String::new(),
                    n => format!(", {n} note{}", plural(n)),
                },
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
    let files = library.entries.len();
    if files == 0 {
        return Err(CommandError::invalid("no .ron files were found")
            .with_hint("Name a scenario file or a folder that holds some"));
    }
    if failed {
        let invalid = files - library.scenarios().count();
        let mut why = format!(
            "{errors} error{} in {invalid} of {files} file{}",
            plural(errors),
            plural(files)
        );
        if deny_warnings && warnings > 0 {
            why.push_str(&format!(
                ", and {warnings} warning{} denied",
                plural(warnings)
            ));
        }
        return Err(CommandError::invalid(why));
    }
    Ok(())
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
