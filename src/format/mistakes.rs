//! The usual mistakes behind a `ron` syntax error, each named with its own code and the help
//! that fixes it: a `"` inside a text, `70%`, `1.5`, a bracket too many or never closed.
//!
//! `ron` says "Expected comma" for all of them, and adding a comma makes each one worse.

use std::sync::Arc;

use super::diagnostic::Diagnostic;
use super::lexical::{self, Bracket, Kind};
use super::rules::Rule;
use super::source::{SourceFile, Span};

/// The mistake behind a syntax error `ron` found at `at`, when it is one canteen knows.
pub fn name(file: &Arc<SourceFile>, at: usize) -> Option<Diagnostic> {
    let text: &str = &file.text;
    let at = at.min(text.len());
    let pieces = lexical::pieces(text);
    if let Some(d) = quote_in_text(file, &pieces, at) {
        return Some(d);
    }
    if let Some(d) = number(file, at) {
        return Some(d);
    }
    match lexical::unpaired(text, &pieces)? {
        Bracket::Extra { at: b, found } if b == at || file.line_of(b) == file.line_of(at) => Some(
            Diagnostic::new(
                Rule::UnpairedBracket,
                file,
                format!("this `{found}` closes nothing"),
            )
            .at(
                Some(Span { offset: b, len: 1 }),
                format!("one `{found}` too many"),
            )
            .help(format!(
                "delete this `{found}`: everything opened before it is closed already"
            )),
        ),
        Bracket::Unclosed { at: b, found } if at >= text.trim_end().len() => {
            let (line, _) = file.line_col(b);
            Some(
                Diagnostic::new(
                    Rule::UnpairedBracket,
                    file,
                    format!("the `{found}` on line {line} is never closed"),
                )
                .at(
                    Some(Span { offset: b, len: 1 }),
                    "opened here, never closed",
                )
                .help(format!(
                    "add the matching `{}` where this item ends",
                    match found {
                        '(' => ')',
                        '[' => ']',
                        _ => '}',
                    }
                )),
            )
        }
        _ => None,
    }
}

/// A text followed on its line by more words: the `"` that ended it was meant to be inside.
fn quote_in_text(
    file: &Arc<SourceFile>,
    pieces: &[lexical::Piece],
    at: usize,
) -> Option<Diagnostic> {
    let text: &str = &file.text;
    // The token ron stopped at, and the text just before it.
    let next = at + (text[at..].len() - text[at..].trim_start_matches([' ', '\t']).len());
    let first = text[next..].chars().next()?;
    if !(first.is_alphanumeric() || first == '\'' || first == '’') {
        return None;
    }
    // `id: "a" text: "b"` is a missing comma, not a quote.
    let word: String = text[next..]
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    if text[next + word.len()..].trim_start().starts_with(':') {
        return None;
    }
    let before = pieces
        .iter()
        .rev()
        .find(|p| p.range.end <= next && p.kind == Kind::Text)?;
    let between = &text[before.range.end..next];
    if !between.trim().is_empty() || between.contains('\n') {
        return None;
    }
    let closing = before.range.end - 1;
    Some(
        Diagnostic::new(
            Rule::QuoteInText,
            file,
            "a text contains a `\"`, which ends it early",
        )
        .at(Some(Span { offset: closing, len: 1 }), "the text ends at this `\"`")
        .help(
            "this text contains `\"`: write the whole text as r#\"…\"# (it may then hold any quotes), or use curly quotes “ ” inside it",
        ),
    )
}

/// `70%` or `1.5` where a whole number belongs.
fn number(file: &Arc<SourceFile>, at: usize) -> Option<Diagnostic> {
    let text: &str = &file.text;
    let digits_before = text[..at]
        .chars()
        .rev()
        .take_while(char::is_ascii_digit)
        .count();
    if digits_before == 0 {
        return None;
    }
    let start = at - digits_before;
    let whole = &text[start..at];
    let rest = &text[at..];
    if rest.starts_with('%') {
        return Some(
            Diagnostic::new(Rule::PercentSign, file, format!("`{whole}%` has a % sign"))
                .at(Some(Span { offset: at, len: 1 }), "no % here")
                .help(format!(
                    "write the number alone, `{whole}`: a pass mark is already a percentage"
                )),
        );
    }
    if let Some(fraction) = rest.strip_prefix('.') {
        let fraction: String = fraction.chars().take_while(char::is_ascii_digit).collect();
        if fraction.is_empty() {
            return None;
        }
        let written = format!("{whole}.{fraction}");
        return Some(
            Diagnostic::new(
                Rule::DecimalNumber,
                file,
                format!("`{written}` is not a whole number"),
            )
            .at(
                Some(Span {
                    offset: start,
                    len: written.len(),
                }),
                "a whole number belongs here",
            )
            .help(format!(
                "scores, minutes, seconds and weights are whole numbers: write `{whole}` or `{}`",
                whole.parse::<u64>().map_or(0, |n| n + 1)
            )),
        );
    }
    None
}

/// A `ron` message in the words of a scenario file: no Rust type names.
pub fn plain(message: &str) -> String {
    let mut out = message.to_string();
    for (from, to) in [
        ("`RawExpectation`", "expectation"),
        ("RawExpectation", "expectation"),
        ("`RawVerdict`", "verdict"),
        ("RawVerdict", "verdict"),
        ("RawScenario", "Scenario"),
        ("RawScene", "Scene"),
        ("RawChoice", "Choice"),
        ("RawEnding", "Ending"),
        ("RawOutcome", "Outcome"),
        ("RawTimer", "Timer"),
        (
            "Expected opening `(` for struct ",
            "expected the opening `(` of ",
        ),
        ("for struct ", "of "),
        ("Expected struct ", "expected "),
        ("struct ", ""),
        ("in enum ", "in "),
        ("enum ", ""),
        ("variant named", "kind named"),
        ("variants", "kinds"),
        ("Unexpected end of RON", "the file ends too soon"),
        ("floating point", "decimal number"),
        ("a sequence", "a list in [ ]"),
        ("a map", "a map in { }"),
    ] {
        out = out.replace(from, to);
    }
    for ty in ["i8", "u8", "u16", "u32", "u64", "i32", "i64", "usize"] {
        out = replace_word(&out, ty, "a whole number");
    }
    out
}

fn replace_word(text: &str, word: &str, with: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(word) {
        let before_ok = rest[..i]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        let after_ok = rest[i + word.len()..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric());
        out.push_str(&rest[..i]);
        out.push_str(if before_ok && after_ok { with } else { word });
        rest = &rest[i + word.len()..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rust_names_are_put_in_plain_words() {
        assert_eq!(
            plain("Expected opening `(` for struct `Scenario`"),
            "expected the opening `(` of `Scenario`"
        );
        assert_eq!(
            plain("invalid type: floating point `1.5`, expected i8"),
            "invalid type: decimal number `1.5`, expected a whole number"
        );
        assert!(!plain("Unexpected variant named `Pass` in enum `RawExpectation`").contains("Raw"));
    }
}
