//! Turning a file's bytes into text: what Word, Notepad and Outlook leave in a saved file.
//!
//! A UTF-8 byte-order mark and Windows line endings (CRLF) are accepted and normalised, and the
//! file remembers that they were, so the validator can say so in a note. A file saved as UTF-16
//! or Windows-1252 is decoded as well as it can be, so its diagnostic can show a line and
//! column, and is then refused: its text would otherwise be shown to learners mangled.

/// What was done to a file's bytes to make them text, and what could not be accepted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Decoding {
    /// The file began with a UTF-8 byte-order mark, which was removed.
    pub bom: bool,
    /// How many lines ended in CRLF (turned into LF), and the first (1-based) of them.
    pub crlf: Option<(usize, usize)>,
    /// The file is not UTF-8.
    pub problem: Option<Encoding>,
    /// Control characters found in the text (escape, bell, backspace, a lone carriage return,
    /// the C1 controls): each byte offset, in the text as read, and the character. The text
    /// holds U+FFFD in their place, so no diagnostic or preview can send one to a terminal.
    pub controls: Vec<(usize, char)>,
}

/// `text` with each control character but line feed and tab replaced by U+FFFD, and where
/// each was (offsets in the returned text).
pub fn set_aside_controls(text: String) -> (String, Vec<(usize, char)>) {
    if !text.chars().any(super::harmless::is_command) {
        return (text, Vec::new());
    }
    let mut out = String::with_capacity(text.len() + 8);
    let mut found = Vec::new();
    for c in text.chars() {
        if super::harmless::is_command(c) {
            found.push((out.len(), c));
            out.push('\u{FFFD}');
        } else {
            out.push(c);
        }
    }
    (out, found)
}

/// A file in an encoding canteen does not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-16, as Notepad's "Unicode" option saves.
    Utf16,
    /// Bytes that are not UTF-8, read as Windows-1252 ("ANSI"): the first at a byte offset of
    /// the decoded text, the byte itself, and how many there are.
    Windows1252 {
        offset: usize,
        byte: u8,
        count: usize,
    },
}

/// The characters Windows-1252 has at 0x80 to 0x9F (the rest of its upper half is Latin-1);
/// the five holes are kept as the C1 control characters Windows maps them to.
const CP1252_HIGH: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž', '\u{8f}',
    '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}', 'ž', 'Ÿ',
];

/// The character a Windows-1252 byte stands for.
pub fn windows_1252(byte: u8) -> char {
    match byte {
        0x80..=0x9f => CP1252_HIGH[usize::from(byte - 0x80)],
        b => char::from(b),
    }
}

/// Decodes a file's bytes: the text (LF line endings, no byte-order mark) and what was done.
pub fn decode(bytes: &[u8]) -> (String, Decoding) {
    let mut decoding = Decoding::default();
    let text = if let Some(text) = utf16(bytes) {
        decoding.problem = Some(Encoding::Utf16);
        text
    } else {
        let bytes = match bytes.strip_prefix(b"\xef\xbb\xbf") {
            Some(rest) => {
                decoding.bom = true;
                rest
            }
            None => bytes,
        };
        match std::str::from_utf8(bytes) {
            Ok(text) => text.to_string(),
            Err(_) => {
                let (text, first) = mixed_windows_1252(bytes);
                decoding.problem = first.map(|(offset, byte, count)| Encoding::Windows1252 {
                    offset,
                    byte,
                    count,
                });
                text
            }
        }
    };
    let (text, crlf) = normalise_line_endings(text);
    decoding.crlf = crlf;
    (text, decoding)
}

/// The text of a UTF-16 file, recognised by its byte-order mark or by the zero bytes that
/// every ASCII character carries in it.
fn utf16(bytes: &[u8]) -> Option<String> {
    let (little, body) = match bytes {
        [0xff, 0xfe, rest @ ..] => (true, rest),
        [0xfe, 0xff, rest @ ..] => (false, rest),
        // Without a mark: ASCII text in UTF-16 has a zero in every other byte.
        [a, 0, b, 0, ..] if *a != 0 && *b != 0 => (true, bytes),
        [0, a, 0, b, ..] if *a != 0 && *b != 0 => (false, bytes),
        _ => return None,
    };
    let units: Vec<u16> = body
        .chunks_exact(2)
        .map(|p| {
            if little {
                u16::from_le_bytes([p[0], p[1]])
            } else {
                u16::from_be_bytes([p[0], p[1]])
            }
        })
        .collect();
    let text = String::from_utf16_lossy(&units);
    Some(text.strip_prefix('\u{feff}').unwrap_or(&text).to_string())
}

/// Text that is UTF-8 where it can be and Windows-1252 elsewhere, with the first byte that was
/// not UTF-8 (its offset in the text, the byte) and how many such bytes there were.
pub fn mixed_windows_1252(bytes: &[u8]) -> (String, Option<(usize, u8, usize)>) {
    let mut text = String::with_capacity(bytes.len() + 16);
    let mut first = None;
    let mut count = 0;
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        for &b in chunk.invalid() {
            if first.is_none() {
                first = Some((text.len(), b));
            }
            count += 1;
            text.push(windows_1252(b));
        }
    }
    (text, first.map(|(offset, byte)| (offset, byte, count)))
}

/// The text with CRLF turned into LF, and how many lines had CRLF and the first of them.
fn normalise_line_endings(text: String) -> (String, Option<(usize, usize)>) {
    if !text.contains("\r\n") {
        return (text, None);
    }
    let mut first = None;
    let mut count = 0;
    for (i, line) in text.split('\n').enumerate() {
        if line.ends_with('\r') {
            count += 1;
            first.get_or_insert(i + 1);
        }
    }
    let text = text.replace("\r\n", "\n");
    (text, first.map(|f| (count, f)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bom_and_crlf_are_normalised() {
        let (text, d) = decode(b"\xef\xbb\xbfone\r\ntwo\r\nthree");
        assert_eq!(text, "one\ntwo\nthree");
        assert!(d.bom);
        assert_eq!(d.crlf, Some((2, 1)));
        assert_eq!(d.problem, None);
    }

    #[test]
    fn windows_1252_is_found_and_decoded() {
        let (text, d) = decode(b"it\x92s \xe2\x80\x94 fine");
        assert_eq!(text, "it’s — fine");
        assert_eq!(
            d.problem,
            Some(Encoding::Windows1252 {
                offset: 2,
                byte: 0x92,
                count: 1
            })
        );
    }

    #[test]
    fn utf16_is_recognised_with_or_without_a_mark() {
        let le: Vec<u8> = "ab\ncd".encode_utf16().flat_map(u16::to_le_bytes).collect();
        let mut marked = vec![0xff, 0xfe];
        marked.extend(&le);
        for bytes in [le, marked] {
            let (text, d) = decode(&bytes);
            assert_eq!(text, "ab\ncd");
            assert_eq!(d.problem, Some(Encoding::Utf16));
        }
    }
}
