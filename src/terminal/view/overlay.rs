//! Boxes drawn over a screen: help, quit confirmation, the learner's name, resume, notices.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::text;
use crate::present::boxes::boxed;
use crate::present::wrap::{pad, wrap};
use crate::terminal::app::{App, Overlay};

/// The columns of the key column in the help.
const KEY_COLUMN: u16 = 20;

pub(super) fn render(app: &App, overlay: &Overlay, area: Rect, buf: &mut Buffer) {
    let t = &app.theme;
    let key = |k: &str, what: &str| {
        Line::from(vec![
            Span::styled(format!("  {}", pad(k, KEY_COLUMN)), t.key),
            Span::styled(what.to_string(), t.base),
        ])
    };
    match overlay {
        Overlay::Help => {
            let mut lines = Vec::new();
            for (section, keys) in text::HELP {
                lines.push(Line::from(Span::styled(section.to_string(), t.title)));
                lines.extend(keys.iter().map(|(k, w)| key(k, w)));
            }
            lines.push(Line::from(Span::styled("Press ? or Esc to close.", t.dim)));
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
                key("y / Enter", "quit"),
                key("n / Esc", "keep going"),
            ],
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
                key("c / Enter", "carry on where you left off"),
                key("s", "start again"),
                key("Esc", "back to the list"),
            ],
            64,
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
