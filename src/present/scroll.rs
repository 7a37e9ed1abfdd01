//! Text that scrolls in a box: the offset clamped so the last line stays on screen, and a
//! scrollbar in the box's last column when the lines do not fit.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{
    Paragraph, Scrollbar, ScrollbarOrientation, ScrollbarState, StatefulWidget, Widget,
};

use super::theme::Theme;

/// The scroll offset clamped so the last of `lines` stays in an area `height` rows tall.
pub fn clamp_scroll(scroll: u16, lines: usize, height: u16) -> u16 {
    let max = lines.saturating_sub(usize::from(height));
    scroll.min(max.min(usize::from(u16::MAX)) as u16)
}

/// The width text is laid out at inside a scrolled area: one column is kept for the scrollbar.
pub fn text_width(area: Rect) -> u16 {
    area.width.saturating_sub(2)
}

/// Draws lines scrolled in `area`, keeping its last column for a scrollbar when they do not fit.
/// Lines should be laid out for [`text_width`] of `area`.
pub fn scrolled(t: &Theme, lines: Vec<Line<'static>>, scroll: u16, area: Rect, buf: &mut Buffer) {
    let total = lines.len();
    let scroll = clamp_scroll(scroll, total, area.height);
    let text = Rect {
        width: text_width(area),
        ..area
    };
    Paragraph::new(lines)
        .scroll((scroll, 0))
        .style(t.base)
        .render(text, buf);
    if total > usize::from(area.height) {
        let mut state = ScrollbarState::new(total.saturating_sub(usize::from(area.height)))
            .position(usize::from(scroll));
        Scrollbar::new(ScrollbarOrientation::VerticalRight)
            .style(t.border)
            .render(area, buf, &mut state);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_line_stays_on_screen() {
        assert_eq!(clamp_scroll(u16::MAX, 30, 10), 20);
        assert_eq!(clamp_scroll(3, 30, 10), 3);
        assert_eq!(clamp_scroll(5, 4, 10), 0);
    }
}
