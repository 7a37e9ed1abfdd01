//! `canteen report`: a manager's aggregate report over records collected from learners.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::ValueEnum;

use crate::library::Library;
use crate::records::gather::gather;
use crate::records::report::{report, to_csv, to_markdown, to_table};

/// How to print the report.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// Tables with text bar charts, for a terminal.
    #[default]
    Table,
    Csv,
    /// Markdown tables, to paste into a document or an issue.
    Md,
}

/// What the manager asked for.
pub(super) struct Asked<'a> {
    pub paths: &'a [PathBuf],
    pub format: ReportFormat,
    pub individual: bool,
    pub top: usize,
}

pub(super) fn run(
    library: &Library,
    asked: Asked<'_>,
    out: &mut dyn Write,
) -> std::io::Result<ExitCode> {
    let records = match gather(asked.paths) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("canteen: {e}");
            return Ok(ExitCode::from(2));
        }
    };
    if records.is_empty() {
        eprintln!(
            "canteen: no attempt records in the files given. Learners make them with \
             `canteen export --records FILE`."
        );
        return Ok(ExitCode::from(1));
    }
    let r = report(
        &records,
        |id| library.find(id).map(|s| &**s),
        asked.top,
        asked.individual,
    );
    let text = match asked.format {
        ReportFormat::Table => to_table(&r),
        ReportFormat::Md => to_markdown(&r),
        ReportFormat::Csv => to_csv(&r).map_err(std::io::Error::other)?,
    };
    out.write_all(text.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}
