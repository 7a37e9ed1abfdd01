//! The report built one record at a time: [`Tally`] keeps counts and sums, never the records,
//! so a report over a million attempts needs a few tens of megabytes.

use std::hash::{DefaultHasher, Hash, Hasher};

use rustc_hash::FxHashMap;

use super::seen::Seen;

use super::counted::Counted;
use super::{Individual, PrincipleLine, Report, ScenarioLine, WrongChoice};
use crate::engine::Scenario;

/// A fixed 128-bit hash of a string: two SipHash passes with different prefixes. Used for the
/// attempt ids and learner names a report has seen, so it keeps 16 bytes for each rather
/// than the strings; two different ids share a hash with a chance of about 2^-128.
pub(super) fn hash128(text: &str) -> u128 {
    let half = |seed: u8| {
        let mut h = DefaultHasher::new();
        seed.hash(&mut h);
        text.hash(&mut h);
        h.finish()
    };
    (u128::from(half(0)) << 64) | u128::from(half(1))
}

/// Small strings (scenario, scene, choice and principle ids) kept once each, known by number.
#[derive(Debug, Default)]
struct Interner {
    ids: FxHashMap<String, u32>,
    names: Vec<String>,
}

impl Interner {
    fn id(&mut self, text: &str) -> u32 {
        if let Some(&id) = self.ids.get(text) {
            return id;
        }
        let id = u32::try_from(self.names.len()).unwrap_or(u32::MAX);
        self.names.push(text.to_string());
        self.ids.insert(text.to_string(), id);
        id
    }

    fn name(&self, id: u32) -> &str {
        self.names.get(id as usize).map_or("", String::as_str)
    }
}

#[derive(Debug)]
struct ScenarioSums {
    title: String,
    attempts: usize,
    passed: usize,
    score_sum: u64,
}

#[derive(Debug)]
struct PrincipleSums {
    name: String,
    attempts: usize,
    percent_sum: u64,
}

/// A choice by (scenario, scene, choice) id: how often it was made and whether it was recorded
/// as critical, and how many decisions were made at its scene.
type ChoiceCount<'a> = ((&'a str, &'a str, &'a str), (usize, bool), usize);

/// A report in the making: [`Tally::add`] each record as it is read, then [`Tally::finish`].
///
/// Memory is bounded by what the records have in common, not by how many there are: per
/// scenario a count and a score sum (means are sum / count), per principle the same, per
/// (scenario, scene, choice) a count, with the ids interned; and, to count each attempt once
/// and each learner once, a set of 128-bit hashes of attempt ids and learner names (about
/// 32 bytes an attempt). Only the optional [`Individual`] rows (`--individual`) keep something
/// of every attempt: they are asked for over small sets of records.
#[derive(Debug)]
pub struct Tally {
    read: usize,
    seen: Seen,
    learners: Seen,
    strings: Interner,
    scenarios: FxHashMap<u32, ScenarioSums>,
    principles: FxHashMap<u32, PrincipleSums>,
    decisions: FxHashMap<(u32, u32), usize>,
    chosen: FxHashMap<(u32, u32, u32), (usize, bool)>,
    individuals: Option<Vec<Individual>>,
}

impl Tally {
    /// An empty tally; `individual` keeps a named row for every attempt too.
    pub fn new(individual: bool) -> Tally {
        Tally {
            read: 0,
            seen: Seen::default(),
            learners: Seen::default(),
            strings: Interner::default(),
            scenarios: FxHashMap::default(),
            principles: FxHashMap::default(),
            decisions: FxHashMap::default(),
            chosen: FxHashMap::default(),
            individuals: individual.then(Vec::new),
        }
    }

    /// Records read so far, duplicates included.
    pub fn read(&self) -> usize {
        self.read
    }

    /// Counts one record, read from `source` (a file, and its line for JSON lines). The same
    /// attempt added again counts only as a duplicate.
    pub fn add(&mut self, r: &Counted<'_>, source: &str) {
        self.read += 1;
        if !self.seen.insert(hash128(&r.attempt_id)) {
            return;
        }
        self.count(r, source);
    }

    /// Whether the attempt `r` has been counted already.
    pub(super) fn has_seen(&self, attempt: u128) -> bool {
        self.seen.contains(attempt)
    }

    fn count(&mut self, r: &Counted<'_>, source: &str) {
        let learner = r.learner.trim();
        if !learner.is_empty() {
            self.learners.insert(hash128(learner));
        }
        let scenario = self.strings.id(&r.scenario_id);
        let sums = self
            .scenarios
            .entry(scenario)
            .or_insert_with(|| ScenarioSums {
                title: r.scenario_title.to_string(),
                attempts: 0,
                passed: 0,
                score_sum: 0,
            });
        sums.attempts += 1;
        sums.passed += usize::from(r.passed);
        sums.score_sum += u64::from(r.overall);
        for p in &r.principles {
            if let Some(percent) = p.percent {
                let id = self.strings.id(&p.id);
                let sums = self.principles.entry(id).or_insert_with(|| PrincipleSums {
                    name: p.name.to_string(),
                    attempts: 0,
                    percent_sum: 0,
                });
                sums.attempts += 1;
                sums.percent_sum += u64::from(percent);
            }
        }
        for step in &r.steps {
            let scene = self.strings.id(&step.scene);
            let choice = self.strings.id(&step.choice);
            *self.decisions.entry((scenario, scene)).or_default() += 1;
            let critical_here = r.critical.contains(&step.choice);
            let e = self.chosen.entry((scenario, scene, choice)).or_default();
            e.0 += 1;
            e.1 |= critical_here;
        }
        if let Some(rows) = &mut self.individuals {
            rows.push(Individual {
                choices: r.steps.iter().map(|x| x.choice.to_string()).collect(),
                learner: r.learner.to_string(),
                scenario_id: r.scenario_id.to_string(),
                finished_at: r.finished_at,
                overall: r.overall,
                scoring: r.scoring,
                passed: r.passed,
                critical: r.critical.iter().map(|c| c.to_string()).collect(),
                source: source.to_string(),
            });
        }
    }

    /// The attempts this tally has counted, by their 128-bit hashes.
    pub(super) fn attempts(&self) -> impl Iterator<Item = u128> + '_ {
        self.seen.iter()
    }

    /// Adds what `later` counted (records read after every record this tally has), as if
    /// each of its records had been added here in turn. Only for a `later` that counted no
    /// attempt this one has: the caller checks with [`Tally::has_seen`], and adds the records
    /// one by one otherwise.
    pub(super) fn absorb(&mut self, later: Tally) {
        let Tally {
            read,
            seen,
            learners,
            strings,
            scenarios,
            principles,
            decisions,
            chosen,
            individuals,
        } = later;
        self.read += read;
        self.seen.extend(seen);
        self.learners.extend(learners);
        let ids: Vec<u32> = strings.names.iter().map(|n| self.strings.id(n)).collect();
        let id = |i: u32| ids.get(i as usize).copied().unwrap_or(u32::MAX);
        for (scenario, s) in scenarios {
            let sums = self.scenarios.entry(id(scenario)).or_insert(ScenarioSums {
                title: s.title,
                attempts: 0,
                passed: 0,
                score_sum: 0,
            });
            sums.attempts += s.attempts;
            sums.passed += s.passed;
            sums.score_sum += s.score_sum;
        }
        for (principle, p) in principles {
            let sums = self
                .principles
                .entry(id(principle))
                .or_insert(PrincipleSums {
                    name: p.name,
                    attempts: 0,
                    percent_sum: 0,
                });
            sums.attempts += p.attempts;
            sums.percent_sum += p.percent_sum;
        }
        for ((scenario, scene), n) in decisions {
            *self.decisions.entry((id(scenario), id(scene))).or_default() += n;
        }
        for ((scenario, scene, choice), (n, critical)) in chosen {
            let e = self
                .chosen
                .entry((id(scenario), id(scene), id(choice)))
                .or_default();
            e.0 += n;
            e.1 |= critical;
        }
        if let (Some(rows), Some(more)) = (&mut self.individuals, individuals) {
            rows.extend(more);
        }
    }

    /// The report. `scenario` looks a scenario up by id for choice texts and points; `top`
    /// limits the wrong choices listed.
    pub fn finish<'s>(self, scenario: impl Fn(&str) -> Option<&'s Scenario>, top: usize) -> Report {
        let strings = &self.strings;
        let mut scenarios: Vec<ScenarioLine> = self
            .scenarios
            .into_iter()
            .map(|(id, s)| ScenarioLine {
                id: strings.name(id).to_string(),
                title: s.title,
                attempts: s.attempts,
                passed: s.passed,
                mean_score: mean(s.score_sum, s.attempts),
            })
            .collect();
        scenarios.sort_by(|a, b| a.id.cmp(&b.id));
        let mut principles: Vec<PrincipleLine> = self
            .principles
            .into_iter()
            .map(|(id, p)| PrincipleLine {
                id: strings.name(id).to_string(),
                name: p.name,
                attempts: p.attempts,
                mean_percent: mean(p.percent_sum, p.attempts),
            })
            .collect();
        principles.sort_by(|a, b| {
            a.mean_percent
                .total_cmp(&b.mean_percent)
                .then_with(|| a.id.cmp(&b.id))
        });

        // In (scenario, scene, choice) order, so ties below keep the order they always had.
        let mut chosen: Vec<ChoiceCount<'_>> = self
            .chosen
            .iter()
            .map(|(&(sc, scene, choice), &counts)| {
                let decisions = self.decisions.get(&(sc, scene)).copied().unwrap_or(0);
                (
                    (strings.name(sc), strings.name(scene), strings.name(choice)),
                    counts,
                    decisions,
                )
            })
            .collect();
        chosen.sort_by(|a, b| a.0.cmp(&b.0));
        let mut wrong_choices: Vec<WrongChoice> = chosen
            .into_iter()
            .filter_map(
                |((scenario_id, scene_id, choice_id), (count, recorded_critical), decisions)| {
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
                        decisions,
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

        let individuals = self.individuals.map(|mut rows| {
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
            attempts: self.seen.len(),
            learners: self.learners.len(),
            duplicates: self.read - self.seen.len(),
            scenarios,
            principles,
            wrong_choices,
            individuals,
        }
    }
}

/// The mean of `count` whole numbers summing to `sum`: the same value as adding them up one
/// by one as floating point, since such sums are exact far beyond any count of attempts.
fn mean(sum: u64, count: usize) -> f64 {
    if count == 0 {
        0.0
    } else {
        sum as f64 / count as f64
    }
}
