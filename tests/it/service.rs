//! The trainer service on its own, with a real record store: what a shell relies on.

use std::time::Duration;

use canteen::library::{Library, Pack};
use canteen::records::{AttemptRecord, Learner, Progress, Store, StoreError};
use canteen::service::{IDLE, Moment, Record, RecordStore, Status, Trainer, TurnError};
use jiff::Timestamp;

fn library() -> Library {
    Library::load(&Pack::Paths(vec![
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/docs/examples/night-shift-post.ron"
        )
        .into(),
    ]))
}

fn at(secs: u64) -> Moment {
    Moment {
        mono: Duration::from_secs(secs),
        wall: Timestamp::from_second(1_790_000_000 + secs as i64).unwrap(),
    }
}

fn trainer() -> Trainer<Store> {
    Trainer::new(library(), Store::in_memory().unwrap(), 11)
}

#[test]
fn a_turn_is_stored_before_it_returns_and_the_status_follows_the_store() {
    let mut t = trainer();
    let s = t.playable()[0].clone();
    assert_eq!(t.statuses().unwrap().of("night-shift-post"), Status::New);
    let mut attempt = t.start(s, at(0));
    t.take_turn(&mut attempt, Some("proud-team"), at(30))
        .unwrap();
    let saved = t.store().progress("night-shift-post").unwrap().unwrap();
    assert_eq!(saved.steps.len(), 1);
    assert_eq!(saved.active_ms, 30_000, "thirty seconds spent deciding");
    assert!(matches!(
        t.statuses().unwrap().of("night-shift-post"),
        Status::InProgress(p) if p.attempt_id == attempt.progress.attempt_id
    ));
    t.take_turn(&mut attempt, Some("debrief"), at(40)).unwrap();
    assert!(attempt.session.is_finished());
    let records = t.store().attempts().unwrap();
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].overall, 90);
    assert_eq!(records[0].active_ms, 40_000);
    assert!(t.store().progress("night-shift-post").unwrap().is_none());
    assert_eq!(
        t.statuses().unwrap().of("night-shift-post").word(),
        "passed, best 90%"
    );
}

#[test]
fn time_away_counts_only_up_to_the_idle_limit() {
    let mut t = trainer();
    let s = t.playable()[0].clone();
    let mut attempt = t.start(s, at(0));
    t.take_turn(&mut attempt, Some("proud-team"), at(3_600))
        .unwrap();
    assert_eq!(attempt.progress.active_ms, IDLE.as_millis() as u64);
}

#[test]
fn a_resumed_attempt_carries_on_at_the_same_decision_with_its_time() {
    let mut t = trainer();
    let s = t.playable()[0].clone();
    let mut first = t.start(s.clone(), at(0));
    t.take_turn(&mut first, Some("proud-team"), at(10)).unwrap();
    let (again, gap) = t.resume(&s, at(500)).unwrap().expect("saved progress");
    assert!(gap.is_none());
    assert_eq!(again.session.history().len(), 1);
    assert_eq!(again.progress.attempt_id, first.progress.attempt_id);
    assert_eq!(again.progress.active_ms, 10_000);
    assert_eq!(
        again.session.scene().map(|s| &s.id),
        first.session.scene().map(|s| &s.id)
    );
}

#[test]
fn seeded_trainers_start_the_same_attempts() {
    let mut a = trainer();
    let mut b = trainer();
    let s = a.playable()[0].clone();
    let x = a.start(s.clone(), at(0));
    let y = b.start(s, at(0));
    assert_eq!(x.progress.attempt_id, y.progress.attempt_id);
    assert_eq!(x.progress.seed, y.progress.seed);
    assert_eq!(x.session.text(), y.session.text());
}

/// A store whose writes all fail while `down`, as a full disk or a lost network drive would
/// make them, and succeed again once it is back.
struct Full {
    store: Store,
    down: bool,
}

fn full() -> StoreError {
    StoreError::Unreadable {
        path: "canteen.db".into(),
        reason: "the disk is full".into(),
    }
}

impl Full {
    fn write(
        &mut self,
        f: impl FnOnce(&mut Store) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        if self.down {
            Err(full())
        } else {
            f(&mut self.store)
        }
    }
}

impl RecordStore for Full {
    fn location(&self) -> String {
        "a full disk".into()
    }
    fn learner(&self) -> Result<Learner, StoreError> {
        self.store.learner()
    }
    fn set_learner(&mut self, name: &str) -> Result<(), StoreError> {
        self.write(|s| s.set_learner(name))
    }
    fn set_untimed(&mut self, untimed: bool) -> Result<(), StoreError> {
        self.write(|s| s.set_untimed(untimed))
    }
    fn progress(&self, id: &str) -> Result<Option<Progress>, StoreError> {
        self.store.progress(id)
    }
    fn all_progress(&self) -> Result<Vec<Progress>, StoreError> {
        self.store.all_progress()
    }
    fn best_results(&self) -> Result<Vec<(String, bool, u32)>, StoreError> {
        self.store.best_results()
    }
    fn save_progress(&mut self, p: &Progress) -> Result<(), StoreError> {
        self.write(|s| s.save_progress(p))
    }
    fn clear_progress(&mut self, id: &str) -> Result<(), StoreError> {
        self.write(|s| s.clear_progress(id))
    }
    fn record_attempt(&mut self, r: &AttemptRecord) -> Result<(), StoreError> {
        self.write(|s| s.record_attempt(r).map(|_| ()))
    }
    fn can_save(&self) -> Result<(), StoreError> {
        if self.down { Err(full()) } else { Ok(()) }
    }
}

fn full_trainer() -> Trainer<Full> {
    let store = Full {
        store: Store::in_memory().unwrap(),
        down: true,
    };
    Trainer::new(library(), store, 3)
}

#[test]
fn a_failed_write_says_what_was_not_saved() {
    let mut t = full_trainer();
    assert!(t.can_save().is_err(), "said before the learner plays");
    let s = t.playable()[0].clone();
    let mut attempt = t.start(s, at(0));
    let Err(TurnError::Unsaved { not_saved: e, .. }) =
        t.take_turn(&mut attempt, Some("proud-team"), at(5))
    else {
        panic!("the write should fail");
    };
    assert_eq!(e.what, "your progress up to this choice");
    assert!(e.to_string().contains("the disk is full"), "{e}");
    let e = t.write(&Record::SetLearner("A1".into())).unwrap_err();
    assert_eq!(e.what, "your name or staff number");
}

/// What could not be saved is kept and saved once the store is back: the learner's choices
/// while the disk was full reach the store, the latest progress replacing older ones.
#[test]
fn unsaved_records_are_kept_and_saved_when_the_store_is_back() {
    let mut t = full_trainer();
    let s = t.playable()[0].clone();
    let mut attempt = t.start(s, at(0));
    let Err(TurnError::Unsaved { step, .. }) = t.take_turn(&mut attempt, Some("proud-team"), at(5))
    else {
        panic!("the write should fail");
    };
    assert_eq!(
        attempt.progress.steps.len(),
        1,
        "the turn was taken: {step:?}"
    );
    assert!(t.write(&Record::SetUntimed(true)).is_err());
    assert_eq!(t.unsaved(), 2, "both kept in memory");

    // Played on while down: the newer progress replaces the older one.
    let Err(TurnError::Unsaved { .. }) = t.take_turn(&mut attempt, Some("debrief"), at(9)) else {
        panic!("still down");
    };
    assert!(attempt.session.is_finished());
    assert_eq!(
        t.unsaved(),
        2,
        "untimed and the finished attempt; older progress replaced"
    );

    t.store_mut().down = false;
    t.write(&Record::SetLearner("A1".into())).unwrap();
    assert_eq!(t.unsaved(), 0);
    let store = &t.store().store;
    assert_eq!(
        store.attempts().unwrap().len(),
        1,
        "the finished attempt reached the store"
    );
    assert!(store.learner().unwrap().untimed);
    assert_eq!(store.learner().unwrap().name, "A1");
}
