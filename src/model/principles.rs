//! The catalogue: the principles choices are scored against, and the audience roles.
//!
//! Both live in `assets/` (`principles.ron`, `roles.ron`) and are embedded in the binary.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

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
    /// Where it comes from: NMC Code 20.10, Caldicott principles, ...
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

/// The principles and roles scenarios may refer to.
#[derive(Debug, Clone)]
pub struct Catalogue {
    pub principles: Vec<Arc<Principle>>,
    pub roles: Vec<Role>,
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
    /// Parses a catalogue from the text of a principles file and a roles file.
    pub fn parse(principles: &str, roles: &str) -> Result<Catalogue, ron::error::SpannedError> {
        let options = crate::format::parse::ron_options();
        let p: RawPrinciples = options.from_str(principles)?;
        let r: RawRoles = options.from_str(roles)?;
        Ok(Catalogue {
            principles: p.principles.into_iter().map(Arc::new).collect(),
            roles: r.roles,
        })
    }

    /// The catalogue shipped with canteen.
    #[expect(
        clippy::expect_used,
        reason = "the shipped files are embedded and tested, so failing here is a build defect"
    )]
    pub fn shipped() -> Catalogue {
        // The shipped files are tested (tests in this module), so failing here is a build defect.
        Catalogue::parse(PRINCIPLES_RON, ROLES_RON).expect("the shipped catalogue parses")
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
}
