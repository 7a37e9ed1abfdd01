//! The end: outcome and debrief, pass or fail with the reason, a bar per principle labelled
//! with numbers, and a review of the path with the better choice at each step.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Widget};

use super::header;
use crate::present::bars::score_bars;
use crate::present::scroll::{scrolled, text_width};
use crate::present::wrap::{paragraphs, wrap};
use crate::service::checklist;
use crate::terminal::app::App;

/// The ending's lines at a width.
pub fn lines(app: &App, width: u16) -> Vec<Line<'static>> {
    let Some(a) = &app.attempt else {
        return Vec::new();
    };
    let session = &a.session;
    let s = session.scenario();
    let t = &app.theme;
    let card = session.scorecard();
    let mut out = Vec::new();
    let (verdict_style, word) = if card.passed() {
        (t.good, "PASSED")
    } else {
        (t.bad, "NOT PASSED")
    };
    out.push(Line::from(vec![
        Span::styled(format!("{word}  {}%", card.overall), verdict_style),
        Span::styled(format!("   pass mark {}%", card.pass_mark), t.dim),
    ]));
    for l in wrap(&card.verdict(), width) {
        out.push(Line::from(Span::styled(l, t.base)));
    }
    if let Some(e) = session.ending() {
        out.push(Line::default());
        out.push(Line::from(Span::styled(e.title.clone(), t.title)));
        out.extend(paragraphs(&e.outcome, width, t.base));
        out.push(Line::default());
        out.push(Line::from(Span::styled("Debrief", t.title)));
        out.extend(paragraphs(&e.debrief, width, t.base));
    }
    out.push(Line::default());
    out.push(Line::from(Span::styled(
        "Your score by principle (points earned of the best possible)",
        t.title,
    )));
    out.extend(score_bars(t, &card));
    out.push(Line::default());
    out.push(Line::from(Span::styled(
        "Your path, and the better choice where there was one",
        t.title,
    )));
    for (i, step) in session.history().iter().enumerate() {
        let chosen = s.choice(step.choice);
        let lead = format!("{:>2}. ", i + 1);
        let how = if step.timed_out { "time ran out: " } else { "" };
        let mark = if chosen.critical { " ✖ critical" } else { "" };
        for (j, l) in wrap(
            &format!("{how}{}{mark}", chosen.text),
            width.saturating_sub(4),
        )
        .into_iter()
        .enumerate()
        {
            let lead = if j == 0 { lead.clone() } else { "    ".into() };
            out.push(Line::from(vec![
                Span::styled(lead, t.key),
                Span::styled(l, t.base),
            ]));
        }
        if let Some(better) = session.better_choice(step).filter(|&b| b != step.choice) {
            for l in wrap(
                &format!("better: {}", s.choice(better).text),
                width.saturating_sub(6),
            ) {
                out.push(Line::from(Span::styled(format!("      {l}"), t.good)));
            }
        }
    }
    if let Some(list) = checklist(session, app.role_filter.as_deref()) {
        out.push(Line::default());
        out.push(Line::from(Span::styled(
            "Your local arrangements, to agree with your team",
            t.title,
        )));
        for (n, item) in list.items.iter().enumerate() {
            for (j, l) in wrap(
                &format!("[ ] {}", item.arrangement),
                width.saturating_sub(4),
            )
            .into_iter()
            .enumerate()
            {
                let lead = if j == 0 {
                    format!("{:>2}. ", n + 1)
                } else {
                    "    ".into()
                };
                out.push(Line::from(vec![
                    Span::styled(lead, t.key),
                    Span::styled(l, t.base),
                ]));
            }
            if !item.because.is_empty() {
                for l in wrap(
                    &format!("why: {}", item.because.join("; ")),
                    width.saturating_sub(6),
                ) {
                    out.push(Line::from(Span::styled(format!("      {l}"), t.dim)));
                }
            }
        }
        out.push(Line::from(Span::styled(
            format!(
                "Save it as Markdown: canteen checklist {} --markdown",
                s.meta().id
            ),
            t.dim,
        )));
    }
    if !app.records_at.is_empty() {
        out.push(Line::default());
        out.push(Line::from(Span::styled(
            format!("This attempt is saved in {}", app.records_at),
            t.dim,
        )));
    }
    out
}

pub(super) fn render(app: &App, header_area: Rect, body: Rect, buf: &mut Buffer) {
    let Some(a) = &app.attempt else { return };
    let s = a.session.scenario();
    let title = a.session.ending().map_or("The end", |e| e.title.as_str());
    header(
        &app.theme,
        header_area,
        &format!("canteen · {} · the end", s.meta().title),
        title,
        buf,
    );
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(app.theme.border)
        .title(Span::styled(" Your result ", app.theme.title));
    let inner = block.inner(body);
    block.render(body, buf);
    scrolled(
        &app.theme,
        lines(app, text_width(inner)),
        app.scroll,
        inner,
        buf,
    );
}
