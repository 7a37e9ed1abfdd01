//! Reading a large scenario file on several threads.
//!
//! ron reads about 70 MB a second, so a generated or merged scenario of thousands of scenes
//! spends most of its load time in the parser. Almost all of such a file is the `scenes` map,
//! and its entries are independent. This module walks the map with a light scan that knows
//! RON's strings, raw strings, characters and nested comments, and each time it has passed
//! another share of the file it hands the entries so far to a new thread, which ron reads as a
//! map of their own while the scan goes on. The last run is read on the calling thread, then
//! the rest of the file, with an empty `scenes: {}`, as the scenario.
//!
//! It is only ever a shortcut. If the scan finds anything it does not expect, or ron rejects
//! any part, the caller reads the whole file in one go, so every diagnostic is exactly the one
//! a single read gives, with its line and column in the author's file.

use std::thread;

use serde::Deserialize;

use super::ron_options;
use crate::scenario::entries::Entries;
use crate::scenario::raw::{RawScenario, RawScene};

/// Files shorter than this are read in one go: threads would cost more than they save.
pub const MIN_BYTES: usize = 256 * 1024;

/// Reads a scenario with its scenes cut into up to `parts` runs, each read on its own thread.
/// `None` when the file cannot be cut, or any part does not parse: read it whole instead.
pub fn parse_in_parts(text: &str, parts: usize) -> Option<RawScenario> {
    let bytes = text.as_bytes();
    let mut s = Scanner { bytes, at: 0 };
    let head = s.head()?;
    // Attributes such as `#![enable(...)]` at the top apply to every part.
    let prefix = &text[..head.value_start];
    let start = s.at;
    let read_run = move |from: usize, to: usize| {
        let run = format!("{prefix}{{{}}}", &text[from..to]);
        ron_options()
            .from_str::<Entries<RawScene>>(&run)
            .ok()
            .map(|e| e.0)
    };
    thread::scope(|scope| {
        let mut earlier = Vec::new();
        let mut from = start;
        let goal_of = |k: usize| start + (bytes.len() - start) * k / parts;
        let mut shares = 1..parts;
        let mut goal = shares.next().map(goal_of);
        // The scan stops at the last cut: ron finds the end of the map as it reads the last run.
        s.group(|comma| {
            if goal.is_some_and(|g| comma >= g) {
                let to = comma;
                let spawned = thread::Builder::new()
                    .name("canteen-parse".into())
                    .spawn_scoped(scope, move || read_run(from, to));
                // Without another thread, the rest is read on this one as the last run.
                let Ok(handle) = spawned else { return false };
                earlier.push(handle);
                from = comma + 1;
                while goal.is_some_and(|g| comma >= g) {
                    goal = shares.next().map(goal_of);
                }
            }
            goal.is_some()
        })?;
        if earlier.is_empty() {
            return None;
        }
        let last = format!("{prefix}{{{}", &text[from..]);
        let mut de = ron::Deserializer::from_str_with_options(&last, &ron_options()).ok()?;
        let last = Entries::<RawScene>::deserialize(&mut de).ok()?.0;
        let skeleton = format!("{}}}{}", &text[..=head.map_open], de.remainder());
        let mut scenario = ron_options().from_str::<RawScenario>(&skeleton).ok()?;
        if !scenario.scenes.is_empty() {
            return None;
        }
        let mut scenes = Vec::new();
        for handle in earlier {
            scenes.extend(handle.join().ok()??);
        }
        scenes.extend(last);
        scenario.scenes = Entries(scenes);
        Some(scenario)
    })
}

/// Where the top-level value and the `scenes` map start.
#[derive(Debug, PartialEq)]
struct Head {
    /// Byte offset of the top-level value, after comments and attributes.
    value_start: usize,
    /// Byte offset of the map's `{`.
    map_open: usize,
}

/// The bytes [`Scanner::group`] stops at: quotes, comments, brackets and commas. A raw string
/// is recognised at its quote, by the `r#` before it.
const SPECIAL: [bool; 256] = {
    let mut table = [false; 256];
    let special = b"\"'/()[]{},";
    let mut i = 0;
    while i < special.len() {
        table[special[i] as usize] = true;
        i += 1;
    }
    table
};

fn is_ident_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_'
}

fn is_ident_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

/// A cursor over the bytes of a RON file that steps over whole tokens.
struct Scanner<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Scanner<'_> {
    /// Reads up to and including the `{` of the `scenes` map, or `None` if the file does not
    /// look as expected.
    fn head(&mut self) -> Option<Head> {
        self.skip_trivia()?;
        while self.peek() == Some(b'#') {
            // An attribute: `#![enable(implicit_some)]`.
            self.at += 1;
            self.expect(b'!')?;
            self.skip_trivia()?;
            self.expect(b'[')?;
            self.skip_group()?;
            self.skip_trivia()?;
        }
        let value_start = self.at;
        self.identifier();
        self.skip_trivia()?;
        self.expect(b'(')?;
        // Inside the scenario: look for `scenes:` among its fields.
        loop {
            self.skip_trivia()?;
            match self.peek()? {
                b')' => return None,
                c if is_ident_start(c) => {
                    let is_scenes = self.identifier() == b"scenes";
                    self.skip_trivia()?;
                    if is_scenes && self.peek() == Some(b':') {
                        self.at += 1;
                        self.skip_trivia()?;
                        let map_open = self.at;
                        self.expect(b'{')?;
                        return Some(Head {
                            value_start,
                            map_open,
                        });
                    }
                }
                _ => self.token()?,
            }
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn peek_at(&self, ahead: usize) -> Option<u8> {
        self.bytes.get(self.at + ahead).copied()
    }

    fn expect(&mut self, c: u8) -> Option<()> {
        (self.peek()? == c).then(|| self.at += 1)
    }

    /// Skips whitespace and comments.
    fn skip_trivia(&mut self) -> Option<()> {
        loop {
            match self.peek() {
                Some(c) if c.is_ascii_whitespace() => self.at += 1,
                Some(b'/') if self.peek_at(1) == Some(b'/') => {
                    match memchr::memchr(b'\n', &self.bytes[self.at..]) {
                        Some(n) => self.at += n + 1,
                        None => self.at = self.bytes.len(),
                    }
                }
                Some(b'/') if self.peek_at(1) == Some(b'*') => self.block_comment()?,
                _ => return Some(()),
            }
        }
    }

    /// Skips a block comment; they nest, as in ron.
    fn block_comment(&mut self) -> Option<()> {
        self.at += 2;
        let mut level = 1;
        while level > 0 {
            let n = memchr::memchr2(b'/', b'*', &self.bytes[self.at..])?;
            self.at += n;
            if self.bytes[self.at..].starts_with(b"/*") {
                level += 1;
                self.at += 2;
            } else if self.bytes[self.at..].starts_with(b"*/") {
                level -= 1;
                self.at += 2;
            } else {
                self.at += 1;
            }
        }
        Some(())
    }

    /// Reads an identifier and returns its name. The `r` of a raw identifier or string reads
    /// as an identifier of its own; the `#` and the rest follow as tokens.
    fn identifier(&mut self) -> &[u8] {
        let start = self.at;
        while self.peek().is_some_and(is_ident_char) {
            self.at += 1;
        }
        &self.bytes[start..self.at]
    }

    /// Steps over one token that is not trivia: a string, character, bracketed group, or a byte
    /// of anything else.
    fn token(&mut self) -> Option<()> {
        match self.peek()? {
            b'"' => self.string(),
            b'\'' => self.quoted(b'\''),
            b'(' | b'[' | b'{' => {
                self.at += 1;
                self.skip_group()
            }
            b')' | b']' | b'}' | b'/' => None,
            _ => {
                self.at += 1;
                Some(())
            }
        }
    }

    /// Skips the rest of a group up to and including its closing bracket.
    fn skip_group(&mut self) -> Option<()> {
        let close = self.group(|_| true)?;
        self.at = close + 1;
        Some(())
    }

    /// Walks the rest of a group whose opening bracket has been read, to its closing bracket,
    /// whose offset it returns; `comma` hears of every comma directly inside the group, and
    /// stops the walk there by returning false.
    ///
    /// This is the hot loop over a large file, so it looks at each byte once and leaves the
    /// matching of bracket kinds to ron.
    fn group(&mut self, mut comma: impl FnMut(usize) -> bool) -> Option<usize> {
        let mut depth = 0usize;
        loop {
            // Most bytes are letters, digits, spaces and colons: pass over them in a tight loop.
            let rest = &self.bytes[self.at..];
            self.at += rest
                .iter()
                .position(|&c| SPECIAL[c as usize])
                .unwrap_or(rest.len());
            let c = self.peek()?;
            match c {
                b'"' => self.string()?,
                b'\'' => self.quoted(b'\'')?,
                b'/' => match self.peek_at(1)? {
                    b'/' | b'*' => self.skip_trivia()?,
                    _ => return None,
                },
                b'(' | b'[' | b'{' => {
                    depth += 1;
                    self.at += 1;
                }
                b')' | b']' | b'}' => {
                    if depth == 0 {
                        return Some(self.at);
                    }
                    depth -= 1;
                    self.at += 1;
                }
                _ => {
                    if depth == 0 && !comma(self.at) {
                        return Some(self.at);
                    }
                    self.at += 1;
                }
            }
        }
    }

    /// Skips a quoted string or character, escapes included.
    fn quoted(&mut self, quote: u8) -> Option<()> {
        self.at += 1;
        loop {
            let n = memchr::memchr2(quote, b'\\', &self.bytes[self.at..])?;
            self.at += n;
            if self.bytes[self.at] == b'\\' {
                self.at += 2;
            } else {
                self.at += 1;
                return Some(());
            }
        }
    }

    /// Skips the string whose opening `"` is here: a raw string when `r`, `r#`, `br#`, ...
    /// stand before it, else a quoted one (byte strings `b"..."` included).
    fn string(&mut self) -> Option<()> {
        match self.raw_hashes_behind() {
            Some(hashes) => self.raw_string_body(hashes),
            None => self.quoted(b'"'),
        }
    }

    /// When the `"` here opens a raw string (`r"`, `r#"`, `br"`, ...), the number of `#`s.
    fn raw_hashes_behind(&self) -> Option<usize> {
        let before = &self.bytes[..self.at];
        let hashes = before.iter().rev().take_while(|&&b| b == b'#').count();
        let before = &before[..before.len() - hashes];
        let before = before.strip_suffix(b"r")?;
        let before = before.strip_suffix(b"b").unwrap_or(before);
        match before.last() {
            Some(&c) if is_ident_char(c) => None,
            _ => Some(hashes),
        }
    }

    /// Skips a raw string from its opening `"` to its closing `"` and `hashes` `#`s.
    fn raw_string_body(&mut self, hashes: usize) -> Option<()> {
        self.expect(b'"')?;
        loop {
            let n = memchr::memchr(b'"', &self.bytes[self.at..])?;
            self.at += n + 1;
            let end = self.at + hashes;
            if end <= self.bytes.len() && self.bytes[self.at..end].iter().all(|&b| b == b'#') {
                self.at = end;
                return Some(());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn whole(text: &str) -> RawScenario {
        ron_options()
            .from_str::<RawScenario>(text)
            .expect("the test scenario parses")
    }

    const TRICKY: &str = r####"// A header comment with a { brace and a " quote
#![enable(implicit_some)]
/* a /* nested */ block comment with ( and "quotes" */
Scenario(
  format: 1,
  id: "tricky",
  title: "Tricky, with }{ and \" inside",
  summary: r#"A raw string with "quotes", }, and {"#,
  roles: ["everyone"],
  minutes: 5,
  author: "canteen tests",
  pass_mark: 0,
  start: "a",
  scenes: {
    "a": Scene(
      text: r##"Text with "# and }, {" inside"##,
      discuss: "Why, though?",
      choices: [
        Choice(id: "a-1", text: "One, two", feedback: "Because: \\\"", effects: {"respect": 1}, next: "b"),
        Choice(id: "a-2", text: "Three", feedback: "Because.", effects: {"respect": -1}, next: "end"), // }, {
      ],
    ),
    /* "b" is next, } */
    // Don't cut inside a comment, { or an apostrophe's quote.
    "b": Scene(
      text: "B\n, {",
      choices: [
        Choice(id: "b-1", text: "On", feedback: "Ok.", effects: {"respect": 1}, next: "c"),
        Choice(id: "b-2", text: "Off", feedback: "Ok.", effects: {"respect": -1}, next: "end"),
      ],
    ),
    "c": Scene(
      text: "C",
      choices: [
        Choice(id: "c-1", text: "On", feedback: "Ok.", effects: {"respect": 1}, next: "d"),
        Choice(id: "c-2", text: "Off", feedback: "Ok.", effects: {"respect": -1}, next: "end"),
      ],
    ),
    "d": Scene(
      text: "D",
      choices: [
        Choice(id: "d-1", text: "On", feedback: "Ok.", effects: {"respect": 1}, next: "end"),
        Choice(id: "d-2", text: "Off", feedback: "Ok.", effects: {"respect": -1}, next: "end"),
      ],
    ),
  },
  endings: {
    "end": Ending(title: "End", outcome: "Done.", debrief: "Learned."),
  },
)
"####;

    #[test]
    fn every_way_of_cutting_reads_what_one_read_does() {
        let one = whole(TRICKY);
        assert_eq!(one.scenes.len(), 4);
        for parts in 2..=6 {
            let cut = parse_in_parts(TRICKY, parts).expect("the tricky file can be cut");
            assert_eq!(format!("{cut:?}"), format!("{one:?}"), "{parts} parts");
        }
    }

    #[test]
    fn a_raw_field_name_is_found_too() {
        let raw = TRICKY.replace("  scenes: {", "  r#scenes: {");
        let one = whole(&raw);
        let cut = parse_in_parts(&raw, 3).expect("the file can be cut");
        assert_eq!(format!("{cut:?}"), format!("{one:?}"));
    }

    #[test]
    fn the_scan_finds_the_scenes_map_past_strings_and_comments() {
        let mut s = Scanner {
            bytes: TRICKY.as_bytes(),
            at: 0,
        };
        let head = s.head().expect("the scenes map is found");
        assert!(TRICKY[head.value_start..].starts_with("Scenario("));
        assert!(TRICKY[..head.map_open].ends_with("scenes: "));
        let mut commas = Vec::new();
        let close = s
            .group(|at| {
                commas.push(at);
                true
            })
            .expect("the map is closed");
        assert!(TRICKY[close..].starts_with("},\n  endings"));
        assert_eq!(commas.len(), 4, "one comma after each scene");
        for at in commas {
            assert!(TRICKY[..at].ends_with(')'), "{}", &TRICKY[at - 20..at + 1]);
        }
    }

    #[test]
    fn a_broken_part_means_reading_the_whole_file() {
        let broken = TRICKY.replace("\"c\": Scene(", "\"c\": Scene(nonsense: 1, ");
        assert!(parse_in_parts(&broken, 2).is_none());
        let unclosed = TRICKY.replace("/* \"b\" is next, } */", "/* \"b\" is next, }");
        assert!(parse_in_parts(&unclosed, 2).is_none());
        let duplicate = TRICKY.replace("  pass_mark: 0,", "  pass_mark: 0,\n  scenes: {},");
        assert!(parse_in_parts(&duplicate, 2).is_none());
    }

    #[test]
    fn files_without_a_scenes_map_are_not_cut() {
        for text in ["Scenario(format: 1)", "[1, 2]", "", "Scenario(scenes: [])"] {
            let mut s = Scanner {
                bytes: text.as_bytes(),
                at: 0,
            };
            assert_eq!(s.head(), None, "{text}");
        }
        assert!(parse_in_parts("Scenario(scenes: {\"a\": Scene(text: \"x\")})", 2).is_none());
    }
}
