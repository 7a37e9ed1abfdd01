//! The lines of source text shown under a diagnostic, cut to a window around the offending text
//! when a line is too long to show whole (a minified file, a long single-line string).
//!
//! miette reads the lines around a span itself, from the start of the text, and cannot lay out a
//! line past column 65,535. Here the lines are found through the file's line index, and a long
//! line is shown as a window of it, marked with "…" where it was cut, while the header keeps the
//! true line and column.

use std::fmt;

use miette::{LabeledSpan, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

use super::source::{SourceFile, Span};

/// Lines longer than this many bytes are cut to a window around the span.
pub(crate) const LONG_LINE: usize = 400;
/// Characters shown before the span on a cut line.
const BEFORE: usize = 40;
/// Characters of the span shown at most on a cut line.
const SPAN: usize = 60;
/// Characters shown after the span on a cut line.
const AFTER: usize = 60;
const CUT: &str = "…";

/// Reads the lines around a span the way miette's own `str` source does, from a slice that
/// starts at the first line wanted, so the cost does not grow with the span's offset.
pub(crate) fn read_lines<'a>(
    file: &'a SourceFile,
    span: &SourceSpan,
    before: usize,
    after: usize,
) -> Result<MietteSpanContents<'a>, miette::MietteError> {
    let text: &str = &file.text;
    let offset = span.offset().min(text.len());
    let end = offset.saturating_add(span.len()).min(text.len());
    let line = file.line_of(offset);
    let first = line.saturating_sub(before);
    let start = file.line_range(first).start;
    // miette stops reading once it has the lines after the span; the slice only has to reach
    // that far, and a line or two more does no harm.
    let last = file.line_of(end).saturating_add(after).saturating_add(3);
    let stop = if last < file.line_count() {
        file.line_range(last).start
    } else {
        text.len()
    };
    let local = SourceSpan::from((offset - start, span.len()));
    let contents = text[start..stop.max(start)].read_span(&local, before, after)?;
    Ok(MietteSpanContents::new_named(
        file.name.clone(),
        contents.data(),
        SourceSpan::from((contents.span().offset() + start, contents.span().len())),
        contents.line() + first,
        // miette counts the column in bytes; the header shows it, so count characters, as
        // `--format json` and editors do.
        if before == 0 {
            file.line_col(offset).1 - 1
        } else {
            contents.column()
        },
        contents.line_count(),
    ))
}

/// A diagnostic whose source lines are too long to show whole, with its lines cut to windows.
pub(crate) struct Windowed<'a> {
    /// The diagnostic itself, for its message, severity and help.
    diagnostic: &'a (dyn miette::Diagnostic + Send + Sync),
    file: &'a SourceFile,
    label_text: Option<&'a str>,
    /// The cut lines, each ending in a line break but the last.
    text: String,
    /// The 0-based number of the first line in `text`.
    first_line: usize,
    /// The 0-based line and column (in characters) of the span in the file.
    line: usize,
    column: usize,
    /// The span within `text`.
    label: (usize, usize),
    /// Where the span's line ends within `text`.
    line_end: usize,
}

/// The char boundary at or before `i` (the end of the text past it).
fn floor_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The char boundary at or after `i` (the end of the text past it).
fn ceil_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// The char boundary `n` characters before `at`, but not before `floor`.
fn back(text: &str, at: usize, floor: usize, n: usize) -> usize {
    // A span from a damaged file may fall inside a character: never cut one.
    let at = floor_boundary(text, at);
    let floor = floor_boundary(text, floor.min(at));
    text[floor..at]
        .char_indices()
        .rev()
        .take(n)
        .last()
        .map_or(at, |(i, _)| floor + i)
}

/// The char boundary `n` characters after `at`, but not after `ceiling`.
fn forward(text: &str, at: usize, ceiling: usize, n: usize) -> usize {
    let at = floor_boundary(text, at);
    let ceiling = ceil_boundary(text, ceiling.max(at));
    text[at..ceiling]
        .char_indices()
        .nth(n)
        .map_or(ceiling, |(i, _)| at + i)
}

impl<'a> Windowed<'a> {
    /// The cut view of a diagnostic, or `None` when its lines are short enough to show whole.
    pub(crate) fn of(
        diagnostic: &'a (dyn miette::Diagnostic + Send + Sync),
        file: &'a SourceFile,
        span: Span,
        label_text: Option<&'a str>,
    ) -> Option<Windowed<'a>> {
        let text: &str = &file.text;
        let mut offset = span.offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = file.line_of(offset);
        let span_end = offset.saturating_add(span.len.max(1)).min(text.len());
        let first = line.saturating_sub(1);
        let last = (file.line_of(span_end) + 1).min(file.line_count().saturating_sub(1));
        if (first..=last).all(|l| file.line_range(l).len() <= LONG_LINE) {
            return None;
        }
        let (_, column) = file.line_col(offset);
        let mut out = String::new();
        let mut label = (0, 1);
        let mut line_end = 0;
        // Only the span's line and its neighbours are shown; a span running onto later lines
        // is underlined to the end of its first.
        for l in first..=(line + 1).min(last) {
            let range = file.line_range(l);
            if l == line {
                let shown_end = forward(text, offset, range.end, SPAN);
                let label_end = span_end.min(shown_end).max(offset);
                let from = back(text, offset, range.start, BEFORE);
                let to = forward(text, label_end, range.end, AFTER);
                if from > range.start {
                    out.push_str(CUT);
                }
                let at = out.len() + (offset - from);
                out.push_str(&text[from..to]);
                if offset >= to {
                    // The span is the line's end (a missing bracket at the end of the file):
                    // give the underline a place to stand.
                    out.push(' ');
                }
                label = (at, (label_end - offset).max(1));
                if to < range.end {
                    out.push_str(CUT);
                }
                line_end = out.len();
            } else {
                let to = forward(text, range.start, range.end, BEFORE + SPAN + AFTER);
                out.push_str(&text[range.start..to]);
                if to < range.end {
                    out.push_str(CUT);
                }
            }
            out.push('\n');
        }
        out.pop();
        Some(Windowed {
            diagnostic,
            file,
            label_text,
            text: out,
            first_line: first,
            line,
            column: column - 1,
            label,
            line_end,
        })
    }
}

impl fmt::Debug for Windowed<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Windowed")
            .field("text", &self.text)
            .finish()
    }
}

impl fmt::Display for Windowed<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.diagnostic, f)
    }
}

impl std::error::Error for Windowed<'_> {}

impl miette::Diagnostic for Windowed<'_> {
    fn severity(&self) -> Option<miette::Severity> {
        self.diagnostic.severity()
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.diagnostic.help()
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(self)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(std::iter::once(LabeledSpan::new(
            self.label_text.map(str::to_string),
            self.label.0,
            self.label.1,
        ))))
    }
}

impl SourceCode for Windowed<'_> {
    fn read_span<'b>(
        &'b self,
        _span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, miette::MietteError> {
        let name = self.file.name.clone();
        // miette asks for the span alone to write the header's line and column, and for the
        // span with its neighbours to draw the lines: both come from the cut text.
        let contents = if context_lines_before == 0 && context_lines_after == 0 {
            let (at, _) = self.label;
            let end = self.line_end.max(at);
            MietteSpanContents::new_named(
                name,
                self.text.as_bytes().get(at..end).unwrap_or_default(),
                SourceSpan::from((at, end - at)),
                self.line,
                self.column,
                0,
            )
        } else {
            MietteSpanContents::new_named(
                name,
                self.text.as_bytes(),
                SourceSpan::from((0, self.text.len())),
                self.first_line,
                0,
                self.text.matches('\n').count(),
            )
        };
        Ok(Box::new(contents))
    }
}
