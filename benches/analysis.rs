//! Load + validate + best-score analysis of a generated 10,000-scene scenario (5.3 MB of RON).
//! Target (issue 2): under 100 ms on the project's 2-core machine.
//!
//! Large files are read on every core (`src/scenario/parse/split.rs`); the one-thread parse
//! shows what a single core would see. Validation and analysis run on one thread.

/// Measured with the allocator the `canteen` binary runs on.
#[global_allocator]
static ALLOCATOR: canteen::Allocator = canteen::Allocator;

use std::sync::Arc;

use canteen::checks::check;
use canteen::format::SourceFile;
use canteen::model::Catalogue;
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};

#[path = "../tests/it/support/synthetic.rs"]
mod synthetic;

fn bench(c: &mut Criterion) {
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

criterion_group!(benches, bench);
criterion_main!(benches);
