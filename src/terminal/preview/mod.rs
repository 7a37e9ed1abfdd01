//! The author's preview (`canteen preview FILE`): the learner's trainer playing one scenario
//! file, reloaded whenever the file is saved, with the choices made so far replayed by stable
//! id onto the new version (like Inky's play pane).
//!
//! A thin layer over the trainer's [`App`]: the preview reads its own few keys (jump to a
//! scene, flags and scores, restart, diagnostics), passes every other message to the trainer,
//! and drops the trainer's effects, so nothing reaches the learner's records. Like the trainer
//! it is pure: [`shell`] watches the file and hands each saved version to [`Preview::reload`].

mod play;
mod reload;
pub(crate) mod shell;
mod view;

use std::sync::Arc;

use jiff::Timestamp;
use jiff::tz::TimeZone;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use ratatui::crossterm::event::{KeyEvent, KeyEventKind};
use ratatui::layout::Rect;

use super::MIN_HEIGHT;
use super::app::{App, Moment, Msg, Overlay};
use super::keys::{self, Action, PreviewAction};
use crate::checks::check;
use crate::engine::Scenario;
use crate::format::{Diagnostic, Severity, SourceFile};
use crate::library::Library;
use crate::model::{Catalogue, SceneIx};
use crate::present::theme::Theme;
use crate::records::Learner;

pub use shell::{Change, Watch, run, run_loop};

/// From this width the diagnostics sit beside the story, in the right-hand third; narrower
/// terminals show them full-screen on `d`.
pub const SIDE_PANEL_WIDTH: u16 = 120;

/// The attempt id of every preview session: it is never stored.
const PREVIEW_ATTEMPT: &str = "preview";

/// A box drawn over the preview that takes the keys until it closes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PreviewOverlay {
    /// The preview's keys.
    Help,
    /// The list of scenes to jump to, with the selected row.
    Jump(usize),
    /// Flags set and the score so far.
    Scores,
}

/// The preview: the trainer, the file's diagnostics, and what the last reload did.
#[derive(Debug)]
pub struct Preview {
    /// The trainer, playing the last version of the file that validated.
    pub app: App,
    /// The file's name as the author typed it.
    pub file: String,
    /// The diagnostics of the file as last saved (empty when it is clean).
    pub diagnostics: Vec<Diagnostic>,
    /// When the version being played was loaded; `None` until the file first validates.
    pub loaded_at: Option<Timestamp>,
    /// What the last reload, jump or restart did, in a sentence.
    pub status: String,
    pub overlay: Option<PreviewOverlay>,
    /// `d` was pressed: hides the side panel on a wide terminal, shows the diagnostics
    /// full-screen on a narrow one.
    pub diagnostics_toggled: bool,
    /// `D` was pressed: the diagnostics fill the screen whatever its width.
    pub diagnostics_enlarged: bool,
    /// Scroll position in the diagnostics.
    pub panel_scroll: u16,
    pub size: (u16, u16),
    pub quit: bool,
    time_zone: TimeZone,
    rng: ChaCha8Rng,
}

impl Preview {
    /// A preview of a file's text, named as the author typed it; play starts at once when the
    /// text is a valid scenario. Times in the status line are shown in `time_zone`.
    pub fn new(
        file: String,
        text: impl AsRef<[u8]>,
        catalogue: Catalogue,
        theme: Theme,
        seed: u64,
        time_zone: TimeZone,
        at: Moment,
    ) -> Preview {
        let mut checked = check(
            Arc::new(SourceFile::read(file.clone(), text.as_ref())),
            &catalogue,
        );
        // A scenario whose only errors are failed expectations is played all the same, so
        // the author can see why they fail; the panel shows them.
        checked.scenario = checked.for_authoring().cloned();
        let diagnostics = checked.diagnostics.clone();
        let scenario = checked.scenario.clone();
        let library = Library {
            catalogue,
            entries: vec![checked],
        };
        let learner = Learner {
            name: String::new(),
            asked: true,
            untimed: false,
        };
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let app = App::new(library, theme, rng.next_u64()).with_records(learner, vec![], vec![]);
        let mut preview = Preview {
            app,
            file,
            diagnostics,
            loaded_at: None,
            status: String::new(),
            overlay: None,
            diagnostics_toggled: false,
            diagnostics_enlarged: false,
            panel_scroll: 0,
            size: (80, 24),
            quit: false,
            time_zone,
            rng,
        };
        match scenario {
            Some(s) => {
                preview.loaded_at = Some(at.wall);
                preview.start(s, at);
                preview.status = format!(
                    "playing {}; save the file and the preview reloads",
                    preview.file
                );
            }
            None => preview.status = preview.not_playable(at),
        }
        preview.fit();
        preview
    }

    /// The version being played: the last one that validated.
    pub fn scenario(&self) -> Option<&Arc<Scenario>> {
        self.app.entries.first().and_then(|e| e.scenario.as_ref())
    }

    /// How many diagnostics of a severity the file has.
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity() == severity)
            .count()
    }

    /// True when the diagnostics sit beside the story.
    pub fn panel_visible(&self) -> bool {
        self.size.0 >= SIDE_PANEL_WIDTH
            && !self.diagnostics.is_empty()
            && !self.diagnostics_toggled
            && !self.diagnostics_full_screen()
    }

    /// True when the diagnostics fill the screen: there is nothing to play yet, or `d` was
    /// pressed on a narrow terminal.
    pub fn diagnostics_full_screen(&self) -> bool {
        !self.diagnostics.is_empty()
            && (self.loaded_at.is_none()
                || self.diagnostics_enlarged
                || (self.size.0 < SIDE_PANEL_WIDTH && self.diagnostics_toggled))
    }

    /// Rows for the status line at the foot: two when the terminal has a row to spare, so a
    /// long account of a reload can be read whole.
    pub fn status_rows(&self) -> u16 {
        if self.size.1 > MIN_HEIGHT { 2 } else { 1 }
    }

    /// Where the trainer is drawn: the whole screen, or its left two-thirds beside the panel,
    /// above the status line. The status line's first row takes the place of the trainer's
    /// key hints.
    pub fn play_area(&self) -> Rect {
        let (w, h) = self.size;
        let width = if self.panel_visible() { w - w / 3 } else { w };
        Rect::new(0, 0, width, h - (self.status_rows() - 1))
    }

    /// Handles a message from the terminal.
    pub fn update(&mut self, msg: Msg, at: Moment) {
        match msg {
            Msg::Resize(w, h) => self.size = (w, h),
            Msg::Key(k) => self.key(k, at),
            Msg::Mouse(_) if self.overlay.is_some() || self.diagnostics_full_screen() => {}
            Msg::Tick if self.overlay.is_some() => {
                // The preview's boxes pause a timed decision, as the trainer's help does.
                if let Some(c) = &mut self.app.countdown {
                    c.last = at.mono;
                }
            }
            other => self.pass_to_trainer(other, at),
        }
        self.fit();
    }

    /// Passes a message to the trainer and drops its effects: a preview keeps no records. The
    /// trainer shows only what a record store tells it, and none ever does here, so the list
    /// never offers to resume.
    fn pass_to_trainer(&mut self, msg: Msg, at: Moment) {
        self.fit();
        let _ = self.app.update(msg, at);
        self.quit |= self.app.quit;
    }

    /// Tells the trainer the size of the area it is drawn in.
    fn fit(&mut self) {
        let area = self.play_area();
        self.app.size = (area.width, area.height);
    }

    fn key(&mut self, k: KeyEvent, at: Moment) {
        if k.kind == KeyEventKind::Release {
            return;
        }
        let own = keys::PREVIEW.lookup(k);
        if own == Some(PreviewAction::ForceQuit) {
            self.quit = true;
            return;
        }
        if let Some(overlay) = self.overlay.take() {
            self.overlay = self.on_overlay(overlay, k, at);
            return;
        }
        // The trainer's own boxes (typing a name, a notice) take every key while open; the box
        // before a timed decision leaves the preview's own keys working.
        if self.app.overlay.is_some() && !matches!(self.app.overlay, Some(Overlay::Timing(_))) {
            return self.pass_to_trainer(Msg::Key(k), at);
        }
        // With the problems filling the screen, the story's keys would act unseen.
        let story_hidden = self.diagnostics_full_screen();
        if story_hidden && self.on_full_screen(k) {
            return;
        }
        match own {
            Some(PreviewAction::Help) => self.overlay = Some(PreviewOverlay::Help),
            Some(PreviewAction::Jump) => self.open_jump(),
            Some(PreviewAction::Scores) if self.app.attempt.is_some() => {
                self.overlay = Some(PreviewOverlay::Scores)
            }
            Some(PreviewAction::Restart) => self.restart(at),
            Some(PreviewAction::Diagnostics) => self.toggle_diagnostics(),
            Some(PreviewAction::Enlarge) => self.enlarge_diagnostics(),
            Some(PreviewAction::PanelUp) => self.panel_scroll = self.panel_scroll.saturating_sub(3),
            Some(PreviewAction::PanelDown) => {
                self.panel_scroll = self.panel_scroll.saturating_add(3)
            }
            Some(PreviewAction::Quit | PreviewAction::ForceQuit) => self.quit = true,
            Some(PreviewAction::Scores) | None if story_hidden => {}
            Some(PreviewAction::Scores) | None => self.pass_to_trainer(Msg::Key(k), at),
        }
    }

    /// Keys while the diagnostics fill the screen: scrolling, and closing them. Returns false
    /// for keys left to the preview's usual handling.
    fn on_full_screen(&mut self, k: KeyEvent) -> bool {
        match keys::PREVIEW_LIST.lookup(k) {
            Some(Action::Up) => self.panel_scroll = self.panel_scroll.saturating_sub(1),
            Some(Action::Down) => self.panel_scroll = self.panel_scroll.saturating_add(1),
            Some(Action::PageUp) => self.panel_scroll = self.panel_scroll.saturating_sub(10),
            Some(Action::PageDown) => self.panel_scroll = self.panel_scroll.saturating_add(10),
            Some(Action::Top) => self.panel_scroll = 0,
            Some(Action::Bottom) => self.panel_scroll = u16::MAX,
            Some(Action::Back) if self.loaded_at.is_some() => {
                self.diagnostics_toggled = false;
                self.diagnostics_enlarged = false;
            }
            _ => return false,
        }
        true
    }

    fn enlarge_diagnostics(&mut self) {
        if self.diagnostics.is_empty() {
            self.status = format!("{} has no problems to show", self.file);
        } else {
            self.diagnostics_enlarged = !self.diagnostics_enlarged;
            self.diagnostics_toggled = false;
            self.panel_scroll = 0;
        }
    }

    fn toggle_diagnostics(&mut self) {
        if self.diagnostics.is_empty() {
            self.status = format!("{} has no problems to show", self.file);
        } else {
            self.diagnostics_toggled = !self.diagnostics_toggled;
            self.panel_scroll = 0;
        }
    }

    fn on_overlay(
        &mut self,
        overlay: PreviewOverlay,
        k: KeyEvent,
        at: Moment,
    ) -> Option<PreviewOverlay> {
        // The preview's boxes close on the keys that close the trainer's help.
        let closes = keys::HELP_BOX.lookup(k).is_some();
        match overlay {
            PreviewOverlay::Help | PreviewOverlay::Scores => {
                let same = match overlay {
                    PreviewOverlay::Help => PreviewAction::Help,
                    _ => PreviewAction::Scores,
                };
                (!closes && keys::PREVIEW.lookup(k) != Some(same)).then_some(overlay)
            }
            PreviewOverlay::Jump(selected) => {
                let last = self
                    .scenario()
                    .map_or(0, |s| s.scenes().len().saturating_sub(1));
                let selected = match keys::PREVIEW_LIST.lookup(k) {
                    Some(Action::Up) => selected.saturating_sub(1),
                    Some(Action::Down) => (selected + 1).min(last),
                    Some(Action::PageUp) => selected.saturating_sub(10),
                    Some(Action::PageDown) => (selected + 10).min(last),
                    Some(Action::Top) => 0,
                    Some(Action::Bottom) => last,
                    Some(Action::Confirm) => {
                        // A reload may have removed scenes since the list was opened.
                        self.jump(SceneIx(selected.min(last) as u32), at);
                        return None;
                    }
                    Some(Action::Back) => return None,
                    _ if matches!(
                        keys::PREVIEW.lookup(k),
                        Some(PreviewAction::Jump | PreviewAction::Quit)
                    ) =>
                    {
                        return None;
                    }
                    _ => selected,
                };
                Some(PreviewOverlay::Jump(selected))
            }
        }
    }

    fn open_jump(&mut self) {
        if self.scenario().is_none() {
            return;
        }
        let here = self
            .app
            .attempt
            .as_ref()
            .and_then(|a| a.session.scene_ix())
            .map_or(0, |s| s.0 as usize);
        self.overlay = Some(PreviewOverlay::Jump(here));
    }

    /// A time as the status line shows it.
    fn clock_time(&self, t: Timestamp) -> String {
        t.to_zoned_datetime(self.time_zone.clone())
            .strftime("%H:%M:%S")
            .to_string()
    }
}

/// "1 decision", "3 decisions".
fn decisions(n: usize) -> String {
    format!("{n} decision{}", if n == 1 { "" } else { "s" })
}
