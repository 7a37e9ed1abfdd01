//! `canteen script`: a scenario in reading order, as Markdown or HTML, for the people who sign
//! content off; and `canteen sources`: the sources catalogue, with who each binds and when it
//! was checked.

use std::io::Write;

use clap::ValueEnum;

use super::{CommandResult, find_scenario};
use crate::authoring::script::{ScriptFormat, script};
use crate::library::Library;

/// `canteen script`: which scenario, written how.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The scenario: its id, or the path of its file.
    pub scenario: String,
    /// md for Markdown, html for a page to print or send for sign-off.
    #[arg(long, value_enum, default_value_t = Written::Md)]
    pub format: Written,
}

/// How `canteen script` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Written {
    /// Markdown.
    Md,
    /// A self-contained HTML page.
    Html,
}

pub(super) fn run(library: &Library, args: &Args, out: &mut dyn Write) -> CommandResult {
    let scenario = find_scenario(library, &args.scenario)?;
    let format = match args.format {
        Written::Md => ScriptFormat::Markdown,
        Written::Html => ScriptFormat::Html,
    };
    write!(out, "{}", script(scenario, &library.catalogue, format))?;
    Ok(())
}

/// `canteen sources`: every source a principle or choice may cite.
pub(super) fn sources(library: &Library, out: &mut dyn Write) -> CommandResult {
    let today = crate::library::today();
    for s in &library.catalogue.sources {
        let due = if s.review_by < today {
            "  PAST REVIEW"
        } else {
            ""
        };
        writeln!(out, "{}  {}{due}", s.id, s.name())?;
        writeln!(out, "    {} ({}, {})", s.title, s.publisher, s.version)?;
        if !s.url.is_empty() {
            writeln!(out, "    {}", s.url)?;
        }
        writeln!(
            out,
            "    binds: {}; checked {}, review by {}",
            s.binds.join(", "),
            s.checked,
            s.review_by
        )?;
    }
    Ok(())
}
