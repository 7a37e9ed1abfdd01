//! The catalogue: the principles choices are scored against, the audience roles, and the
//! sources they cite.
//!
//! They live in `assets/` (`principles.ron`, `roles.ron`, `sources.ron`) and are embedded in
//! the binary.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::sources::{Citation, RawSources, SOURCES_RON, Source};

/// A principle of good practice that choices uphold or breach.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename = "Principle", deny_unknown_fields)]
pub struct Principle {
    /// Stable id scenarios refer to, e.g. `confidentiality`.
    pub id: String,
    /// The name shown to learners.
    pub name: String,
    /// One line saying what it asks.
    pub description: String,
    /// Where it comes from, as citations of the sources catalogue (`"nmc-code 20.10"`), in the
    /// order a learner should be shown them: each profession's code first, law and trust policy
    /// last. The learner sees the first that binds their role.
    pub sources: Vec<String>,
}

/// An audience role a scenario is written for.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename = "Role", deny_unknown_fields)]
pub struct Role {
    /// Stable id, e.g. `healthcare-assistant`.
    pub id: String,
    /// The name shown to learners, e.g. "Healthcare assistant".
    pub name: String,
}

/// The principles, roles and sources scenarios may refer to.
#[derive(Debug, Clone)]
pub struct Catalogue {
    pub principles: Vec<Arc<Principle>>,
    pub roles: Vec<Role>,
    pub sources: Vec<Arc<Source>>,
    /// Today's date (YYYY-MM-DD) for checking sources' review dates (CT082); `None` skips it.
    /// The library sets it, so the model itself never reads the clock.
    pub today: Option<String>,
    /// The trust's names that scenario text refers to as `{trust.KEY}`.
    pub trust: super::trust::Trust,
}

/// Why the catalogue files could not be used.
#[derive(Debug, thiserror::Error)]
pub enum CatalogueError {
    #[error("{file}: {error}")]
    Syntax {
        file: &'static str,
        error: ron::error::SpannedError,
    },
    #[error("principle \"{principle}\" cites source \"{cited}\", which is not in sources.ron")]
    UnknownSource { principle: String, cited: String },
    #[error("source \"{source_id}\" binds role \"{role}\", which is not in roles.ron")]
    UnknownRole { source_id: String, role: String },
}

#[derive(Deserialize)]
#[serde(rename = "Principles", deny_unknown_fields)]
struct RawPrinciples {
    principles: Vec<Principle>,
}

#[derive(Deserialize)]
#[serde(rename = "Roles", deny_unknown_fields)]
struct RawRoles {
    roles: Vec<Role>,
}

/// The catalogue files shipped in `assets/`.
pub const PRINCIPLES_RON: &str = include_str!("../../assets/principles.ron");
/// The roles file shipped in `assets/`.
pub const ROLES_RON: &str = include_str!("../../assets/roles.ron");

impl Catalogue {
    /// Parses a catalogue from the text of a principles file, a roles file and a sources file;
    /// every principle's citations must name a source.
    pub fn parse(
        principles: &str,
        roles: &str,
        sources: &str,
    ) -> Result<Catalogue, CatalogueError> {
        let options = crate::format::parse::ron_options();
        let syntax = |file| move |error| CatalogueError::Syntax { file, error };
        let p: RawPrinciples = options
            .from_str(principles)
            .map_err(syntax("principles.ron"))?;
        let r: RawRoles = options.from_str(roles).map_err(syntax("roles.ron"))?;
        let s: RawSources = options.from_str(sources).map_err(syntax("sources.ron"))?;
        let catalogue = Catalogue {
            principles: p.principles.into_iter().map(Arc::new).collect(),
            roles: r.roles,
            sources: s.sources.into_iter().map(Arc::new).collect(),
            today: None,
            trust: super::trust::Trust::shipped(),
        };
        for p in &catalogue.principles {
            for c in &p.sources {
                let cite = Citation::parse(c);
                if catalogue.source(&cite.source).is_none() {
                    return Err(CatalogueError::UnknownSource {
                        principle: p.id.clone(),
                        cited: cite.source,
                    });
                }
            }
        }
        for s in &catalogue.sources {
            if let Some(role) = s
                .binds
                .iter()
                .find(|r| *r != super::sources::EVERYONE && catalogue.role(r).is_none())
            {
                return Err(CatalogueError::UnknownRole {
                    source_id: s.id.clone(),
                    role: role.clone(),
                });
            }
        }
        Ok(catalogue)
    }

    /// Finds a source by id.
    pub fn source(&self, id: &str) -> Option<&Arc<Source>> {
        self.sources.iter().find(|s| s.id == id)
    }

    /// The catalogue shipped with canteen.
    pub fn shipped() -> Catalogue {
        Catalogue::shipped_for(super::trust::Trust::shipped())
    }

    /// The catalogue shipped with canteen, for a trust: its own policies are named in its
    /// words wherever a source cites them.
    #[expect(
        clippy::expect_used,
        reason = "the shipped files are embedded and tested, so failing here is a build defect"
    )]
    pub fn shipped_for(trust: super::trust::Trust) -> Catalogue {
        // The shipped files are tested (tests in this module), so failing here is a build defect.
        let mut c = Catalogue::parse(PRINCIPLES_RON, ROLES_RON, SOURCES_RON)
            .expect("the shipped catalogue parses");
        let fill = |t: &str| trust.fill(t).0;
        c.sources = c
            .sources
            .iter()
            .map(|s| {
                Arc::new(Source {
                    short: s.short.as_deref().map(fill),
                    title: fill(&s.title),
                    publisher: fill(&s.publisher),
                    ..(**s).clone()
                })
            })
            .collect();
        c.trust = trust;
        c
    }

    /// Finds a principle by id.
    pub fn principle(&self, id: &str) -> Option<&Arc<Principle>> {
        self.principles.iter().find(|p| p.id == id)
    }

    /// Finds a role by id.
    pub fn role(&self, id: &str) -> Option<&Role> {
        self.roles.iter().find(|r| r.id == id)
    }

    /// The display name of a role id, or the id itself when the role is unknown.
    pub fn role_name<'a>(&'a self, id: &'a str) -> &'a str {
        self.role(id).map_or(id, |r| r.name.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_catalogue_parses_with_unique_ids() {
        let c = Catalogue::shipped();
        assert_eq!(c.principles.len(), 10);
        let mut ids: Vec<_> = c.principles.iter().map(|p| p.id.as_str()).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), 10);
        assert!(c.role("nurse").is_some());
        assert!(c.principles.iter().all(|p| !p.sources.is_empty()));
    }

    /// Every principle ends in a source that binds everyone (law or trust policy), so a learner
    /// in any role is shown a source that binds them, and never another profession's code.
    #[test]
    fn every_role_is_shown_a_source_for_every_principle() {
        let c = Catalogue::shipped();
        for p in &c.principles {
            let cited: Vec<_> = p
                .sources
                .iter()
                .map(|t| c.source(&Citation::parse(t).source).unwrap())
                .collect();
            assert!(
                cited.iter().any(|s| s.binds_everyone()),
                "{} cites nothing that binds everyone",
                p.id
            );
        }
        for s in &c.sources {
            // A trust's own policies live on its intranet: the trust's profile links them.
            assert!(
                s.url.starts_with("https://") || s.id.starts_with("trust-"),
                "{} has a URL",
                s.id
            );
            assert!(
                s.checked.len() == 10 && s.review_by > s.checked,
                "{} dates",
                s.id
            );
        }
    }
}
