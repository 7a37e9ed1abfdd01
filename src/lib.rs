//! canteen: a terminal training simulator that teaches NHS staff to use social media well.
//!
//! The rooms of the house:
//! - [`scenario`]: the RON format, the validator and the validated model (pure);
//! - [`engine`]: play sessions, scoring and path analysis (pure);
//! - [`library`]: finding scenario files on disk or in the binary;
//! - [`authoring`]: tools for scenario authors (new, graph, story tests; pure);
//! - [`cli`]: the `canteen` command line, a thin shell over the rest.

pub mod authoring;
pub mod cli;
pub mod engine;
pub mod library;
pub mod plain;
pub mod records;
pub mod scenario;
pub mod tui;
pub mod workshop;

/// The memory allocator the `canteen` binary runs on, and the benchmarks measure with.
///
/// Loading a large scenario makes and frees hundreds of thousands of small strings and lists;
/// mimalloc does that in about half the time of the system allocator (see `benches/analysis.rs`).
pub use mimalloc::MiMalloc as Allocator;
