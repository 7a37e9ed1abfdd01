//! Playing a path written by an author: choice ids from the start, with chance draws steered
//! by naming the outcome's scene (or inferred from the choice that follows).

use std::sync::Arc;

use thiserror::Error;

use super::session::{Draw, Session};
use crate::scenario::{Next, Scenario, Target};

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
