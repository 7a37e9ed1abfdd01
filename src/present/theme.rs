//! The look of the terminal shells in one place (the trainer, the preview and the workshop
//! projector): the default theme, a high-contrast one, and a plain one for `NO_COLOR`. Meaning
//! never rests on colour alone: marks and words carry it too.

use ratatui::style::{Color, Modifier, Style};

/// The themes a learner can choose (the command line's `--theme` maps onto these).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ThemeName {
    #[default]
    Default,
    HighContrast,
}

/// Styles for every kind of text on screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub base: Style,
    pub title: Style,
    pub border: Style,
    pub dim: Style,
    pub selected: Style,
    pub key: Style,
    pub good: Style,
    pub bad: Style,
    pub critical: Style,
    pub bar_full: Style,
    pub bar_empty: Style,
}

impl Theme {
    /// The theme for a name; with `no_colour` (the `NO_COLOR` convention) only bold, reverse
    /// and underline are used.
    pub fn new(name: ThemeName, no_colour: bool) -> Theme {
        if no_colour {
            return Theme::monochrome();
        }
        match name {
            ThemeName::Default => Theme {
                base: Style::default(),
                title: Style::default()
                    .fg(Color::Cyan)
                    .add_modifier(Modifier::BOLD),
                border: Style::default().fg(Color::DarkGray),
                dim: Style::default().fg(Color::Gray),
                selected: Style::default()
                    .fg(Color::Black)
                    .bg(Color::Cyan)
                    .add_modifier(Modifier::BOLD),
                key: Style::default()
                    .fg(Color::Yellow)
                    .add_modifier(Modifier::BOLD),
                good: Style::default()
                    .fg(Color::Green)
                    .add_modifier(Modifier::BOLD),
                bad: Style::default().fg(Color::Red).add_modifier(Modifier::BOLD),
                critical: Style::default()
                    .fg(Color::White)
                    .bg(Color::Red)
                    .add_modifier(Modifier::BOLD),
                bar_full: Style::default().fg(Color::Cyan),
                bar_empty: Style::default().fg(Color::DarkGray),
            },
            ThemeName::HighContrast => Theme {
                base: Style::default().fg(Color::White).bg(Color::Black),
                title: Style::default()
                    .fg(Color::White)
                    .bg(Color::Black)
                    .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
                border: Style::default().fg(Color::White).bg(Color::Black),
                dim: Style::default().fg(Color::White).bg(Color::Black),
                selected: Style::default()
                    .fg(Color::Black)
                    .bg(Color::Yellow)
                    .add_modifier(Modifier::BOLD),
                key: Style::default()
                    .fg(Color::Yellow)
                    .bg(Color::Black)
                    .add_modifier(Modifier::BOLD),
                good: Style::default()
                    .fg(Color::LightGreen)
                    .bg(Color::Black)
                    .add_modifier(Modifier::BOLD),
                bad: Style::default()
                    .fg(Color::LightRed)
                    .bg(Color::Black)
                    .add_modifier(Modifier::BOLD),
                critical: Style::default()
                    .fg(Color::Black)
                    .bg(Color::Yellow)
                    .add_modifier(Modifier::BOLD),
                bar_full: Style::default().fg(Color::White).bg(Color::Black),
                bar_empty: Style::default().fg(Color::White).bg(Color::Black),
            },
        }
    }

    fn monochrome() -> Theme {
        let plain = Style::default();
        let bold = plain.add_modifier(Modifier::BOLD);
        Theme {
            base: plain,
            title: bold,
            border: plain,
            dim: plain,
            selected: plain.add_modifier(Modifier::REVERSED | Modifier::BOLD),
            key: bold,
            good: bold,
            bad: bold,
            critical: plain.add_modifier(Modifier::REVERSED | Modifier::BOLD),
            bar_full: plain,
            bar_empty: plain,
        }
    }
}
