//! A manager's report over many learners' records: pass rate and mean score per scenario, the
//! weakest principles, and the choices most often made wrongly. Pure: records and a way to look
//! up scenarios in, aggregates out.
//!
//! Aggregates only. Who made which attempt, and where their file was, appear only in the
//! optional [`Individual`] rows, which the command line adds only when asked (`--individual`).

mod render;

pub use render::{bar, to_csv, to_markdown, to_table};

use std::collections::{BTreeMap, BTreeSet, HashMap};

use jiff::Timestamp;

use super::attempt::AttemptRecord;
use crate::engine::Scenario;

/// An attempt record and where it was read from.
#[derive(Debug, Clone, PartialEq)]
pub struct Sourced {
    pub record: AttemptRecord,
    /// The file, and the line for JSON lines.
    pub source: String,
}

/// How one scenario went across everyone's attempts.
#[derive(Debug, Clone, PartialEq)]
pub struct ScenarioLine {
    pub id: String,
    pub title: String,
    pub attempts: usize,
    pub passed: usize,
    /// Mean overall score, in percent.
    pub mean_score: f64,
}

impl ScenarioLine {
    /// Passed attempts as a percentage of all attempts.
    pub fn pass_rate(&self) -> f64 {
        percent_of(self.passed, self.attempts)
    }
}

/// How one principle went across the attempts that put it at stake.
#[derive(Debug, Clone, PartialEq)]
pub struct PrincipleLine {
    pub id: String,
    pub name: String,
    /// Attempts in which the principle was at stake.
    pub attempts: usize,
    pub mean_percent: f64,
}

/// A choice that breaches a principle (negative points) or is critical, and how often it was
/// made where it was offered.
#[derive(Debug, Clone, PartialEq)]
pub struct WrongChoice {
    pub scenario_id: String,
    pub scene_id: String,
    pub choice_id: String,
    /// The choice's text, when the scenario is in the library.
    pub text: Option<String>,
    pub critical: bool,
    /// Its points summed over the principles, when known.
    pub points: Option<i32>,
    /// How many times it was made.
    pub chosen: usize,
    /// How many decisions were made at its scene.
    pub decisions: usize,
}

/// One attempt, named: only with `--individual`.
#[derive(Debug, Clone, PartialEq)]
pub struct Individual {
    pub learner: String,
    pub scenario_id: String,
    pub finished_at: Timestamp,
    pub overall: u32,
    /// The version of the scoring rules that gave `overall`.
    pub scoring: u32,
    pub passed: bool,
    /// The choices made, in order.
    pub choices: Vec<String>,
    pub critical: Vec<String>,
    pub source: String,
}

/// The whole report.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub attempts: usize,
    /// Distinct names or staff numbers among the records (blank ones not counted).
    pub learners: usize,
    /// Records read more than once (the same attempt in two files) and counted once.
    pub duplicates: usize,
    pub scenarios: Vec<ScenarioLine>,
    /// Weakest first.
    pub principles: Vec<PrincipleLine>,
    /// Most often made first; at most the number asked for.
    pub wrong_choices: Vec<WrongChoice>,
    pub individuals: Option<Vec<Individual>>,
}

fn percent_of(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        100.0 * part as f64 / whole as f64
    }
}

fn mean(values: &[u32]) -> f64 {
    if values.is_empty() {
        0.0
    } else {
        values.iter().map(|&v| f64::from(v)).sum::<f64>() / values.len() as f64
    }
}

/// Builds the report. The same attempt read twice counts once; `scenario` looks a scenario up
/// by id for choice texts and points; `top` limits the wrong choices listed.
pub fn report<'s>(
    records: &[Sourced],
    scenario: impl Fn(&str) -> Option<&'s Scenario>,
    top: usize,
    individual: bool,
) -> Report {
    let mut seen = BTreeSet::new();
    let unique: Vec<&Sourced> = records
        .iter()
        .filter(|s| seen.insert(s.record.attempt_id.as_str()))
        .collect();
    let learners: BTreeSet<&str> = unique
        .iter()
        .map(|s| s.record.learner.trim())
        .filter(|l| !l.is_empty())
        .collect();

    let mut by_scenario: BTreeMap<&str, (String, usize, Vec<u32>)> = BTreeMap::new();
    let mut by_principle: BTreeMap<&str, (String, Vec<u32>)> = BTreeMap::new();
    let mut decisions: HashMap<(&str, &str), usize> = HashMap::new();
    let mut chosen: BTreeMap<(&str, &str, &str), (usize, bool)> = BTreeMap::new();
    for s in &unique {
        let r = &s.record;
        let entry = by_scenario
            .entry(&r.scenario_id)
            .or_insert_with(|| (r.scenario_title.clone(), 0, Vec::new()));
        entry.1 += usize::from(r.passed);
        entry.2.push(r.overall);
        for p in &r.principles {
            if let Some(percent) = p.percent {
                by_principle
                    .entry(&p.id)
                    .or_insert_with(|| (p.name.clone(), Vec::new()))
                    .1
                    .push(percent);
            }
        }
        for step in &r.steps {
            *decisions.entry((&r.scenario_id, &step.scene)).or_default() += 1;
            let critical_here = r.critical.contains(&step.choice);
            let e = chosen
                .entry((&r.scenario_id, &step.scene, &step.choice))
                .or_default();
            e.0 += 1;
            e.1 |= critical_here;
        }
    }

    let scenarios = by_scenario
        .into_iter()
        .map(|(id, (title, passed, scores))| ScenarioLine {
            id: id.to_string(),
            title,
            attempts: scores.len(),
            passed,
            mean_score: mean(&scores),
        })
        .collect();
    let mut principles: Vec<PrincipleLine> = by_principle
        .into_iter()
        .map(|(id, (name, percents))| PrincipleLine {
            id: id.to_string(),
            name,
            attempts: percents.len(),
            mean_percent: mean(&percents),
        })
        .collect();
    principles.sort_by(|a, b| {
        a.mean_percent
            .total_cmp(&b.mean_percent)
            .then(a.id.cmp(&b.id))
    });

    let mut wrong_choices: Vec<WrongChoice> = chosen
        .into_iter()
        .filter_map(
            |((scenario_id, scene_id, choice_id), (count, recorded_critical))| {
                let known = scenario(scenario_id)
                    .and_then(|s| s.choice_by_id(choice_id).map(|c| s.choice(c)));
                let (text, critical, points) = match known {
                    Some(c) => (
                        Some(c.text.clone()),
                        c.critical,
                        Some(c.effects.iter().sum::<i32>()),
                    ),
                    None => (None, recorded_critical, None),
                };
                let breaches = known.is_some_and(|c| c.effects.iter().any(|&e| e < 0));
                (critical || breaches).then(|| WrongChoice {
                    scenario_id: scenario_id.to_string(),
                    scene_id: scene_id.to_string(),
                    choice_id: choice_id.to_string(),
                    text,
                    critical,
                    points,
                    chosen: count,
                    decisions: decisions[&(scenario_id, scene_id)],
                })
            },
        )
        .collect();
    wrong_choices.sort_by(|a, b| {
        b.chosen
            .cmp(&a.chosen)
            .then(b.critical.cmp(&a.critical))
            .then_with(|| (&a.scenario_id, &a.choice_id).cmp(&(&b.scenario_id, &b.choice_id)))
    });
    wrong_choices.truncate(top);

    let individuals = individual.then(|| {
        let mut rows: Vec<Individual> = unique
            .iter()
            .map(|s| Individual {
                learner: s.record.learner.clone(),
                scenario_id: s.record.scenario_id.clone(),
                finished_at: s.record.finished_at,
                overall: s.record.overall,
                scoring: s.record.scoring,
                passed: s.record.passed,
                choices: s.record.steps.iter().map(|x| x.choice.clone()).collect(),
                critical: s.record.critical.clone(),
                source: s.source.clone(),
            })
            .collect();
        rows.sort_by(|a, b| {
            (&a.learner, a.finished_at, &a.scenario_id).cmp(&(
                &b.learner,
                b.finished_at,
                &b.scenario_id,
            ))
        });
        rows
    });

    Report {
        attempts: unique.len(),
        learners: learners.len(),
        duplicates: records.len() - unique.len(),
        scenarios,
        principles,
        wrong_choices,
        individuals,
    }
}
