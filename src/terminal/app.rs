//! The trainer's model and its update function, in the Elm shape: messages in, state changed,
//! effects out for the shell to carry out (saving progress, storing an attempt). Nothing here
//! touches the terminal, the clock or the database, so every rule is tested on plain values.
//! The keys of each part live in a submodule: `home`, `overlay` and `play`.

use std::sync::Arc;
use std::time::Duration;

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use ratatui::crossterm::event::{KeyEvent, KeyEventKind, MouseEvent};

use super::keys::{self, Action};
use crate::engine::Scenario;
use crate::engine::Step;
use crate::library::Library;
use crate::model::Catalogue;
use crate::present::keymap::Keymap;
use crate::present::theme::Theme;
use crate::records::{Learner, Progress};
pub use crate::service::Record as Effect;
use crate::service::{Attempt, Statuses, entries};
pub use crate::service::{Entry, Moment};

mod home;
mod overlay;
mod play;

/// Something that happened.
#[derive(Debug, Clone, PartialEq)]
pub enum Msg {
    Key(KeyEvent),
    Mouse(MouseEvent),
    Resize(u16, u16),
    /// Time passed (for timers); sent by the shell while a timer runs.
    Tick,
    /// A signal asked canteen to stop: quit at once. Progress is already saved after every
    /// choice, so nothing is asked and nothing is lost.
    Stop(super::Stop),
    /// What the record store holds now, after the shell carried out the effects.
    Records(Statuses),
    /// A record could not be written: what was not saved, and why.
    NotSaved(String),
}

/// The main screens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Screen {
    Home,
    Scene,
    Feedback(Step),
    Ending,
}

/// A box drawn over the screen that takes the keys until it closes.
#[derive(Debug, Clone, PartialEq)]
pub enum Overlay {
    Help,
    ConfirmQuit,
    /// Editing the learner's name or staff number.
    Name(String),
    /// Resume saved progress, or start again.
    Resume(Box<Progress>),
    /// A message to acknowledge.
    Notice(String),
    /// Time limits: before a timed decision's countdown starts (its seconds), or the first run's
    /// question (`None`).
    Timing(Option<u32>),
}

/// The countdown of a timed decision; paused while an overlay is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Countdown {
    pub remaining: Duration,
    pub last: Duration,
}

/// The whole state of the trainer.
#[derive(Debug)]
pub struct App {
    pub theme: Theme,
    pub catalogue: Catalogue,
    pub entries: Vec<Entry>,
    /// The learner's status on each scenario, as the record store last told the shell.
    pub statuses: Statuses,
    pub learner: Learner,
    /// Where records are kept, to tell the learner.
    pub records_at: String,
    pub screen: Screen,
    pub overlay: Option<Overlay>,
    /// Selected row among the visible scenarios.
    pub selected: usize,
    /// Role id the list is filtered by.
    pub role_filter: Option<String>,
    pub attempt: Option<Attempt>,
    /// Selected choice on a decision screen.
    pub cursor: usize,
    pub scroll: u16,
    pub size: (u16, u16),
    pub countdown: Option<Countdown>,
    rng: ChaCha8Rng,
    pub quit: bool,
    /// The signal that stopped the trainer, when one did.
    pub stopped: Option<super::Stop>,
}

impl App {
    /// A trainer over a library, with what the record store already holds.
    pub fn new(library: Library, theme: Theme, seed: u64) -> App {
        let entries = entries(&library);
        App {
            theme,
            catalogue: library.catalogue,
            entries,
            statuses: Statuses::default(),
            learner: Learner::default(),
            records_at: String::new(),
            screen: Screen::Home,
            overlay: None,
            selected: 0,
            role_filter: None,
            attempt: None,
            cursor: 0,
            scroll: 0,
            size: (80, 24),
            countdown: None,
            rng: ChaCha8Rng::seed_from_u64(seed),
            quit: false,
            stopped: None,
        }
    }

    /// Tells the app what the record store holds, and asks for a name on the first run.
    pub fn with_records(
        self,
        learner: Learner,
        saved: Vec<Progress>,
        results: Vec<(String, bool, u32)>,
    ) -> App {
        self.with_learner(learner)
            .with_statuses(Statuses::new(saved, results))
    }

    /// Tells the app who the learner is, and asks for a name on the first run.
    pub fn with_learner(mut self, learner: Learner) -> App {
        if !learner.asked {
            self.overlay = Some(Overlay::Name(learner.name.clone()));
        }
        self.learner = learner;
        self
    }

    /// Tells the app the learner's status on each scenario, as the record store holds it.
    pub fn with_statuses(mut self, statuses: Statuses) -> App {
        self.statuses = statuses;
        self
    }

    /// The scenario being played.
    pub fn scenario(&self) -> Option<&Arc<Scenario>> {
        self.attempt.as_ref().map(|a| a.session.scenario())
    }

    /// Handles a message and returns the effects for the shell.
    pub fn update(&mut self, msg: Msg, at: Moment) -> Vec<Effect> {
        self.count_active(at);
        let mut effects = Vec::new();
        match msg {
            Msg::Resize(w, h) => self.size = (w, h),
            Msg::Tick => self.tick(at, &mut effects),
            Msg::Stop(stop) => {
                self.stopped = Some(stop);
                self.quit = true;
            }
            Msg::Mouse(m) => self.mouse(m, at, &mut effects),
            Msg::Records(statuses) => self.statuses = statuses,
            Msg::NotSaved(why) => self.overlay = Some(Overlay::Notice(why)),
            Msg::Key(k) => {
                if let Some(a) = self.action(k) {
                    self.act(a, at, &mut effects);
                }
            }
        }
        self.scroll = self.scroll.min(super::layout::max_scroll(self));
        effects
    }

    /// The tables of the keys in play now, the open box's or the screen's first, then the keys
    /// of every screen.
    pub fn keymaps(&self) -> Vec<&'static Keymap<Action>> {
        let first: Option<&'static Keymap<Action>> = match (&self.overlay, &self.screen) {
            (Some(Overlay::Help), _) => Some(&keys::HELP_BOX),
            (Some(Overlay::ConfirmQuit), _) => Some(&keys::CONFIRM_QUIT),
            (Some(Overlay::Resume(_)), _) => Some(&keys::RESUME),
            (Some(Overlay::Timing(Some(_))), _) => Some(&keys::TIMED),
            (Some(Overlay::Timing(None)), _) => Some(&keys::FIRST_TIMING),
            (Some(Overlay::Name(_) | Overlay::Notice(_)), _) => None,
            (None, Screen::Home) => Some(&keys::HOME),
            (None, Screen::Scene) => Some(&keys::SCENE),
            (None, Screen::Feedback(_)) => Some(&keys::FEEDBACK),
            (None, Screen::Ending) => Some(&keys::ENDING),
        };
        first.into_iter().chain([&*keys::EVERYWHERE]).collect()
    }

    /// What a key asks for here and now: typing while the name is edited, any key closing a
    /// notice, otherwise the first table of [`App::keymaps`] that binds it.
    pub fn action(&self, k: KeyEvent) -> Option<Action> {
        if k.kind == KeyEventKind::Release {
            return None;
        }
        match self.overlay {
            Some(Overlay::Name(_)) => keys::typing(k),
            Some(Overlay::Notice(_)) => match keys::EVERYWHERE.lookup(k) {
                Some(Action::ForceQuit) => Some(Action::ForceQuit),
                _ => Some(Action::Back),
            },
            _ => self.keymaps().iter().find_map(|m| m.lookup(k)),
        }
    }

    /// Time spent counts while the learner is on an attempt's screens; away from them (or
    /// past the idle limit) it does not.
    fn count_active(&mut self, at: Moment) {
        let playing = matches!(self.screen, Screen::Scene | Screen::Feedback(_));
        if let Some(attempt) = self.attempt.as_mut() {
            if playing {
                attempt.seen(at.mono);
            } else {
                attempt.away();
            }
        }
    }

    fn act(&mut self, a: Action, at: Moment, effects: &mut Vec<Effect>) {
        if a == Action::ForceQuit {
            self.quit = true;
            return;
        }
        if let Some(overlay) = self.overlay.take() {
            self.overlay = self.on_overlay(overlay, a, at, effects);
            return;
        }
        if a == Action::Help {
            self.overlay = Some(Overlay::Help);
            return;
        }
        match self.screen.clone() {
            Screen::Home => self.on_home(a, at, effects),
            Screen::Scene => self.on_scene(a, at, effects),
            Screen::Feedback(_) => self.on_feedback(a, at),
            Screen::Ending => self.on_ending(a, at, effects),
        }
    }

    fn find(&self, id: &str) -> Option<Arc<Scenario>> {
        self.entries
            .iter()
            .flatten_scenarios()
            .find(|s| s.meta().id == id)
            .cloned()
    }
}

/// Iterating the playable scenarios of a list of entries.
trait Scenarios<'a> {
    fn flatten_scenarios(self) -> impl Iterator<Item = &'a Arc<Scenario>>;
}

impl<'a, I: Iterator<Item = &'a Entry>> Scenarios<'a> for I {
    fn flatten_scenarios(self) -> impl Iterator<Item = &'a Arc<Scenario>> {
        self.filter_map(|e| e.scenario.as_ref())
    }
}
