//! The coverage rules a scenario library must meet, and what falls short of each.

use std::sync::Arc;

use super::Coverage;
use crate::engine::Scenario;
use crate::model::Expectation;

/// Each principle must be scored in at least this many scenarios.
pub const MIN_SCENARIOS_PER_PRINCIPLE: usize = 5;
/// Roles that some scenario must be written for: every role in `assets/roles.ron` (a test
/// keeps the two lists the same, so a new role needs its scenario).
pub const REQUIRED_ROLES: &[&str] = &[
    "nurse",
    "midwife",
    "nursing-associate",
    "healthcare-assistant",
    "doctor",
    "allied-health-professional",
    "healthcare-scientist",
    "pharmacy",
    "ambulance",
    "porter",
    "receptionist",
    "manager",
    "hr",
    "communications",
    "board",
    "physician-associate",
    "ward-sister",
    "student",
    "volunteer",
    "everyone",
];
/// Roles that count as "managers, HR, communications staff or leaders".
pub const MANAGEMENT_ROLES: &[&str] = &["manager", "hr", "communications", "board"];
/// At least this many scenarios must be for managers, HR, communications staff or leaders.
pub const MIN_MANAGEMENT_SCENARIOS: usize = 5;
/// The tag that marks a scenario about using social media well.
pub const POSITIVE_USE_TAG: &str = "positive-use";
/// At least this many scenarios must carry the positive-use tag.
pub const MIN_POSITIVE_USE: usize = 4;
/// Decisions a learner makes on the best path, at least.
pub const MIN_BEST_PATH_DECISIONS: usize = 3;
/// Choices every decision offers in every reachable state, at least.
pub const MIN_CHOICES_OFFERED: usize = 3;
/// Endings per scenario, at least.
pub const MIN_ENDINGS: usize = 2;

/// A rule the library as a whole must meet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CoverageRule {
    PrincipleScoredOften,
    EveryRole,
    ManagementScenarios,
    PositiveUse,
    BestPathDecisions,
    ChoicesOffered,
    Endings,
    Condition,
    Discussion,
    Expectations,
}

impl CoverageRule {
    /// Every rule, in the order they are reported.
    pub const ALL: &'static [CoverageRule] = &[
        CoverageRule::PrincipleScoredOften,
        CoverageRule::EveryRole,
        CoverageRule::ManagementScenarios,
        CoverageRule::PositiveUse,
        CoverageRule::BestPathDecisions,
        CoverageRule::ChoicesOffered,
        CoverageRule::Endings,
        CoverageRule::Condition,
        CoverageRule::Discussion,
        CoverageRule::Expectations,
    ];

    /// What the rule asks, in a line.
    pub fn describe(self) -> String {
        match self {
            CoverageRule::PrincipleScoredOften => format!(
                "every principle is scored in at least {MIN_SCENARIOS_PER_PRINCIPLE} scenarios"
            ),
            CoverageRule::EveryRole => {
                format!("every role is served: {}", REQUIRED_ROLES.join(", "))
            }
            CoverageRule::ManagementScenarios => format!(
                "at least {MIN_MANAGEMENT_SCENARIOS} scenarios are for managers, HR, communications staff or leaders"
            ),
            CoverageRule::PositiveUse => {
                format!("at least {MIN_POSITIVE_USE} scenarios are tagged \"{POSITIVE_USE_TAG}\"")
            }
            CoverageRule::BestPathDecisions => format!(
                "every scenario has at least {MIN_BEST_PATH_DECISIONS} decisions on its best path"
            ),
            CoverageRule::ChoicesOffered => format!(
                "every decision offers at least {MIN_CHOICES_OFFERED} choices whenever it is reached"
            ),
            CoverageRule::Endings => {
                format!("every scenario has at least {MIN_ENDINGS} endings")
            }
            CoverageRule::Condition => {
                "every scenario has a choice with `requires` or `unless`".to_string()
            }
            CoverageRule::Discussion => "every scene has a `discuss` prompt".to_string(),
            CoverageRule::Expectations => {
                "every scenario expects a pass, a fail and a score below 100".to_string()
            }
        }
    }
}

/// One rule's result: met when nothing is missing.
#[derive(Debug, Clone)]
pub struct RuleResult {
    pub rule: CoverageRule,
    /// What falls short, one item a line, naming the principle, role or scenario.
    pub missing: Vec<String>,
}

impl RuleResult {
    /// True when the rule is met.
    pub fn ok(&self) -> bool {
        self.missing.is_empty()
    }
}

/// Checks every rule, in order.
pub(super) fn check(coverage: &Coverage, scenarios: &[&Arc<Scenario>]) -> Vec<RuleResult> {
    CoverageRule::ALL
        .iter()
        .map(|&rule| RuleResult {
            rule,
            missing: shortfalls(coverage, rule, scenarios),
        })
        .collect()
}

/// What falls short of one rule, one item a line.
fn shortfalls(
    coverage: &Coverage,
    rule: CoverageRule,
    scenarios: &[&Arc<Scenario>],
) -> Vec<String> {
    let per_scenario = |check: &dyn Fn(&Scenario) -> Option<String>| {
        scenarios
            .iter()
            .filter_map(|s| check(s).map(|why| format!("{}: {why}", s.meta().id)))
            .collect()
    };
    match rule {
        CoverageRule::PrincipleScoredOften => coverage
            .principles
            .iter()
            .zip(coverage.scenarios_per_principle())
            .filter(|(_, n)| *n < MIN_SCENARIOS_PER_PRINCIPLE)
            .map(|(p, n)| format!("{}: scored in {n}", p.id))
            .collect(),
        CoverageRule::EveryRole => REQUIRED_ROLES
            .iter()
            .filter(|r| {
                !coverage
                    .scenarios
                    .iter()
                    .any(|s| s.roles.iter().any(|x| x == *r))
            })
            .map(|r| format!("{r}: no scenario"))
            .collect(),
        CoverageRule::ManagementScenarios => {
            let found = coverage
                .scenarios
                .iter()
                .filter(|s| {
                    s.roles
                        .iter()
                        .any(|r| MANAGEMENT_ROLES.contains(&r.as_str()))
                })
                .count();
            too_few(found, MIN_MANAGEMENT_SCENARIOS)
        }
        CoverageRule::PositiveUse => {
            let found = coverage
                .scenarios
                .iter()
                .filter(|s| s.tags.iter().any(|t| t == POSITIVE_USE_TAG))
                .count();
            too_few(found, MIN_POSITIVE_USE)
        }
        CoverageRule::BestPathDecisions => coverage
            .scenarios
            .iter()
            .filter(|s| s.best_path_decisions < MIN_BEST_PATH_DECISIONS)
            .map(|s| format!("{}: {} on the best path", s.id, s.best_path_decisions))
            .collect(),
        CoverageRule::ChoicesOffered => per_scenario(&few_choices),
        CoverageRule::Endings => coverage
            .scenarios
            .iter()
            .filter(|s| s.endings < MIN_ENDINGS)
            .map(|s| format!("{}: {} ending(s)", s.id, s.endings))
            .collect(),
        CoverageRule::Condition => per_scenario(&|s| {
            let conditional = s
                .choices()
                .iter()
                .any(|c| !c.requires.is_empty() || !c.unless.is_empty());
            (!conditional).then(|| "no choice depends on an earlier one".to_string())
        }),
        CoverageRule::Discussion => per_scenario(&|s| {
            let bare: Vec<&str> = s
                .scenes()
                .iter()
                .filter(|x| x.discuss.as_deref().is_none_or(|d| d.trim().is_empty()))
                .map(|x| x.id.as_str())
                .collect();
            (!bare.is_empty()).then(|| format!("no prompt at {}", bare.join(", ")))
        }),
        CoverageRule::Expectations => per_scenario(&missing_expectations),
    }
}

fn too_few(found: usize, needed: usize) -> Vec<String> {
    if found < needed {
        vec![format!("{found} of {needed}")]
    } else {
        Vec::new()
    }
}

/// The scenes that offer too few choices in some reachable state, each named once with the
/// flags of the first such state (a timer's consequence is never offered, so it does not count).
fn few_choices(s: &Scenario) -> Option<String> {
    let mut seen = Vec::new();
    let mut short: Vec<String> = Vec::new();
    for st in s.analysis().states() {
        let offered = st
            .edges
            .iter()
            .filter(|e| !s.choice(e.choice).on_timeout)
            .count();
        if offered >= MIN_CHOICES_OFFERED || seen.contains(&st.scene) {
            continue;
        }
        seen.push(st.scene);
        let flags = s.flag_names(st.flags);
        let when = if flags.is_empty() {
            String::new()
        } else {
            format!(" with {}", flags.join(", "))
        };
        short.push(format!("{} offers {offered}{when}", s.scene(st.scene).id));
    }
    (!short.is_empty()).then(|| short.join("; "))
}

fn missing_expectations(s: &Scenario) -> Option<String> {
    let passes = s
        .expectations()
        .iter()
        .any(|e| matches!(e, Expectation::Passes(_)));
    let fails = s
        .expectations()
        .iter()
        .any(|e| matches!(e, Expectation::Fails(_)));
    let below_full = s.expectations().iter().any(|e| {
        matches!(
            e,
            Expectation::Scores {
                below: Some(100),
                ..
            }
        )
    });
    let missing: Vec<&str> = [
        (passes, "Passes"),
        (fails, "Fails"),
        (below_full, "Scores(below: 100)"),
    ]
    .into_iter()
    .filter(|(has, _)| !has)
    .map(|(_, name)| name)
    .collect();
    (!missing.is_empty()).then(|| format!("no {}", missing.join(", no ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn too_few_names_the_shortfall() {
        assert_eq!(too_few(1, 3), vec!["1 of 3".to_string()]);
        assert!(too_few(3, 3).is_empty());
    }
}
