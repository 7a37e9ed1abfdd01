//! A scenario file's name and text, and how to find an id in it for a diagnostic label.
//!
//! `ron` gives spans for syntax errors only; semantic problems (a missing target scene) are
//! located by finding the quoted id in the text, starting from the enclosing scene or choice.
//! The first search builds an index of the text (line starts, quoted strings, field names) once,
//! so a file with thousands of diagnostics is located in linear time, not rescanned for each.

use std::sync::{Arc, OnceLock};

use rustc_hash::FxHashMap as HashMap;

use super::decode::Decoding;

/// The name and text of one scenario file.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as the trainer would type it, or `scenarios/<name>` for a shipped file.
    pub name: String,
    pub text: Arc<str>,
    /// What was done to the file's bytes to make them this text (a BOM, CRLF, an encoding).
    pub decoding: Decoding,
    index: OnceLock<Arc<TextIndex>>,
}

impl PartialEq for SourceFile {
    fn eq(&self, other: &SourceFile) -> bool {
        self.name == other.name && self.text == other.text
    }
}

impl Eq for SourceFile {}

/// A byte range in a source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub offset: usize,
    pub len: usize,
}

/// Where things are in a text, found in one pass over it.
#[derive(Debug, Default)]
struct TextIndex {
    /// The byte offset at which each line starts; the first is 0.
    line_starts: Vec<usize>,
    /// For each quote character, the text up to the next quote: `"needle"` is at every offset
    /// listed under `needle` (the substring search this replaces, for needles without quotes).
    quoted: HashMap<Box<str>, Vec<usize>>,
    /// The quoted strings followed by a colon (map keys), by their text.
    keys: HashMap<Box<str>, Vec<usize>>,
    /// Whole words followed by a colon (field names), by the word.
    fields: HashMap<Box<str>, Vec<usize>>,
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

impl TextIndex {
    fn build(text: &str) -> TextIndex {
        let mut index = TextIndex {
            line_starts: std::iter::once(0)
                .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
                .collect(),
            ..TextIndex::default()
        };
        let quotes: Vec<usize> = memchr::memchr_iter(b'"', text.as_bytes()).collect();
        for pair in quotes.windows(2) {
            let (open, close) = (pair[0], pair[1]);
            let needle = &text[open + 1..close];
            index.quoted.entry(needle.into()).or_default().push(open);
            if text[close + 1..].trim_start().starts_with(':') {
                index.keys.entry(needle.into()).or_default().push(open);
            }
        }
        let mut word_start = None;
        for (i, c) in text
            .char_indices()
            .chain(std::iter::once((text.len(), ' ')))
        {
            match (word_start, is_word(c)) {
                (None, true) => word_start = Some(i),
                (Some(start), false) => {
                    word_start = None;
                    if text[i..].trim_start().starts_with(':') {
                        let word = &text[start..i];
                        index.fields.entry(word.into()).or_default().push(start);
                    }
                }
                _ => {}
            }
        }
        index
    }
}

/// The first offset in a sorted list at or after `from`.
fn first_from(offsets: Option<&Vec<usize>>, from: usize) -> Option<usize> {
    let offsets = offsets?;
    offsets.get(offsets.partition_point(|&o| o < from)).copied()
}

impl SourceFile {
    /// A source file from a name and its text.
    pub fn new(name: impl Into<String>, text: impl Into<Arc<str>>) -> SourceFile {
        SourceFile {
            name: name.into(),
            text: text.into(),
            decoding: Decoding::default(),
            index: OnceLock::new(),
        }
    }

    /// A source file from the bytes read from disk or an editor: a byte-order mark and CRLF
    /// line endings are normalised, other encodings decoded as well as they can be, and
    /// [`SourceFile::decoding`] says which.
    pub fn read(name: impl Into<String>, bytes: &[u8]) -> SourceFile {
        let (text, mut decoding) = super::decode::decode(bytes);
        let (text, controls) = super::decode::set_aside_controls(text);
        decoding.controls = controls;
        SourceFile {
            decoding,
            ..SourceFile::new(name, text)
        }
    }

    fn index(&self) -> &TextIndex {
        self.index
            .get_or_init(|| Arc::new(TextIndex::build(&self.text)))
    }

    /// The 0-based line a byte offset is on.
    pub fn line_of(&self, offset: usize) -> usize {
        let starts = &self.index().line_starts;
        starts.partition_point(|&s| s <= offset).saturating_sub(1)
    }

    /// The byte range of a 0-based line, without its line break.
    pub fn line_range(&self, line: usize) -> std::ops::Range<usize> {
        let starts = &self.index().line_starts;
        let start = starts.get(line).copied().unwrap_or(self.text.len());
        let end = starts
            .get(line + 1)
            .map_or(self.text.len(), |&next| next - 1);
        start..end.max(start)
    }

    /// The number of lines.
    pub fn line_count(&self) -> usize {
        self.index().line_starts.len()
    }

    /// The 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_of(offset);
        let start = self.line_range(line).start.min(offset);
        (line + 1, self.text[start..offset].chars().count() + 1)
    }

    /// The byte offset of a 1-based line and character column, as `ron` reports them.
    pub fn offset_of(&self, line: usize, col: usize) -> usize {
        let Some(&start) = line
            .checked_sub(1)
            .and_then(|l| self.index().line_starts.get(l))
        else {
            return self.text.len();
        };
        let end = self
            .index()
            .line_starts
            .get(line)
            .copied()
            .unwrap_or(self.text.len());
        let within: usize = self.text[start..end]
            .chars()
            .take(col.saturating_sub(1))
            .map(char::len_utf8)
            .sum();
        start + within
    }

    /// The first `needle`, as written, at or after `from`.
    pub fn find_text(&self, from: usize, needle: &str) -> Option<Span> {
        self.text.get(from..)?.find(needle).map(|i| Span {
            offset: from + i,
            len: needle.len(),
        })
    }

    /// The first `"needle"` (quotes included) at or after `from`.
    pub fn find_quoted(&self, from: usize, needle: &str) -> Option<Span> {
        let len = needle.len() + 2;
        if needle.contains('"') {
            let quoted = format!("\"{needle}\"");
            return self.text.get(from..)?.find(&quoted).map(|i| Span {
                offset: from + i,
                len,
            });
        }
        first_from(self.index().quoted.get(needle), from).map(|offset| Span { offset, len })
    }

    /// The `n`th (1-based) `"needle"` at or after `from`.
    pub fn nth_quoted(&self, from: usize, needle: &str, n: usize) -> Option<Span> {
        if needle.contains('"') {
            let mut at = from;
            let mut found = None;
            for _ in 0..n {
                found = self.find_quoted(at, needle);
                at = found?.offset + 1;
            }
            return found;
        }
        let offsets = self.index().quoted.get(needle)?;
        let first = offsets.partition_point(|&o| o < from);
        let offset = *offsets.get(first + n.checked_sub(1)?)?;
        Some(Span {
            offset,
            len: needle.len() + 2,
        })
    }

    /// The first `"needle"` written as a map key (followed by a colon) anywhere in the file.
    pub fn find_key(&self, needle: &str) -> Option<Span> {
        self.find_key_after(0, needle)
    }

    /// The first `"needle"` written as a map key at or after `from`.
    pub fn find_key_after(&self, from: usize, needle: &str) -> Option<Span> {
        self.nth_key_after(from, needle, 1)
    }

    /// The `n`th (1-based) `"needle"` written as a map key at or after `from`.
    pub fn nth_key_after(&self, from: usize, needle: &str, n: usize) -> Option<Span> {
        let len = needle.len() + 2;
        if needle.contains('"') {
            let mut at = from;
            let mut left = n;
            while let Some(span) = self.find_quoted(at, needle) {
                let rest = self.text[span.offset + span.len..].trim_start();
                if rest.starts_with(':') {
                    left -= 1;
                    if left == 0 {
                        return Some(span);
                    }
                }
                at = span.offset + 1;
            }
            return None;
        }
        let offsets = self.index().keys.get(needle)?;
        let first = offsets.partition_point(|&o| o < from);
        let offset = *offsets.get(first + n.checked_sub(1)?)?;
        Some(Span { offset, len })
    }

    /// The first field name `field:` (a whole word) at or after `from`.
    pub fn find_field(&self, from: usize, field: &str) -> Option<Span> {
        first_from(self.index().fields.get(field), from).map(|offset| Span {
            offset,
            len: field.len(),
        })
    }
}
