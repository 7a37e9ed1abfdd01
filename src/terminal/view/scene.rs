//! A decision: the story so far, scrollable, and the choices on offer, numbered.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget};

use super::header;
use crate::present::scroll::{scrolled, text_width};
use crate::present::wrap::{paragraphs, wrap};
use crate::terminal::app::App;
use crate::terminal::layout::{choice_width, scene};

/// The story's lines at a width.
pub fn story_lines(app: &App, width: u16) -> Vec<Line<'static>> {
    let Some(a) = &app.attempt else {
        return Vec::new();
    };
    let mut lines = paragraphs(a.session.text().unwrap_or_default(), width, app.theme.base);
    if let Some(timer) = a.session.scene().and_then(|s| s.timer) {
        let note = if app.countdown.is_some() {
            format!(
                "⏱ This decision is timed ({}): if the time runs out, the story moves on without you. Press t to turn time limits off.",
                duration_words(timer.seconds)
            )
        } else {
            "⏱ This decision would be timed, but there are no time limits for you: take as long as you need.".to_string()
        };
        lines.push(Line::default());
        lines.extend(
            wrap(&note, width)
                .into_iter()
                .map(|l| Line::from(Span::styled(l, app.theme.key))),
        );
    }
    lines
}

pub(super) fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let l = scene(app, area);
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
        &app.theme,
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
        &app.theme,
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

/// A number of seconds in words: "45 seconds", "1 minute", "1 minute 30 seconds".
pub fn duration_words(seconds: u32) -> String {
    let plural = |n: u32, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    match (seconds / 60, seconds % 60) {
        (0, s) => plural(s, "second"),
        (m, 0) => plural(m, "minute"),
        (m, s) => format!("{} {}", plural(m, "minute"), plural(s, "second")),
    }
}
