//! `canteen checklist`: the local arrangements chosen in your latest finished attempt at a
//! scenario, as a checklist to take to your team.

use std::io::Write;
use std::path::PathBuf;

use super::play::open_store;
use super::{CommandError, CommandResult, Global, find_scenario};
use crate::engine::replay;
use crate::records::data_dir;
use crate::service::checklist;

/// `canteen checklist`: which scenario, and in what form.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The scenario: its id, or the path of its file.
    pub scenario: String,
    /// Markdown, written to a file (by default `checklists/` beside your records) rather than
    /// plain text on the screen.
    #[arg(long)]
    pub markdown: bool,
    /// Where to write it ("-" for the screen).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

pub(super) fn run(global: &Global, args: &Args, out: &mut dyn Write) -> CommandResult {
    let library = global.library(&global.pack_for(&args.scenario))?;
    let scenario = find_scenario(&library, &args.scenario)?;
    let store = open_store(global)?;
    let attempts = super::records::readable_attempts(&store)?;
    let id = &scenario.meta().id;
    let Some(latest) = attempts.iter().rev().find(|a| &a.scenario_id == id) else {
        return Err(CommandError::failed(format!(
            "you have not finished \"{id}\" yet, so there are no arrangements to list"
        ))
        .with_hint("Play it with `canteen`; the checklist lists the arrangements you choose"));
    };
    let (session, _) = replay(scenario, latest.seed, &latest.steps);
    let Some(list) = checklist(&session, None) else {
        return Err(CommandError::failed(format!(
            "your latest attempt at \"{id}\" chose no local arrangements"
        ))
        .with_hint(
            "Checklists come from scenarios whose choices are arrangements, such as a manager's",
        ));
    };
    let to_screen = args.out.as_deref().is_some_and(|p| p.as_os_str() == "-")
        || (args.out.is_none() && !args.markdown);
    let body = if args.markdown {
        list.to_markdown()
    } else {
        list.to_text()
    };
    if to_screen {
        out.write_all(body.as_bytes())?;
        return Ok(());
    }
    let path = match &args.out {
        Some(p) => p.clone(),
        None => data_dir(global.data_dir.as_deref())
            .join("checklists")
            .join(list.file_name()),
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
        && let Err(e) = std::fs::create_dir_all(dir)
    {
        return Err(CommandError::io(format!(
            "cannot create the folder {}: {e}",
            dir.display()
        )));
    }
    std::fs::write(&path, body).map_err(|e| {
        CommandError::io(format!(
            "cannot write the checklist to {}: {e}",
            path.display()
        ))
    })?;
    writeln!(
        out,
        "{} arrangement{} written to {}",
        list.items.len(),
        if list.items.len() == 1 { "" } else { "s" },
        path.display()
    )?;
    Ok(())
}
