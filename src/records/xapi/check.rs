//! Checks a statement against the xAPI 1.0.3 rules a learning record store enforces: required
//! properties, no unknown ones, one identifier for an agent, absolute IRIs, UUIDs, language
//! maps, score ranges (scaled in -1..1, raw within min..max), ISO 8601 durations and
//! timestamps. canteen checks every statement before it is written or queued.

use serde_json::{Map, Value};

/// One broken rule: where in the statement, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// A dotted path into the statement, like `result.score.scaled`.
    pub at: String,
    pub rule: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.at, self.rule)
    }
}

/// Every rule the statement breaks; empty when it is valid.
pub fn check(statement: &Value) -> Vec<Problem> {
    let mut c = Checker::default();
    c.statement(statement);
    c.problems
}

#[derive(Default)]
struct Checker {
    problems: Vec<Problem>,
}

const STATEMENT: &[&str] = &[
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
const AGENT: &[&str] = &[
    "objectType",
    "name",
    "mbox",
    "mbox_sha1sum",
    "openid",
    "account",
    "member",
];
const ACTIVITY: &[&str] = &["objectType", "id", "definition"];
const DEFINITION: &[&str] = &[
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
const RESULT: &[&str] = &[
    "score",
    "success",
    "completion",
    "response",
    "duration",
    "extensions",
];
const SCORE: &[&str] = &["scaled", "raw", "min", "max"];
const CONTEXT: &[&str] = &[
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
const INTERACTION_TYPES: &[&str] = &[
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

impl Checker {
    fn fail(&mut self, at: &str, rule: impl Into<String>) {
        self.problems.push(Problem {
            at: at.to_string(),
            rule: rule.into(),
        });
    }

    /// The value as an object with only the allowed keys, or a problem.
    fn object<'v>(
        &mut self,
        at: &str,
        v: &'v Value,
        allowed: &[&str],
    ) -> Option<&'v Map<String, Value>> {
        let Some(map) = v.as_object() else {
            self.fail(at, "must be an object");
            return None;
        };
        for key in map.keys().filter(|k| !allowed.contains(&k.as_str())) {
            self.fail(&join(at, key), "is not a property xAPI 1.0.3 allows here");
        }
        Some(map)
    }

    fn statement(&mut self, v: &Value) {
        let Some(s) = self.object("statement", v, STATEMENT) else {
            return;
        };
        if let Some(id) = s.get("id") {
            self.uuid("id", id);
        }
        for key in ["actor", "verb", "object"] {
            if !s.contains_key(key) {
                self.fail(key, "is required");
            }
        }
        if let Some(a) = s.get("actor") {
            self.agent("actor", a);
        }
        if let Some(verb) = s.get("verb") {
            self.verb(verb);
        }
        if let Some(o) = s.get("object") {
            self.activity("object", o);
        }
        if let Some(r) = s.get("result") {
            self.result(r);
        }
        if let Some(c) = s.get("context") {
            self.context(c);
        }
        if let Some(t) = s.get("timestamp") {
            self.timestamp("timestamp", t);
        }
    }

    fn agent(&mut self, at: &str, v: &Value) {
        let Some(a) = self.object(at, v, AGENT) else {
            return;
        };
        if let Some(t) = a.get("objectType")
            && t != "Agent"
        {
            self.fail(&join(at, "objectType"), "must be \"Agent\"");
        }
        let ifis = ["mbox", "mbox_sha1sum", "openid", "account"]
            .into_iter()
            .filter(|k| a.contains_key(*k))
            .count();
        if ifis != 1 {
            self.fail(
                at,
                format!(
                    "must have exactly one of mbox, mbox_sha1sum, openid, account (has {ifis})"
                ),
            );
        }
        if let Some(m) = a.get("mbox") {
            match m.as_str() {
                Some(m) if m.starts_with("mailto:") && m.contains('@') => {}
                _ => self.fail(&join(at, "mbox"), "must be a mailto: IRI"),
            }
        }
        if let Some(acc) = a.get("account") {
            let at = join(at, "account");
            if let Some(acc) = self.object(&at, acc, &["homePage", "name"]) {
                match acc.get("homePage") {
                    Some(h) => self.iri(&join(&at, "homePage"), h),
                    None => self.fail(&join(&at, "homePage"), "is required"),
                }
                match acc.get("name").and_then(Value::as_str) {
                    Some(n) if !n.is_empty() => {}
                    _ => self.fail(&join(&at, "name"), "is required and must be a string"),
                }
            }
        }
    }

    fn verb(&mut self, v: &Value) {
        let Some(verb) = self.object("verb", v, &["id", "display"]) else {
            return;
        };
        match verb.get("id") {
            Some(id) => self.iri("verb.id", id),
            None => self.fail("verb.id", "is required"),
        }
        if let Some(d) = verb.get("display") {
            self.language_map("verb.display", d);
        }
    }

    fn activity(&mut self, at: &str, v: &Value) {
        let Some(a) = self.object(at, v, ACTIVITY) else {
            return;
        };
        if let Some(t) = a.get("objectType")
            && t != "Activity"
        {
            self.fail(
                &join(at, "objectType"),
                "canteen only sends Activity objects",
            );
        }
        match a.get("id") {
            Some(id) => self.iri(&join(at, "id"), id),
            None => self.fail(&join(at, "id"), "is required"),
        }
        let Some(d) = a.get("definition") else {
            return;
        };
        let at = join(at, "definition");
        let Some(d) = self.object(&at, d, DEFINITION) else {
            return;
        };
        for key in ["name", "description"] {
            if let Some(m) = d.get(key) {
                self.language_map(&join(&at, key), m);
            }
        }
        for key in ["type", "moreInfo"] {
            if let Some(i) = d.get(key) {
                self.iri(&join(&at, key), i);
            }
        }
        if let Some(e) = d.get("extensions") {
            self.extensions(&join(&at, "extensions"), e);
        }
        match d.get("interactionType").map(|t| t.as_str()) {
            None => {
                if d.contains_key("choices") {
                    self.fail(&join(&at, "choices"), "needs an interactionType");
                }
            }
            Some(Some(t)) if INTERACTION_TYPES.contains(&t) => {}
            Some(_) => self.fail(
                &join(&at, "interactionType"),
                "must be one of the xAPI interaction types",
            ),
        }
        if let Some(choices) = d.get("choices") {
            let at = join(&at, "choices");
            let Some(list) = choices.as_array() else {
                return self.fail(&at, "must be an array");
            };
            let mut seen = std::collections::HashSet::new();
            for (i, c) in list.iter().enumerate() {
                let at = format!("{at}[{i}]");
                let Some(c) = self.object(&at, c, &["id", "description"]) else {
                    continue;
                };
                match c.get("id").and_then(Value::as_str) {
                    Some(id) if !id.is_empty() && !id.contains(char::is_whitespace) => {
                        if !seen.insert(id.to_string()) {
                            self.fail(&join(&at, "id"), "must be unique among the choices");
                        }
                    }
                    _ => self.fail(&join(&at, "id"), "must be a string without spaces"),
                }
                if let Some(m) = c.get("description") {
                    self.language_map(&join(&at, "description"), m);
                }
            }
        }
    }

    fn result(&mut self, v: &Value) {
        let Some(r) = self.object("result", v, RESULT) else {
            return;
        };
        for key in ["success", "completion"] {
            if let Some(b) = r.get(key)
                && !b.is_boolean()
            {
                self.fail(&join("result", key), "must be true or false");
            }
        }
        if let Some(resp) = r.get("response")
            && !resp.is_string()
        {
            self.fail("result.response", "must be a string");
        }
        if let Some(d) = r.get("duration") {
            match d.as_str() {
                Some(d) if is_duration(d) => {}
                _ => self.fail(
                    "result.duration",
                    "must be an ISO 8601 duration like PT3M20S",
                ),
            }
        }
        if let Some(e) = r.get("extensions") {
            self.extensions("result.extensions", e);
        }
        if let Some(s) = r.get("score") {
            self.score(s);
        }
    }

    fn score(&mut self, v: &Value) {
        let Some(s) = self.object("result.score", v, SCORE) else {
            return;
        };
        let mut number = |key: &str| -> Option<f64> {
            let x = s.get(key)?;
            let n = x.as_f64();
            if n.is_none() {
                self.fail(&join("result.score", key), "must be a number");
            }
            n
        };
        let (scaled, raw, min, max) = (
            number("scaled"),
            number("raw"),
            number("min"),
            number("max"),
        );
        if let Some(x) = scaled
            && !(-1.0..=1.0).contains(&x)
        {
            self.fail("result.score.scaled", format!("{x} is outside -1..1"));
        }
        if let (Some(min), Some(max)) = (min, max)
            && min >= max
        {
            self.fail(
                "result.score.min",
                format!("{min} must be less than max {max}"),
            );
        }
        if let (Some(raw), Some(min)) = (raw, min)
            && raw < min
        {
            self.fail("result.score.raw", format!("{raw} is below min {min}"));
        }
        if let (Some(raw), Some(max)) = (raw, max)
            && raw > max
        {
            self.fail("result.score.raw", format!("{raw} is above max {max}"));
        }
    }

    fn context(&mut self, v: &Value) {
        let Some(c) = self.object("context", v, CONTEXT) else {
            return;
        };
        if let Some(r) = c.get("registration") {
            self.uuid("context.registration", r);
        }
        for key in ["revision", "platform", "language"] {
            if let Some(x) = c.get(key)
                && !x.is_string()
            {
                self.fail(&join("context", key), "must be a string");
            }
        }
        if let Some(Value::String(l)) = c.get("language")
            && !is_language_tag(l)
        {
            self.fail("context.language", "must be an RFC 5646 language tag");
        }
        if let Some(e) = c.get("extensions") {
            self.extensions("context.extensions", e);
        }
        if let Some(ca) = c.get("contextActivities") {
            let at = "context.contextActivities";
            let Some(ca) = self.object(at, ca, &["parent", "grouping", "category", "other"]) else {
                return;
            };
            for (key, list) in ca {
                let at = join(at, key);
                match list {
                    Value::Array(items) => {
                        for (i, a) in items.iter().enumerate() {
                            self.activity(&format!("{at}[{i}]"), a);
                        }
                    }
                    one => self.activity(&at, one),
                }
            }
        }
    }

    fn extensions(&mut self, at: &str, v: &Value) {
        let Some(map) = v.as_object() else {
            return self.fail(at, "must be an object");
        };
        for key in map.keys() {
            if !is_absolute_iri(key) {
                self.fail(&join(at, key), "extension keys must be absolute IRIs");
            }
        }
    }

    fn language_map(&mut self, at: &str, v: &Value) {
        let Some(map) = v.as_object() else {
            return self.fail(at, "must be a language map");
        };
        for (tag, text) in map {
            if !is_language_tag(tag) {
                self.fail(&join(at, tag), "is not an RFC 5646 language tag");
            }
            if !text.is_string() {
                self.fail(&join(at, tag), "must be a string");
            }
        }
    }

    fn iri(&mut self, at: &str, v: &Value) {
        match v.as_str() {
            Some(s) if is_absolute_iri(s) => {}
            _ => self.fail(at, "must be an absolute IRI"),
        }
    }

    fn uuid(&mut self, at: &str, v: &Value) {
        match v.as_str() {
            Some(s) if is_uuid(s) => {}
            _ => self.fail(at, "must be a UUID in its hyphenated form"),
        }
    }

    fn timestamp(&mut self, at: &str, v: &Value) {
        match v.as_str() {
            Some(s) if s.parse::<jiff::Timestamp>().is_ok() && !s.contains('[') => {}
            _ => self.fail(at, "must be an RFC 3339 timestamp with a time zone offset"),
        }
    }
}

fn join(at: &str, key: &str) -> String {
    if at == "statement" {
        key.to_string()
    } else {
        format!("{at}.{key}")
    }
}

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

fn is_language_tag(s: &str) -> bool {
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

    #[test]
    fn a_broken_statement_reports_each_rule() {
        let v = serde_json::json!({
            "id": "not-a-uuid",
            "actor": {"mbox": "sam@nhs.net", "account": {"homePage": "esr", "name": "1"}},
            "verb": {"id": "passed"},
            "object": {"id": "https://canteen.example/xapi/scenarios/x"},
            "result": {"score": {"scaled": 1.5, "raw": 120, "min": 0, "max": 100}, "duration": "3 minutes"},
            "context": {"registration": "x"},
            "timestamp": "yesterday",
            "colour": "blue",
        });
        let problems: Vec<String> = check(&v).iter().map(ToString::to_string).collect();
        for expected in [
            "colour: is not a property xAPI 1.0.3 allows here",
            "id: must be a UUID in its hyphenated form",
            "actor: must have exactly one of mbox, mbox_sha1sum, openid, account (has 2)",
            "actor.mbox: must be a mailto: IRI",
            "actor.account.homePage: must be an absolute IRI",
            "verb.id: must be an absolute IRI",
            "result.score.scaled: 1.5 is outside -1..1",
            "result.score.raw: 120 is above max 100",
            "result.duration: must be an ISO 8601 duration like PT3M20S",
            "context.registration: must be a UUID in its hyphenated form",
            "timestamp: must be an RFC 3339 timestamp with a time zone offset",
        ] {
            assert!(
                problems.iter().any(|p| p == expected),
                "{expected} not in {problems:#?}"
            );
        }
    }
}
