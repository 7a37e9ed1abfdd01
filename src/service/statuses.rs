//! The scenario list as a learner sees it: each file of the library with the learner's status
//! on it, as the record store tells it.

use std::collections::HashMap;
use std::sync::Arc;

use crate::engine::Scenario;
use crate::format::Severity;
use crate::library::Library;
use crate::records::Progress;

/// One row of the scenario list.
#[derive(Debug, Clone)]
pub struct Entry {
    pub file: String,
    pub scenario: Option<Arc<Scenario>>,
    /// Why the scenario cannot be played, when it is invalid.
    pub problem: Option<String>,
}

/// The rows of a library, in its order.
pub fn entries(library: &Library) -> Vec<Entry> {
    library
        .entries
        .iter()
        .map(|e| Entry {
            file: e.file.name.clone(),
            scenario: e.scenario.clone(),
            problem: e
                .scenario
                .is_none()
                .then(|| {
                    e.diagnostics
                        .iter()
                        .find(|d| d.severity() == Severity::Error)
                })
                .flatten()
                .map(|d| d.short()),
        })
        .collect()
}

/// A learner's status on one scenario.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Status<'a> {
    New,
    /// An attempt is saved part-way, with this progress.
    InProgress(&'a Progress),
    /// Attempts have finished: whether any passed, and the best overall score.
    Finished {
        passed: bool,
        best: u32,
    },
}

impl Status<'_> {
    /// The status in words; words, not colour, carry the meaning.
    pub fn word(&self) -> String {
        match self {
            Status::New => "new".into(),
            Status::InProgress(_) => "in progress".into(),
            Status::Finished { passed: true, best } => format!("passed, best {best}%"),
            Status::Finished {
                passed: false,
                best,
            } => format!("not passed, best {best}%"),
        }
    }
}

/// What the record store holds of a learner's scenarios: saved progress and best results.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Statuses {
    saved: HashMap<String, Progress>,
    results: HashMap<String, (bool, u32)>,
}

impl Statuses {
    /// The statuses from the store's saved progress and best results.
    pub fn new(saved: Vec<Progress>, results: Vec<(String, bool, u32)>) -> Statuses {
        Statuses {
            saved: saved
                .into_iter()
                .map(|p| (p.scenario_id.clone(), p))
                .collect(),
            results: results
                .into_iter()
                .map(|(id, passed, best)| (id, (passed, best)))
                .collect(),
        }
    }

    /// The learner's status on a scenario: in progress first, then finished, else new.
    pub fn of(&self, scenario_id: &str) -> Status<'_> {
        if let Some(p) = self.saved.get(scenario_id) {
            return Status::InProgress(p);
        }
        match self.results.get(scenario_id) {
            Some(&(passed, best)) => Status::Finished { passed, best },
            None => Status::New,
        }
    }

    /// The saved progress of a scenario, if any.
    pub fn saved(&self, scenario_id: &str) -> Option<&Progress> {
        self.saved.get(scenario_id)
    }

    /// True when nothing is saved or finished.
    pub fn is_empty(&self) -> bool {
        self.saved.is_empty() && self.results.is_empty()
    }
}
