//! An attempt being played: its session, what is saved of it after every choice, and the time
//! spent on it. Every shell plays attempts through this, so the rules (ids, idle time, when an
//! attempt is recorded) are written once.

use std::sync::Arc;
use std::time::Duration;

use rand::Rng;

use super::clock::Moment;
use super::record::Record;
use crate::engine::{PlayError, ReplayGap, SavedStep, Scenario, Session, Step, replay};
use crate::records::{AttemptRecord, Progress};

/// Gaps longer than this are time away, not time spent training.
pub const IDLE: Duration = Duration::from_secs(120);

/// A fresh random attempt id (a version 4 UUID) drawn from `rng`, so a seeded shell is
/// repeatable.
pub fn new_attempt_id(rng: &mut impl Rng) -> String {
    let mut id = [0u8; 16];
    rng.fill_bytes(&mut id);
    uuid::Builder::from_random_bytes(id).into_uuid().to_string()
}

/// An attempt being played: the session and what is saved of it after every choice.
///
/// The shell passes in the time; nothing here reads a clock.
#[derive(Debug, Clone)]
pub struct Attempt {
    pub session: Session,
    pub progress: Progress,
    /// The monotonic time the learner was last seen playing.
    last_seen: Option<Duration>,
}

impl Attempt {
    /// Starts a new attempt.
    pub fn start(
        scenario: Arc<Scenario>,
        seed: u64,
        attempt_id: String,
        now: jiff::Timestamp,
    ) -> Attempt {
        let progress = Progress {
            scenario_id: scenario.meta().id.clone(),
            attempt_id,
            seed,
            started_at: now,
            updated_at: now,
            active_ms: 0,
            steps: Vec::new(),
        };
        Attempt {
            session: Session::new(scenario, seed),
            progress,
            last_seen: None,
        }
    }

    /// Starts a new attempt with its seed and id drawn from `rng`.
    pub fn begin(scenario: Arc<Scenario>, rng: &mut impl Rng, at: Moment) -> Attempt {
        let seed = rng.next_u64();
        let id = new_attempt_id(rng);
        let mut attempt = Attempt::start(scenario, seed, id, at.wall);
        attempt.last_seen = Some(at.mono);
        attempt
    }

    /// Resumes saved progress, replaying its steps by id; says what could not be kept.
    pub fn resume(scenario: Arc<Scenario>, mut progress: Progress) -> (Attempt, Option<ReplayGap>) {
        let (session, gap) = replay(&scenario, progress.seed, &progress.steps);
        progress.steps = SavedStep::from_session(&session);
        let attempt = Attempt {
            session,
            progress,
            last_seen: None,
        };
        (attempt, gap)
    }

    /// Counts the time since the learner was last seen as time spent, up to [`IDLE`]: a longer
    /// gap is time away. Shells call this whenever the learner does something while playing.
    pub fn seen(&mut self, at: Duration) {
        if let Some(last) = self.last_seen {
            let gap = at.saturating_sub(last).min(IDLE);
            self.progress.active_ms += gap.as_millis() as u64;
        }
        self.last_seen = Some(at);
    }

    /// Stops counting time until the learner is next seen (they left the attempt's screens).
    pub fn away(&mut self) {
        self.last_seen = None;
    }

    /// Makes a choice (or lets the timer run out) and updates what is to be saved.
    pub fn play(
        &mut self,
        choice: Option<&str>,
        now: jiff::Timestamp,
        active_ms: u64,
    ) -> Result<Step, PlayError> {
        let step = match choice {
            Some(id) => self.session.choose(id)?.clone(),
            None => self.session.time_up()?.clone(),
        };
        self.progress.steps = SavedStep::from_session(&self.session);
        self.progress.updated_at = now;
        self.progress.active_ms = active_ms;
        Ok(step)
    }

    /// Takes a turn: the choice with this id (or the timer running out, for `None`), with the
    /// time spent counted. Returns the step and what must be written to the record store: the
    /// progress, or the finished attempt's record once the story has ended.
    pub fn take_turn(
        &mut self,
        choice: Option<&str>,
        at: Moment,
        learner: &str,
    ) -> Result<(Step, Record), PlayError> {
        self.seen(at.mono);
        let step = self.play(choice, at.wall, self.progress.active_ms)?;
        let record = if self.session.is_finished() {
            Record::RecordAttempt(Box::new(self.record(learner, at.wall)))
        } else {
            Record::SaveProgress(self.progress.clone())
        };
        Ok((step, record))
    }

    /// The record of the finished attempt.
    pub fn record(&self, learner: &str, now: jiff::Timestamp) -> AttemptRecord {
        AttemptRecord::from_session(&self.session, &self.progress, learner, now)
    }
}
