//! Every key the trainer understands, mapped to an action, in one place.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// What a key press asks for; which ones apply depends on the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Confirm,
    Back,
    Pick(usize),
    Help,
    Quit,
    ForceQuit,
    Filter,
    Name,
    Retry,
    Resume,
    StartAgain,
    Yes,
    Char(char),
    Backspace,
}

/// The action for a key, reading letters as commands (`text_entry` reads them as typing).
pub fn action(key: KeyEvent, text_entry: bool) -> Option<Action> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    if key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c') {
        return Some(Action::ForceQuit);
    }
    Some(match key.code {
        KeyCode::Up => Action::Up,
        KeyCode::Down => Action::Down,
        KeyCode::PageUp => Action::PageUp,
        KeyCode::PageDown => Action::PageDown,
        KeyCode::Home => Action::Top,
        KeyCode::End => Action::Bottom,
        KeyCode::Enter => Action::Confirm,
        KeyCode::Esc => Action::Back,
        KeyCode::Backspace => Action::Backspace,
        KeyCode::Char(c) if text_entry => Action::Char(c),
        KeyCode::Char(' ') => Action::PageDown,
        KeyCode::Char(c @ '1'..='9') => Action::Pick(c as usize - '1' as usize),
        KeyCode::Char('k') => Action::Up,
        KeyCode::Char('j') => Action::Down,
        KeyCode::Char('?') => Action::Help,
        KeyCode::Char('q') => Action::Quit,
        KeyCode::Char('f') => Action::Filter,
        KeyCode::Char('n') => Action::Name,
        KeyCode::Char('r') => Action::Retry,
        KeyCode::Char('c') => Action::Resume,
        KeyCode::Char('s') => Action::StartAgain,
        KeyCode::Char('y') => Action::Yes,
        KeyCode::Char('h') => Action::Back,
        _ => return None,
    })
}
