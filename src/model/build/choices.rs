//! Choice resolution: a raw choice's texts, effects, flags and targets (a `next` or a chance
//! draw) checked and turned into a [`Choice`].

use rustc_hash::FxHashMap as HashMap;
use std::sync::Arc;

use super::MAX_EFFECT;
use super::cites::resolve_cites;
use super::flags::Flags;
use crate::format::Report;
use crate::format::raw::{RawChoice, RawVerdict};
use crate::format::rules::Rule;
use crate::format::suggest::did_you_mean;
use crate::model::{Catalogue, Choice, Next, Outcome, Principle, SceneIx, Target, Verdict};

#[allow(clippy::too_many_arguments)]
pub(super) fn resolve_choice(
    c: RawChoice,
    scene_id: &str,
    scene: SceneIx,
    on_timeout: bool,
    targets: &HashMap<String, Target>,
    flags: &Flags,
    principles: &[Arc<Principle>],
    roles: &[String],
    catalogue: &Catalogue,
    report: &mut Report,
) -> Choice {
    // Spans are found by scanning the text, so only when a diagnostic needs one.
    let here = |r: &Report| r.locate.choice(scene_id, &c.id);
    let what = if on_timeout {
        "timer consequence"
    } else {
        "choice"
    };
    if c.text.trim().is_empty() {
        report.push(
            Rule::EmptyText,
            format!("{what} \"{}\" has no text", c.id),
            here(report),
            "empty `text`",
            "write what the learner does, in a short sentence",
        );
    }
    if c.feedback.trim().is_empty() {
        report.push(
            Rule::MissingFeedback,
            format!("{what} \"{}\" has no feedback", c.id),
            here(report),
            "no `feedback`",
            "say what happens next and why, naming the principles upheld or breached",
        );
    }
    if c.arrangement
        .as_deref()
        .is_some_and(|a| a.trim().is_empty())
    {
        report.push(
            Rule::EmptyText,
            format!("{what} \"{}\" has an empty `arrangement`", c.id),
            here(report),
            "empty `arrangement`",
            "write the arrangement as a line of the manager's checklist, or leave `arrangement` out",
        );
    }
    let mut effects = vec![0; principles.len()];
    // Effects are few per choice: a short list beats a hash set.
    let mut written: Vec<&str> = Vec::new();
    for (key, &points) in c.effects.iter() {
        let span = |r: &Report| r.locate.in_choice(scene_id, &c.id, key);
        if written.contains(&key) {
            report.push(
                Rule::EffectRange,
                format!(
                    "choice \"{}\" scores \"{key}\" twice; the points are added",
                    c.id
                ),
                span(report),
                "scored again here",
                "write each principle once per choice",
            );
        }
        written.push(key);
        match principles.iter().position(|p| p.id == key) {
            Some(i) => effects[i] += points,
            None => {
                let help = did_you_mean(
                    key,
                    catalogue.principles.iter().map(|p| p.id.as_str()),
                    "use a principle id from assets/principles.ron",
                );
                report.push(
                    Rule::UnknownPrinciple,
                    format!("choice \"{}\" scores an unknown principle \"{key}\"", c.id),
                    span(report),
                    "not in the principles catalogue",
                    help,
                );
            }
        }
        if points == 0 || points.abs() > MAX_EFFECT {
            report.push(
                Rule::EffectRange,
                format!("choice \"{}\" gives {points} points for \"{key}\"", c.id),
                span(report),
                "outside -5 to +5, or zero",
                "use -5 to -1 for a breach and +1 to +5 for upholding; leave out principles the choice does not touch",
            );
        }
    }
    if c.critical && !c.effects.iter().any(|(_, &p)| p < 0) {
        report.push(
            Rule::CriticalWithoutBreach,
            format!("critical choice \"{}\" breaches no principle", c.id),
            here(report),
            "critical, but no negative effect",
            "give the principles it breaches negative points, so the learner sees why it is serious",
        );
    }
    let resolve_target = |report: &mut Report, id: &str| -> Option<Target> {
        let t = targets.get(id).copied();
        if t.is_none() {
            let fallback = "point it at the id of a scene or ending in this file";
            // The search is quadratic over a file full of one typo: skip it for the
            // diagnostics past the limit, which are only counted.
            let help = if report.room_for(Rule::DanglingTarget) {
                did_you_mean(id, targets.keys().map(String::as_str), fallback)
            } else {
                fallback.to_string()
            };
            report.push(
                Rule::DanglingTarget,
                format!(
                    "{what} \"{}\" leads to \"{id}\", which does not exist",
                    c.id
                ),
                report.locate.in_choice(scene_id, &c.id, id),
                "no scene or ending has this id",
                help,
            );
        }
        t
    };
    let next = match (&c.next, c.chance.is_empty()) {
        (Some(id), true) => resolve_target(report, id).map(Next::Go),
        (None, false) => {
            let total: u64 = c.chance.iter().map(|o| u64::from(o.weight)).sum();
            if total > u64::from(u32::MAX) {
                report.push(
                    Rule::BadChance,
                    format!(
                        "the chance weights of choice \"{}\" add up to {total}, more than canteen can draw from",
                        c.id
                    ),
                    report.locate.in_choice_field(scene_id, &c.id, "chance"),
                    "weights too large",
                    "weights are proportions: use small numbers such as 3 and 1 (they must add up to at most 4294967295)",
                );
            }
            if c.chance.len() < 2 || c.chance.iter().any(|o| o.weight == 0) {
                report.push(
                    Rule::BadChance,
                    format!("the chance draw of choice \"{}\" needs two or more outcomes, each with a positive weight", c.id),
                    report.locate.in_choice_field(scene_id, &c.id, "chance"),
                    "not a real draw",
                    "write e.g. `chance: [(weight: 3, next: \"a\"), (weight: 1, next: \"b\")]`, or use `next`",
                );
            }
            let outcomes: Vec<_> = c
                .chance
                .iter()
                .filter_map(|o| {
                    resolve_target(report, &o.next).map(|target| Outcome {
                        weight: o.weight,
                        target,
                    })
                })
                .collect();
            Some(Next::Chance(outcomes))
        }
        (next, _) => {
            let both = next.is_some();
            report.push(
                Rule::NextOrChance,
                format!(
                    "{what} \"{}\" has {}",
                    c.id,
                    if both {
                        "both `next` and `chance`"
                    } else {
                        "neither `next` nor `chance`"
                    }
                ),
                here(report),
                if both { "which one?" } else { "leads nowhere" },
                "give it `next: \"scene-id\"`, or a `chance: [...]` draw, but not both",
            );
            None
        }
    };
    let sets = flags.set(&c.sets);
    let requires = flags.set(&c.requires);
    let unless = flags.set(&c.unless);
    let verdict = c.verdict.map(|v| match v {
        RawVerdict::Best => Verdict::Best,
        RawVerdict::Defensible => Verdict::Defensible,
        RawVerdict::Weak => Verdict::Weak,
        RawVerdict::Breach => Verdict::Breach,
    });
    let cites = resolve_cites(
        &c.cites,
        &format!("{what} \"{}\"", c.id),
        roles,
        catalogue,
        report,
        |r, text| r.locate.in_choice(scene_id, &c.id, text),
    );
    Choice {
        id: c.id,
        verdict,
        cites,
        scene,
        text: super::fill(c.text, catalogue, report),
        feedback: super::fill(c.feedback, catalogue, report),
        arrangement: c
            .arrangement
            .filter(|a| !a.trim().is_empty())
            .map(|a| super::fill(a, catalogue, report)),
        effects,
        critical: c.critical,
        sets,
        requires,
        unless,
        next: next.unwrap_or(Next::Chance(Vec::new())),
        on_timeout,
    }
}
