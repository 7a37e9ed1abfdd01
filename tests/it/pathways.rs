//! `canteen pathways`: each role's required training from the shipped pathways, and
//! `--check FILE` for a trust's own pathways file, driven through the real binary.

use canteen::library::{Library, Pack};
use canteen::model::{Catalogue, Pathways};

use crate::support::binary::{canteen, stderr_of, stdout_of};

#[test]
fn the_shipped_pathways_pass_the_check() {
    let out = stdout_of(
        canteen().args(["pathways", "--check", "assets/pathways.ron"]),
        0,
    );
    assert!(out.starts_with("assets/pathways.ron: ok, "), "{out}");
}

#[test]
fn every_role_in_roles_ron_has_a_required_scenario_that_ships() {
    let catalogue = Catalogue::shipped();
    let library = Library::load(&Pack::Shipped);
    let pathways = Pathways::shipped();
    let out = stdout_of(canteen().arg("pathways"), 0);
    for role in &catalogue.roles {
        let required = pathways.required(&[role.id.as_str()]);
        assert!(!required.is_empty(), "{} has no required scenario", role.id);
        for r in &required {
            assert!(library.find(&r.scenario).is_some(), "{}", r.scenario);
            assert!(r.every_months > 0, "{}", r.scenario);
        }
        assert!(
            out.contains(&format!("{} ({}): ", role.name, role.id)),
            "{} is listed",
            role.id
        );
    }
    assert!(!out.contains("not in this library"), "{out}");
}

#[test]
fn one_role_is_listed_with_titles_minutes_and_periods() {
    let out = stdout_of(canteen().args(["pathways", "--role", "nurse"]), 0);
    assert!(
        out.contains("Nurse (nurse): 5 scenarios, 58 minutes"),
        "{out}"
    );
    assert!(out.contains("rough-night"), "{out}");
    assert!(
        out.contains("12 min  every 12 months  Rough night"),
        "{out}"
    );
    assert!(
        out.contains("first-weeks"),
        "the everyone pathway is included: {out}"
    );
    assert!(!out.contains("Midwife"), "{out}");
}

#[test]
fn an_unknown_role_is_a_usage_error_naming_the_roles() {
    let err = stderr_of(canteen().args(["pathways", "--role", "nurze"]), 2);
    assert!(err.contains("role \"nurze\" is not in roles.ron"), "{err}");
    assert!(err.contains("nurse, midwife"), "{err}");
}

#[test]
fn a_trusts_file_with_problems_names_each_with_its_pathway_field_and_fix() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ours.ron");
    std::fs::write(
        &file,
        r#"Pathways(pathways: [
            Pathway(role: "nurze", scenarios: [Required(scenario: "rough-night", every_months: 12)]),
            Pathway(role: "nurse", scenarios: [
                Required(scenario: "rough-nite", every_months: 12),
                Required(scenario: "ward-photo", every_months: 0),
                Required(scenario: "ward-photo", every_months: 12),
            ]),
        ])"#,
    )
    .unwrap();
    let err = stderr_of(canteen().args(["pathways", "--check"]).arg(&file), 1);
    let shown = file.display().to_string();
    assert!(
        err.contains(&format!(
            "{shown}: pathway for \"nurze\", role: role \"nurze\" is not in roles.ron: use one of nurse,"
        )),
        "{err}"
    );
    assert!(
        err.contains(
            "pathway for \"nurse\", scenario: scenario \"rough-nite\" is not in the library"
        ),
        "{err}"
    );
    assert!(err.contains("pathway for \"nurse\", every_months: scenario \"ward-photo\" is required every 0 months"), "{err}");
    assert!(
        err.contains("scenario \"ward-photo\" is required twice"),
        "{err}"
    );
    assert!(
        err.contains(&format!("canteen: error: {shown} has 4 problems")),
        "{err}"
    );
}

#[test]
fn a_file_that_is_not_a_pathways_file_says_where_and_what_it_should_look_like() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ours.ron");
    std::fs::write(&file, "Pathways(pathways: [], due: 3)").unwrap();
    let err = stderr_of(canteen().args(["pathways", "--check"]).arg(&file), 1);
    assert!(err.contains("line 1, column"), "{err}");
    assert!(err.contains("`due`"), "{err}");
    assert!(
        err.contains("hint: It is a RON file like assets/pathways.ron"),
        "{err}"
    );
    let missing = dir.path().join("missing.ron");
    let err = stderr_of(canteen().args(["pathways", "--check"]).arg(&missing), 2);
    assert!(err.contains("cannot read"), "{err}");
}
