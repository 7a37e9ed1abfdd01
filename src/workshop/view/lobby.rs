//! Before the first decision: the scenario, and how to join from a phone.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};
use tui_big_text::{BigText, PixelSize};

use crate::present::wrap::width;
use crate::workshop::app::Workshop;

pub(super) fn render(w: &Workshop, area: Rect, buf: &mut Buffer) {
    let s = w.session.scenario();
    let t = &w.theme;
    // Big text draws every character as one glyph four columns wide, whatever its width in
    // ordinary text, so here the count of characters is the measure.
    let title_fits = s.meta().title.chars().count() * 4 <= usize::from(area.width);
    let [title, summary, join] = Layout::vertical([
        Constraint::Length(if title_fits { 5 } else { 2 }),
        Constraint::Length(4),
        Constraint::Fill(1),
    ])
    .areas(area);
    if title_fits {
        BigText::builder()
            .pixel_size(PixelSize::Quadrant)
            .style(t.title)
            .lines(vec![Line::from(s.meta().title.clone())])
            .build()
            .render(title.inner(ratatui::layout::Margin::new(1, 0)), buf);
    } else {
        Paragraph::new(Span::styled(s.meta().title.clone(), t.title)).render(title, buf);
    }
    Paragraph::new(s.meta().summary.clone())
        .wrap(Wrap { trim: true })
        .style(t.base)
        .render(summary.inner(ratatui::layout::Margin::new(1, 0)), buf);
    let Some(j) = &w.join else {
        Paragraph::new(vec![
            Line::from(Span::styled("Voting by show of hands.", t.title)),
            Line::from("At each decision, count the hands for each option and type the numbers in (key h)."),
            Line::from("To let phones vote too, start the workshop with --serve."),
        ])
        .render(join.inner(ratatui::layout::Margin::new(1, 0)), buf);
        return;
    };
    let qr_width = j.qr.first().map_or(0, |r| width(r));
    let [qr, words] =
        Layout::horizontal([Constraint::Length(qr_width + 2), Constraint::Fill(1)]).areas(join);
    let rows: Vec<Line> = j.qr.iter().map(|r| Line::from(r.clone())).collect();
    Paragraph::new(rows).render(qr.inner(ratatui::layout::Margin::new(1, 0)), buf);
    let [a, b, c] = Layout::vertical([
        Constraint::Length(3),
        Constraint::Length(5),
        Constraint::Fill(1),
    ])
    .areas(words);
    Paragraph::new(vec![
        Line::from(Span::styled(
            "Vote from your phone: scan the code, or open",
            t.base,
        )),
        Line::from(Span::styled(j.url.clone(), t.title)),
        Line::from(Span::styled("and enter the join code:", t.base)),
    ])
    .render(a, buf);
    BigText::builder()
        .pixel_size(PixelSize::Quadrant)
        .style(t.key)
        .lines(vec![Line::from(j.code.clone())])
        .build()
        .render(b, buf);
    Paragraph::new(vec![
        Line::from(Span::styled(
            format!("{} phone(s) joined so far.", w.devices),
            t.base,
        )),
        Line::from(Span::styled(
            "No names or personal details are collected; votes are anonymous.",
            t.dim,
        )),
    ])
    .render(c, buf);
}
