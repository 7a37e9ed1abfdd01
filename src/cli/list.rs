//! `canteen list`: the scenarios and their status.

use std::io::Write;
use std::path::PathBuf;

use super::CommandResult;
use crate::format::Severity;
use crate::library::Library;

/// `canteen list`: which scenarios.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Scenario files or folders (default: the shipped pack).
    pub paths: Vec<PathBuf>,
}

pub(super) fn run(library: &Library, out: &mut dyn Write) -> CommandResult {
    writeln!(
        out,
        "canteen: practise using social media well in the NHS\n"
    )?;
    writeln!(
        out,
        "{:<28} {:>4}  {:<44} status",
        "scenario", "mins", "for"
    )?;
    for e in &library.entries {
        match &e.scenario {
            Some(s) => {
                let roles: Vec<_> = s
                    .meta()
                    .roles
                    .iter()
                    .map(|r| library.catalogue.role_name(r))
                    .collect();
                writeln!(
                    out,
                    "{:<28} {:>4}  {:<44} ready",
                    s.meta().id,
                    s.meta().minutes,
                    truncate(&roles.join(", "), 44)
                )?;
                writeln!(out, "  {}", s.meta().title)?;
            }
            None => {
                let first = e
                    .diagnostics
                    .iter()
                    .find(|d| d.severity() == Severity::Error)
                    .map_or_else(String::new, |d| d.short());
                writeln!(
                    out,
                    "{:<28} {:>4}  {:<44} unavailable",
                    e.file.name, "-", ""
                )?;
                writeln!(out, "  {first}")?;
            }
        }
    }
    writeln!(
        out,
        "\n{} ready, {} unavailable. `canteen validate` explains any problem; `canteen --help` lists every command.",
        library.scenarios().count(),
        library.entries.len() - library.scenarios().count()
    )?;
    Ok(())
}

fn truncate(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(width - 1).collect();
        t.push('…');
        t
    }
}
