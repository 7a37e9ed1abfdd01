//! cmi5 launches in progress: each launched learner's session with their LMS, and the
//! statements waiting for its record store, sent in the order they were made and retried
//! until acknowledged.
//!
//! They are kept in memory: the session's token is the LMS's, for this session only, so the
//! statements cannot wait in the store's outbox for `canteen export` to send with the
//! trust's own LRS credentials. The attempt itself is in the store as soon as it is made; a
//! restart of canteen loses only statements its LMS had not yet acknowledged.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::Instant;

use serde_json::Value;

use crate::lms::client::LmsClient;
use crate::lms::statements::Cmi5Session;
use crate::records::LearnerId;
use crate::service::Attempt;

/// One learner's launch.
#[derive(Debug)]
pub struct Launched {
    pub session: Cmi5Session,
    /// The LMS's token for this session (basic authorisation on its record store).
    pub token: String,
    /// The scenario the unit plays.
    pub scenario: String,
    pub started: Instant,
    pending: VecDeque<Value>,
    /// The record store's refusal, when it refused: not retried.
    refused: Option<String>,
    sending: bool,
    terminated: bool,
    /// Decisions already sent as `answered`.
    answered: usize,
    /// The attempt whose ending has been sent (one per launch).
    finished: Option<String>,
}

impl Launched {
    /// A launch that has just been initialized (its first statement waiting).
    pub fn new(
        session: Cmi5Session,
        token: String,
        scenario: String,
        at: jiff::Timestamp,
    ) -> Launched {
        let first = session.initialized(at);
        Launched {
            session,
            token,
            scenario,
            started: Instant::now(),
            pending: VecDeque::from([first]),
            refused: None,
            sending: false,
            terminated: false,
            answered: 0,
            finished: None,
        }
    }

    /// Whether `terminated` has been made: the session is over.
    pub fn terminated(&self) -> bool {
        self.terminated
    }

    /// Where "Exit" goes.
    pub fn return_url(&self) -> Option<&str> {
        self.session.data.return_url.as_deref()
    }
}

/// Where a launch's statements stand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delivery {
    /// All acknowledged by the LMS's record store.
    Sent,
    /// Some wait, because the record store could not be reached: they will be retried.
    Waiting,
    /// The record store refused them, with its words.
    Refused(String),
}

/// Every launch in progress.
pub struct Launches {
    by_learner: Mutex<HashMap<LearnerId, Launched>>,
    client: LmsClient,
}

impl Default for Launches {
    fn default() -> Self {
        Launches {
            by_learner: Mutex::new(HashMap::new()),
            client: LmsClient::new(std::time::Duration::from_secs(5)),
        }
    }
}

impl Launches {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<LearnerId, Launched>> {
        self.by_learner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The client for the LMS.
    pub fn client(&self) -> &LmsClient {
        &self.client
    }

    /// Keeps a new launch for the learner; one left unfinished before keeps its statements
    /// going first.
    pub fn open(&self, learner: LearnerId, launched: Launched) {
        let mut all = self.lock();
        if let Some(old) = all.get_mut(&learner) {
            // An earlier launch's unsent statements go before the new session's.
            let mut pending = std::mem::take(&mut old.pending);
            let mut new = launched;
            pending.extend(new.pending.drain(..));
            new.pending = pending;
            all.insert(learner, new);
        } else {
            all.insert(learner, launched);
        }
    }

    /// Works on the learner's launch, when they have one.
    pub fn with<R>(&self, learner: LearnerId, f: impl FnOnce(&mut Launched) -> R) -> Option<R> {
        self.lock().get_mut(&learner).map(f)
    }

    /// After a turn at the launched scenario: `answered` for each new decision, and the
    /// ending's statements when the attempt is finished.
    pub fn after_turn(
        &self,
        learner: LearnerId,
        scenario: &str,
        attempt: &Attempt,
        at: jiff::Timestamp,
    ) {
        self.with(learner, |l| {
            if l.scenario != scenario || l.terminated {
                return;
            }
            let steps = &attempt.progress.steps;
            if l.answered > steps.len() {
                l.answered = 0;
            }
            for step in &steps[l.answered..] {
                if let Some(s) = l
                    .session
                    .answered(&step.scene, &step.choice, step.timed_out, at)
                {
                    l.pending.push_back(s);
                }
            }
            l.answered = steps.len();
            // cmi5 allows one completed and one passed per registration: a second attempt in
            // the same launch (Start again) sends its decisions, not another ending.
            let id = &attempt.progress.attempt_id;
            if attempt.session.is_finished() && l.finished.is_none() {
                let record = attempt.record("", at);
                l.pending.extend(l.session.finished(&record, at));
                l.finished = Some(id.clone());
                l.answered = 0;
            }
        });
    }

    /// Ends the learner's session with `terminated`.
    pub fn terminate(&self, learner: LearnerId, at: jiff::Timestamp) {
        self.with(learner, |l| {
            if !l.terminated {
                let ms = l.started.elapsed().as_millis().min(u128::from(u64::MAX)) as u64;
                let last = l.session.terminated(ms, at);
                l.pending.push_back(last);
                l.terminated = true;
            }
        });
    }

    /// Where the learner's statements stand, without sending.
    pub fn delivery(&self, learner: LearnerId) -> Option<Delivery> {
        self.with(learner, |l| state(l))
    }

    /// Sends what waits for the learner's launch, in order; where it then stands.
    pub fn deliver(&self, learner: LearnerId) -> Option<Delivery> {
        let (endpoint, token, batch) = {
            let mut all = self.lock();
            let l = all.get_mut(&learner)?;
            if l.sending || l.refused.is_some() || l.pending.is_empty() {
                return Some(state(l));
            }
            l.sending = true;
            (
                l.session.launch.endpoint.clone(),
                l.token.clone(),
                l.pending.iter().cloned().collect::<Vec<_>>(),
            )
        };
        let sent = self.client.send(&endpoint, &token, &batch);
        let mut all = self.lock();
        let l = all.get_mut(&learner)?;
        l.sending = false;
        match sent {
            Ok(()) => {
                for _ in 0..batch.len() {
                    l.pending.pop_front();
                }
            }
            Err(e) if e.passing() => {}
            Err(e) => l.refused = Some(e.to_string()),
        }
        let now = state(l);
        if l.terminated && now == Delivery::Sent {
            all.remove(&learner);
        }
        Some(now)
    }

    /// Retries every launch with statements waiting (the server's background round).
    pub fn deliver_all(&self) {
        let waiting: Vec<LearnerId> = self
            .lock()
            .iter()
            .filter(|(_, l)| !l.pending.is_empty() && l.refused.is_none() && !l.sending)
            .map(|(id, _)| *id)
            .collect();
        for learner in waiting {
            self.deliver(learner);
        }
    }
}

fn state(l: &Launched) -> Delivery {
    match (&l.refused, l.pending.is_empty()) {
        (Some(why), _) => Delivery::Refused(why.clone()),
        (None, true) => Delivery::Sent,
        (None, false) => Delivery::Waiting,
    }
}
