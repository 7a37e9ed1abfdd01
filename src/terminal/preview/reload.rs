//! A saved version of the file arrives: validate it, and either carry the session over onto
//! it by replaying the decisions by stable id with the same seed, or keep playing the last
//! good version and show what is wrong. The status line says which, in a sentence.

use std::sync::Arc;

use super::{Preview, decisions};
use crate::checks::check;
use crate::engine::Scenario;
use crate::format::{Severity, SourceFile};
use crate::service::Attempt;
use crate::terminal::app::{Moment, Screen};

impl Preview {
    /// Takes up a newly saved version of the file.
    pub fn reload(&mut self, text: impl AsRef<[u8]>, at: Moment) {
        let file = Arc::new(SourceFile::read(self.file.clone(), text.as_ref()));
        let checked = check(file, &self.app.catalogue);
        let playable = checked.for_authoring().cloned();
        self.diagnostics = checked.diagnostics;
        self.panel_scroll = 0;
        // Failed expectations do not stop play: the panel shows them beside the story.
        let Some(scenario) = playable else {
            self.status = self.not_playable(at);
            return;
        };
        if self.diagnostics.is_empty() {
            // Clean again: the next problem opens the side panel afresh.
            self.diagnostics_toggled = false;
            self.diagnostics_enlarged = false;
        }
        if let Some(entry) = self.app.entries.first_mut() {
            entry.scenario = Some(Arc::clone(&scenario));
            entry.problem = None;
        }
        let first = self.loaded_at.is_none();
        self.loaded_at = Some(at.wall);
        let carried = if first {
            self.start(scenario, at);
            "playing from the first scene".to_string()
        } else {
            self.carry_on(scenario, at)
        };
        let warnings = match self.count(Severity::Warning) {
            0 => String::new(),
            1 => "; 1 warning".to_string(),
            n => format!("; {n} warnings"),
        };
        let failing = match self.count(Severity::Error) {
            0 => String::new(),
            1 => "; 1 expectation fails".to_string(),
            n => format!("; {n} expectations fail"),
        };
        self.status = format!(
            "reloaded {}; {carried}{failing}{warnings}",
            self.clock_time(at.wall)
        );
    }

    /// The file cannot be read (an editor may be part-way through saving it).
    pub fn unreadable(&mut self, why: &str, at: Moment) {
        self.status = format!(
            "{}: cannot read {}: {why}; {}",
            self.clock_time(at.wall),
            self.file,
            self.still_playing()
        );
    }

    /// The status when the saved version has errors.
    pub(super) fn not_playable(&self, at: Moment) -> String {
        let errors = match self.count(Severity::Error) {
            1 => "1 error".to_string(),
            n => format!("{n} errors"),
        };
        format!(
            "{}: {errors}; {}",
            self.clock_time(at.wall),
            self.still_playing()
        )
    }

    fn still_playing(&self) -> String {
        match self.loaded_at {
            Some(t) => format!("still playing the version of {}", self.clock_time(t)),
            None => "fix it and save, and the preview starts".to_string(),
        }
    }

    /// Replays the session's decisions onto the new version with the same seed, keeping the
    /// learner's place (the screen, the selected choice, a running countdown) when they all
    /// still fit; otherwise stops where the first one no longer does.
    fn carry_on(&mut self, scenario: Arc<Scenario>, at: Moment) -> String {
        let Some(old) = self.app.attempt.take() else {
            return "choose the scenario to play it".to_string();
        };
        let wanted = old.progress.steps.len();
        let (attempt, gap) = Attempt::resume(scenario, old.progress.clone());
        let kept = attempt.progress.steps.len();
        let Some(gap) = gap else {
            self.keep_place(&old, attempt, at);
            return match kept {
                0 => "at the first decision".to_string(),
                n => format!("replayed {}", decisions(n)),
            };
        };
        self.app.take_up(attempt, at);
        let place = match self.app.attempt.as_ref().and_then(|a| a.session.ending()) {
            Some(e) => format!("the story ends at \"{}\"", e.id),
            None => format!("you are at scene \"{}\"", self.current_scene()),
        };
        format!(
            "replayed {kept} of {}: at decision {}, {}; {place}",
            decisions(wanted),
            gap.step,
            gap.reason
        )
    }

    /// Puts a fully replayed attempt where the old one was on screen.
    fn keep_place(&mut self, old: &Attempt, attempt: Attempt, at: Moment) {
        let was = self.app.screen.clone();
        let same_scene =
            old.session.scene().map(|s| &s.id) == attempt.session.scene().map(|s| &s.id);
        let last = attempt.session.history().last().cloned();
        let finished = attempt.session.is_finished();
        let (cursor, scroll, countdown) = (self.app.cursor, self.app.scroll, self.app.countdown);
        self.app.take_up(attempt, at);
        match was {
            Screen::Feedback(_) => {
                if let Some(step) = last {
                    self.app.screen = Screen::Feedback(step);
                    self.app.countdown = None;
                    self.app.scroll = scroll;
                }
            }
            Screen::Scene if same_scene && !finished => {
                let offered = self
                    .app
                    .attempt
                    .as_ref()
                    .map_or(0, |a| a.session.offered().len());
                self.app.cursor = cursor.min(offered.saturating_sub(1));
                self.app.scroll = scroll;
                // A countdown under way keeps running where it was, if the scene is still timed.
                if self.app.countdown.is_some() && countdown.is_some() {
                    self.app.countdown = countdown;
                }
            }
            _ => {}
        }
    }
}
