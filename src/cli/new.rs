//! `canteen new`: writes a new scenario file from the template, never over an existing one.

use std::io::Write;
use std::path::PathBuf;

use super::{CommandError, CommandResult};
use crate::authoring::template::{self, NewError};
use crate::model::Catalogue;

/// `canteen new`: the new scenario's id, its audience and where to write it.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The new scenario's id: lowercase letters, digits and hyphens, e.g. ward-photo.
    pub id: String,
    /// The audience role, from assets/roles.ron (nurse, porter, manager, ...).
    #[arg(long, default_value = template::DEFAULT_ROLE)]
    pub role: String,
    /// The folder to write <ID>.ron in (created if missing).
    #[arg(long, default_value = "scenarios", value_name = "DIR")]
    pub dir: PathBuf,
}

pub(super) fn run(args: &Args, out: &mut dyn Write) -> CommandResult {
    let (id, role, dir) = (args.id.as_str(), args.role.as_str(), args.dir.as_path());
    if let Err(e) = template::check(id, role, &Catalogue::shipped()) {
        let error = match e {
            NewError::BadId { id, suggestion } => {
                CommandError::invalid(format!("\"{id}\" cannot be a scenario id")).with_hint(
                    format!("Use lowercase letters, digits and hyphens, such as \"{suggestion}\""),
                )
            }
            NewError::UnknownRole { role, help } => {
                CommandError::invalid(format!("the role \"{role}\" is not in the roles catalogue"))
                    .with_hint(help)
            }
        };
        return Err(error);
    }
    let path = dir.join(format!("{id}.ron"));
    let shown = path.display().to_string();
    if let Err(e) = std::fs::create_dir_all(dir) {
        return Err(CommandError::io(format!(
            "cannot create the folder {}: {e}",
            dir.display()
        )));
    }
    // `create_new` refuses an existing file atomically: a trainer's work is never overwritten.
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path);
    let mut file = match file {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(CommandError::failed(format!(
                "{shown} already exists, and canteen never overwrites a scenario"
            ))
            .with_hint("Choose another id, or move the file away first"));
        }
        Err(e) => return Err(CommandError::io(format!("cannot write {shown}: {e}"))),
    };
    if let Err(e) =
        file.write_all(template::render(id, role, &shown, &crate::library::today()).as_bytes())
    {
        return Err(CommandError::io(format!("cannot write {shown}: {e}")));
    }
    writeln!(
        out,
        "Wrote {shown}: a scenario with two decisions and two endings to make your own.\nNext:"
    )?;
    let steps = [
        (
            format!("edit {shown}"),
            "replace the placeholder story with yours",
        ),
        (format!("canteen validate {shown}"), "check it as you go"),
        (format!("canteen graph {shown}"), "see its shape"),
        (
            format!("canteen test {shown}"),
            "run its expectations and check every path",
        ),
    ];
    let width = steps.iter().map(|(c, _)| c.len()).max().unwrap_or(0);
    for (command, why) in &steps {
        writeln!(out, "  {command:<width$}   {why}")?;
    }
    writeln!(out, "docs/authoring.md walks through it step by step.")?;
    Ok(())
}
