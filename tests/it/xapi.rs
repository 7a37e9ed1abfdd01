//! xAPI statements for pass, fail, critical-breach and timed-out attempts: their structure,
//! their stable ids, and that every one satisfies the xAPI 1.0.3 rules canteen checks.

use canteen::records::xapi::check::check;
use canteen::records::xapi::{self, Actor, Statement};
use serde_json::Value;

use crate::support::attempts;

use attempts::{CRITICAL, FAIL, PASS, TIMED_OUT, example, play};

fn account() -> Actor {
    Actor::for_learner("12345678", Some("https://esr.example.nhs.uk")).unwrap()
}

fn statements(path: &[&str], n: u32) -> Vec<Statement> {
    let scenario = example();
    let record = play(
        &scenario,
        n,
        "12345678",
        path,
        "2026-03-02T09:14:05Z",
        200_509,
    );
    let made = xapi::statements(&record, &account(), Some(&scenario)).unwrap();
    for s in &made {
        assert_eq!(check(&s.json), [], "{:#}", s.json);
        assert_eq!(s.json["id"], s.id.as_str());
        assert_eq!(s.json["context"]["registration"], attempts::attempt_id(n));
        assert_eq!(s.json["timestamp"], "2026-03-02T09:14:05Z");
        assert_eq!(
            s.json["actor"],
            serde_json::json!({"objectType": "Agent", "account": {"homePage": "https://esr.example.nhs.uk", "name": "12345678"}})
        );
    }
    made
}

fn verbs(made: &[Statement]) -> Vec<&str> {
    made.iter()
        .map(|s| s.json["verb"]["id"].as_str().unwrap())
        .map(|v| v.rsplit('/').next().unwrap())
        .collect()
}

#[test]
fn a_passed_attempt_is_answered_answered_completed_passed() {
    let made = statements(PASS, 1);
    assert_eq!(
        verbs(&made),
        ["answered", "answered", "completed", "passed"]
    );
    let passed = &made[3].json;
    assert_eq!(
        passed["verb"]["id"],
        "http://adlnet.gov/expapi/verbs/passed"
    );
    assert_eq!(
        passed["object"]["id"],
        "https://canteen.example/xapi/scenarios/night-shift-post"
    );
    let result = &passed["result"];
    assert_eq!(result["success"], true);
    assert_eq!(result["completion"], true);
    assert_eq!(result["duration"], "PT3M20.5S");
    assert_eq!(result["score"]["raw"], 90);
    assert_eq!(result["score"]["scaled"], 0.9);
    assert_eq!(
        (
            result["score"]["min"].clone(),
            result["score"]["max"].clone()
        ),
        (0.into(), 100.into())
    );
    let principles = &result["extensions"][xapi::PRINCIPLE_SCORES];
    assert_eq!(principles["engagement"]["percent"], 75);
    assert_eq!(principles["engagement"]["earned"], 3);
    assert_eq!(
        result["extensions"][xapi::CRITICAL_CHOICES],
        serde_json::json!([])
    );

    let answered = &made[0].json;
    assert_eq!(
        answered["object"]["id"],
        "https://canteen.example/xapi/scenarios/night-shift-post/scenes/bus-stop"
    );
    assert_eq!(answered["result"]["response"], "proud-team");
    let definition = &answered["object"]["definition"];
    assert_eq!(definition["interactionType"], "choice");
    let texts: Vec<(&str, &str)> = definition["choices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["id"].as_str().unwrap(),
                c["description"]["en-GB"].as_str().unwrap(),
            )
        })
        .collect();
    assert!(texts.contains(&(
        "proud-team",
        "Post \"Tough night, proud of my team\" and nothing more."
    )));
    assert_eq!(
        answered["context"]["contextActivities"]["parent"][0]["id"],
        "https://canteen.example/xapi/scenarios/night-shift-post"
    );
}

#[test]
fn a_failed_attempt_says_failed_without_success() {
    let made = statements(FAIL, 2);
    assert_eq!(
        verbs(&made),
        ["answered", "answered", "completed", "failed"]
    );
    let failed = &made[3].json["result"];
    assert_eq!(failed["success"], false);
    assert_eq!(failed["completion"], true);
    assert!(failed["score"]["raw"].as_u64().unwrap() < 70);
    assert_eq!(made[1].json["result"]["response"], "ask-friends");
    assert_eq!(
        made[1].json["object"]["id"],
        "https://canteen.example/xapi/scenarios/night-shift-post/scenes/screenshot"
    );
}

#[test]
fn a_critical_breach_fails_and_names_the_choice() {
    let made = statements(CRITICAL, 3);
    assert_eq!(
        verbs(&made),
        ["answered", "answered", "completed", "failed"]
    );
    let result = &made[3].json["result"];
    assert_eq!(result["success"], false);
    assert_eq!(
        result["extensions"][xapi::CRITICAL_CHOICES],
        serde_json::json!(["post-detail"])
    );
    assert_eq!(result["extensions"][xapi::ENDING], "reflected");
}

#[test]
fn a_timed_out_decision_records_the_consequence() {
    let made = statements(TIMED_OUT, 4);
    let answered = &made[1].json;
    assert_eq!(answered["result"]["response"], "froze");
    assert_eq!(answered["result"]["extensions"][xapi::TIMED_OUT], true);
    let ids: Vec<&str> = answered["object"]["definition"]["choices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert!(
        ids.contains(&"froze"),
        "the consequence is one of the responses"
    );
}

#[test]
fn statement_ids_are_the_same_every_time_and_unique() {
    let a = statements(PASS, 1);
    let b = statements(PASS, 1);
    assert_eq!(a, b, "the same attempt gives the same statements");
    let mut ids: Vec<String> = a
        .iter()
        .chain(&statements(FAIL, 2))
        .map(|s| s.id.clone())
        .collect();
    let count = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), count, "no two statements share an id");
}

#[test]
fn an_email_address_becomes_an_mbox_actor() {
    let scenario = example();
    let record = play(
        &scenario,
        5,
        "sam.jones@nhs.net",
        PASS,
        "2026-03-02T09:14:05Z",
        1000,
    );
    let actor = Actor::for_learner(&record.learner, None).unwrap();
    let made = xapi::statements(&record, &actor, Some(&scenario)).unwrap();
    assert_eq!(
        made[0].json["actor"],
        serde_json::json!({"objectType": "Agent", "mbox": "mailto:sam.jones@nhs.net"})
    );
    assert!(made.iter().all(|s| check(&s.json).is_empty()));
}

#[test]
fn a_scenario_no_longer_in_the_library_still_gives_valid_statements() {
    let scenario = example();
    let record = play(
        &scenario,
        6,
        "12345678",
        CRITICAL,
        "2026-03-02T09:14:05Z",
        1000,
    );
    let made = xapi::statements(&record, &account(), None).unwrap();
    assert!(made.iter().all(|s| check(&s.json).is_empty()));
    assert_eq!(made[0].json["object"]["definition"].get("choices"), None);
}

#[test]
fn the_checker_catches_what_an_lrs_would_refuse() {
    let mut s = statements(PASS, 1)[3].json.clone();
    s["result"]["score"]["scaled"] = Value::from(1.2);
    s["result"]["score"]["raw"] = Value::from(101);
    s["result"]["duration"] = Value::from("3m20s");
    s["object"]["id"] = Value::from("scenarios/night-shift-post");
    s["context"]["registration"] = Value::from("attempt-1");
    s.as_object_mut().unwrap().remove("verb");
    let problems: Vec<String> = check(&s).iter().map(ToString::to_string).collect();
    assert_eq!(
        problems,
        [
            "verb: is required",
            "object.id: must be an absolute IRI",
            "result.duration: must be an ISO 8601 duration like PT3M20S",
            "result.score.scaled: 1.2 is outside -1..1",
            "result.score.raw: 101 is above max 100",
            "context.registration: must be a UUID in its hyphenated form",
        ]
    );
}

#[test]
fn the_passed_statement_in_full() {
    let made = statements(PASS, 1);
    insta::assert_json_snapshot!(made[3].json);
}

#[test]
fn every_broken_rule_is_reported_with_its_place() {
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

#[test]
fn timestamps_are_given_to_the_millisecond() {
    let scenario = example();
    let record = play(
        &scenario,
        7,
        "12345678",
        PASS,
        "2026-03-02T09:14:05.123456789Z",
        1000,
    );
    let made = xapi::statements(&record, &account(), Some(&scenario)).unwrap();
    assert!(
        made.iter()
            .all(|s| s.json["timestamp"] == "2026-03-02T09:14:05.123Z")
    );
}
