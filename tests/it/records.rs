//! Records through the real binary: the records table, certificates (HTML and text, and
//! checking one), exporting records, a manager's report over collected records, and the
//! migration of a version-1 records file.

use std::path::Path;

use assert_cmd::Command;
use canteen::records::Store;

use crate::support::attempts;

use attempts::{CRITICAL, FAIL, PASS, TIMED_OUT, attempt_id, database, example, play};

fn canteen(data: &Path) -> Command {
    let mut cmd = Command::cargo_bin("canteen").expect("the canteen binary is built");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("CANTEEN_SCENARIOS")
        .env("NO_COLOR", "1")
        .args(["--scenarios", "docs/examples", "--data-dir"])
        .arg(data);
    cmd
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

/// Sam's records: a fail, then a pass, then a better pass of the same scenario.
fn sams_records() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let s = example();
    database(
        dir.path(),
        "Sam Jones",
        &[
            play(&s, 1, "Sam Jones", FAIL, "2026-03-01T10:00:00Z", 300_000),
            play(
                &s,
                2,
                "Sam Jones",
                CRITICAL,
                "2026-03-01T11:00:00Z",
                240_000,
            ),
            play(&s, 3, "Sam Jones", PASS, "2026-03-02T09:14:05Z", 200_509),
        ],
    );
    dir
}

/// Temp paths vary between runs: show them as [DIR].
fn settings(dir: &Path) -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.add_filter(&regex_escape(&dir.display().to_string()), "[DIR]");
    s
}

fn regex_escape(s: &str) -> String {
    s.chars()
        .flat_map(|c| {
            let special = "\\.+*?()|[]{}^$#&-~".contains(c);
            special.then_some('\\').into_iter().chain([c])
        })
        .collect()
}

#[test]
fn the_records_table_shows_each_principle_with_a_bar_and_points() {
    let data = sams_records();
    let out = canteen(data.path()).arg("records").output().unwrap();
    assert!(out.status.success());
    settings(data.path()).bind(|| insta::assert_snapshot!(stdout(&out)));
}

#[test]
fn certificates_in_html_and_text() {
    let data = sams_records();
    let text = canteen(data.path())
        .args(["certificate", "--format", "text"])
        .output()
        .unwrap();
    assert!(text.status.success(), "{}", stderr(&text));
    insta::assert_snapshot!("certificate_text", stdout(&text));

    let html = canteen(data.path()).arg("certificate").output().unwrap();
    assert!(html.status.success(), "{}", stderr(&html));
    let said = stdout(&html);
    let written = said
        .trim()
        .rsplit(" written to ")
        .next()
        .expect("says where the file went");
    let page = std::fs::read_to_string(written).unwrap();
    assert!(
        Path::new(written).starts_with(data.path().join("certificates")),
        "{said}"
    );
    settings(data.path()).bind(|| insta::assert_snapshot!("certificate_said", said));
    insta::assert_snapshot!("certificate_html", page);
    for external in ["src=", "href=", "<script", "@import", "url("] {
        assert!(!page.contains(external), "self-contained: {external}");
    }
    assert!(page.contains("@media print"));
    assert!(page.contains("<html lang=\"en-GB\">"));
}

#[test]
fn a_certificate_verifies_against_the_records_and_a_changed_one_does_not() {
    let data = sams_records();
    let file = data.path().join("mine.html");
    canteen(data.path())
        .args(["certificate", "--out"])
        .arg(&file)
        .assert()
        .success();
    let ok = canteen(data.path())
        .args(["certificate", "--verify"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(ok.status.success(), "{}", stdout(&ok));
    assert!(stdout(&ok).starts_with("Verified:"), "{}", stdout(&ok));
    assert!(stdout(&ok).contains("learner: Sam Jones"));

    // A text certificate verifies the same way.
    let txt = data.path().join("mine.txt");
    canteen(data.path())
        .args(["certificate", "--format", "text", "--out"])
        .arg(&txt)
        .assert()
        .success();
    canteen(data.path())
        .args(["certificate", "--verify"])
        .arg(&txt)
        .assert()
        .success();

    // Naming a failed attempt as if it were the pass changes what the hash covers.
    let page = std::fs::read_to_string(&file).unwrap();
    let forged = data.path().join("forged.html");
    std::fs::write(&forged, page.replace(&attempt_id(3), &attempt_id(1))).unwrap();
    let bad = canteen(data.path())
        .args(["certificate", "--verify"])
        .arg(&forged)
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(1));
    assert!(
        stdout(&bad).starts_with("Not verified:"),
        "{}",
        stdout(&bad)
    );

    // Checked against someone else's records, the attempts are missing.
    let other = tempfile::tempdir().unwrap();
    database(other.path(), "Alex", &[]);
    let missing = canteen(other.path())
        .args(["certificate", "--verify"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(1));
    assert!(
        stdout(&missing).contains("are not in"),
        "{}",
        stdout(&missing)
    );
}

#[test]
fn no_certificate_before_a_pass() {
    let data = tempfile::tempdir().unwrap();
    database(
        data.path(),
        "Sam",
        &[play(
            &example(),
            1,
            "Sam",
            FAIL,
            "2026-03-01T10:00:00Z",
            1000,
        )],
    );
    let out = canteen(data.path()).arg("certificate").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("no scenario has been passed yet"),
        "{}",
        stderr(&out)
    );
}

/// Three learners' records collected three ways: exported JSON lines, the JSON of
/// `canteen records`, and a records database; Sam's export is also collected twice.
fn collected() -> (tempfile::TempDir, std::path::PathBuf) {
    let root = tempfile::tempdir().unwrap();
    let s = example();
    let inbox = root.path().join("inbox");
    std::fs::create_dir_all(&inbox).unwrap();
    let learners = [
        ("sam", "Sam Jones", vec![(1, FAIL), (2, PASS)]),
        (
            "alex",
            "alex.smith@nhs.net",
            vec![(3, CRITICAL), (4, TIMED_OUT)],
        ),
        ("kim", "87654321", vec![(5, PASS), (6, FAIL)]),
    ];
    for (i, (folder, name, plays)) in learners.iter().enumerate() {
        let dir = root.path().join(folder);
        std::fs::create_dir_all(&dir).unwrap();
        let records: Vec<_> = plays
            .iter()
            .map(|(n, path)| {
                let finished = format!("2026-03-0{}T1{}:00:00Z", i + 1, n);
                play(&s, *n, name, path, &finished, 60_000 * u64::from(*n))
            })
            .collect();
        database(&dir, name, &records);
        match *folder {
            "sam" => {
                let file = inbox.join("sam.jsonl");
                canteen(&dir)
                    .args(["export", "--records"])
                    .arg(&file)
                    .assert()
                    .success();
                std::fs::copy(&file, inbox.join("sam-again.jsonl")).unwrap();
            }
            "alex" => {
                let out = canteen(&dir)
                    .args(["records", "--format", "json"])
                    .output()
                    .unwrap();
                std::fs::write(inbox.join("alex.json"), out.stdout).unwrap();
            }
            _ => {
                std::fs::copy(dir.join("canteen.db"), inbox.join("kim.db")).unwrap();
            }
        }
    }
    (root, inbox)
}

#[test]
fn a_report_over_collected_records_in_every_format() {
    let (root, inbox) = collected();
    for (format, name) in [
        ("table", "report_table"),
        ("md", "report_md"),
        ("csv", "report_csv"),
    ] {
        let out = canteen(root.path())
            .arg("report")
            .arg(&inbox)
            .args(["--format", format])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        let text = stdout(&out);
        for private in ["Sam Jones", "alex.smith", "87654321", "inbox"] {
            assert!(
                !text.contains(private),
                "{private} must not appear in {name}"
            );
        }
        settings(root.path()).bind(|| insta::assert_snapshot!(name, text));
    }
}

#[test]
fn individual_rows_only_when_asked() {
    let (root, inbox) = collected();
    let out = canteen(root.path())
        .arg("report")
        .arg(&inbox)
        .arg("--individual")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    settings(root.path()).bind(|| insta::assert_snapshot!("report_individual", stdout(&out)));
}

#[test]
fn a_bad_record_file_is_named_with_its_line() {
    let root = tempfile::tempdir().unwrap();
    let good = play(&example(), 1, "Sam", PASS, "2026-03-01T10:00:00Z", 1000);
    let file = root.path().join("records.jsonl");
    std::fs::write(
        &file,
        format!(
            "{}\n\n{{\"attempt_id\": \"x\", \"scenario_id\": 3}}\n",
            serde_json::to_string(&good).unwrap()
        ),
    )
    .unwrap();
    let out = canteen(root.path())
        .arg("report")
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains(&format!(
            "{}, line 3: this is not an attempt record",
            file.display()
        )),
        "{err}"
    );

    let foreign = root.path().join("rota.db");
    let conn = rusqlite::Connection::open(&foreign).unwrap();
    conn.execute_batch("CREATE TABLE rota (shift TEXT);")
        .unwrap();
    drop(conn);
    let out = canteen(root.path())
        .arg("report")
        .arg(&foreign)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("is not a canteen records file"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn exported_records_round_trip() {
    let data = sams_records();
    let out = canteen(data.path())
        .args(["export", "--records", "-"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let lines: Vec<canteen::records::AttemptRecord> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let store = Store::open(&data.path().join("canteen.db")).unwrap();
    assert_eq!(lines, store.attempts().unwrap());
}

#[test]
fn a_version_1_records_file_is_migrated_keeping_its_records() {
    let data = tempfile::tempdir().unwrap();
    let db = data.path().join("canteen.db");
    let mut record = play(&example(), 1, "Sam", PASS, "2026-03-01T10:00:00Z", 1000);
    // Written before scoring versions were kept: scored by version 1, and stored without one.
    record.scoring = 1;
    assert!(!serde_json::to_string(&record).unwrap().contains("scoring"));
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch(
        "CREATE TABLE learner (id INTEGER PRIMARY KEY CHECK (id = 1), name TEXT NOT NULL DEFAULT '', asked INTEGER NOT NULL DEFAULT 0);
         INSERT INTO learner (id, name, asked) VALUES (1, 'Sam', 1);
         CREATE TABLE progress (scenario_id TEXT PRIMARY KEY, body TEXT NOT NULL);
         CREATE TABLE attempts (attempt_id TEXT PRIMARY KEY, scenario_id TEXT NOT NULL, finished_at TEXT NOT NULL, passed INTEGER NOT NULL, overall INTEGER NOT NULL, body TEXT NOT NULL);
         CREATE INDEX attempts_by_scenario ON attempts (scenario_id, finished_at);
         PRAGMA application_id = 1128353364;
         PRAGMA user_version = 1;",
    )
    .unwrap();
    conn.execute(
        "INSERT INTO attempts VALUES (?1, ?2, ?3, 1, ?4, ?5)",
        rusqlite::params![
            record.attempt_id,
            record.scenario_id,
            record.finished_at.to_string(),
            record.overall,
            serde_json::to_string(&record).unwrap()
        ],
    )
    .unwrap();
    drop(conn);

    // Reading for a report leaves the file at version 1.
    let read_only = Store::open_read_only(&db).unwrap();
    assert_eq!(
        read_only.every_attempt().unwrap(),
        std::slice::from_ref(&record)
    );
    drop(read_only);
    let version = |db: &Path| -> i32 {
        rusqlite::Connection::open(db)
            .unwrap()
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(version(&db), 1);

    let mut store = Store::open(&db).unwrap();
    assert_eq!(version(&db), canteen::records::SCHEMA_VERSION);
    assert!(
        !store.learner().unwrap().untimed,
        "time limits stay on until turned off"
    );
    store.set_untimed(true).unwrap();
    assert!(store.learner().unwrap().untimed);
    assert_eq!(store.attempts().unwrap(), std::slice::from_ref(&record));
    assert_eq!(
        store.attempts().unwrap()[0].scoring,
        1,
        "old attempts keep their rules"
    );
    assert_eq!(store.learner().unwrap().name, "Sam");
    assert_eq!(store.outbox_len().unwrap(), 0);
    assert!(store.queued_attempts().unwrap().is_empty());
    // A new attempt is stored with the rules that scored it, in its body and its row.
    let new = play(&example(), 2, "Sam", PASS, "2026-03-02T10:00:00Z", 1000);
    assert_eq!(new.scoring, canteen::engine::SCORING);
    store.record_attempt(&new).unwrap();
    drop(store);
    let rules: Vec<u32> = rusqlite::Connection::open(&db)
        .unwrap()
        .prepare("SELECT scoring FROM attempts ORDER BY finished_at")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(rules, [1, canteen::engine::SCORING]);
    // Opening again is a no-op.
    Store::open(&db).unwrap();
    assert_eq!(version(&db), canteen::records::SCHEMA_VERSION);
}

/// Many canteens opening one new records folder at the same moment (a ward's shared drive on
/// the first morning): every one of them opens it, and the file is made once.
#[test]
fn many_canteens_opening_a_new_records_folder_at_once_all_succeed() {
    const AT_ONCE: usize = 8;
    for _ in 0..10 {
        let data = tempfile::tempdir().unwrap();
        let db = data.path().join("records").join("canteen.db");
        let start = std::sync::Barrier::new(AT_ONCE);
        let opened: Vec<Result<(), String>> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..AT_ONCE)
                .map(|_| {
                    scope.spawn(|| {
                        start.wait();
                        let store = Store::open(&db).map_err(|e| e.to_string())?;
                        store.learner().map(|_| ()).map_err(|e| e.to_string())
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        for result in &opened {
            assert_eq!(result, &Ok(()), "every canteen opens the new folder");
        }
        let store = Store::open(&db).unwrap();
        assert_eq!(
            store.learner().unwrap(),
            canteen::records::Learner::default()
        );
        assert!(store.attempts().unwrap().is_empty());
    }
}

/// The same through the real binary: separate processes, each with its own SQLite connection.
#[test]
fn many_canteen_processes_opening_a_new_data_folder_at_once_all_succeed() {
    const AT_ONCE: usize = 6;
    for _ in 0..3 {
        let data = tempfile::tempdir().unwrap();
        let fresh = data.path().join("new");
        let children: Vec<std::process::Child> = (0..AT_ONCE)
            .map(|_| {
                std::process::Command::new(env!("CARGO_BIN_EXE_canteen"))
                    .current_dir(env!("CARGO_MANIFEST_DIR"))
                    .env_remove("CANTEEN_SCENARIOS")
                    .env("NO_COLOR", "1")
                    .args(["--scenarios", "docs/examples", "--data-dir"])
                    .arg(&fresh)
                    .arg("records")
                    .stdout(std::process::Stdio::piped())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for child in children {
            let out = child.wait_with_output().unwrap();
            assert!(out.status.success(), "{}", stderr(&out));
        }
        assert!(
            Store::open(&fresh.join("canteen.db"))
                .unwrap()
                .attempts()
                .unwrap()
                .is_empty()
        );
    }
}

/// A saved attempt carried on in two windows and finished in both: both finishes are kept, a
/// retried save of either changes nothing, and only that attempt's progress is cleared.
/// A learner's name is typed by the learner and printed on a manager's terminal: an escape
/// code in it is shown, not obeyed, in the report and on the text certificate.
#[test]
fn a_name_holding_an_escape_code_cannot_drive_the_managers_terminal() {
    let data = tempfile::tempdir().unwrap();
    let name = "Sam\u{1b}]0;owned\u{7}";
    let passed = play(&example(), 1, name, PASS, "2026-03-02T10:00:00Z", 1000);
    database(data.path(), name, &[passed]);
    let report = canteen(data.path())
        .args(["report", "--individual"])
        .arg(data.path().join("canteen.db"))
        .output()
        .unwrap();
    let certificate = canteen(data.path())
        .args(["certificate", "--format", "text"])
        .output()
        .unwrap();
    for out in [report, certificate] {
        assert!(out.status.success(), "{out:?}");
        let text = stdout(&out);
        assert!(text.contains("Sam␛]0;owned␇"), "the name is shown:\n{text}");
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{7}'),
            "{text:?}"
        );
    }
}

/// One damaged attempt row is named and left out; every other attempt is still listed and
/// still earns its certificate, and the damaged row stays in the file.
#[test]
fn one_damaged_attempt_hides_no_other() {
    let data = tempfile::tempdir().unwrap();
    let first = play(&example(), 1, "Sam", FAIL, "2026-03-01T10:00:00Z", 1000);
    let second = play(&example(), 2, "Sam", PASS, "2026-03-02T10:00:00Z", 1000);
    database(data.path(), "Sam", &[first.clone(), second.clone()]);
    let db = data.path().join("canteen.db");
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute(
            "UPDATE attempts SET body = '{\"damaged' WHERE attempt_id = ?1",
            [&first.attempt_id],
        )
        .unwrap();

    for args in [
        &["records", "--format", "json"][..],
        &["certificate", "--format", "text"],
    ] {
        let out = canteen(data.path()).args(args).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        let (text, warning) = (stdout(&out), stderr(&out));
        assert!(
            warning.contains(&format!("attempt {} (row 1 of", first.attempt_id))
                && warning.contains("cannot be read and is left out"),
            "{args:?} names the damaged row: {warning}"
        );
        assert!(
            text.contains("Sam"),
            "{args:?} still shows the rest:\n{text}"
        );
    }
    let kept: i64 = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row("SELECT count(*) FROM attempts", [], |r| r.get(0))
        .unwrap();
    assert_eq!(kept, 2, "the damaged row is kept");
}
