//! What the terminal shells draw with: the theme, text wrapping, boxes and score bars.
