//! The first validation pass: fields, ids and references. It resolves the raw model into a
//! [`Scenario`] when nothing here is an error; later passes need a resolved graph.

use rustc_hash::FxHashMap as HashMap;
use std::sync::Arc;

use super::Report;
use crate::engine::Analysis;
use crate::scenario::flags::{FlagSet, MAX_FLAGS};
use crate::scenario::raw::{RawChoice, RawExpectation, RawScenario};
use crate::scenario::rules::Rule;
use crate::scenario::suggest::did_you_mean;
use crate::scenario::{
    Catalogue, Choice, ChoiceIx, Ending, EndingIx, Expectation, Meta, Next, Outcome, Scenario,
    Scene, SceneIx, Target, Timer,
};

/// The format version this build of canteen reads.
pub const FORMAT: u32 = 1;

/// The largest score effect written without a warning, either way.
pub const MAX_EFFECT: i32 = 5;

pub(super) fn resolve(
    raw: &RawScenario,
    catalogue: &Catalogue,
    report: &mut Report,
) -> Option<Scenario> {
    check_meta(raw, catalogue, report);
    let targets = check_ids(raw, report);
    let flags = collect_flags(raw, report);

    let mut scored: Vec<&str> = Vec::new();
    for (_, c) in all_choices(raw) {
        for (k, _) in c.effects.iter() {
            if !scored.contains(&k) {
                scored.push(k);
            }
        }
    }
    let principles: Vec<_> = catalogue
        .principles
        .iter()
        .filter(|p| scored.contains(&p.id.as_str()))
        .cloned()
        .collect();

    let mut choices = Vec::new();
    let mut scenes = Vec::new();
    for (si, (scene_id, scene)) in raw.scenes.iter().enumerate() {
        let scene_ix = SceneIx(si as u32);
        let mut list = Vec::new();
        for c in &scene.choices {
            list.push(ChoiceIx(choices.len() as u32));
            choices.push(resolve_choice(
                c,
                scene_id,
                scene_ix,
                false,
                &targets,
                &flags,
                &principles,
                catalogue,
                report,
            ));
        }
        match scene.choices.len() {
            0 => report.push(
                Rule::DeadEnd,
                format!("scene \"{scene_id}\" has no choices and is not an ending"),
                report.locate.scene(scene_id),
                "no way on from here",
                "give it two or more choices, or move it to `endings` with an outcome and debrief",
            ),
            1 => report.push(
                Rule::FewChoices,
                format!("scene \"{scene_id}\" offers only one choice"),
                report.locate.scene(scene_id),
                "a decision needs alternatives",
                "add at least one more choice so the learner has a real decision to make",
            ),
            _ => {}
        }
        if scene.text.trim().is_empty() {
            report.push(
                Rule::EmptyText,
                format!("scene \"{scene_id}\" has no text"),
                report.locate.scene(scene_id),
                "empty `text`",
                "write what the learner sees and hears at this point",
            );
        }
        if scene.variants.iter().any(|v| v.trim().is_empty()) {
            report.push(
                Rule::EmptyText,
                format!("scene \"{scene_id}\" has an empty text variant"),
                report.locate.scene_field(scene_id, "variants"),
                "an empty variant",
                "write the variant or remove it from `variants`",
            );
        }
        let timer = scene.timer.as_ref().map(|t| {
            if t.seconds == 0 {
                report.push(
                    Rule::BadTimer,
                    format!("the timer on scene \"{scene_id}\" has 0 seconds"),
                    report.locate.scene_field(scene_id, "seconds"),
                    "no time at all",
                    "give the learner a sensible time, such as `seconds: 60`, or remove the timer",
                );
            }
            let ix = ChoiceIx(choices.len() as u32);
            choices.push(resolve_choice(
                &t.expired,
                scene_id,
                scene_ix,
                true,
                &targets,
                &flags,
                &principles,
                catalogue,
                report,
            ));
            Timer {
                seconds: t.seconds,
                expired: ix,
            }
        });
        let mut texts = vec![scene.text.clone()];
        texts.extend(scene.variants.iter().cloned());
        scenes.push(Scene {
            id: scene_id.to_string(),
            texts,
            discuss: scene.discuss.clone(),
            choices: list,
            timer,
        });
    }

    let endings = raw
        .endings
        .iter()
        .map(|(id, e)| {
            for (field, text) in [
                ("title", &e.title),
                ("outcome", &e.outcome),
                ("debrief", &e.debrief),
            ] {
                if text.trim().is_empty() {
                    report.push(
                        Rule::EmptyText,
                        format!("ending \"{id}\" has an empty `{field}`"),
                        report.locate.scene(id),
                        format!("empty `{field}`"),
                        "write it: the ending is where the learner takes the lesson away",
                    );
                }
            }
            Ending {
                id: id.to_string(),
                title: e.title.clone(),
                outcome: e.outcome.clone(),
                debrief: e.debrief.clone(),
            }
        })
        .collect();

    let start = match targets.get(raw.start.as_str()) {
        Some(Target::Scene(s)) => Some(*s),
        Some(Target::Ending(_)) => {
            report.push(
                Rule::DanglingTarget,
                format!("the start \"{}\" is an ending, not a scene", raw.start),
                report.locate.top_value("start", &raw.start),
                "the story would end before it begins",
                "point `start` at the first decision scene",
            );
            None
        }
        None => {
            let help = did_you_mean(
                &raw.start,
                raw.scenes.iter().map(|(k, _)| k),
                "point `start` at the id of a scene in `scenes`",
            );
            report.push(
                Rule::DanglingTarget,
                format!("the start scene \"{}\" does not exist", raw.start),
                report.locate.top_value("start", &raw.start),
                "no scene has this id",
                help,
            );
            None
        }
    };

    if report.has_errors() {
        return None;
    }
    let choice_ids = choices
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.clone(), ChoiceIx(i as u32)))
        .collect();
    Some(Scenario {
        meta: Meta {
            id: raw.id.clone(),
            title: raw.title.clone(),
            summary: raw.summary.clone(),
            roles: raw.roles.clone(),
            minutes: raw.minutes,
            tags: raw.tags.clone(),
            format: raw.format,
            author: raw.author.clone(),
            sources: raw.sources.clone(),
            pass_mark: raw.pass_mark,
        },
        start: start?,
        scenes,
        endings,
        choices,
        principles,
        flags: flags.names,
        expectations: raw.expect.iter().map(expectation).collect(),
        analysis: Analysis::default(),
        choice_ids,
    })
}

fn expectation(raw: &RawExpectation) -> Expectation {
    match raw.clone() {
        RawExpectation::Passes(p) => Expectation::Passes(p),
        RawExpectation::Fails(p) => Expectation::Fails(p),
        RawExpectation::Critical(c) => Expectation::Critical(c),
        RawExpectation::Ends { path, ending } => Expectation::Ends { path, ending },
        RawExpectation::Scores {
            path,
            principle,
            at_least,
            below,
        } => Expectation::Scores {
            path,
            principle,
            at_least,
            below,
        },
    }
}

/// Every choice with its scene id, timer consequences included.
pub(super) fn all_choices(raw: &RawScenario) -> impl Iterator<Item = (&str, &RawChoice)> {
    raw.scenes.iter().flat_map(|(id, s)| {
        s.choices
            .iter()
            .chain(s.timer.as_ref().map(|t| &t.expired))
            .map(move |c| (id, c))
    })
}

fn check_meta(raw: &RawScenario, catalogue: &Catalogue, report: &mut Report) {
    if raw.format != FORMAT {
        report.push(
            Rule::FormatVersion,
            format!(
                "format {} is not one this canteen reads (it reads format {FORMAT})",
                raw.format
            ),
            report.locate.top_field("format"),
            "unsupported format",
            format!("write `format: {FORMAT}` and check docs/authoring.md for what changed"),
        );
    }
    if raw.pass_mark > 100 {
        report.push(
            Rule::PassMarkRange,
            format!("the pass mark {} is over 100", raw.pass_mark),
            report.locate.top_field("pass_mark"),
            "a percentage from 0 to 100",
            "most scenarios use a pass mark between 60 and 80",
        );
    }
    for (field, text) in [
        ("title", &raw.title),
        ("summary", &raw.summary),
        ("author", &raw.author),
    ] {
        if text.trim().is_empty() {
            report.push(
                Rule::EmptyText,
                format!("the scenario's `{field}` is empty"),
                report.locate.top_field(field),
                format!("empty `{field}`"),
                "learners see it in the scenario list: write it",
            );
        }
    }
    if raw.roles.is_empty() {
        report.push(
            Rule::UnknownRole,
            "the scenario names no audience role",
            report.locate.top_field("roles"),
            "no roles",
            "name at least one role from assets/roles.ron, such as \"nurse\" or \"everyone\"",
        );
    }
    for role in &raw.roles {
        if catalogue.role(role).is_none() {
            let help = did_you_mean(
                role,
                catalogue.roles.iter().map(|r| r.id.as_str()),
                "use a role id from assets/roles.ron",
            );
            report.push(
                Rule::UnknownRole,
                format!("the role \"{role}\" is not in the roles catalogue"),
                report.locate.top_value("roles", role),
                "unknown role",
                help,
            );
        }
    }
    check_id(report, "scenario", &raw.id, |r: &Report| {
        r.locate.top_value("id", &raw.id)
    });
    if let Some(stem) = report.locate.file_stem()
        && stem != raw.id
    {
        report.push(
            Rule::FileName,
            format!(
                "the file is named \"{stem}\" but the scenario id is \"{}\"",
                raw.id
            ),
            report.locate.top_value("id", &raw.id),
            "id and file name differ",
            format!("rename the file to {}.ron so trainers can find it", raw.id),
        );
    }
}

/// True for a stable id: lowercase letters, digits and hyphens, not starting or ending with a
/// hyphen. Scenario, scene, ending and choice ids must all be stable ids (CT021).
pub fn is_stable_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !id.starts_with('-')
        && !id.ends_with('-')
}

/// The nearest stable id to one that is not: lowercased, other characters made hyphens.
pub fn stable_id_like(id: &str) -> String {
    let suggestion: String = id
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    suggestion.trim_matches('-').to_string()
}

fn check_id(
    report: &mut Report,
    what: &str,
    id: &str,
    span: impl FnOnce(&Report) -> Option<crate::scenario::Span>,
) {
    if !is_stable_id(id) {
        report.push(
            Rule::BadId,
            format!("the {what} id \"{id}\" is not a stable id"),
            span(report),
            "use lowercase letters, digits and hyphens",
            format!(
                "ids appear in records and exports; try \"{}\"",
                stable_id_like(id)
            ),
        );
    }
}

/// Checks scene, ending and choice ids, and returns the targets by id.
fn check_ids<'a>(raw: &'a RawScenario, report: &mut Report) -> HashMap<&'a str, Target> {
    let mut targets = HashMap::default();
    targets.reserve(raw.scenes.len() + raw.endings.len());
    let keys = raw
        .scenes
        .iter()
        .enumerate()
        .map(|(i, (k, _))| (k, Target::Scene(SceneIx(i as u32))))
        .chain(
            raw.endings
                .iter()
                .enumerate()
                .map(|(i, (k, _))| (k, Target::Ending(EndingIx(i as u32)))),
        );
    let mut counts: HashMap<&str, usize> = HashMap::default();
    for (id, target) in keys {
        let kind = if matches!(target, Target::Scene(_)) {
            "scene"
        } else {
            "ending"
        };
        let n = counts.entry(id).or_default();
        *n += 1;
        if *n > 1 {
            report.push(
                Rule::DuplicateScene,
                format!("the id \"{id}\" is used by more than one scene or ending"),
                report.locate.nth_key(id, *n),
                "used again here",
                "scenes and endings share one set of ids: rename one of them",
            );
        } else {
            check_id(report, kind, id, |r| r.locate.scene(id));
            targets.insert(id, target);
        }
    }
    let mut seen: HashMap<&str, &str> = HashMap::default();
    for (scene_id, c) in all_choices(raw) {
        check_id(report, "choice", &c.id, |r: &Report| {
            r.locate.choice(scene_id, &c.id)
        });
        if let Some(first) = seen.insert(&c.id, scene_id) {
            report.push(
                Rule::DuplicateChoice,
                format!("the choice id \"{}\" is used twice (first in scene \"{first}\")", c.id),
                report.locate.nth_choice(scene_id, &c.id, if first == scene_id { 2 } else { 1 }),
                "used again here",
                "choice ids must be unique in the scenario: paths, saves and records name choices by id",
            );
        }
    }
    targets
}

/// The scenario's flags, in the order first written.
pub(super) struct Flags {
    pub names: Vec<String>,
    index: HashMap<String, usize>,
}

impl Flags {
    fn set(&self, names: &[String]) -> FlagSet {
        names
            .iter()
            .filter_map(|n| self.index.get(n))
            .filter(|&&i| i < MAX_FLAGS)
            .fold(FlagSet::EMPTY, |s, &i| s.union(FlagSet::single(i)))
    }
}

fn collect_flags(raw: &RawScenario, report: &mut Report) -> Flags {
    let mut flags = Flags {
        names: Vec::new(),
        index: HashMap::default(),
    };
    for (_, c) in all_choices(raw) {
        for f in c.sets.iter().chain(&c.requires).chain(&c.unless) {
            if !flags.index.contains_key(f) {
                flags.index.insert(f.clone(), flags.names.len());
                flags.names.push(f.clone());
            }
        }
    }
    if flags.names.len() > MAX_FLAGS {
        report.push(
            Rule::TooManyFlags,
            format!(
                "the scenario uses {} flags; canteen tracks at most {MAX_FLAGS}",
                flags.names.len()
            ),
            report.locate.top_field("scenes"),
            "too many flags",
            "reuse flags, or split the story into two scenarios",
        );
    }
    flags
}

#[allow(clippy::too_many_arguments)]
fn resolve_choice(
    c: &RawChoice,
    scene_id: &str,
    scene: SceneIx,
    on_timeout: bool,
    targets: &HashMap<&str, Target>,
    flags: &Flags,
    principles: &[Arc<crate::scenario::Principle>],
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
            let help = did_you_mean(
                id,
                targets.keys().copied(),
                "point it at the id of a scene or ending in this file",
            );
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
    Choice {
        id: c.id.clone(),
        scene,
        text: c.text.clone(),
        feedback: c.feedback.clone(),
        effects,
        critical: c.critical,
        sets: flags.set(&c.sets),
        requires: flags.set(&c.requires),
        unless: flags.set(&c.unless),
        next: next.unwrap_or(Next::Chance(Vec::new())),
        on_timeout,
    }
}
