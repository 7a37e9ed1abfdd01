//! Sending statements to a learning record store through the outbox, against a real HTTP
//! server on 127.0.0.1 that records what it receives and can be told to fail: batches and
//! headers, a 5xx and a dropped connection keep the rest for a rerun, a 4xx stops with the
//! LRS's message, and a process killed mid-send loses nothing and resends nothing acknowledged.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command as StdCommand, Stdio};

use assert_cmd::Command;
use assert_cmd::cargo::cargo_bin;
use base64::Engine;
use canteen::records::Store;

use crate::support::attempts;
use crate::support::lrs;

use attempts::{CRITICAL, FAIL, PASS, database, example, play};
use lrs::{FakeLrs, Reply};

const PROXIES: [&str; 8] = [
    "http_proxy",
    "HTTP_PROXY",
    "https_proxy",
    "HTTPS_PROXY",
    "all_proxy",
    "ALL_PROXY",
    "no_proxy",
    "NO_PROXY",
];

/// A records folder with three attempts (12 statements) by staff number 12345678.
fn three_attempts() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let s = example();
    database(
        dir.path(),
        "12345678",
        &[
            play(&s, 1, "12345678", PASS, "2026-03-02T09:14:05Z", 200_000),
            play(&s, 2, "12345678", FAIL, "2026-03-03T09:14:05Z", 150_000),
            play(&s, 3, "12345678", CRITICAL, "2026-03-04T09:14:05Z", 90_000),
        ],
    );
    dir
}

/// The canteen binary on `data`, with LRS credentials and no proxy or settings file.
fn canteen(data: &Path) -> StdCommand {
    let mut cmd = StdCommand::new(cargo_bin("canteen"));
    for p in PROXIES {
        cmd.env_remove(p);
    }
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .env("CANTEEN_SETTINGS", data.join("no-settings.ron"))
        .env("CANTEEN_LRS_KEY", "canteen-key")
        .env("CANTEEN_LRS_SECRET", "s3cret")
        .env("CANTEEN_XAPI_HOMEPAGE", "https://esr.example.nhs.uk")
        .env_remove("CANTEEN_SCENARIOS")
        .args(["--scenarios", "docs/examples", "--data-dir"])
        .arg(data);
    cmd
}

fn export(data: &Path, endpoint: &str, batch: u32) -> std::process::Output {
    let mut cmd = canteen(data);
    cmd.args(["export", "--lrs", endpoint, "--batch"])
        .arg(batch.to_string());
    Command::from_std(cmd)
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap()
}

fn waiting(data: &Path) -> usize {
    Store::open(&data.join("canteen.db"))
        .unwrap()
        .outbox_len()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// How many times each id was acknowledged.
fn counts(ids: &[String]) -> BTreeMap<&str, usize> {
    let mut m = BTreeMap::new();
    for id in ids {
        *m.entry(id.as_str()).or_default() += 1;
    }
    m
}

#[test]
fn statements_go_in_batches_with_the_xapi_header_and_basic_auth() {
    let data = three_attempts();
    let server = FakeLrs::start(vec![]);
    let out = export(data.path(), &server.endpoint, 5);
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", text(&out.stderr));
    assert!(
        stdout.contains("Queued 12 new statements from 3 attempts; 12 waiting"),
        "{stdout}"
    );
    for line in [
        "5 of 12 sent",
        "10 of 12 sent",
        "12 of 12 sent",
        "Done: 12 statements sent.",
    ] {
        assert!(stdout.contains(line), "{line} in {stdout}");
    }
    let got = server.received();
    assert_eq!(
        got.iter().map(|r| r.statements.len()).collect::<Vec<_>>(),
        [5, 5, 2]
    );
    let auth = base64::engine::general_purpose::STANDARD.encode("canteen-key:s3cret");
    for r in &got {
        assert_eq!(
            (r.method.as_str(), r.path.as_str()),
            ("POST", "/xapi/statements")
        );
        assert_eq!(r.header("x-experience-api-version"), Some("1.0.3"));
        assert_eq!(r.header("content-type"), Some("application/json"));
        assert_eq!(
            r.header("authorization"),
            Some(format!("Basic {auth}").as_str())
        );
        for s in &r.statements {
            assert_eq!(canteen::records::xapi::check::check(s), []);
        }
    }
    assert_eq!(waiting(data.path()), 0);

    // Nothing new: a second run queues and sends nothing.
    let again = export(data.path(), &server.endpoint, 5);
    assert!(
        text(&again.stdout).contains("Queued 0 new statements"),
        "{}",
        text(&again.stdout)
    );
    assert!(text(&again.stdout).contains("Nothing to send."));
    assert_eq!(server.received().len(), 3);
}

#[test]
fn a_server_error_keeps_the_rest_and_a_rerun_sends_only_what_is_left() {
    let data = three_attempts();
    let server = FakeLrs::start(vec![
        Reply::Accept,
        Reply::Status(503, r#"{"message": "down for maintenance"}"#.into()),
    ]);
    let out = export(data.path(), &server.endpoint, 5);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("HTTP 503"), "{stderr}");
    assert!(stderr.contains("\"down for maintenance\""), "{stderr}");
    assert!(
        stderr.contains("5 of 12 statements sent; the other 7 wait in the outbox"),
        "{stderr}"
    );
    assert_eq!(waiting(data.path()), 7);

    let rerun = export(data.path(), &server.endpoint, 5);
    assert!(rerun.status.success(), "{}", text(&rerun.stderr));
    assert!(
        text(&rerun.stdout).contains("7 of 7 sent"),
        "{}",
        text(&rerun.stdout)
    );
    let got = server.received();
    assert_eq!(got.len(), 4);
    // The rerun resends the refused batch and the rest, never the acknowledged first batch.
    assert_eq!(got[2].ids(), got[1].ids());
    let stored = server.stored_ids();
    assert_eq!(stored.len(), 12);
    assert!(counts(&stored).values().all(|&n| n == 1));
}

#[test]
fn a_dropped_connection_or_no_server_keeps_everything_waiting() {
    let data = three_attempts();
    let server = FakeLrs::start(vec![Reply::HangUp]);
    let out = export(data.path(), &server.endpoint, 50);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("could not reach the LRS"), "{stderr}");
    assert!(stderr.contains("run the same command again"), "{stderr}");
    assert_eq!(waiting(data.path()), 12);

    // Nobody listening at all.
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}/xapi", l.local_addr().unwrap())
    };
    let out = export(data.path(), &closed, 50);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("0 of 12 statements sent"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(waiting(data.path()), 12);
}

#[test]
fn a_refusal_stops_with_the_lrs_message() {
    let data = three_attempts();
    let server = FakeLrs::start(vec![Reply::Status(
        400,
        r#"{"message": "Statement 'actor' has no identifier"}"#.into(),
    )]);
    let out = export(data.path(), &server.endpoint, 50);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("refused the statements (HTTP 400)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("\"Statement 'actor' has no identifier\""),
        "{stderr}"
    );
    assert_eq!(
        waiting(data.path()),
        12,
        "refused statements stay for a fixed rerun"
    );
    assert_eq!(
        server.received().len(),
        1,
        "no further batch after a refusal"
    );
}

#[test]
fn a_process_killed_mid_send_loses_nothing_and_resends_nothing_acknowledged() {
    let data = three_attempts();
    let server = FakeLrs::start(vec![Reply::Accept, Reply::Hang]);
    let mut child = canteen(data.path())
        .args(["export", "--lrs", &server.endpoint, "--batch", "5"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // The second batch is on its way and the first acknowledged: kill the sender there.
    server.wait_for(2);
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(
        waiting(data.path()),
        7,
        "only the acknowledged batch left the outbox"
    );

    let rerun = export(data.path(), &server.endpoint, 5);
    assert!(rerun.status.success(), "{}", text(&rerun.stderr));
    let got = server.received();
    assert_eq!(got.len(), 4);
    assert!(!got[1].acknowledged);
    assert_eq!(
        got[2].ids(),
        got[1].ids(),
        "the unacknowledged batch is sent again"
    );
    let stored = server.stored_ids();
    let expected: Vec<String> = {
        let store = Store::open(&data.path().join("canteen.db")).unwrap();
        let s = example();
        let actor = canteen::records::xapi::Actor::for_learner(
            "12345678",
            Some("https://esr.example.nhs.uk"),
        )
        .unwrap();
        store
            .attempts()
            .unwrap()
            .iter()
            .flat_map(|a| canteen::records::xapi::statements(a, &actor, Some(&s)).unwrap())
            .map(|s| s.id)
            .collect()
    };
    assert_eq!(expected.len(), 12);
    let stored_counts = counts(&stored);
    for id in &expected {
        assert_eq!(
            stored_counts.get(id.as_str()),
            Some(&1),
            "{id} arrives exactly once"
        );
    }
    assert_eq!(waiting(data.path()), 0);
}

#[test]
fn credentials_are_never_taken_from_the_command_line() {
    let data = three_attempts();
    let out = cmd_without_credentials(data.path())
        .args(["export", "--lrs", "http://key:secret@127.0.0.1:9/xapi"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("never taken from the command line"));

    let out = cmd_without_credentials(data.path())
        .args(["export", "--lrs", "http://127.0.0.1:9/xapi"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("CANTEEN_LRS_KEY and CANTEEN_LRS_SECRET"),
        "{stderr}"
    );
    assert!(
        stderr.contains("no-settings.ron"),
        "names the settings file: {stderr}"
    );
    assert_eq!(
        waiting(data.path()),
        0,
        "nothing queued without a way to send it"
    );
}

fn cmd_without_credentials(data: &Path) -> StdCommand {
    let mut cmd = canteen(data);
    cmd.env_remove("CANTEEN_LRS_KEY")
        .env_remove("CANTEEN_LRS_SECRET");
    cmd
}

#[test]
fn credentials_can_come_from_the_settings_file() {
    let data = three_attempts();
    let file = data.path().join("no-settings.ron");
    std::fs::write(
        &file,
        r#"Settings(lrs_key: "file-key", lrs_secret: "file-secret", xapi_homepage: "https://esr.example.nhs.uk")"#,
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    let server = FakeLrs::start(vec![]);
    let out = cmd_without_credentials(data.path())
        .env_remove("CANTEEN_XAPI_HOMEPAGE")
        .args(["export", "--lrs", &server.endpoint])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    if cfg!(unix) {
        assert!(
            text(&out.stderr).contains("chmod 600"),
            "a secret readable by others is pointed out: {}",
            text(&out.stderr)
        );
    }
    let auth = base64::engine::general_purpose::STANDARD.encode("file-key:file-secret");
    assert_eq!(
        server.received()[0].header("authorization"),
        Some(format!("Basic {auth}").as_str())
    );
}
