//! What xAPI 1.0.3 allows: the properties of each kind of object, the interaction types, and the
//! formats of IRIs, UUIDs, language tags and ISO 8601 durations.

pub(super) const STATEMENT: &[&str] = &[
    "id",
    "actor",
    "verb",
    "object",
    "result",
    "context",
    "timestamp",
    "stored",
    "authority",
    "version",
    "attachments",
];
pub(super) const AGENT: &[&str] = &[
    "objectType",
    "name",
    "mbox",
    "mbox_sha1sum",
    "openid",
    "account",
    "member",
];
pub(super) const ACTIVITY: &[&str] = &["objectType", "id", "definition"];
pub(super) const DEFINITION: &[&str] = &[
    "name",
    "description",
    "type",
    "moreInfo",
    "extensions",
    "interactionType",
    "correctResponsesPattern",
    "choices",
    "scale",
    "source",
    "target",
    "steps",
];
pub(super) const RESULT: &[&str] = &[
    "score",
    "success",
    "completion",
    "response",
    "duration",
    "extensions",
];
pub(super) const SCORE: &[&str] = &["scaled", "raw", "min", "max"];
pub(super) const CONTEXT: &[&str] = &[
    "registration",
    "instructor",
    "team",
    "contextActivities",
    "revision",
    "platform",
    "language",
    "statement",
    "extensions",
];
pub(super) const INTERACTION_TYPES: &[&str] = &[
    "true-false",
    "choice",
    "fill-in",
    "long-fill-in",
    "matching",
    "performance",
    "sequencing",
    "likert",
    "numeric",
    "other",
];

/// True for an absolute IRI: a scheme, a colon, and no spaces; `http(s)` needs a host.
pub fn is_absolute_iri(s: &str) -> bool {
    let Some((scheme, rest)) = s.split_once(':') else {
        return false;
    };
    let scheme_ok = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    let web = matches!(scheme.to_ascii_lowercase().as_str(), "http" | "https");
    scheme_ok
        && !rest.is_empty()
        && !s.chars().any(|c| c.is_whitespace() || c.is_control())
        && (!web
            || rest
                .strip_prefix("//")
                .is_some_and(|r| !r.is_empty() && !r.starts_with('/')))
}

/// True for a UUID written as 8-4-4-4-12 hexadecimal digits.
pub fn is_uuid(s: &str) -> bool {
    s.len() == 36
        && s.char_indices().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => c == '-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// True for an RFC 5646 language tag like `en-GB` (its shape, not the registry).
pub fn is_language_tag(s: &str) -> bool {
    let mut parts = s.split('-');
    let first_ok = parts
        .next()
        .is_some_and(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphabetic()));
    first_ok
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// True for an ISO 8601 duration: `PnYnMnDTnHnMnS` with at least one part (a fraction on the
/// last), or `PnW`.
pub fn is_duration(s: &str) -> bool {
    let Some(rest) = s.strip_prefix('P') else {
        return false;
    };
    if let Some(weeks) = rest.strip_suffix('W') {
        return is_number(weeks);
    }
    let (date, time) = match rest.split_once('T') {
        Some((d, t)) if !t.is_empty() => (d, Some(t)),
        Some(_) => return false,
        None => (rest, None),
    };
    let mut parts = Vec::new();
    if !designators(date, "YMD", &mut parts) {
        return false;
    }
    if let Some(t) = time
        && !designators(t, "HMS", &mut parts)
    {
        return false;
    }
    let Some(last) = parts.len().checked_sub(1) else {
        return false;
    };
    parts
        .iter()
        .enumerate()
        .all(|(i, p)| if i == last { is_number(p) } else { is_whole(p) })
}

/// Splits `text` into numbers each followed by one of `order`'s designators, in that order.
fn designators<'s>(text: &'s str, order: &str, parts: &mut Vec<&'s str>) -> bool {
    let mut rest = text;
    let mut allowed = order;
    while !rest.is_empty() {
        let Some(end) = rest.find(|c: char| c.is_ascii_alphabetic()) else {
            return false;
        };
        let designator = rest[end..].chars().next().unwrap_or(' ');
        let Some(pos) = allowed.find(designator) else {
            return false;
        };
        parts.push(&rest[..end]);
        allowed = &allowed[pos + 1..];
        rest = &rest[end + 1..];
    }
    true
}

fn is_whole(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_digit())
}

fn is_number(s: &str) -> bool {
    match s.split_once(['.', ',']) {
        Some((whole, frac)) => is_whole(whole) && is_whole(frac),
        None => is_whole(s),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        for ok in [
            "PT0S",
            "PT3M20.5S",
            "P1DT2H",
            "PT26H",
            "P2W",
            "P1Y2M3DT4H5M6S",
        ] {
            assert!(is_duration(ok), "{ok}");
        }
        for bad in [
            "", "P", "PT", "3M", "PT3S2M", "PT1.5M3S", "PT-3S", "P1H", "PTS",
        ] {
            assert!(!is_duration(bad), "{bad}");
        }
    }

    #[test]
    fn iris_and_uuids() {
        assert!(is_absolute_iri("http://adlnet.gov/expapi/verbs/passed"));
        assert!(is_absolute_iri("mailto:sam@nhs.net"));
        assert!(!is_absolute_iri("/xapi/scenarios/x"));
        assert!(!is_absolute_iri("https:///x"));
        assert!(!is_absolute_iri("https://canteen.example/a b"));
        assert!(is_uuid("6f1c0a52-3c1d-4b8e-9a51-0c9c2d0e7a10"));
        assert!(!is_uuid("6f1c0a523c1d4b8e9a510c9c2d0e7a10"));
    }
}
