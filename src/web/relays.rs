//! SCORM launches: the one-time tokens a SCO asks for, and the learners whose trainer window
//! an LMS's SCO opened, whose pages report back to it.
//!
//! A token is asked for from the LMS's page (its `Origin` one `--lms` names), for the
//! student id and name the LMS gave the SCO; it works once, within two minutes. Kept in
//! memory: a restart only means the learner opens the scenario again from the LMS.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::records::LearnerId;

/// How long a launch token stays good.
const TOKEN_LIFE: Duration = Duration::from_secs(120);

/// What a token opens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ticket {
    /// The LMS page's origin, where the trainer reports to.
    pub origin: String,
    /// The learner's key: the LMS's origin and its student id.
    pub key: String,
    pub name: String,
    pub scenario: String,
    issued: Instant,
}

/// A learner's SCORM launch: where their pages report, and which scenario.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relay {
    pub origin: String,
    pub scenario: String,
}

/// Every token waiting and every SCORM launch.
#[derive(Default)]
pub struct Relays {
    tickets: Mutex<HashMap<String, Ticket>>,
    learners: Mutex<HashMap<LearnerId, Relay>>,
}

impl Relays {
    /// A new one-time token for a student of the LMS at `origin`.
    pub fn issue(&self, origin: &str, student_id: &str, name: &str, scenario: &str) -> String {
        use rand::RngExt;
        let bytes: [u8; 32] = rand::rng().random();
        let token: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        let mut t = self.tickets.lock().unwrap_or_else(|e| e.into_inner());
        t.retain(|_, k| k.issued.elapsed() < TOKEN_LIFE);
        if t.len() < 100_000 {
            t.insert(
                token.clone(),
                Ticket {
                    origin: origin.to_string(),
                    key: format!("{origin}#{student_id}"),
                    name: name.to_string(),
                    scenario: scenario.to_string(),
                    issued: Instant::now(),
                },
            );
        }
        token
    }

    /// Uses a token: what it opens, once, while it is good.
    pub fn redeem(&self, token: &str) -> Option<Ticket> {
        let mut t = self.tickets.lock().unwrap_or_else(|e| e.into_inner());
        t.remove(token).filter(|k| k.issued.elapsed() < TOKEN_LIFE)
    }

    /// Notes that the learner's window was opened by a SCO at this origin.
    pub fn relay(&self, learner: LearnerId, relay: Relay) {
        let mut l = self.learners.lock().unwrap_or_else(|e| e.into_inner());
        if l.len() > 100_000 {
            l.clear();
        }
        l.insert(learner, relay);
    }

    /// The learner's SCORM launch, if their window was opened by one.
    pub fn of(&self, learner: LearnerId) -> Option<Relay> {
        let l = self.learners.lock().unwrap_or_else(|e| e.into_inner());
        l.get(&learner).cloned()
    }
}
