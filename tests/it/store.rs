//! The record store's contract, on every database it runs on: a SQLite file and a real
//! PostgreSQL server (see `support::databases`). Each test runs once per database, so a
//! trust that shares records between several `canteen serve` processes gets the store the
//! terminal trainer has been tested with.

use canteen::records::{InviteRefused, ScenarioStatus, Store, Stored};

use crate::support::attempts::{FAIL, PASS, attempt_id, example, play};
use crate::support::databases::{Backend, ServerDatabase, postgres_admin};

/// A saved progress of attempt `n` at `scenario_id`, one minute in, with no decisions yet.
pub fn saved(scenario_id: &str, n: u32) -> canteen::records::Progress {
    canteen::records::Progress {
        scenario_id: scenario_id.to_string(),
        attempt_id: attempt_id(n),
        seed: 7,
        started_at: "2026-03-02T10:01:00Z".parse().unwrap(),
        updated_at: "2026-03-02T10:02:00Z".parse().unwrap(),
        active_ms: 500,
        steps: Vec::new(),
    }
}

#[test]
fn two_finishes_of_one_attempt_are_both_kept_and_retries_change_nothing() {
    for db in Backend::each() {
        let on = db.name();
        let mut store = db.open();
        let first = play(&example(), 1, "Sam", PASS, "2026-03-02T10:00:00Z", 1000);
        let second = play(&example(), 1, "Sam", FAIL, "2026-03-02T10:05:00Z", 2000);
        assert_eq!(first.attempt_id, second.attempt_id);

        assert_eq!(store.record_attempt(&first).unwrap(), Stored::New, "{on}");
        assert_eq!(
            store.record_attempt(&first).unwrap(),
            Stored::Already,
            "{on}"
        );
        let Stored::AsAnother { attempt_id } = store.record_attempt(&second).unwrap() else {
            panic!("{on}: a different finish of the same attempt is kept as another");
        };
        assert_ne!(attempt_id, first.attempt_id);
        assert_eq!(
            store.record_attempt(&second).unwrap(),
            Stored::Already,
            "{on}"
        );

        let kept = store.attempts().unwrap();
        assert_eq!(kept.len(), 2, "{on}: no finish is dropped");
        assert_eq!(kept[0], first, "{on}: the record reads back whole");
        assert_eq!(kept[1].attempt_id, attempt_id);
        assert_eq!(kept[1].overall, second.overall);
        assert_eq!(
            store.status(&first.scenario_id).unwrap(),
            ScenarioStatus::Passed {
                best: first.overall
            },
            "{on}"
        );
        assert_eq!(
            store.best_results().unwrap(),
            [(first.scenario_id.clone(), true, first.overall)],
            "{on}"
        );
    }
}

/// Finishing an attempt clears its own saved progress, never a newer attempt's begun elsewhere.
#[test]
fn finishing_an_attempt_keeps_a_newer_attempts_progress() {
    for db in Backend::each() {
        let on = db.name();
        let mut store = db.open();
        let old = play(&example(), 1, "Sam", PASS, "2026-03-02T10:00:00Z", 1000);
        let newer = saved(&old.scenario_id, 2);
        store.save_progress(&newer).unwrap();
        assert_eq!(
            store.status(&old.scenario_id).unwrap(),
            ScenarioStatus::InProgress,
            "{on}"
        );
        store.record_attempt(&old).unwrap();
        assert_eq!(
            store.progress(&old.scenario_id).unwrap(),
            Some(newer.clone()),
            "{on}"
        );

        let mine = canteen::records::Progress {
            attempt_id: old.attempt_id.clone(),
            ..newer
        };
        store.save_progress(&mine).unwrap();
        assert_eq!(
            store.all_progress().unwrap(),
            std::slice::from_ref(&mine),
            "{on}"
        );
        store.record_attempt(&old).unwrap();
        assert_eq!(store.progress(&old.scenario_id).unwrap(), None, "{on}");
    }
}

/// One store holds many learners: each sees only their own name, progress and attempts, and
/// the terminal's learner is untouched by theirs.
#[test]
fn learners_in_one_store_see_only_their_own_records() {
    for db in Backend::each() {
        let on = db.name();
        let mut store = db.open();
        store.set_learner("Terminal user").unwrap();
        let ada = store.learner_for("ada@example.nhs.uk", "").unwrap();
        let ben = store.learner_for("ben@example.nhs.uk", "").unwrap();
        assert_ne!(ada, ben);
        assert_eq!(
            store.learner_for(" ada@example.nhs.uk ", "").unwrap(),
            ada,
            "{on}: keys are trimmed"
        );

        let pass = play(&example(), 1, "Ada", PASS, "2026-03-02T10:00:00Z", 1000);
        {
            let mut view = store.scoped(ada);
            view.store().set_learner("Ada").unwrap();
            view.store().set_untimed(true).unwrap();
            view.store_mut().record_attempt(&pass).unwrap();
            assert_eq!(view.store().attempts().unwrap().len(), 1, "{on}");
            assert!(view.store().learner().unwrap().untimed, "{on}");
        }
        {
            let view = store.scoped(ben);
            assert!(
                view.store().attempts().unwrap().is_empty(),
                "{on}: Ben sees none of Ada's"
            );
            assert!(view.store().best_results().unwrap().is_empty(), "{on}");
            assert_eq!(view.store().learner().unwrap().name, "", "{on}");
            assert!(!view.store().learner().unwrap().untimed, "{on}");
        }
        assert!(
            store.attempts().unwrap().is_empty(),
            "{on}: the terminal's learner sees none either"
        );
        assert_eq!(store.learner().unwrap().name, "Terminal user", "{on}");
        let names: Vec<_> = store
            .learners()
            .unwrap()
            .into_iter()
            .map(|k| k.name)
            .collect();
        assert_eq!(names, ["Terminal user", "Ada", ""], "{on}");
        assert_eq!(
            store.every_attempt().unwrap(),
            [pass],
            "{on}: a report sees all"
        );
    }
}

/// A damaged saved progress does not make its scenario unplayable: it reads as no save (so
/// the learner starts again), and is kept aside rather than deleted.
#[test]
fn a_damaged_save_is_set_aside_and_the_scenario_starts_again() {
    for db in Backend::each() {
        let on = db.name();
        let store = db.open();
        let save = saved("rough-night", 1);
        store.save_progress(&save).unwrap();
        db.raw("UPDATE progress SET body = 'not json'");
        assert_eq!(
            store.progress("rough-night").unwrap(),
            None,
            "{on}: read as no save"
        );
        assert_eq!(
            store.status("rough-night").unwrap(),
            ScenarioStatus::New,
            "{on}"
        );
        store.save_progress(&save).unwrap();
        assert_eq!(store.progress("rough-night").unwrap(), Some(save), "{on}");
        assert_eq!(
            db.raw("SELECT scenario_id, body FROM set_aside"),
            [["rough-night", "not json"]],
            "{on}"
        );
    }
}

/// A damaged attempt row stops a report with its row named, and hides no other attempt from
/// the learner's own list.
#[test]
fn a_damaged_attempt_is_named_and_the_rest_still_read() {
    for db in Backend::each() {
        let on = db.name();
        let mut store = db.open();
        let first = play(&example(), 1, "Sam", FAIL, "2026-03-01T10:00:00Z", 1000);
        let second = play(&example(), 2, "Sam", PASS, "2026-03-02T10:00:00Z", 1000);
        store.record_attempt(&first).unwrap();
        store.record_attempt(&second).unwrap();
        db.raw(&format!(
            "UPDATE attempts SET body = '{{\"damaged' WHERE attempt_id = '{}'",
            first.attempt_id
        ));
        let (read, unreadable) = store.attempts_read().unwrap();
        assert_eq!(read, std::slice::from_ref(&second), "{on}");
        assert_eq!(unreadable.len(), 1, "{on}");
        assert_eq!(unreadable[0].attempt_id, first.attempt_id, "{on}");
        let report = store.every_attempt().unwrap_err().to_string();
        assert!(
            report.contains(&format!("attempt {} in row", first.attempt_id)),
            "{on}: {report}"
        );
    }
}

/// Invites and sign-in sessions through two stores on one database, as two `canteen serve`
/// processes behind a load balancer share them: a link signs in once whichever server takes
/// it, and a session opened on one is known on the other.
#[test]
fn invites_and_sessions_are_shared_by_every_server_on_one_database() {
    for db in Backend::each() {
        let on = db.name();
        let mut one = db.open();
        let mut two = db.open();
        let token = one
            .invite(&["a.nurse@nhs.example"], 100, 200)
            .unwrap()
            .remove(0);
        let kept = db.raw("SELECT token_hash FROM invites");
        assert_ne!(kept[0][0], token, "{on}: only a hash of the token is kept");
        assert_eq!(
            two.redeem_invite("0123", 150).unwrap(),
            Err(InviteRefused::Unknown)
        );
        let learner = two.redeem_invite(&token, 150).unwrap().unwrap();
        assert_eq!(
            one.redeem_invite(&token, 151).unwrap(),
            Err(InviteRefused::Used),
            "{on}: used on the other server"
        );
        let late = one
            .invite(&["late@nhs.example"], 100, 200)
            .unwrap()
            .remove(0);
        assert_eq!(
            two.redeem_invite(&late, 200).unwrap(),
            Err(InviteRefused::Expired)
        );

        let (cookie, opened) = one.open_session(learner, 1000).unwrap();
        assert_eq!(
            two.session(&cookie, 1100, 3600).unwrap(),
            Some(opened),
            "{on}: the other server knows the session"
        );
        two.close_session(&cookie).unwrap();
        assert_eq!(one.session(&cookie, 1101, 3600).unwrap(), None, "{on}");
        let known = one.known(learner).unwrap().unwrap();
        assert_eq!(known.key, "a.nurse@nhs.example", "{on}");
    }
}

/// Many invite links taken at the same moment on many connections: each signs in exactly once.
#[test]
fn one_link_raced_from_many_servers_signs_in_once() {
    for db in Backend::each() {
        let on = db.name();
        let token = db
            .open()
            .invite(&["race@nhs.example"], 0, i64::MAX)
            .unwrap()
            .remove(0);
        let spec = db.spec();
        let outcomes: Vec<_> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..6)
                .map(|_| {
                    let (spec, token) = (spec.clone(), token.clone());
                    s.spawn(move || {
                        let mut store = Store::open_database(&spec).unwrap();
                        store.redeem_invite(&token, 10).unwrap()
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        let signed = outcomes.iter().filter(|o| o.is_ok()).count();
        assert_eq!(signed, 1, "{on}: {outcomes:?}");
        assert!(
            outcomes
                .iter()
                .all(|o| o.is_ok() || *o == Err(InviteRefused::Used)),
            "{on}: {outcomes:?}"
        );
    }
}

/// The xAPI outbox keeps each statement until it is acknowledged, on every database.
#[test]
fn the_outbox_queues_once_and_lets_go_only_when_acknowledged() {
    use canteen::records::{AttemptStatements, Waiting};
    for db in Backend::each() {
        let on = db.name();
        let mut store = db.open();
        let waiting = |id: &str| Waiting {
            statement_id: id.into(),
            body: format!("{{\"id\":\"{id}\"}}"),
        };
        let a = AttemptStatements {
            attempt_id: "a".into(),
            statements: vec![waiting("1"), waiting("2"), waiting("3")],
        };
        let now = jiff::Timestamp::UNIX_EPOCH;
        assert_eq!(
            store
                .queue_statements(std::slice::from_ref(&a), now)
                .unwrap(),
            3,
            "{on}"
        );
        assert_eq!(store.queue_statements(&[a], now).unwrap(), 0, "{on}");
        assert_eq!(
            store.outbox_front(2).unwrap(),
            [waiting("1"), waiting("2")],
            "{on}"
        );
        store.acknowledge(&["1".into(), "2".into()]).unwrap();
        assert_eq!(store.outbox_len().unwrap(), 1, "{on}");
        assert!(store.queued_attempts().unwrap().contains("a"), "{on}");
    }
}

/// Learners' roles and when they last passed each scenario: what the compliance view reads.
#[test]
fn roles_and_last_passes_are_kept_per_learner() {
    for db in Backend::each() {
        let on = db.name();
        let mut store = db.open();
        let ada = store.learner_for("ada@nhs.example", "").unwrap();
        store.set_role(ada, "nurse").unwrap();
        let early = play(&example(), 1, "Ada", PASS, "2025-03-02T10:00:00Z", 1000);
        let late = play(&example(), 2, "Ada", PASS, "2026-03-02T10:00:00Z", 1000);
        let failed = play(&example(), 3, "Ada", FAIL, "2026-06-02T10:00:00Z", 1000);
        {
            let mut view = store.scoped(ada);
            for a in [&early, &late, &failed] {
                view.store_mut().record_attempt(a).unwrap();
            }
        }
        assert_eq!(store.known(ada).unwrap().unwrap().role, "nurse", "{on}");
        assert_eq!(
            store.last_passes().unwrap(),
            [(ada, early.scenario_id.clone(), late.finished_at.to_string())],
            "{on}: the latest pass, not the later failure"
        );
    }
}

/// Reopening a store finds everything as it was left.
#[test]
fn a_store_opened_again_keeps_everything() {
    for db in Backend::each() {
        let on = db.name();
        let pass = play(&example(), 1, "Sam", PASS, "2026-03-02T10:00:00Z", 1000);
        {
            let mut store = db.open();
            store.set_learner("Sam").unwrap();
            store.record_attempt(&pass).unwrap();
        }
        let store = db.open();
        assert_eq!(store.learner().unwrap().name, "Sam", "{on}");
        assert_eq!(store.attempts().unwrap(), [pass], "{on}");
        store.can_save().unwrap();
    }
}

/// Servers starting together on an empty database make canteen's tables once, and all open.
#[test]
fn servers_starting_together_on_an_empty_database_all_open() {
    let Some(admin) = postgres_admin() else {
        return;
    };
    let db = ServerDatabase::new(&admin);
    let opened: Vec<Result<(), String>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..6)
            .map(|_| {
                let url = db.url.clone();
                s.spawn(move || Store::connect(&url).map(|_| ()).map_err(|e| e.to_string()))
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert!(opened.iter().all(Result::is_ok), "{opened:?}");
    assert_eq!(
        db.raw("SELECT version FROM canteen_schema"),
        [[canteen::records::SCHEMA_VERSION.to_string()]]
    );
    assert_eq!(db.raw("SELECT key FROM learners"), [["local"]]);
}

/// A database holding another program's tables is refused and left alone; a server that is
/// not there, or a database that does not exist, is named with what to do; no password is
/// ever shown.
#[test]
fn a_database_that_is_not_canteens_or_not_there_is_named_with_a_fix() {
    let Some(admin) = postgres_admin() else {
        return;
    };
    let db = ServerDatabase::new(&admin);
    db.raw("CREATE TABLE payroll (id INT)");
    let with_password = db.url.replacen("://", "://canteen:hunter2@", 1);
    let with_password = if db.url.contains('@') {
        db.url.clone()
    } else {
        with_password
    };
    let said = Store::connect(&with_password).unwrap_err().to_string();
    assert!(
        said.contains("already holds tables that are not canteen's"),
        "{said}"
    );
    assert!(!said.contains("hunter2"), "{said}");
    assert_eq!(db.raw("SELECT count(*) FROM payroll"), [["0"]]);

    let (base, _) = db.url.rsplit_once('/').unwrap();
    let missing = Store::connect(&format!("{base}/no_such_canteen_db"))
        .unwrap_err()
        .to_string();
    assert!(missing.contains("createdb"), "{missing}");
    let nobody = Store::connect("postgres://canteen:hunter2@127.0.0.1:1/canteen")
        .unwrap_err()
        .to_string();
    assert!(
        nobody.contains("check that the database server is running") && !nobody.contains("hunter2"),
        "{nobody}"
    );
}

/// A server that drops the connection (a restart, a failover) costs at most the request that
/// found it dropped: the store connects again and nothing stored is lost.
#[test]
fn a_dropped_connection_is_opened_again() {
    let Some(admin) = postgres_admin() else {
        return;
    };
    let db = ServerDatabase::new(&admin);
    let mut store = Store::connect(&db.url).unwrap();
    let pass = play(&example(), 1, "Sam", PASS, "2026-03-02T10:00:00Z", 1000);
    store.record_attempt(&pass).unwrap();
    db.raw(&format!(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
         WHERE datname = '{}' AND pid <> pg_backend_pid()",
        db.name
    ));
    let first = store.attempts();
    let again = store.attempts().expect("the second request connects again");
    assert_eq!(again, std::slice::from_ref(&pass));
    if let Ok(read) = first {
        assert_eq!(read, [pass]);
    }
}
