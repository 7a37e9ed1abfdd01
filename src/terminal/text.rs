//! The words the trainer shows, kept together so they read as one voice.

/// The strap line under the name.
pub use crate::service::TAGLINE;

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

/// The help overlay of the author's preview (`canteen preview`): its own keys first, then the
/// trainer's in brief.
pub const PREVIEW_HELP: &[(&str, &[(&str, &str)])] = &[
    (
        "Preview",
        &[
            ("g", "jump to a scene (plays the shortest route there)"),
            ("s", "flags set and the score so far"),
            ("R", "restart from the first scene"),
            ("d", "hide or show the problems (full-screen when narrow)"),
            ("[ ]", "scroll the problems"),
            ("q Ctrl-C", "quit (a preview keeps no records)"),
            ("?", "show or hide this help"),
        ],
    ),
    (
        "Playing, as in the trainer",
        &[
            ("1-9  ↑ ↓ Enter", "make a choice"),
            ("Enter", "carry on after the feedback"),
            ("PgUp PgDn Home End", "scroll"),
            ("r", "try again at the end"),
            ("h Esc", "back to the list"),
        ],
    ),
];

/// Under the preview's help: what saving does.
pub const PREVIEW_SAVING: &str =
    "Save the file to reload it: your decisions so far are replayed by id.";

/// The right end of the preview's status line.
pub const PREVIEW_HINT: &str = "? preview keys";
/// The right end of the preview's status line while the file's problems are out of sight.
pub const PREVIEW_HINT_PROBLEMS: &str = "d shows the problems · ? keys";
