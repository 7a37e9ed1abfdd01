//! The sources catalogue: each code, guidance or law that principles and choices cite, with the
//! professions it binds, so a learner is shown the source that binds their own role and never
//! another profession's code.
//!
//! It lives in `assets/sources.ron` and is embedded in the binary. A citation is written as the
//! source's id, optionally followed by a space and the section: `"nmc-code 20.10"`,
//! `"era-1996 s.43F"`.

use serde::Deserialize;

/// The role id of sources that bind everyone (law, the NHS Constitution, trust policy).
pub const EVERYONE: &str = "everyone";

/// A code, guidance or law.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename = "Source", deny_unknown_fields)]
pub struct Source {
    /// Stable id citations use, e.g. `nmc-code`.
    pub id: String,
    /// The name shown to learners beside a section, e.g. "NMC Code"; the title when absent.
    #[serde(default)]
    pub short: Option<String>,
    pub title: String,
    pub publisher: String,
    /// The version or date in force, e.g. "2015, updated 2018".
    pub version: String,
    pub url: String,
    /// The date (YYYY-MM-DD) someone last checked it against the publisher.
    pub checked: String,
    /// The date (YYYY-MM-DD) by which it must be checked again.
    pub review_by: String,
    /// The role ids it binds; `everyone` for law and trust policy.
    pub binds: Vec<String>,
}

impl Source {
    /// True when the source binds learners in this role.
    pub fn binds_role(&self, role: &str) -> bool {
        self.binds.iter().any(|b| b == role || b == EVERYONE)
    }

    /// True when the source binds everyone, whatever their role.
    pub fn binds_everyone(&self) -> bool {
        self.binds.iter().any(|b| b == EVERYONE)
    }

    /// The name shown beside a section.
    pub fn name(&self) -> &str {
        self.short.as_deref().unwrap_or(&self.title)
    }
}

/// A citation: a source id and, optionally, the section cited.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citation {
    pub source: String,
    pub section: Option<String>,
}

impl Citation {
    /// Reads `"id"` or `"id section"`.
    pub fn parse(text: &str) -> Citation {
        let text = text.trim();
        match text.split_once(char::is_whitespace) {
            Some((id, section)) => Citation {
                source: id.to_string(),
                section: Some(section.trim().to_string()).filter(|s| !s.is_empty()),
            },
            None => Citation {
                source: text.to_string(),
                section: None,
            },
        }
    }
}

/// A citation resolved to its source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cited {
    pub source: std::sync::Arc<Source>,
    pub section: Option<String>,
}

impl Cited {
    /// The citation as the learner reads it: "NMC Code 20.10".
    pub fn words(&self) -> String {
        match &self.section {
            Some(s) => format!("{} {s}", self.source.name()),
            None => self.source.name().to_string(),
        }
    }
}

#[derive(Deserialize)]
#[serde(rename = "Sources", deny_unknown_fields)]
pub(super) struct RawSources {
    pub(super) sources: Vec<Source>,
}

/// The sources file shipped in `assets/`.
pub const SOURCES_RON: &str = include_str!("../../assets/sources.ron");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_citation_is_an_id_and_an_optional_section() {
        assert_eq!(
            Citation::parse("nmc-code 20.10"),
            Citation {
                source: "nmc-code".into(),
                section: Some("20.10".into())
            }
        );
        assert_eq!(Citation::parse(" era-1996 ").section, None);
        assert_eq!(
            Citation::parse("gmc-social-media-2024 paras 14-16")
                .section
                .as_deref(),
            Some("paras 14-16")
        );
    }
}
