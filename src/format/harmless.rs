//! Text that cannot drive a terminal: control characters (escape, bell, backspace, carriage
//! return and the C1 controls) shown as visible symbols, so a learner's name or a scenario's
//! text can change what a manager's or learner's terminal shows only by its letters.
//!
//! Line feeds and tabs are kept: they are layout, not commands.

use std::borrow::Cow;
use std::io::{self, Write};

/// True for a character that a terminal may take as a command.
pub fn is_command(c: char) -> bool {
    c.is_control() && c != '\n' && c != '\t'
}

/// The visible symbol shown for a control character: its Unicode control picture (␛ for
/// escape), or the replacement character for the C1 controls, which have none.
fn picture(c: char) -> char {
    match c as u32 {
        n @ 0x00..=0x1F => char::from_u32(0x2400 + n).unwrap_or('\u{FFFD}'),
        0x7F => '\u{2421}',
        _ => '\u{FFFD}',
    }
}

/// `text` with every control character but line feed and tab shown as a visible symbol.
pub fn harmless(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_command) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| if is_command(c) { picture(c) } else { c })
            .collect(),
    )
}

/// A writer that passes on only harmless text: what plain mode promises screen readers,
/// pipes and scripts (no escape codes, whatever a scenario file or a name holds).
///
/// Works on bytes as they come, so it never waits for a line: the C0 controls and DEL are
/// single bytes that never occur inside a longer UTF-8 character, and a C1 control is the
/// two bytes `C2 80`..`C2 9F`, of which a first `C2` is held until the next byte shows
/// whether it begins one.
pub struct HarmlessWriter<W: Write> {
    inner: W,
    held_c2: bool,
}

impl<W: Write> HarmlessWriter<W> {
    pub fn new(inner: W) -> Self {
        HarmlessWriter {
            inner,
            held_c2: false,
        }
    }
}

impl<W: Write> Write for HarmlessWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut out = Vec::with_capacity(buf.len() + 2);
        let mut bytes = buf.iter().copied();
        if self.held_c2 {
            self.held_c2 = false;
            match buf.first() {
                Some(0x80..=0x9F) => {
                    out.extend_from_slice("\u{FFFD}".as_bytes());
                    bytes.next();
                }
                _ => out.push(0xC2),
            }
        }
        let mut bytes = bytes.peekable();
        while let Some(b) = bytes.next() {
            match b {
                b'\n' | b'\t' => out.push(b),
                0x00..=0x1F | 0x7F => {
                    let mut pic = [0; 4];
                    out.extend_from_slice(picture(char::from(b)).encode_utf8(&mut pic).as_bytes());
                }
                0xC2 => match bytes.peek() {
                    Some(0x80..=0x9F) => {
                        out.extend_from_slice("\u{FFFD}".as_bytes());
                        bytes.next();
                    }
                    Some(_) => out.push(b),
                    None => self.held_c2 = true,
                },
                _ => out.push(b),
            }
        }
        self.inner.write_all(&out)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if std::mem::take(&mut self.held_c2) {
            self.inner.write_all(&[0xC2])?;
        }
        self.inner.flush()
    }
}

impl<W: Write> Drop for HarmlessWriter<W> {
    fn drop(&mut self) {
        let _ = self.flush();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_become_visible_and_layout_stays() {
        assert_eq!(harmless("Sam\u{1b}]0;owned\u{7}"), "Sam␛]0;owned␇");
        assert_eq!(harmless("a\tb\nc"), "a\tb\nc");
        assert_eq!(harmless("csi\u{9b}2J"), "csi\u{FFFD}2J");
        assert!(matches!(harmless("Ward 7 — fine’s"), Cow::Borrowed(_)));
    }

    #[test]
    fn the_writer_catches_controls_split_across_writes() {
        let mut got = Vec::new();
        {
            let mut w = HarmlessWriter::new(&mut got);
            w.write_all(b"a\x1b[31mred").unwrap();
            w.write_all(&[0xC2]).unwrap();
            w.write_all(&[0x9B, b'2', b'J', 0xC2]).unwrap();
            w.write_all(&[0xA3, b'5', b'\r', b'\n']).unwrap();
        }
        assert_eq!(String::from_utf8(got).unwrap(), "a␛[31mred\u{FFFD}2J£5␍\n");
    }
}
