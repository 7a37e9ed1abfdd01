//! `canteen` with no subcommand: the trainer, full-screen on a terminal, plain otherwise.

use std::io::{IsTerminal, Write};

use super::{CommandResult, Global};
use crate::format::harmless::HarmlessWriter;
use crate::library::Library;
use crate::plain::Plain;
use crate::records::{Store, StoreError, data_dir, database_path};
use crate::service::{SystemClock, Trainer};
use crate::terminal::app::App;
use crate::terminal::run as run_tui;

/// Opens the record store in the folder `--data-dir` names (or the platform's).
pub(super) fn open_store(global: &Global) -> Result<Store, StoreError> {
    Store::open(&database_path(&data_dir(global.data_dir.as_deref())))
}

pub(super) fn run(global: &Global, library: Library, out: &mut dyn Write) -> CommandResult {
    let store = open_store(global)?;
    let seed = global.session_seed();
    let terminal = std::io::stdout().is_terminal() && std::io::stdin().is_terminal();
    if global.plain || !terminal {
        let mut trainer = Trainer::new(library, store, seed);
        let stdin = std::io::stdin();
        let mut input = stdin.lock();
        // Plain mode promises no escape codes, whatever a scenario or a name holds.
        let mut out = HarmlessWriter::new(out);
        Plain::new(&mut trainer, &mut input, &mut out, &SystemClock::new()).run()?;
        return Ok(());
    }
    let mut trainer = Trainer::new(library.clone(), store, seed);
    let learner = trainer.learner()?;
    let statuses = trainer.statuses()?;
    let mut app = App::new(library, global.theme(), seed)
        .with_learner(learner)
        .with_statuses(statuses);
    app.records_at = trainer.location();
    if let Some(stop) = run_tui(app, &mut trainer)? {
        return Err(super::CommandError::from(stop).with_hint(
            "Your progress is saved up to your last choice: run canteen again to carry on",
        ));
    }
    Ok(())
}
