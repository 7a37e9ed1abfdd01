//! The SCORM 1.2 package in a real browser: headless Chromium opens a test LMS page on
//! loopback whose API adapter is scorm-again (from the npm registry, installed by `.ci/run`),
//! with the package's SCO in a frame; the SCO opens the trainer of the real `canteen serve`,
//! the learner plays a scenario there, and the LMS ends with `passed` and the right score.

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::{Value, json};

use super::packages::unzip;
use crate::support::binary::{canteen, stdout_of};
use crate::support::webdriver::{Browser, browser_available};
use crate::web::{BEST, Served};

/// scorm-again's SCORM 1.2 adapter, as `.ci/run` installs it.
fn scorm_again() -> Option<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target/npm/node_modules/scorm-again/dist/scorm12.min.js");
    match std::fs::read_to_string(&path) {
        Ok(s) => Some(s),
        Err(_) => {
            assert!(
                std::env::var_os("CI").is_none(),
                "CI must have scorm-again: .ci/run installs it in target/npm"
            );
            eprintln!(
                "skipped: {} is missing (npm install --prefix target/npm scorm-again)",
                path.display()
            );
            None
        }
    }
}

const LMS_PAGE: &str = r#"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Test LMS</title>
<script src="/scorm-again.js"></script>
<script>
  window.API = new Scorm12API({ autocommit: false, logLevel: 5 });
  window.API.loadFromJSON({ core: { student_id: "12345678", student_name: "Jones, Sam" } }, "");
  window.calls = [];
  ["LMSInitialize", "LMSSetValue", "LMSCommit", "LMSFinish"].forEach(function (name) {
    var real = window.API[name].bind(window.API);
    window.API[name] = function () {
      window.calls.push(name + "(" + Array.prototype.slice.call(arguments).join(", ") + ")");
      return real.apply(null, arguments);
    };
  });
</script></head>
<body><h1>Test LMS</h1><iframe id="sco" src="/pkg/sco/ward-photo.html" title="course"></iframe></body></html>"#;

struct Lms {
    files: Vec<(String, Vec<u8>)>,
    adapter: String,
}

async fn lms_file(State(lms): State<Arc<Lms>>, uri: axum::http::Uri) -> Response {
    let path = uri.path();
    let (body, kind): (Vec<u8>, &str) = if path == "/" {
        (LMS_PAGE.as_bytes().to_vec(), "text/html; charset=utf-8")
    } else if path == "/scorm-again.js" {
        (lms.adapter.as_bytes().to_vec(), "text/javascript")
    } else if let Some(f) = path
        .strip_prefix("/pkg/")
        .and_then(|p| lms.files.iter().find(|(n, _)| n == p))
    {
        let kind = if f.0.ends_with(".js") {
            "text/javascript"
        } else {
            "text/html; charset=utf-8"
        };
        (f.1.clone(), kind)
    } else {
        return axum::http::StatusCode::NOT_FOUND.into_response();
    };
    let mut r = body.into_response();
    r.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    r
}

fn element(b: &Browser, css: &str) -> String {
    let found = b.driver.call(
        "POST",
        &format!("{}/element", b.session),
        Some(json!({"using": "css selector", "value": css})),
    );
    found["value"]
        .as_object()
        .and_then(|o| o.values().next())
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("no {css}: {found}"))
        .to_string()
}

fn click(b: &Browser, css: &str) {
    let id = element(b, css);
    b.driver.call(
        "POST",
        &format!("{}/element/{id}/click", b.session),
        Some(json!({})),
    );
}

fn handles(b: &Browser) -> Vec<String> {
    b.driver
        .call("GET", &format!("{}/window/handles", b.session), None)["value"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h.as_str().unwrap().to_string())
        .collect()
}

fn switch_to(b: &Browser, handle: &str) {
    b.driver.call(
        "POST",
        &format!("{}/window", b.session),
        Some(json!({ "handle": handle })),
    );
}

#[test]
fn the_lms_ends_with_passed_and_the_score_after_a_scenario_played_from_the_scorm_package() {
    if !browser_available() {
        return;
    }
    let Some(adapter) = scorm_again() else { return };
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let listener = rt
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let lms_url = format!("http://{}", listener.local_addr().unwrap());
    let served = Served::start_on(None, &["--lms", &lms_url]);

    let dir = tempfile::tempdir().unwrap();
    let zip = dir.path().join("course.zip");
    stdout_of(
        canteen()
            .args(["package", "--scorm12", "--url", &served.base])
            .arg(&zip),
        0,
    );
    let lms = Arc::new(Lms {
        files: unzip(&zip),
        adapter,
    });
    let app = Router::new().fallback(get(lms_file)).with_state(lms);
    rt.spawn(async move { axum::serve(listener, app).await });

    let b = Browser::open(1000, 800);
    b.go(&format!("{lms_url}/"));
    let lms_window = handles(&b)[0].clone();
    b.driver.call(
        "POST",
        &format!("{}/frame", b.session),
        Some(json!({"id": 0})),
    );
    b.wait_for(
        "return document.getElementById('status').textContent === 'Ready.';",
        "the SCO to find the API adapter",
    );
    click(&b, "#open");

    // The trainer opens in its own window.
    let deadline = Instant::now() + Duration::from_secs(15);
    let trainer = loop {
        if let Some(h) = handles(&b).into_iter().find(|h| *h != lms_window) {
            break h;
        }
        assert!(Instant::now() < deadline, "the trainer's window opens");
        std::thread::sleep(Duration::from_millis(50));
    };
    switch_to(&b, &trainer);
    b.wait_for(
        "return document.body && document.body.innerText.includes('Welcome, Jones, Sam');",
        "the trainer to sign the student in",
    );
    click(&b, "a.button");
    for choice in BEST {
        b.wait_for(
            &format!("return !!document.querySelector('input[value=\"{choice}\"]');"),
            &format!("the decision offering {choice}"),
        );
        click(&b, &format!("input[value=\"{choice}\"]"));
        click(&b, "main form button[type=submit]");
        b.wait_for(
            "return document.body.innerText.includes('You chose');",
            "the feedback",
        );
        if choice != BEST[BEST.len() - 1] {
            click(&b, "main a.button");
        }
    }
    click(&b, "main a.button");
    b.wait_for(
        "return document.body.innerText.includes('Result:');",
        "the result page",
    );
    let attempt = served.attempts().pop().expect("the attempt is recorded");
    assert!(attempt.passed);

    switch_to(&b, &lms_window);
    b.wait_for(
        "return window.API.LMSGetValue('cmi.core.lesson_status') === 'passed';",
        "the LMS to hear the learner passed",
    );
    let raw = b.run("return window.API.LMSGetValue('cmi.core.score.raw');");
    assert_eq!(raw, json!(attempt.overall.to_string()));
    assert_eq!(
        b.run("return window.API.LMSGetValue('cmi.core.score.max');"),
        json!("100")
    );
    assert_eq!(
        b.run("return window.API.LMSGetValue('cmi.core.score.min');"),
        json!("0")
    );
    let calls = b.run("return window.calls;");
    let calls: Vec<String> = calls
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_string())
        .collect();
    eprintln!("SCORM calls of one attempt:\n{}", calls.join("\n"));
    assert_eq!(calls[0], "LMSInitialize()");
    assert!(
        calls
            .iter()
            .any(|c| c.starts_with("LMSSetValue(cmi.core.session_time, "))
    );
    assert!(
        calls
            .iter()
            .any(|c| c.starts_with("LMSSetValue(cmi.suspend_data, canteen attempt"))
    );
    assert!(calls.contains(&format!(
        "LMSSetValue(cmi.core.score.raw, {})",
        attempt.overall
    )));
    drop(rt);
}
