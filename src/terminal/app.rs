//! The trainer's model and its update function, in the Elm shape: messages in, state changed,
//! effects out for the shell to carry out (saving progress, storing an attempt). Nothing here
//! touches the terminal, the clock or the database, so every rule is tested on plain values.
//! The keys of each part live in a submodule: `home`, `overlay` and `play`.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use jiff::Timestamp;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use ratatui::crossterm::event::{KeyEvent, MouseEvent};

use super::keys::{Action, action};
use crate::engine::Scenario;
use crate::engine::Step;
use crate::library::Library;
use crate::model::Catalogue;
use crate::present::theme::Theme;
use crate::records::{Attempt, AttemptRecord, Learner, Progress};

mod home;
mod overlay;
mod play;

/// A moment as the shell saw it: a monotonic clock for timers, the wall clock for records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Moment {
    pub mono: Duration,
    pub wall: Timestamp,
}

/// Something that happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Msg {
    Key(KeyEvent),
    Mouse(MouseEvent),
    Resize(u16, u16),
    /// Time passed (for timers); sent by the shell while a timer runs.
    Tick,
    /// A signal asked canteen to stop: quit at once. Progress is already saved after every
    /// choice, so nothing is asked and nothing is lost.
    Stop(super::Stop),
}

/// Work for the shell: each is one transaction in the record store.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    SaveProgress(Progress),
    RecordAttempt(Box<AttemptRecord>),
    ClearProgress(String),
    SetLearner(String),
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
}

/// One row of the scenario list.
#[derive(Debug, Clone)]
pub struct Entry {
    pub file: String,
    pub scenario: Option<Arc<Scenario>>,
    /// Why the scenario cannot be played, when it is invalid.
    pub problem: Option<String>,
}

/// The countdown of a timed decision; paused while an overlay is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Countdown {
    pub remaining: Duration,
    pub last: Duration,
}

/// Gaps longer than this are time away, not time spent training.
const IDLE: Duration = Duration::from_secs(120);

/// The whole state of the trainer.
#[derive(Debug)]
pub struct App {
    pub theme: Theme,
    pub catalogue: Catalogue,
    pub entries: Vec<Entry>,
    /// Saved progress by scenario id.
    pub saved: HashMap<String, Progress>,
    /// Completed attempts by scenario id: whether any passed, and the best score.
    pub results: HashMap<String, (bool, u32)>,
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
    active_ms: u64,
    last_seen: Option<Duration>,
    rng: ChaCha8Rng,
    pub quit: bool,
    /// The signal that stopped the trainer, when one did.
    pub stopped: Option<super::Stop>,
}

impl App {
    /// A trainer over a library, with what the record store already holds.
    pub fn new(library: Library, theme: Theme, seed: u64) -> App {
        let entries = library
            .entries
            .iter()
            .map(|e| Entry {
                file: e.file.name.clone(),
                scenario: e.scenario.clone(),
                problem: e
                    .scenario
                    .is_none()
                    .then(|| {
                        e.diagnostics
                            .iter()
                            .find(|d| d.severity() == crate::format::Severity::Error)
                    })
                    .flatten()
                    .map(|d| d.short()),
            })
            .collect();
        App {
            theme,
            catalogue: library.catalogue,
            entries,
            saved: HashMap::new(),
            results: HashMap::new(),
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
            active_ms: 0,
            last_seen: None,
            rng: ChaCha8Rng::seed_from_u64(seed),
            quit: false,
            stopped: None,
        }
    }

    /// Tells the app what the record store holds, and asks for a name on the first run.
    pub fn with_records(
        mut self,
        learner: Learner,
        saved: Vec<Progress>,
        results: Vec<(String, bool, u32)>,
    ) -> App {
        if !learner.asked {
            self.overlay = Some(Overlay::Name(learner.name.clone()));
        }
        self.learner = learner;
        self.saved = saved
            .into_iter()
            .map(|p| (p.scenario_id.clone(), p))
            .collect();
        self.results = results
            .into_iter()
            .map(|(id, passed, best)| (id, (passed, best)))
            .collect();
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
            Msg::Key(k) => {
                let typing = matches!(self.overlay, Some(Overlay::Name(_)));
                if let Some(a) = action(k, typing) {
                    self.act(a, at, &mut effects);
                }
            }
        }
        self.scroll = self.scroll.min(super::layout::max_scroll(self));
        effects
    }

    fn count_active(&mut self, at: Moment) {
        let playing = matches!(self.screen, Screen::Scene | Screen::Feedback(_));
        if let Some(last) = self.last_seen.filter(|_| playing) {
            let gap = at.mono.saturating_sub(last).min(IDLE);
            self.active_ms += gap.as_millis() as u64;
        }
        self.last_seen = Some(at.mono);
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
