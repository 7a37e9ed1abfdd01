//! The authoring tools through the real binary: `canteen new`, `canteen graph`, `canteen test`,
//! and the promise that docs/authoring.md documents every diagnostic code.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;

use canteen::checks::check;
use canteen::checks::story_tests::{self, EXHAUSTIVE_LIMIT};
use canteen::engine::walk::path_stats;
use canteen::format::{Rule, SourceFile};
use canteen::model::Catalogue;

use crate::support::synthetic;

const EXAMPLE: &str = "docs/examples/night-shift-post.ron";
const PASSING: &str = "tests/fixtures/stories/coffee-invite.ron";
const FAILING: &str = "tests/fixtures/stories/ward-photo-draft.ron";

use crate::support::binary;
use binary::{canteen, stderr_of, stdout_of};

#[test]
fn graph_draws_the_example_as_dot() {
    let dot = stdout_of(canteen().args(["graph", EXAMPLE, "--format", "dot"]), 0);
    insta::assert_snapshot!(dot);
}

#[test]
fn graph_draws_the_example_as_mermaid() {
    let mermaid = stdout_of(canteen().args(["graph", EXAMPLE, "--format", "mermaid"]), 0);
    insta::assert_snapshot!(mermaid);
}

#[test]
fn graph_draws_the_example_as_a_text_outline() {
    let text = stdout_of(canteen().args(["graph", EXAMPLE, "--format", "text"]), 0);
    assert!(text.contains("(see above: later)"), "merges refer back");
    insta::assert_snapshot!(text);
}

#[test]
fn graph_finds_a_scenario_by_id_in_a_pack() {
    let text = stdout_of(
        canteen().args(["--scenarios", "docs/examples", "graph", "night-shift-post"]),
        0,
    );
    assert!(text.starts_with("After the night shift (night-shift-post)"));
    let missing = stderr_of(
        canteen().args(["--scenarios", "docs/examples", "graph", "nope"]),
        1,
    );
    assert!(missing.contains("no valid scenario \"nope\""), "{missing}");
}

#[test]
fn test_passes_a_scenario_whose_expectations_and_paths_hold() {
    let report = stdout_of(canteen().args(["test", PASSING]), 0);
    assert!(
        report.contains("test result: 9 passed, 0 failed"),
        "{report}"
    );
    insta::assert_snapshot!(report);
}

#[test]
fn test_fails_on_wrong_expectations_and_unreachable_endings() {
    let report = stdout_of(canteen().args(["test", FAILING]), 1);
    for failure in [
        "FAILED  ward-photo-draft: expectation 2: Passes([no-photo, send-to-comms])",
        "FAILED  ward-photo-draft: expectation 3: Ends([retake-away, post-to-comms] at shared-safely)",
        "FAILED  ward-photo-draft: ending \"praised\" is reachable",
    ] {
        assert!(
            report.contains(failure),
            "{failure} missing from:\n{report}"
        );
    }
    assert!(
        report.ends_with("test result: 6 passed, 3 failed\n"),
        "{report}"
    );
    insta::assert_snapshot!(report);
}

#[test]
fn test_counts_an_invalid_file_as_a_failure_with_its_diagnostics() {
    let report = stdout_of(
        canteen().args([
            "test",
            PASSING,
            "tests/fixtures/invalid/ct013-dangling-target.ron",
        ]),
        1,
    );
    assert!(
        report.contains(
            "FAILED  tests/fixtures/invalid/ct013-dangling-target.ron: is a valid scenario"
        ),
        "{report}"
    );
    assert!(
        report.contains("[CT013] choice \"good\" leads to \"secnd\""),
        "{report}"
    );
    assert!(
        report.contains("test result: 9 passed, 1 failed"),
        "{report}"
    );
}

#[test]
fn test_samples_paths_when_there_are_too_many_to_play() {
    let file = SourceFile::new("synth.ron", synthetic::scenario(30, 7));
    let checked = check(Arc::new(file), &Catalogue::shipped());
    let scenario = checked.scenario.expect("the synthetic scenario is valid");
    assert!(path_stats(&scenario).paths.unwrap() > EXHAUSTIVE_LIMIT);
    let checks = story_tests::run(&scenario, 3);
    let bounds = checks.last().unwrap();
    assert!(
        bounds.name.contains("sampled: 10000 random walks, seed 3"),
        "{}",
        bounds.name
    );
    let failed: Vec<_> = checks.iter().filter(|c| !c.passed()).collect();
    assert!(failed.is_empty(), "{failed:?}");
}

#[test]
fn new_writes_a_template_that_passes_validate_with_warnings_denied() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("scenarios");
    let made = stdout_of(
        canteen()
            .args(["new", "ward-photo", "--role", "nurse", "--dir"])
            .arg(&folder),
        0,
    );
    assert!(made.contains("ward-photo.ron"), "{made}");
    let file = folder.join("ward-photo.ron");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("id: \"ward-photo\""));
    assert!(text.contains("title: \"Ward photo\""));
    assert!(text.contains("roles: [\"nurse\"]"));
    let report = stdout_of(
        canteen().args(["validate", "--deny-warnings"]).arg(&file),
        0,
    );
    assert!(report.contains("0 errors, 0 warnings"), "{report}");
    stdout_of(canteen().arg("test").arg(&file), 0);
}

#[test]
fn new_refuses_to_overwrite_an_existing_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ward-photo.ron");
    std::fs::write(&file, "// a trainer's work in progress\n").unwrap();
    let refused = stderr_of(
        canteen()
            .args(["new", "ward-photo", "--dir"])
            .arg(dir.path()),
        1,
    );
    assert!(refused.contains("already exists"), "{refused}");
    assert!(refused.contains("never overwrites"), "{refused}");
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        "// a trainer's work in progress\n"
    );
}

#[test]
fn new_checks_the_id_and_the_role_before_writing() {
    let dir = tempfile::tempdir().unwrap();
    let bad_id = stderr_of(
        canteen()
            .args(["new", "Ward Photo", "--dir"])
            .arg(dir.path()),
        1,
    );
    assert!(bad_id.contains("such as \"ward-photo\""), "{bad_id}");
    let bad_role = stderr_of(
        canteen()
            .args(["new", "ward-photo", "--role", "nures", "--dir"])
            .arg(dir.path()),
        1,
    );
    assert!(bad_role.contains("did you mean \"nurse\"?"), "{bad_role}");
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "nothing written"
    );
}

/// `CTxxx` codes in the Markdown headings of docs/authoring.md.
fn documented_codes() -> BTreeSet<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/authoring.md");
    let doc = std::fs::read_to_string(path).expect("docs/authoring.md exists");
    let mut codes = BTreeSet::new();
    for line in doc.lines().filter(|l| l.starts_with('#')) {
        for (i, _) in line.match_indices("CT") {
            let digits = &line[i + 2..];
            if digits.len() >= 3 && digits[..3].bytes().all(|b| b.is_ascii_digit()) {
                codes.insert(line[i..i + 5].to_string());
            }
        }
    }
    codes
}

#[test]
fn the_authoring_guide_documents_every_diagnostic_code() {
    let in_code: BTreeSet<String> = Rule::ALL.iter().map(|r| r.code().to_string()).collect();
    let in_docs = documented_codes();
    let undocumented: Vec<_> = in_code.difference(&in_docs).collect();
    let unknown: Vec<_> = in_docs.difference(&in_code).collect();
    assert!(
        undocumented.is_empty() && unknown.is_empty(),
        "codes without a heading in docs/authoring.md: {undocumented:?}; \
         headings for codes canteen does not have: {unknown:?}"
    );
}

/// `canteen script` gives a reviewer the whole scenario: every scene, choice (with its verdict
/// and feedback) and ending of every shipped scenario, the trust's names filled in, and for a
/// mixed audience the source each role is shown, in Markdown and in a self-contained page.
#[test]
fn script_shows_every_scene_choice_and_ending_with_names_filled() {
    let library = canteen::library::Library::load(&canteen::library::Pack::Shipped);
    for s in library.scenarios() {
        let id = &s.meta().id;
        let md = binary::stdout_of(canteen().args(["script", id]), 0);
        for scene in s.scenes() {
            assert!(
                md.contains(&format!("Scene \"{}\"", scene.id)),
                "{id}: {}",
                scene.id
            );
        }
        for c in s.choices() {
            assert!(md.contains(&format!("({})", c.id)), "{id}: {}", c.id);
            assert!(md.contains(c.feedback.trim()), "{id}: feedback of {}", c.id);
        }
        for e in s.endings() {
            assert!(md.contains(&e.title), "{id}: ending {}", e.id);
        }
        assert!(!md.contains("{trust."), "{id}: a placeholder left unfilled");
        assert!(md.contains("Verdict: "), "{id}");
        let html = binary::stdout_of(canteen().args(["script", id, "--format", "html"]), 0);
        assert!(html.starts_with("<!doctype html>"), "{id}");
        assert!(
            !html.contains("<script") && !html.contains("<link"),
            "{id}: self-contained"
        );
    }
    // friend-request is for healthcare assistants and AHPs: each is shown their own code.
    let md = binary::stdout_of(canteen().args(["script", "friend-request"]), 0);
    assert!(md.contains("(for Healthcare assistant)"), "{md}");
    assert!(
        !md.contains("NMC Code"),
        "no nurse's code for this audience:\n{md}"
    );
}

#[test]
fn sources_lists_every_source_with_who_it_binds() {
    let out = binary::stdout_of(canteen().arg("sources"), 0);
    assert!(
        out.contains(
            "gmc-social-media-2024  GMC: Using social media as a medical professional (2024)"
        ),
        "{out}"
    );
    assert!(out.contains("binds: healthcare-assistant, porter"), "{out}");
    assert!(
        !out.contains("Doctors' use of social media (2013)"),
        "withdrawn guidance is gone"
    );
}

#[test]
fn walk_and_graph_work_on_a_scenario_whose_only_errors_are_failed_expectations() {
    let fixture = "tests/fixtures/invalid/ct050-expectation-failed.ron";
    for args in [["walk", fixture], ["graph", fixture]] {
        let output = canteen().args(args).output().unwrap();
        let (stdout, stderr) = (
            String::from_utf8(output.stdout).unwrap(),
            String::from_utf8(output.stderr).unwrap(),
        );
        assert_eq!(output.status.code(), Some(0), "{args:?}: {stderr}");
        assert!(stdout.contains("ct050-expectation-failed"), "{stdout}");
        assert!(stderr.contains("[CT050]"), "{stderr}");
        assert!(stderr.contains("learners are not offered it"), "{stderr}");
    }
    // Other errors still stop them.
    let output = canteen()
        .args(["walk", "tests/fixtures/invalid/ct013-dangling-target.ron"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn a_copy_beside_the_real_file_loses_its_id_to_it_and_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let real =
        std::fs::read_to_string("tests/fixtures/invalid/ct010-duplicate-scenario/rehab-video.ron")
            .unwrap();
    // "rehab-video copy.ron" sorts first, and "a-rehab-video.ron" too: neither wins.
    for name in [
        "rehab-video copy.ron",
        "a-rehab-video.ron",
        "rehab-video.ron",
    ] {
        std::fs::write(dir.path().join(name), &real).unwrap();
    }
    let output = canteen()
        .args(["validate", "--format", "json"])
        .arg(dir.path())
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let valid: Vec<&str> = doc["files"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["valid"] == true)
        .map(|f| f["file"].as_str().unwrap())
        .collect();
    assert_eq!(valid.len(), 1);
    assert!(valid[0].ends_with("/rehab-video.ron"), "{valid:?}");
    let copy = doc["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| {
            f["file"]
                .as_str()
                .unwrap()
                .ends_with("rehab-video copy.ron")
        })
        .unwrap();
    let d = copy["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "CT010")
        .unwrap();
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("rehab-video copy.ron uses"),
        "{d}"
    );
    assert!(
        d["help"].as_str().unwrap().contains("looks like a copy of"),
        "{d}"
    );
}
