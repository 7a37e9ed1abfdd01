//! Text measured and laid out in terminal columns. A column is a cell on screen, not a `char`
//! and not a byte: "日本" takes four columns, and "—" takes one column but three bytes, so every
//! width here is a display width (`unicode-width`), the measure ratatui draws with.

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// The narrowest width text is wrapped to, so a cramped area still reads as words.
const NARROWEST: u16 = 10;

/// The columns `text` takes on screen (saturating at `u16::MAX`).
pub fn width(text: &str) -> u16 {
    u16::try_from(text.width()).unwrap_or(u16::MAX)
}

/// `text` followed by spaces to fill `columns`, or `text` itself when it is as wide already.
pub fn pad(text: &str, columns: u16) -> String {
    let gap = usize::from(columns.saturating_sub(width(text)));
    format!("{text}{}", " ".repeat(gap))
}

/// As much of `text` as fits in `columns`, cut between characters; a wide character that
/// would straddle the edge is left out whole.
pub fn fit(text: &str, columns: u16) -> &str {
    let mut used = 0;
    for (at, c) in text.char_indices() {
        used += c.width().unwrap_or(0);
        if used > usize::from(columns) {
            return &text[..at];
        }
    }
    text
}

/// Text wrapped to a width in columns, one line per entry; blank lines in the text are kept.
pub fn wrap(text: &str, width: u16) -> Vec<String> {
    // textwrap measures words by display width (its `unicode-width` feature), as `width` does.
    let width = usize::from(width.max(NARROWEST));
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
pub fn paragraphs(text: &str, width: u16, style: Style) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    for (i, joined) in crate::format::prose::paragraphs(text).enumerate() {
        if i > 0 {
            out.push(Line::default());
        }
        out.extend(
            wrap(&joined, width)
                .into_iter()
                .map(|l| Line::from(Span::styled(l, style))),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn width_counts_columns_not_chars_or_bytes() {
        // Curly quotes and an em dash: one column each, three bytes each.
        let quoted = "“Don’t post it” — she said";
        assert_eq!(width(quoted), 26);
        assert_ne!(usize::from(width(quoted)), quoted.len());
        // Wide characters: two columns each, one char each.
        assert_eq!(width("看護師"), 6);
        assert_ne!(usize::from(width("看護師")), "看護師".chars().count());
    }

    #[test]
    fn wide_words_wrap_by_the_columns_they_take() {
        // Ideographs may break between any two. Counting chars, "看護師 病院" (six) would fill
        // a 10-column line; it takes eleven columns, so the line ends a character sooner.
        let lines = wrap("看護師 病院です", 10);
        assert_eq!(lines, vec!["看護師 病", "院です"]);
        assert!(lines.iter().all(|l| width(l) <= 10));
    }

    #[test]
    fn curly_quotes_and_dashes_fill_a_line_as_their_columns_allow() {
        // 20 columns and 20 chars, but 30 bytes: it fits a 20-column line whole.
        let text = "“Think” — then post.";
        assert_eq!(text.chars().count(), 20);
        assert_eq!(wrap(text, 20), vec![text]);
    }

    #[test]
    fn pad_fills_to_columns_with_wide_text() {
        assert_eq!(pad("↑ ↓", 6), "↑ ↓   ");
        assert_eq!(pad("日本", 6), "日本  ");
        assert_eq!(width(&pad("“q” — x", 10)), 10);
        assert_eq!(pad("too wide", 3), "too wide");
    }

    #[test]
    fn fit_cuts_at_columns_and_never_splits_a_wide_character() {
        assert_eq!(fit("short", 10), "short");
        assert_eq!(fit("“Think” — then post", 9), "“Think” —");
        // Five columns of room: two wide characters, not five chars.
        assert_eq!(fit("看護師の病院", 5), "看護");
        assert_eq!(fit("看護師の病院", 0), "");
    }

    #[test]
    fn blank_lines_are_kept_and_paragraphs_joined() {
        assert_eq!(wrap("a\n\nb", 20), vec!["a", "", "b"]);
        let lines = paragraphs("one\ntwo\n\nthree", 20, Style::default());
        let text: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        assert_eq!(text, vec!["one two", "", "three"]);
    }
}
