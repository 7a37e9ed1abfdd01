//! A scenario file's name and text, and how to find an id in it for a diagnostic label.
//!
//! `ron` gives spans for syntax errors only; semantic problems (a missing target scene) are
//! located by finding the quoted id in the text, starting from the enclosing scene or choice.

use std::sync::Arc;

/// The name and text of one scenario file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// The path as the trainer would type it, or `scenarios/<name>` for a shipped file.
    pub name: String,
    pub text: Arc<str>,
}

/// A byte range in a source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub offset: usize,
    pub len: usize,
}

impl SourceFile {
    /// A source file from a name and its text.
    pub fn new(name: impl Into<String>, text: impl Into<Arc<str>>) -> SourceFile {
        SourceFile {
            name: name.into(),
            text: text.into(),
        }
    }

    /// The 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let before = &self.text[..offset.min(self.text.len())];
        let line = before.matches('\n').count() + 1;
        let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        (line, col)
    }

    /// The byte offset of a 1-based line and character column, as `ron` reports them.
    pub fn offset_of(&self, line: usize, col: usize) -> usize {
        let mut offset = 0;
        for (i, l) in self.text.split_inclusive('\n').enumerate() {
            if i + 1 == line {
                let within: usize = l
                    .chars()
                    .take(col.saturating_sub(1))
                    .map(char::len_utf8)
                    .sum();
                return offset + within;
            }
            offset += l.len();
        }
        self.text.len()
    }

    /// The first `"needle"` (quotes included) at or after `from`.
    pub fn find_quoted(&self, from: usize, needle: &str) -> Option<Span> {
        let quoted = format!("\"{needle}\"");
        self.text.get(from..)?.find(&quoted).map(|i| Span {
            offset: from + i,
            len: quoted.len(),
        })
    }

    /// The first `"needle"` written as a map key (followed by a colon) anywhere in the file.
    pub fn find_key(&self, needle: &str) -> Option<Span> {
        self.find_key_after(0, needle)
    }

    /// The first `"needle"` written as a map key at or after `from`.
    pub fn find_key_after(&self, from: usize, needle: &str) -> Option<Span> {
        let mut at = from;
        while let Some(span) = self.find_quoted(at, needle) {
            let rest = self.text[span.offset + span.len..].trim_start();
            if rest.starts_with(':') {
                return Some(span);
            }
            at = span.offset + span.len;
        }
        None
    }

    /// The first field name `field:` (a whole word) at or after `from`.
    pub fn find_field(&self, from: usize, field: &str) -> Option<Span> {
        let text = self.text.get(from..)?;
        let mut search = 0;
        while let Some(i) = text[search..].find(field) {
            let start = search + i;
            let end = start + field.len();
            let before_ok = text[..start]
                .chars()
                .next_back()
                .is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
            if before_ok && text[end..].trim_start().starts_with(':') {
                return Some(Span {
                    offset: from + start,
                    len: field.len(),
                });
            }
            search = end;
        }
        None
    }
}
