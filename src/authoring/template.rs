//! `canteen new`: a new scenario file from the commented template, with its id, a title to
//! replace and its audience role filled in.

use thiserror::Error;

use crate::format::suggest::did_you_mean;
use crate::model::Catalogue;
use crate::model::build::{is_stable_id, stable_id_like};

/// The commented template every new scenario starts from.
pub const TEMPLATE: &str = include_str!("../../assets/templates/scenario.ron");

/// The role a new scenario is written for when none is named.
pub const DEFAULT_ROLE: &str = "everyone";

/// Why a new scenario cannot be written as asked.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum NewError {
    #[error(
        "\"{id}\" cannot be a scenario id: use lowercase letters, digits and hyphens, such as \"{suggestion}\""
    )]
    BadId { id: String, suggestion: String },
    #[error("the role \"{role}\" is not in the roles catalogue: {help}")]
    UnknownRole { role: String, help: String },
}

/// Checks the id and role asked for before anything is written.
pub fn check(id: &str, role: &str, catalogue: &Catalogue) -> Result<(), NewError> {
    if !is_stable_id(id) {
        let suggestion = match stable_id_like(id) {
            s if s.is_empty() => "ward-photo".to_string(),
            s => s,
        };
        return Err(NewError::BadId {
            id: id.to_string(),
            suggestion,
        });
    }
    if catalogue.role(role).is_none() {
        let ids: Vec<&str> = catalogue.roles.iter().map(|r| r.id.as_str()).collect();
        let help = did_you_mean(
            role,
            ids.iter().copied(),
            &format!("the roles are {}", ids.join(", ")),
        );
        return Err(NewError::UnknownRole {
            role: role.to_string(),
            help,
        });
    }
    Ok(())
}

/// A title to start from, made from the id: `ward-photo` gives "Ward photo".
pub fn title_from_id(id: &str) -> String {
    let words = id.replace('-', " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The text of a new scenario file; `path` is where it will be written, for the comments that
/// say how to check it; `today` (YYYY-MM-DD) dates its governance, due for review a year on.
pub fn render(id: &str, role: &str, path: &str, today: &str) -> String {
    let review_by = match today.split_once('-') {
        Some((year, rest)) => match year.parse::<u32>() {
            Ok(y) => format!("{}-{rest}", y + 1),
            Err(_) => today.to_string(),
        },
        None => today.to_string(),
    };
    TEMPLATE
        .replace("{{today}}", today)
        .replace("{{review_by}}", &review_by)
        .replace("{{path}}", path)
        .replace("{{id}}", id)
        .replace("{{title}}", &title_from_id(id))
        .replace("{{role}}", role)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_come_from_ids() {
        assert_eq!(title_from_id("ward-photo"), "Ward photo");
        assert_eq!(title_from_id("a"), "A");
    }

    #[test]
    fn ids_and_roles_are_checked() {
        let c = Catalogue::shipped();
        assert!(check("ward-photo", "nurse", &c).is_ok());
        assert_eq!(
            check("Ward Photo", "nurse", &c),
            Err(NewError::BadId {
                id: "Ward Photo".into(),
                suggestion: "ward-photo".into()
            })
        );
        let err = check("ward-photo", "nures", &c).unwrap_err().to_string();
        assert!(err.contains("did you mean \"nurse\"?"), "{err}");
    }

    #[test]
    fn every_placeholder_is_filled() {
        let text = render(
            "ward-photo",
            "nurse",
            "scenarios/ward-photo.ron",
            "2026-12-02",
        );
        assert!(text.contains(r#"review_by: "2027-12-02""#), "{text}");
        assert!(!text.contains("{{"), "{text}");
        assert!(text.contains("id: \"ward-photo\""));
        assert!(text.contains("title: \"Ward photo\""));
        assert!(text.contains("roles: [\"nurse\"]"));
    }
}
