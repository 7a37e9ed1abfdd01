//! Training pathways: for each role, the scenarios a learner must pass and how often, so a
//! trust's training team can see who is in date with their mandatory training.
//!
//! The shipped pathways (`assets/pathways.ron`) cover every role of `assets/roles.ron`; a trust
//! writes its own in the same form and checks it with `canteen pathways --check FILE`. The
//! pathway for [`EVERYONE`] applies to all staff; each role's own pathway is added to it.

use serde::Deserialize;

use super::sources::EVERYONE;

/// The pathways file shipped in `assets/`.
pub const PATHWAYS_RON: &str = include_str!("../../assets/pathways.ron");

/// How many days before a pass expires a learner counts as due, when the file does not say.
pub const DEFAULT_DUE_DAYS: u32 = 30;

/// Every role's pathway, as written in a pathways file.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename = "Pathways", deny_unknown_fields)]
pub struct Pathways {
    /// How many days before a pass expires a learner counts as due (still in date).
    #[serde(default = "default_due_days")]
    pub due_days: u32,
    /// One pathway per role.
    pub pathways: Vec<Pathway>,
}

fn default_due_days() -> u32 {
    DEFAULT_DUE_DAYS
}

/// The scenarios one role must pass.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename = "Pathway", deny_unknown_fields)]
pub struct Pathway {
    /// A role id of `roles.ron`, or `everyone` for all staff.
    pub role: String,
    /// The scenarios to pass, in the order they are suggested.
    pub scenarios: Vec<Required>,
}

/// A scenario a pathway requires, and how long a pass stays in date.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename = "Required", deny_unknown_fields)]
pub struct Required {
    /// The scenario's id.
    pub scenario: String,
    /// How many calendar months a pass stays in date.
    pub every_months: u32,
}

/// A scenario a learner must pass: the shortest period of the pathways that require it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Requirement {
    /// The scenario's id.
    pub scenario: String,
    /// How many calendar months a pass stays in date.
    pub every_months: u32,
}

/// A problem in a pathways file: which pathway, which field, and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathwayProblem {
    /// The role of the pathway it is in (as written), or `None` for the file as a whole.
    pub pathway: Option<String>,
    /// The field, e.g. `role`, `scenario` or `every_months`.
    pub field: &'static str,
    /// What is wrong and what to do, as one sentence.
    pub message: String,
}

impl std::fmt::Display for PathwayProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.pathway {
            Some(role) => write!(
                f,
                "pathway for \"{role}\", {}: {}",
                self.field, self.message
            ),
            None => write!(f, "{}: {}", self.field, self.message),
        }
    }
}

impl Pathways {
    /// Reads a pathways file.
    pub fn parse(text: &str) -> Result<Pathways, ron::error::SpannedError> {
        crate::format::parse::ron_options().from_str(text)
    }

    /// The shipped pathways.
    #[expect(
        clippy::expect_used,
        reason = "the shipped pathways are embedded and tested, so failing here is a build defect"
    )]
    pub fn shipped() -> Pathways {
        Pathways::parse(PATHWAYS_RON).expect("the shipped pathways parse")
    }

    /// Every problem of these pathways against the role ids of `roles.ron` and the ids of the
    /// scenarios in the library, in file order; none when they can be used.
    pub fn check(&self, roles: &[&str], scenarios: &[&str]) -> Vec<PathwayProblem> {
        let mut problems = Vec::new();
        let mut seen_roles: Vec<&str> = Vec::new();
        for p in &self.pathways {
            let at = |field, message: String| PathwayProblem {
                pathway: Some(p.role.clone()),
                field,
                message,
            };
            if p.role != EVERYONE && !roles.contains(&p.role.as_str()) {
                problems.push(at(
                    "role",
                    format!(
                        "role \"{}\" is not in roles.ron: use one of {}{}",
                        p.role,
                        roles.join(", "),
                        if roles.contains(&EVERYONE) {
                            String::new()
                        } else {
                            format!(", or \"{EVERYONE}\" for all staff")
                        }
                    ),
                ));
            }
            if seen_roles.contains(&p.role.as_str()) {
                problems.push(at(
                    "role",
                    format!(
                        "role \"{}\" has a second pathway: put all of its scenarios in one",
                        p.role
                    ),
                ));
            }
            seen_roles.push(&p.role);
            if p.scenarios.is_empty() {
                problems.push(at(
                    "scenarios",
                    "the pathway requires no scenario: name at least one, or remove the pathway"
                        .to_string(),
                ));
            }
            let mut seen: Vec<&str> = Vec::new();
            for r in &p.scenarios {
                if !scenarios.contains(&r.scenario.as_str()) {
                    problems.push(at(
                        "scenario",
                        format!(
                            "scenario \"{}\" is not in the library: use one of the ids `canteen list` shows ({})",
                            r.scenario,
                            scenarios.join(", ")
                        ),
                    ));
                }
                if seen.contains(&r.scenario.as_str()) {
                    problems.push(at(
                        "scenario",
                        format!(
                            "scenario \"{}\" is required twice: keep one, with the period you mean",
                            r.scenario
                        ),
                    ));
                }
                seen.push(&r.scenario);
                if r.every_months == 0 {
                    problems.push(at(
                        "every_months",
                        format!(
                            "scenario \"{}\" is required every 0 months: give how many months a pass stays in date, e.g. 12",
                            r.scenario
                        ),
                    ));
                }
            }
        }
        problems
    }

    /// The pathway written for a role, if any.
    pub fn pathway(&self, role: &str) -> Option<&Pathway> {
        self.pathways.iter().find(|p| p.role == role)
    }

    /// The scenarios a learner in `roles` must pass: the everyone pathway's, then each role's
    /// in turn, each scenario once with the shortest period of the pathways requiring it. A
    /// role with no pathway (or unknown) adds nothing.
    pub fn required(&self, roles: &[&str]) -> Vec<Requirement> {
        let mut out: Vec<Requirement> = Vec::new();
        let wanted = std::iter::once(EVERYONE).chain(roles.iter().copied());
        for role in wanted {
            for p in self.pathways.iter().filter(|p| p.role == role) {
                for r in &p.scenarios {
                    match out.iter_mut().find(|o| o.scenario == r.scenario) {
                        Some(o) => o.every_months = o.every_months.min(r.every_months),
                        None => out.push(Requirement {
                            scenario: r.scenario.clone(),
                            every_months: r.every_months,
                        }),
                    }
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Catalogue;

    /// The scenarios' own check against the library is `canteen pathways --check` (tests/it):
    /// the model sits below the library, so here the roles are checked, and the shape.
    #[test]
    fn the_shipped_pathways_check_against_the_shipped_roles() {
        let catalogue = Catalogue::shipped();
        let roles: Vec<_> = catalogue.roles.iter().map(|r| r.id.as_str()).collect();
        let p = Pathways::shipped();
        let ids: Vec<_> = p
            .pathways
            .iter()
            .flat_map(|w| w.scenarios.iter().map(|r| r.scenario.as_str()))
            .collect();
        assert_eq!(p.check(&roles, &ids), Vec::new());
        assert_eq!(p.due_days, 30);
        for role in &roles {
            let n = p.required(&[role]).len();
            assert!((2..=6).contains(&n), "{role} has {n} scenarios");
        }
    }

    #[test]
    fn problems_name_the_pathway_the_field_and_the_fix() {
        let p = Pathways::parse(
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
        assert_eq!(p.due_days, DEFAULT_DUE_DAYS);
        let problems = p.check(&["nurse", "doctor"], &["rough-night", "ward-photo"]);
        let text: Vec<_> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(problems.len(), 4, "{text:#?}");
        assert_eq!(
            text[0],
            "pathway for \"nurze\", role: role \"nurze\" is not in roles.ron: use one of nurse, doctor, or \"everyone\" for all staff"
        );
        assert_eq!(problems[1].field, "scenario");
        assert!(text[1].contains("\"rough-nite\" is not in the library"));
        assert_eq!(problems[2].field, "every_months");
        assert!(text[3].contains("\"ward-photo\" is required twice"));
    }

    #[test]
    fn unknown_fields_are_refused() {
        assert!(Pathways::parse("Pathways(pathways: [], due: 3)").is_err());
    }

    #[test]
    fn a_learner_needs_everyone_then_their_roles_each_once_with_the_shortest_period() {
        let p = Pathways::parse(
            r#"Pathways(pathways: [
                Pathway(role: "manager", scenarios: [
                    Required(scenario: "off-sick", every_months: 12),
                    Required(scenario: "first-weeks", every_months: 12),
                ]),
                Pathway(role: "everyone", scenarios: [Required(scenario: "first-weeks", every_months: 36)]),
                Pathway(role: "hr", scenarios: [Required(scenario: "off-sick", every_months: 6)]),
            ])"#,
        )
        .unwrap();
        let req = |roles: &[&str]| {
            p.required(roles)
                .into_iter()
                .map(|r| (r.scenario, r.every_months))
                .collect::<Vec<_>>()
        };
        assert_eq!(req(&[]), [("first-weeks".to_string(), 36)]);
        assert_eq!(req(&["nurze"]), [("first-weeks".to_string(), 36)]);
        assert_eq!(
            req(&["manager", "hr"]),
            [("first-weeks".to_string(), 12), ("off-sick".to_string(), 6)]
        );
    }
}
