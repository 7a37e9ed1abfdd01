//! Playing a path written by an author: choice ids from the start, with chance draws steered
//! by naming the outcome's scene (or inferred from the choice that follows); and finding the
//! shortest route from the start to a scene, for the author's preview.

use std::collections::VecDeque;
use std::sync::Arc;

use thiserror::Error;

use super::analysis::{Dest, StateIx};
use super::replay::SavedStep;
use super::session::{Draw, Session};
use crate::engine::Scenario;
use crate::model::{ChoiceIx, Next, SceneIx, Target};

/// Why a written path cannot be played.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum PathError {
    #[error("step {step} \"{id}\": {reason}")]
    Step {
        step: usize,
        id: String,
        reason: String,
    },
    #[error("the path stops at scene \"{0}\" before reaching an ending")]
    Unfinished(String),
}

/// Plays a path from the start and returns the finished session.
pub fn play_path(scenario: &Arc<Scenario>, path: &[String]) -> Result<Session, PathError> {
    let mut session = Session::new(Arc::clone(scenario), 0);
    let mut i = 0;
    while i < path.len() {
        let id = &path[i];
        let fail = |reason: String| PathError::Step {
            step: i + 1,
            id: id.clone(),
            reason,
        };
        let Some(scene) = session.scene() else {
            return Err(fail("the story has already ended here".into()));
        };
        let scene_id = scene.id.clone();
        let Some(c) = scenario.choice_by_id(id) else {
            return Err(fail(format!(
                "no choice has this id (at scene \"{scene_id}\")"
            )));
        };
        let choice = scenario.choice(c);
        let timer = scene.timer.is_some_and(|t| t.expired == c);
        if !timer && !session.offered().contains(&c) {
            return Err(fail(format!(
                "not offered at scene \"{scene_id}\" at this point"
            )));
        }
        let mut consumed = 1;
        let draw = match &choice.next {
            Next::Go(_) => Draw::Random,
            Next::Chance(outcomes) => {
                let following = path.get(i + 1);
                let named = following.and_then(|f| {
                    outcomes
                        .iter()
                        .position(|o| scenario.target_id(o.target) == f.as_str())
                });
                let flags_after = session.flags_set().union(choice.sets);
                let leads_on = following.and_then(|f| {
                    let next = scenario.choice_by_id(f)?;
                    let nc = scenario.choice(next);
                    outcomes.iter().position(|o| {
                        o.target == Target::Scene(nc.scene)
                            && (nc.on_timeout || nc.offered_with(flags_after))
                    })
                });
                let ends = outcomes
                    .iter()
                    .position(|o| matches!(o.target, Target::Ending(_)));
                if named.is_some() {
                    consumed = 2;
                }
                Draw::Outcome(named.or(leads_on).or(ends).unwrap_or(0))
            }
        };
        let played = if timer {
            session.time_up_with(draw)
        } else {
            session.choose_with(id, draw)
        };
        played.map_err(|e| fail(e.to_string()))?;
        i += consumed;
    }
    match session.scene() {
        Some(scene) => Err(PathError::Unfinished(scene.id.clone())),
        None => Ok(session),
    }
}

/// The fewest decisions that take a learner from the start to a scene, as saved steps that
/// [`super::replay`] plays (chance draws and timers forced), or `None` when no play reaches it.
///
/// A breadth-first search over the analysis's play states, so flags are respected: a scene
/// reached only with some flag set is reached by a route that sets it.
pub fn route_to(scenario: &Scenario, scene: SceneIx) -> Option<Vec<SavedStep>> {
    let a = &scenario.analysis();
    let start = a.start();
    // How each state was first reached: the state before and the choice made there. A draw's
    // outcome is named by the scene it led to, so it needs no index of its own.
    let mut came_from: Vec<Option<(StateIx, ChoiceIx)>> = vec![None; a.states().len()];
    let mut seen = vec![false; a.states().len()];
    seen[start.0 as usize] = true;
    let mut queue = VecDeque::from([start]);
    let found = loop {
        let here = queue.pop_front()?;
        if a.state(here).scene == scene {
            break here;
        }
        for edge in &a.state(here).edges {
            for dest in &edge.dests {
                if let Dest::State(next) = *dest
                    && !seen[next.0 as usize]
                {
                    seen[next.0 as usize] = true;
                    came_from[next.0 as usize] = Some((here, edge.choice));
                    queue.push_back(next);
                }
            }
        }
    };
    let mut steps = Vec::new();
    let mut at = found;
    while let Some((before, c)) = came_from[at.0 as usize] {
        let choice = scenario.choice(c);
        steps.push(SavedStep {
            scene: scenario.scene(a.state(before).scene).id.clone(),
            choice: choice.id.clone(),
            timed_out: choice.on_timeout,
            outcome: matches!(choice.next, Next::Chance(_)).then(|| {
                scenario
                    .target_id(Target::Scene(a.state(at).scene))
                    .to_string()
            }),
        });
        at = before;
    }
    steps.reverse();
    Some(steps)
}
