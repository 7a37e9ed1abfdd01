//! Drawing the trainer: `impl Widget for &App` picks the screen, then draws any overlay.
//! Views only read the model.

pub(crate) mod ending;
pub(crate) mod feedback;
mod home;
pub(crate) mod overlay;
pub mod scene;

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::app::{App, Screen};
use super::{MIN_HEIGHT, MIN_WIDTH, text};

impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        buf.set_style(area, self.theme.base);
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            Paragraph::new(text::too_small(area.width, area.height))
                .wrap(Wrap { trim: true })
                .style(self.theme.title)
                .render(area, buf);
            return;
        }
        let [header, body, footer] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Fill(1),
            Constraint::Length(1),
        ])
        .areas(area);
        match &self.screen {
            Screen::Home => home::render(self, header, body, buf),
            Screen::Scene => scene::render(self, area, buf),
            Screen::Feedback(step) => feedback::render(self, step, header, body, buf),
            Screen::Ending => ending::render(self, header, body, buf),
        }
        let hint = match self.screen {
            Screen::Home => text::HINT_HOME,
            Screen::Scene => text::HINT_SCENE,
            Screen::Feedback(_) => text::HINT_FEEDBACK,
            Screen::Ending => text::HINT_ENDING,
        };
        Paragraph::new(Line::from(Span::styled(hint, self.theme.dim))).render(footer, buf);
        if let Some(o) = &self.overlay {
            overlay::render(self, o, area, buf);
        }
    }
}

/// A one-line header: the left text in the title style, the right text right-aligned.
fn header(app: &App, area: Rect, left: &str, right: &str, buf: &mut Buffer) {
    let right_width = right.chars().count() as u16;
    let [l, r] =
        Layout::horizontal([Constraint::Fill(1), Constraint::Length(right_width + 1)]).areas(area);
    Paragraph::new(Line::from(Span::styled(
        format!(" {left}"),
        app.theme.title,
    )))
    .render(l, buf);
    Paragraph::new(Line::from(Span::styled(right.to_string(), app.theme.title)))
        .alignment(ratatui::layout::Alignment::Right)
        .render(r, buf);
}

/// Text wrapped to a width, one line per entry; blank lines in the text are kept.
pub(crate) fn wrap(text: &str, width: u16) -> Vec<String> {
    let width = usize::from(width.max(10));
    text.lines()
        .flat_map(|l| {
            if l.trim().is_empty() {
                vec![String::new()]
            } else {
                textwrap::wrap(l.trim_end(), width)
                    .into_iter()
                    .map(|c| c.into_owned())
                    .collect()
            }
        })
        .collect()
}

/// Prose as lines: hard line breaks inside paragraphs are joined, blank lines kept.
pub(crate) fn paragraphs(text: &str, width: u16, style: Style) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    for (i, para) in text.split("\n\n").enumerate() {
        if i > 0 {
            out.push(Line::default());
        }
        let joined = para.split_whitespace().collect::<Vec<_>>().join(" ");
        out.extend(
            wrap(&joined, width)
                .into_iter()
                .map(|l| Line::from(Span::styled(l, style))),
        );
    }
    out
}

/// The scroll offset clamped so the last line stays on screen.
fn clamp_scroll(scroll: u16, lines: usize, height: u16) -> u16 {
    let max = lines.saturating_sub(usize::from(height));
    scroll.min(max.min(u16::MAX as usize) as u16)
}

/// Draws lines scrolled in `area`, keeping its last column for a scrollbar when they do not fit.
/// Lines should be laid out for `text_width(area)`.
pub(crate) fn scrolled(
    app: &App,
    lines: Vec<Line<'static>>,
    scroll: u16,
    area: Rect,
    buf: &mut Buffer,
) {
    use ratatui::widgets::{Scrollbar, ScrollbarOrientation, ScrollbarState, StatefulWidget};
    let total = lines.len();
    let scroll = clamp_scroll(scroll, total, area.height);
    let text = Rect {
        width: text_width(area),
        ..area
    };
    Paragraph::new(lines)
        .scroll((scroll, 0))
        .style(app.theme.base)
        .render(text, buf);
    if total > usize::from(area.height) {
        let mut state = ScrollbarState::new(total.saturating_sub(usize::from(area.height)))
            .position(usize::from(scroll));
        Scrollbar::new(ScrollbarOrientation::VerticalRight)
            .style(app.theme.border)
            .render(area, buf, &mut state);
    }
}

/// The width text is laid out at inside a scrolled area: one column is kept for the scrollbar.
pub(crate) fn text_width(area: Rect) -> u16 {
    area.width.saturating_sub(2)
}

/// The furthest the current screen can scroll, at the app's terminal size.
pub fn max_scroll(app: &App) -> u16 {
    use ratatui::widgets::{Block, Borders};
    let area = Rect::new(0, 0, app.size.0, app.size.1);
    let boxed = |r: Rect| Block::default().borders(Borders::ALL).inner(r);
    let [_, body, _] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let (lines, height) = match &app.screen {
        Screen::Home => return 0,
        Screen::Scene => {
            let inner = boxed(scene::layout(app, area).story);
            (
                scene::story_lines(app, text_width(inner)).len(),
                inner.height,
            )
        }
        Screen::Feedback(step) => {
            let inner = boxed(body);
            (
                feedback::lines(app, step, text_width(inner)).len(),
                inner.height,
            )
        }
        Screen::Ending => {
            let inner = boxed(body);
            (ending::lines(app, text_width(inner)).len(), inner.height)
        }
    };
    clamp_scroll(u16::MAX, lines, height)
}
