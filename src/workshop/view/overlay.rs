//! Boxes over the projector: help, quit, notices, and typing the show of hands.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget, Wrap};

use crate::workshop::app::{Overlay, Workshop};

const HELP: &[(&str, &str)] = &[
    (
        "Enter",
        "begin; follow the majority after the reveal; carry on after feedback",
    ),
    ("v", "open voting on phones (with --serve)"),
    ("c", "close voting"),
    ("h", "type the show-of-hands count for each option"),
    ("r", "reveal the tally"),
    (
        "A-I",
        "after the reveal, follow that option instead (a tie, or to explore)",
    ),
    ("p", "show or hide the discussion prompt"),
    ("n → / ←", "feedback on the next / previous option"),
    ("↑ ↓ PgUp PgDn", "scroll feedback and the summary"),
    ("e", "export the summary to Markdown and CSV (at the end)"),
    ("q", "quit (asks first during the story)"),
];

fn boxed(w: &Workshop, title: &str, lines: Vec<Line<'static>>, area: Rect, buf: &mut Buffer) {
    let width = 84.min(area.width);
    let height = (lines.len() as u16 + 2).min(area.height);
    let [h] = Layout::horizontal([Constraint::Length(width)])
        .flex(Flex::Center)
        .areas(area);
    let [r] = Layout::vertical([Constraint::Length(height)])
        .flex(Flex::Center)
        .areas(h);
    Clear.render(r, buf);
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .style(w.theme.base)
        .block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(w.theme.title)
                .title(Span::styled(format!(" {title} "), w.theme.title)),
        )
        .render(r, buf);
}

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
        boxed(w, "Show of hands", lines, area, buf);
        return;
    }
    match &w.overlay {
        None => {}
        Some(Overlay::Help) => {
            let mut lines: Vec<Line> = HELP
                .iter()
                .map(|(k, what)| {
                    Line::from(vec![
                        Span::styled(format!("  {k:<16}"), t.key),
                        Span::styled(what.to_string(), t.base),
                    ])
                })
                .collect();
            lines.push(Line::from(Span::styled("Any key closes this help.", t.dim)));
            boxed(w, "Facilitator's keys", lines, area, buf);
        }
        Some(Overlay::ConfirmQuit) => boxed(
            w,
            "Quit?",
            vec![
                Line::from("End the workshop now? The summary has not been exported."),
                Line::from(Span::styled(
                    "y / Enter: quit · any other key: carry on",
                    t.dim,
                )),
            ],
            area,
            buf,
        ),
        Some(Overlay::Notice(m)) => boxed(
            w,
            "Note",
            vec![
                Line::from(m.clone()),
                Line::from(Span::styled("Any key closes this.", t.dim)),
            ],
            area,
            buf,
        ),
    }
}
