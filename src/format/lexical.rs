//! The file read as pieces of text, comments and code, before `ron` reads it as a scenario:
//! enough to find what a word processor leaves behind and a raw text closed the wrong way.
//!
//! `ron` sees a curly quote or a non-breaking space as "Expected string" and a raw text closed
//! with `"` as more text; here each is found where it is and named in words a trainer knows.

use std::ops::Range;

/// What a piece of the file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// An ordinary text in quotes, `"…"`.
    Text,
    /// A raw text, `r#"…"#`, with this many `#`.
    Raw(usize),
    /// A `//` or `/* */` comment.
    Comment,
}

/// A text or comment in the file; everything between pieces is code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    pub kind: Kind,
    /// From the opening quote (or `r`, or `/`) to just past the closing one.
    pub range: Range<usize>,
    /// False when the file ends before the piece is closed.
    pub closed: bool,
}

/// The texts and comments of a file, in order.
pub fn pieces(text: &str) -> Vec<Piece> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let start = i;
        match bytes[i] {
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                let end = memchr::memchr(b'\n', &bytes[i..]).map_or(bytes.len(), |n| i + n);
                out.push(Piece {
                    kind: Kind::Comment,
                    range: start..end,
                    closed: true,
                });
                i = end;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                // RON's block comments nest.
                let mut depth = 0usize;
                let mut closed = false;
                while i < bytes.len() {
                    if bytes[i..].starts_with(b"/*") {
                        depth += 1;
                        i += 2;
                    } else if bytes[i..].starts_with(b"*/") {
                        depth -= 1;
                        i += 2;
                        if depth == 0 {
                            closed = true;
                            break;
                        }
                    } else {
                        i += 1;
                    }
                }
                out.push(Piece {
                    kind: Kind::Comment,
                    range: start..i,
                    closed,
                });
            }
            b'"' => {
                i += 1;
                let mut closed = false;
                while i < bytes.len() {
                    match bytes[i] {
                        b'\\' => i += 2,
                        b'"' => {
                            i += 1;
                            closed = true;
                            break;
                        }
                        _ => i += 1,
                    }
                }
                let end = i.min(bytes.len());
                out.push(Piece {
                    kind: Kind::Text,
                    range: start..end,
                    closed,
                });
                i = end;
            }
            b'r' if (i == 0 || !is_word(bytes[i - 1]))
                && raw_opening(&bytes[i + 1..]).is_some() =>
            {
                let hashes = raw_opening(&bytes[i + 1..]).unwrap_or(0);
                let body = i + 2 + hashes;
                let mut closing = vec![b'"'];
                closing.extend(std::iter::repeat_n(b'#', hashes));
                let found = memchr::memmem::find(&bytes[body..], &closing);
                let (end, closed) = match found {
                    Some(n) => (body + n + closing.len(), true),
                    None => (bytes.len(), false),
                };
                out.push(Piece {
                    kind: Kind::Raw(hashes),
                    range: start..end,
                    closed,
                });
                i = end;
            }
            _ => i += 1,
        }
    }
    out
}

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// The number of `#` in a raw text's opening (`#"`, `##"`, or just `"`), after its `r`.
fn raw_opening(rest: &[u8]) -> Option<usize> {
    let hashes = rest.iter().take_while(|&&b| b == b'#').count();
    (rest.get(hashes) == Some(&b'"')).then_some(hashes)
}

/// The byte ranges of code: everything outside texts and comments.
pub fn code_ranges(text: &str, pieces: &[Piece]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut at = 0;
    for p in pieces {
        if p.range.start > at {
            out.push(at..p.range.start);
        }
        at = p.range.end;
    }
    if at < text.len() {
        out.push(at..text.len());
    }
    out
}

/// A character a word processor or mail program puts where RON needs a plain one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stray {
    /// The character.
    pub found: char,
    /// Its Unicode name.
    pub name: &'static str,
    /// What belongs there instead (empty: nothing).
    pub instead: &'static str,
}

/// The word-processor characters canteen names, and what replaces each.
const STRAYS: &[(char, &str, &str)] = &[
    ('\u{201c}', "LEFT DOUBLE QUOTATION MARK", "\""),
    ('\u{201d}', "RIGHT DOUBLE QUOTATION MARK", "\""),
    ('\u{201e}', "DOUBLE LOW-9 QUOTATION MARK", "\""),
    ('\u{2033}', "DOUBLE PRIME", "\""),
    ('\u{2018}', "LEFT SINGLE QUOTATION MARK", "\""),
    ('\u{2019}', "RIGHT SINGLE QUOTATION MARK", "\""),
    ('\u{00a0}', "NO-BREAK SPACE", " "),
    ('\u{202f}', "NARROW NO-BREAK SPACE", " "),
    ('\u{2007}', "FIGURE SPACE", " "),
    ('\u{2009}', "THIN SPACE", " "),
    ('\u{200b}', "ZERO WIDTH SPACE", ""),
    ('\u{200c}', "ZERO WIDTH NON-JOINER", ""),
    ('\u{200d}', "ZERO WIDTH JOINER", ""),
    ('\u{2060}', "WORD JOINER", ""),
    ('\u{feff}', "ZERO WIDTH NO-BREAK SPACE", ""),
    ('\u{00ad}', "SOFT HYPHEN", ""),
    ('\u{2013}', "EN DASH", "-"),
    ('\u{2014}', "EM DASH", "-"),
    ('\u{2212}', "MINUS SIGN", "-"),
];

/// The stray character `c` is, if it is one.
pub fn stray(c: char) -> Option<Stray> {
    STRAYS
        .iter()
        .find(|(s, _, _)| *s == c)
        .map(|&(found, name, instead)| Stray {
            found,
            name,
            instead,
        })
}

/// Every word-processor character in code (outside texts and comments), with its offset.
pub fn strays(text: &str, pieces: &[Piece]) -> Vec<(usize, Stray)> {
    let mut out = Vec::new();
    for range in code_ranges(text, pieces) {
        // A text written between curly double quotes is a text all the same: only its quotes
        // are wrong, and an apostrophe or a special space inside it is the author's.
        let mut in_curly = false;
        for (i, c) in text[range.clone()].char_indices() {
            let Some(s) = stray(c) else {
                if c == '\n' {
                    in_curly = false;
                }
                continue;
            };
            match c {
                '\u{201c}' | '\u{201e}' if !in_curly => in_curly = true,
                '\u{201d}' if in_curly => in_curly = false,
                _ if in_curly => continue,
                _ => {}
            }
            out.push((range.start + i, s));
        }
    }
    out
}

/// The fields a scenario file has: a raw text that holds one followed by `:` has swallowed
/// the file after it.
const FIELDS: &[&str] = &[
    "at_least",
    "author",
    "below",
    "chance",
    "choices",
    "critical",
    "debrief",
    "discuss",
    "effects",
    "endings",
    "expect",
    "expired",
    "feedback",
    "format",
    "id",
    "minutes",
    "next",
    "outcome",
    "pass_mark",
    "path",
    "principle",
    "requires",
    "roles",
    "scenes",
    "seconds",
    "sets",
    "sources",
    "start",
    "summary",
    "tags",
    "text",
    "timer",
    "title",
    "unless",
    "variants",
    "verdict",
    "weight",
];

/// The items a scenario file is made of, written `Name(`.
const ITEMS: &[&str] = &["Scene(", "Choice(", "Ending(", "Outcome(", "Timer("];

/// A raw text that runs on past where its author meant it to end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunOn {
    /// The raw text, from its `r`.
    pub piece: Piece,
    /// The `"` that looks like its intended end, if one does.
    pub meant_end: Option<usize>,
}

/// Raw texts that hold what looks like the rest of the file (`", choices: [`, `Scene(`), or
/// that are never closed.
pub fn run_ons(text: &str, pieces: &[Piece]) -> Vec<RunOn> {
    let mut out = Vec::new();
    for p in pieces {
        let Kind::Raw(hashes) = p.kind else { continue };
        let body_start = p.range.start + 2 + hashes;
        let body_end = if p.closed {
            p.range.end - 1 - hashes
        } else {
            p.range.end
        };
        let body = text.get(body_start..body_end).unwrap_or_default();
        let meant_end = memchr::memchr_iter(b'"', body.as_bytes())
            .find(|&q| looks_like_end(&body[q + 1..]))
            .map(|q| body_start + q);
        let holds_item = ITEMS.iter().any(|item| body.contains(item));
        if meant_end.is_some() || holds_item || !p.closed {
            out.push(RunOn {
                piece: p.clone(),
                meant_end,
            });
        }
    }
    out
}

/// True when the text after a `"` reads like the code after a text: a comma or bracket, then
/// a field name and a colon, or an item such as `Scene(`.
fn looks_like_end(after: &str) -> bool {
    let rest = after.trim_start_matches([' ', '\t']);
    let Some(rest) = rest.strip_prefix([',', ')', ']', '}']) else {
        return false;
    };
    let rest = rest.trim_start_matches([',', ')', ']', '}', ' ', '\t', '\r', '\n']);
    if ITEMS.iter().any(|item| rest.starts_with(item)) {
        return true;
    }
    if let Some(key) = rest.strip_prefix('"') {
        // `"next-scene": Scene(`
        return key.split_once('"').is_some_and(|(_, after)| {
            let after = after.trim_start();
            after.strip_prefix(':').is_some_and(|v| {
                let v = v.trim_start();
                ITEMS.iter().any(|item| v.starts_with(item))
            })
        });
    }
    let word: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    FIELDS.contains(&word.as_str()) && rest[word.len()..].trim_start().starts_with(':')
}

/// A bracket that does not pair up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bracket {
    /// A closing bracket with nothing open of its kind: the offset and the bracket.
    Extra { at: usize, found: char },
    /// An opening bracket never closed.
    Unclosed { at: usize, found: char },
}

/// The first bracket in code that does not pair up, if any.
pub fn unpaired(text: &str, pieces: &[Piece]) -> Option<Bracket> {
    let mut open: Vec<(usize, char)> = Vec::new();
    for range in code_ranges(text, pieces) {
        for (i, c) in text[range.clone()].char_indices() {
            let at = range.start + i;
            match c {
                '(' | '[' | '{' => open.push((at, c)),
                ')' | ']' | '}' => {
                    let wanted = match c {
                        ')' => '(',
                        ']' => '[',
                        _ => '{',
                    };
                    match open.last() {
                        Some(&(_, o)) if o == wanted => {
                            open.pop();
                        }
                        _ => return Some(Bracket::Extra { at, found: c }),
                    }
                }
                _ => {}
            }
        }
    }
    open.last()
        .map(|&(at, found)| Bracket::Unclosed { at, found })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_raw_texts_and_comments_are_pieces() {
        let text = "a: \"x\\\"y\", // c \"q\"\nb: r#\"he said \"hi\"\"#, /* d /* e */ */ c";
        let kinds: Vec<Kind> = pieces(text).iter().map(|p| p.kind).collect();
        assert_eq!(
            kinds,
            [Kind::Text, Kind::Comment, Kind::Raw(1), Kind::Comment]
        );
        assert!(pieces(text).iter().all(|p| p.closed));
    }

    #[test]
    fn a_raw_text_closed_with_a_plain_quote_runs_on() {
        let text =
            "text: r#\"Line \"one\".\nTwo.\",\nchoices: [],\n),\n\"b\": Scene(text: r#\"x\"#";
        let ps = pieces(text);
        let run = run_ons(text, &ps);
        assert_eq!(run.len(), 1);
        assert_eq!(run[0].piece.range.start, 6);
        assert_eq!(run[0].meant_end, text.find("\",\nchoices"));
    }

    #[test]
    fn a_raw_text_with_quotes_and_commas_in_prose_is_fine() {
        let text = "text: r#\"She said \"no\", explaining: it was late.\"#,";
        assert!(run_ons(text, &pieces(text)).is_empty());
    }

    #[test]
    fn strays_outside_texts_are_found_and_inside_are_not() {
        let text = "text: \u{201c}Hi\u{201d}, feedback: \"It\u{2019}s\u{a0}fine\",";
        let found: Vec<&str> = strays(text, &pieces(text))
            .iter()
            .map(|s| s.1.name)
            .collect();
        assert_eq!(
            found,
            ["LEFT DOUBLE QUOTATION MARK", "RIGHT DOUBLE QUOTATION MARK"]
        );
    }

    #[test]
    fn an_extra_bracket_is_found() {
        let text = "[ C(a: \"(\"), C(b: 1)), ]";
        assert_eq!(
            unpaired(text, &pieces(text)),
            Some(Bracket::Extra {
                at: text.rfind(')').unwrap_or(0),
                found: ')'
            })
        );
    }
}
