//! Reading a scenario file's text into the raw model, turning `ron` errors into diagnostics.

use std::sync::Arc;

use ron::error::{Error as RonError, SpannedError};
use ron::extensions::Extensions;

use super::diagnostic::Diagnostic;
use super::raw::RawScenario;
use super::rules::Rule;
use super::source::{SourceFile, Span};

/// The RON options canteen reads with: `Some(..)` may be left out around optional values.
pub fn ron_options() -> ron::Options {
    ron::Options::default().with_default_extension(Extensions::IMPLICIT_SOME)
}

/// Parses a scenario file into the raw model, or says precisely why it cannot.
pub fn parse(file: &Arc<SourceFile>) -> Result<RawScenario, Diagnostic> {
    ron_options()
        .from_str::<RawScenario>(&file.text)
        .map_err(|e| diagnose(file, &e))
}

/// Turns a `ron` error into a diagnostic pointing at the offending text.
pub fn diagnose(file: &Arc<SourceFile>, error: &SpannedError) -> Diagnostic {
    let start = file.offset_of(error.span.start.line, error.span.start.col);
    let end = file.offset_of(error.span.end.line, error.span.end.col);
    if let Some(d) = super::mistakes::name(file, start) {
        return d;
    }
    let mut span = Span {
        offset: start.min(file.text.len()),
        len: end.saturating_sub(start).max(1),
    };
    if error.code == RonError::ExpectedComma {
        // ron notices a missing comma at the next token; the author left it out after the
        // previous one, so point just past that.
        let before = file.text[..span.offset].trim_end();
        span = Span {
            offset: before.len(),
            len: 1,
        };
    }
    let (rule, label, help) = match &error.code {
        RonError::NoSuchStructField {
            expected,
            found,
            outer,
        } => (
            Rule::UnknownField,
            format!(
                "`{found}` is not a field of {}",
                super::mistakes::plain(outer.as_deref().unwrap_or("this item"))
            ),
            match crate::format::suggest::closest(found, expected.iter().copied()) {
                Some(s) => format!("did you mean `{s}`? The fields here are: {}", expected.join(", ")),
                None => format!("the fields here are: {}", expected.join(", ")),
            },
        ),
        RonError::MissingStructField { field, outer } => (
            Rule::MissingField,
            format!("`{field}` is missing"),
            format!(
                "add `{field}: ...` to {}; docs/authoring.md lists every field",
                super::mistakes::plain(outer.as_deref().unwrap_or("this item"))
            ),
        ),
        RonError::DuplicateStructField { field, .. } => (
            Rule::Syntax,
            format!("`{field}` is written twice"),
            "keep one of the two".to_string(),
        ),
        RonError::Eof => (
            Rule::Syntax,
            "the file ends here".to_string(),
            "a bracket or quote opened earlier is never closed".to_string(),
        ),
        RonError::ExpectedComma => (
            Rule::Syntax,
            "a comma is missing here".to_string(),
            "separate fields and list items with commas".to_string(),
        ),
        RonError::NoSuchEnumVariant {
            expected,
            found,
            outer,
        } => {
            let what = match outer.as_deref() {
                Some("RawExpectation") => "an expectation",
                Some("RawVerdict") => "a verdict",
                _ => "a value",
            };
            (
                Rule::Syntax,
                format!("`{found}` is not {what} canteen knows"),
                match crate::format::suggest::closest(found, expected.iter().copied()) {
                    Some(s) => format!("did you mean `{s}`? The choices are: {}", expected.join(", ")),
                    None => format!("the choices are: {}", expected.join(", ")),
                },
            )
        }
        other => (
            Rule::Syntax,
            super::mistakes::plain(&other.to_string()),
            "check the brackets, quotes and commas around here; docs/authoring.md shows a whole file".to_string(),
        ),
    };
    Diagnostic::new(rule, file, message_of(&error.code))
        .at(Some(span), label)
        .help(help)
}

fn message_of(code: &RonError) -> String {
    match code {
        RonError::NoSuchStructField { found, .. } => format!("unknown field `{found}`"),
        RonError::MissingStructField { field, .. } => format!("missing field `{field}`"),
        other => super::mistakes::plain(&other.to_string()),
    }
}
