//! `canteen preview FILE`: plays a scenario file full-screen while the author writes it,
//! reloading it on every save. Keeps no records.

use std::io::IsTerminal;
use std::path::PathBuf;

use super::{CommandError, CommandResult, Global};
use crate::model::Catalogue;
use crate::service::{Clock, SystemClock};
use crate::terminal::preview::{Preview, Watch, run as run_preview};

/// `canteen preview`: the file being written.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The scenario file (.ron).
    pub file: PathBuf,
}

pub(super) fn run(global: &Global, args: &Args) -> CommandResult {
    let shown = args.file.display().to_string();
    let (watch, text) = Watch::open(&args.file)
        .map_err(|e| CommandError::io(format!("cannot read {shown}: {e}")))?;
    if !(std::io::stdout().is_terminal() && std::io::stdin().is_terminal()) {
        let check = format!("`canteen validate {shown}`");
        let plain = format!("`canteen --plain --scenarios {shown}`");
        return Err(CommandError::usage("canteen preview needs a terminal")
            .with_hint(format!("To check {shown}, run {check}"))
            .with_hint(format!("To play it as plain lines, run {plain}")));
    }
    let clock = SystemClock::new();
    let preview = Preview::new(
        shown,
        &text,
        Catalogue::shipped(),
        global.theme(),
        global.session_seed(),
        jiff::tz::TimeZone::system(),
        clock.now(),
    );
    match run_preview(preview, watch, &clock)? {
        Some(stop) => Err(stop.into()),
        None => Ok(()),
    }
}
