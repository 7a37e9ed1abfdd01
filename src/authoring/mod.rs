//! Tools for scenario authors: a new scenario from the template, the scene graph drawn three
//! ways, and the story tests `canteen test` runs.
//!
//! Pure: everything here takes a validated [`crate::scenario::Scenario`] (or plain values) and
//! returns values or `String`s; reading and writing files is the command line's job.

pub mod graph;
pub mod story_tests;
pub mod template;
