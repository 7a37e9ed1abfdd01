//! The paths an author vouches for: every path made only of `Best` and `Defensible` choices,
//! with the timer allowed to run out once. Followed one by one up to [`EXHAUSTIVE`] paths (or
//! [`STEPS`] partial paths extended), then a seeded sample of [`SAMPLE`] more. The validator
//! holds them to the pass mark (CT071, CT073) and `canteen walk` reports their scores.

use std::sync::Arc;

use rand::SeedableRng;
use rand::seq::IndexedRandom;
use rand_chacha::ChaCha8Rng;

use super::{Draw, Scenario, Session};
use crate::model::{Choice, ChoiceIx, Next, Verdict};

/// Paths followed one by one before the search turns to a seeded sample.
pub const EXHAUSTIVE: usize = 20_000;
/// Partial paths extended, at most, before the search turns to a seeded sample.
pub const STEPS: usize = 200_000;
/// Random paths sampled when there are more than [`EXHAUSTIVE`].
pub const SAMPLE: usize = 2_000;

/// The finished sessions of the defensible paths found.
#[derive(Debug, Clone)]
pub struct DefensiblePaths {
    pub sessions: Vec<Session>,
    /// True when every such path was followed; false when the rest were sampled.
    pub exhaustive: bool,
}

impl DefensiblePaths {
    /// Finds the defensible paths of a scenario.
    pub fn of(scenario: &Arc<Scenario>) -> DefensiblePaths {
        let mut sessions = Vec::new();
        let exhaustive = search(scenario, &mut sessions);
        DefensiblePaths {
            sessions,
            exhaustive,
        }
    }

    /// True when the timer ran out on the path.
    pub fn timed_out(session: &Session) -> bool {
        timeouts(session) > 0
    }
}

/// A move on a path: the choice, and whether it is the timer running out.
type Move = (ChoiceIx, bool);

/// The moves a defensible path may make from here: Best and Defensible choices, and the
/// timer running out once on the whole path.
fn moves(scenario: &Scenario, session: &Session, timeouts: usize) -> Vec<Move> {
    let mut out: Vec<Move> = session
        .offered()
        .iter()
        .copied()
        .filter(|&c| scenario.choice(c).verdict.is_some_and(Verdict::passes))
        .map(|c| (c, false))
        .collect();
    if timeouts == 0
        && let Some(t) = session.scene().and_then(|s| s.timer)
    {
        out.push((t.expired, true));
    }
    out
}

fn outcomes(c: &Choice) -> usize {
    match &c.next {
        Next::Go(_) => 1,
        Next::Chance(o) => o.len(),
    }
}

/// Plays a move on a copy of the session; `None` when it cannot be played, or when it comes
/// back to a play state already passed on this path: choices on loops score nothing (CT037),
/// so going round again cannot change whether the path passes.
fn play(session: &Session, scenario: &Scenario, m: Move, outcome: usize) -> Option<Session> {
    let mut next = session.clone();
    let draw = Draw::Outcome(outcome);
    let played = if m.1 {
        next.time_up_with(draw).is_ok()
    } else {
        next.choose_with(&scenario.choice(m.0).id, draw).is_ok()
    };
    let again = !next.is_finished()
        && (session.state() == next.state()
            || session.history().iter().any(|s| s.state == next.state()));
    (played && !again).then_some(next)
}

fn timeouts(session: &Session) -> usize {
    session.history().iter().filter(|s| s.timed_out).count()
}

/// Follows the paths into `found`; true when all were followed.
fn search(scenario: &Arc<Scenario>, found: &mut Vec<Session>) -> bool {
    let mut seen = 0;
    let mut stack = vec![Session::new(Arc::clone(scenario), 0)];
    let mut exhausted = true;
    let mut steps = 0;
    while let Some(session) = stack.pop() {
        steps += 1;
        if steps > STEPS {
            exhausted = false;
            break;
        }
        if session.is_finished() {
            seen += 1;
            found.push(session);
            if seen >= EXHAUSTIVE {
                exhausted = stack.is_empty();
                break;
            }
            continue;
        }
        let t = timeouts(&session);
        for m in moves(scenario, &session, t) {
            for i in 0..outcomes(scenario.choice(m.0)) {
                if let Some(next) = play(&session, scenario, m, i) {
                    stack.push(next);
                }
            }
        }
    }
    if !exhausted {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        for _ in 0..SAMPLE {
            let mut session = Session::new(Arc::clone(scenario), 0);
            while !session.is_finished() {
                let t = timeouts(&session);
                let Some(&m) = moves(scenario, &session, t).choose(&mut rng) else {
                    break;
                };
                let n = outcomes(scenario.choice(m.0));
                let i = (0..n)
                    .collect::<Vec<_>>()
                    .choose(&mut rng)
                    .copied()
                    .unwrap_or(0);
                match play(&session, scenario, m, i) {
                    Some(next) => session = next,
                    None => break,
                }
            }
            if session.is_finished() {
                found.push(session);
            }
        }
    }
    exhausted
}
