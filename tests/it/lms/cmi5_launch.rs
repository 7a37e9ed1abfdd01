//! A whole cmi5 launch: a test LMS (its fetch URL, State API and record store, an axum router
//! on loopback) launches a unit of the real `canteen serve`, the learner plays a scenario
//! through the web pages, and every statement and its order are checked; the record store
//! goes down mid-attempt and comes back, and no statement is lost.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use serde_json::{Value, json};

use crate::web::{BEST, Served, value_of};

const TOKEN: &str = "dGVzdDpzZXNzaW9u";
const REGISTRATION: &str = "6f1c0a52-3c1d-4b8e-9a51-0c9c2d0e7a10";
const ACTIVITY: &str = "https://learning.example-trust.nhs.uk/canteen/scenarios/ward-photo";
const SESSION: &str = "lms-session-1";

/// What the test LMS has seen and how it behaves.
#[derive(Default)]
struct Lms {
    fetches: usize,
    down: bool,
    /// Refuse statements as a record store refuses what it will never take.
    refuse: bool,
    mode: String,
    statements: Vec<Value>,
    /// Requests to the statements resource refused while down.
    refused: usize,
}

type Shared = Arc<Mutex<Lms>>;

async fn fetch(State(lms): State<Shared>) -> axum::Json<Value> {
    let mut l = lms.lock().unwrap();
    l.fetches += 1;
    axum::Json(if l.fetches == 1 {
        json!({"auth-token": TOKEN})
    } else {
        json!({"error-code": "1", "error-text": "The authorization token has already been returned."})
    })
}

fn authorised(headers: &HeaderMap) -> bool {
    headers.get("authorization").and_then(|v| v.to_str().ok()) == Some(&format!("Basic {TOKEN}"))
        && headers.get("x-experience-api-version").is_some()
}

async fn state(
    State(lms): State<Shared>,
    headers: HeaderMap,
    Query(q): Query<std::collections::HashMap<String, String>>,
) -> axum::response::Response {
    if !authorised(&headers) {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    assert_eq!(q.get("stateId").map(String::as_str), Some("LMS.LaunchData"));
    assert_eq!(q.get("activityId").map(String::as_str), Some(ACTIVITY));
    assert_eq!(
        q.get("registration").map(String::as_str),
        Some(REGISTRATION)
    );
    let agent: Value = serde_json::from_str(&q["agent"]).unwrap();
    assert_eq!(agent["account"]["name"], "12345678");
    let mode = lms.lock().unwrap().mode.clone();
    axum::Json(json!({
        "contextTemplate": {
            "contextActivities": {"grouping": [{"id": "https://learning.example-trust.nhs.uk/canteen/course/ward-photo"}]},
            "extensions": {"https://w3id.org/xapi/cmi5/context/extensions/sessionid": SESSION}
        },
        "launchMode": mode,
        "launchMethod": "OwnWindow",
        "returnURL": "https://lms.example/course/7",
        "masteryScore": 0.8,
        "moveOn": "CompletedAndPassed"
    }))
    .into_response()
}

async fn statements(
    State(lms): State<Shared>,
    headers: HeaderMap,
    body: String,
) -> axum::response::Response {
    let mut l = lms.lock().unwrap();
    if l.down {
        l.refused += 1;
        return (StatusCode::SERVICE_UNAVAILABLE, "down for maintenance").into_response();
    }
    if l.refuse {
        return (
            StatusCode::FORBIDDEN,
            r#"{"message": "this token may not write statements"}"#,
        )
            .into_response();
    }
    if !authorised(&headers) {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    let batch: Vec<Value> = serde_json::from_str(&body).unwrap();
    let ids: Vec<Value> = batch.iter().map(|s| s["id"].clone()).collect();
    for s in batch {
        // An LRS keeps a statement once, by id.
        if !l.statements.iter().any(|k| k["id"] == s["id"]) {
            l.statements.push(s);
        }
    }
    axum::Json(Value::Array(ids)).into_response()
}

/// The test LMS on loopback; its address.
fn start_lms(mode: &str) -> (String, Shared, tokio::runtime::Runtime) {
    let shared: Shared = Arc::new(Mutex::new(Lms {
        mode: mode.into(),
        ..Lms::default()
    }));
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let listener = rt
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let addr = listener.local_addr().unwrap();
    let app = Router::new()
        .route(
            "/fetch/{n}",
            post(|s: State<Shared>, _: Path<String>| fetch(s)),
        )
        .route("/xapi/activities/state", get(state))
        .route("/xapi/statements", post(statements))
        .with_state(Arc::clone(&shared));
    rt.spawn(async move { axum::serve(listener, app).await });
    (format!("http://{addr}"), shared, rt)
}

fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn launch_path(lms: &str, leave_out: Option<&str>) -> String {
    let actor = json!({"objectType": "Agent", "name": "Sam Jones",
        "account": {"homePage": "https://esr.example.nhs.uk", "name": "12345678"}});
    let params = [
        ("endpoint", format!("{lms}/xapi")),
        ("fetch", format!("{lms}/fetch/1")),
        ("actor", actor.to_string()),
        ("registration", REGISTRATION.to_string()),
        ("activityId", ACTIVITY.to_string()),
    ];
    let q: Vec<String> = params
        .iter()
        .filter(|(k, _)| Some(*k) != leave_out)
        .map(|(k, v)| format!("{k}={}", encode(v)))
        .collect();
    format!("/cmi5/ward-photo?{}", q.join("&"))
}

/// The verbs of the statements received, in order (the last path segment of each verb id).
fn verbs(lms: &Shared) -> Vec<String> {
    lms.lock()
        .unwrap()
        .statements
        .iter()
        .map(|s| {
            s["verb"]["id"]
                .as_str()
                .unwrap()
                .rsplit('/')
                .next()
                .unwrap()
                .to_string()
        })
        .collect()
}

fn wait_for(lms: &Shared, n: usize) {
    let until = Instant::now() + Duration::from_secs(15);
    while lms.lock().unwrap().statements.len() < n {
        assert!(
            Instant::now() < until,
            "waited for {n} statements, got {:?}",
            verbs(lms)
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn has_category(s: &Value, id: &str) -> bool {
    s["context"]["contextActivities"]["category"]
        .as_array()
        .is_some_and(|c| c.iter().any(|a| a["id"] == id))
}

/// What a browser sends when a page on the LMS's site opens the launch address.
const FROM_THE_LMS: [(&str, &str); 2] = [
    ("Sec-Fetch-Site", "cross-site"),
    ("Sec-Fetch-Mode", "navigate"),
];

const CMI5: &str = "https://w3id.org/xapi/cmi5/context/categories/cmi5";
const MOVE_ON: &str = "https://w3id.org/xapi/cmi5/context/categories/moveon";

#[test]
fn a_whole_launch_sends_every_statement_in_order_and_none_is_lost_while_the_lrs_is_down() {
    let (lms, shared, _rt) = start_lms("Normal");
    let served = Served::start_on(None, &["--lms", &lms]);

    // The LMS's page opens the unit: a navigation from another site.
    let launched = served.get(&launch_path(&lms, None), None, &FROM_THE_LMS);
    assert_eq!(launched.status, 200, "{}", launched.body);
    assert!(
        launched.body.contains("Welcome, Sam Jones"),
        "{}",
        launched.body
    );
    assert!(
        launched
            .body
            .contains("href=\"/scenarios/ward-photo/play\""),
        "{}",
        launched.body
    );
    let cookie = launched.cookie.expect("the launch signs the learner in");
    wait_for(&shared, 1);

    // The fetch URL works once: the same launch again gets a clear page.
    let again = served.get(&launch_path(&lms, None), None, &[]);
    assert_eq!(again.status, 409, "{}", again.body);
    assert!(
        again.body.contains("has been used already"),
        "{}",
        again.body
    );

    let csrf = served.csrf(&cookie);
    for (i, choice) in BEST.iter().enumerate() {
        if i == 1 {
            // The record store goes down mid-attempt.
            shared.lock().unwrap().down = true;
        }
        let sent = served.post(
            "/scenarios/ward-photo/play",
            Some(&cookie),
            &format!("csrf={csrf}&step={i}&choice={choice}"),
        );
        assert_eq!(sent.status, 303, "{}", sent.body);
    }
    let attempt = served.attempts().pop().expect("the attempt is recorded");
    let ending = served.get(
        &format!("/records/{}", attempt.attempt_id),
        Some(&cookie),
        &[],
    );
    assert!(
        ending
            .body
            .contains("Your result is saved in canteen and will be sent to your learning system"),
        "{}",
        ending.body
    );
    assert!(
        shared.lock().unwrap().refused > 0,
        "canteen tried while it was down"
    );
    assert_eq!(verbs(&shared), ["initialized", "answered"]);

    // It comes back: the background retry sends the rest, in order.
    shared.lock().unwrap().down = false;
    wait_for(&shared, 6);
    let ending = served.get(
        &format!("/records/{}", attempt.attempt_id),
        Some(&cookie),
        &[],
    );
    assert!(
        ending.body.contains("Your result has been sent"),
        "{}",
        ending.body
    );
    let csrf = value_of(&ending.body, "name=\"csrf\" value=\"").unwrap();
    let exit = served.post("/cmi5/exit", Some(&cookie), &format!("csrf={csrf}"));
    assert_eq!(exit.status, 303, "{}", exit.body);
    assert_eq!(
        exit.location.as_deref(),
        Some("https://lms.example/course/7")
    );

    assert_eq!(
        verbs(&shared),
        [
            "initialized",
            "answered",
            "answered",
            "answered",
            "completed",
            "passed",
            "terminated"
        ]
    );
    let all = shared.lock().unwrap().statements.clone();
    eprintln!("cmi5 statements of one attempt:");
    for s in &all {
        eprintln!(
            "  {} {} result={} categories={}",
            s["verb"]["id"]
                .as_str()
                .unwrap()
                .rsplit('/')
                .next()
                .unwrap(),
            s["object"]["id"],
            s.get("result").unwrap_or(&Value::Null),
            s["context"]["contextActivities"]["category"]
        );
    }
    for s in &all {
        let problems = canteen::records::xapi::check::check(s);
        assert!(problems.is_empty(), "{s} breaks xAPI rules: {problems:?}");
        assert_eq!(s["actor"]["account"]["name"], "12345678");
        assert_eq!(s["context"]["registration"], REGISTRATION);
        assert_eq!(
            s["context"]["extensions"]["https://w3id.org/xapi/cmi5/context/extensions/sessionid"],
            SESSION
        );
        assert_eq!(
            s["context"]["contextActivities"]["grouping"][0]["id"],
            "https://learning.example-trust.nhs.uk/canteen/course/ward-photo",
            "the context template is in every statement"
        );
        let verb = s["verb"]["id"].as_str().unwrap();
        if verb.ends_with("answered") {
            assert!(
                !has_category(s, CMI5),
                "answered is an allowed statement: {s}"
            );
            assert_eq!(
                s["context"]["contextActivities"]["parent"][0]["id"],
                ACTIVITY
            );
        } else {
            assert_eq!(s["object"]["id"], ACTIVITY);
            assert!(has_category(s, CMI5), "{s}");
        }
        let moves_on = verb.ends_with("completed") || verb.ends_with("passed");
        assert_eq!(has_category(s, MOVE_ON), moves_on, "{s}");
    }
    let answered: Vec<&str> = all[1..4]
        .iter()
        .map(|s| s["result"]["response"].as_str().unwrap())
        .collect();
    assert_eq!(answered, BEST);
    assert_eq!(all[4]["result"]["completion"], true);
    assert!(
        all[4]["result"]["duration"]
            .as_str()
            .unwrap()
            .starts_with("PT")
    );
    let scaled = all[5]["result"]["score"]["scaled"].as_f64().unwrap();
    assert_eq!(scaled, f64::from(attempt.overall) / 100.0);
    assert!(scaled >= 0.8, "the best path passes at the mastery score");
    assert_eq!(all[5]["result"]["success"], true);
    assert_eq!(
        all[5]["context"]["extensions"]["https://w3id.org/xapi/cmi5/context/extensions/masteryscore"],
        0.8
    );
    assert!(
        all[6]["result"]["duration"]
            .as_str()
            .unwrap()
            .starts_with("PT")
    );
    let times: Vec<&str> = all
        .iter()
        .map(|s| s["timestamp"].as_str().unwrap())
        .collect();
    let mut sorted = times.clone();
    sorted.sort();
    assert_eq!(
        times, sorted,
        "timestamps in the order the statements were made"
    );
}

#[test]
fn a_review_launch_sends_no_assessment() {
    let (lms, shared, _rt) = start_lms("Review");
    let served = Served::start_on(None, &["--lms", &lms]);
    let launched = served.get(&launch_path(&lms, None), None, &FROM_THE_LMS);
    assert_eq!(launched.status, 200, "{}", launched.body);
    let cookie = launched.cookie.unwrap();
    let csrf = served.csrf(&cookie);
    for (i, choice) in BEST.iter().enumerate() {
        let sent = served.post(
            "/scenarios/ward-photo/play",
            Some(&cookie),
            &format!("csrf={csrf}&step={i}&choice={choice}"),
        );
        assert_eq!(sent.status, 303, "{}", sent.body);
    }
    let attempt = served.attempts().pop().unwrap();
    let ending = served.get(
        &format!("/records/{}", attempt.attempt_id),
        Some(&cookie),
        &[],
    );
    assert!(ending.body.contains("practice run"), "{}", ending.body);
    let exit = served.post("/cmi5/exit", Some(&cookie), &format!("csrf={csrf}"));
    assert_eq!(exit.status, 303, "{}", exit.body);
    assert_eq!(verbs(&shared), ["initialized", "terminated"]);
}

#[test]
fn launch_problems_get_a_clear_page() {
    let (lms, _shared, _rt) = start_lms("Normal");
    let served = Served::start_on(None, &["--lms", &lms]);
    let missing = served.get(&launch_path(&lms, Some("fetch")), None, &[]);
    assert_eq!(missing.status, 400);
    assert!(missing.body.contains("missing fetch"), "{}", missing.body);
    assert!(
        missing
            .body
            .contains("start the course again from your learning system")
    );

    // A launch from a learning system canteen was not told to trust.
    let other = served.get(&launch_path("http://127.0.0.9:1", None), None, &[]);
    assert_eq!(other.status, 403, "{}", other.body);
    assert!(
        other.body.contains("not been told to trust"),
        "{}",
        other.body
    );

    // A server without --lms takes no launches.
    let plain = Served::start(&[]);
    let refused = plain.get(&launch_path(&lms, None), None, &[]);
    assert_eq!(refused.status, 403);
    assert!(refused.body.contains("--lms"), "{}", refused.body);
}

#[test]
fn a_record_store_that_refuses_gets_a_clear_page() {
    let (lms, shared, _rt) = start_lms("Normal");
    shared.lock().unwrap().refuse = true;
    let served = Served::start_on(None, &["--lms", &lms]);
    let launched = served.get(&launch_path(&lms, None), None, &[]);
    assert_eq!(launched.status, 502, "{}", launched.body);
    assert!(
        launched.body.contains("record store refused"),
        "{}",
        launched.body
    );
    assert!(
        launched
            .body
            .contains("this token may not write statements"),
        "{}",
        launched.body
    );
}
