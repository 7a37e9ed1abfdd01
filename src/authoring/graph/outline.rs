//! The scene graph as an indented outline for the terminal: a tree from the start scene, one
//! line per choice saying where it leads and what it scores. A scene is drawn in full the first
//! time it is met; later arrivals say "(see above: scene-id)", so merges and loops stay short.

use std::fmt::Write;

use super::{BestPath, Tone, choices_of, conditions, odds, points, timer_note, tone};
use crate::engine::Scenario;
use crate::model::{ChoiceIx, Next, SceneIx, Target};

/// One line still to draw: a choice, or one outcome of a choice's chance draw.
#[derive(Debug, Clone, Copy)]
enum Item {
    Choice(ChoiceIx),
    Outcome(ChoiceIx, usize),
}

/// A line to draw with the tree drawn to its left.
struct Frame {
    item: Item,
    prefix: String,
    last: bool,
}

/// Draws the outline of a scenario.
pub fn render(scenario: &Scenario) -> String {
    let best = BestPath::of(scenario);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} ({}): {} scene{}, {} ending{}, pass mark {}%",
        scenario.meta().title,
        scenario.meta().id,
        scenario.scenes().len(),
        plural(scenario.scenes().len()),
        scenario.endings().len(),
        plural(scenario.endings().len()),
        scenario.meta().pass_mark
    );
    let _ = writeln!(out, "Best path: {}", best.describe(scenario));
    let _ = writeln!(
        out,
        "Marks: BEST on the best path, CRITICAL fails the attempt, breach loses points.\n"
    );

    let mut seen = vec![false; scenario.scenes().len()];
    seen[scenario.start().0 as usize] = true;
    let start = scenario.scene(scenario.start());
    let _ = writeln!(
        out,
        "{} (start{})",
        start.id,
        timer_note(start).map_or_else(String::new, |n| format!("; {n}"))
    );
    let mut stack = Vec::new();
    push_scene(&mut stack, scenario, scenario.start(), "");
    while let Some(frame) = stack.pop() {
        let branch = if frame.last {
            "└── "
        } else {
            "├── "
        };
        let inner = format!(
            "{}{}",
            frame.prefix,
            if frame.last { "    " } else { "│   " }
        );
        let (line, expand) = match frame.item {
            Item::Choice(c) => choice_line(scenario, &best, &mut seen, c),
            Item::Outcome(c, i) => outcome_line(scenario, &best, &mut seen, c, i),
        };
        let _ = writeln!(out, "{}{branch}{line}", frame.prefix);
        match expand {
            Expand::Nothing => {}
            Expand::Scene(s) => push_scene(&mut stack, scenario, s, &inner),
            Expand::Draw(c, n) => {
                for i in (0..n).rev() {
                    stack.push(Frame {
                        item: Item::Outcome(c, i),
                        prefix: inner.clone(),
                        last: i + 1 == n,
                    });
                }
            }
        }
    }

    let _ = writeln!(out, "\nEndings:");
    let width = scenario
        .endings()
        .iter()
        .map(|e| e.id.len())
        .max()
        .unwrap_or(0);
    for e in scenario.endings() {
        let _ = writeln!(out, "  {:<width$}  \"{}\"", e.id, e.title);
    }
    let unreached: Vec<&str> = scenario
        .scenes()
        .iter()
        .zip(&seen)
        .filter(|(_, s)| !**s)
        .map(|(s, _)| s.id.as_str())
        .collect();
    if !unreached.is_empty() {
        let _ = writeln!(
            out,
            "\nNot reachable from the start: {}",
            unreached.join(", ")
        );
    }
    out
}

/// What a line leads on to.
enum Expand {
    Nothing,
    Scene(SceneIx),
    Draw(ChoiceIx, usize),
}

fn push_scene(stack: &mut Vec<Frame>, scenario: &Scenario, scene: SceneIx, prefix: &str) {
    let items: Vec<ChoiceIx> = choices_of(scenario.scene(scene)).collect();
    let n = items.len();
    for (i, c) in items.into_iter().enumerate().rev() {
        stack.push(Frame {
            item: Item::Choice(c),
            prefix: prefix.to_string(),
            last: i + 1 == n,
        });
    }
}

fn choice_line(
    scenario: &Scenario,
    best: &BestPath,
    seen: &mut [bool],
    c: ChoiceIx,
) -> (String, Expand) {
    let choice = scenario.choice(c);
    let mut details = Vec::new();
    if best.takes(c) {
        details.push("BEST".to_string());
    }
    match tone(choice) {
        Tone::Critical => details.push("CRITICAL".to_string()),
        Tone::Breach => details.push("breach".to_string()),
        Tone::Upholds | Tone::Neutral => {}
    }
    let pts = points(scenario, choice);
    if !pts.is_empty() {
        details.push(pts);
    }
    details.extend(conditions(scenario, choice));
    let lead = if choice.on_timeout {
        let seconds = scenario.scene(choice.scene).timer.map_or(0, |t| t.seconds);
        format!("time runs out ({seconds} s): ")
    } else {
        String::new()
    };
    let (dest, expand) = match &choice.next {
        Next::Go(t) => arrive(scenario, seen, *t),
        Next::Chance(o) => ("chance".to_string(), Expand::Draw(c, o.len())),
    };
    let details = if details.is_empty() {
        String::new()
    } else {
        format!("  [{}]", details.join("; "))
    };
    (format!("{lead}{} → {dest}{details}", choice.id), expand)
}

fn outcome_line(
    scenario: &Scenario,
    best: &BestPath,
    seen: &mut [bool],
    c: ChoiceIx,
    i: usize,
) -> (String, Expand) {
    let Next::Chance(outcomes) = &scenario.choice(c).next else {
        return (String::new(), Expand::Nothing);
    };
    let (dest, expand) = arrive(scenario, seen, outcomes[i].target);
    let mark = if best.follows(c, i) { "  [BEST]" } else { "" };
    (
        format!(
            "{} (weight {}) → {dest}{mark}",
            odds(outcomes, i),
            outcomes[i].weight
        ),
        expand,
    )
}

/// Where a line arrives, and whether to draw the scene under it (the first time only).
fn arrive(scenario: &Scenario, seen: &mut [bool], target: Target) -> (String, Expand) {
    match target {
        Target::Ending(e) => (format!("ending {}", scenario.ending(e).id), Expand::Nothing),
        Target::Scene(s) if seen[s.0 as usize] => (
            format!("(see above: {})", scenario.scene(s).id),
            Expand::Nothing,
        ),
        Target::Scene(s) => {
            seen[s.0 as usize] = true;
            (
                format!("{}{}", scenario.scene(s).id, note(scenario, s)),
                Expand::Scene(s),
            )
        }
    }
}

fn note(scenario: &Scenario, scene: SceneIx) -> String {
    timer_note(scenario.scene(scene)).map_or_else(String::new, |n| format!(" ({n})"))
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
