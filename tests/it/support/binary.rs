//! The real `canteen` binary, run from the repository with the shipped pack, without colour.

#![allow(dead_code)]

use assert_cmd::Command;

/// The binary, run in the repository folder, reading the shipped scenarios, without colour.
pub fn canteen() -> Command {
    let mut cmd = Command::cargo_bin("canteen").expect("the canteen binary is built");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("CANTEEN_SCENARIOS")
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
