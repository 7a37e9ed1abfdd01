//! Repairing the character-level mistakes in a scenario file (`canteen fix`): its encoding,
//! a byte-order mark, CRLF endings, word-processor characters outside texts, and a raw text
//! closed with `"` instead of `"#`. Every other byte is kept as it was, comments included.

use super::decode::{self, Encoding};
use super::lexical;
use super::source::SourceFile;

/// One change made, at a 1-based line and column (in characters) of the file as it was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub line: usize,
    pub column: usize,
    pub what: String,
}

/// A file's repaired text, and what was changed to make it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repaired {
    pub text: String,
    pub changes: Vec<Change>,
}

impl Repaired {
    /// True when nothing needed repairing.
    pub fn is_unchanged(&self) -> bool {
        self.changes.is_empty()
    }
}

/// Repairs a file's bytes.
pub fn repair(bytes: &[u8]) -> Repaired {
    let (text, decoding) = decode::decode(bytes);
    let file = SourceFile::new("", text.as_str());
    let mut changes = Vec::new();
    let mut whole = |what: String| {
        changes.push(Change {
            line: 1,
            column: 1,
            what,
        });
    };
    match decoding.problem {
        Some(Encoding::Utf16) => whole("converted from UTF-16 to UTF-8".to_string()),
        Some(Encoding::Windows1252 { offset, count, .. }) => {
            let (line, column) = file.line_col(offset);
            changes.push(Change {
                line,
                column,
                what: format!(
                    "converted from Windows-1252 to UTF-8 ({count} character{}, the first here)",
                    if count == 1 { "" } else { "s" }
                ),
            });
        }
        None => {}
    }
    if decoding.bom {
        changes.push(Change {
            line: 1,
            column: 1,
            what: "removed the byte-order mark".to_string(),
        });
    }
    if let Some((lines, first)) = decoding.crlf {
        changes.push(Change {
            line: first,
            column: file.line_range(first - 1).len() + 1,
            what: format!(
                "made {lines} Windows line ending{} (CRLF) ordinary (LF)",
                if lines == 1 { "" } else { "s" }
            ),
        });
    }
    // Edits at byte offsets of the decoded text: (offset, bytes removed, replacement).
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    let pieces = lexical::pieces(&text);
    for (at, stray) in lexical::strays(&text, &pieces) {
        let (line, column) = file.line_col(at);
        let code = format!("U+{:04X}", u32::from(stray.found));
        let what = match stray.instead {
            "" => format!("deleted {} ({code})", stray.name),
            instead => format!("replaced {} ({code}) with `{instead}`", stray.name),
        };
        changes.push(Change { line, column, what });
        edits.push((at, stray.found.len_utf8(), stray.instead.to_string()));
    }
    for run in lexical::run_ons(&text, &pieces) {
        let (Some(end), lexical::Kind::Raw(hashes)) = (run.meant_end, run.piece.kind) else {
            continue;
        };
        let (line, column) = file.line_col(end);
        let closing = "#".repeat(hashes);
        changes.push(Change {
            line,
            column,
            what: format!(
                "ended the text begun at line {} with \"{closing}, as it was begun with r{closing}\"",
                file.line_col(run.piece.range.start).0
            ),
        });
        edits.push((end + 1, 0, closing));
    }
    edits.sort_by_key(|e| e.0);
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (offset, removed, with) in edits {
        out.push_str(&text[at..offset]);
        out.push_str(&with);
        at = offset + removed;
    }
    out.push_str(&text[at..]);
    changes.sort_by_key(|c| (c.line, c.column));
    Repaired { text: out, changes }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strays_outside_texts_are_replaced_and_nothing_else_is_touched() {
        let before = "// “comment” stays\ntext: “It’s\u{a0}fine”,\u{200b}\nn: \u{2013}2,\n";
        let r = repair(before.as_bytes());
        assert_eq!(
            r.text,
            "// “comment” stays\ntext: \"It’s\u{a0}fine\",\nn: -2,\n"
        );
        assert_eq!(r.changes.len(), 4);
        assert_eq!((r.changes[0].line, r.changes[0].column), (2, 7));
    }

    #[test]
    fn a_raw_text_closed_with_a_plain_quote_is_closed_properly() {
        let before = "text: r#\"A \"b\".\",\ndiscuss: \"x\",\nnext: r#\"c\"#,\n";
        let r = repair(before.as_bytes());
        assert_eq!(
            r.text,
            "text: r#\"A \"b\".\"#,\ndiscuss: \"x\",\nnext: r#\"c\"#,\n"
        );
        assert!(repair(r.text.as_bytes()).is_unchanged());
    }

    #[test]
    fn a_clean_file_is_unchanged() {
        let text = "Scenario(\n    title: \"It’s fine\", // ok\n)\n";
        let r = repair(text.as_bytes());
        assert!(r.is_unchanged());
        assert_eq!(r.text, text);
    }
}
