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

/// Checks the raw model and resolves it into a scenario, taking over its texts.
pub(super) fn resolve(
    raw: RawScenario,
    catalogue: &Catalogue,
    report: &mut Report,
) -> Option<Scenario> {
    let mut scenario = resolve_structure(&raw, catalogue, report)?;
    take_texts(&mut scenario, raw);
    Some(scenario)
}

/// Everything but the texts and ids, which [`take_texts`] moves in afterwards.
fn resolve_structure(
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
        scenes.push(Scene {
            id: String::new(),
            texts: Vec::new(),
            discuss: None,
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
                id: String::new(),
                title: String::new(),
                outcome: String::new(),
                debrief: String::new(),
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
        expectations: Vec::new(),
        analysis: Analysis::default(),
        choice_ids: Default::default(),
    })
}

/// Moves the ids and texts of the raw model into the scenario resolved from it, in the order
/// they were resolved, so a large scenario's prose is never copied.
fn take_texts(scenario: &mut Scenario, raw: RawScenario) {
    let Scenario {
        scenes,
        choices,
        endings,
        expectations,
        choice_ids,
        ..
    } = scenario;
    let mut take_choice = |ix: ChoiceIx, c: RawChoice| {
        let choice = &mut choices[ix.0 as usize];
        choice.id = c.id;
        choice.text = c.text;
        choice.feedback = c.feedback;
    };
    for (scene, (id, raw_scene)) in scenes.iter_mut().zip(raw.scenes.0) {
        scene.id = id;
        scene.texts = std::iter::once(raw_scene.text)
            .chain(raw_scene.variants)
            .collect();
        scene.discuss = raw_scene.discuss;
        for (&ix, c) in scene.choices.iter().zip(raw_scene.choices) {
            take_choice(ix, c);
        }
        if let (Some(timer), Some(raw_timer)) = (scene.timer, raw_scene.timer) {
            take_choice(timer.expired, raw_timer.expired);
        }
    }
    for (ending, (id, e)) in endings.iter_mut().zip(raw.endings.0) {
        ending.id = id;
        ending.title = e.title;
        ending.outcome = e.outcome;
        ending.debrief = e.debrief;
    }
    *expectations = raw.expect.into_iter().map(expectation).collect();
    *choice_ids = choices
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.clone(), ChoiceIx(i as u32)))
        .collect();
}

fn expectation(raw: RawExpectation) -> Expectation {
    match raw {
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
