//! The preview's shell: watching the file and running the loop. The file is polled for its
//! modification time and length about every 300 ms from the event loop, which needs no extra
//! dependency and behaves the same on every platform, network drives included, where change
//! notifications are unreliable.

use std::io;
use std::path::PathBuf;
use std::time::{Duration, SystemTime};

use ratatui::Terminal;
use ratatui::backend::Backend;

use super::Preview;
use super::view::max_panel_scroll;
use crate::service::{Clock, SystemClock};
use crate::terminal::app::Msg;
use crate::terminal::{Events, Stop, TIMER_TICK, full_screen};

/// How often the file is looked at.
pub const POLL: Duration = Duration::from_millis(300);

/// What a file looked like when last polled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    modified: Option<SystemTime>,
    len: u64,
}

/// A new state of the watched file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// The file was saved: its text.
    Saved(Vec<u8>),
    /// The file cannot be read now, and why.
    Unreadable(String),
}

/// A scenario file watched by polling.
#[derive(Debug)]
pub struct Watch {
    path: PathBuf,
    stamp: Option<Stamp>,
    polled: Option<Duration>,
}

fn stamp(path: &PathBuf) -> io::Result<Stamp> {
    let meta = std::fs::metadata(path)?;
    Ok(Stamp {
        modified: meta.modified().ok(),
        len: meta.len(),
    })
}

impl Watch {
    /// Starts watching a file, and reads it.
    pub fn open(path: impl Into<PathBuf>) -> io::Result<(Watch, Vec<u8>)> {
        let path = path.into();
        // Stamped before reading: a save in between is seen by the next poll, never missed.
        let stamp = stamp(&path)?;
        let text = std::fs::read(&path)?;
        let watch = Watch {
            path,
            stamp: Some(stamp),
            polled: None,
        };
        Ok((watch, text))
    }

    /// Looks at the file when `POLL` has passed since the last look (by the monotonic clock
    /// `now`), and reports a change of modification time or length.
    pub fn poll(&mut self, now: Duration) -> Option<Change> {
        if self
            .polled
            .is_some_and(|last| now.saturating_sub(last) < POLL)
        {
            return None;
        }
        self.polled = Some(now);
        let unreadable = |watch: &mut Watch, e: io::Error| {
            // Reported once; the next good read reloads.
            watch
                .stamp
                .take()
                .map(|_| Change::Unreadable(e.to_string()))
        };
        let now_stamp = match stamp(&self.path) {
            Ok(s) => s,
            Err(e) => return unreadable(self, e),
        };
        if self.stamp == Some(now_stamp) {
            return None;
        }
        match std::fs::read(&self.path) {
            Ok(text) => {
                self.stamp = Some(now_stamp);
                Some(Change::Saved(text))
            }
            Err(e) => unreadable(self, e),
        }
    }
}

/// Runs the preview in the real terminal until the author quits, or a signal asks it to stop
/// (which it returns); the terminal is restored on quit, on a stop signal and on a panic.
pub fn run(
    mut preview: Preview,
    mut watch: Watch,
    clock: &SystemClock,
) -> io::Result<Option<Stop>> {
    full_screen(|terminal| {
        run_loop(
            terminal,
            &mut preview,
            &mut watch,
            &mut crate::terminal::input::start(),
            clock,
        )
    })?;
    Ok(preview.app.stopped)
}

/// The loop: draw, wait for a message (at most `POLL`, so the file is looked at even while the
/// author is busy in the editor), update, look at the file. There is no record store: a
/// preview keeps no records.
pub fn run_loop<B: Backend>(
    terminal: &mut Terminal<B>,
    preview: &mut Preview,
    watch: &mut Watch,
    events: &mut impl Events,
    clock: &impl Clock,
) -> io::Result<()>
where
    B::Error: std::error::Error + Send + Sync + 'static,
{
    loop {
        let size = terminal.size().map_err(io::Error::other)?;
        if (size.width, size.height) != preview.size {
            preview.update(Msg::Resize(size.width, size.height), clock.now());
        }
        terminal
            .draw(|f| f.render_widget(&*preview, f.area()))
            .map_err(io::Error::other)?;
        if preview.quit {
            return Ok(());
        }
        let timeout = match preview.app.countdown {
            Some(_) => TIMER_TICK.min(POLL),
            None => POLL,
        };
        let msg = events.next(Some(timeout))?.unwrap_or(Msg::Tick);
        let at = clock.now();
        preview.update(msg, at);
        match watch.poll(at.mono) {
            Some(Change::Saved(text)) => preview.reload(&text, at),
            Some(Change::Unreadable(why)) => preview.unreadable(&why, at),
            None => {}
        }
        preview.panel_scroll = preview.panel_scroll.min(max_panel_scroll(preview));
    }
}
