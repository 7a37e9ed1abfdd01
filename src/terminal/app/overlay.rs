//! The overlays' keys: the help and quit boxes, editing the learner's name, resuming saved
//! progress or starting again, and acknowledging a notice.

use super::{App, Effect, Moment, Overlay};
use crate::records::Learner;
use crate::terminal::keys::Action;

impl App {
    pub(super) fn on_overlay(
        &mut self,
        overlay: Overlay,
        a: Action,
        at: Moment,
        effects: &mut Vec<Effect>,
    ) -> Option<Overlay> {
        match (overlay, a) {
            (Overlay::Help, Action::Back) => None,
            (Overlay::ConfirmQuit, Action::Yes) => {
                self.quit = true;
                None
            }
            (Overlay::ConfirmQuit, Action::Back) => None,
            (Overlay::Name(mut text), Action::Char(c)) => {
                if text.chars().count() < 60 {
                    text.push(c);
                }
                Some(Overlay::Name(text))
            }
            (Overlay::Name(mut text), Action::Backspace) => {
                text.pop();
                Some(Overlay::Name(text))
            }
            (Overlay::Name(text), Action::Confirm) => {
                let first_run = !self.learner.asked;
                self.learner = Learner {
                    name: text.trim().to_string(),
                    asked: true,
                    untimed: self.learner.untimed,
                };
                effects.push(Effect::SetLearner(self.learner.name.clone()));
                first_run.then_some(Overlay::Timing(None))
            }
            (Overlay::Name(_), Action::Back) => {
                // Asked once: leaving it blank is an answer too.
                let first_run = !self.learner.asked;
                if first_run {
                    self.learner.asked = true;
                    effects.push(Effect::SetLearner(self.learner.name.clone()));
                }
                first_run.then_some(Overlay::Timing(None))
            }
            (Overlay::Timing(_), Action::Confirm) => {
                // The countdown starts now, not when the box opened.
                if let Some(c) = self.countdown.as_mut() {
                    c.last = at.mono;
                }
                None
            }
            (Overlay::Timing(_), Action::TimeLimits) => {
                if !self.learner.untimed {
                    self.toggle_time_limits(effects);
                }
                None
            }
            (Overlay::Resume(progress), Action::Resume) => {
                self.resume(*progress, at);
                self.overlay.take()
            }
            (Overlay::Resume(progress), Action::StartAgain) => {
                effects.push(Effect::ClearProgress(progress.scenario_id.clone()));
                if let Some(s) = self.find(&progress.scenario_id) {
                    self.start(s, at);
                }
                None
            }
            (Overlay::Resume(_), Action::Back) => None,
            (Overlay::Notice(_), _) => None,
            (other, _) => Some(other),
        }
    }
}
