//! Attempt records made by playing the example scenario through the engine, with fixed ids and
//! times so snapshots never change, and record databases made from them.

#![allow(dead_code)]

use std::path::Path;
use std::sync::Arc;

use canteen::engine::Scenario;
use canteen::engine::{Draw, SavedStep};
use canteen::library::{Library, Pack};
use canteen::records::{AttemptRecord, Store};
use canteen::service::Attempt;
use jiff::Timestamp;

/// The example scenario, `night-shift-post`.
pub fn example() -> Arc<Scenario> {
    let library = Library::load(&Pack::Paths(vec![
        concat!(env!("CARGO_MANIFEST_DIR"), "/docs/examples").into(),
    ]));
    library
        .find("night-shift-post")
        .cloned()
        .expect("the example scenario is valid")
}

/// The best path: passes.
pub const PASS: &[&str] = &["proud-team", "debrief"];
/// Posts to a chat that is screenshotted, then asks the chat who did it: fails, no critical.
pub const FAIL: &[&str] = &["post-chat>0", "ask-friends"];
/// Posts the whole story: a critical breach.
pub const CRITICAL: &[&str] = &["post-detail", "confess-post"];
/// Lets the timer run out at the screenshot scene.
pub const TIMED_OUT: &[&str] = &["post-chat>0", "time-up"];

/// A fixed attempt id: the UUID ending in `n`.
pub fn attempt_id(n: u32) -> String {
    format!("6f1c0a52-3c1d-4b8e-9a51-{n:012}")
}

/// Plays `path` (choice ids; `id>k` forces chance outcome `k`; `time-up` lets the time run
/// out) and returns the record, finished at `finished` after `active_ms` of play.
pub fn play(
    scenario: &Arc<Scenario>,
    n: u32,
    learner: &str,
    path: &[&str],
    finished: &str,
    active_ms: u64,
) -> AttemptRecord {
    let finished: Timestamp = finished.parse().expect("a valid timestamp");
    let started = finished - jiff::SignedDuration::from_millis(active_ms as i64 + 60_000);
    let mut a = Attempt::start(Arc::clone(scenario), 7, attempt_id(n), started);
    for step in path {
        if *step == "time-up" {
            a.play(None, finished, active_ms).expect("a timer");
        } else if let Some((id, k)) = step.split_once('>') {
            a.session
                .choose_with(id, Draw::Outcome(k.parse().unwrap()))
                .expect("offered");
            a.progress.steps = SavedStep::from_session(&a.session);
        } else {
            a.play(Some(step), finished, active_ms)
                .unwrap_or_else(|e| panic!("{step}: {e:?}"));
        }
    }
    a.progress.active_ms = active_ms;
    assert!(a.session.is_finished(), "{path:?} reaches an ending");
    a.record(learner, finished)
}

/// A records database at `dir/canteen.db` holding `records`, with the learner's name set.
pub fn database(dir: &Path, learner: &str, records: &[AttemptRecord]) {
    let mut store = Store::open(&dir.join("canteen.db")).unwrap();
    store.set_learner(learner).unwrap();
    for r in records {
        store.record_attempt(r).unwrap();
    }
}
