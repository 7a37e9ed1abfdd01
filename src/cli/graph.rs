//! `canteen graph`: a scenario's scene graph for Graphviz, Mermaid or the terminal.

use std::io::Write;

use clap::ValueEnum;

use super::{CommandResult, find_authored_scenario};
use crate::authoring::graph::{Style, render};
use crate::library::Library;

/// `canteen graph`: which scenario, drawn how.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The scenario: its id, or the path of its file.
    pub scenario: String,
    /// dot for Graphviz, mermaid for Markdown pages, text for the terminal.
    #[arg(long, value_enum, default_value_t = GraphFormat::Text)]
    pub format: GraphFormat,
}

/// How `canteen graph` draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    /// Graphviz DOT (draw it with `dot -Tsvg`).
    Dot,
    /// A Mermaid flowchart (GitHub, GitLab and many wikis draw these).
    Mermaid,
    /// An indented outline for the terminal.
    Text,
}

pub(super) fn run(library: &Library, args: &Args, out: &mut dyn Write) -> CommandResult {
    let scenario = find_authored_scenario(library, &args.scenario)?;
    let style = match args.format {
        GraphFormat::Dot => Style::Dot,
        GraphFormat::Mermaid => Style::Mermaid,
        GraphFormat::Text => Style::Text,
    };
    write!(out, "{}", render(scenario, style))?;
    Ok(())
}
