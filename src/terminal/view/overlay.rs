//! Boxes drawn over a screen: help, quit confirmation, the learner's name, resume, notices.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::present::boxes::boxed;
use crate::present::keymap::Keymap;
use crate::present::theme::Theme;
use crate::present::wrap::{pad, wrap};
use crate::terminal::app::{App, Overlay};
use crate::terminal::keys::{self, Action};

/// The columns of the key column in the help.
const KEY_COLUMN: u16 = 20;

pub(super) fn render(app: &App, overlay: &Overlay, area: Rect, buf: &mut Buffer) {
    let t = &app.theme;
    let key = |k: &str, what: &str| key_line(t, k, what);
    let lines_of = |map: &Keymap<Action>| -> Vec<Line<'static>> {
        map.help_lines()
            .iter()
            .map(|(k, what)| key_line(t, k, what))
            .collect()
    };
    match overlay {
        Overlay::Help => {
            let mut lines = Vec::new();
            for map in keys::help_sections() {
                lines.push(Line::from(Span::styled(map.title, t.title)));
                lines.extend(map.help_lines().iter().map(|(k, w)| key(k, w)));
            }
            lines.extend(closing(t, &keys::HELP_BOX));
            boxed(t, "Help", lines, 76, area, buf);
        }
        Overlay::ConfirmQuit => boxed(
            t,
            "Quit?",
            vec![
                Line::from("Quit canteen now?"),
                Line::from(
                    "Your progress is saved: next time you can carry on from this decision.",
                ),
                Line::default(),
            ]
            .into_iter()
            .chain(lines_of(&keys::CONFIRM_QUIT))
            .collect(),
            62,
            area,
            buf,
        ),
        Overlay::Name(text) => boxed(
            t,
            "Your name or staff number",
            vec![
                Line::from("Optional. It goes on your completion records and certificate,"),
                Line::from(
                    "and is stored only on this computer. Leave it blank to stay anonymous.",
                ),
                Line::default(),
                Line::from(vec![
                    Span::styled("> ", t.key),
                    Span::styled(format!("{text}▏"), t.title),
                ]),
                Line::default(),
                key("Enter", "save"),
                key("Esc", "cancel"),
            ],
            74,
            area,
            buf,
        ),
        Overlay::Resume(progress) => boxed(
            t,
            "Carry on?",
            vec![
                Line::from(format!(
                    "You have an attempt in progress ({} decision{} made).",
                    progress.steps.len(),
                    if progress.steps.len() == 1 { "" } else { "s" }
                )),
                Line::default(),
            ]
            .into_iter()
            .chain(lines_of(&keys::RESUME))
            .collect(),
            64,
            area,
            buf,
        ),
        Overlay::Timing(Some(seconds)) => boxed(
            t,
            "A timed decision",
            vec![
                Line::from(format!(
                    "You will have {} to make this decision.",
                    super::scene::duration_words(*seconds)
                )),
                Line::from("The countdown starts when you close this box."),
                Line::from("If the time runs out, the story moves on without you."),
                Line::default(),
            ]
            .into_iter()
            .chain(lines_of(&keys::TIMED))
            .collect(),
            76,
            area,
            buf,
        ),
        Overlay::Timing(None) => boxed(
            t,
            "Time limits",
            vec![
                Line::from("Some decisions are timed, as they would be on a busy shift."),
                Line::from("If you would rather take as long as you need (for example if you"),
                Line::from("use a screen reader, have dyslexia or read English as a second"),
                Line::from("language), turn time limits off. Your score is worked out the same"),
                Line::from("way. You can change this at any time with t on the scenario list."),
                Line::default(),
            ]
            .into_iter()
            .chain(lines_of(&keys::FIRST_TIMING))
            .collect(),
            76,
            area,
            buf,
        ),
        Overlay::Notice(message) => {
            // Wrapped here, to the box's inner width, so the box is exactly as tall as its text.
            let width = 68u16.min(area.width).saturating_sub(2);
            let mut lines: Vec<Line<'static>> = message
                .lines()
                .flat_map(|l| {
                    if l.is_empty() {
                        vec![String::new()]
                    } else {
                        wrap(l, width)
                    }
                })
                .map(Line::from)
                .collect();
            lines.push(Line::default());
            lines.push(Line::from(Span::styled("Press any key.", t.dim)));
            boxed(t, "Note", lines, 68, area, buf);
        }
    }
}

/// A line of keys and what they do, the keys in a column of their own.
fn key_line(t: &Theme, k: &str, what: &str) -> Line<'static> {
    Line::from(vec![
        Span::styled(format!("  {}", pad(k, KEY_COLUMN)), t.key),
        Span::styled(what.to_string(), t.base),
    ])
}

/// The dim line at the foot of a box that says how to close it, from the box's table.
pub(crate) fn closing(t: &Theme, map: &Keymap<Action>) -> Vec<Line<'static>> {
    map.help_lines()
        .iter()
        .map(|(k, what)| Line::from(Span::styled(format!("Press {k} {what}."), t.dim)))
        .collect()
}
