//! Building the validated model: fields, ids and references checked, and the raw model
//! resolved into a [`Story`] when nothing here is an error. This is the only way to make one.

mod choices;
mod cites;
mod flags;
mod ids;

use crate::format::Report;
use crate::format::raw::{RawChoice, RawExpectation, RawScenario};
use crate::format::rules::Rule;
use crate::format::suggest::did_you_mean;
use crate::model::{
    Catalogue, ChoiceIx, Ending, Expectation, Meta, Scene, SceneIx, Story, Target, Timer,
};
use choices::resolve_choice;
use flags::collect_flags;
use ids::{check_ids, check_meta};
pub use ids::{is_stable_id, stable_id_like};
use rustc_hash::FxHashMap as HashMap;

/// The format version this build of canteen reads.
pub const FORMAT: u32 = 1;

/// The largest score effect written without a warning, either way.
pub const MAX_EFFECT: i32 = 5;

/// Checks the raw model and resolves it into a [`Story`] in one step, taking over its texts,
/// or returns `None` with the reasons in `report`.
pub fn resolve(raw: RawScenario, catalogue: &Catalogue, report: &mut Report) -> Option<Story> {
    check_meta(&raw, catalogue, report);
    let targets = check_ids(&raw, report);
    let flags = collect_flags(&raw, report);

    let mut scored: Vec<&str> = Vec::new();
    for (_, c) in all_choices(&raw) {
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
    let start = resolve_start(&raw, &targets, report);

    let RawScenario {
        id,
        title,
        summary,
        roles,
        minutes,
        tags,
        format,
        author,
        sources,
        governance,
        pass_mark,
        scenes: raw_scenes,
        endings: raw_endings,
        expect,
        ..
    } = raw;

    let raw_roles = roles.clone();
    let governance = check_governance(governance, catalogue, report);
    // The scenario's own reading list is cited like a choice's sources.
    let _ = cites::resolve_cites(
        &sources,
        "the scenario's `sources`",
        &raw_roles,
        catalogue,
        report,
        |r, text| r.locate.top_value("sources", text),
    );
    let principle_cites: Vec<Vec<crate::model::Cited>> = principles
        .iter()
        .map(|p| {
            p.sources
                .iter()
                .filter_map(|text| {
                    let cite = crate::model::Citation::parse(text);
                    catalogue.source(&cite.source).map(|s| crate::model::Cited {
                        source: std::sync::Arc::clone(s),
                        section: cite.section,
                    })
                })
                .collect()
        })
        .collect();
    let mut choices: Vec<crate::model::Choice> = Vec::new();
    let mut scenes = Vec::with_capacity(raw_scenes.len());
    for (si, (scene_id, scene)) in raw_scenes.0.into_iter().enumerate() {
        let scene_ix = SceneIx(si as u32);
        match scene.choices.len() {
            0 => report.push(
                Rule::DeadEnd,
                format!("scene \"{scene_id}\" has no choices and is not an ending"),
                report.locate.scene(&scene_id),
                "no way on from here",
                "give it two or more choices, or move it to `endings` with an outcome and debrief",
            ),
            1 => report.push(
                Rule::FewChoices,
                format!("scene \"{scene_id}\" offers only one choice"),
                report.locate.scene(&scene_id),
                "a decision needs alternatives",
                "add at least one more choice so the learner has a real decision to make",
            ),
            _ => {}
        }
        if scene.text.trim().is_empty() {
            report.push(
                Rule::EmptyText,
                format!("scene \"{scene_id}\" has no text"),
                report.locate.scene(&scene_id),
                "empty `text`",
                "write what the learner sees and hears at this point",
            );
        }
        if scene.variants.iter().any(|v| v.trim().is_empty()) {
            report.push(
                Rule::EmptyText,
                format!("scene \"{scene_id}\" has an empty text variant"),
                report.locate.scene_field(&scene_id, "variants"),
                "an empty variant",
                "write the variant or remove it from `variants`",
            );
        }
        let mut list = Vec::with_capacity(scene.choices.len());
        for c in scene.choices {
            list.push(ChoiceIx(choices.len() as u32));
            choices.push(resolve_choice(
                c,
                &scene_id,
                scene_ix,
                false,
                &targets,
                &flags,
                &principles,
                &raw_roles,
                catalogue,
                report,
            ));
        }
        let timer = scene.timer.map(|t| {
            if t.seconds == 0 {
                report.push(
                    Rule::BadTimer,
                    format!("the timer on scene \"{scene_id}\" has 0 seconds"),
                    report.locate.scene_field(&scene_id, "seconds"),
                    "no time at all",
                    "give the learner a sensible time, such as `seconds: 60`, or remove the timer",
                );
            }
            let ix = ChoiceIx(choices.len() as u32);
            choices.push(resolve_choice(
                t.expired,
                &scene_id,
                scene_ix,
                true,
                &targets,
                &flags,
                &principles,
                &raw_roles,
                catalogue,
                report,
            ));
            Timer {
                seconds: t.seconds,
                expired: ix,
            }
        });
        scenes.push(Scene {
            id: scene_id,
            texts: std::iter::once(scene.text)
                .chain(scene.variants)
                .map(|t| fill(t, catalogue, report))
                .collect(),
            discuss: scene.discuss.map(|t| fill(t, catalogue, report)),
            choices: list,
            timer,
        });
    }

    let endings = raw_endings
        .0
        .into_iter()
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
                        report.locate.scene(&id),
                        format!("empty `{field}`"),
                        "write it: the ending is where the learner takes the lesson away",
                    );
                }
            }
            Ending {
                id,
                title: fill(e.title, catalogue, report),
                outcome: fill(e.outcome, catalogue, report),
                debrief: fill(e.debrief, catalogue, report),
            }
        })
        .collect();

    review_dates(&sources, &choices, &principle_cites, catalogue, report);
    if report.has_errors() {
        return None;
    }
    let choice_ids = choices
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.clone(), ChoiceIx(i as u32)))
        .collect();
    Some(Story {
        meta: Meta {
            id,
            title,
            summary,
            roles,
            minutes,
            tags,
            format,
            author,
            sources,
            governance,
            pass_mark,
        },
        start: start?,
        scenes,
        endings,
        choices,
        principles,
        principle_cites,
        role_names: raw_roles
            .iter()
            .map(|r| catalogue.role_name(r).to_string())
            .collect(),
        flags: flags.names,
        expectations: expect.into_iter().map(expectation).collect(),
        choice_ids,
    })
}

/// The scenario's governance checked: missing (CT085), dates not written YYYY-MM-DD or past
/// the review-by date (CT086).
fn check_governance(
    raw: Option<crate::format::raw::RawGovernance>,
    catalogue: &Catalogue,
    report: &mut Report,
) -> Option<crate::model::Governance> {
    let Some(g) = raw else {
        report.push(
            Rule::NoGovernance,
            "the scenario does not record its content review",
            report.locate.top_field("author"),
            "no `governance`",
            "add `governance: Governance(version: \"1.0\", reviewed: \"2026-12-02\", reviewed_by: [\"Caldicott Guardian\", \"Professional lead for nursing\"], review_by: \"2027-12-01\")` once the content is signed off",
        );
        return None;
    };
    let is_date = |d: &str| {
        d.len() == 10
            && d.char_indices().all(|(i, c)| {
                if i == 4 || i == 7 {
                    c == '-'
                } else {
                    c.is_ascii_digit()
                }
            })
    };
    for (field, value) in [("reviewed", &g.reviewed), ("review_by", &g.review_by)] {
        if !is_date(value) {
            report.push(
                Rule::NoGovernance,
                format!("the governance `{field}` date \"{value}\" is not written YYYY-MM-DD"),
                report
                    .locate
                    .top_value(field, value)
                    .or_else(|| report.locate.top_field("governance")),
                "not a date",
                "write dates as year-month-day, e.g. \"2027-12-01\"",
            );
        }
    }
    if g.reviewed_by.is_empty() {
        report.push(
            Rule::NoGovernance,
            "the governance names no reviewer",
            report.locate.top_field("governance"),
            "no `reviewed_by`",
            "name the roles that signed the content off, e.g. [\"Caldicott Guardian\", \"Head of HR\"]",
        );
    }
    if let Some(today) = catalogue.today.as_deref()
        && is_date(&g.review_by)
        && g.review_by.as_str() < today
    {
        report.push(
            Rule::ReviewOverdue,
            format!(
                "the content was due for review by {} (content version {})",
                g.review_by, g.version
            ),
            report.locate.top_field("governance"),
            "past its review-by date",
            "review it against current law and guidance, then update `reviewed`, `reviewed_by`, `review_by` and the version",
        );
    }
    Some(crate::model::Governance {
        version: g.version,
        reviewed: g.reviewed,
        reviewed_by: g.reviewed_by,
        review_by: g.review_by,
    })
}

/// A warning (CT082) for each source this scenario cites, itself or through its principles,
/// that is past the date by which it must be checked again.
fn review_dates(
    sources: &[String],
    choices: &[crate::model::Choice],
    principle_cites: &[Vec<crate::model::Cited>],
    catalogue: &Catalogue,
    report: &mut Report,
) {
    let Some(today) = catalogue.today.as_deref() else {
        return;
    };
    let mut seen: Vec<&str> = Vec::new();
    let own = sources
        .iter()
        .filter_map(|t| catalogue.source(&crate::model::Citation::parse(t).source));
    let cited = choices
        .iter()
        .flat_map(|c| &c.cites)
        .chain(principle_cites.iter().flatten())
        .map(|c| &c.source);
    for source in own.chain(cited) {
        if source.review_by.as_str() >= today || seen.contains(&source.id.as_str()) {
            continue;
        }
        seen.push(&source.id);
        report.push(
            Rule::SourceReviewDue,
            format!(
                "source \"{}\" ({}) was due to be checked again by {}",
                source.id,
                source.name(),
                source.review_by
            ),
            report
                .locate
                .top_value("sources", &source.id)
                .or_else(|| report.locate.top_field("sources")),
            "past its review date",
            format!(
                "check it against {} and update `checked` and `review_by` in sources.ron (or cite its replacement)",
                source.url
            ),
        );
    }
}

/// A text with the trust's names filled in; each placeholder the profile does not know is an
/// error (CT084) pointing at it.
pub(super) fn fill(text: String, catalogue: &Catalogue, report: &mut Report) -> String {
    let (filled, unknown) = catalogue.trust.fill(&text);
    for u in unknown {
        report.push(
            Rule::UnknownPlaceholder,
            format!("{} names nothing in the trust profile", u.written),
            report.locate.text(&u.written),
            "unknown placeholder",
            match crate::format::suggest::closest(&u.key, crate::model::trust::KEYS) {
                Some(key) => format!("did you mean \"{{trust.{key}}}\"?"),
                None => format!(
                    "use one of: {}",
                    crate::model::trust::KEYS
                        .map(|k| format!("{{trust.{k}}}"))
                        .join(", ")
                ),
            },
        );
    }
    filled
}

/// The start scene, or `None` with a diagnostic when it is missing or an ending.
fn resolve_start(
    raw: &RawScenario,
    targets: &HashMap<String, Target>,
    report: &mut Report,
) -> Option<SceneIx> {
    match targets.get(raw.start.as_str()) {
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
    }
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
pub fn all_choices(raw: &RawScenario) -> impl Iterator<Item = (&str, &RawChoice)> {
    raw.scenes.iter().flat_map(|(id, s)| {
        s.choices
            .iter()
            .chain(s.timer.as_ref().map(|t| &t.expired))
            .map(move |c| (id, c))
    })
}
