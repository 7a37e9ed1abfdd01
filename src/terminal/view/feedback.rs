//! After a choice: what happened and why, each principle upheld or breached with its source,
//! and a clear mark for a critical breach.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Widget};

use super::{header, paragraphs, scrolled, text_width, wrap};
use crate::engine::Scenario;
use crate::engine::Step;
use crate::model::Choice;
use crate::terminal::app::App;
use crate::terminal::theme::Theme;

/// The feedback's lines at a width.
pub fn lines(app: &App, step: &Step, width: u16) -> Vec<Line<'static>> {
    let Some(a) = &app.attempt else {
        return Vec::new();
    };
    let s = a.session.scenario();
    let choice = s.choice(step.choice);
    let t = &app.theme;
    let mut out = Vec::new();
    if step.timed_out {
        out.push(Line::from(Span::styled("⏱ Time ran out.", t.key)));
    } else {
        out.push(Line::from(Span::styled("You chose:", t.dim)));
    }
    for l in wrap(&choice.text, width) {
        out.push(Line::from(Span::styled(l, t.title)));
    }
    out.push(Line::default());
    out.extend(choice_lines(t, s, choice, width));
    if a.session.is_finished() {
        out.push(Line::default());
        out.push(Line::from(Span::styled(
            "The story ends here. Press Enter for your result.",
            t.key,
        )));
    }
    out
}

/// A choice's consequences: the critical mark, the feedback, and each principle upheld or
/// breached with what it asks and its source. Shared with the workshop's projector.
pub(crate) fn choice_lines(
    t: &Theme,
    s: &Scenario,
    choice: &Choice,
    width: u16,
) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    if choice.critical {
        for l in wrap(
            "✖ CRITICAL BREACH: in real life this would be a serious breach. It fails the attempt whatever your score.",
            width,
        ) {
            out.push(Line::from(Span::styled(l, t.critical)));
        }
        out.push(Line::default());
    }
    out.extend(paragraphs(&choice.feedback, width, t.base));
    let touched: Vec<_> = s
        .principles()
        .iter()
        .zip(&choice.effects)
        .filter(|(_, x)| **x != 0)
        .collect();
    if !touched.is_empty() {
        out.push(Line::default());
        out.push(Line::from(Span::styled("Principles", t.title)));
        for (p, &points) in touched {
            let (mark, word, style) = if points > 0 {
                ("▲", "upheld", t.good)
            } else {
                ("▼", "breached", t.bad)
            };
            out.push(Line::from(vec![
                Span::styled(format!("{mark} {word:<9}"), style),
                Span::styled(format!("{} ({points:+})", p.name), t.title),
            ]));
            for l in wrap(&p.description, width.saturating_sub(12)) {
                out.push(Line::from(Span::styled(format!("            {l}"), t.base)));
            }
            if let Some(source) = p.sources.first() {
                out.push(Line::from(Span::styled(
                    format!("            Source: {source}"),
                    t.dim,
                )));
            }
        }
    }
    out
}

pub(super) fn render(app: &App, step: &Step, header_area: Rect, body: Rect, buf: &mut Buffer) {
    let Some(a) = &app.attempt else { return };
    let s = a.session.scenario();
    let right = match app.progress() {
        Some((k, n)) if !a.session.is_finished() => format!("Next: decision {k} of {n}"),
        _ => "Story complete".to_string(),
    };
    header(
        app,
        header_area,
        &format!("canteen · {} · feedback", s.meta().title),
        &right,
        buf,
    );
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(app.theme.border)
        .title(Span::styled(" What happens, and why ", app.theme.title));
    let inner = block.inner(body);
    block.render(body, buf);
    scrolled(
        app,
        lines(app, step, text_width(inner)),
        app.scroll,
        inner,
        buf,
    );
}
