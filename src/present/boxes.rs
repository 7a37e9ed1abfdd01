//! Boxes drawn over a screen: a bordered, titled box of lines, centred, clearing what is under
//! it. The trainer's, the preview's and the workshop's overlays are all drawn as these.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget, Wrap};

use super::theme::Theme;

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

/// A bordered, titled box of lines, `width` columns wide and as tall as its lines, centred in
/// `area`.
pub fn boxed(
    t: &Theme,
    title: &str,
    lines: Vec<Line<'static>>,
    width: u16,
    area: Rect,
    buf: &mut Buffer,
) {
    let height = u16::try_from(lines.len())
        .unwrap_or(u16::MAX)
        .saturating_add(2);
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
