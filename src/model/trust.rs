//! The trust profile: the names every trust gives differently (its approved messaging tool,
//! incident system, PALS, Freedom to Speak Up route, teams and policies), which scenario text
//! refers to as `{trust.incident_system}` and so on, so learners read their own trust's names.
//!
//! The shipped profile (`assets/trust.ron`) holds neutral defaults; a trust's own file replaces
//! any of them. Filling happens once, when a scenario is built, so every shell shows the same
//! filled-in text.

use serde::Deserialize;

/// The profile file shipped in `assets/`.
pub const TRUST_RON: &str = include_str!("../../assets/trust.ron");

/// What a placeholder is written as: `{trust.KEY}`.
pub const PREFIX: &str = "{trust.";

/// A trust's names for the things scenarios mention.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename = "Trust", deny_unknown_fields)]
pub struct Trust {
    pub name: Option<String>,
    pub messaging_tool: Option<String>,
    pub incident_system: Option<String>,
    pub pals: Option<String>,
    pub speak_up: Option<String>,
    pub comms_team: Option<String>,
    pub ig_team: Option<String>,
    pub social_media_policy: Option<String>,
    pub occupational_health: Option<String>,
}

/// The keys a placeholder may name, in the order the profile lists them.
pub const KEYS: [&str; 9] = [
    "name",
    "messaging_tool",
    "incident_system",
    "pals",
    "speak_up",
    "comms_team",
    "ig_team",
    "social_media_policy",
    "occupational_health",
];

/// A placeholder that names no key of the profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownPlaceholder {
    /// The placeholder as written, braces included.
    pub written: String,
    /// The key it names.
    pub key: String,
}

impl Trust {
    /// Reads a profile file.
    pub fn parse(text: &str) -> Result<Trust, ron::error::SpannedError> {
        crate::format::parse::ron_options().from_str(text)
    }

    /// The shipped defaults.
    #[expect(
        clippy::expect_used,
        reason = "the shipped profile is embedded and tested, so failing here is a build defect"
    )]
    pub fn shipped() -> Trust {
        Trust::parse(TRUST_RON).expect("the shipped trust profile parses")
    }

    /// This profile with `other`'s names wherever it gives one.
    pub fn overlaid(mut self, other: Trust) -> Trust {
        let fields = [
            (&mut self.name, other.name),
            (&mut self.messaging_tool, other.messaging_tool),
            (&mut self.incident_system, other.incident_system),
            (&mut self.pals, other.pals),
            (&mut self.speak_up, other.speak_up),
            (&mut self.comms_team, other.comms_team),
            (&mut self.ig_team, other.ig_team),
            (&mut self.social_media_policy, other.social_media_policy),
            (&mut self.occupational_health, other.occupational_health),
        ];
        for (mine, theirs) in fields {
            if theirs.is_some() {
                *mine = theirs;
            }
        }
        self
    }

    /// The name for a key, when the profile gives one.
    pub fn get(&self, key: &str) -> Option<&str> {
        let value = match key {
            "name" => &self.name,
            "messaging_tool" => &self.messaging_tool,
            "incident_system" => &self.incident_system,
            "pals" => &self.pals,
            "speak_up" => &self.speak_up,
            "comms_team" => &self.comms_team,
            "ig_team" => &self.ig_team,
            "social_media_policy" => &self.social_media_policy,
            "occupational_health" => &self.occupational_health,
            _ => return None,
        };
        value.as_deref()
    }

    /// The text with every `{trust.KEY}` filled in, and the placeholders it could not fill.
    pub fn fill(&self, text: &str) -> (String, Vec<UnknownPlaceholder>) {
        if !text.contains(PREFIX) {
            return (text.to_string(), Vec::new());
        }
        let mut out = String::with_capacity(text.len() + 32);
        let mut unknown = Vec::new();
        let mut rest = text;
        while let Some(at) = rest.find(PREFIX) {
            out.push_str(&rest[..at]);
            let after = &rest[at + PREFIX.len()..];
            let Some(end) = after.find('}') else {
                // No closing brace: not a placeholder, keep the text as written.
                out.push_str(&rest[at..]);
                rest = "";
                break;
            };
            let key = &after[..end];
            let written = &rest[at..at + PREFIX.len() + end + 1];
            match self.get(key) {
                Some(value) => out.push_str(value),
                None => {
                    unknown.push(UnknownPlaceholder {
                        written: written.to_string(),
                        key: key.to_string(),
                    });
                    out.push_str(written);
                }
            }
            rest = &after[end + 1..];
        }
        out.push_str(rest);
        (out, unknown)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_profile_names_every_key() {
        let t = Trust::shipped();
        for key in KEYS {
            assert!(t.get(key).is_some(), "{key}");
        }
    }

    #[test]
    fn placeholders_are_filled_and_unknown_ones_reported() {
        let t = Trust::shipped().overlaid(Trust {
            incident_system: Some("Datix".into()),
            ..Trust::parse("Trust()").unwrap()
        });
        let (text, unknown) =
            t.fill("Report it on {trust.incident_system}, then tell {trust.comms}. {trust.");
        assert_eq!(text, "Report it on Datix, then tell {trust.comms}. {trust.");
        assert_eq!(unknown.len(), 1);
        assert_eq!(unknown[0].key, "comms");
        assert_eq!(
            t.fill("Ask {trust.pals}.").0,
            "Ask the Patient Advice and Liaison Service (PALS)."
        );
    }
}
