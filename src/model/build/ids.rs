//! Metadata and id checks: the scenario's top-level fields, and the scene, ending and choice ids
//! that every reference is resolved against.

use rustc_hash::FxHashMap as HashMap;

use super::{FORMAT, all_choices};
use crate::format::Report;
use crate::format::raw::RawScenario;
use crate::format::rules::Rule;
use crate::format::suggest::did_you_mean;
use crate::model::{Catalogue, EndingIx, SceneIx, Target};

pub(super) fn check_meta(raw: &RawScenario, catalogue: &Catalogue, report: &mut Report) {
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
    span: impl FnOnce(&Report) -> Option<crate::format::Span>,
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
pub(super) fn check_ids(raw: &RawScenario, report: &mut Report) -> HashMap<String, Target> {
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
    counts.reserve(raw.scenes.len() + raw.endings.len());
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
            targets.insert(id.to_string(), target);
        }
    }
    let mut seen: HashMap<&str, &str> = HashMap::default();
    seen.reserve(raw.scenes.iter().map(|(_, s)| s.choices.len() + 1).sum());
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
