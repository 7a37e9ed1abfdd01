//! Every key the trainer and the author's preview understand, as one table per screen and box
//! (see [`crate::present::keymap`]): the same tables drive the key handling, the hint bar at
//! the foot of each screen and the lines of the help, so a key cannot exist without its help
//! line. Typing a name is the one mode outside the tables: there every letter is text.

use std::sync::LazyLock;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::present::keymap::{Key, Keymap, ch, ctrl, digits, each, key};

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
    /// Turn time limits off, or on again.
    TimeLimits,
    Char(char),
    Backspace,
}

const UP: [Key; 2] = [key(KeyCode::Up), ch('k')];
const DOWN: [Key; 2] = [key(KeyCode::Down), ch('j')];
const PAGE_DOWN: [Key; 2] = [key(KeyCode::PageDown), ch(' ')];
const BACK: [Key; 2] = [ch('h'), key(KeyCode::Esc)];

/// `↑`/`k` up and `↓`/`j` down.
fn up_down() -> Vec<(Key, Action)> {
    let mut keys = each(&UP, Action::Up);
    keys.extend(each(&DOWN, Action::Down));
    keys
}

/// `PgUp` a page up, `PgDn`/Space a page down.
fn pages() -> Vec<(Key, Action)> {
    let mut keys = vec![(key(KeyCode::PageUp), Action::PageUp)];
    keys.extend(each(&PAGE_DOWN, Action::PageDown));
    keys
}

/// Keys on every screen, read after the screen's own.
pub static EVERYWHERE: LazyLock<Keymap<Action>> = LazyLock::new(|| {
    Keymap::new("Everywhere")
        .bind_all("?", "show or hide this help", &[ch('?')], Action::Help)
        .hint("? help")
        .bind_all(
            "q",
            "quit (asks first during a scenario; your progress is kept)",
            &[ch('q')],
            Action::Quit,
        )
        .hint("q quit")
        .bind_all(
            "Ctrl-C",
            "quit at once (progress is saved after every choice)",
            &[ctrl('c')],
            Action::ForceQuit,
        )
});

/// The scenario list.
pub static HOME: LazyLock<Keymap<Action>> = LazyLock::new(|| {
    Keymap::new("Scenario list")
        .bind("↑ ↓  j k", "move", up_down())
        .hint("↑↓ select")
        .bind(
            "Home End",
            "first or last scenario",
            [
                (key(KeyCode::Home), Action::Top),
                (key(KeyCode::End), Action::Bottom),
            ],
        )
        .bind("1-9", "jump to a scenario", digits(Action::Pick))
        .bind_all(
            "Enter",
            "play, or resume where you left off",
            &[key(KeyCode::Enter)],
            Action::Confirm,
        )
        .hint("Enter play")
        .bind_all("f", "filter by role", &[ch('f')], Action::Filter)
        .hint("f role")
        .bind_all(
            "n",
            "your name or staff number for your records",
            &[ch('n')],
            Action::Name,
        )
        .hint("n name")
        .bind_all(
            "t",
            "turn time limits off or on",
            &[ch('t')],
            Action::TimeLimits,
        )
        .hint("t time limits")
        .bind_all("h Esc", "quit canteen", &BACK, Action::Back)
});

/// A decision.
pub static SCENE: LazyLock<Keymap<Action>> = LazyLock::new(|| {
    let mut select = up_down();
    select.push((key(KeyCode::Enter), Action::Confirm));
    Keymap::new("A decision")
        .bind("1-9", "make that choice", digits(Action::Pick))
        .hint("1-9 choose")
        .bind("↑ ↓  j k  Enter", "select and make a choice", select)
        .hint("↑↓ Enter select")
        .note("click", "make a choice with the mouse")
        .bind("PgUp PgDn Space", "scroll the story", pages())
        .hint("PgUp/PgDn scroll")
        .bind(
            "Home End",
            "to the start or the end of the story",
            [
                (key(KeyCode::Home), Action::Top),
                (key(KeyCode::End), Action::Bottom),
            ],
        )
        .bind_all(
            "t",
            "turn time limits off (or on again)",
            &[ch('t')],
            Action::TimeLimits,
        )
        .bind_all(
            "h Esc",
            "back to the list (progress is kept)",
            &BACK,
            Action::Back,
        )
});

/// The feedback after a choice.
pub static FEEDBACK: LazyLock<Keymap<Action>> = LazyLock::new(|| {
    Keymap::new("Feedback")
        .bind_all(
            "Enter",
            "carry on with the story",
            &[key(KeyCode::Enter)],
            Action::Confirm,
        )
        .hint("Enter continue")
        .bind("↑ ↓  j k", "scroll", up_down())
        .hint("↑↓ scroll")
        .bind("PgUp PgDn Space", "scroll a page", pages())
        .bind_all(
            "h Esc",
            "back to the list (progress is kept)",
            &BACK,
            Action::Back,
        )
});

/// The ending.
pub static ENDING: LazyLock<Keymap<Action>> = LazyLock::new(|| {
    Keymap::new("The end")
        .bind_all("r", "try the scenario again", &[ch('r')], Action::Retry)
        .hint("r try again")
        .bind_all(
            "Enter h Esc",
            "back to the list",
            &[key(KeyCode::Enter), ch('h'), key(KeyCode::Esc)],
            Action::Back,
        )
        .hint("Enter home")
        .bind("↑ ↓  j k", "scroll", up_down())
        .hint("↑↓ scroll")
        .bind("PgUp PgDn Space", "scroll a page", pages())
        .bind_all(
            "Home",
            "back to the top",
            &[key(KeyCode::Home)],
            Action::Top,
        )
});

/// The help box: the keys that close it.
pub static HELP_BOX: LazyLock<Keymap<Action>> = LazyLock::new(|| {
    Keymap::new("Help").bind_all(
        "?, Esc, h, Enter or q",
        "to close",
        &[
            ch('?'),
            key(KeyCode::Esc),
            ch('h'),
            key(KeyCode::Enter),
            ch('q'),
        ],
        Action::Back,
    )
});

/// Asking before quitting during a scenario.
pub static CONFIRM_QUIT: LazyLock<Keymap<Action>> = LazyLock::new(|| {
    Keymap::new("Quit?")
        .bind_all(
            "y / Enter / q",
            "quit",
            &[ch('y'), key(KeyCode::Enter), ch('q')],
            Action::Yes,
        )
        .bind_all(
            "n / Esc / h",
            "keep going",
            &[ch('n'), key(KeyCode::Esc), ch('h')],
            Action::Back,
        )
});

/// Offering to carry on a saved attempt.
pub static RESUME: LazyLock<Keymap<Action>> = LazyLock::new(|| {
    Keymap::new("Carry on?")
        .bind_all(
            "c / Enter",
            "carry on where you left off",
            &[ch('c'), key(KeyCode::Enter)],
            Action::Resume,
        )
        .bind_all("s", "start again", &[ch('s')], Action::StartAgain)
        .bind_all(
            "Esc / h",
            "back to the list",
            &[key(KeyCode::Esc), ch('h')],
            Action::Back,
        )
});

/// Before a timed decision's countdown starts.
pub static TIMED: LazyLock<Keymap<Action>> = LazyLock::new(|| {
    Keymap::new("A timed decision")
        .bind_all(
            "Enter / Space",
            "start the countdown",
            &[key(KeyCode::Enter), ch(' ')],
            Action::Confirm,
        )
        .bind_all(
            "t",
            "no time limits: this and every timed decision wait for you",
            &[ch('t')],
            Action::TimeLimits,
        )
});

/// The first run's question about time limits.
pub static FIRST_TIMING: LazyLock<Keymap<Action>> = LazyLock::new(|| {
    Keymap::new("Time limits")
        .bind_all(
            "Enter / Esc",
            "keep time limits",
            &[key(KeyCode::Enter), key(KeyCode::Esc)],
            Action::Confirm,
        )
        .bind_all(
            "t",
            "no time limits: timed decisions wait for you",
            &[ch('t')],
            Action::TimeLimits,
        )
});

/// The screens' tables in the order the help lists them.
pub fn help_sections() -> [&'static Keymap<Action>; 5] {
    [&EVERYWHERE, &HOME, &SCENE, &FEEDBACK, &ENDING]
}

/// Typing a name: every character is text; Enter saves, Esc cancels, Ctrl-C still quits.
pub fn typing(k: KeyEvent) -> Option<Action> {
    if k.modifiers.contains(KeyModifiers::CONTROL) && k.code == KeyCode::Char('c') {
        return Some(Action::ForceQuit);
    }
    match k.code {
        KeyCode::Enter => Some(Action::Confirm),
        KeyCode::Esc => Some(Action::Back),
        KeyCode::Backspace => Some(Action::Backspace),
        KeyCode::Char(c) => Some(Action::Char(c)),
        _ => None,
    }
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
    /// Show the diagnostics full-screen, at any width.
    Enlarge,
    /// Scroll the diagnostics panel.
    PanelUp,
    PanelDown,
    Quit,
    /// Quit from anywhere, whatever box is open.
    ForceQuit,
}

/// The preview's own keys, read before the trainer's.
pub static PREVIEW: LazyLock<Keymap<PreviewAction>> = LazyLock::new(|| {
    use PreviewAction as P;
    Keymap::new("Preview")
        .bind_all(
            "g",
            "jump to a scene (plays the shortest route there)",
            &[ch('g')],
            P::Jump,
        )
        .bind_all("s", "flags set and the score so far", &[ch('s')], P::Scores)
        .bind_all("R", "restart from the first scene", &[ch('R')], P::Restart)
        .bind_all(
            "d",
            "hide or show the problems (full-screen when narrow)",
            &[ch('d')],
            P::Diagnostics,
        )
        .bind_all(
            "D",
            "problems full-screen at any width",
            &[ch('D')],
            P::Enlarge,
        )
        .bind(
            "[ ]",
            "scroll the problems",
            [(ch('['), P::PanelUp), (ch(']'), P::PanelDown)],
        )
        .bind(
            "q Ctrl-C",
            "quit (a preview keeps no records)",
            [(ch('q'), P::Quit), (ctrl('c'), P::ForceQuit)],
        )
        .bind_all("?", "show or hide this help", &[ch('?')], P::Help)
});

/// Moving through a list or a long text in the preview's boxes: the list of scenes, and the
/// problems when they fill the screen.
pub static PREVIEW_LIST: LazyLock<Keymap<Action>> = LazyLock::new(|| {
    Keymap::new("Lists and problems")
        .bind("↑ ↓  j k", "move or scroll", up_down())
        .bind("PgUp PgDn Space", "a page at a time", pages())
        .bind(
            "Home End",
            "to the top or the bottom",
            [
                (key(KeyCode::Home), Action::Top),
                (key(KeyCode::End), Action::Bottom),
            ],
        )
        .bind_all(
            "Enter",
            "go to the scene picked",
            &[key(KeyCode::Enter)],
            Action::Confirm,
        )
        .bind_all(
            "h Esc",
            "close the list, or the full-screen problems",
            &BACK,
            Action::Back,
        )
});
