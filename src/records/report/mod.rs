//! A manager's report over many learners' records: pass rate and mean score per scenario, the
//! weakest principles, and the choices most often made wrongly. Pure: records and a way to look
//! up scenarios in, aggregates out, one record at a time ([`Tally`]) so any number will do.
//!
//! Aggregates only. Who made which attempt, and where their file was, appear only in the
//! optional [`Individual`] rows, which the command line adds only when asked (`--individual`).

mod counted;
mod parallel;
mod render;
mod seen;
mod tally;

pub use counted::Counted;
pub use parallel::{Feed, Refused, tally_on_every_core};
pub use render::{bar, to_csv, to_markdown, to_table};
pub use tally::Tally;

use jiff::Timestamp;

/// How one scenario went across everyone's attempts.
#[derive(Debug, Clone, PartialEq)]
pub struct ScenarioLine {
    pub id: String,
    pub title: String,
    pub attempts: usize,
    pub passed: usize,
    /// Mean overall score, in percent.
    pub mean_score: f64,
}

impl ScenarioLine {
    /// Passed attempts as a percentage of all attempts.
    pub fn pass_rate(&self) -> f64 {
        percent_of(self.passed, self.attempts)
    }
}

/// How one principle went across the attempts that put it at stake.
#[derive(Debug, Clone, PartialEq)]
pub struct PrincipleLine {
    pub id: String,
    pub name: String,
    /// Attempts in which the principle was at stake.
    pub attempts: usize,
    pub mean_percent: f64,
}

/// A choice that breaches a principle (negative points) or is critical, and how often it was
/// made where it was offered.
#[derive(Debug, Clone, PartialEq)]
pub struct WrongChoice {
    pub scenario_id: String,
    pub scene_id: String,
    pub choice_id: String,
    /// The choice's text, when the scenario is in the library.
    pub text: Option<String>,
    pub critical: bool,
    /// Its points summed over the principles, when known.
    pub points: Option<i32>,
    /// How many times it was made.
    pub chosen: usize,
    /// How many decisions were made at its scene.
    pub decisions: usize,
}

/// One attempt, named: only with `--individual`.
#[derive(Debug, Clone, PartialEq)]
pub struct Individual {
    pub learner: String,
    pub scenario_id: String,
    pub finished_at: Timestamp,
    pub overall: u32,
    /// The version of the scoring rules that gave `overall`.
    pub scoring: u32,
    pub passed: bool,
    /// The choices made, in order.
    pub choices: Vec<String>,
    pub critical: Vec<String>,
    pub source: String,
}

/// The whole report.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub attempts: usize,
    /// Distinct names or staff numbers among the records (blank ones not counted).
    pub learners: usize,
    /// Records read more than once (the same attempt in two files) and counted once.
    pub duplicates: usize,
    pub scenarios: Vec<ScenarioLine>,
    /// Weakest first.
    pub principles: Vec<PrincipleLine>,
    /// Most often made first; at most the number asked for.
    pub wrong_choices: Vec<WrongChoice>,
    pub individuals: Option<Vec<Individual>>,
}

fn percent_of(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        100.0 * part as f64 / whole as f64
    }
}
