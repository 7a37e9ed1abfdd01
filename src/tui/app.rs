//! The trainer's model and its update function, in the Elm shape: messages in, state changed,
//! effects out for the shell to carry out (saving progress, storing an attempt). Nothing here
//! touches the terminal, the clock or the database, so every rule is tested on plain values.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use jiff::Timestamp;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use ratatui::crossterm::event::{KeyEvent, MouseButton, MouseEvent, MouseEventKind};

use super::keys::{Action, action};
use super::theme::Theme;
use super::view::scene::choice_at;
use crate::engine::Step;
use crate::library::Library;
use crate::records::{Attempt, AttemptRecord, Learner, Progress};
use crate::scenario::{Catalogue, Scenario};

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
                            .find(|d| d.severity() == crate::scenario::Severity::Error)
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

    /// The rows shown, after the role filter.
    pub fn visible(&self) -> Vec<&Entry> {
        self.entries
            .iter()
            .filter(|e| match (&self.role_filter, &e.scenario) {
                (None, _) => true,
                (Some(role), Some(s)) => s.meta.roles.iter().any(|r| r == role || r == "everyone"),
                (Some(_), None) => false,
            })
            .collect()
    }

    /// Role ids used by the playable scenarios, in catalogue order, for the filter.
    pub fn roles(&self) -> Vec<&str> {
        self.catalogue
            .roles
            .iter()
            .map(|r| r.id.as_str())
            .filter(|id| {
                self.entries
                    .iter()
                    .flatten_scenarios()
                    .any(|s| s.meta.roles.iter().any(|r| r == id))
            })
            .collect()
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
            Msg::Mouse(m) => self.mouse(m, at, &mut effects),
            Msg::Key(k) => {
                let typing = matches!(self.overlay, Some(Overlay::Name(_)));
                if let Some(a) = action(k, typing) {
                    self.act(a, at, &mut effects);
                }
            }
        }
        self.scroll = self.scroll.min(super::view::max_scroll(self));
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

    fn on_overlay(
        &mut self,
        overlay: Overlay,
        a: Action,
        at: Moment,
        effects: &mut Vec<Effect>,
    ) -> Option<Overlay> {
        match (overlay, a) {
            (Overlay::Help, Action::Help | Action::Back | Action::Confirm | Action::Quit) => None,
            (Overlay::ConfirmQuit, Action::Yes | Action::Confirm | Action::Quit) => {
                self.quit = true;
                None
            }
            // `n` is the name key elsewhere; in this dialog it means no.
            (Overlay::ConfirmQuit, Action::Name | Action::Back) => None,
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
                self.learner = Learner {
                    name: text.trim().to_string(),
                    asked: true,
                };
                effects.push(Effect::SetLearner(self.learner.name.clone()));
                None
            }
            (Overlay::Name(_), Action::Back) => {
                // Asked once: leaving it blank is an answer too.
                if !self.learner.asked {
                    self.learner.asked = true;
                    effects.push(Effect::SetLearner(self.learner.name.clone()));
                }
                None
            }
            (Overlay::Resume(progress), Action::Resume | Action::Confirm) => {
                self.resume(*progress, at);
                self.overlay.take()
            }
            (Overlay::Resume(progress), Action::StartAgain) => {
                effects.push(Effect::ClearProgress(progress.scenario_id.clone()));
                self.saved.remove(&progress.scenario_id);
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

    fn find(&self, id: &str) -> Option<Arc<Scenario>> {
        self.entries
            .iter()
            .flatten_scenarios()
            .find(|s| s.meta.id == id)
            .cloned()
    }

    fn on_home(&mut self, a: Action, at: Moment, _effects: &mut [Effect]) {
        let rows = self.visible().len();
        match a {
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Down => self.selected = (self.selected + 1).min(rows.saturating_sub(1)),
            Action::Top => self.selected = 0,
            Action::Bottom => self.selected = rows.saturating_sub(1),
            Action::Pick(i) if i < rows => self.selected = i,
            Action::Confirm => self.open_selected(at),
            Action::Filter => {
                let roles: Vec<String> = self.roles().iter().map(|r| r.to_string()).collect();
                let next = match &self.role_filter {
                    None => roles.first().cloned(),
                    Some(r) => roles
                        .iter()
                        .position(|x| x == r)
                        .and_then(|i| roles.get(i + 1).cloned()),
                };
                self.role_filter = next;
                self.selected = 0;
            }
            Action::Name => self.overlay = Some(Overlay::Name(self.learner.name.clone())),
            Action::Quit | Action::Back => self.quit = true,
            _ => {}
        }
    }

    fn open_selected(&mut self, at: Moment) {
        let Some(entry) = self.visible().get(self.selected).map(|e| (*e).clone()) else {
            return;
        };
        match (&entry.scenario, &entry.problem) {
            (Some(s), _) => match self.saved.get(&s.meta.id) {
                Some(p) => self.overlay = Some(Overlay::Resume(Box::new(p.clone()))),
                None => self.start(Arc::clone(s), at),
            },
            (None, problem) => {
                self.overlay = Some(Overlay::Notice(format!(
                    "{} cannot be played: {}\n\nA trainer can run `canteen validate {}` to see every problem and how to fix it.",
                    entry.file,
                    problem.as_deref().unwrap_or("it did not pass validation"),
                    entry.file
                )))
            }
        }
    }

    fn start(&mut self, scenario: Arc<Scenario>, at: Moment) {
        let seed = self.rng.next_u64();
        let mut id = [0u8; 16];
        self.rng.fill_bytes(&mut id);
        let attempt_id = uuid::Builder::from_random_bytes(id).into_uuid().to_string();
        self.attempt = Some(Attempt::start(scenario, seed, attempt_id, at.wall));
        self.active_ms = 0;
        self.enter_scene(at);
    }

    fn resume(&mut self, progress: Progress, at: Moment) {
        let Some(scenario) = self.find(&progress.scenario_id) else {
            return;
        };
        self.active_ms = progress.active_ms;
        let (attempt, gap) = Attempt::resume(scenario, progress);
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
        self.countdown = self
            .attempt
            .as_ref()
            .and_then(|a| a.session.scene())
            .and_then(|s| s.timer)
            .map(|t| Countdown {
                remaining: Duration::from_secs(u64::from(t.seconds)),
                last: at.mono,
            });
    }

    fn on_scene(&mut self, a: Action, at: Moment, effects: &mut Vec<Effect>) {
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
            Action::Back => self.go_home(),
            Action::Quit => self.overlay = Some(Overlay::ConfirmQuit),
            _ => {}
        }
    }

    /// Makes the `i`th offered choice, or lets the timer run out when `i` is `None`.
    fn choose(&mut self, i: Option<usize>, at: Moment, effects: &mut Vec<Effect>) {
        let active = self.active_ms;
        let learner = self.learner.name.clone();
        let Some(attempt) = self.attempt.as_mut() else {
            return;
        };
        let id = i
            .and_then(|i| attempt.session.offered().get(i))
            .map(|&c| attempt.session.scenario().choice(c).id.clone());
        let Ok(step) = attempt.play(id.as_deref(), at.wall, active) else {
            return;
        };
        let scenario_id = attempt.progress.scenario_id.clone();
        if attempt.session.is_finished() {
            let record = attempt.record(&learner, at.wall);
            let best = self
                .results
                .get(&scenario_id)
                .copied()
                .unwrap_or((false, 0));
            self.results.insert(
                scenario_id.clone(),
                (best.0 || record.passed, best.1.max(record.overall)),
            );
            self.saved.remove(&scenario_id);
            effects.push(Effect::RecordAttempt(Box::new(record)));
        } else {
            self.saved.insert(scenario_id, attempt.progress.clone());
            effects.push(Effect::SaveProgress(attempt.progress.clone()));
        }
        self.countdown = None;
        self.scroll = 0;
        self.screen = Screen::Feedback(step);
    }

    fn on_feedback(&mut self, a: Action, at: Moment) {
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

    fn on_ending(&mut self, a: Action, at: Moment, _effects: &mut [Effect]) {
        match a {
            Action::Retry => {
                if let Some(s) = self.scenario().cloned() {
                    self.start(s, at);
                }
            }
            Action::Confirm | Action::Back => self.go_home(),
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

    fn tick(&mut self, at: Moment, effects: &mut Vec<Effect>) {
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

    fn mouse(&mut self, m: MouseEvent, at: Moment, effects: &mut Vec<Effect>) {
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

/// Iterating the playable scenarios of a list of entries.
trait Scenarios<'a> {
    fn flatten_scenarios(self) -> impl Iterator<Item = &'a Arc<Scenario>>;
}

impl<'a, I: Iterator<Item = &'a Entry>> Scenarios<'a> for I {
    fn flatten_scenarios(self) -> impl Iterator<Item = &'a Arc<Scenario>> {
        self.filter_map(|e| e.scenario.as_ref())
    }
}
