//! Where the parts of the trainer's screens go, and how far each screen scrolls: the facts
//! the update (scrolling, a click on a choice) and the view (drawing) must agree on.
//!
//! The layout reads a screen through [`Page`] instead of naming the trainer's model, so the
//! model asks these questions without depending on the view; the view answers them for the
//! model, since only it knows how many lines each screen's text takes at a width.

use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::widgets::{Block, Borders};

use crate::present::scroll::{clamp_scroll, text_width};
use crate::present::wrap::wrap;

/// The part of a screen that scrolls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scrolling {
    /// Nothing scrolls (the scenario list).
    Nothing,
    /// The story box above a decision's choices.
    Story,
    /// The one box filling the screen's body (feedback, the ending).
    Body,
}

/// What the layout needs to know of a screen of the trainer.
pub trait Page {
    /// The terminal's size: columns, rows.
    fn size(&self) -> (u16, u16);
    /// The texts of the choices on offer, in the order shown; empty away from a decision.
    fn offered(&self) -> Vec<String>;
    /// The part of the screen that scrolls.
    fn scrolling(&self) -> Scrolling;
    /// How many lines the scrolling part's text takes, laid out `width` columns wide.
    fn lines(&self, width: u16) -> usize;
}

/// Where the parts of a decision screen go.
pub struct SceneLayout {
    pub header: Rect,
    pub story: Rect,
    pub choices_block: Rect,
    /// One area per offered choice, in the order shown.
    pub choices: Vec<Rect>,
}

/// Every screen's three bands: the header line, the body and the key hints.
pub fn bands(area: Rect) -> [Rect; 3] {
    Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(area)
}

/// Text width inside the choices box, after the number column.
pub fn choice_width(area: Rect) -> u16 {
    area.width.saturating_sub(2 + 5)
}

/// Lays out a decision screen in `area` (the whole terminal): the choices box takes as many
/// rows as the wrapped choices need, up to about half the body.
pub fn scene(page: &impl Page, area: Rect) -> SceneLayout {
    let [header, body, _footer] = bands(area);
    let heights: Vec<u16> = page
        .offered()
        .iter()
        .map(|t| wrap(t, choice_width(body)).len().max(1) as u16)
        .collect();
    let wanted = heights.iter().sum::<u16>() + 2;
    let choices_height = wanted.min(body.height / 2 + 2).max(3);
    let [story, choices_block] =
        Layout::vertical([Constraint::Fill(1), Constraint::Length(choices_height)]).areas(body);
    let inner = Block::default().borders(Borders::ALL).inner(choices_block);
    let mut y = inner.y;
    let choices = heights
        .iter()
        .map(|&h| {
            let h = h.min(inner.bottom().saturating_sub(y));
            let r = Rect::new(inner.x, y, inner.width, h);
            y += h;
            r
        })
        .collect();
    SceneLayout {
        header,
        story,
        choices_block,
        choices,
    }
}

/// The offered choice under a mouse position, if any.
pub fn choice_at(page: &impl Page, column: u16, row: u16) -> Option<usize> {
    let (w, h) = page.size();
    scene(page, Rect::new(0, 0, w, h))
        .choices
        .iter()
        .position(|r| r.height > 0 && r.contains(Position::new(column, row)))
}

/// The furthest the screen can scroll, at its terminal size.
pub fn max_scroll(page: &impl Page) -> u16 {
    let (w, h) = page.size();
    let area = Rect::new(0, 0, w, h);
    let boxed = |r: Rect| Block::default().borders(Borders::ALL).inner(r);
    let inner = match page.scrolling() {
        Scrolling::Nothing => return 0,
        Scrolling::Story => boxed(scene(page, area).story),
        Scrolling::Body => boxed(bands(area)[1]),
    };
    clamp_scroll(u16::MAX, page.lines(text_width(inner)), inner.height)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A decision screen of fixed texts.
    struct Decision {
        choices: Vec<String>,
        story: usize,
    }

    impl Page for Decision {
        fn size(&self) -> (u16, u16) {
            (80, 24)
        }
        fn offered(&self) -> Vec<String> {
            self.choices.clone()
        }
        fn scrolling(&self) -> Scrolling {
            Scrolling::Story
        }
        fn lines(&self, _width: u16) -> usize {
            self.story
        }
    }

    #[test]
    fn a_choice_of_wide_characters_takes_the_rows_its_columns_need() {
        // 40 wide characters: 80 columns, two rows in a 73-column choice; 40 chars would fit one.
        let wide = Decision {
            choices: vec!["看".repeat(40), "b".into()],
            story: 0,
        };
        let l = scene(&wide, Rect::new(0, 0, 80, 24));
        assert_eq!(choice_width(l.choices_block), 73);
        assert_eq!(l.choices[0].height, 2);
        assert_eq!(choice_at(&wide, 10, l.choices[0].y + 1), Some(0));
        assert_eq!(choice_at(&wide, 10, l.choices[1].y), Some(1));
    }

    #[test]
    fn the_story_scrolls_until_its_last_line_shows() {
        let long = Decision {
            choices: vec!["a".into(), "b".into()],
            story: 100,
        };
        let story = scene(&long, Rect::new(0, 0, 80, 24)).story;
        assert_eq!(max_scroll(&long), 100 - (story.height - 2));
    }
}
