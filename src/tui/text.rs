//! The words the trainer shows, kept together so they read as one voice.

/// The strap line under the name.
pub const TAGLINE: &str = "practise using social media well in the NHS";

/// Key hints at the foot of each screen.
pub const HINT_HOME: &str =
    "↑↓ select · Enter play · f filter by role · n your name · ? help · q quit";
pub const HINT_SCENE: &str = "1-9 choose · ↑↓ Enter select · PgUp/PgDn scroll · ? help · q quit";
pub const HINT_FEEDBACK: &str = "Enter continue · ↑↓ scroll · ? help · q quit";
pub const HINT_ENDING: &str = "r try again · Enter home · ↑↓ scroll · ? help · q quit";

/// The help overlay: every key, by screen.
pub const HELP: &[(&str, &[(&str, &str)])] = &[
    (
        "Everywhere",
        &[
            ("?", "show or hide this help"),
            (
                "q",
                "quit (asks first during a scenario; your progress is kept)",
            ),
            (
                "Ctrl-C",
                "quit at once (progress is saved after every choice)",
            ),
        ],
    ),
    (
        "Scenario list",
        &[
            ("↑ ↓  j k", "move"),
            ("1-9", "jump to a scenario"),
            ("Enter", "play, or resume where you left off"),
            ("f", "filter by role"),
            ("n", "your name or staff number for your records"),
        ],
    ),
    (
        "A decision",
        &[
            ("1-9", "make that choice"),
            ("↑ ↓ Enter", "select and make a choice"),
            ("click", "make a choice with the mouse"),
            ("PgUp PgDn Home End", "scroll the story"),
            ("h Esc", "back to the list (progress is kept)"),
        ],
    ),
    (
        "Feedback",
        &[
            ("Enter", "carry on with the story"),
            ("↑ ↓ PgUp PgDn", "scroll"),
        ],
    ),
    (
        "The end",
        &[
            ("r", "try the scenario again"),
            ("Enter h Esc", "back to the list"),
            ("↑ ↓ PgUp PgDn", "scroll"),
        ],
    ),
];

/// Shown when the terminal is too small.
pub fn too_small(width: u16, height: u16) -> String {
    format!(
        "canteen needs a terminal of at least {}×{}; this one is {width}×{height}. Please make the window larger.",
        super::MIN_WIDTH,
        super::MIN_HEIGHT
    )
}
