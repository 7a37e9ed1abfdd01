//! Checks a statement against the xAPI 1.0.3 rules a learning record store enforces: required
//! properties, no unknown ones, one identifier for an agent, absolute IRIs, UUIDs, language
//! maps, score ranges (scaled in -1..1, raw within min..max), ISO 8601 durations and
//! timestamps. canteen checks every statement before it is written or queued.

use serde_json::{Map, Value};

use super::spec::{
    ACTIVITY, AGENT, CONTEXT, DEFINITION, INTERACTION_TYPES, RESULT, SCORE, STATEMENT,
};
pub use super::spec::{is_absolute_iri, is_duration, is_language_tag, is_uuid};

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
