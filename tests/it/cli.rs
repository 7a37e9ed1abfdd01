//! The command line through the real binary: listing, walking and the default action.

use crate::support::binary;
use binary::canteen;

#[test]
fn walk_reports_paths_endings_bounds_and_random_walks() {
    let output = canteen()
        .args([
            "walk",
            "docs/examples/night-shift-post.ron",
            "--random",
            "500",
            "--seed",
            "7",
        ])
        .output()
        .unwrap();
    assert!(output.status.success());
    let stdout = String::from_utf8(output.stdout).unwrap();
    insta::assert_snapshot!(stdout);
}

#[test]
fn walk_json_is_machine_readable_and_seeded() {
    let run = || {
        let out = canteen()
            .args([
                "walk",
                "docs/examples/night-shift-post.ron",
                "--random",
                "200",
                "--seed",
                "3",
                "--format",
                "json",
            ])
            .output()
            .unwrap();
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
    };
    let a = run();
    assert_eq!(a, run(), "the same seed gives the same walks");
    assert_eq!(a["paths"], "11");
    assert_eq!(a["best"]["passed"], true);
    assert_eq!(a["random"]["walks"], 200);
}

#[test]
fn walk_names_the_valid_scenarios_when_the_one_asked_for_is_missing() {
    let output = canteen()
        .args(["--scenarios", "docs/examples", "walk", "nope"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(
        String::from_utf8(output.stdout)
            .unwrap()
            .contains("No valid scenario \"nope\". Valid scenarios: night-shift-post")
    );
}

#[test]
fn a_trusts_own_pack_is_read_from_the_environment() {
    let output = canteen()
        .env("CANTEEN_SCENARIOS", "docs/examples")
        .arg("list")
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.contains("night-shift-post"), "{stdout}");
    assert!(stdout.contains("2 ready, 0 unavailable"), "{stdout}");
}

#[test]
fn catalogue_prints_the_shipped_coverage_within_100_columns() {
    let output = canteen().arg("catalogue").output().unwrap();
    assert!(output.status.success());
    let stdout = String::from_utf8(output.stdout).unwrap();
    for line in stdout.lines() {
        assert!(
            line.chars().count() <= 100,
            "wider than 100 columns: {line:?}"
        );
        assert_eq!(line, line.trim_end(), "trailing spaces: {line:?}");
    }
    assert!(stdout.contains("10 of 10 coverage rules met."), "{stdout}");
    insta::assert_snapshot!(stdout);
}

#[test]
fn catalogue_csv_has_a_row_per_scenario_and_a_column_per_principle() {
    let output = canteen()
        .args(["catalogue", "--format", "csv"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let stdout = String::from_utf8(output.stdout).unwrap();
    let mut reader = csv::Reader::from_reader(stdout.as_bytes());
    let header = reader.headers().unwrap().clone();
    assert_eq!(header.len(), 13 + 10, "13 figures and the 10 principles");
    assert_eq!(&header[13], "confidentiality");
    assert_eq!(reader.records().count(), 12);
    insta::assert_snapshot!(stdout);
}

#[test]
fn catalogue_leaves_out_invalid_files_and_says_so() {
    let output = canteen()
        .args([
            "catalogue",
            "docs/examples/night-shift-post.ron",
            "tests/fixtures/invalid/ct001-syntax.ron",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        stdout.contains("canteen catalogue: 1 scenario,"),
        "{stdout}"
    );
    assert!(
        stdout.contains("Left out, not valid: tests/fixtures/invalid/ct001-syntax.ron."),
        "{stdout}"
    );
    assert!(stdout.contains("MISSING"), "{stdout}");
}

#[test]
fn preview_says_when_it_cannot_run() {
    let missing = canteen()
        .args(["preview", "scenarios/no-such-file.ron"])
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(2));
    let stdout = String::from_utf8(missing.stdout).unwrap();
    assert!(
        stdout.starts_with("canteen preview: cannot read scenarios/no-such-file.ron:"),
        "{stdout}"
    );
    // Under the test harness stdout is a pipe, not a terminal.
    let piped = canteen()
        .args(["preview", "docs/examples/night-shift-post.ron"])
        .output()
        .unwrap();
    assert_eq!(piped.status.code(), Some(2));
    let stdout = String::from_utf8(piped.stdout).unwrap();
    assert!(
        stdout.contains("canteen preview needs a terminal."),
        "{stdout}"
    );
    assert!(
        stdout.contains("`canteen validate docs/examples/night-shift-post.ron`"),
        "{stdout}"
    );
}
