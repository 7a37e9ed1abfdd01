//! Time as the trainer sees it: a monotonic clock for timers and time spent, the wall clock
//! for records. Shells pass a [`Moment`] in; nothing in the service reads a clock itself.

use std::time::{Duration, Instant};

use jiff::Timestamp;

/// A moment as the shell saw it: a monotonic clock for timers, the wall clock for records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Moment {
    pub mono: Duration,
    pub wall: Timestamp,
}

/// What time it is.
pub trait Clock {
    /// The moment now.
    fn now(&self) -> Moment;
}

/// The real clock, for shells that run in real time.
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
            wall: Timestamp::now(),
        }
    }
}
