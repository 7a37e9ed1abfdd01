//! The raw scenario model: a serde mirror of a `.ron` file, exactly as the trainer wrote it.
//!
//! Nothing here is checked beyond what serde checks (field names and types). The validator
//! turns a [`RawScenario`] into a [`crate::engine::Scenario`]; nothing downstream of the
//! validator ever sees these types.

use serde::Deserialize;

use super::entries::Entries;

/// One scenario file.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename = "Scenario", deny_unknown_fields)]
pub struct RawScenario {
    /// Version of the file format; canteen reads format 1.
    pub format: u32,
    /// Stable id: lowercase letters, digits and hyphens. Records and exports use it.
    pub id: String,
    pub title: String,
    pub summary: String,
    /// Audience roles, by id from `assets/roles.ron` (nurse, porter, manager, ...).
    pub roles: Vec<String>,
    /// Estimated minutes to play alone.
    pub minutes: u32,
    #[serde(default)]
    pub tags: Vec<String>,
    pub author: String,
    /// Guidance the scenario draws on (NMC Code 20.10, Caldicott principle 4, ...).
    #[serde(default)]
    pub sources: Vec<String>,
    /// Who signed the content off and when it must be reviewed again.
    #[serde(default)]
    pub governance: Option<RawGovernance>,
    /// Overall percentage needed to pass, 0 to 100.
    pub pass_mark: u32,
    /// Id of the first scene.
    pub start: String,
    /// Decision scenes, keyed by stable id, in the order written.
    pub scenes: Entries<RawScene>,
    /// Endings, keyed by stable id (scene and ending ids share one namespace).
    pub endings: Entries<RawEnding>,
    /// The author's expectations, checked by `canteen validate` and `canteen test`.
    #[serde(default)]
    pub expect: Vec<RawExpectation>,
}

/// Content governance: the version of the content, when and by whom (roles, not names) it was
/// last reviewed, and when it must be reviewed again.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename = "Governance", deny_unknown_fields)]
pub struct RawGovernance {
    /// The content version, e.g. "2.0"; certificates and xAPI statements name it.
    pub version: String,
    /// The date of the last review, YYYY-MM-DD.
    pub reviewed: String,
    /// The roles that reviewed and signed it off, e.g. "Caldicott Guardian".
    pub reviewed_by: Vec<String>,
    /// The date by which it must be reviewed again, YYYY-MM-DD.
    pub review_by: String,
}

/// A decision point.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename = "Scene", deny_unknown_fields)]
pub struct RawScene {
    /// The narrative.
    pub text: String,
    /// Alternative narratives; one of `text` and these is picked at random for each play.
    #[serde(default)]
    pub variants: Vec<String>,
    /// A question for the room in workshops.
    #[serde(default)]
    pub discuss: Option<String>,
    /// An optional time limit on the decision, with what happens when it runs out.
    #[serde(default)]
    pub timer: Option<RawTimer>,
    pub choices: Vec<RawChoice>,
}

/// A time limit on a decision.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename = "Timer", deny_unknown_fields)]
pub struct RawTimer {
    pub seconds: u32,
    /// The consequence of letting the time run out, written as a choice that is never offered.
    pub expired: RawChoice,
}

/// One option at a decision point.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename = "Choice", deny_unknown_fields)]
pub struct RawChoice {
    /// Stable id, unique within the scenario.
    pub id: String,
    pub text: String,
    /// What happens and why; shown after the choice is made.
    #[serde(default)]
    pub feedback: String,
    /// Points per principle id: positive upholds, negative breaches.
    #[serde(default)]
    pub effects: Entries<i32>,
    /// A serious breach: the attempt fails whatever the score.
    #[serde(default)]
    pub critical: bool,
    /// The author's judgement of the choice: `Best`, `Defensible` (a grey area handled
    /// defensibly), `Weak` or `Breach`. The validator checks the scores agree with it.
    #[serde(default)]
    pub verdict: Option<RawVerdict>,
    /// Sources that fit this choice best, cited by id and section (`"gmc-social-media-2024 para 14"`);
    /// shown before the principles' own when they bind the learner's role.
    #[serde(default)]
    pub cites: Vec<String>,
    /// A local arrangement this choice commits the learner to (a manager's scenario): a line
    /// of the checklist they take away at the end.
    #[serde(default)]
    pub arrangement: Option<String>,
    /// Flags this choice sets.
    #[serde(default)]
    pub sets: Vec<String>,
    /// Offered only when all of these flags are set.
    #[serde(default)]
    pub requires: Vec<String>,
    /// Offered only when none of these flags are set.
    #[serde(default)]
    pub unless: Vec<String>,
    /// The scene or ending that follows.
    #[serde(default)]
    pub next: Option<String>,
    /// Or: a weighted random draw of what follows.
    #[serde(default)]
    pub chance: Vec<RawOutcome>,
}

/// The author's judgement of a choice, as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum RawVerdict {
    Best,
    Defensible,
    Weak,
    Breach,
}

/// One possible result of a chance draw.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename = "Outcome", deny_unknown_fields)]
pub struct RawOutcome {
    pub weight: u32,
    pub next: String,
}

/// How a story ends.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename = "Ending", deny_unknown_fields)]
pub struct RawEnding {
    pub title: String,
    /// What happened.
    pub outcome: String,
    /// What to learn from it.
    pub debrief: String,
}

/// An author's expectation about the scenario, checked like a test.
///
/// A path is a list of choice ids from the start; where a choice leads to a chance draw,
/// the next step may name the outcome's scene to pick that draw.
#[derive(Debug, Clone, Deserialize)]
pub enum RawExpectation {
    /// Playing this path passes.
    Passes(Vec<String>),
    /// Playing this path fails.
    Fails(Vec<String>),
    /// This choice is marked critical.
    Critical(String),
    /// Playing this path arrives at this ending.
    Ends { path: Vec<String>, ending: String },
    /// Playing this path scores within these bounds (overall, or for one principle).
    Scores {
        path: Vec<String>,
        #[serde(default)]
        principle: Option<String>,
        #[serde(default)]
        at_least: Option<u32>,
        #[serde(default)]
        below: Option<u32>,
    },
}
