//! A playable scenario: a validated [`Story`] together with its analysis.
//!
//! The only way to make one is [`Scenario::analyse`], so a scenario without its score bounds
//! cannot exist and every session can rely on them.

use std::ops::Deref;

use super::analysis::{Analysis, Problem};
use crate::model::Story;

/// A validated story with every reachable play state and its score bounds known.
#[derive(Debug)]
pub struct Scenario {
    story: Story,
    analysis: Analysis,
}

/// A story the analysis refused, given back with the reasons so they can be reported.
#[derive(Debug)]
pub struct Unplayable {
    pub story: Story,
    pub problems: Vec<Problem>,
}

impl Scenario {
    /// Analyses a story; when it cannot be played fairly, gives it back with the problems.
    pub fn analyse(story: Story) -> Result<Scenario, Box<Unplayable>> {
        match Analysis::build(&story) {
            Ok(analysis) => Ok(Scenario { story, analysis }),
            Err(problems) => Err(Box::new(Unplayable { story, problems })),
        }
    }

    /// Score bounds and best choices for every reachable state.
    pub fn analysis(&self) -> &Analysis {
        &self.analysis
    }

    /// The story itself.
    pub fn story(&self) -> &Story {
        &self.story
    }
}

impl Deref for Scenario {
    type Target = Story;

    fn deref(&self) -> &Story {
        &self.story
    }
}
