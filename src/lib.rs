//! canteen: a training simulator that teaches NHS staff to use social media well.
//!
//! The rooms of the house, lowest first; each imports only from the rooms above it in this
//! list (`tests/it/layers.rs` holds the order and fails when a lower room names a higher one):
//! - [`format`]: the RON format, the raw model, the parser and diagnostics;
//! - [`model`]: the validated [`model::Story`], built only from the raw model, and the catalogue;
//! - [`engine`]: the playable [`engine::Scenario`], play sessions, scoring and path analysis;
//! - [`checks`]: the validator's passes that need the engine, story tests and coverage;
//! - [`authoring`]: tools for authors (the template, graph drawings);
//! - [`library`]: finding scenario files on disk or in the binary and checking them;
//! - [`records`]: what is kept of attempts, and the stores that keep it;
//! - [`service`]: the trainer service every learner-facing shell drives;
//! - [`lms`]: course packages for a trust's learning management system, and the cmi5
//!   statements a launch sends back;
//! - [`present`]: what the terminal shells draw with (theme, wrapping, boxes, bars);
//! - [`serving`]: what the shells that serve over HTTP share (connection caps, the request
//!   guard, rate budgets);
//! - the shells: [`terminal`] (the full-screen trainer and the author's preview), [`plain`],
//!   [`workshop`], [`web`] (`canteen serve`, the trainer in a browser), [`editor`] (the
//!   language server), and [`cli`], the `canteen` command line
//!   over them all.

pub mod authoring;
pub mod checks;
pub mod cli;
pub mod editor;
pub mod engine;
pub mod format;
pub mod library;
pub mod lms;
pub mod model;
pub mod plain;
pub mod present;
pub mod records;
pub mod service;
pub mod serving;
pub mod terminal;
pub mod web;
pub mod workshop;

/// The memory allocator the `canteen` binary runs on, and the benchmarks measure with.
///
/// Loading a large scenario makes and frees hundreds of thousands of small strings and lists;
/// mimalloc does that in about half the time of the system allocator (see `benches/analysis.rs`).
pub use mimalloc::MiMalloc as Allocator;
