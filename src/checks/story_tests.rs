//! The story tests `canteen test` runs on a valid scenario: the author's expectations, then
//! checks over every path (every ending reachable, the best path passes, every path scores
//! within its computed bounds).
//!
//! Paths are played one by one when there are at most [`EXHAUSTIVE_LIMIT`] of them; beyond
//! that, or when loops make them unlimited, a seeded sample of [`SAMPLE_WALKS`] random walks is
//! played instead, and the check's name says so.

use std::sync::Arc;

use crate::checks::expectations;
use crate::engine::Scenario;
use crate::engine::walk::{describe_path, path_stats, random_walks};
use crate::engine::{Draw, Session};
use crate::model::{EndingIx, Next};

/// The most paths played one by one; more are sampled.
pub const EXHAUSTIVE_LIMIT: u128 = 100_000;

/// How many random walks stand in for the paths when there are too many to play.
pub const SAMPLE_WALKS: usize = 10_000;

/// One check and how it went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    /// What was checked, e.g. `ending "reflected" is reachable`.
    pub name: String,
    /// `None` when it holds; otherwise why not.
    pub failure: Option<String>,
    /// For an author's expectation, its place (1-based) in the `expect` list.
    pub expectation: Option<usize>,
}

impl Check {
    fn new(name: impl Into<String>, failure: Option<String>) -> Check {
        Check {
            name: name.into(),
            failure,
            expectation: None,
        }
    }

    /// True when the check holds.
    pub fn passed(&self) -> bool {
        self.failure.is_none()
    }
}

/// How many of the paths were played.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Coverage {
    /// Every path, this many of them.
    Every(u128),
    /// A seeded sample of random walks; `paths` is `None` when loops make them unlimited.
    Sample {
        walks: usize,
        seed: u64,
        paths: Option<u128>,
    },
}

/// Runs every story test on a scenario; `seed` seeds the random walks when paths are sampled.
pub fn run(scenario: &Arc<Scenario>, seed: u64) -> Vec<Check> {
    let mut checks: Vec<Check> = expectations::run(scenario)
        .into_iter()
        .enumerate()
        .map(|(n, v)| Check {
            expectation: Some(n + 1),
            ..Check::new(
                format!("expectation {}: {}", n + 1, v.name),
                v.failure.map(|(why, _)| why),
            )
        })
        .collect();

    let stats = path_stats(scenario);
    let mut reached = vec![false; scenario.endings().len()];
    let mut problems = Vec::new();
    let mut visit = |s: &Session| {
        if let Some(e) = s.ending_ix() {
            reached[e.0 as usize] = true;
        }
        problems.extend(out_of_bounds(s));
    };
    let coverage = match stats.paths {
        Some(n) if n <= EXHAUSTIVE_LIMIT => {
            for_every_path(scenario, &mut visit);
            Coverage::Every(n)
        }
        paths => {
            random_walks(scenario, SAMPLE_WALKS, seed)
                .1
                .iter()
                .for_each(&mut visit);
            Coverage::Sample {
                walks: SAMPLE_WALKS,
                seed,
                paths,
            }
        }
    };

    for (i, ending) in scenario.endings().iter().enumerate() {
        let failure = match coverage {
            Coverage::Every(n) if !reached[i] => Some(format!("none of the {n} paths ends here")),
            // The state analysis is exact, so it settles reachability when paths are sampled.
            Coverage::Sample { .. } if !scenario.analysis().is_reached(EndingIx(i as u32)) => {
                Some("no play can reach it: check the choices and flags that lead here".into())
            }
            _ => None,
        };
        checks.push(Check::new(
            format!("ending \"{}\" is reachable", ending.id),
            failure,
        ));
    }

    let path = describe_path(&stats.best).join(", ");
    let card = stats.best.scorecard();
    let failure = match (stats.best.is_finished(), card.passed()) {
        (false, _) => Some("the best path does not reach an ending".to_string()),
        (true, false) => Some(card.verdict()),
        (true, true) => None,
    };
    checks.push(Check::new(
        format!("the best path passes ({path}: {}%)", card.overall),
        failure,
    ));

    checks.push(bounds_check(coverage, &problems));
    checks
}

/// Plays every path from the start, each chance outcome and each timer apart, and hands each
/// finished session to `visit` (depth first, so only the current branch is held in memory).
pub fn for_every_path(scenario: &Arc<Scenario>, mut visit: impl FnMut(&Session)) {
    let mut stack = vec![Session::new(Arc::clone(scenario), 0)];
    while let Some(session) = stack.pop() {
        let Some(scene) = session.scene() else {
            visit(&session);
            continue;
        };
        let mut moves: Vec<(&str, bool)> = session
            .offered_choices()
            .map(|c| (c.id.as_str(), false))
            .collect();
        if let Some(t) = scene.timer {
            moves.push((scenario.choice(t.expired).id.as_str(), true));
        }
        for (id, timer) in moves {
            let Some(ix) = scenario.choice_by_id(id) else {
                continue;
            };
            let c = scenario.choice(ix);
            let outcomes = match &c.next {
                Next::Go(_) => 1,
                Next::Chance(o) => o.len(),
            };
            for i in 0..outcomes {
                let mut next = session.clone();
                let played = if timer {
                    next.time_up_with(Draw::Outcome(i)).is_ok()
                } else {
                    next.choose_with(id, Draw::Outcome(i)).is_ok()
                };
                // Offered moves on a valid scenario always play; a refusal would be an engine
                // bug, and the bounds check below would then report the unfinished path.
                if played {
                    stack.push(next);
                } else {
                    visit(&next);
                }
            }
        }
    }
}

fn bounds_check(coverage: Coverage, problems: &[String]) -> Check {
    let name = match coverage {
        Coverage::Every(n) => format!(
            "every path scores within its bounds (all {n} path{} played)",
            if n == 1 { "" } else { "s" }
        ),
        Coverage::Sample {
            walks,
            seed,
            paths: Some(_),
        } => format!(
            "every path scores within its bounds (sampled: {walks} random walks, seed {seed}, \
             of more than {EXHAUSTIVE_LIMIT} paths)"
        ),
        Coverage::Sample {
            walks,
            seed,
            paths: None,
        } => format!(
            "every path scores within its bounds (sampled: {walks} random walks, seed {seed}; \
             loops make the paths unlimited)"
        ),
    };
    let failure = match problems {
        [] => None,
        [one] => Some(one.clone()),
        [first, rest @ ..] => Some(format!("{first}\n(and {} more paths)", rest.len())),
    };
    Check::new(name, failure)
}

/// Why a played path breaks the score bounds, if it does.
fn out_of_bounds(session: &Session) -> Option<String> {
    let path = describe_path(session).join(", ");
    if !session.is_finished() {
        return Some(format!("the path {path} never reaches an ending"));
    }
    let card = session.scorecard();
    card.principles.iter().find_map(|p| {
        let id = &p.principle.id;
        if p.earned > p.best {
            Some(format!(
                "the path {path} earns {} on \"{id}\", more than the best possible {}",
                p.earned, p.best
            ))
        } else if p.earned < p.worst {
            Some(format!(
                "the path {path} earns {} on \"{id}\", less than the worst possible {}",
                p.earned, p.worst
            ))
        } else {
            None
        }
    })
}
