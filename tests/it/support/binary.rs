//! The real `canteen` binary, run from the repository with the shipped pack, without colour.

#![allow(dead_code)]

use assert_cmd::Command;

/// The binary, run in the repository folder, reading the shipped scenarios, without colour,
/// and kept away from the machine's own records and settings: a test that needs records names
/// its own folder, and the rest write to one that belongs to this test run.
pub fn canteen() -> Command {
    let mut cmd = Command::cargo_bin("canteen").expect("the canteen binary is built");
    let scratch = std::env::temp_dir().join(format!("canteen-tests-{}", std::process::id()));
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("CANTEEN_SCENARIOS")
        .env_remove("CANTEEN_TRUST")
        .env("CANTEEN_DATA_DIR", scratch.join("data"))
        .env("CANTEEN_SETTINGS", scratch.join("no-settings.ron"))
        .env("NO_COLOR", "1");
    cmd
}

/// Runs a command and returns its standard output, after checking its exit status.
pub fn stdout_of(cmd: &mut Command, status: i32) -> String {
    let output = cmd.output().expect("canteen runs");
    let stdout = String::from_utf8(output.stdout).expect("UTF-8 output");
    assert_eq!(output.status.code(), Some(status), "{stdout}");
    stdout
}

/// Runs a command that fails and returns its standard error, after checking its exit status
/// and that nothing was printed on standard output.
pub fn stderr_of(cmd: &mut Command, status: i32) -> String {
    let output = cmd.output().expect("canteen runs");
    let stdout = String::from_utf8(output.stdout).expect("UTF-8 output");
    let stderr = String::from_utf8(output.stderr).expect("UTF-8 output");
    assert_eq!(output.status.code(), Some(status), "{stderr}");
    assert_eq!(stdout, "", "errors go to stderr only");
    stderr
}
