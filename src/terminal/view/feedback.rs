//! After a choice: what happened and why, each principle upheld or breached with its source,
//! and a clear mark for a critical breach.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Widget};

use super::header;
use crate::engine::Step;
use crate::present::consequences::choice_lines;
use crate::present::scroll::{scrolled, text_width};
use crate::present::wrap::wrap;
use crate::terminal::app::App;

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
    out.extend(choice_lines(
        t,
        s,
        app.role_filter.as_deref(),
        choice,
        width,
    ));
    if a.session.is_finished() {
        out.push(Line::default());
        out.push(Line::from(Span::styled(
            "The story ends here. Press Enter for your result.",
            t.key,
        )));
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
        &app.theme,
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
        &app.theme,
        lines(app, step, text_width(inner)),
        app.scroll,
        inner,
        buf,
    );
}
