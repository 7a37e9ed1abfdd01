//! Tools for scenario authors: a new scenario from the template and the scene graph drawn
//! three ways. The story tests `canteen test` runs are checks ([`crate::checks::story_tests`]).
//!
//! Pure: everything here takes a validated [`crate::engine::Scenario`] (or plain values) and
//! returns values or `String`s; reading and writing files is the command line's job.

pub(crate) mod graph;
pub(crate) mod script;
pub(crate) mod template;
