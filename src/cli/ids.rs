//! `canteen principles` and `canteen roles`: the ids a scenario file may use, with what each
//! means, so an author need not open `assets/`.

use std::io::Write;

use super::{CommandResult, Format};
use crate::model::Catalogue;

/// `canteen principles` and `canteen roles`: how to report.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

/// Lists the principle ids effects may score, with each one's name and description.
pub(super) fn principles(args: &Args, out: &mut dyn Write) -> CommandResult {
    let catalogue = Catalogue::shipped();
    match args.format {
        Format::Json => {
            writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&catalogue.principles)?
            )?;
        }
        Format::Human => {
            let width = catalogue
                .principles
                .iter()
                .map(|p| p.id.len())
                .max()
                .unwrap_or(0);
            for p in &catalogue.principles {
                writeln!(out, "{:width$}  {}: {}", p.id, p.name, p.description)?;
            }
            writeln!(
                out,
                "\nScore them in a choice's effects, e.g. effects: {{\"{}\": 2}}",
                catalogue.principles.first().map_or("", |p| p.id.as_str())
            )?;
        }
    }
    Ok(())
}

/// Lists the role ids a scenario's `roles` may name, with each one's name.
pub(super) fn roles(args: &Args, out: &mut dyn Write) -> CommandResult {
    let catalogue = Catalogue::shipped();
    match args.format {
        Format::Json => {
            let roles: Vec<_> = catalogue
                .roles
                .iter()
                .map(|r| serde_json::json!({"id": r.id, "name": r.name}))
                .collect();
            writeln!(out, "{}", serde_json::to_string_pretty(&roles)?)?;
        }
        Format::Human => {
            let width = catalogue
                .roles
                .iter()
                .map(|r| r.id.len())
                .max()
                .unwrap_or(0);
            for r in &catalogue.roles {
                writeln!(out, "{:width$}  {}", r.id, r.name)?;
            }
            writeln!(
                out,
                "\nName them in a scenario's roles, e.g. roles: [\"nurse\"]"
            )?;
        }
    }
    Ok(())
}
