//! The words the trainer shows, kept together so they read as one voice.

/// The strap line under the name.
pub use crate::service::TAGLINE;

/// Shown when the terminal is too small.
pub fn too_small(width: u16, height: u16) -> String {
    format!(
        "canteen needs a terminal of at least {}×{}; this one is {width}×{height}. Please make the window larger.",
        super::MIN_WIDTH,
        super::MIN_HEIGHT
    )
}

/// The trainer's keys in brief, under the preview's own in the preview's help (the preview's
/// `?` opens its own help, so the trainer's is out of reach there).
pub const PREVIEW_TRAINER_BRIEF: &[(&str, &[(&str, &str)])] = &[(
    "Playing, as in the trainer",
    &[
        ("1-9  ↑ ↓ Enter", "make a choice"),
        ("Enter", "carry on after the feedback"),
        ("PgUp PgDn Home End", "scroll"),
        ("r", "try again at the end"),
        ("h Esc", "back to the list"),
    ],
)];

/// Under the preview's help: what saving does.
pub const PREVIEW_SAVING: &str =
    "Save the file to reload it: your decisions so far are replayed by id.";

/// The right end of the preview's status line.
pub const PREVIEW_HINT: &str = "? preview keys";
/// The right end of the preview's status line while the file's problems are out of sight.
pub const PREVIEW_HINT_PROBLEMS: &str = "d shows the problems · ? keys";
