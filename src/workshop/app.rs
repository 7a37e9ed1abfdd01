//! The facilitator's model: a scenario played by a room, decision by decision.
//!
//! For each decision the facilitator opens voting, watches the number of votes (not the
//! split, so the room is not swayed), closes voting, adds any show of hands, reveals the tally,
//! and the story follows the majority unless the facilitator overrides it. Then the feedback
//! for the chosen option, and for the others one by one. Pure: commands for the voting server
//! and the export come out of `update`; nothing here does I/O.

use std::sync::Arc;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind};

use super::ballot::{Question, Status, letter, majority};
use super::keys::{self, Action};
use super::server::{RoomCommand, RoomEvent};
use crate::engine::Scenario;
use crate::engine::Session;
use crate::model::ChoiceIx;
use crate::present::keymap::Keymap;
use crate::present::theme::Theme;

/// Where a decision is in its life.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Phase {
    /// Before the first decision: how to join.
    Lobby,
    /// The room reads the situation and the options.
    Reading,
    /// Phones may vote; only the number of votes is shown.
    Voting,
    /// Voting closed; waiting for the server's final count.
    Closing,
    /// The count is in; hands can be added.
    Closed,
    /// The tally is on screen.
    Revealed,
    /// Feedback on the chosen option (`shown` = 0), then the others in turn.
    Feedback { order: Vec<usize>, shown: usize },
    /// The story is over: the group's path and result.
    Summary,
}

/// One option as the room voted on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Voted {
    pub choice: ChoiceIx,
    pub phones: u32,
    pub hands: u32,
}

/// A decision as the room took it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub scene: String,
    pub discuss: Option<String>,
    pub options: Vec<Voted>,
    /// Devices that voted from phones.
    pub voters: usize,
    /// The option followed.
    pub chosen: usize,
    /// True when the facilitator chose against the majority (or broke a tie).
    pub overridden: bool,
}

/// How phones join, shown in the lobby and the corner of every screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JoinInfo {
    pub url: String,
    pub code: String,
    /// The join link as a QR code, one string per terminal row.
    pub qr: Vec<String>,
}

/// Typing the show-of-hands counts, option by option.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HandsEntry {
    pub option: usize,
    pub text: String,
}

/// Work for the shell.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    Room(RoomCommand),
    /// Write the Markdown and CSV summary.
    Export,
}

/// Something that happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Msg {
    Key(KeyEvent),
    Room(RoomEvent),
    Resize(u16, u16),
    /// A signal asked canteen to stop: a finished session's summary is written if it was not
    /// yet, then the projector closes.
    Stop(crate::present::input::Stop),
    /// The export was written to these files, or failed.
    Exported(Result<(String, String), String>),
}

/// A box over the screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    Help,
    ConfirmQuit,
    Notice(String),
}

/// The whole state of a workshop.
#[derive(Debug)]
pub struct Workshop {
    pub session: Session,
    pub phase: Phase,
    pub theme: Theme,
    pub join: Option<JoinInfo>,
    /// Devices joined so far.
    pub devices: usize,
    /// Connections held and the server's capacity, while they are near it.
    pub capacity: Option<(usize, usize)>,
    /// Decision number, counting from 1, as the phones see it.
    pub decision: u32,
    pub phones: Vec<u32>,
    pub voters: usize,
    pub hands: Vec<u32>,
    pub hands_entry: Option<HandsEntry>,
    pub show_prompt: bool,
    pub log: Vec<Decision>,
    pub overlay: Option<Overlay>,
    pub exported: Option<(String, String)>,
    /// Scroll offset of the feedback and summary screens.
    pub scroll: u16,
    pub size: (u16, u16),
    pub quit: bool,
    /// The signal that stopped the workshop, when one did.
    pub stopped: Option<crate::present::input::Stop>,
}

impl Workshop {
    /// A workshop on a scenario; `join` is set when phones can vote.
    pub fn new(
        scenario: Arc<Scenario>,
        seed: u64,
        theme: Theme,
        join: Option<JoinInfo>,
    ) -> Workshop {
        let session = Session::new(scenario, seed);
        let n = session.offered().len();
        Workshop {
            session,
            phase: Phase::Lobby,
            theme,
            join,
            devices: 0,
            capacity: None,
            decision: 1,
            phones: vec![0; n],
            voters: 0,
            hands: vec![0; n],
            hands_entry: None,
            show_prompt: false,
            log: Vec::new(),
            overlay: None,
            exported: None,
            scroll: 0,
            size: (120, 30),
            quit: false,
            stopped: None,
        }
    }

    /// True when phones can vote.
    pub fn serving(&self) -> bool {
        self.join.is_some()
    }

    /// The options of the current decision, in letter order.
    pub fn options(&self) -> &[ChoiceIx] {
        self.session.offered()
    }

    /// Phones and hands together, per option.
    pub fn tally(&self) -> Vec<u32> {
        self.phones
            .iter()
            .zip(&self.hands)
            .map(|(p, h)| p + h)
            .collect()
    }

    /// The question as the phones see it.
    pub fn question(&self) -> Question {
        let s = self.session.scenario();
        Question {
            decision: self.decision,
            prompt: "What should we do?".to_string(),
            options: self
                .options()
                .iter()
                .map(|&c| s.choice(c).text.clone())
                .collect(),
        }
    }

    /// Handles a message and returns the commands for the shell.
    pub fn update(&mut self, msg: Msg) -> Vec<Command> {
        let mut out = Vec::new();
        match msg {
            Msg::Resize(w, h) => self.size = (w, h),
            Msg::Room(event) => self.on_room(event),
            Msg::Exported(Ok(paths)) => self.exported = Some(paths),
            Msg::Exported(Err(e)) => {
                self.overlay = Some(Overlay::Notice(format!(
                    "The summary could not be written: {e}"
                )))
            }
            Msg::Key(k) if k.kind != KeyEventKind::Release => self.on_key(k, &mut out),
            Msg::Key(_) => {}
            Msg::Stop(stop) => {
                if self.phase == Phase::Summary && self.exported.is_none() {
                    out.push(Command::Export);
                }
                self.stopped = Some(stop);
                self.quit = true;
            }
        }
        out
    }

    fn on_room(&mut self, event: RoomEvent) {
        match event {
            RoomEvent::Joined { devices } => self.devices = devices,
            RoomEvent::Capacity {
                connections,
                limit,
                near,
            } => self.capacity = near.then_some((connections, limit)),
            RoomEvent::Votes {
                decision,
                counts,
                voters,
            } if decision == self.decision && self.phase == Phase::Voting => {
                self.phones = counts;
                self.voters = voters;
            }
            RoomEvent::Closed {
                decision,
                counts,
                voters,
            } if decision == self.decision => {
                self.phones = counts;
                self.voters = voters;
                if self.phase == Phase::Closing {
                    self.phase = Phase::Closed;
                }
            }
            _ => {}
        }
    }

    fn on_key(&mut self, k: KeyEvent, out: &mut Vec<Command>) {
        if keys::EVERYWHERE.lookup(k) == Some(Action::ForceQuit) {
            self.quit = true;
            return;
        }
        if let Some(entry) = self.hands_entry.take() {
            self.hands_entry = self.on_hands(entry, k);
            return;
        }
        if let Some(o) = self.overlay.take() {
            // Any key closes a box; a quit is confirmed by its own keys.
            if o == Overlay::ConfirmQuit && keys::CONFIRM_QUIT.lookup(k) == Some(Action::Quit) {
                self.quit = true;
            }
            return;
        }
        let Some(action) = self.action(k) else {
            return;
        };
        match (&self.phase, action) {
            (_, Action::Help) => self.overlay = Some(Overlay::Help),
            (Phase::Lobby | Phase::Summary, Action::Quit) => self.quit = true,
            (_, Action::Quit) => self.overlay = Some(Overlay::ConfirmQuit),
            (_, Action::Prompt) => self.show_prompt = !self.show_prompt,
            (Phase::Lobby, Action::Begin) => self.ask(out),
            (Phase::Reading, Action::OpenVoting) if self.serving() => {
                self.phase = Phase::Voting;
                out.push(Command::Room(RoomCommand::Status(Status::Open)));
            }
            (Phase::Reading | Phase::Closed, Action::Hands) => {
                self.hands_entry = Some(HandsEntry { option: 0, text: String::new() });
                self.phase = Phase::Closed;
            }
            (Phase::Voting, Action::CloseVoting) => {
                self.phase = Phase::Closing;
                out.push(Command::Room(RoomCommand::Status(Status::Closed)));
            }
            (Phase::Closed, Action::Reveal) => {
                self.phase = Phase::Revealed;
                out.push(Command::Room(RoomCommand::Reveal(self.tally())));
            }
            (Phase::Revealed, Action::FollowMajority) => match majority(&self.tally()) {
                Some(i) => self.follow(i, false),
                None => {
                    self.overlay = Some(Overlay::Notice(
                        "There is no single majority. Press the letter of the option the room will follow.".into(),
                    ))
                }
            },
            (Phase::Revealed, Action::Follow(i)) if i < self.options().len() => {
                let overridden = majority(&self.tally()) != Some(i);
                self.follow(i, overridden);
            }
            (Phase::Feedback { order, shown }, Action::Next) => {
                let next = (shown + 1) % order.len().max(1);
                self.phase = Phase::Feedback { order: order.clone(), shown: next };
                self.scroll = 0;
            }
            (Phase::Feedback { order, shown }, Action::Previous) => {
                let prev = (shown + order.len() - 1) % order.len().max(1);
                self.phase = Phase::Feedback { order: order.clone(), shown: prev };
                self.scroll = 0;
            }
            (Phase::Feedback { .. }, Action::CarryOn) => self.carry_on(out),
            (Phase::Summary, Action::Export) => out.push(Command::Export),
            (_, Action::Down) => self.scroll = self.scroll.saturating_add(1),
            (_, Action::Up) => self.scroll = self.scroll.saturating_sub(1),
            (_, Action::PageDown) => self.scroll = self.scroll.saturating_add(10),
            (_, Action::PageUp) => self.scroll = self.scroll.saturating_sub(10),
            _ => {}
        }
    }

    /// The table of the phase on screen.
    fn phase_keys(&self) -> &'static Keymap<Action> {
        match self.phase {
            Phase::Lobby => &keys::LOBBY,
            Phase::Reading if self.serving() => &keys::READING_SERVED,
            Phase::Reading => &keys::READING,
            Phase::Voting => &keys::VOTING,
            Phase::Closing => &keys::CLOSING,
            Phase::Closed => &keys::CLOSED,
            Phase::Revealed => &keys::REVEALED,
            Phase::Feedback { .. } => &keys::FEEDBACK,
            Phase::Summary => &keys::SUMMARY,
        }
    }

    /// The tables of the keys in play now: the phase's, then those of every phase.
    pub fn keymaps(&self) -> [&'static Keymap<Action>; 2] {
        [self.phase_keys(), &keys::EVERYWHERE]
    }

    /// What a key asks for on the screen, with no box open: the first table that binds it.
    pub fn action(&self, k: KeyEvent) -> Option<Action> {
        self.keymaps().iter().find_map(|m| m.lookup(k))
    }

    fn on_hands(&mut self, mut entry: HandsEntry, k: KeyEvent) -> Option<HandsEntry> {
        match k.code {
            KeyCode::Char(c) if c.is_ascii_digit() && entry.text.len() < 4 => entry.text.push(c),
            KeyCode::Backspace => {
                entry.text.pop();
            }
            KeyCode::Esc => return None,
            KeyCode::Enter | KeyCode::Tab => {
                if let Some(h) = self.hands.get_mut(entry.option) {
                    *h = entry.text.parse().unwrap_or(0);
                }
                if entry.option + 1 >= self.options().len() {
                    return None;
                }
                return Some(HandsEntry {
                    option: entry.option + 1,
                    text: self
                        .hands
                        .get(entry.option + 1)
                        .map(|h| h.to_string())
                        .unwrap_or_default(),
                });
            }
            _ => {}
        }
        Some(entry)
    }

    /// Puts the current decision to the room.
    fn ask(&mut self, out: &mut Vec<Command>) {
        let n = self.options().len();
        self.phones = vec![0; n];
        self.hands = vec![0; n];
        self.voters = 0;
        self.show_prompt = false;
        self.phase = Phase::Reading;
        out.push(Command::Room(RoomCommand::Ask(self.question())));
    }

    /// Plays the chosen option and logs the decision.
    fn follow(&mut self, i: usize, overridden: bool) {
        let Some(&choice) = self.options().get(i) else {
            return;
        };
        let s = Arc::clone(self.session.scenario());
        let scene = self
            .session
            .scene()
            .map(|x| (x.id.clone(), x.discuss.clone()));
        let options = self
            .options()
            .iter()
            .enumerate()
            .map(|(j, &c)| Voted {
                choice: c,
                phones: self.phones.get(j).copied().unwrap_or(0),
                hands: self.hands.get(j).copied().unwrap_or(0),
            })
            .collect();
        if self.session.choose(&s.choice(choice).id).is_err() {
            return;
        }
        let (scene, discuss) = scene.unwrap_or_default();
        self.log.push(Decision {
            scene,
            discuss,
            options,
            voters: self.voters,
            chosen: i,
            overridden,
        });
        let n = self.log.last().map_or(0, |d| d.options.len());
        let order = std::iter::once(i)
            .chain((0..n).filter(|&j| j != i))
            .collect();
        self.phase = Phase::Feedback { order, shown: 0 };
        self.scroll = 0;
    }

    fn carry_on(&mut self, out: &mut Vec<Command>) {
        self.scroll = 0;
        if self.session.is_finished() {
            self.phase = Phase::Summary;
            out.push(Command::Room(RoomCommand::Status(Status::Ended)));
        } else {
            self.decision += 1;
            self.ask(out);
        }
    }

    /// The letter of an option.
    pub fn letter(i: usize) -> char {
        letter(i)
    }
}
