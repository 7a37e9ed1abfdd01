//! The expectations pass: the author's own tests, written in the scenario file.

use std::sync::Arc;

use crate::engine::Scenario;
use crate::engine::path::play_path;
use crate::format::Report;
use crate::format::rules::Rule;
use crate::model::Expectation;

/// The outcome of one expectation, for `canteen test` as well as the validator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// A short description, e.g. `Passes([a, b, c])`.
    pub name: String,
    /// `None` when it holds; otherwise why not, and whether the path itself was unplayable.
    pub failure: Option<(String, bool)>,
}

pub(super) fn check(scenario: &Arc<Scenario>, report: &mut Report) {
    for (n, verdict) in run(scenario).into_iter().enumerate() {
        if let Some((why, unplayable)) = verdict.failure {
            let rule = if unplayable {
                Rule::ExpectationPath
            } else {
                Rule::ExpectationFailed
            };
            report.push(
                rule,
                format!("expectation {} `{}` does not hold: {why}", n + 1, verdict.name),
                report.locate.expectation(n + 1),
                "this expectation",
                if unplayable {
                    "check the path's choice ids in order from the start; `canteen walk` shows the best path"
                } else {
                    "either the story or the expectation is wrong: `canteen walk` shows the scores along each path"
                },
            );
        }
    }
}

/// Runs every expectation of a scenario.
pub fn run(scenario: &Arc<Scenario>) -> Vec<Verdict> {
    scenario
        .expectations()
        .iter()
        .map(|e| verdict(scenario, e))
        .collect()
}

fn verdict(scenario: &Arc<Scenario>, e: &Expectation) -> Verdict {
    let name = describe(e);
    let failure = match e {
        Expectation::Critical(id) => match scenario.choice_by_id(id) {
            None => Some((format!("there is no choice \"{id}\""), true)),
            Some(c) if !scenario.choice(c).critical => Some((
                format!("choice \"{id}\" is not marked `critical: true`"),
                false,
            )),
            Some(_) => None,
        },
        Expectation::Passes(path)
        | Expectation::Fails(path)
        | Expectation::Ends { path, .. }
        | Expectation::Scores { path, .. } => match play_path(scenario, path) {
            Err(err) => Some((err.to_string(), true)),
            Ok(session) => {
                let card = session.scorecard();
                let ending = session.ending().map_or("", |x| x.id.as_str());
                match e {
                    Expectation::Passes(_) if !card.passed() => Some((card.verdict(), false)),
                    Expectation::Fails(_) if card.passed() => Some((card.verdict(), false)),
                    Expectation::Ends { ending: want, .. } if want != ending => Some((
                        format!("the path ends at \"{ending}\", not \"{want}\""),
                        false,
                    )),
                    Expectation::Scores {
                        principle,
                        at_least,
                        below,
                        ..
                    } => scores(scenario, &card, principle.as_deref(), *at_least, *below),
                    _ => None,
                }
            }
        },
    };
    Verdict { name, failure }
}

fn scores(
    scenario: &Scenario,
    card: &crate::engine::Scorecard,
    principle: Option<&str>,
    at_least: Option<u32>,
    below: Option<u32>,
) -> Option<(String, bool)> {
    let (what, value) = match principle {
        None => ("overall".to_string(), card.overall),
        Some(id) => match scenario.principle_by_id(id) {
            None => {
                return Some((
                    format!("this scenario does not score the principle \"{id}\""),
                    true,
                ));
            }
            Some(i) => (
                format!("\"{id}\""),
                card.principles[i].percent().unwrap_or(100),
            ),
        },
    };
    if let Some(min) = at_least
        && value < min
    {
        return Some((format!("{what} scores {value}%, below {min}%"), false));
    }
    if let Some(max) = below
        && value >= max
    {
        return Some((format!("{what} scores {value}%, not below {max}%"), false));
    }
    None
}

/// A short description of an expectation.
pub fn describe(e: &Expectation) -> String {
    let path = |p: &[String]| p.join(", ");
    match e {
        Expectation::Passes(p) => format!("Passes([{}])", path(p)),
        Expectation::Fails(p) => format!("Fails([{}])", path(p)),
        Expectation::Critical(c) => format!("Critical({c})"),
        Expectation::Ends { path: p, ending } => format!("Ends([{}] at {ending})", path(p)),
        Expectation::Scores {
            path: p,
            principle,
            at_least,
            below,
        } => {
            let mut s = format!("Scores([{}]", path(p));
            if let Some(pr) = principle {
                s += &format!(", {pr}");
            }
            if let Some(a) = at_least {
                s += &format!(", at least {a}%");
            }
            if let Some(b) = below {
                s += &format!(", below {b}%");
            }
            s + ")"
        }
    }
}
