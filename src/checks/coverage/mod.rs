//! Coverage of a scenario library: which principles each scenario scores and how well, who it
//! is for and how big it is; [`rules`] holds the library to the coverage rules of the scenario
//! library issue (every principle taught often enough, every role served, every scenario deep
//! enough to teach).
//!
//! Pure: validated scenarios and the catalogue in, figures and rule results out. `canteen
//! catalogue` prints them; a test holds the shipped library to the rules.

pub(crate) mod rules;

use std::sync::Arc;

use crate::engine::Dest;
use crate::engine::Scenario;
use crate::model::{Catalogue, Principle};

pub use rules::{CoverageRule, REQUIRED_ROLES, RuleResult};

/// Word counts of the text a scenario's learners and trainers read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Words {
    /// Scene texts, their variants and the workshop discussion prompts.
    pub narrative: usize,
    /// The text of every choice, a timer's consequence included.
    pub choices: usize,
    /// The feedback on every choice.
    pub feedback: usize,
    /// Ending titles, outcomes and debriefs.
    pub endings: usize,
}

impl std::iter::Sum for Words {
    fn sum<I: Iterator<Item = Words>>(iter: I) -> Words {
        iter.fold(Words::default(), |a, b| Words {
            narrative: a.narrative + b.narrative,
            choices: a.choices + b.choices,
            feedback: a.feedback + b.feedback,
            endings: a.endings + b.endings,
        })
    }
}

impl Words {
    /// All the words together.
    pub fn total(&self) -> usize {
        self.narrative + self.choices + self.feedback + self.endings
    }
}

/// What one scenario covers, and its size.
#[derive(Debug, Clone)]
pub struct ScenarioCoverage {
    pub id: String,
    pub title: String,
    /// Role ids, as written.
    pub roles: Vec<String>,
    pub tags: Vec<String>,
    /// Per catalogue principle, in catalogue order: the most points a learner can be sure to
    /// earn on it (the engine's best bound from the start), or `None` when the scenario does
    /// not score it.
    pub best_points: Vec<Option<i32>>,
    /// Decisions on the line of play that does most for the overall score.
    pub best_path_decisions: usize,
    /// Decision scenes in the scenario.
    pub decisions: usize,
    pub endings: usize,
    pub words: Words,
    /// The author's estimate of minutes to play alone.
    pub minutes: u32,
}

/// The coverage of a library.
#[derive(Debug, Clone)]
pub struct Coverage {
    /// The catalogue's principles, in order; [`ScenarioCoverage::best_points`] follows it.
    pub principles: Vec<Arc<Principle>>,
    pub scenarios: Vec<ScenarioCoverage>,
    pub rules: Vec<RuleResult>,
}

impl Coverage {
    /// Works out the coverage of some validated scenarios against a catalogue.
    pub fn of<'a>(
        catalogue: &Catalogue,
        scenarios: impl IntoIterator<Item = &'a Arc<Scenario>>,
    ) -> Coverage {
        let scenarios: Vec<&Arc<Scenario>> = scenarios.into_iter().collect();
        let rows = scenarios.iter().map(|s| measure(catalogue, s)).collect();
        let mut coverage = Coverage {
            principles: catalogue.principles.clone(),
            scenarios: rows,
            rules: Vec::new(),
        };
        coverage.rules = rules::check(&coverage, &scenarios);
        coverage
    }

    /// How many scenarios score each principle, in catalogue order.
    pub fn scenarios_per_principle(&self) -> Vec<usize> {
        (0..self.principles.len())
            .map(|i| {
                self.scenarios
                    .iter()
                    .filter(|s| s.best_points[i].is_some())
                    .count()
            })
            .collect()
    }

    /// True when every rule is met.
    pub fn all_ok(&self) -> bool {
        self.rules.iter().all(RuleResult::ok)
    }
}

/// Figures for one scenario.
fn measure(catalogue: &Catalogue, s: &Scenario) -> ScenarioCoverage {
    let a = &s.analysis();
    let start = Dest::State(a.start());
    let best_points = catalogue
        .principles
        .iter()
        .map(|p| {
            s.principle_by_id(&p.id)
                .map(|i| a.best(start, i).round() as i32)
        })
        .collect();
    ScenarioCoverage {
        id: s.meta().id.clone(),
        title: s.meta().title.clone(),
        roles: s.meta().roles.clone(),
        tags: s.meta().tags.clone(),
        best_points,
        best_path_decisions: a.line(a.start(), true).len(),
        decisions: s.scenes().len(),
        endings: s.endings().len(),
        words: words(s),
        minutes: s.meta().minutes,
    }
}

/// Counts the words in a scenario's strings.
pub fn words(s: &Scenario) -> Words {
    Words {
        narrative: sum_words(
            s.scenes()
                .iter()
                .flat_map(|x| x.texts.iter().chain(x.discuss.iter())),
        ),
        choices: sum_words(s.choices().iter().map(|c| &c.text)),
        feedback: sum_words(s.choices().iter().map(|c| &c.feedback)),
        endings: sum_words(
            s.endings()
                .iter()
                .flat_map(|e| [&e.title, &e.outcome, &e.debrief]),
        ),
    }
}

fn sum_words<'a>(texts: impl Iterator<Item = &'a String>) -> usize {
    texts.map(|t| count_words(t)).sum()
}

/// Words in a text: runs of non-space characters holding a letter or digit, so a lone dash,
/// quote mark or emoji is not counted.
pub fn count_words(text: &str) -> usize {
    text.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_need_a_letter_or_digit() {
        assert_eq!(count_words("Tough night, proud of my team."), 6);
        assert_eq!(count_words("  A dash — and an emoji 😂 don't count "), 7);
        assert_eq!(count_words("Ward 7: 1 nurse"), 4);
        assert_eq!(count_words(""), 0);
    }
}
