//! The coverage rules of the scenario library: the shipped library meets every one, and each
//! rule names what falls short when a pack does not.

use canteen::checks::coverage::{Coverage, CoverageRule};
use canteen::format::SourceFile;
use canteen::library::{Library, Pack};
use canteen::model::Catalogue;

const EXAMPLE: &str = include_str!("../../docs/examples/night-shift-post.ron");

fn coverage_of(texts: &[&str]) -> Coverage {
    let files = texts
        .iter()
        .enumerate()
        .map(|(i, t)| Ok(SourceFile::new(format!("pack/{i}.ron"), *t)))
        .collect();
    let library = Library::from_files(files, Catalogue::shipped());
    assert_eq!(
        library.scenarios().count(),
        texts.len(),
        "every file in the pack is valid"
    );
    Coverage::of(&library.catalogue, library.scenarios())
}

fn missing(coverage: &Coverage, rule: CoverageRule) -> Vec<String> {
    coverage
        .rules
        .iter()
        .find(|r| r.rule == rule)
        .expect("every rule is reported")
        .missing
        .clone()
}

#[test]
fn the_shipped_library_meets_every_coverage_rule() {
    let library = Library::load(&Pack::Shipped);
    let invalid: Vec<_> = library
        .entries
        .iter()
        .filter(|e| e.scenario.is_none())
        .map(|e| e.file.name.as_str())
        .collect();
    assert!(invalid.is_empty(), "invalid shipped scenarios: {invalid:?}");
    let coverage = Coverage::of(&library.catalogue, library.scenarios());
    let ids: Vec<&str> = coverage.scenarios.iter().map(|s| s.id.as_str()).collect();
    for id in [
        // The twelve scenarios of the content brief.
        "rough-night",
        "friend-request",
        "ward-photo",
        "unsafe-staffing",
        "critical-post",
        "off-sick",
        "checking-candidates",
        "negative-review",
        "group-chat",
        "local-gossip",
        "doctor-online",
        "ward-account",
        // The second edition (issue 19).
        "first-weeks",
        "placement-tiktok",
        "ai-tools",
        "crew-filmed",
        "birth-photos",
        "practice-page",
        "board-voice",
        "community-ward",
        "screenshot-complaint",
        "role-title",
        "local-arrangements",
    ] {
        assert!(ids.contains(&id), "{id} is shipped: {ids:?}");
    }
    let shortfalls: Vec<String> = coverage
        .rules
        .iter()
        .filter(|r| !r.ok())
        .map(|r| {
            format!(
                "{}\n    missing: {}",
                r.rule.describe(),
                r.missing.join("; ")
            )
        })
        .collect();
    assert!(
        shortfalls.is_empty(),
        "the shipped library has lost coverage:\n  {}",
        shortfalls.join("\n  ")
    );
}

#[test]
fn figures_for_one_scenario_come_from_the_model_and_the_analysis() {
    let coverage = coverage_of(&[EXAMPLE]);
    let s = &coverage.scenarios[0];
    assert_eq!(s.id, "night-shift-post");
    assert_eq!(s.decisions, 3);
    assert_eq!(s.best_path_decisions, 2, "proud-team, debrief");
    assert_eq!(s.endings, 2);
    assert_eq!(s.minutes, 5);
    let best = |id: &str| {
        let i = coverage.principles.iter().position(|p| p.id == id).unwrap();
        s.best_points[i]
    };
    assert_eq!(best("confidentiality"), Some(1));
    assert_eq!(best("engagement"), Some(4));
    assert_eq!(best("fair-response"), None, "not scored");
    assert!(s.words.narrative > 100 && s.words.feedback > 100 && s.words.endings > 20);
    assert_eq!(
        s.words.total(),
        s.words.narrative + s.words.choices + s.words.feedback + s.words.endings
    );
    assert_eq!(coverage.scenarios_per_principle().iter().sum::<usize>(), 4);
}

#[test]
fn a_small_pack_is_told_what_it_lacks() {
    let coverage = coverage_of(&[EXAMPLE]);
    assert!(!coverage.all_ok());
    let principles = missing(&coverage, CoverageRule::PrincipleScoredOften);
    assert!(principles.contains(&"confidentiality: scored in 1".to_string()));
    assert!(principles.contains(&"fair-response: scored in 0".to_string()));
    let roles = missing(&coverage, CoverageRule::EveryRole);
    assert!(
        roles.contains(&"porter: no scenario".to_string()),
        "{roles:?}"
    );
    assert!(!roles.iter().any(|r| r.starts_with("nurse")), "{roles:?}");
    assert_eq!(
        missing(&coverage, CoverageRule::ManagementScenarios),
        ["0 of 5"]
    );
    assert_eq!(missing(&coverage, CoverageRule::PositiveUse), ["0 of 4"]);
    assert_eq!(
        missing(&coverage, CoverageRule::BestPathDecisions),
        ["night-shift-post: 2 on the best path"]
    );
    // "later" offers two choices unless the detailed story was posted.
    let offered = missing(&coverage, CoverageRule::ChoicesOffered);
    assert_eq!(offered.len(), 1);
    assert!(
        offered[0].starts_with("night-shift-post: later offers 2"),
        "{offered:?}"
    );
    for rule in [
        CoverageRule::Endings,
        CoverageRule::Condition,
        CoverageRule::Discussion,
        CoverageRule::Expectations,
    ] {
        assert!(missing(&coverage, rule).is_empty(), "{rule:?}");
    }
}

#[test]
fn missing_prompts_conditions_and_expectations_are_named() {
    let bare: String = EXAMPLE
        .lines()
        .filter(|l| {
            let l = l.trim_start();
            // Verdicts go too: without its conditions a Best path could no longer pass.
            ![
                "discuss:",
                "requires:",
                "unless:",
                "Passes(",
                "Scores(",
                "verdict:",
            ]
            .iter()
            .any(|p| l.starts_with(p))
        })
        .map(|l| format!("{l}\n"))
        .collect();
    let coverage = coverage_of(&[&bare]);
    assert_eq!(
        missing(&coverage, CoverageRule::Discussion),
        ["night-shift-post: no prompt at bus-stop, screenshot, later"]
    );
    assert_eq!(
        missing(&coverage, CoverageRule::Condition),
        ["night-shift-post: no choice depends on an earlier one"]
    );
    assert_eq!(
        missing(&coverage, CoverageRule::Expectations),
        ["night-shift-post: no Passes, no Scores(below: 100)"]
    );
}

#[test]
fn every_role_in_the_catalogue_is_required() {
    let catalogue = canteen::model::Catalogue::shipped();
    let mut roles: Vec<&str> = catalogue.roles.iter().map(|r| r.id.as_str()).collect();
    let mut required = canteen::checks::coverage::REQUIRED_ROLES.to_vec();
    roles.sort_unstable();
    required.sort_unstable();
    assert_eq!(roles, required);
}
