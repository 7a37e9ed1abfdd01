//! Citations resolved against the sources catalogue: an unknown source is an error (CT080), and
//! so is citing, for a scenario, a profession's code that binds none of its audience (CT081).

use std::sync::Arc;

use crate::format::rules::Rule;
use crate::format::suggest::did_you_mean;
use crate::format::{Report, Span};
use crate::model::sources::{Citation, EVERYONE};
use crate::model::{Catalogue, Cited};

/// Resolves `cites`, written in `what` (e.g. `choice "x"`), for a scenario with these roles.
pub(super) fn resolve_cites(
    cites: &[String],
    what: &str,
    roles: &[String],
    catalogue: &Catalogue,
    report: &mut Report,
    span: impl Fn(&Report, &str) -> Option<Span>,
) -> Vec<Cited> {
    let mut out = Vec::new();
    for text in cites {
        let cite = Citation::parse(text);
        let Some(source) = catalogue.source(&cite.source) else {
            let ids: Vec<&str> = catalogue.sources.iter().map(|s| s.id.as_str()).collect();
            let help = did_you_mean(
                &cite.source,
                ids.iter().copied(),
                "cite a source by its id in sources.ron, then the section, e.g. \"nmc-code 20.10\"; `canteen sources` lists every id",
            );
            report.push(
                Rule::UnknownSource,
                format!(
                    "{what} cites \"{}\", which is not in the sources catalogue",
                    cite.source
                ),
                span(report, text),
                "unknown source",
                help,
            );
            continue;
        };
        let binds_audience =
            source.binds_everyone() || roles.iter().any(|r| r == EVERYONE || source.binds_role(r));
        if !binds_audience {
            report.push(
                Rule::SourceNotForAudience,
                format!(
                    "{what} cites \"{}\" ({}), which binds none of this scenario's roles ({})",
                    source.id,
                    source.name(),
                    roles.join(", ")
                ),
                span(report, text),
                "another profession's code",
                format!(
                    "cite a source that binds the learners this scenario is for: it binds {}; law and trust policy bind everyone",
                    source.binds.join(", ")
                ),
            );
            continue;
        }
        out.push(Cited {
            source: Arc::clone(source),
            section: cite.section,
        });
    }
    out
}
