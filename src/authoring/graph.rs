//! The scene graph as an author sees it: scenes and endings joined by choices, each choice
//! with what it scores, when it is offered, the flags it sets and whether the best path takes
//! it. The renderers draw it for Graphviz ([`dot`]), Mermaid ([`mermaid`]) and the terminal
//! ([`outline`]); this module holds what they share.

pub(crate) mod dot;
pub(crate) mod mermaid;
pub(crate) mod outline;

use crate::engine::Scenario;
use crate::model::{Choice, ChoiceIx, Next, Outcome, Scene, Target};

/// The ways `canteen graph` can draw a scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// Graphviz DOT.
    Dot,
    /// A Mermaid flowchart (GitHub, GitLab and many wikis draw these).
    Mermaid,
    /// An indented outline for the terminal.
    Text,
}

/// Draws a scenario's scene graph in a style.
pub fn render(scenario: &Scenario, style: Style) -> String {
    match style {
        Style::Dot => dot::render(scenario),
        Style::Mermaid => mermaid::render(scenario),
        Style::Text => outline::render(scenario),
    }
}

/// What a choice does to the score, for telling choices apart at a glance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// Marked `critical`: the attempt fails whatever the score.
    Critical,
    /// Loses points on some principle.
    Breach,
    /// Earns points and loses none.
    Upholds,
    /// Scores nothing (allowed on loops, warned about elsewhere).
    Neutral,
}

/// The tone of a choice.
pub fn tone(choice: &Choice) -> Tone {
    if choice.critical {
        Tone::Critical
    } else if choice.effects.iter().any(|&x| x < 0) {
        Tone::Breach
    } else if choice.effects.iter().any(|&x| x > 0) {
        Tone::Upholds
    } else {
        Tone::Neutral
    }
}

/// The line of play that does most for the overall score, as the analysis finds it.
#[derive(Debug, Clone, Default)]
pub struct BestPath {
    /// Each choice taken, with the chance outcome followed when it leads to a draw.
    pub steps: Vec<(ChoiceIx, Option<usize>)>,
}

impl BestPath {
    /// The best path from the start of a scenario.
    pub fn of(scenario: &Scenario) -> BestPath {
        let a = &scenario.analysis();
        BestPath {
            steps: a
                .line(a.start(), true)
                .iter()
                .map(|s| (s.choice, s.drawn))
                .collect(),
        }
    }

    /// True when the best path takes this choice.
    pub fn takes(&self, choice: ChoiceIx) -> bool {
        self.steps.iter().any(|&(c, _)| c == choice)
    }

    /// True when the best path follows this outcome of this choice's chance draw.
    pub fn follows(&self, choice: ChoiceIx, outcome: usize) -> bool {
        self.steps
            .iter()
            .any(|&(c, d)| c == choice && d == Some(outcome))
    }

    /// The path as choice ids, with draws written `choice ->outcome` as `canteen walk` does.
    pub fn describe(&self, scenario: &Scenario) -> String {
        let ids: Vec<String> = self
            .steps
            .iter()
            .map(|&(c, d)| {
                let choice = scenario.choice(c);
                match (d, &choice.next) {
                    (Some(i), Next::Chance(o)) => {
                        format!("{} ->{}", choice.id, scenario.target_id(o[i].target))
                    }
                    _ => choice.id.clone(),
                }
            })
            .collect();
        ids.join(", ")
    }
}

/// Every choice of a scene in the order written, then the timer's consequence if it has one.
pub fn choices_of(scene: &Scene) -> impl Iterator<Item = ChoiceIx> + '_ {
    scene
        .choices
        .iter()
        .copied()
        .chain(scene.timer.map(|t| t.expired))
}

/// The points a choice gives, e.g. `confidentiality -3, professionalism -2`.
pub fn points(scenario: &Scenario, choice: &Choice) -> String {
    let parts: Vec<String> = scenario
        .principles()
        .iter()
        .zip(&choice.effects)
        .filter(|(_, x)| **x != 0)
        .map(|(p, x)| format!("{} {x:+}", p.id))
        .collect();
    parts.join(", ")
}

/// When the choice is offered and what it sets, e.g. `["if posted-detail", "sets warned"]`.
pub fn conditions(scenario: &Scenario, choice: &Choice) -> Vec<String> {
    let mut out = Vec::new();
    let names = |set| scenario.flag_names(set);
    if !choice.requires.is_empty() {
        out.push(format!("if {}", names(choice.requires).join(" and ")));
    }
    if !choice.unless.is_empty() {
        out.push(format!("unless {}", names(choice.unless).join(" or ")));
    }
    if !choice.sets.is_empty() {
        out.push(format!("sets {}", names(choice.sets).join(", ")));
    }
    out
}

/// The chance of one outcome of a draw as a reduced fraction, e.g. `1 in 3`.
pub fn odds(outcomes: &[Outcome], i: usize) -> String {
    let total: u32 = outcomes.iter().map(|o| o.weight).sum();
    let w = outcomes[i].weight;
    let g = gcd(w, total).max(1);
    format!("{} in {}", w / g, total / g)
}

fn gcd(a: u32, b: u32) -> u32 {
    if b == 0 { a } else { gcd(b, a % b) }
}

/// A note for a scene's label: its timer, if any.
pub fn timer_note(scene: &Scene) -> Option<String> {
    scene.timer.map(|t| format!("timer {} s", t.seconds))
}

/// The targets of a choice with the outcome index when it is a draw.
pub fn destinations(choice: &Choice) -> Vec<(Option<usize>, Target)> {
    match &choice.next {
        Next::Go(t) => vec![(None, *t)],
        Next::Chance(outcomes) => outcomes
            .iter()
            .enumerate()
            .map(|(i, o)| (Some(i), o.target))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::EndingIx;

    #[test]
    fn odds_are_reduced_fractions() {
        let o = |weight| Outcome {
            weight,
            target: Target::Ending(EndingIx(0)),
        };
        let outcomes = [o(2), o(4)];
        assert_eq!(odds(&outcomes, 0), "1 in 3");
        assert_eq!(odds(&outcomes, 1), "2 in 3");
        assert_eq!(odds(&[o(3), o(1)], 0), "3 in 4");
    }
}

/// Colours both drawings use, so a DOT map and a Mermaid chart read alike.
pub(crate) mod palette {
    pub const BEST: &str = "#1f5fbf";
    pub const CRITICAL: &str = "#c0392b";
    pub const BREACH: &str = "#d35400";
    pub const UPHOLDS: &str = "#2e7d32";
    pub const NEUTRAL: &str = "#555555";
}

/// A text on one line, its line breaks and runs of spaces folded to single spaces.
pub(crate) fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The notes under a choice's label in both drawings: a critical or breach mark, the points,
/// and the conditions it is offered under.
pub(crate) fn edge_notes(scenario: &Scenario, choice: &Choice, t: Tone) -> Vec<String> {
    let mut notes = Vec::new();
    match t {
        Tone::Critical => notes.push("CRITICAL".to_string()),
        Tone::Breach => notes.push("breach".to_string()),
        Tone::Upholds | Tone::Neutral => {}
    }
    let pts = points(scenario, choice);
    if !pts.is_empty() {
        notes.push(pts);
    }
    notes.extend(conditions(scenario, choice));
    notes
}
