//! What a choice leads to, as lines: the critical mark, the feedback, and each principle
//! upheld or breached with what it asks and its source. The trainer's feedback screen and the
//! workshop's projector show the same words.

use ratatui::text::{Line, Span};

use super::theme::Theme;
use super::wrap::{pad, paragraphs, wrap};
use crate::engine::Scenario;
use crate::model::Choice;

/// The indent of a principle's description under its name.
const INDENT: u16 = 12;

/// A choice's consequences at a width.
pub fn choice_lines(t: &Theme, s: &Scenario, choice: &Choice, width: u16) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    if choice.critical {
        for l in wrap(
            "✖ CRITICAL BREACH: in real life this would be a serious breach. It fails the attempt whatever your score.",
            width,
        ) {
            out.push(Line::from(Span::styled(l, t.critical)));
        }
        out.push(Line::default());
    }
    if let Some(v) = choice.verdict {
        // The author's verdict, in words: never colour alone.
        out.push(Line::from(Span::styled(
            format!("Verdict: {}.", v.words()),
            t.title,
        )));
    }
    out.extend(paragraphs(&choice.feedback, width, t.base));
    let touched: Vec<_> = s
        .principles()
        .iter()
        .zip(&choice.effects)
        .filter(|(_, x)| **x != 0)
        .collect();
    if !touched.is_empty() {
        out.push(Line::default());
        out.push(Line::from(Span::styled("Principles", t.title)));
        let indent = " ".repeat(usize::from(INDENT));
        for (p, &points) in touched {
            let (mark, word, style) = if points > 0 {
                ("▲", "upheld", t.good)
            } else {
                ("▼", "breached", t.bad)
            };
            out.push(Line::from(vec![
                Span::styled(format!("{mark} {}", pad(word, 9)), style),
                Span::styled(format!("{} ({points:+})", p.name), t.title),
            ]));
            for l in wrap(&p.description, width.saturating_sub(INDENT)) {
                out.push(Line::from(Span::styled(format!("{indent}{l}"), t.base)));
            }
            if let Some(source) = p.sources.first() {
                out.push(Line::from(Span::styled(
                    format!("{indent}Source: {source}"),
                    t.dim,
                )));
            }
        }
    }
    out
}
