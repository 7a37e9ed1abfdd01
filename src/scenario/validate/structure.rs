//! The first validation pass: fields, ids and references. It resolves the raw model into a
//! [`Scenario`] when nothing here is an error; later passes need a resolved graph.

mod choices;
mod flags;
mod ids;

use super::Report;
use crate::engine::Analysis;
use crate::scenario::raw::{RawChoice, RawExpectation, RawScenario};
use crate::scenario::rules::Rule;
use crate::scenario::suggest::did_you_mean;
use crate::scenario::{
    Catalogue, ChoiceIx, Ending, Expectation, Meta, Scenario, Scene, SceneIx, Target, Timer,
};
use choices::resolve_choice;
use flags::collect_flags;
use ids::{check_ids, check_meta};
pub use ids::{is_stable_id, stable_id_like};

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
