//! The scenarios as a course an LMS imports: each scenario one unit, with the address the LMS
//! launches, its id under the trust's IRI base, and its mastery score from the pass mark.

use std::sync::Arc;

use crate::engine::Scenario;

/// One scenario as a unit of the course.
#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    /// The scenario's id in the library.
    pub scenario: String,
    pub title: String,
    pub summary: String,
    /// The unit's id: `{iri base}/scenarios/{scenario id}`.
    pub id: String,
    /// The pass mark as a fraction, 0 to 1 (cmi5's masteryScore).
    pub mastery: f64,
    /// The pass mark in percent (SCORM's masteryscore).
    pub pass_mark: u32,
    pub minutes: u32,
}

/// The course: its id and title, the trainer's address, and one unit per scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Course {
    /// The course id: `{iri base}/course`.
    pub id: String,
    pub title: String,
    pub description: String,
    /// The address of the `canteen serve` the units launch, without a trailing `/`.
    pub base_url: String,
    pub units: Vec<Unit>,
}

/// Why a course cannot be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CourseError {
    #[error("{what} {given:?} is not an http or https address")]
    NotAnAddress { what: &'static str, given: String },
    #[error("there is no playable scenario to put in the course")]
    Empty,
}

/// Checks an address: http(s), a host, no credentials, no query or fragment.
fn address(what: &'static str, given: &str) -> Result<String, CourseError> {
    let trimmed = given.trim().trim_end_matches('/');
    let bad = || CourseError::NotAnAddress {
        what,
        given: given.to_string(),
    };
    let (scheme, rest) = trimmed.split_once("://").ok_or_else(bad)?;
    if !matches!(scheme, "http" | "https") {
        return Err(bad());
    }
    let authority = rest.split('/').next().unwrap_or_default();
    if authority.is_empty()
        || authority.contains('@')
        || rest.contains(['?', '#'])
        || rest.contains(char::is_whitespace)
    {
        return Err(bad());
    }
    Ok(trimmed.to_string())
}

/// Percent-encodes what may not stand in a path segment (scenario ids are normally plain).
pub fn segment(id: &str) -> String {
    id.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

impl Course {
    /// The course of these scenarios, launched at `base_url`, with ids under `iri_base`.
    pub fn of<'a>(
        scenarios: impl Iterator<Item = &'a Arc<Scenario>>,
        base_url: &str,
        iri_base: &str,
    ) -> Result<Course, CourseError> {
        let base_url = address("the trainer's address (--url)", base_url)?;
        let iri_base = address("the IRI base (iri_base)", iri_base)?;
        let units: Vec<Unit> = scenarios
            .map(|s| {
                let m = s.meta();
                let pass_mark = m.pass_mark.min(100);
                Unit {
                    scenario: m.id.clone(),
                    title: m.title.clone(),
                    summary: m.summary.clone(),
                    id: format!("{iri_base}/scenarios/{}", segment(&m.id)),
                    mastery: f64::from(pass_mark) / 100.0,
                    pass_mark,
                    minutes: m.minutes,
                }
            })
            .collect();
        if units.is_empty() {
            return Err(CourseError::Empty);
        }
        Ok(Course {
            id: format!("{iri_base}/course"),
            title: "canteen: using social media well in the NHS".into(),
            description: "Branching scenarios with feedback on every choice and a score \
                          against the principles of the NHS guidance on social media."
                .into(),
            base_url,
            units,
        })
    }

    /// Where the LMS launches a unit with cmi5: `{base}/cmi5/{scenario id}`.
    pub fn cmi5_url(&self, unit: &Unit) -> String {
        format!("{}/cmi5/{}", self.base_url, segment(&unit.scenario))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_must_be_plain_web_addresses() {
        assert_eq!(
            address("x", "https://t.example.nhs.uk/").unwrap(),
            "https://t.example.nhs.uk"
        );
        for bad in [
            "t.example",
            "ftp://t",
            "https://u:p@t",
            "https://t/?a=1",
            "https://",
        ] {
            assert!(address("x", bad).is_err(), "{bad}");
        }
    }
}
