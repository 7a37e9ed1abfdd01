//! `canteen new`: writes a new scenario file from the template, never over an existing one.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use crate::authoring::template;
use crate::model::Catalogue;

pub(super) fn run(
    id: &str,
    role: &str,
    dir: &Path,
    out: &mut dyn Write,
) -> std::io::Result<ExitCode> {
    if let Err(e) = template::check(id, role, &Catalogue::shipped()) {
        writeln!(out, "canteen new: {e}")?;
        return Ok(ExitCode::from(1));
    }
    let path = dir.join(format!("{id}.ron"));
    let shown = path.display().to_string();
    if let Err(e) = std::fs::create_dir_all(dir) {
        writeln!(
            out,
            "canteen new: cannot create the folder {}: {e}",
            dir.display()
        )?;
        return Ok(ExitCode::from(1));
    }
    // `create_new` refuses an existing file atomically: a trainer's work is never overwritten.
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path);
    let mut file = match file {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            writeln!(
                out,
                "canteen new: {shown} already exists, and canteen never overwrites a scenario. \
                 Choose another id, or move the file away first."
            )?;
            return Ok(ExitCode::from(1));
        }
        Err(e) => {
            writeln!(out, "canteen new: cannot write {shown}: {e}")?;
            return Ok(ExitCode::from(1));
        }
    };
    if let Err(e) = file.write_all(template::render(id, role, &shown).as_bytes()) {
        writeln!(out, "canteen new: cannot write {shown}: {e}")?;
        return Ok(ExitCode::from(1));
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
    Ok(ExitCode::SUCCESS)
}
