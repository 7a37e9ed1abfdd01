//! `canteen pathways`: each role's required scenarios, with titles, minutes and how often, and
//! `--check FILE` to check a trust's own pathways file before it is used.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::{CommandError, CommandResult, Global};
use crate::library::Library;
use crate::model::{EVERYONE, Pathways};

/// `canteen pathways`: which role, and which file.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only this role's pathway (the everyone pathway included), by role id.
    #[arg(long, value_name = "ROLE")]
    pub role: Option<String>,
    /// Check a trust's own pathways file (a RON file like assets/pathways.ron) against the roles
    /// and the scenario library, then list it; exit status 1 on any problem.
    #[arg(long, value_name = "FILE")]
    pub check: Option<PathBuf>,
}

/// The shipped pathways, or a trust's own file read and checked against the roles and the
/// library: every problem is named (on stderr, before the error) with the file and field.
pub(super) fn load(library: &Library, file: Option<&Path>) -> Result<Pathways, CommandError> {
    let Some(path) = file else {
        return Ok(Pathways::shipped());
    };
    let roles: Vec<&str> = library
        .catalogue
        .roles
        .iter()
        .map(|r| r.id.as_str())
        .collect();
    let ids: Vec<&str> = library.scenarios().map(|s| s.meta().id.as_str()).collect();
    let shown = path.display();
    let text = std::fs::read_to_string(path)
        .map_err(|e| CommandError::io(format!("cannot read {shown}: {e}")))?;
    let pathways = Pathways::parse(&text).map_err(|e| {
        CommandError::invalid(format!(
            "{shown} is not a valid pathways file at line {}, column {}: {}",
            e.span.start.line, e.span.start.col, e.code
        ))
        .with_hint(
            "It is a RON file like assets/pathways.ron: Pathways(due_days: 30, pathways: [Pathway(role: \"nurse\", scenarios: [Required(scenario: \"rough-night\", every_months: 12)])])",
        )
    })?;
    let problems = pathways.check(&roles, &ids);
    if !problems.is_empty() {
        // The problems go on stderr before the error, as a scenario's diagnostics do.
        let listed: String = problems.iter().map(|p| format!("{shown}: {p}\n")).collect();
        return Err(CommandError::invalid(format!(
            "{shown} has {} problem{}: see above",
            problems.len(),
            if problems.len() == 1 { "" } else { "s" }
        ))
        .with_hint("`canteen roles` lists the role ids, `canteen list` the scenario ids")
        .with_diagnostics(listed));
    }
    Ok(pathways)
}

pub(super) fn run(global: &Global, args: &Args, out: &mut dyn Write) -> CommandResult {
    let library = global.library(&global.pack())?;
    let roles: Vec<&str> = library
        .catalogue
        .roles
        .iter()
        .map(|r| r.id.as_str())
        .collect();
    let pathways = load(&library, args.check.as_deref())?;
    if let Some(path) = &args.check {
        let shown = path.display();
        writeln!(
            out,
            "{shown}: ok, {} pathway{}\n",
            pathways.pathways.len(),
            if pathways.pathways.len() == 1 {
                ""
            } else {
                "s"
            }
        )?;
    }

    let shown_roles: Vec<&str> = match &args.role {
        Some(role) => {
            if !roles.contains(&role.as_str()) && role != EVERYONE {
                return Err(
                    CommandError::usage(format!("role \"{role}\" is not in roles.ron"))
                        .with_hint(format!("The role ids are: {}", roles.join(", "))),
                );
            }
            vec![role.as_str()]
        }
        None => roles.clone(),
    };
    writeln!(
        out,
        "A pass stays in date for the months shown; learners are due {} days before it expires.",
        pathways.due_days
    )?;
    for role in shown_roles {
        let required = if role == EVERYONE {
            pathways.required(&[])
        } else {
            pathways.required(&[role])
        };
        let minutes: u32 = required
            .iter()
            .filter_map(|r| library.find(&r.scenario))
            .map(|s| s.meta().minutes)
            .sum();
        writeln!(
            out,
            "\n{} ({role}): {} scenario{}, {minutes} minutes",
            library.catalogue.role_name(role),
            required.len(),
            if required.len() == 1 { "" } else { "s" },
        )?;
        if required.is_empty() {
            writeln!(out, "  nothing required")?;
        }
        for r in &required {
            let (title, mins) = describe(&library, &r.scenario);
            writeln!(
                out,
                "  {:<24} {:>3} min  every {:>2} months  {title}",
                r.scenario, mins, r.every_months
            )?;
        }
    }
    Ok(())
}

/// A scenario's title and minutes, or a note that the library lacks it.
fn describe(library: &Library, id: &str) -> (String, String) {
    match library.find(id) {
        Some(s) => (s.meta().title.clone(), s.meta().minutes.to_string()),
        None => ("(not in this library)".to_string(), "-".to_string()),
    }
}
