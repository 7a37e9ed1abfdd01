//! `canteen graph`: a scenario's scene graph for Graphviz, Mermaid or the terminal.

use std::io::Write;
use std::process::ExitCode;

use super::{GraphFormat, find_scenario};
use crate::authoring::graph::{Style, render};
use crate::library::Library;

pub(super) fn run(
    library: &Library,
    key: &str,
    format: GraphFormat,
    out: &mut dyn Write,
) -> std::io::Result<ExitCode> {
    let Some(scenario) = find_scenario(library, key, out)? else {
        return Ok(ExitCode::from(1));
    };
    let style = match format {
        GraphFormat::Dot => Style::Dot,
        GraphFormat::Mermaid => Style::Mermaid,
        GraphFormat::Text => Style::Text,
    };
    write!(out, "{}", render(scenario, style))?;
    Ok(ExitCode::SUCCESS)
}
