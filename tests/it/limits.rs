//! Large and hostile inputs: diagnostics on very long lines, files full of one mistake, and the
//! limits on what canteen reads.

use std::sync::Arc;

use canteen::checks::check;
use canteen::format::{Rule, SourceFile};
use canteen::model::Catalogue;

use crate::support::binary::canteen;

/// A scenario with `scenes` scenes in a chain; `typo` misspells every `next`, and `one_line`
/// writes it all on a single line, as a minified file would be.
pub fn chain(scenes: usize, typo: bool, one_line: bool) -> String {
    let mut parts = vec![
        "Scenario(format: 1, id: \"chain\", title: \"Chain\", summary: \"A chain.\", roles: [\"nurse\"], minutes: 2, author: \"canteen tests\", pass_mark: 50, start: \"s0\",".to_string(),
        "scenes: {".to_string(),
    ];
    for i in 0..scenes {
        let next = if i + 1 < scenes {
            format!("s{}", i + 1)
        } else {
            "end-good".to_string()
        };
        let next = if typo { format!("x{next}") } else { next };
        parts.push(format!(
            "\"s{i}\": Scene(text: \"Decision {i}.\", choices: [Choice(id: \"good-{i}\", text: \"Right.\", feedback: \"Good.\", effects: {{\"professionalism\": 1}}, next: \"{next}\"), Choice(id: \"bad-{i}\", text: \"Wrong.\", feedback: \"Bad.\", effects: {{\"professionalism\": -1}}, next: \"end-bad\")]),"
        ));
    }
    parts.push("}, endings: {\"end-good\": Ending(title: \"Good\", outcome: \"Well.\", debrief: \"Done.\"), \"end-bad\": Ending(title: \"Bad\", outcome: \"Badly.\", debrief: \"Again.\")})".to_string());
    parts.join(if one_line { " " } else { "\n" })
}

fn write(dir: &tempfile::TempDir, name: &str, text: &str) -> std::path::PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn a_diagnostic_past_column_65535_is_shown_cut_around_the_span() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        "Scenario(format: 1, id: \"chain\", title: \"{}\", summary: oops)",
        "a".repeat(70_000)
    );
    let path = write(&dir, "chain.ron", &text);
    let out = canteen().arg("validate").arg(&path).output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    // ron points at the space before the bad value.
    let column = text.find(" oops").unwrap() + 1;
    assert!(
        stdout.contains(&format!("chain.ron:1:{column}]")),
        "line and column kept:\n{stdout}"
    );
    assert!(stdout.contains("…aaaa"), "the line is cut:\n{stdout}");
    assert!(
        stdout.contains("summary: oops)"),
        "the span is shown:\n{stdout}"
    );
    assert!(
        stdout.lines().all(|l| l.chars().count() < 300),
        "no line is shown whole:\n{stdout}"
    );
}

#[test]
fn every_command_survives_a_diagnostic_on_a_minified_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(&dir, "chain.ron", &chain(3_000, true, true));
    for command in ["validate", "walk", "graph", "test"] {
        let out = canteen().arg(command).arg(&path).output().unwrap();
        let all = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert_ne!(out.status.code(), Some(101), "{command} panicked:\n{all}");
        assert!(
            all.contains("[CT013]"),
            "{command} reports the error:\n{all}"
        );
    }
}

#[test]
fn diagnostics_of_one_rule_stop_at_the_limit_with_a_count_of_the_rest() {
    let file = Arc::new(SourceFile::new("chain.ron", chain(120, true, false)));
    let checked = check(file, &Catalogue::shipped());
    let dangling: Vec<_> = checked
        .diagnostics
        .iter()
        .filter(|d| d.rule == Rule::DanglingTarget)
        .collect();
    assert_eq!(dangling.len(), 51, "50 kept and one summary");
    let last = dangling.last().unwrap();
    assert_eq!(last.message, "and 70 more like this");
    assert!(last.span.is_none());
    // The kept ones are located where they are, each on its own line.
    for (i, d) in dangling[..50].iter().enumerate() {
        let (line, _) = d.line_col().unwrap();
        assert_eq!(line, i + 3, "{}", d.short());
    }
}

#[test]
fn locating_in_a_large_file_finds_the_same_places_as_searching_it() {
    let text = chain(2_000, true, false);
    let file = Arc::new(SourceFile::new("chain.ron", text.clone()));
    for needle in ["xs1", "xs1999", "s1000", "bad-7", "end-bad", "nowhere"] {
        let quoted = format!("\"{needle}\"");
        let mut from = 0;
        for _ in 0..3 {
            let expected = text[from..].find(&quoted).map(|i| from + i);
            let found = file.find_quoted(from, needle).map(|s| s.offset);
            assert_eq!(found, expected, "{needle} from {from}");
            from = expected.map_or(text.len(), |o| o + 1);
        }
    }
    let offset = text.find("\"xs1000\"").unwrap();
    let line = text[..offset].matches('\n').count() + 1;
    let col = offset - text[..offset].rfind('\n').unwrap();
    assert_eq!(file.line_col(offset), (line, col));
    assert_eq!(file.offset_of(line, col), offset);
}

/// Runs canteen with a time limit, so a read that never ends fails the test instead of hanging.
fn bounded(args: &[&str]) -> (Option<i32>, String) {
    let out = canteen()
        .args(args)
        .timeout(std::time::Duration::from_secs(20))
        .output()
        .unwrap();
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code(), all)
}

#[cfg(unix)]
#[test]
fn validate_refuses_a_named_pipe_instead_of_waiting_on_it() {
    let dir = tempfile::tempdir().unwrap();
    let pipe = dir.path().join("pipe.ron");
    let made = std::process::Command::new("mkfifo")
        .arg(&pipe)
        .status()
        .unwrap();
    assert!(made.success());
    let (status, all) = bounded(&["validate", pipe.to_str().unwrap()]);
    assert_eq!(status, Some(1), "{all}");
    assert!(
        all.contains("[CT005]") && all.contains("not a regular file"),
        "{all}"
    );
}

#[cfg(unix)]
#[test]
fn validate_report_and_verify_refuse_a_device() {
    for args in [
        &["validate", "/dev/zero"][..],
        &["report", "/dev/zero"],
        &["certificate", "--verify", "/dev/zero"],
    ] {
        let (status, all) = bounded(args);
        assert!(matches!(status, Some(1 | 2)), "{args:?}: {all}");
        assert!(
            all.contains("/dev/zero") && all.contains("not a regular file"),
            "{args:?}: {all}"
        );
    }
}

#[test]
fn a_scenario_file_over_the_limit_is_refused_with_its_size() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(&dir, "huge.ron", &" ".repeat(17 * 1024 * 1024));
    let (status, all) = bounded(&["validate", path.to_str().unwrap()]);
    assert_eq!(status, Some(1), "{all}");
    assert!(all.contains("huge.ron"), "{all}");
    assert!(all.contains("17 MiB, more than the 16 MiB limit"), "{all}");
}

#[test]
fn a_certificate_over_the_limit_is_refused_with_its_size() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(&dir, "cert.html", &" ".repeat(2 * 1024 * 1024));
    let (status, all) = bounded(&["certificate", "--verify", path.to_str().unwrap()]);
    assert_eq!(status, Some(2), "{all}");
    assert!(all.contains("2 MiB, more than the 1 MiB limit"), "{all}");
}

/// A chain of `scenes` scenes, each with two choices that both lead on: 2^scenes paths.
fn doubling(scenes: usize) -> String {
    chain(scenes, false, false)
        .replace("next: \"end-bad\"", "next: \"NEXT\"")
        .lines()
        .enumerate()
        .map(|(i, l)| {
            if !l.contains("NEXT") {
                return l.to_string();
            }
            // Scene k is on line k + 2 and leads on to scene k + 1.
            let next = if i > scenes {
                "end-good".to_string()
            } else {
                format!("s{}", i - 1)
            };
            l.replace("NEXT", &next)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn walk_says_more_than_when_the_path_count_is_too_large_to_count() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(&dir, "chain.ron", &doubling(140));
    let (status, all) = bounded(&["walk", path.to_str().unwrap()]);
    assert_eq!(status, Some(0), "{all}");
    assert!(
        all.contains("Paths: more than 10^38 complete paths"),
        "{all}"
    );
    assert!(!all.contains(&u128::MAX.to_string()), "{all}");
    let path = write(&dir, "chain.ron", &doubling(20));
    let (_, all) = bounded(&["walk", path.to_str().unwrap()]);
    assert!(all.contains("Paths: 1048576 complete paths"), "{all}");
}

#[test]
fn walk_refuses_more_random_walks_than_its_maximum() {
    let (status, all) = bounded(&["walk", "ward-photo", "--random", "18446744073709551615"]);
    assert_eq!(status, Some(2), "{all}");
    assert!(all.contains("at most 1000000"), "{all}");
}
