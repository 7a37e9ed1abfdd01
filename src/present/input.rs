//! The real terminal's messages: key presses, mouse, resizes, and requests to stop. The
//! trainer, the author's preview and the workshop projector all listen here, each making its
//! own messages of what arrives.
//!
//! Two threads feed one channel. One reads crossterm's events; the other waits for the signals
//! that ask a program to stop: SIGTERM (`kill`, a shutdown), SIGHUP (the terminal window was
//! closed), SIGINT and SIGQUIT (sent from outside; in raw mode Ctrl-C is a key). A stop is a
//! message like any other, so the screen's loop ends the ordinary way and the terminal is put
//! back as it was, instead of being left in raw mode on the alternate screen. Records are never
//! at risk: the trainer saves progress after every choice, each save one transaction, and the
//! loop only reads the next message between saves.

use std::io;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::Duration;

use ratatui::crossterm::event::{self, Event};

/// A request from outside to stop, by signal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stop {
    /// The signal's number; the process exits with 128 plus it, as shells expect.
    pub signal: i32,
    /// The signal's name, such as "SIGTERM".
    pub name: &'static str,
}

impl Stop {
    /// The exit status for a program stopped by this signal.
    pub fn exit_code(self) -> u8 {
        u8::try_from(128 + self.signal).unwrap_or(255)
    }

    /// What the learner or facilitator is told once the terminal is back.
    pub fn describe(self) -> String {
        let why = match self.name {
            "SIGHUP" => "the terminal was closed",
            "SIGINT" | "SIGQUIT" => "it was interrupted",
            _ => "it was asked to",
        };
        format!("canteen stopped because {why} ({})", self.name)
    }
}

/// Starts the threads that send terminal events and stop signals down `to`: `event` makes a
/// message of a terminal event (or drops it), `stop` makes one of a stop request. The threads
/// end when the receiving side is dropped and their next message cannot be sent.
pub fn forward<M: Send + 'static>(
    to: &Sender<M>,
    event: fn(Event) -> Option<M>,
    stop: fn(Stop) -> M,
) {
    let input = to.clone();
    std::thread::spawn(move || {
        while let Ok(e) = event::read() {
            if let Some(msg) = event(e)
                && input.send(msg).is_err()
            {
                break;
            }
        }
    });
    forward_stops(to.clone(), stop);
}

#[cfg(unix)]
fn forward_stops<M: Send + 'static>(to: Sender<M>, stop: fn(Stop) -> M) {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
    use signal_hook::iterator::Signals;

    // If the signals cannot be registered, they keep their default effect: the program ends at
    // once, having saved everything up to the last choice.
    let Ok(mut signals) = Signals::new([SIGTERM, SIGHUP, SIGINT, SIGQUIT]) else {
        return;
    };
    std::thread::spawn(move || {
        for signal in signals.forever() {
            let name = match signal {
                SIGTERM => "SIGTERM",
                SIGHUP => "SIGHUP",
                SIGINT => "SIGINT",
                _ => "SIGQUIT",
            };
            if to.send(stop(Stop { signal, name })).is_err() {
                break;
            }
        }
    });
}

#[cfg(not(unix))]
fn forward_stops<M: Send + 'static>(_to: Sender<M>, _stop: fn(Stop) -> M) {}

/// A shell's messages from the real terminal, made by the functions given to
/// [`TerminalEvents::start`].
pub struct TerminalEvents<M> {
    messages: Receiver<M>,
}

impl<M: Send + 'static> TerminalEvents<M> {
    /// Starts reading the terminal and listening for stop signals (see [`forward`]).
    pub fn start(event: fn(Event) -> Option<M>, stop: fn(Stop) -> M) -> TerminalEvents<M> {
        let (tx, rx) = mpsc::channel();
        forward(&tx, event, stop);
        TerminalEvents { messages: rx }
    }

    /// The next message, or `None` when `timeout` passes first (`None`: wait as long as it
    /// takes, with no busy redraw loop).
    pub fn recv(&mut self, timeout: Option<Duration>) -> io::Result<Option<M>> {
        let gone = || io::Error::other("the terminal's input stopped");
        match timeout {
            None => self.messages.recv().map(Some).map_err(|_| gone()),
            Some(t) => match self.messages.recv_timeout(t) {
                Ok(msg) => Ok(Some(msg)),
                Err(RecvTimeoutError::Timeout) => Ok(None),
                Err(RecvTimeoutError::Disconnected) => Err(gone()),
            },
        }
    }
}
