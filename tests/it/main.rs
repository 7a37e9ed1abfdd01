//! canteen's integration tests: one crate, a module per area (as ripgrep and bottom do), so
//! the binary and the library are built once for all of them.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a benchmark or test that cannot do its work should stop"
)]

mod authoring;
mod browser;
mod checklist;
mod cli;
mod coverage;
mod diagnostics;
mod engine;
mod file_format;
mod keys;
mod layers;
mod library;
mod limits;
mod lms;
mod lrs;
mod lsp;
mod mutations;
mod pathways;
mod plain;
mod preview;
mod properties;
mod records;
mod service;
mod store;
mod support;
mod terminal;
mod web;
mod web_browser;
mod workshop;
mod workshop_guard;
mod workshop_http;
mod xapi;
