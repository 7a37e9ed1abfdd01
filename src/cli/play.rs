//! `canteen` with no subcommand: the trainer, full-screen on a terminal, plain otherwise.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use rand::RngExt;

use super::Cli;
use crate::library::Library;
use crate::plain::Plain;
use crate::present::theme::Theme;
use crate::records::{Store, data_dir, database_path};
use crate::service::{SystemClock, Trainer};
use crate::terminal::app::App;
use crate::terminal::run as run_tui;

/// Opens the record store, or explains on stderr why not and what to do.
pub(super) fn open_store(cli: &Cli) -> Result<Store, ExitCode> {
    let path = database_path(&data_dir(cli.data_dir.as_deref()));
    Store::open(&path).map_err(|e| {
        eprintln!("canteen: {e}");
        ExitCode::from(2)
    })
}

pub(super) fn run(cli: &Cli, library: Library, out: &mut dyn Write) -> std::io::Result<ExitCode> {
    let store = match open_store(cli) {
        Ok(s) => s,
        Err(code) => return Ok(code),
    };
    let seed = cli.seed.unwrap_or_else(|| rand::rng().random());
    let terminal = std::io::stdout().is_terminal() && std::io::stdin().is_terminal();
    if cli.plain || !terminal {
        let mut trainer = Trainer::new(library, store, seed);
        let stdin = std::io::stdin();
        let mut input = stdin.lock();
        Plain::new(&mut trainer, &mut input, out, &SystemClock::new()).run()?;
        return Ok(ExitCode::SUCCESS);
    }
    let no_colour = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let stored = |e: crate::records::StoreError| std::io::Error::other(e.to_string());
    let mut trainer = Trainer::new(library.clone(), store, seed);
    let learner = trainer.learner().map_err(stored)?;
    let statuses = trainer.statuses().map_err(stored)?;
    let mut app = App::new(library, Theme::new(cli.theme, no_colour), seed)
        .with_learner(learner)
        .with_statuses(statuses);
    app.records_at = trainer.location();
    if let Some(stop) = run_tui(app, &mut trainer)? {
        eprintln!(
            "{}. Your progress is saved up to your last choice: run canteen again to carry on.",
            stop.describe()
        );
        return Ok(ExitCode::from(stop.exit_code()));
    }
    Ok(ExitCode::SUCCESS)
}
