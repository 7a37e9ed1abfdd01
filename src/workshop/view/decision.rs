//! A decision on the projector: the situation (or the discussion prompt), the options with
//! big letters, and, once revealed, the tally as labelled bars.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Margin, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget};
use tui_big_text::{BigText, PixelSize};

use crate::present::bars::{bar, filled};
use crate::present::wrap::{paragraphs, wrap};
use crate::workshop::app::{Phase, Workshop};

const BAR: usize = 16;

pub(super) fn render(w: &Workshop, area: Rect, buf: &mut Buffer) {
    let s = w.session.scenario();
    let t = &w.theme;
    let options = w.options();
    let revealed = w.phase == Phase::Revealed;
    let tally_width: u16 = if revealed { 40 } else { 0 };
    let text_width = area.width.saturating_sub(8 + tally_width + 2);
    let big = options.len() * 4 <= usize::from(area.height / 2);
    let heights: Vec<u16> = options
        .iter()
        .map(|&c| {
            let lines = wrap(&s.choice(c).text, text_width).len() as u16;
            if big { lines.max(4) } else { lines.max(1) }
        })
        .collect();
    let total: u16 = heights.iter().sum::<u16>() + options.len() as u16;
    let [story, opts] = Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(total.min(area.height * 2 / 3)),
    ])
    .areas(area);

    let (title, text) = match (
        &w.show_prompt,
        w.session.scene().and_then(|x| x.discuss.clone()),
    ) {
        (true, Some(prompt)) => (" Discuss ", prompt),
        (true, None) => (" Discuss ", "What would you do, and why?".to_string()),
        _ => (
            " The situation ",
            w.session.text().unwrap_or_default().to_string(),
        ),
    };
    let block = Block::default()
        .borders(Borders::TOP)
        .border_style(t.border)
        .title(Span::styled(title, t.title));
    let inner = block.inner(story).inner(Margin::new(1, 0));
    block.render(story, buf);
    let style = if w.show_prompt { t.title } else { t.base };
    Paragraph::new(paragraphs(&text, inner.width, style)).render(inner, buf);

    let tally = w.tally();
    let most = tally.iter().copied().max().unwrap_or(0).max(1);
    let mut y = opts.y;
    for (i, (&c, &h)) in options.iter().zip(&heights).enumerate() {
        if y >= opts.bottom() {
            break;
        }
        let row = Rect::new(opts.x, y, opts.width, h.min(opts.bottom() - y));
        y += h + 1;
        let [letter, body, bars] = Layout::horizontal([
            Constraint::Length(8),
            Constraint::Fill(1),
            Constraint::Length(tally_width),
        ])
        .areas(row);
        let letter_text = Workshop::letter(i).to_string();
        if big {
            BigText::builder()
                .pixel_size(PixelSize::Quadrant)
                .style(t.key)
                .lines(vec![Line::from(letter_text)])
                .build()
                .render(letter.inner(Margin::new(1, 0)), buf);
        } else {
            Paragraph::new(Span::styled(format!(" [{letter_text}]"), t.key)).render(letter, buf);
        }
        let lines: Vec<Line> = wrap(&s.choice(c).text, body.width)
            .into_iter()
            .map(|l| Line::from(Span::styled(l, t.base)))
            .collect();
        Paragraph::new(lines).render(body, buf);
        if revealed {
            let n = tally[i];
            let mut spans = bar(t, filled(n as usize, most as usize, BAR), BAR).to_vec();
            spans.push(Span::styled(
                format!(" {n} vote{}", if n == 1 { "" } else { "s" }),
                t.title,
            ));
            Paragraph::new(vec![
                Line::from(spans),
                Line::from(Span::styled(
                    format!("{} phones, {} hands", w.phones[i], w.hands[i]),
                    t.dim,
                )),
            ])
            .render(bars, buf);
        }
    }
}
