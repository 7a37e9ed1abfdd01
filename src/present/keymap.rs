//! Keys as data: one [`Keymap`] per screen says which keys do what there, and the same table
//! gives the screen's hint bar and its lines in the help, so a key cannot be bound without
//! being explained. The trainer, the author's preview and the workshop projector each build
//! their tables from these pieces; what an action does stays with the shell.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// A key as a table names it: a code, with or without Ctrl held.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
}

/// A key pressed on its own (Shift and Alt are not told apart).
pub const fn key(code: KeyCode) -> Key {
    Key { code, ctrl: false }
}

/// A character key pressed on its own.
pub const fn ch(c: char) -> Key {
    key(KeyCode::Char(c))
}

/// A character key with Ctrl held.
pub const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        ctrl: true,
    }
}

impl Key {
    /// The key as the help and the README name it: `↑`, `Enter`, `PgUp`, `Ctrl-C`, `q`.
    pub fn name(&self) -> String {
        let base = match self.code {
            KeyCode::Up => "↑".to_string(),
            KeyCode::Down => "↓".to_string(),
            KeyCode::Left => "←".to_string(),
            KeyCode::Right => "→".to_string(),
            KeyCode::PageUp => "PgUp".to_string(),
            KeyCode::PageDown => "PgDn".to_string(),
            KeyCode::Home => "Home".to_string(),
            KeyCode::End => "End".to_string(),
            KeyCode::Enter => "Enter".to_string(),
            KeyCode::Esc => "Esc".to_string(),
            KeyCode::Tab => "Tab".to_string(),
            KeyCode::Backspace => "Backspace".to_string(),
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) if self.ctrl => c.to_ascii_uppercase().to_string(),
            KeyCode::Char(c) => c.to_string(),
            other => format!("{other:?}"),
        };
        if self.ctrl {
            format!("Ctrl-{base}")
        } else {
            base
        }
    }

    /// The key event a press of this key makes, as a terminal sends it.
    pub fn event(&self) -> KeyEvent {
        let modifiers = if self.ctrl {
            KeyModifiers::CONTROL
        } else {
            KeyModifiers::NONE
        };
        KeyEvent::new(self.code, modifiers)
    }

    fn matches(&self, code: KeyCode, ctrl: bool) -> bool {
        self.code == code && self.ctrl == ctrl
    }
}

/// One line of help: the keys it explains, each with the action it asks for.
#[derive(Debug, Clone)]
pub struct Binding<A> {
    /// The keys as the help shows them, e.g. `↑ ↓  j k`.
    pub label: &'static str,
    /// What the keys do, for the help.
    pub help: &'static str,
    /// The short form in the hint bar, e.g. `↑↓ select`; most bindings have none.
    pub hint: Option<&'static str>,
    pub keys: Vec<(Key, A)>,
}

impl<A> Binding<A> {
    /// The names of the keys, in the table's order, with a run of digits or letters written
    /// as a range (`1-9`, `A-I`).
    pub fn names(&self) -> Vec<String> {
        names(self.keys.iter().map(|(k, _)| *k))
    }
}

/// The names of keys, with runs of three or more consecutive characters as a range.
pub fn names(keys: impl IntoIterator<Item = Key>) -> Vec<String> {
    let keys: Vec<Key> = keys.into_iter().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < keys.len() {
        let mut j = i;
        while let (Some(a), Some(b)) = (char_of(keys[j]), keys.get(j + 1).and_then(|k| char_of(*k)))
        {
            if b as u32 != a as u32 + 1 {
                break;
            }
            j += 1;
        }
        if j >= i + 2 {
            let (first, last) = (keys[i].name(), keys[j].name());
            out.push(format!("{first}-{last}"));
        } else {
            j = i;
            out.push(keys[i].name());
        }
        i = j + 1;
    }
    out
}

fn char_of(k: Key) -> Option<char> {
    match k.code {
        KeyCode::Char(c) if !k.ctrl && c.is_ascii_alphanumeric() => Some(c),
        _ => None,
    }
}

/// The keys of one screen or box, in the order the help lists them.
#[derive(Debug, Clone)]
pub struct Keymap<A> {
    /// The heading of this table's lines in the help.
    pub title: &'static str,
    pub bindings: Vec<Binding<A>>,
    /// Letters are read without regard to case (the projector, where Caps Lock is common).
    pub fold_case: bool,
}

impl<A: Copy> Keymap<A> {
    /// An empty table under a heading.
    pub fn new(title: &'static str) -> Keymap<A> {
        Keymap {
            title,
            bindings: Vec::new(),
            fold_case: false,
        }
    }

    /// Reads letters without regard to case.
    pub fn folding_case(mut self) -> Keymap<A> {
        self.fold_case = true;
        self
    }

    /// Adds a line of help and the keys it explains.
    pub fn bind(
        mut self,
        label: &'static str,
        help: &'static str,
        keys: impl IntoIterator<Item = (Key, A)>,
    ) -> Keymap<A> {
        self.bindings.push(Binding {
            label,
            help,
            hint: None,
            keys: keys.into_iter().collect(),
        });
        self
    }

    /// Adds keys that all ask for one action.
    pub fn bind_all(
        self,
        label: &'static str,
        help: &'static str,
        keys: &[Key],
        action: A,
    ) -> Keymap<A> {
        self.bind(label, help, keys.iter().map(|&k| (k, action)))
    }

    /// Adds a line of help with no key of its own (the mouse, say).
    pub fn note(self, label: &'static str, help: &'static str) -> Keymap<A> {
        self.bind(label, help, [])
    }

    /// Gives the last binding a place in the hint bar.
    pub fn hint(mut self, hint: &'static str) -> Keymap<A> {
        if let Some(b) = self.bindings.last_mut() {
            b.hint = Some(hint);
        }
        self
    }

    /// The action of a key press, if this table binds the key. Releases ask for nothing.
    pub fn lookup(&self, k: KeyEvent) -> Option<A> {
        if k.kind == KeyEventKind::Release {
            return None;
        }
        let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
        let code = match k.code {
            KeyCode::Char(c) if self.fold_case => KeyCode::Char(c.to_ascii_lowercase()),
            other => other,
        };
        self.bindings
            .iter()
            .flat_map(|b| &b.keys)
            .find(|(key, _)| key.matches(code, ctrl))
            .map(|(_, a)| *a)
    }

    /// The hint bar's words for this table: its hinted bindings, joined by ` · `.
    pub fn hint_text(&self) -> String {
        hint([self])
    }

    /// The help's lines for this table: each label once, with what it does. Bindings that
    /// share a label (one key meaning different things in different phases) are one line,
    /// their texts joined by `; `, each text once.
    pub fn help_lines(&self) -> Vec<(&'static str, String)> {
        let mut lines: Vec<(&'static str, Vec<&'static str>)> = Vec::new();
        for b in &self.bindings {
            match lines.iter_mut().find(|(label, _)| *label == b.label) {
                Some((_, texts)) if texts.contains(&b.help) => {}
                Some((_, texts)) => texts.push(b.help),
                None => lines.push((b.label, vec![b.help])),
            }
        }
        lines
            .into_iter()
            .map(|(label, texts)| (label, texts.join("; ")))
            .collect()
    }

    /// Every key of the table with the action it asks for, as key events: for tests, and for
    /// anything that must know all the keys.
    pub fn presses(&self) -> Vec<(KeyEvent, A)> {
        self.bindings
            .iter()
            .flat_map(|b| &b.keys)
            .map(|(k, a)| (k.event(), *a))
            .collect()
    }
}

/// The hint bar for several tables, screen first: their hinted bindings joined by ` · `.
pub fn hint<'a, A: 'a>(maps: impl IntoIterator<Item = &'a Keymap<A>>) -> String {
    maps.into_iter()
        .flat_map(|m| &m.bindings)
        .filter_map(|b| b.hint)
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The nine digit keys, `1` asking for `pick(0)` and `9` for `pick(8)`.
pub fn digits<A>(pick: fn(usize) -> A) -> Vec<(Key, A)> {
    ('1'..='9')
        .enumerate()
        .map(|(i, c)| (ch(c), pick(i)))
        .collect()
}

/// Each key with the same action.
pub fn each<A: Copy>(keys: &[Key], action: A) -> Vec<(Key, A)> {
    keys.iter().map(|&k| (k, action)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum Act {
        Up,
        Pick(usize),
        Quit,
    }

    fn map() -> Keymap<Act> {
        Keymap::new("Test")
            .bind_all("↑ k", "move up", &[key(KeyCode::Up), ch('k')], Act::Up)
            .hint("↑ up")
            .bind("1-9", "pick", digits(Act::Pick))
            .bind_all("q Ctrl-C", "quit", &[ch('q'), ctrl('c')], Act::Quit)
            .hint("q quit")
            .bind_all("q Ctrl-C", "quit", &[], Act::Quit)
    }

    #[test]
    fn looks_up_keys_with_ctrl_told_apart() {
        let m = map();
        assert_eq!(m.lookup(ch('k').event()), Some(Act::Up));
        assert_eq!(m.lookup(ch('3').event()), Some(Act::Pick(2)));
        assert_eq!(m.lookup(ctrl('c').event()), Some(Act::Quit));
        assert_eq!(m.lookup(ch('c').event()), None);
        assert_eq!(m.lookup(ctrl('k').event()), None);
    }

    #[test]
    fn hints_and_help_lines_come_from_the_bindings() {
        let m = map();
        assert_eq!(m.hint_text(), "↑ up · q quit");
        assert_eq!(
            m.help_lines(),
            vec![
                ("↑ k", "move up".to_string()),
                ("1-9", "pick".to_string()),
                ("q Ctrl-C", "quit".to_string())
            ]
        );
    }

    #[test]
    fn names_write_runs_as_ranges() {
        let m = map();
        assert_eq!(m.bindings[1].names(), vec!["1-9"]);
        assert_eq!(m.bindings[2].names(), vec!["q", "Ctrl-C"]);
        assert_eq!(names([ch('a'), ch('b')]), vec!["a", "b"]);
    }
}
