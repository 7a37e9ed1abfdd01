//! Boxes over the projector: help, quit, notices, and typing the show of hands.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::present::boxes::boxed;
use crate::present::wrap::pad;
use crate::workshop::app::{Overlay, Workshop};
use crate::workshop::keys;

/// How wide the projector's boxes are.
const WIDTH: u16 = 84;

/// The columns of the key column in the help.
const KEY_COLUMN: u16 = 16;

pub(super) fn render(w: &Workshop, area: Rect, buf: &mut Buffer) {
    let t = &w.theme;
    if let Some(entry) = &w.hands_entry {
        let lines = vec![
            Line::from(format!(
                "Count the hands for option {} and type the number.",
                Workshop::letter(entry.option)
            )),
            Line::default(),
            Line::from(vec![
                Span::styled(format!("  {}: ", Workshop::letter(entry.option)), t.key),
                Span::styled(format!("{}▏", entry.text), t.title),
            ]),
            Line::default(),
            Line::from(Span::styled("Enter or Tab: next option · Esc: done", t.dim)),
        ];
        boxed(t, "Show of hands", lines, WIDTH, area, buf);
        return;
    }
    match &w.overlay {
        None => {}
        Some(Overlay::Help) => {
            let mut lines: Vec<Line> = keys::help_lines()
                .iter()
                .map(|(k, what)| {
                    Line::from(vec![
                        Span::styled(format!("  {}", pad(k, KEY_COLUMN)), t.key),
                        Span::styled(what.to_string(), t.base),
                    ])
                })
                .collect();
            lines.push(Line::from(Span::styled("Any key closes this help.", t.dim)));
            boxed(t, "Facilitator's keys", lines, WIDTH, area, buf);
        }
        Some(Overlay::ConfirmQuit) => boxed(
            t,
            "Quit?",
            vec![
                Line::from("End the workshop now? The summary has not been exported."),
                Line::from(Span::styled(
                    keys::CONFIRM_QUIT
                        .help_lines()
                        .iter()
                        .map(|(k, what)| format!("{k}: {what} · "))
                        .collect::<String>()
                        + "any other key: carry on",
                    t.dim,
                )),
            ],
            WIDTH,
            area,
            buf,
        ),
        Some(Overlay::Notice(m)) => boxed(
            t,
            "Note",
            vec![
                Line::from(m.clone()),
                Line::from(Span::styled("Any key closes this.", t.dim)),
            ],
            WIDTH,
            area,
            buf,
        ),
    }
}
