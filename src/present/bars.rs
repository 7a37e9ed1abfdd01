//! Bars of full and empty blocks: a learner's score by principle, and the room's votes per
//! option. Numbers always stand beside a bar, so it never carries meaning on its own.

use ratatui::text::{Line, Span};

use super::theme::Theme;
use crate::engine::Scorecard;

/// How many columns a score bar takes.
const SCORE_BAR: usize = 20;

/// How many of a bar's `length` blocks are full for `part` of `whole`: rounded up, so any
/// part above nothing shows, and never more than the bar.
pub fn filled(part: usize, whole: usize, length: usize) -> usize {
    (part * length).div_ceil(whole.max(1)).min(length)
}

/// A bar `length` columns long with `full` of them full.
pub fn bar(t: &Theme, full: usize, length: usize) -> [Span<'static>; 2] {
    let full = full.min(length);
    [
        Span::styled("█".repeat(full), t.bar_full),
        Span::styled("░".repeat(length - full), t.bar_empty),
    ]
}

/// A bar per principle, labelled with the percentage and the points: earned of the best.
/// The trainer's ending, the preview's scores and the workshop's summary draw these.
pub fn score_bars(t: &Theme, card: &Scorecard) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    for p in &card.principles {
        let Some(percent) = p.percent() else { continue };
        let full = filled(percent as usize, 100, SCORE_BAR);
        let mark = if p.breached() { "  ▼ breached" } else { "" };
        out.push(Line::from(Span::styled(p.principle.name.clone(), t.base)));
        let mut spans = vec![Span::styled("  ", t.base)];
        spans.extend(bar(t, full, SCORE_BAR));
        spans.push(Span::styled(
            format!(
                " {percent:>3}%  {:+} of {:+} points{mark}",
                p.earned, p.best
            ),
            t.base,
        ));
        out.push(Line::from(spans));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_part_above_nothing_shows_and_the_whole_fills_the_bar() {
        assert_eq!(filled(0, 100, 20), 0);
        assert_eq!(filled(1, 100, 20), 1);
        assert_eq!(filled(50, 100, 20), 10);
        assert_eq!(filled(100, 100, 20), 20);
        assert_eq!(filled(7, 3, 16), 16);
        assert_eq!(filled(0, 0, 16), 0);
    }
}
