//! The learner's terminal trainer: a thin shell around the engine in the Elm shape.
//!
//! [`app`] holds the model and its update; [`view`] draws it; this module runs the loop:
//! read an event, update, carry out the effects against the record store, draw. The loop is
//! generic over the ratatui backend, the event source and the clock, so tests drive the real
//! trainer on a `TestBackend`.

pub mod app;
pub(crate) mod input;
pub mod keys;
pub mod layout;
pub mod preview;
pub mod text;
pub(crate) mod view;

use std::io;
use std::time::Duration;

use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use ratatui::crossterm::execute;

pub use crate::present::input::{Stop, TerminalEvents};
use app::{App, Effect, Msg};

use crate::service::{Clock, RecordStore, SystemClock, Trainer};

/// The smallest terminal the trainer draws in.
pub const MIN_WIDTH: u16 = 80;
/// The smallest terminal the trainer draws in.
pub const MIN_HEIGHT: u16 = 24;

/// How often the screen refreshes while a timed decision counts down.
pub(crate) const TIMER_TICK: Duration = Duration::from_millis(250);

/// Where messages come from.
pub trait Events {
    /// The next message, or `None` when `timeout` passes first (`None`: wait as long as it takes).
    fn next(&mut self, timeout: Option<Duration>) -> io::Result<Option<Msg>>;
}

/// Runs the trainer in the real terminal until the learner quits, or a signal asks it to stop
/// (which it returns). The terminal is restored on quit, on a stop signal and on a panic.
pub fn run<S: RecordStore>(mut app: App, trainer: &mut Trainer<S>) -> io::Result<Option<Stop>> {
    full_screen(|terminal| {
        let size = terminal.size()?;
        app.size = (size.width, size.height);
        if let Err(e) = trainer.can_save() {
            app.update(Msg::NotSaved(cannot_save(&e)), SystemClock::new().now());
        }
        run_loop(
            terminal,
            &mut app,
            trainer,
            &mut input::start(),
            &SystemClock::new(),
        )
    })?;
    Ok(app.stopped)
}

/// What a learner is told when their records cannot be saved, before they play.
pub(crate) fn cannot_save(e: &crate::records::StoreError) -> String {
    format!(
        "canteen cannot save your records: {e}. You can still play, but no choice or result \
         will be kept until this is put right."
    )
}

/// Runs `body` with the terminal full-screen and the mouse captured, and restores the terminal
/// afterwards, whether `body` ends by quitting, by a stop signal or by a panic. Shared by the trainer and the author's preview.
pub(crate) fn full_screen<T>(
    body: impl FnOnce(&mut ratatui::DefaultTerminal) -> io::Result<T>,
) -> io::Result<T> {
    let mut terminal = ratatui::init();
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(io::stdout(), DisableMouseCapture);
        previous(info);
    }));
    let _ = execute!(io::stdout(), EnableMouseCapture);
    let result = body(&mut terminal);
    let _ = execute!(io::stdout(), DisableMouseCapture);
    ratatui::restore();
    result
}

/// The loop: draw, wait for a message, update, carry out the effects.
pub fn run_loop<B: Backend, S: RecordStore>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    trainer: &mut Trainer<S>,
    events: &mut impl Events,
    clock: &impl Clock,
) -> io::Result<()>
where
    B::Error: std::error::Error + Send + Sync + 'static,
{
    loop {
        terminal
            .draw(|f| f.render_widget(&*app, f.area()))
            .map_err(io::Error::other)?;
        if app.quit {
            return Ok(());
        }
        let timeout = app.countdown.map(|_| TIMER_TICK);
        let msg = events.next(timeout)?.unwrap_or(Msg::Tick);
        let effects = app.update(msg, clock.now());
        apply(trainer, effects, app, clock);
    }
}

/// Carries out effects through the trainer service, then tells the app what the store holds
/// now; a failure is shown to the learner with what was not saved, never hidden.
pub fn apply<S: RecordStore>(
    trainer: &mut Trainer<S>,
    effects: Vec<Effect>,
    app: &mut App,
    clock: &impl Clock,
) {
    if effects.is_empty() {
        return;
    }
    for effect in &effects {
        if let Err(e) = trainer.write(effect) {
            app.update(Msg::NotSaved(format!("Not saved: {e}")), clock.now());
        }
    }
    match trainer.statuses() {
        Ok(statuses) => {
            app.update(Msg::Records(statuses), clock.now());
        }
        Err(e) => {
            app.update(
                Msg::NotSaved(format!("Your records could not be read: {e}")),
                clock.now(),
            );
        }
    }
}
