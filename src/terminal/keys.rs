//! Every key the trainer understands, mapped to an action, in one place; and the few keys the
//! author's preview reads before the trainer sees them.

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

/// What a key asks of the author's preview (`canteen preview`), which reads these keys first
/// and passes every other key to the trainer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PreviewAction {
    Help,
    /// Open the list of scenes to jump to.
    Jump,
    /// Show the flags and the score so far.
    Scores,
    /// A fresh session from the first scene.
    Restart,
    /// Show or hide the diagnostics.
    Diagnostics,
    /// Scroll the diagnostics panel.
    PanelUp,
    PanelDown,
    Quit,
}

/// The preview's action for a key, if it is one of the preview's own.
pub fn preview_action(key: KeyEvent) -> Option<PreviewAction> {
    if key.kind == KeyEventKind::Release || key.modifiers.contains(KeyModifiers::CONTROL) {
        return None;
    }
    Some(match key.code {
        KeyCode::Char('?') => PreviewAction::Help,
        KeyCode::Char('g') => PreviewAction::Jump,
        KeyCode::Char('s') => PreviewAction::Scores,
        KeyCode::Char('R') => PreviewAction::Restart,
        KeyCode::Char('d') => PreviewAction::Diagnostics,
        KeyCode::Char('[') => PreviewAction::PanelUp,
        KeyCode::Char(']') => PreviewAction::PanelDown,
        KeyCode::Char('q') => PreviewAction::Quit,
        _ => return None,
    })
}
