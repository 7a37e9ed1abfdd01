//! Scoring an attempt: points per principle against the best and worst the learner could
//! have earned, the overall percentage, and pass or fail.
//!
//! The overall score (scoring rules version [`SCORING`]) weighs each principle by what the
//! scenario puts at stake on it: the points the learner earned, as a share of the points at
//! stake, summed across principles and clamped to 0..=100%. A principle the learner can uphold
//! has its best as its stake; one the scenario can only breach has the distance from its
//! worst to its best. docs/authoring.md works an example through.

use std::sync::Arc;

use serde::Serialize;

use crate::model::Principle;

/// The version of the scoring rules: 1 was the unweighted mean of the principles' ratios; 2
/// weighs each principle by its stake. Records keep the version that scored them.
pub const SCORING: u32 = 2;

/// How a learner did on one principle.
#[derive(Debug, Clone, Serialize)]
pub struct PrincipleScore {
    pub principle: Arc<Principle>,
    /// Points earned on this principle along the path.
    pub earned: i32,
    /// The most the learner could have earned (raised by kind chance draws).
    pub best: i32,
    /// The least the learner could have earned.
    pub worst: i32,
}

impl PrincipleScore {
    /// The share of the best achieved, from 0 to 1 (below 0 only where breaches outweigh),
    /// or `None` when the principle was never at stake in this attempt.
    ///
    /// Where the principle could be upheld (`best > 0`) it is `earned / best`. Where it could
    /// only be breached, it is how far the learner stayed from the worst: 1 for no avoidable
    /// breach, 0 for every breach possible.
    pub fn ratio(&self) -> Option<f64> {
        let (e, b, w) = (self.earned as f64, self.best as f64, self.worst as f64);
        if b > 0.0 {
            Some(e / b)
        } else if b > w {
            Some(1.0 - (b - e) / (b - w))
        } else {
            None
        }
    }

    /// What this principle puts at stake: its best where it can be upheld, else the distance
    /// from its worst to its best; 0 when it was never at stake.
    pub fn stake(&self) -> f64 {
        let (b, w) = (self.best as f64, self.worst as f64);
        if b > 0.0 {
            b
        } else if b > w {
            b - w
        } else {
            0.0
        }
    }

    /// The learner's share of the stake, in points: what they earned where the principle can
    /// be upheld (below 0 for breaches), else how far they stayed from the worst.
    pub fn credit(&self) -> f64 {
        let (e, b, w) = (self.earned as f64, self.best as f64, self.worst as f64);
        if b > 0.0 {
            e
        } else if b > w {
            e - w
        } else {
            0.0
        }
    }

    /// The ratio as a whole percentage clamped to 0..=100, for display.
    pub fn percent(&self) -> Option<u32> {
        self.ratio()
            .map(|r| (r.clamp(0.0, 1.0) * 100.0).floor() as u32)
    }

    /// True when the learner lost points on this principle.
    pub fn breached(&self) -> bool {
        self.earned < 0
    }
}

/// The score of an attempt, finished or not.
#[derive(Debug, Clone, Serialize)]
pub struct Scorecard {
    /// The principles at stake, in catalogue order.
    pub principles: Vec<PrincipleScore>,
    /// The points earned as a share of the points at stake, summed across principles, as a
    /// whole percentage (0..=100, rounded down).
    pub overall: u32,
    pub pass_mark: u32,
    /// Ids of critical choices made.
    pub critical: Vec<String>,
}

impl Scorecard {
    /// Works out the overall percentage from principle scores.
    pub fn new(
        principles: Vec<PrincipleScore>,
        pass_mark: u32,
        critical: Vec<String>,
    ) -> Scorecard {
        let stake: f64 = principles.iter().map(PrincipleScore::stake).sum();
        let credit: f64 = principles.iter().map(PrincipleScore::credit).sum();
        let share = if stake > 0.0 { credit / stake } else { 1.0 };
        // A tiny epsilon stops 0.7 * 100 = 69.99999 from failing a 70% pass mark.
        let overall = ((share.clamp(0.0, 1.0) * 100.0) + 1e-9).floor() as u32;
        Scorecard {
            principles,
            overall,
            pass_mark,
            critical,
        }
    }

    /// True when the overall percentage meets the pass mark and no critical choice was made.
    pub fn passed(&self) -> bool {
        self.overall >= self.pass_mark && self.critical.is_empty()
    }

    /// Why the attempt passed or failed, in a sentence for the learner.
    pub fn verdict(&self) -> String {
        if !self.critical.is_empty() {
            format!(
                "Not passed: a critical breach ({}) fails the attempt whatever the score.",
                self.critical.join(", ")
            )
        } else if self.overall < self.pass_mark {
            format!(
                "Not passed: {}% is below the pass mark of {}%.",
                self.overall, self.pass_mark
            )
        } else {
            format!(
                "Passed: {}% meets the pass mark of {}%.",
                self.overall, self.pass_mark
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn principle(id: &str) -> Arc<Principle> {
        Arc::new(Principle {
            id: id.into(),
            name: id.into(),
            description: String::new(),
            sources: vec![],
        })
    }

    fn score(earned: i32, best: i32, worst: i32) -> PrincipleScore {
        PrincipleScore {
            principle: principle("p"),
            earned,
            best,
            worst,
        }
    }

    #[test]
    fn ratio_rules() {
        assert_eq!(score(3, 6, -2).ratio(), Some(0.5));
        assert_eq!(score(-2, 6, -2).percent(), Some(0));
        assert_eq!(score(0, 0, -4).ratio(), Some(1.0));
        assert_eq!(score(-4, 0, -4).ratio(), Some(0.0));
        assert_eq!(score(-2, 0, -4).ratio(), Some(0.5));
        assert_eq!(score(0, 0, 0).ratio(), None);
    }

    #[test]
    fn overall_weighs_each_principle_by_its_stake_and_critical_fails() {
        let card = Scorecard::new(
            vec![score(6, 6, 0), score(3, 6, 0), score(0, 0, 0)],
            70,
            vec![],
        );
        assert_eq!(card.overall, 75);
        // One point missed on a principle worth 1 costs a little, not half the score: the
        // unweighted mean of (11/11, 0/1) would be 50%.
        let card = Scorecard::new(vec![score(11, 11, -3), score(0, 1, 0)], 70, vec![]);
        assert_eq!(card.overall, 91);
        assert!(card.passed());
        // A principle that can only be breached counts by how far the learner kept from the
        // worst: avoiding a -4 breach earns its whole stake.
        let card = Scorecard::new(vec![score(0, 4, 0), score(0, 0, -4)], 50, vec![]);
        assert_eq!(card.overall, 50);
        assert!(card.passed());
        let card = Scorecard::new(vec![score(6, 6, 0)], 70, vec!["post-photo".into()]);
        assert_eq!(card.overall, 100);
        assert!(!card.passed());
        assert!(card.verdict().contains("critical"));
        let card = Scorecard::new(vec![score(7, 10, 0)], 70, vec![]);
        assert!(card.passed(), "70% meets a 70% pass mark");
    }

    #[test]
    fn breaches_pull_the_overall_down_but_not_below_zero() {
        let card = Scorecard::new(vec![score(-6, 6, -6), score(0, 6, -6)], 50, vec![]);
        assert_eq!(card.overall, 0);
        let card = Scorecard::new(vec![score(-6, 6, -6), score(6, 6, -6)], 50, vec![]);
        assert_eq!(
            card.overall, 0,
            "a breach on one principle can cancel another's points"
        );
    }
}
