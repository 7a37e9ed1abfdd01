//! Load + validate + best-score analysis, two ways:
//! - a pack of 1,000 realistic scenario files (the shipped ones with new ids, 17 to 28 KB each,
//!   about 23 MB in all) read from a folder through the library, which checks files on every
//!   core. Target: under 0.5 s on the project's 2-core machine. The same files checked one after
//!   another on one thread show what the cores buy.
//! - one generated 10,000-scene scenario (5.3 MB of RON), a scaling check of the parser, the
//!   validator and the analysis on one file; one file is always checked on one thread.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a benchmark or test that cannot do its work should stop"
)]

/// Measured with the allocator the `canteen` binary runs on.
#[global_allocator]
static ALLOCATOR: canteen::Allocator = canteen::Allocator;

use std::sync::Arc;

use canteen::checks::check;
use canteen::format::SourceFile;
use canteen::library::{Library, Pack};
use canteen::model::Catalogue;
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};

#[path = "../tests/it/support/synthetic.rs"]
mod synthetic;

fn pack(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temporary folder for the pack");
    let files = synthetic::pack(1_000);
    let bytes: usize = files.iter().map(|(_, t)| t.len()).sum();
    for (name, text) in &files {
        std::fs::write(dir.path().join(name), text).expect("the pack folder is writable");
    }
    let pack = Pack::Paths(vec![dir.path().to_path_buf()]);
    let library = Library::load(&pack);
    assert_eq!(
        library.scenarios().count(),
        1_000,
        "every file in the pack is valid"
    );
    eprintln!(
        "1,000 files, {bytes} bytes of RON, {} cores",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    let mut group = c.benchmark_group("pack");
    group.sample_size(10);
    group.bench_function("load+validate+analyse 1,000 files", |b| {
        b.iter(|| Library::load(&pack))
    });
    let catalogue = Catalogue::shipped();
    let sources: Vec<Arc<SourceFile>> = files
        .iter()
        .map(|(name, text)| Arc::new(SourceFile::new(name.as_str(), text.as_str())))
        .collect();
    group.bench_function("validate+analyse 1,000 files, one thread (read)", |b| {
        b.iter(|| {
            sources
                .iter()
                .map(|f| check(Arc::clone(f), &catalogue))
                .collect::<Vec<_>>()
        })
    });
    group.finish();
}

fn scenes(c: &mut Criterion) {
    let catalogue = Catalogue::shipped();
    let text: Arc<str> = synthetic::scenario(10_000, 7).into();
    // For profiling the validator on the same file: CANTEEN_SYNTHETIC_OUT=/tmp/s.ron cargo bench
    if let Some(path) = std::env::var_os("CANTEEN_SYNTHETIC_OUT") {
        std::fs::write(path, text.as_bytes()).expect("the profiling output path is writable");
    }
    let checked = check(
        Arc::new(SourceFile::new("synthetic.ron", Arc::clone(&text))),
        &catalogue,
    );
    assert!(
        checked.scenario.is_some(),
        "{:?}",
        checked.diagnostics.first().map(|d| d.short())
    );
    let states = checked
        .scenario
        .as_ref()
        .map_or(0, |s| s.analysis().states().len());
    eprintln!(
        "10,000 scenes, {} bytes of RON, {states} play states",
        text.len()
    );
    let mut group = c.benchmark_group("scenario");
    group.sample_size(20);
    group.bench_function("load+validate+analyse 10k scenes", |b| {
        b.iter(|| {
            check(
                Arc::new(SourceFile::new("synthetic.ron", Arc::clone(&text))),
                &catalogue,
            )
        })
    });
    let file = Arc::new(SourceFile::new("synthetic.ron", Arc::clone(&text)));
    group.bench_function("parse only 10k scenes", |b| {
        b.iter(|| canteen::format::parse::parse(&file))
    });
    let raw = canteen::format::parse::parse(&file).expect("the synthetic scenario parses");
    group.bench_function("validate+analyse 10k scenes (parsed)", |b| {
        // The scenario takes over the parsed texts, so each run gets its own copy, made untimed.
        b.iter_batched(
            || raw.clone(),
            |raw| canteen::checks::check_raw(Arc::clone(&file), raw, &catalogue),
            BatchSize::LargeInput,
        )
    });
    group.finish();
}

criterion_group!(benches, pack, scenes);
criterion_main!(benches);
