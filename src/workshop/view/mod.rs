//! The projector: large, high-contrast, little chrome. `impl Widget for &Workshop` picks the
//! screen for the phase and draws any overlay. Views only read the model.

mod decision;
mod feedback;
mod lobby;
mod overlay;
mod summary;

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::app::{Phase, Workshop};
use crate::present::keymap::hint;
use crate::present::wrap::width;

/// The smallest projector terminal the workshop draws in.
pub const MIN_SIZE: (u16, u16) = (100, 28);

impl Widget for &Workshop {
    fn render(self, area: Rect, buf: &mut Buffer) {
        buf.set_style(area, self.theme.base);
        if area.width < MIN_SIZE.0 || area.height < MIN_SIZE.1 {
            Paragraph::new(format!(
                "The workshop screen needs at least {}×{}; this one is {}×{}. Make the window larger or the font smaller.",
                MIN_SIZE.0, MIN_SIZE.1, area.width, area.height
            ))
            .wrap(Wrap { trim: true })
            .style(self.theme.title)
            .render(area, buf);
            return;
        }
        let [header, body, footer] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Fill(1),
            Constraint::Length(2),
        ])
        .areas(area);
        self.header(header, buf);
        match &self.phase {
            Phase::Lobby => lobby::render(self, body, buf),
            Phase::Feedback { order, shown } => feedback::render(self, order, *shown, body, buf),
            Phase::Summary => summary::render(self, body, buf),
            _ => decision::render(self, body, buf),
        };
        let [status, hint] =
            Layout::vertical([Constraint::Length(1), Constraint::Length(1)]).areas(footer);
        let status_line = match self.capacity {
            Some((held, limit)) => Line::from(Span::styled(
                format!(
                    " ⚠ The voting server is near capacity ({held} of {limit} connections): new phones may not get in. {}",
                    self.status_line()
                ),
                self.theme.critical,
            )),
            None => Line::from(Span::styled(
                format!(" {}", self.status_line()),
                self.theme.key,
            )),
        };
        Paragraph::new(status_line).render(status, buf);
        Paragraph::new(Line::from(Span::styled(
            format!(" {}", self.hint()),
            self.theme.dim,
        )))
        .render(hint, buf);
        overlay::render(self, area, buf);
    }
}

impl Workshop {
    /// The hint bar: the keys of the phase on screen, from its table.
    fn hint(&self) -> String {
        let keys = hint(self.keymaps());
        if self.phase == Phase::Closing {
            format!("waiting for the last votes · {keys}")
        } else {
            keys
        }
    }

    fn header(&self, area: Rect, buf: &mut Buffer) {
        let s = self.session.scenario();
        let left = match self.phase {
            Phase::Lobby | Phase::Summary => format!(" canteen workshop · {}", s.meta().title),
            _ => format!(
                " canteen workshop · {} · decision {}",
                s.meta().title,
                self.decision
            ),
        };
        let right = match &self.join {
            Some(j) => format!(
                "join {} · code {} · {} phone{} ",
                j.url,
                j.code,
                self.devices,
                if self.devices == 1 { "" } else { "s" }
            ),
            None => "show of hands ".to_string(),
        };
        let [l, r] = Layout::horizontal([Constraint::Fill(1), Constraint::Length(width(&right))])
            .areas(area);
        Paragraph::new(Span::styled(left, self.theme.title)).render(l, buf);
        Paragraph::new(Span::styled(right, self.theme.title))
            .alignment(Alignment::Right)
            .render(r, buf);
    }

    /// What the room is doing, in words.
    fn status_line(&self) -> String {
        let votes = |n: usize| format!("{n} vote{}", if n == 1 { "" } else { "s" });
        match &self.phase {
            Phase::Lobby if self.serving() => {
                format!("{} phone(s) joined. Press Enter to begin.", self.devices)
            }
            Phase::Lobby => "Press Enter to begin. The room votes by show of hands.".into(),
            Phase::Reading if self.serving() => {
                "Read the situation together. Voting is not open yet.".into()
            }
            Phase::Reading => "Read the situation together, then take a show of hands.".into(),
            Phase::Voting => format!(
                "VOTING OPEN · {} so far (the split stays hidden until the reveal)",
                votes(self.voters)
            ),
            Phase::Closing => "Closing the vote…".into(),
            Phase::Closed => format!(
                "Voting closed · {} from phones, {} by show of hands",
                votes(self.voters),
                self.hands.iter().sum::<u32>()
            ),
            Phase::Revealed => match super::ballot::majority(&self.tally()) {
                Some(i) => format!("The room chose {}", Workshop::letter(i)),
                None => "No single majority: the facilitator decides".into(),
            },
            Phase::Feedback { order, shown } if *shown == 0 => {
                format!(
                    "We chose {}. Feedback {} of {}",
                    Workshop::letter(order[0]),
                    shown + 1,
                    order.len()
                )
            }
            Phase::Feedback { order, shown } => format!(
                "If we had chosen {}… Feedback {} of {}",
                Workshop::letter(order[*shown]),
                shown + 1,
                order.len()
            ),
            Phase::Summary => match &self.exported {
                Some((md, csv)) => format!("Exported to {md} and {csv}"),
                None => "The story is over. Press e to export the summary.".into(),
            },
        }
    }
}
