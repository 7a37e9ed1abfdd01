//! Feedback on the option the room followed, then on the others in turn.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Margin, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};
use tui_big_text::{BigText, PixelSize};

use crate::present::consequences::choice_lines;
use crate::present::scroll::clamp_scroll;
use crate::present::wrap::wrap;
use crate::workshop::app::Workshop;

pub(super) fn render(w: &Workshop, order: &[usize], shown: usize, area: Rect, buf: &mut Buffer) {
    let s = w.session.scenario();
    let t = &w.theme;
    let Some(decision) = w.log.last() else {
        return;
    };
    let Some(&i) = order.get(shown) else {
        return;
    };
    let Some(voted) = decision.options.get(i) else {
        return;
    };
    let choice = s.choice(voted.choice);
    let [head, body] = Layout::vertical([Constraint::Length(5), Constraint::Fill(1)]).areas(area);
    let [letter, words] =
        Layout::horizontal([Constraint::Length(8), Constraint::Fill(1)]).areas(head);
    BigText::builder()
        .pixel_size(PixelSize::Quadrant)
        .style(t.key)
        .lines(vec![Line::from(Workshop::letter(i).to_string())])
        .build()
        .render(letter.inner(Margin::new(1, 0)), buf);
    let lead = if shown == 0 {
        "We chose:"
    } else {
        "If we had chosen:"
    };
    let mut lines = vec![Line::from(Span::styled(lead, t.dim))];
    lines.extend(
        wrap(&choice.text, words.width)
            .into_iter()
            .map(|l| Line::from(Span::styled(l, t.title))),
    );
    Paragraph::new(lines).render(words, buf);
    let inner = body.inner(Margin::new(1, 0));
    let text = choice_lines(t, s, None, choice, inner.width);
    let scroll = clamp_scroll(w.scroll, text.len(), inner.height);
    Paragraph::new(text).scroll((scroll, 0)).render(inner, buf);
}
