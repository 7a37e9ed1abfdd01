//! The trainer's and the preview's messages from the real terminal: keys, mouse, resizes and
//! stop signals, read by the shared [`TerminalEvents`] and made into the trainer's [`Msg`].

use std::io;
use std::time::Duration;

use ratatui::crossterm::event::Event;

use super::Events;
use super::app::Msg;
use crate::present::input::TerminalEvents;

/// Starts reading the terminal and listening for stop signals, as the trainer's messages.
pub fn start() -> TerminalEvents<Msg> {
    TerminalEvents::start(
        |e| {
            Some(match e {
                Event::Key(k) => Msg::Key(k),
                Event::Mouse(m) => Msg::Mouse(m),
                Event::Resize(w, h) => Msg::Resize(w, h),
                _ => Msg::Tick,
            })
        },
        Msg::Stop,
    )
}

impl Events for TerminalEvents<Msg> {
    fn next(&mut self, timeout: Option<Duration>) -> io::Result<Option<Msg>> {
        self.recv(timeout)
    }
}
