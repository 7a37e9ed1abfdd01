//! A decision: the story so far, scrollable, and the choices on offer, numbered.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget};

use super::{header, paragraphs, scrolled, text_width, wrap};
use crate::terminal::app::App;

/// Where the parts of a decision screen go.
pub struct SceneLayout {
    pub header: Rect,
    pub story: Rect,
    pub choices_block: Rect,
    /// One area per offered choice, in the order shown.
    pub choices: Vec<Rect>,
}

/// Text width inside the choices box, after the number column.
fn choice_width(area: Rect) -> u16 {
    area.width.saturating_sub(2 + 5)
}

/// Lays out a decision screen in `area` (the whole terminal).
pub fn layout(app: &App, area: Rect) -> SceneLayout {
    let [header, body, _footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let texts: Vec<String> = app
        .attempt
        .as_ref()
        .map(|a| {
            a.session
                .offered_choices()
                .map(|c| c.text.clone())
                .collect()
        })
        .unwrap_or_default();
    let heights: Vec<u16> = texts
        .iter()
        .map(|t| wrap(t, choice_width(body)).len().max(1) as u16)
        .collect();
    let wanted = heights.iter().sum::<u16>() + 2;
    let choices_height = wanted.min(body.height / 2 + 2).max(3);
    let [story, choices_block] =
        Layout::vertical([Constraint::Fill(1), Constraint::Length(choices_height)]).areas(body);
    let inner = Block::default().borders(Borders::ALL).inner(choices_block);
    let mut y = inner.y;
    let choices = heights
        .iter()
        .map(|&h| {
            let h = h.min(inner.bottom().saturating_sub(y));
            let r = Rect::new(inner.x, y, inner.width, h);
            y += h;
            r
        })
        .collect();
    SceneLayout {
        header,
        story,
        choices_block,
        choices,
    }
}

/// The offered choice under a mouse position, if any.
pub fn choice_at(app: &App, column: u16, row: u16) -> Option<usize> {
    let area = Rect::new(0, 0, app.size.0, app.size.1);
    layout(app, area)
        .choices
        .iter()
        .position(|r| r.height > 0 && r.contains(ratatui::layout::Position::new(column, row)))
}

/// The story's lines at a width.
pub fn story_lines(app: &App, width: u16) -> Vec<Line<'static>> {
    let Some(a) = &app.attempt else {
        return Vec::new();
    };
    let mut lines = paragraphs(a.session.text().unwrap_or_default(), width, app.theme.base);
    if let Some(scene) = a.session.scene()
        && scene.timer.is_some()
    {
        lines.push(Line::default());
        lines.push(Line::from(Span::styled(
            "⏱ This decision is timed: if the time runs out, the story moves on without you.",
            app.theme.key,
        )));
    }
    lines
}

pub(super) fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let l = layout(app, area);
    let Some(a) = &app.attempt else { return };
    let s = a.session.scenario();
    let roles: Vec<_> = s
        .meta()
        .roles
        .iter()
        .map(|r| app.catalogue.role_name(r))
        .collect();
    let mut right = match app.progress() {
        Some((k, n)) => format!("Decision {k} of {n}"),
        None => String::new(),
    };
    if let Some(c) = app.countdown {
        let secs = c.remaining.as_secs() + u64::from(c.remaining.subsec_nanos() > 0);
        right = format!("⏱ {}:{:02} left · {right}", secs / 60, secs % 60);
    }
    header(
        app,
        l.header,
        &format!("canteen · {} · {}", s.meta().title, roles.join(", ")),
        &right,
        buf,
    );

    let story_block = Block::default()
        .borders(Borders::ALL)
        .border_style(app.theme.border)
        .title(Span::styled(" The situation ", app.theme.title));
    let inner = story_block.inner(l.story);
    story_block.render(l.story, buf);
    scrolled(
        app,
        story_lines(app, text_width(inner)),
        app.scroll,
        inner,
        buf,
    );

    let choices_block = Block::default()
        .borders(Borders::ALL)
        .border_style(app.theme.border)
        .title(Span::styled(" What do you do? ", app.theme.title));
    choices_block.render(l.choices_block, buf);
    let width = choice_width(l.choices_block);
    for (i, (choice, area)) in a.session.offered_choices().zip(&l.choices).enumerate() {
        let selected = i == app.cursor;
        let style = if selected {
            app.theme.selected
        } else {
            app.theme.base
        };
        let marker = if selected { "▶" } else { " " };
        let lines: Vec<Line> = wrap(&choice.text, width)
            .into_iter()
            .enumerate()
            .map(|(j, t)| {
                let lead = if j == 0 {
                    format!("{marker} {}  ", i + 1)
                } else {
                    "     ".to_string()
                };
                Line::from(vec![
                    Span::styled(lead, if selected { style } else { app.theme.key }),
                    Span::styled(t, style),
                ])
            })
            .collect();
        Paragraph::new(lines).render(*area, buf);
    }
}
