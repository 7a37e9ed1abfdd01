//! What a choice did, as every shell tells it: the principles it upheld or breached, with what
//! each asks and its source.

use crate::engine::Scenario;
use crate::model::Choice;

/// The critical-breach warning, in the same words on every shell.
pub const CRITICAL: &str = "CRITICAL BREACH: in real life this would be a serious breach. It fails the attempt whatever your score.";

/// One principle a choice touched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Touched<'a> {
    /// True when the choice upheld it, false when it breached it.
    pub upheld: bool,
    pub points: i32,
    pub name: &'a str,
    pub description: &'a str,
    /// The source that binds the learner, in words: one per group of roles when the learner's
    /// role is not known and the audience is bound by different codes.
    pub source: Option<String>,
}

impl Touched<'_> {
    /// "Upheld" or "Breached".
    pub fn word(&self) -> &'static str {
        if self.upheld { "Upheld" } else { "Breached" }
    }
}

/// The principles a choice upheld or breached, in the scenario's order, each with the source
/// that binds the learner: `role` when they chose one this scenario serves, else each of the
/// scenario's audience roles. Never another profession's code.
pub fn touched<'a>(
    scenario: &'a Scenario,
    choice: &Choice,
    role: Option<&str>,
) -> Vec<Touched<'a>> {
    let roles = scenario.audience_for(role);
    scenario
        .principles()
        .iter()
        .enumerate()
        .zip(&choice.effects)
        .filter(|(_, points)| **points != 0)
        .map(|((i, p), &points)| {
            let source = scenario.citation_words(choice, i, &roles);
            Touched {
                upheld: points > 0,
                points,
                name: &p.name,
                description: &p.description,
                source,
            }
        })
        .collect()
}
