//! `canteen fix`: repairs the character-level mistakes in scenario files in place (encoding,
//! byte-order mark, CRLF, word-processor characters outside texts, a raw text closed with `"`),
//! keeping every other byte, and shows each change; `--check` changes nothing and fails when a
//! file would be changed, for CI.

use std::io::Write;
use std::path::PathBuf;

use super::{CommandError, CommandResult};
use crate::format::read::{SCENARIO_LIMIT, read_limited};
use crate::format::repair::repair;

/// `canteen fix`: which files, and whether only to check.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The scenario files to repair.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Change nothing; list what would change, and exit with status 1 if anything would.
    #[arg(long)]
    pub check: bool,
}

pub(super) fn run(args: &Args, out: &mut dyn Write) -> CommandResult {
    let mut needing = 0;
    for path in &args.files {
        let shown = path.display().to_string();
        let bytes = read_limited(path, SCENARIO_LIMIT, "a scenario file")
            .map_err(|why| CommandError::io(format!("cannot read {shown}: {why}")))?;
        let repaired = repair(&bytes);
        if repaired.is_unchanged() {
            writeln!(out, "{shown}: nothing to fix")?;
            continue;
        }
        needing += 1;
        for c in &repaired.changes {
            writeln!(out, "{shown}:{}:{}: {}", c.line, c.column, c.what)?;
        }
        let n = repaired.changes.len();
        let changes = format!("{n} change{}", if n == 1 { "" } else { "s" });
        if args.check {
            writeln!(out, "{shown}: would make {changes}")?;
        } else {
            std::fs::write(path, repaired.text.as_bytes())
                .map_err(|e| CommandError::io(format!("cannot write {shown}: {e}")))?;
            writeln!(
                out,
                "{shown}: fixed ({changes}); run `canteen validate {shown}` for anything else"
            )?;
        }
    }
    if args.check && needing > 0 {
        return Err(CommandError::failed(format!(
            "{needing} file{} need{} `canteen fix`",
            if needing == 1 { "" } else { "s" },
            if needing == 1 { "s" } else { "" }
        ))
        .with_hint("Run `canteen fix` on them without --check to make these changes"));
    }
    Ok(())
}
