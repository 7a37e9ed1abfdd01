//! The trainer through the real binary in plain mode: whole attempts, resuming after the
//! process is killed, and record files that are damaged or not canteen's.

use std::io::Write;
use std::path::Path;
use std::process::{Command as StdCommand, Stdio};
use std::time::{Duration, Instant};

use assert_cmd::Command;
use assert_cmd::cargo::cargo_bin;
use canteen::records::Store;

fn canteen(data: &Path) -> Command {
    let mut cmd = Command::cargo_bin("canteen").expect("the canteen binary is built");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("CANTEEN_SCENARIOS")
        .env("NO_COLOR", "1")
        .args(["--scenarios", "docs/examples", "--data-dir"])
        .arg(data);
    cmd
}

/// The answers that play the example's best path, whatever order the choices are shown in.
fn answer_for(output_so_far: &str, wanted: &str) -> String {
    // Choices print as "  N. text"; find the number of the line holding the wanted text.
    output_so_far
        .lines()
        .rev()
        .take_while(|l| !l.starts_with("Decision "))
        .find_map(|l| {
            let (n, text) = l.trim_start().split_once(". ")?;
            (text.starts_with(wanted) && n.parse::<u32>().is_ok()).then(|| n.to_string())
        })
        .unwrap_or_else(|| panic!("no choice starting {wanted:?} in:\n{output_so_far}"))
}

#[test]
fn a_whole_attempt_in_plain_mode_is_recorded() {
    let data = tempfile::tempdir().unwrap();
    // First, see the order the seed shows the choices in.
    let first = canteen(data.path())
        .args(["--plain", "--seed", "4"])
        .write_stdin("Sam\n1\nq\n")
        .output()
        .unwrap();
    let shown = String::from_utf8(first.stdout).unwrap();
    let a = answer_for(&shown, "Post \"Tough night");
    // Quitting mid-decision keeps no half choice; play again from the start with the same seed.
    let data = tempfile::tempdir().unwrap();
    let run = canteen(data.path())
        .args(["--plain", "--seed", "4"])
        .write_stdin(format!("Sam\n1\n{a}\n\n"))
        .output()
        .unwrap();
    let partial = String::from_utf8(run.stdout).unwrap();
    assert!(
        partial.contains("You chose: Post \"Tough night, proud of my team\""),
        "{partial}"
    );
    let b = answer_for(&partial, "Tell her honestly");
    let data = tempfile::tempdir().unwrap();
    let out = canteen(data.path())
        .args(["--plain", "--seed", "4"])
        .write_stdin(format!("Sam\n1\n{a}\n\n{b}\n\nq\n"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(!stdout.contains('\u{1b}'), "no escape codes in plain mode");
    assert!(stdout.contains("Ending: Supported and wiser"), "{stdout}");
    assert!(
        stdout.contains("Result: Passed: 90% meets the pass mark of 70%."),
        "{stdout}"
    );
    assert!(
        stdout.contains("Purposeful, positive use: +3 of +4 (75%)"),
        "{stdout}"
    );
    assert!(
        stdout.contains("passed, best 90%"),
        "the list shows the result:\n{stdout}"
    );
    let store = Store::open(&data.path().join("canteen.db")).unwrap();
    let attempts = store.attempts().unwrap();
    assert_eq!(attempts.len(), 1);
    assert_eq!(attempts[0].learner, "Sam");
    assert!(attempts[0].passed);
    assert_eq!(
        attempts[0]
            .steps
            .iter()
            .map(|s| s.choice.as_str())
            .collect::<Vec<_>>(),
        ["proud-team", "debrief"]
    );
    let records = canteen(data.path())
        .args(["records", "--format", "json"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&records.stdout).unwrap();
    assert_eq!(json[0]["scenario_id"], "night-shift-post");
}

#[test]
fn progress_survives_a_killed_process_and_resumes() {
    let data = tempfile::tempdir().unwrap();
    let mut child = StdCommand::new(cargo_bin("canteen"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .args([
            "--scenarios",
            "docs/examples",
            "--plain",
            "--seed",
            "11",
            "--data-dir",
        ])
        .arg(data.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    // Skip the name, pick the scenario, make choice 1 at the first decision.
    stdin.write_all(b"\n1\n1\n").unwrap();
    stdin.flush().unwrap();
    let db = data.path().join("canteen.db");
    let deadline = Instant::now() + Duration::from_secs(20);
    let saved = loop {
        if let Ok(store) = Store::open(&db)
            && let Ok(Some(p)) = store.progress("night-shift-post")
        {
            break p;
        }
        assert!(Instant::now() < deadline, "progress was never saved");
        std::thread::sleep(Duration::from_millis(50));
    };
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(saved.steps.len(), 1);

    let out = canteen(data.path())
        .args(["--plain", "--seed", "99"])
        .write_stdin("1\nc\nq\n")
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("in progress"), "{stdout}");
    assert!(
        stdout.contains("You have an attempt in progress (1 decisions made)"),
        "{stdout}"
    );
    assert!(
        stdout.contains("Decision 2 of"),
        "resumes at the second decision:\n{stdout}"
    );
}

#[test]
fn a_damaged_records_file_is_reported_and_moved_aside_never_deleted() {
    let data = tempfile::tempdir().unwrap();
    let db = data.path().join("canteen.db");
    std::fs::write(
        &db,
        b"this is not a database, it is a shopping list: tea, milk, biscuits",
    )
    .unwrap();
    let out = canteen(data.path())
        .arg("--plain")
        .write_stdin("q\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains(&db.display().to_string()), "{stderr}");
    assert!(stderr.contains("is damaged"), "{stderr}");
    assert!(stderr.contains("canteen records --move-aside"), "{stderr}");
    assert!(
        std::fs::read(&db)
            .unwrap()
            .starts_with(b"this is not a database"),
        "left untouched"
    );

    let moved = canteen(data.path())
        .args(["records", "--move-aside"])
        .output()
        .unwrap();
    assert!(moved.status.success());
    let aside: Vec<_> = std::fs::read_dir(data.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("canteen.db.damaged-"))
        .collect();
    assert_eq!(aside.len(), 1, "the damaged file is kept under a new name");
    canteen(data.path())
        .arg("--plain")
        .write_stdin("q\n")
        .assert()
        .success();
}

#[test]
fn a_foreign_database_is_not_touched() {
    let data = tempfile::tempdir().unwrap();
    let db = data.path().join("canteen.db");
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch("CREATE TABLE rota (shift TEXT); INSERT INTO rota VALUES ('night');")
        .unwrap();
    drop(conn);
    let out = canteen(data.path()).args(["records"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("is not a canteen records file"), "{stderr}");
    let conn = rusqlite::Connection::open(&db).unwrap();
    let shift: String = conn
        .query_row("SELECT shift FROM rota", [], |r| r.get(0))
        .unwrap();
    assert_eq!(shift, "night");
}

#[test]
fn records_says_where_they_are_when_there_are_none() {
    let data = tempfile::tempdir().unwrap();
    let out = canteen(data.path()).arg("records").output().unwrap();
    assert!(out.status.success());
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .contains("No completed attempts yet")
    );
}

/// Plain mode promises no escape codes and reads whatever a learner types: an escape code in a
/// name goes out as a visible symbol, and a byte that is not UTF-8 is answered, not an exit.
#[test]
fn plain_mode_sends_no_control_codes_and_survives_a_stray_byte() {
    let data = tempfile::tempdir().unwrap();
    let mut input = b"Sam\x1b]0;owned\x07\n".to_vec();
    input.extend_from_slice(b"\xff\xfe\n1\nq\n");
    let run = canteen(data.path())
        .args(["--plain", "--seed", "4"])
        .write_stdin(input)
        .output()
        .unwrap();
    assert!(run.status.success(), "{run:?}");
    let out = String::from_utf8(run.stdout).expect("plain mode writes UTF-8");
    assert!(
        out.contains("it is not UTF-8 text. Type it again"),
        "the stray byte is answered:\n{out}"
    );
    assert!(
        out.contains("Decision 1"),
        "and the session goes on:\n{out}"
    );
    assert!(
        !out.chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t'),
        "no control character reaches the terminal:\n{out:?}"
    );
}
