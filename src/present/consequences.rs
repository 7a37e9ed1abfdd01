//! What a choice leads to, as lines: the critical mark, the feedback, and each principle
//! upheld or breached with what it asks and its source. The trainer's feedback screen and the
//! workshop's projector show the same words.

use ratatui::text::{Line, Span};

use super::theme::Theme;
use super::wrap::{pad, paragraphs, wrap};
use crate::engine::Scenario;
use crate::model::Choice;
use crate::service::feedback::touched;

/// The indent of a principle's description under its name.
const INDENT: u16 = 12;

/// A choice's consequences at a width, citing the sources that bind `role` (or, without one,
/// each of the scenario's audience roles).
pub fn choice_lines(
    t: &Theme,
    s: &Scenario,
    role: Option<&str>,
    choice: &Choice,
    width: u16,
) -> Vec<Line<'static>> {
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
    let touched = touched(s, choice, role);
    if !touched.is_empty() {
        out.push(Line::default());
        out.push(Line::from(Span::styled("Principles", t.title)));
        let indent = " ".repeat(usize::from(INDENT));
        for p in touched {
            let (mark, style) = if p.upheld {
                ("▲", t.good)
            } else {
                ("▼", t.bad)
            };
            out.push(Line::from(vec![
                Span::styled(
                    format!("{mark} {}", pad(&p.word().to_lowercase(), 9)),
                    style,
                ),
                Span::styled(format!("{} ({:+})", p.name, p.points), t.title),
            ]));
            for l in wrap(p.description, width.saturating_sub(INDENT)) {
                out.push(Line::from(Span::styled(format!("{indent}{l}"), t.base)));
            }
            if let Some(source) = p.source {
                for l in wrap(&format!("Source: {source}"), width.saturating_sub(INDENT)) {
                    out.push(Line::from(Span::styled(format!("{indent}{l}"), t.dim)));
                }
            }
        }
    }
    out
}
