//! Path statistics and random walks over a scenario, for `canteen walk` and for tests.

use std::collections::BTreeMap;
use std::sync::Arc;

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::analysis::{Dest, LineStep};
use super::session::{Draw, Session};
use crate::engine::Scenario;
use crate::model::Target;

/// Statistics over every path through a scenario, computed without enumerating paths.
#[derive(Debug, Clone)]
pub struct PathStats {
    /// The number of distinct complete paths (chance outcomes counted apart), or `None`
    /// when the story has loops. A count of `u128::MAX` means at least that many: see
    /// [`PathStats::paths_text`].
    pub paths: Option<u128>,
    /// Ending ids with whether some play reaches them.
    pub endings: Vec<(String, bool)>,
    /// Per principle id: the least and most points any path earns.
    pub bounds: Vec<(String, i32, i32)>,
    /// The line that does most for the overall percentage, played out.
    pub best: Session,
    /// The line that does least for it, played out.
    pub worst: Session,
}

/// Works out path statistics for a validated scenario.
pub fn path_stats(scenario: &Arc<Scenario>) -> PathStats {
    let a = &scenario.analysis();
    let start = Dest::State(a.start());
    let bounds = scenario
        .principles()
        .iter()
        .enumerate()
        .map(|(i, p)| {
            (
                p.id.clone(),
                a.worst(start, i) as i32,
                a.best(start, i) as i32,
            )
        })
        .collect();
    let endings = scenario
        .endings()
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id.clone(), a.is_reached(crate::model::EndingIx(i as u32))))
        .collect();
    PathStats {
        paths: count_paths(scenario),
        endings,
        bounds,
        best: play_line(scenario, &a.line(a.start(), true)),
        worst: play_line(scenario, &a.line(a.start(), false)),
    }
}

/// Plays a line of play from the start, forcing its draws.
pub fn play_line(scenario: &Arc<Scenario>, line: &[LineStep]) -> Session {
    let mut session = Session::new(Arc::clone(scenario), 0);
    for step in line {
        let draw = step.drawn.map_or(Draw::Random, Draw::Outcome);
        let choice = scenario.choice(step.choice);
        // The line comes from the analysis of this scenario, so every step is playable.
        let played = if choice.on_timeout {
            session.time_up_with(draw).is_ok()
        } else {
            session.choose_with(&choice.id, draw).is_ok()
        };
        if !played {
            break;
        }
    }
    session
}

fn count_paths(scenario: &Scenario) -> Option<u128> {
    let a = &scenario.analysis();
    if a.has_loops() {
        return None;
    }
    // States are numbered in discovery order, which is not topological; memoise depth-first.
    let n = a.states().len();
    let mut count: Vec<Option<u128>> = vec![None; n];
    let mut stack = vec![(a.start().0 as usize, false)];
    while let Some((u, expanded)) = stack.pop() {
        if count[u].is_some() {
            continue;
        }
        let dests = a.states()[u].edges.iter().flat_map(|e| e.dests.iter());
        if expanded {
            let total = dests.fold(0u128, |acc, d| {
                acc.saturating_add(match d {
                    Dest::State(v) => count[v.0 as usize].unwrap_or(0),
                    Dest::Ending(_) => 1,
                })
            });
            count[u] = Some(total);
        } else {
            stack.push((u, true));
            for d in dests {
                if let Dest::State(v) = d
                    && count[v.0 as usize].is_none()
                {
                    stack.push((v.0 as usize, false));
                }
            }
        }
    }
    count[a.start().0 as usize]
}

impl PathStats {
    /// The path count as an author should read it: exact, or "more than 10^38" when it is too
    /// large to count (the count saturated at `u128::MAX`, about 3.4 × 10^38); `None` when the
    /// story has loops.
    pub fn paths_text(&self) -> Option<String> {
        self.paths.map(|n| {
            if n == u128::MAX {
                "more than 10^38".to_string()
            } else {
                n.to_string()
            }
        })
    }
}

/// What a batch of random walks found.
#[derive(Debug, Clone, Default)]
pub struct WalkSummary {
    pub walks: usize,
    pub passed: usize,
    /// Walks that hit the step limit without ending (only possible with loops).
    pub unfinished: usize,
    pub endings: BTreeMap<String, usize>,
    pub min_overall: u32,
    pub max_overall: u32,
    pub mean_overall: f64,
}

/// The most decisions a random walk makes before it is called unfinished.
pub const MAX_WALK_STEPS: usize = 10_000;

/// Plays one random walk: every offered choice (and letting a timer run out) equally likely.
pub fn random_walk(scenario: &Arc<Scenario>, seed: u64) -> Session {
    let mut picker = ChaCha8Rng::seed_from_u64(seed ^ 0x5eed_cafe);
    let mut session = Session::new(Arc::clone(scenario), seed);
    for _ in 0..MAX_WALK_STEPS {
        let Some(scene) = session.scene() else { break };
        let has_timer = scene.timer.is_some();
        let options = session.offered().len() + usize::from(has_timer);
        let pick = picker.random_range(0..options);
        let result = if pick < session.offered().len() {
            let id = scenario.choice(session.offered()[pick]).id.clone();
            session.choose(&id).map(|_| ())
        } else {
            session.time_up().map(|_| ())
        };
        if result.is_err() {
            break;
        }
    }
    session
}

/// Plays `n` random walks with seeds drawn from `seed`, and sums up what happened.
pub fn random_walks(scenario: &Arc<Scenario>, n: usize, seed: u64) -> (WalkSummary, Vec<Session>) {
    let mut sessions = Vec::new();
    let summary = random_walks_each(scenario, n, seed, |s| sessions.push(s));
    (summary, sessions)
}

/// Plays `n` random walks like [`random_walks`] and summarises them, handing each walk to
/// `keep` instead of storing them all, so memory does not grow with `n`.
pub fn random_walks_each(
    scenario: &Arc<Scenario>,
    n: usize,
    seed: u64,
    mut keep: impl FnMut(Session),
) -> WalkSummary {
    let mut seeds = ChaCha8Rng::seed_from_u64(seed);
    let mut summary = WalkSummary {
        min_overall: u32::MAX,
        ..WalkSummary::default()
    };
    let mut total = 0u64;
    for _ in 0..n {
        let s = random_walk(scenario, seeds.random());
        summary.walks += 1;
        match s.ending() {
            Some(e) => *summary.endings.entry(e.id.clone()).or_default() += 1,
            None => summary.unfinished += 1,
        }
        let card = s.scorecard();
        if s.is_finished() && card.passed() {
            summary.passed += 1;
        }
        summary.min_overall = summary.min_overall.min(card.overall);
        summary.max_overall = summary.max_overall.max(card.overall);
        total = total.saturating_add(u64::from(card.overall));
        keep(s);
    }
    if n == 0 {
        summary.min_overall = 0;
    } else {
        summary.mean_overall = total as f64 / n as f64;
    }
    summary
}

/// The ids of a session's path, with draws shown as `choice->scene`.
pub fn describe_path(session: &Session) -> Vec<String> {
    let s = session.scenario();
    session
        .history()
        .iter()
        .map(|step| {
            let id = &s.choice(step.choice).id;
            let id = if step.timed_out {
                format!("(time ran out: {id})")
            } else {
                id.clone()
            };
            match (step.drawn, step.next) {
                (Some(_), next) => format!(
                    "{id} ->{}",
                    match next {
                        Target::Scene(x) => s.scene(x).id.as_str(),
                        Target::Ending(e) => s.ending(e).id.as_str(),
                    }
                ),
                (None, _) => id,
            }
        })
        .collect()
}
