//! A large trust's years of records through `canteen report`: 1,000,000 finished attempts of
//! the shipped scenarios (real random playthroughs, from 5,000 learners), written once as the
//! JSON lines `canteen export --records` makes and once as a `canteen.db` store, then the real
//! release binary reports over each. Prints the wall time (target under 5 s) and the peak
//! memory of the report (target under 100 MB, the high-water mark the kernel keeps).
//!
//! `cargo bench --bench report_scale`; `ATTEMPTS` changes the count, `KEEP=DIR` keeps the
//! files in DIR (and reuses them if they are there) rather than a temporary folder.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a benchmark that cannot do its work should stop"
)]

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use canteen::engine::SavedStep;
use canteen::engine::walk::random_walk;
use canteen::library::{Library, Pack};
use canteen::records::{AttemptRecord, Progress, Store};

/// Distinct playthroughs; the million records repeat them under new ids, learners and times.
const TEMPLATES: usize = 4_000;
const LEARNERS: usize = 5_000;

fn templates() -> Vec<AttemptRecord> {
    let library = Library::load(&Pack::choose(&[]));
    let scenarios: Vec<_> = library.scenarios().cloned().collect();
    assert!(!scenarios.is_empty(), "the shipped scenarios load");
    let start: jiff::Timestamp = "2024-01-01T09:00:00Z".parse().unwrap();
    (0..TEMPLATES)
        .map(|i| {
            let scenario = &scenarios[i % scenarios.len()];
            let session = random_walk(scenario, i as u64);
            let progress = Progress {
                scenario_id: scenario.meta().id.clone(),
                attempt_id: String::new(),
                seed: i as u64,
                started_at: start,
                updated_at: start,
                active_ms: 300_000,
                steps: SavedStep::from_session(&session),
            };
            AttemptRecord::from_session(&session, &progress, "", start)
        })
        .collect()
}

/// The `n`th record: a template under its own id, learner and finishing time.
fn record(templates: &[AttemptRecord], n: usize) -> AttemptRecord {
    let mut r = templates[n % templates.len()].clone();
    r.attempt_id = format!("{:08x}-0000-4000-8000-{:012x}", n, n * 7919);
    r.learner = format!("Learner {:04}", n % LEARNERS);
    let finished = r.started_at + jiff::SignedDuration::from_secs(60 * n as i64);
    r.finished_at = finished;
    r.started_at = finished - jiff::SignedDuration::from_secs(300);
    r
}

fn write_lines(path: &Path, templates: &[AttemptRecord], attempts: usize) {
    let mut out = BufWriter::with_capacity(1 << 20, std::fs::File::create(path).unwrap());
    for n in 0..attempts {
        serde_json::to_writer(&mut out, &record(templates, n)).unwrap();
        out.write_all(b"\n").unwrap();
    }
    out.flush().unwrap();
}

/// A store made by canteen (its schema, at its version), filled in one transaction with the
/// columns `Store::record_attempt` writes.
fn write_store(path: &Path, templates: &[AttemptRecord], attempts: usize) {
    drop(Store::open(path).unwrap());
    let mut db = rusqlite::Connection::open(path).unwrap();
    let tx = db.transaction().unwrap();
    {
        let mut insert = tx
            .prepare(
                "INSERT INTO attempts (attempt_id, scenario_id, finished_at, passed, overall, \
                 scoring, body) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )
            .unwrap();
        for n in 0..attempts {
            let r = record(templates, n);
            let body = serde_json::to_string(&r).unwrap();
            insert
                .execute(rusqlite::params![
                    r.attempt_id,
                    r.scenario_id,
                    r.finished_at.to_string(),
                    r.passed,
                    r.overall,
                    r.scoring,
                    body
                ])
                .unwrap();
        }
    }
    tx.commit().unwrap();
}

/// The kernel's high-water mark of a running process's memory, in KiB.
fn peak_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

/// Runs `canteen report FILE`, returning the wall time, the peak memory seen and the report.
fn report(file: &Path) -> (Duration, u64, String) {
    let started = Instant::now();
    let child = Command::new(env!("CARGO_BIN_EXE_canteen"))
        .args(["report", "--top", "10"])
        .arg(file)
        .env("CANTEEN_SETTINGS", file.with_extension("no-settings.ron"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    let mut peak = 0;
    let output = std::thread::scope(|s| {
        let watch = s.spawn(move || {
            let mut peak = 0;
            while let Some(kib) = peak_kib(pid) {
                peak = peak.max(kib);
                std::thread::sleep(Duration::from_millis(5));
            }
            peak
        });
        let output = child.wait_with_output().unwrap();
        peak = watch.join().unwrap();
        output
    });
    let took = started.elapsed();
    assert!(
        output.status.success(),
        "canteen report failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    (
        took,
        peak,
        String::from_utf8_lossy(&output.stdout).into_owned(),
    )
}

fn main() {
    let attempts = std::env::var("ATTEMPTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let temp = tempfile::tempdir().unwrap();
    let folder: PathBuf =
        std::env::var_os("KEEP").map_or_else(|| temp.path().into(), PathBuf::from);
    std::fs::create_dir_all(&folder).unwrap();
    let lines = folder.join(format!("records-{attempts}.jsonl"));
    let store = folder.join(format!("canteen-{attempts}.db"));
    let templates = templates();
    if !lines.exists() {
        let t = Instant::now();
        write_lines(&lines, &templates, attempts);
        eprintln!(
            "wrote {attempts} attempts as JSON lines in {:.1?}",
            t.elapsed()
        );
    }
    if !store.exists() {
        let t = Instant::now();
        write_store(&store, &templates, attempts);
        eprintln!(
            "wrote {attempts} attempts to a store in {:.1?}",
            t.elapsed()
        );
    }
    println!("canteen report over {attempts} attempts (targets: under 5 s, under 100 MB)");
    let mut reports = Vec::new();
    for (what, file) in [("JSON lines", &lines), ("canteen.db", &store)] {
        let size = std::fs::metadata(file).unwrap().len() as f64 / 1e6;
        // The first run warms the page cache; the second is the one reported.
        report(file);
        let (took, peak, text) = report(file);
        println!(
            "  {what:<10} {size:>7.0} MB: {:>5.2} s, peak memory {:>4.0} MB",
            took.as_secs_f64(),
            peak as f64 / 1024.0
        );
        reports.push(text);
    }
    assert_eq!(
        reports[0].lines().skip(1).collect::<Vec<_>>(),
        reports[1].lines().skip(1).collect::<Vec<_>>(),
        "the same records give the same report from either source"
    );
    assert!(
        reports[0].contains(&format!("{attempts} attempt")) || attempts == 0,
        "every attempt is counted once: {}",
        reports[0].lines().take(3).collect::<Vec<_>>().join(" / ")
    );
}
