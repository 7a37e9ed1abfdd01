//! `canteen report`: a manager's aggregate report over records collected from learners.

use std::io::Write;
use std::path::PathBuf;

use clap::ValueEnum;

use super::{CommandError, CommandResult};
use crate::library::Library;
use crate::records::gather::tally_records;
use crate::records::report::{to_csv, to_markdown, to_table};

/// How to print the report.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// Tables with text bar charts, for a terminal.
    #[default]
    Table,
    /// One table after another as CSV, for a spreadsheet.
    Csv,
    /// Markdown tables, to paste into a document or an issue.
    Md,
}

/// `canteen report`: which record files, and what the manager asked for.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Record files (from `canteen export --records` or `canteen records --format json`),
    /// canteen.db files, or folders of them.
    #[arg(required = true, value_name = "RECORD FILES OR FOLDERS")]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: ReportFormat,
    /// Also list each attempt with the learner's name, their choices and the file it came
    /// from. Without it the report shows aggregates only.
    #[arg(long)]
    pub individual: bool,
    /// How many of the choices made wrongly to list.
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub top: usize,
}

pub(super) fn run(library: &Library, asked: &Args, out: &mut dyn Write) -> CommandResult {
    // Counted as read, on every core: a report over a million attempts holds counts, not
    // records.
    let tally = tally_records(&asked.paths, asked.individual)?;
    if tally.read() == 0 {
        return Err(
            CommandError::failed("no attempt records in the files given")
                .with_hint("Learners make them with `canteen export --records FILE`"),
        );
    }
    let r = tally.finish(|id| library.find(id).map(|s| &**s), asked.top);
    let text = match asked.format {
        ReportFormat::Table => to_table(&r),
        ReportFormat::Md => to_markdown(&r),
        ReportFormat::Csv => to_csv(&r)?,
    };
    out.write_all(text.as_bytes())?;
    Ok(())
}
