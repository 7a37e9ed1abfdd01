//! What the terminal shells draw with: the theme, text wrapping, boxes and score bars, the
//! tables of keys, and the real terminal's events. The trainer, the author's preview and the workshop projector
//! share these; nothing here knows any shell's model, so every helper takes a [`theme::Theme`]
//! and plain values.

pub(crate) mod bars;
pub(crate) mod boxes;
pub(crate) mod consequences;
pub(crate) mod input;
pub mod keymap;
pub(crate) mod scroll;
pub mod theme;
pub(crate) mod wrap;
