//! The home screen: the scenario list, its role filter, and opening the selected scenario.

use std::sync::Arc;

use super::{App, Effect, Entry, Moment, Overlay, Scenarios};
use crate::terminal::keys::Action;

impl App {
    /// The rows shown, after the role filter.
    pub fn visible(&self) -> Vec<&Entry> {
        self.entries
            .iter()
            .filter(|e| match (&self.role_filter, &e.scenario) {
                (None, _) => true,
                (Some(role), Some(s)) => {
                    s.meta().roles.iter().any(|r| r == role || r == "everyone")
                }
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
                    .any(|s| s.meta().roles.iter().any(|r| r == id))
            })
            .collect()
    }

    pub(super) fn on_home(&mut self, a: Action, at: Moment, effects: &mut Vec<Effect>) {
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
            Action::TimeLimits => self.toggle_time_limits(effects),
            Action::Quit | Action::Back => self.quit = true,
            _ => {}
        }
    }

    fn open_selected(&mut self, at: Moment) {
        let Some(entry) = self.visible().get(self.selected).map(|e| (*e).clone()) else {
            return;
        };
        match (&entry.scenario, &entry.problem) {
            (Some(s), _) => match self.statuses.saved(&s.meta().id) {
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
}
