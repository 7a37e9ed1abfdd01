//! Sessions the author asks for: a fresh start, or a jump to any scene by the shortest route
//! from the start (chance draws and timers forced), so a late scene can be read without
//! playing up to it by hand.

use std::sync::Arc;

use rand::Rng;

use super::{PREVIEW_ATTEMPT, Preview, decisions};
use crate::engine::Scenario;
use crate::engine::path::route_to;
use crate::model::SceneIx;
use crate::service::Attempt;
use crate::terminal::app::Moment;

impl Preview {
    /// A fresh session of the version being played, from its first scene.
    pub fn restart(&mut self, at: Moment) {
        let Some(s) = self.scenario().cloned() else {
            return;
        };
        self.start(s, at);
        self.status = format!("restarted at scene \"{}\"", self.current_scene());
    }

    /// Starts a session of a version with a fresh seed.
    pub(super) fn start(&mut self, scenario: Arc<Scenario>, at: Moment) {
        let seed = self.rng.next_u64();
        let attempt = Attempt::start(scenario, seed, PREVIEW_ATTEMPT.into(), at.wall);
        self.app.take_up(attempt, at);
    }

    /// Starts a fresh session and plays the shortest route from the start to a scene, chance
    /// draws and timers included; says so when no play reaches it.
    pub fn jump(&mut self, scene: SceneIx, at: Moment) {
        let Some(s) = self.scenario().cloned() else {
            return;
        };
        let id = s.scene(scene).id.clone();
        let Some(route) = route_to(&s, scene) else {
            self.status = format!("no play from the start reaches scene \"{id}\"");
            return;
        };
        let mut fresh = Attempt::start(
            Arc::clone(&s),
            self.rng.next_u64(),
            PREVIEW_ATTEMPT.into(),
            at.wall,
        );
        fresh.progress.steps = route;
        let (attempt, gap) = Attempt::resume(s, fresh.progress);
        debug_assert!(gap.is_none(), "a route from the analysis replays whole");
        let path: Vec<&str> = attempt
            .progress
            .steps
            .iter()
            .map(|step| step.choice.as_str())
            .collect();
        self.status = match path.len() {
            0 => format!("jumped to scene \"{id}\", the first scene"),
            n => format!(
                "jumped to scene \"{id}\" by the shortest route ({}): {}",
                decisions(n),
                path.join(", ")
            ),
        };
        self.app.take_up(attempt, at);
    }

    /// The current scene's id, or the ending's.
    pub(super) fn current_scene(&self) -> String {
        let Some(a) = &self.app.attempt else {
            return String::new();
        };
        match (a.session.scene(), a.session.ending()) {
            (Some(scene), _) => scene.id.clone(),
            (None, Some(e)) => e.id.clone(),
            (None, None) => String::new(),
        }
    }
}
