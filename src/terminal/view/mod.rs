//! Drawing the trainer: `impl Widget for &App` picks the screen, then draws any overlay.
//! Views only read the model; the layout they share with the update is in
//! [`crate::terminal::layout`], and this module answers its questions about the model.

mod ending;
mod feedback;
mod home;
mod overlay;
mod scene;

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::app::{App, Screen};
use super::layout::{Page, Scrolling, bands};
use super::{MIN_HEIGHT, MIN_WIDTH, keys, text};
use crate::present::keymap::hint;
use crate::present::theme::Theme;
use crate::present::wrap::width;

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
        let [header, body, footer] = bands(area);
        match &self.screen {
            Screen::Home => home::render(self, header, body, buf),
            Screen::Scene => scene::render(self, area, buf),
            Screen::Feedback(step) => feedback::render(self, step, header, body, buf),
            Screen::Ending => ending::render(self, header, body, buf),
        }
        // The screen's keys, whatever box is open over it.
        let hint = hint(match self.screen {
            Screen::Home => [&*keys::HOME, &keys::EVERYWHERE],
            Screen::Scene => [&*keys::SCENE, &keys::EVERYWHERE],
            Screen::Feedback(_) => [&*keys::FEEDBACK, &keys::EVERYWHERE],
            Screen::Ending => [&*keys::ENDING, &keys::EVERYWHERE],
        });
        Paragraph::new(Line::from(Span::styled(hint, self.theme.dim))).render(footer, buf);
        if let Some(o) = &self.overlay {
            overlay::render(self, o, area, buf);
        }
    }
}

impl Page for App {
    fn size(&self) -> (u16, u16) {
        self.size
    }

    fn offered(&self) -> Vec<String> {
        self.attempt
            .as_ref()
            .map(|a| {
                a.session
                    .offered_choices()
                    .map(|c| c.text.clone())
                    .collect()
            })
            .unwrap_or_default()
    }

    fn scrolling(&self) -> Scrolling {
        match self.screen {
            Screen::Home => Scrolling::Nothing,
            Screen::Scene => Scrolling::Story,
            Screen::Feedback(_) | Screen::Ending => Scrolling::Body,
        }
    }

    fn lines(&self, width: u16) -> usize {
        match &self.screen {
            Screen::Home => 0,
            Screen::Scene => scene::story_lines(self, width).len(),
            Screen::Feedback(step) => feedback::lines(self, step, width).len(),
            Screen::Ending => ending::lines(self, width).len(),
        }
    }
}

/// A one-line header: the left text in the title style, the right text right-aligned.
fn header(t: &Theme, area: Rect, left: &str, right: &str, buf: &mut Buffer) {
    let [l, r] = Layout::horizontal([
        Constraint::Fill(1),
        Constraint::Length(width(right).saturating_add(1)),
    ])
    .areas(area);
    Paragraph::new(Line::from(Span::styled(format!(" {left}"), t.title))).render(l, buf);
    Paragraph::new(Line::from(Span::styled(right.to_string(), t.title)))
        .alignment(Alignment::Right)
        .render(r, buf);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::present::theme::ThemeName;

    #[test]
    fn a_header_keeps_all_of_a_wide_right_text() {
        // Eight chars but twelve columns: measured in chars, its first columns would be cut.
        let area = Rect::new(0, 0, 40, 1);
        let mut buf = Buffer::empty(area);
        let t = Theme::new(ThemeName::Default, true);
        header(&t, area, "canteen", "看護師 · 病院", &mut buf);
        let row: String = (0..40).map(|x| buf[(x, 0)].symbol().to_string()).collect();
        // A wide character's second cell is drawn blank: compare without the blanks.
        assert!(row.replace(' ', "").ends_with("看護師·病院"), "{row:?}");
    }
}
