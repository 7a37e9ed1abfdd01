//! The end of the workshop: the group's result, its path with the votes at each decision, and
//! the discussion prompts.

use ratatui::buffer::Buffer;
use ratatui::layout::{Margin, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use crate::present::bars::score_bars;
use crate::present::scroll::clamp_scroll;
use crate::present::wrap::{paragraphs, wrap};
use crate::workshop::app::Workshop;

/// The summary's lines at a width.
pub fn lines(w: &Workshop, width: u16) -> Vec<Line<'static>> {
    let s = w.session.scenario();
    let t = &w.theme;
    let card = w.session.scorecard();
    let mut out = Vec::new();
    if let Some(e) = w.session.ending() {
        out.push(Line::from(Span::styled(
            format!("The ending: {}", e.title),
            t.title,
        )));
        out.extend(paragraphs(&e.outcome, width, t.base));
        out.push(Line::default());
        out.extend(paragraphs(&e.debrief, width, t.base));
        out.push(Line::default());
    }
    let (style, word) = if card.passed() {
        (t.good, "The group passed")
    } else {
        (t.bad, "The group did not pass")
    };
    out.push(Line::from(Span::styled(
        format!("{word}: {}% (pass mark {}%)", card.overall, card.pass_mark),
        style,
    )));
    out.extend(
        wrap(&card.verdict(), width)
            .into_iter()
            .map(|l| Line::from(Span::styled(l, t.base))),
    );
    out.push(Line::default());
    out.extend(score_bars(t, &card));
    out.push(Line::default());
    out.push(Line::from(Span::styled(
        "The room's path and votes",
        t.title,
    )));
    for (n, d) in w.log.iter().enumerate() {
        let chosen = &d.options[d.chosen];
        let how = if d.overridden {
            " (facilitator's choice)"
        } else {
            ""
        };
        for (j, l) in wrap(
            &format!(
                "{}. chose {}: {}{how}",
                n + 1,
                Workshop::letter(d.chosen),
                s.choice(chosen.choice).text
            ),
            width,
        )
        .into_iter()
        .enumerate()
        {
            let style = if j == 0 { t.title } else { t.base };
            out.push(Line::from(Span::styled(l, style)));
        }
        let votes: Vec<String> = d
            .options
            .iter()
            .enumerate()
            .map(|(i, o)| format!("{} {}", Workshop::letter(i), o.phones + o.hands))
            .collect();
        out.push(Line::from(Span::styled(
            format!("   votes {} ({} phones voted)", votes.join(" · "), d.voters),
            t.dim,
        )));
        if let Some(p) = &d.discuss {
            for l in wrap(&format!("Discuss: {p}"), width.saturating_sub(3)) {
                out.push(Line::from(Span::styled(format!("   {l}"), t.base)));
            }
        }
    }
    out
}

pub(super) fn render(w: &Workshop, area: Rect, buf: &mut Buffer) {
    let inner = area.inner(Margin::new(1, 0));
    let text = lines(w, inner.width);
    let scroll = clamp_scroll(w.scroll, text.len(), inner.height);
    Paragraph::new(text).scroll((scroll, 0)).render(inner, buf);
}
