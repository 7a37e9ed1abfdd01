//! The checks made on a file's characters before `ron` reads it: its encoding, what was
//! normalised (a byte-order mark, CRLF), word-processor characters in code, and raw texts that
//! run on past where they were meant to end.
//!
//! Each is reported where it is, in words a trainer knows; `ron` would see only a confusing
//! syntax error one character early, or nothing at all.

use std::sync::Arc;

use super::decode::Encoding;
use super::diagnostic::Diagnostic;
use super::lexical::{self, Piece};
use super::rules::Rule;
use super::source::{SourceFile, Span};

/// The diagnostics about a file's characters: notes for what was put right, errors for what
/// stops it being read as a scenario.
pub fn prescan(file: &Arc<SourceFile>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let decoding = &file.decoding;
    if let Some(problem) = &decoding.problem {
        out.push(encoding(file, problem));
        return out;
    }
    if decoding.bom {
        out.push(
            Diagnostic::new(
                Rule::ByteOrderMark,
                file,
                "the file starts with a byte-order mark, which canteen left out",
            )
            .help(
                "nothing to do: Notepad adds this mark; `canteen fix` removes it if you want the file plain",
            ),
        );
    }
    if let Some((lines, first)) = decoding.crlf {
        let span = line_end(file, first);
        out.push(
            Diagnostic::new(
                Rule::LineEndings,
                file,
                format!(
                    "{lines} line{} end{} with Windows line endings (CRLF), read as ordinary ones",
                    if lines == 1 { "" } else { "s" },
                    if lines == 1 { "s" } else { "" },
                ),
            )
            .at(span, "the first")
            .help("nothing to do: paragraphs read the same; `canteen fix` rewrites the endings if you want the file plain"),
        );
    }
    out.extend(controls(file));
    let text: &str = &file.text;
    let pieces = lexical::pieces(text);
    for (at, stray) in lexical::strays(text, &pieces) {
        out.push(stray_character(file, at, stray));
    }
    for run in lexical::run_ons(text, &pieces) {
        out.push(run_on(file, &run.piece, run.meant_end));
    }
    out
}

/// Most control characters reported one by one; the rest are counted in the last.
const CONTROLS_SHOWN: usize = 10;

/// A control character in a scenario file would reach a learner's terminal as a command
/// (an escape code can retitle the window, clear the screen or hide text), so it is refused.
fn controls(file: &Arc<SourceFile>) -> Vec<Diagnostic> {
    let found = &file.decoding.controls;
    found
        .iter()
        .take(CONTROLS_SHOWN)
        .enumerate()
        .map(|(i, &(offset, c))| {
            let name = match c {
                '\u{1b}' => "ESCAPE".to_string(),
                '\u{7}' => "BELL".to_string(),
                '\u{8}' => "BACKSPACE".to_string(),
                '\r' => "CARRIAGE RETURN".to_string(),
                '\0' => "NULL".to_string(),
                _ => format!("U+{:04X}", u32::from(c)),
            };
            let more = found.len() - CONTROLS_SHOWN.min(found.len());
            let message = if i + 1 == CONTROLS_SHOWN && more > 0 {
                format!("a control character ({name}), and {more} more in this file")
            } else {
                format!("a control character ({name}) in the file")
            };
            Diagnostic::new(Rule::ControlCharacter, file, message)
                .at(
                    Some(Span {
                        offset,
                        len: '\u{FFFD}'.len_utf8(),
                    }),
                    format!("{name} (shown as �)"),
                )
                .help("a control character is invisible and can act on a learner's terminal: delete it (it usually comes from pasting out of a terminal or a program's output)")
        })
        .collect()
}

/// The end of a 1-based line, where its `\r` was.
fn line_end(file: &SourceFile, line: usize) -> Option<Span> {
    let range = file.line_range(line.checked_sub(1)?);
    Some(Span {
        offset: range.end,
        len: 1,
    })
}

fn encoding(file: &Arc<SourceFile>, problem: &Encoding) -> Diagnostic {
    match *problem {
        Encoding::Utf16 => Diagnostic::new(
            Rule::Encoding,
            file,
            "the file is saved as UTF-16 (Notepad's \"Unicode\"), not UTF-8",
        )
        .at(Some(Span { offset: 0, len: 1 }), "the whole file is UTF-16")
        .help("run `canteen fix` on it, or save it again choosing the encoding \"UTF-8\""),
        Encoding::Windows1252 {
            offset,
            byte,
            count,
        } => {
            let c = super::decode::windows_1252(byte);
            let others = match count {
                1 => String::new(),
                n => format!(" ({} more like it in the file)", n - 1),
            };
            Diagnostic::new(
                Rule::Encoding,
                file,
                format!(
                    "the file is saved as Windows-1252 (\"ANSI\"), not UTF-8: byte 0x{byte:02X} is not UTF-8{others}"
                ),
            )
            .at(
                Some(Span {
                    offset,
                    len: c.len_utf8(),
                }),
                format!("in Windows-1252 this byte is {c} ({})", char_name(c)),
            )
            .help("run `canteen fix` on it, or save it again choosing the encoding \"UTF-8\"")
        }
    }
}

/// The Unicode name of the Windows-1252 characters and strays canteen mentions.
fn char_name(c: char) -> String {
    if let Some(s) = lexical::stray(c) {
        return s.name.to_string();
    }
    let known = [
        ('…', "HORIZONTAL ELLIPSIS"),
        ('€', "EURO SIGN"),
        ('£', "POUND SIGN"),
        ('•', "BULLET"),
        ('é', "LATIN SMALL LETTER E WITH ACUTE"),
    ];
    known.iter().find(|(k, _)| *k == c).map_or_else(
        || format!("U+{:04X}", u32::from(c)),
        |(_, n)| (*n).to_string(),
    )
}

fn stray_character(file: &Arc<SourceFile>, at: usize, stray: lexical::Stray) -> Diagnostic {
    let code = format!("U+{:04X}", u32::from(stray.found));
    let (what, help) = match stray.instead {
        "\"" => (
            "a curly quote",
            "this is a curly quote, as Word and Outlook type: use a straight `\"` (`canteen fix` changes them all)"
                .to_string(),
        ),
        " " => (
            "a special space",
            "this space is not an ordinary one (pasted from Word or a web page): type an ordinary space (`canteen fix` does it for you)"
                .to_string(),
        ),
        "-" => (
            "a dash",
            "a minus sign here must be the plain `-` on the keyboard, which Word turns into a dash (`canteen fix` changes it back)"
                .to_string(),
        ),
        _ => (
            "an invisible character",
            "this character is invisible: delete it, or run `canteen fix`".to_string(),
        ),
    };
    Diagnostic::new(
        Rule::StrayCharacter,
        file,
        format!("{what} outside a text: {} ({code})", stray.name),
    )
    .at(
        Some(Span {
            offset: at,
            len: stray.found.len_utf8(),
        }),
        format!("{} ({code})", stray.name),
    )
    .help(help)
}

fn run_on(file: &Arc<SourceFile>, piece: &Piece, meant_end: Option<usize>) -> Diagnostic {
    let hashes = match piece.kind {
        lexical::Kind::Raw(n) => n,
        _ => 1,
    };
    let closing = format!("\"{}", "#".repeat(hashes));
    let opening = format!("r{}\"", "#".repeat(hashes));
    let span = Some(Span {
        offset: piece.range.start,
        len: opening.len(),
    });
    let end_line = file.line_col(piece.range.end.saturating_sub(1)).0;
    let (message, label) = if piece.closed {
        (
            format!(
                "a text that begins with {opening} runs on to line {end_line}, past where it was meant to end"
            ),
            format!("this text begins here and ends only at the {closing} on line {end_line}"),
        )
    } else {
        (
            format!("a text that begins with {opening} is never closed"),
            "this text begins here and runs to the end of the file".to_string(),
        )
    };
    let help = match meant_end {
        Some(q) => {
            let (line, col) = file.line_col(q);
            format!(
                "a text that begins with {opening} must end with {closing}: the `\"` at line {line}, column {col} looks like its end, so write {closing} there"
            )
        }
        None => format!(
            "a text that begins with {opening} must end with {closing}: add it where the text ends"
        ),
    };
    Diagnostic::new(Rule::RunOnText, file, message)
        .at(span, label)
        .help(help)
}
