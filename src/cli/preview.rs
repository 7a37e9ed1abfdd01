//! `canteen preview FILE`: plays a scenario file full-screen while the author writes it,
//! reloading it on every save. Keeps no records.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use rand::RngExt;

use super::Cli;
use crate::model::Catalogue;
use crate::present::theme::Theme;
use crate::service::{Clock, SystemClock};
use crate::terminal::preview::{Preview, Watch, run as run_preview};

pub(super) fn run(cli: &Cli, file: &Path, out: &mut dyn Write) -> std::io::Result<ExitCode> {
    let shown = file.display().to_string();
    let (watch, text) = match Watch::open(file) {
        Ok(opened) => opened,
        Err(e) => {
            writeln!(out, "canteen preview: cannot read {shown}: {e}")?;
            return Ok(ExitCode::from(2));
        }
    };
    if !(std::io::stdout().is_terminal() && std::io::stdin().is_terminal()) {
        writeln!(
            out,
            "canteen preview needs a terminal. To check {shown}, run `canteen validate {shown}`; \
             to play it as plain lines, `canteen --plain --scenarios {shown}`."
        )?;
        return Ok(ExitCode::from(2));
    }
    let no_colour = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let seed = cli.seed.unwrap_or_else(|| rand::rng().random());
    let clock = SystemClock::new();
    let preview = Preview::new(
        shown,
        &text,
        Catalogue::shipped(),
        Theme::new(cli.theme, no_colour),
        seed,
        jiff::tz::TimeZone::system(),
        clock.now(),
    );
    if let Some(stop) = run_preview(preview, watch, &clock)? {
        eprintln!("{}.", stop.describe());
        return Ok(ExitCode::from(stop.exit_code()));
    }
    Ok(ExitCode::SUCCESS)
}
