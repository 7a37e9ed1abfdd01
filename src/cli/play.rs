//! `canteen` with no subcommand: the trainer, full-screen on a terminal, plain otherwise.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use rand::RngExt;

use super::Cli;
use crate::library::Library;
use crate::plain::Plain;
use crate::present::theme::Theme;
use crate::records::{Store, data_dir, database_path};
use crate::terminal::app::App;
use crate::terminal::{SystemClock, run as run_tui};

/// Opens the record store, or explains on stderr why not and what to do.
pub(super) fn open_store(cli: &Cli) -> Result<Store, ExitCode> {
    let path = database_path(&data_dir(cli.data_dir.as_deref()));
    Store::open(&path).map_err(|e| {
        eprintln!("canteen: {e}");
        ExitCode::from(2)
    })
}

pub(super) fn run(cli: &Cli, library: Library, out: &mut dyn Write) -> std::io::Result<ExitCode> {
    let mut store = match open_store(cli) {
        Ok(s) => s,
        Err(code) => return Ok(code),
    };
    let seed = cli.seed.unwrap_or_else(|| rand::rng().random());
    let terminal = std::io::stdout().is_terminal() && std::io::stdin().is_terminal();
    if cli.plain || !terminal {
        let stdin = std::io::stdin();
        let mut input = stdin.lock();
        Plain::new(
            &library,
            &mut store,
            &mut input,
            out,
            &SystemClock::new(),
            seed,
        )
        .run()?;
        return Ok(ExitCode::SUCCESS);
    }
    let no_colour = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let stored = |e: crate::records::StoreError| std::io::Error::other(e.to_string());
    let learner = store.learner().map_err(stored)?;
    let saved = store.all_progress().map_err(stored)?;
    let results = store.best_results().map_err(stored)?;
    let mut app = App::new(library, Theme::new(cli.theme, no_colour), seed)
        .with_records(learner, saved, results);
    app.records_at = store.path().display().to_string();
    if let Some(stop) = run_tui(app, &mut store)? {
        eprintln!(
            "{}. Your progress is saved up to your last choice: run canteen again to carry on.",
            stop.describe()
        );
        return Ok(ExitCode::from(stop.exit_code()));
    }
    Ok(ExitCode::SUCCESS)
}
