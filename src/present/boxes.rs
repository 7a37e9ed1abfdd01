//! Boxes drawn over a screen: a bordered, titled box of lines, centred, clearing what is under
//! it. The trainer's, the preview's and the workshop's overlays are all drawn as these.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget, Wrap};

use super::theme::Theme;
use super::wrap::wrap;

/// A rectangle of a size, centred in an area and no larger than it.
pub fn centred(area: Rect, width: u16, height: u16) -> Rect {
    let [h] = Layout::horizontal([Constraint::Length(width.min(area.width))])
        .flex(Flex::Center)
        .areas(area);
    let [v] = Layout::vertical([Constraint::Length(height.min(area.height))])
        .flex(Flex::Center)
        .areas(h);
    v
}

/// A bordered, titled box of lines, `width` columns wide and as tall as its lines wrapped,
/// centred in `area`.
pub fn boxed(
    t: &Theme,
    title: &str,
    lines: Vec<Line<'static>>,
    width: u16,
    area: Rect,
    buf: &mut Buffer,
) {
    // As tall as the lines once wrapped to the inside of the box, so a long line does not push
    // the last one (often the keys that answer the box) out of sight.
    let inner = width.min(area.width).saturating_sub(2);
    let rows: usize = lines
        .iter()
        .map(|l| {
            let text: String = l.spans.iter().map(|s| s.content.as_ref()).collect();
            wrap(&text, inner).len().max(1)
        })
        .sum();
    let height = u16::try_from(rows).unwrap_or(u16::MAX).saturating_add(2);
    let r = centred(area, width, height);
    Clear.render(r, buf);
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .style(t.base)
        .block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(t.title)
                .title(Span::styled(format!(" {title} "), t.title)),
        )
        .render(r, buf);
}
