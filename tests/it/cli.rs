//! The command line through the real binary: listing, walking and the default action, and the
//! spine every command shares: errors on stderr with hints apart, one exit status per kind of
//! error, and one `--seed`.

use std::path::Path;

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
    assert!(output.stdout.is_empty(), "errors go to stderr only");
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("no valid scenario \"nope\"")
            && stderr.contains("hint: The valid scenarios are: night-shift-post"),
        "{stderr}"
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
    assert_eq!(reader.records().count(), crate::support::shipped_files());
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
    assert!(missing.stdout.is_empty(), "errors go to stderr only");
    let stderr = String::from_utf8(missing.stderr).unwrap();
    assert!(
        stderr.starts_with("canteen: error: cannot read scenarios/no-such-file.ron:"),
        "{stderr}"
    );
    // Under the test harness stdout is a pipe, not a terminal.
    let piped = canteen()
        .args(["preview", "docs/examples/night-shift-post.ron"])
        .output()
        .unwrap();
    assert_eq!(piped.status.code(), Some(2));
    assert!(piped.stdout.is_empty(), "errors go to stderr only");
    let stderr = String::from_utf8(piped.stderr).unwrap();
    assert!(
        stderr.contains("canteen: error: canteen preview needs a terminal"),
        "{stderr}"
    );
    assert!(
        stderr.contains("`canteen validate docs/examples/night-shift-post.ron`"),
        "{stderr}"
    );
}

/// Runs canteen with a fresh records folder (and no settings file or LRS credentials from the
/// environment), returning the exit status, stdout and stderr.
fn run_in(data: &std::path::Path, args: &[&str]) -> (Option<i32>, String, String) {
    let output = canteen()
        .args(["--scenarios", "docs/examples", "--data-dir"])
        .arg(data)
        .args(args)
        .env("CANTEEN_SETTINGS", data.join("no-settings.ron"))
        .env_remove("CANTEEN_LRS_KEY")
        .env_remove("CANTEEN_LRS_SECRET")
        .output()
        .unwrap();
    (
        output.status.code(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

#[test]
fn an_error_goes_to_stderr_with_its_hint_on_a_line_apart_and_nothing_on_stdout() {
    let data = tempfile::tempdir().unwrap();
    let (code, stdout, stderr) = run_in(data.path(), &["certificate"]);
    assert_eq!(code, Some(1));
    assert_eq!(stdout, "", "nothing on stdout");
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{stderr}");
    assert!(
        lines[0].starts_with("canteen: error: no scenario has been passed yet in "),
        "{stderr}"
    );
    assert!(
        !lines[0].contains("Play one"),
        "the hint is not in the message: {stderr}"
    );
    assert_eq!(
        lines[1],
        "hint: Play one with `canteen`; a certificate lists the scenarios you have passed"
    );
}

#[test]
fn each_kind_of_error_has_its_exit_status() {
    let data = tempfile::tempdir().unwrap();
    let dir = data.path();
    let missing = dir.join("no-such-certificate.html");
    let missing = missing.to_str().unwrap();
    let empty = dir.join("empty.jsonl");
    std::fs::write(&empty, "").unwrap();
    let empty_records = empty.to_str().unwrap();
    let nothing = tempfile::tempdir().unwrap();
    let no_records = nothing.path().to_str().unwrap();
    // (arguments, exit status, what stderr says)
    let cases: &[(&[&str], i32, &str)] = &[
        // Invalid: scenario problems found.
        (
            &[
                "validate",
                "tests/fixtures/invalid/ct013-dangling-target.ron",
            ],
            1,
            "canteen: error: 1 error in 1 of 1 file",
        ),
        (
            &["test", "tests/fixtures/stories/ward-photo-draft.ron"],
            1,
            "canteen: error: 3 of 9 checks failed",
        ),
        // Failed: the command ran and its answer is no.
        (
            &["certificate"],
            1,
            "canteen: error: no scenario has been passed",
        ),
        (
            &["report", empty_records],
            1,
            "canteen: error: no attempt records in the files given",
        ),
        // Usage: asked for something that cannot be done here.
        (
            &["export", "--lrs", "ftp://lrs.example"],
            2,
            "canteen: error: \"ftp://lrs.example\" is not an http or https address",
        ),
        (&["workshop", "night-shift-post"], 2, "needs a terminal"),
        // Settings: no LRS credentials.
        (
            &["export", "--lrs", "https://lrs.example.nhs.uk/xapi"],
            2,
            "canteen: error: the LRS needs a key and a secret",
        ),
        // Records: record files that hold no record files.
        (&["report", no_records], 2, "canteen: error: "),
        // Io: a file that cannot be read.
        (
            &["certificate", "--verify", missing],
            2,
            "canteen: error: cannot read",
        ),
    ];
    for (args, status, said) in cases {
        let (code, stdout, stderr) = run_in(dir, args);
        assert_eq!(code, Some(*status), "{args:?}: {stderr}");
        assert!(stderr.contains(said), "{args:?}: {stderr}");
        assert!(
            !stdout.contains("canteen: error"),
            "{args:?} printed its error on stdout: {stdout}"
        );
    }

    // Records: a damaged records file.
    std::fs::write(dir.join("canteen.db"), b"tea, milk, biscuits").unwrap();
    let (code, stdout, stderr) = run_in(dir, &["records"]);
    assert_eq!(code, Some(2), "{stderr}");
    assert_eq!(stdout, "");
    assert!(
        stderr.starts_with("canteen: error: the records file "),
        "{stderr}"
    );

    // Usage, from clap: an option canteen does not have.
    let (code, stdout, stderr) = run_in(dir, &["list", "--no-such-option"]);
    assert_eq!(code, Some(2), "{stderr}");
    assert_eq!(stdout, "");
    assert!(stderr.contains("--no-such-option"), "{stderr}");
}

#[test]
fn help_is_asked_for_so_it_goes_to_stdout_with_status_0() {
    let output = canteen().arg("--help").output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(output.stderr.is_empty());
    let help = String::from_utf8(output.stdout).unwrap();
    assert!(help.contains("Exit status: 0 done;"), "{help}");
}

#[test]
fn seed_means_the_same_before_or_after_the_subcommand() {
    let walk = |args: &[&str]| {
        let out = canteen().args(args).output().unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap()
    };
    let file = "docs/examples/night-shift-post.ron";
    let after = walk(&["walk", file, "--random", "50", "--seed", "7"]);
    let before = walk(&["--seed", "7", "walk", file, "--random", "50"]);
    assert_eq!(after, before);
    assert!(after.contains("Random walks: 50 (seed 7)"), "{after}");
    let unseeded = walk(&["walk", file, "--random", "50"]);
    assert!(
        unseeded.contains("(seed 1)"),
        "walk repeats without --seed: {unseeded}"
    );
    let help = walk(&["walk", "--help"]);
    assert!(
        help.contains("the same seed replays the same session"),
        "{help}"
    );
}

/// A trust's profile fills its own names into the scenario text; without one the neutral
/// defaults read mid-sentence; a broken profile is named with its line.
#[test]
fn a_trust_profile_fills_its_names_into_the_text() {
    let dir = tempfile::tempdir().unwrap();
    let story = dir.path().join("placeholder.ron");
    let text = std::fs::read_to_string("tests/fixtures/invalid/ct084-unknown-placeholder.ron")
        .unwrap()
        .replace("{trust.incident_sytem}", "{trust.incident_system}")
        .replace("ct084-unknown-placeholder", "placeholder");
    std::fs::write(&story, text).unwrap();
    let profile = dir.path().join("trust.ron");
    std::fs::write(&profile, r#"Trust(incident_system: "Datix")"#).unwrap();
    let play = |trust: Option<&std::path::Path>| {
        let mut cmd = canteen();
        cmd.env("CANTEEN_DATA_DIR", dir.path().join("data"))
            .env("CANTEEN_SETTINGS", dir.path().join("none.ron"))
            .args(["--plain", "--scenarios"])
            .arg(&story);
        if let Some(t) = trust {
            cmd.arg("--trust").arg(t);
        }
        let out = cmd.write_stdin("\n1\n1\n\n1\n\nq\n").output().unwrap();
        String::from_utf8_lossy(&out.stdout).to_string()
    };
    let theirs = play(Some(&profile));
    assert!(theirs.contains("You could report it on Datix."), "{theirs}");
    let neutral = play(None);
    assert!(
        neutral.contains("You could report it on the trust's incident reporting system."),
        "{neutral}"
    );
    std::fs::write(&profile, "Trust(incident_system: Datix)").unwrap();
    let out = canteen()
        .args(["--trust"])
        .arg(&profile)
        .args(["validate", "scenarios/"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("trust.ron is not valid at line 1"), "{err}");
    assert_ne!(out.status.code(), Some(0));
}

#[test]
fn validate_without_a_path_checks_the_scenarios_folder_here_else_the_shipped_pack() {
    let dir = tempfile::tempdir().unwrap();
    let output = canteen()
        .current_dir(dir.path())
        .env_remove("CANTEEN_SCENARIOS")
        .arg("validate")
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("checking the scenarios shipped inside canteen"),
        "{stderr}"
    );
    std::fs::create_dir(dir.path().join("scenarios")).unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/invalid/ct013-dangling-target.ron"),
        dir.path().join("scenarios/ct013-dangling-target.ron"),
    )
    .unwrap();
    let output = canteen()
        .current_dir(dir.path())
        .env_remove("CANTEEN_SCENARIOS")
        .arg("validate")
        .output()
        .unwrap();
    let (stdout, stderr) = (
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    );
    assert!(
        stderr.contains("checking the scenarios folder here"),
        "{stderr}"
    );
    assert!(stdout.contains("[CT013]"), "{stdout}");
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn principles_and_roles_list_the_ids_a_file_may_use() {
    let catalogue = canteen::model::Catalogue::shipped();
    let principles =
        String::from_utf8(canteen().arg("principles").output().unwrap().stdout).unwrap();
    for p in &catalogue.principles {
        assert!(
            principles.contains(&format!("{}  ", p.id))
                || principles.contains(&format!("{} ", p.id)),
            "{}",
            p.id
        );
        assert!(principles.contains(&p.description), "{}", p.id);
    }
    let roles = canteen()
        .args(["roles", "--format", "json"])
        .output()
        .unwrap();
    let roles: serde_json::Value = serde_json::from_slice(&roles.stdout).unwrap();
    assert_eq!(roles.as_array().unwrap().len(), catalogue.roles.len());
    assert_eq!(roles[0]["id"], catalogue.roles[0].id.as_str());
}

#[test]
fn walk_says_why_the_best_path_is_below_100_percent() {
    let output = canteen()
        .args(["walk", "scenarios/ward-photo.ron", "--format", "json"])
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let rows = doc["best_by_principle"].as_array().unwrap();
    assert!(!rows.is_empty());
    assert!(
        rows.iter()
            .all(|r| r["earned"].as_i64() <= r["max"].as_i64())
    );
}
