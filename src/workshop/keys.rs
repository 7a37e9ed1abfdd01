//! The facilitator's keys, as one table per phase of a decision (see
//! [`crate::present::keymap`]): the table of the phase on screen drives the key handling and
//! the hint bar, and the help lists every table, so a key cannot exist without its help line.
//! Letters are read without regard to case. Typing the show of hands is the one mode outside
//! the tables: there the digits are the count.

use std::sync::LazyLock;

use ratatui::crossterm::event::KeyCode;

use crate::present::keymap::{Keymap, ch, ctrl, each, key};

/// What a key asks of the workshop; which ones apply depends on the phase.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Put the first decision to the room.
    Begin,
    OpenVoting,
    CloseVoting,
    /// Type the show of hands.
    Hands,
    Reveal,
    /// Follow the majority of the tally.
    FollowMajority,
    /// Follow this option (counting from 0), whatever the tally.
    Follow(usize),
    /// Feedback on the next option, or the previous one.
    Next,
    Previous,
    /// Carry on with the story after the feedback.
    CarryOn,
    Up,
    Down,
    PageUp,
    PageDown,
    Export,
    Prompt,
    Help,
    Quit,
    ForceQuit,
}

const ENTER: &str = "Enter";
const HANDS: (&str, &str) = ("h", "type the show-of-hands count for each option");
const PROMPT: (&str, &str) = ("p", "show or hide the discussion prompt");
const SCROLL: (&str, &str) = ("↑ ↓ PgUp PgDn", "scroll feedback and the summary");
const NEXT: (&str, &str) = ("n → / ←", "feedback on the next / previous option");

/// The discussion prompt, named in the hint bar while the room reads and votes.
fn prompt(map: Keymap<Action>) -> Keymap<Action> {
    map.bind_all(PROMPT.0, PROMPT.1, &[ch('p')], Action::Prompt)
        .hint("p discussion prompt")
}

fn scroll(map: Keymap<Action>) -> Keymap<Action> {
    map.bind(
        SCROLL.0,
        SCROLL.1,
        [
            (key(KeyCode::Up), Action::Up),
            (key(KeyCode::Down), Action::Down),
            (key(KeyCode::PageUp), Action::PageUp),
            (key(KeyCode::PageDown), Action::PageDown),
        ],
    )
}

/// Keys in every phase, read after the phase's own.
pub static EVERYWHERE: LazyLock<Keymap<Action>> = LazyLock::new(|| {
    Keymap::new("Everywhere")
        .folding_case()
        .bind_all(PROMPT.0, PROMPT.1, &[ch('p')], Action::Prompt)
        .bind_all("?", "this help", &[ch('?')], Action::Help)
        .hint("? help")
        .bind_all(
            "q",
            "quit (asks first during the story)",
            &[ch('q')],
            Action::Quit,
        )
        .hint("q quit")
        .bind_all("Ctrl-C", "quit at once", &[ctrl('c')], Action::ForceQuit)
});

/// Before the first decision.
pub static LOBBY: LazyLock<Keymap<Action>> = LazyLock::new(|| {
    Keymap::new("Lobby")
        .folding_case()
        .bind_all(ENTER, "begin", &[key(KeyCode::Enter)], Action::Begin)
        .hint("Enter begin")
});

/// The room reads the situation, with phones to vote on.
pub static READING_SERVED: LazyLock<Keymap<Action>> = LazyLock::new(|| {
    let map = Keymap::new("Reading, phones joined")
        .folding_case()
        .bind_all(
            "v",
            "open voting on phones (with --serve)",
            &[ch('v')],
            Action::OpenVoting,
        )
        .hint("v open voting")
        .bind_all(HANDS.0, HANDS.1, &[ch('h')], Action::Hands)
        .hint("h show of hands");
    prompt(map)
});

/// The room reads the situation, voting by show of hands only.
pub static READING: LazyLock<Keymap<Action>> = LazyLock::new(|| {
    let map = Keymap::new("Reading")
        .folding_case()
        .bind_all(HANDS.0, HANDS.1, &[ch('h')], Action::Hands)
        .hint("h show of hands");
    prompt(map)
});

/// Phones are voting.
pub static VOTING: LazyLock<Keymap<Action>> = LazyLock::new(|| {
    let map = Keymap::new("Voting")
        .folding_case()
        .bind_all("c", "close voting", &[ch('c')], Action::CloseVoting)
        .hint("c close voting");
    prompt(map)
});

/// Voting closed, the last phone votes on their way.
pub static CLOSING: LazyLock<Keymap<Action>> =
    LazyLock::new(|| Keymap::new("Closing").folding_case());

/// The count is in; hands can be added.
pub static CLOSED: LazyLock<Keymap<Action>> = LazyLock::new(|| {
    let map = Keymap::new("Voting closed")
        .folding_case()
        .bind_all("r", "reveal the tally", &[ch('r')], Action::Reveal)
        .hint("r reveal the tally")
        .bind_all(HANDS.0, HANDS.1, &[ch('h')], Action::Hands)
        .hint("h add or change the show of hands");
    prompt(map)
});

/// The tally is on screen.
pub static REVEALED: LazyLock<Keymap<Action>> = LazyLock::new(|| {
    let letters = ('a'..='i')
        .enumerate()
        .map(|(i, c)| (ch(c), Action::Follow(i)));
    let map = Keymap::new("The tally")
        .folding_case()
        .bind_all(
            ENTER,
            "follow the majority after the reveal",
            &[key(KeyCode::Enter)],
            Action::FollowMajority,
        )
        .hint("Enter follow the majority")
        .bind(
            "A-I",
            "after the reveal, follow that option instead (a tie, or to explore)",
            letters,
        )
        .hint("A-I follow another option instead");
    prompt(map)
});

/// The feedback on each option.
pub static FEEDBACK: LazyLock<Keymap<Action>> = LazyLock::new(|| {
    let map = Keymap::new("Feedback")
        .folding_case()
        .bind(
            NEXT.0,
            NEXT.1,
            each(&[ch('n'), key(KeyCode::Right)], Action::Next),
        )
        .hint("n or → next option")
        .bind_all(NEXT.0, NEXT.1, &[key(KeyCode::Left)], Action::Previous)
        .hint("← previous")
        .bind_all(
            ENTER,
            "carry on after feedback",
            &[key(KeyCode::Enter)],
            Action::CarryOn,
        )
        .hint("Enter carry on with the story");
    scroll(map).hint("↑↓ scroll")
});

/// The summary at the end.
pub static SUMMARY: LazyLock<Keymap<Action>> = LazyLock::new(|| {
    let map = Keymap::new("Summary")
        .folding_case()
        .bind_all(
            "e",
            "export the summary to Markdown and CSV (at the end)",
            &[ch('e')],
            Action::Export,
        )
        .hint("e export to Markdown and CSV");
    scroll(map).hint("↑↓ PgUp PgDn scroll")
});

/// Asking before the workshop ends mid-story; any other key carries on.
pub static CONFIRM_QUIT: LazyLock<Keymap<Action>> = LazyLock::new(|| {
    Keymap::new("Quit?").folding_case().bind_all(
        "y / Enter",
        "quit",
        &[ch('y'), key(KeyCode::Enter)],
        Action::Quit,
    )
});

/// Every table, in the order of a workshop: the help lists their keys in this order, each
/// key once with all it does.
pub fn all() -> [&'static Keymap<Action>; 10] {
    [
        &LOBBY,
        &READING_SERVED,
        &READING,
        &VOTING,
        &CLOSING,
        &CLOSED,
        &REVEALED,
        &FEEDBACK,
        &SUMMARY,
        &EVERYWHERE,
    ]
}

/// The help's lines: every table's, each label once.
pub fn help_lines() -> Vec<(&'static str, String)> {
    let mut merged = Keymap::new("Facilitator's keys");
    for map in all() {
        merged.bindings.extend(map.bindings.iter().cloned());
    }
    merged.help_lines()
}
