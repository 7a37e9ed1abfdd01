//! The ids written in a scenario file, found in its text: where scenes and endings are
//! defined and named, where flags are set and tested, where principles are scored. The text is
//! read as it is being typed, so this never needs the file to parse.

use std::ops::Range;

use crate::format::lexical::{self, Kind};

/// What an id names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sort {
    /// A scene or an ending.
    Scene,
    Flag,
    Principle,
}

/// One id written in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Symbol {
    pub sort: Sort,
    pub name: String,
    /// The id's text, inside its quotes.
    pub range: Range<usize>,
    /// A scene's or ending's key, or a flag's first `sets`.
    pub defines: bool,
}

/// Every id in the text, in order.
pub fn symbols(text: &str) -> Vec<Symbol> {
    let pieces = lexical::pieces(text);
    let mut out = Vec::new();
    let mut flags_set = std::collections::HashSet::new();
    for (i, p) in pieces.iter().enumerate() {
        if p.kind != Kind::Text || !p.closed || p.range.len() < 2 {
            continue;
        }
        let inner = p.range.start + 1..p.range.end - 1;
        let name = text[inner.clone()].to_string();
        let after = text[p.range.end..].trim_start();
        let symbol = |sort, defines| Symbol {
            sort,
            name: name.clone(),
            range: inner.clone(),
            defines,
        };
        if let Some(value) = after.strip_prefix(':') {
            let value = value.trim_start();
            if value.starts_with("Scene(") || value.starts_with("Ending(") {
                out.push(symbol(Sort::Scene, true));
            } else if value.starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '+') {
                out.push(symbol(Sort::Principle, false));
            }
            continue;
        }
        match field_before(text, &pieces, i).as_deref() {
            Some("next" | "start") => out.push(symbol(Sort::Scene, false)),
            Some("sets") => {
                let first = flags_set.insert(name.clone());
                out.push(symbol(Sort::Flag, first));
            }
            Some("requires" | "unless") => out.push(symbol(Sort::Flag, false)),
            _ => {}
        }
    }
    out
}

/// The field whose value (or list) holds piece `i`: back over spaces, commas, `[` and the
/// texts before it in the list, to `word:`.
pub fn field_before(text: &str, pieces: &[lexical::Piece], i: usize) -> Option<String> {
    let mut at = pieces.get(i)?.range.start;
    let mut j = i;
    loop {
        let before = text[..at].trim_end_matches([' ', '\t', '\n', '\r', ',', '[']);
        if before.ends_with('"') && j > 0 && pieces[j - 1].range.end == before.len() {
            j -= 1;
            at = pieces[j].range.start;
            continue;
        }
        let before = before.strip_suffix(':')?.trim_end();
        let word: String = before
            .chars()
            .rev()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        return (!word.is_empty()).then_some(word);
    }
}

/// The field being written at `offset` (the last `word:` before it on its line, or before the
/// list it is in), for completion.
pub fn field_at(text: &str, offset: usize) -> Option<String> {
    let upto = &text[..offset.min(text.len())];
    let start = upto.rfind(['(', '\n']).map_or(0, |i| i + 1);
    let mut last = None;
    let line = &upto[start..];
    let mut word = String::new();
    for c in line.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            word.push(c);
        } else {
            if c == ':' && !word.is_empty() {
                last = Some(word.clone());
            }
            if !c.is_whitespace() || !word.is_empty() {
                word.clear();
            }
        }
    }
    // `effects: {"` is a map of principles: the field before the brace.
    last.or_else(|| {
        let before = upto.trim_end_matches(|c: char| c != '{' && c != '\n');
        before.strip_suffix('{').and_then(|b| field_at(b, b.len()))
    })
}

/// The symbol whose id covers `offset`.
pub fn at(symbols: &[Symbol], offset: usize) -> Option<&Symbol> {
    symbols
        .iter()
        .find(|s| s.range.start <= offset && offset <= s.range.end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scenes_flags_and_principles_are_found() {
        let text = r#"start: "a", scenes: { "a": Scene(choices: [Choice(effects: {"respect": 2}, sets: ["x", "y"], next: "b")]), "b": Ending(), }, other: Choice(requires: ["x"], next: "a")"#;
        let found: Vec<(Sort, &str, bool)> = symbols(text)
            .iter()
            .map(|s| (s.sort, &text[s.range.clone()], s.defines))
            .collect();
        assert_eq!(
            found,
            [
                (Sort::Scene, "a", false),
                (Sort::Scene, "a", true),
                (Sort::Principle, "respect", false),
                (Sort::Flag, "x", true),
                (Sort::Flag, "y", true),
                (Sort::Scene, "b", false),
                (Sort::Scene, "b", true),
                (Sort::Flag, "x", false),
                (Sort::Scene, "a", false),
            ]
        );
    }

    #[test]
    fn the_field_being_written_is_found() {
        assert_eq!(field_at("    next: \"", 11).as_deref(), Some("next"));
        assert_eq!(
            field_at("id: \"a\", sets: [\"x\", \"", 22).as_deref(),
            Some("sets")
        );
        assert_eq!(field_at("effects: {\"", 11).as_deref(), Some("effects"));
    }
}
