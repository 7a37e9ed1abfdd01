//! Boxes drawn over a screen: help, quit confirmation, the learner's name, resume, notices.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget, Wrap};

use super::text;
use crate::terminal::app::{App, Overlay};

/// A rectangle of a size, centred in an area.
pub(crate) fn centred(area: Rect, width: u16, height: u16) -> Rect {
    let [h] = Layout::horizontal([Constraint::Length(width.min(area.width))])
        .flex(Flex::Center)
        .areas(area);
    let [v] = Layout::vertical([Constraint::Length(height.min(area.height))])
        .flex(Flex::Center)
        .areas(h);
    v
}

/// A bordered, titled box of lines, centred over the screen.
pub(crate) fn boxed(
    app: &App,
    title: &str,
    lines: Vec<Line<'static>>,
    width: u16,
    area: Rect,
    buf: &mut Buffer,
) {
    let height = lines.len() as u16 + 2;
    let r = centred(area, width, height);
    Clear.render(r, buf);
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .style(app.theme.base)
        .block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(app.theme.title)
                .title(Span::styled(format!(" {title} "), app.theme.title)),
        )
        .render(r, buf);
}

pub(super) fn render(app: &App, overlay: &Overlay, area: Rect, buf: &mut Buffer) {
    let t = &app.theme;
    let key = |k: &str, what: &str| {
        Line::from(vec![
            Span::styled(format!("  {k:<20}"), t.key),
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
            boxed(app, "Help", lines, 76, area, buf);
        }
        Overlay::ConfirmQuit => boxed(
            app,
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
            app,
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
            app,
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
                        super::wrap(l, width)
                    }
                })
                .map(Line::from)
                .collect();
            lines.push(Line::default());
            lines.push(Line::from(Span::styled("Press any key.", t.dim)));
            boxed(app, "Note", lines, 68, area, buf);
        }
    }
}
