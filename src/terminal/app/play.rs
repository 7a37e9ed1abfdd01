//! Playing an attempt: starting or resuming one, the decision, feedback and ending screens,
//! the countdown of a timed decision and the mouse on the choices.

use std::sync::Arc;
use std::time::Duration;

use ratatui::crossterm::event::{MouseButton, MouseEvent, MouseEventKind};

use super::{App, Countdown, Effect, Moment, Overlay, Screen};
use crate::engine::Scenario;
use crate::records::Progress;
use crate::service::Attempt;
use crate::terminal::keys::Action;
use crate::terminal::layout::choice_at;

impl App {
    pub(super) fn start(&mut self, scenario: Arc<Scenario>, at: Moment) {
        self.attempt = Some(Attempt::begin(scenario, &mut self.rng, at));
        self.enter_scene(at);
    }

    pub(super) fn resume(&mut self, progress: Progress, at: Moment) {
        let Some(scenario) = self.find(&progress.scenario_id) else {
            return;
        };
        let (mut attempt, gap) = Attempt::resume(scenario, progress);
        attempt.seen(at.mono);
        self.take_up(attempt, at);
        if let Some(gap) = gap {
            self.overlay = Some(Overlay::Notice(format!(
                "This scenario has changed since you saved. Your first {} decision(s) were kept; at decision {}, {}. You carry on from there.",
                gap.step - 1,
                gap.step,
                gap.reason
            )));
        }
    }

    /// Puts an attempt in play where its session stands: at its decision, or at the ending
    /// when the story is over. Also for shells that build sessions themselves (the preview).
    pub fn take_up(&mut self, attempt: Attempt, at: Moment) {
        let finished = attempt.session.is_finished();
        self.attempt = Some(attempt);
        self.enter_scene(at);
        if finished {
            self.screen = Screen::Ending;
        }
    }

    fn enter_scene(&mut self, at: Moment) {
        self.screen = Screen::Scene;
        self.cursor = 0;
        self.scroll = 0;
        let timer = self
            .attempt
            .as_ref()
            .and_then(|a| a.session.scene())
            .and_then(|s| s.timer)
            .filter(|_| !self.learner.untimed);
        self.countdown = timer.map(|t| Countdown {
            remaining: Duration::from_secs(u64::from(t.seconds)),
            last: at.mono,
        });
        // Say how long there is before the countdown starts; it waits while the box is open.
        if matches!(self.overlay, Some(Overlay::Timing(_))) {
            self.overlay = None;
        }
        if let Some(t) = timer {
            self.overlay = Some(Overlay::Timing(Some(t.seconds)));
        }
    }

    /// Turns time limits off, or on again from the next timed decision, and remembers it.
    pub(super) fn toggle_time_limits(&mut self, effects: &mut Vec<Effect>) {
        self.learner.untimed = !self.learner.untimed;
        if self.learner.untimed {
            self.countdown = None;
        }
        effects.push(Effect::SetUntimed(self.learner.untimed));
    }

    pub(super) fn on_scene(&mut self, a: Action, at: Moment, effects: &mut Vec<Effect>) {
        let options = self
            .attempt
            .as_ref()
            .map_or(0, |x| x.session.offered().len());
        match a {
            Action::Up => self.cursor = self.cursor.saturating_sub(1),
            Action::Down => self.cursor = (self.cursor + 1).min(options.saturating_sub(1)),
            Action::Pick(i) if i < options => self.choose(Some(i), at, effects),
            Action::Confirm if options > 0 => self.choose(Some(self.cursor), at, effects),
            Action::PageUp => self.scroll = self.scroll.saturating_sub(5),
            Action::PageDown => self.scroll = self.scroll.saturating_add(5),
            Action::Top => self.scroll = 0,
            Action::Bottom => self.scroll = u16::MAX,
            Action::TimeLimits => self.toggle_time_limits(effects),
            Action::Back => self.go_home(),
            Action::Quit => self.overlay = Some(Overlay::ConfirmQuit),
            _ => {}
        }
    }

    /// Makes the `i`th offered choice, or lets the timer run out when `i` is `None`.
    fn choose(&mut self, i: Option<usize>, at: Moment, effects: &mut Vec<Effect>) {
        let learner = self.learner.name.clone();
        let Some(attempt) = self.attempt.as_mut() else {
            return;
        };
        let id = i
            .and_then(|i| attempt.session.offered().get(i))
            .map(|&c| attempt.session.scenario().choice(c).id.clone());
        let Ok((step, record)) = attempt.take_turn(id.as_deref(), at, &learner) else {
            return;
        };
        effects.push(record);
        self.countdown = None;
        self.scroll = 0;
        self.screen = Screen::Feedback(step);
    }

    pub(super) fn on_feedback(&mut self, a: Action, at: Moment) {
        match a {
            Action::Confirm => {
                let finished = self
                    .attempt
                    .as_ref()
                    .is_some_and(|x| x.session.is_finished());
                if finished {
                    self.screen = Screen::Ending;
                    self.scroll = 0;
                } else {
                    self.enter_scene(at);
                }
            }
            Action::Up => self.scroll = self.scroll.saturating_sub(1),
            Action::Down => self.scroll = self.scroll.saturating_add(1),
            Action::PageUp => self.scroll = self.scroll.saturating_sub(5),
            Action::PageDown => self.scroll = self.scroll.saturating_add(5),
            Action::Back => self.go_home(),
            Action::Quit => self.overlay = Some(Overlay::ConfirmQuit),
            _ => {}
        }
    }

    pub(super) fn on_ending(&mut self, a: Action, at: Moment, _effects: &mut [Effect]) {
        match a {
            Action::Retry => {
                if let Some(s) = self.scenario().cloned() {
                    self.start(s, at);
                }
            }
            Action::Back => self.go_home(),
            Action::Up => self.scroll = self.scroll.saturating_sub(1),
            Action::Down => self.scroll = self.scroll.saturating_add(1),
            Action::PageUp => self.scroll = self.scroll.saturating_sub(5),
            Action::PageDown => self.scroll = self.scroll.saturating_add(5),
            Action::Top => self.scroll = 0,
            Action::Quit => self.quit = true,
            _ => {}
        }
    }

    fn go_home(&mut self) {
        self.screen = Screen::Home;
        self.attempt = None;
        self.countdown = None;
        self.scroll = 0;
    }

    pub(super) fn tick(&mut self, at: Moment, effects: &mut Vec<Effect>) {
        let Some(mut c) = self.countdown else { return };
        if self.screen != Screen::Scene {
            return;
        }
        if self.overlay.is_none() {
            c.remaining = c.remaining.saturating_sub(at.mono.saturating_sub(c.last));
        }
        c.last = at.mono;
        self.countdown = Some(c);
        if c.remaining.is_zero() {
            self.choose(None, at, effects);
        }
    }

    pub(super) fn mouse(&mut self, m: MouseEvent, at: Moment, effects: &mut Vec<Effect>) {
        if self.overlay.is_some() {
            return;
        }
        match (m.kind, &self.screen) {
            (MouseEventKind::ScrollDown, _) => self.scroll = self.scroll.saturating_add(2),
            (MouseEventKind::ScrollUp, _) => self.scroll = self.scroll.saturating_sub(2),
            (MouseEventKind::Down(MouseButton::Left), Screen::Scene) => {
                if let Some(i) = choice_at(self, m.column, m.row) {
                    self.cursor = i;
                    self.choose(Some(i), at, effects);
                }
            }
            _ => {}
        }
    }

    /// Decision `k` of `n`: the decisions made so far plus those the best line still needs.
    pub fn progress(&self) -> Option<(usize, usize)> {
        let s = &self.attempt.as_ref()?.session;
        let done = s.history().len();
        let current = usize::from(!s.is_finished());
        Some((done + current, done + s.decisions_left()))
    }
}
