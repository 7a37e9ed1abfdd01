//! The learner's terminal trainer: a thin shell around the engine in the Elm shape.
//!
//! [`app`] holds the model and its update; [`view`] draws it; this module runs the loop:
//! read an event, update, carry out the effects against the record store, draw. The loop is
//! generic over the ratatui backend, the event source and the clock, so tests drive the real
//! trainer on a `TestBackend`.

pub mod app;
pub mod input;
pub mod keys;
pub mod layout;
pub mod preview;
pub mod text;
pub mod view;

use std::io;
use std::time::{Duration, Instant};

use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use ratatui::crossterm::execute;

pub use crate::present::input::{Stop, TerminalEvents};
use app::{App, Effect, Moment, Msg, Overlay};

use crate::records::Store;

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

/// What time it is.
pub trait Clock {
    fn now(&self) -> Moment;
}

/// The real clock.
pub struct SystemClock(Instant);

impl SystemClock {
    /// A clock whose monotonic time starts now.
    pub fn new() -> SystemClock {
        SystemClock(Instant::now())
    }
}

impl Default for SystemClock {
    fn default() -> Self {
        SystemClock::new()
    }
}

impl Clock for SystemClock {
    fn now(&self) -> Moment {
        Moment {
            mono: self.0.elapsed(),
            wall: jiff::Timestamp::now(),
        }
    }
}

/// Runs the trainer in the real terminal until the learner quits, or a signal asks it to stop
/// (which it returns). The terminal is restored on quit, on a stop signal and on a panic.
pub fn run(mut app: App, store: &mut Store) -> io::Result<Option<Stop>> {
    full_screen(|terminal| {
        let size = terminal.size()?;
        app.size = (size.width, size.height);
        run_loop(
            terminal,
            &mut app,
            store,
            &mut input::start(),
            &SystemClock::new(),
        )
    })?;
    Ok(app.stopped)
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
pub fn run_loop<B: Backend>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    store: &mut Store,
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
        apply(store, effects, app);
    }
}

/// Carries out effects against the store; a failure is shown to the learner, never hidden.
pub fn apply(store: &mut Store, effects: Vec<Effect>, app: &mut App) {
    for effect in effects {
        let result = match &effect {
            Effect::SaveProgress(p) => store.save_progress(p),
            Effect::RecordAttempt(r) => store.record_attempt(r),
            Effect::ClearProgress(id) => store.clear_progress(id),
            Effect::SetLearner(name) => store.set_learner(name),
        };
        if let Err(e) = result {
            app.overlay = Some(Overlay::Notice(format!(
                "Your record could not be saved: {e}"
            )));
        }
    }
}
