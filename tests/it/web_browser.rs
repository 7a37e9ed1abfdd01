//! The web trainer in a real browser, with the keyboard alone: headless Chromium signs in by
//! an invite link, plays a scenario to its end pressing only Tab, Space and Enter, sees the
//! result the terminal's trainer gives for the same seed and path, downloads the certificate,
//! and axe-core (from the npm registry, installed by `.ci/run`) finds no WCAG 2.2 A or AA
//! violation on any page it visited. Pages also reflow at 320 pixels wide, and focus shows.

use std::path::Path;

use serde_json::{Value, json};

use crate::support::webdriver::{Browser, browser_available};
use crate::web::{BEST, Served, terminal_result};

const TAB: &str = "\u{E004}";
const ENTER: &str = "\u{E007}";
const SPACE: &str = "\u{E00D}";

/// axe-core's script, as `.ci/run` installs it.
fn axe() -> Option<String> {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("target/npm/node_modules/axe-core/axe.min.js");
    match std::fs::read_to_string(&path) {
        Ok(s) => Some(s),
        Err(_) => {
            assert!(
                std::env::var_os("CI").is_none(),
                "CI must have axe-core: .ci/run installs it in target/npm"
            );
            eprintln!(
                "axe-core checks skipped: {} is missing (npm install --prefix target/npm axe-core)",
                path.display()
            );
            None
        }
    }
}

/// Runs axe-core on the page and fails on any WCAG 2.2 A or AA violation.
fn no_violations(b: &Browser, axe: Option<&str>, page: &str, checked: &mut Vec<String>) {
    let Some(axe) = axe else { return };
    if b.run("return typeof window.axe === 'object';") != json!(true) {
        b.run(&format!("{axe}\nreturn true;"));
    }
    let found = b.run_async(
        "const done = arguments[arguments.length - 1];
         axe.run(document, { runOnly: { type: 'tag', values:
             ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'] } })
           .then(r => done(r.violations.map(v => v.id + ' (' + v.impact + '): ' +
               v.nodes.map(n => n.target.join(' ')).join(', '))))
           .catch(e => done(['axe failed: ' + e]));",
    );
    let list = found.as_array().cloned().unwrap_or_default();
    assert!(list.is_empty(), "axe-core on {page}: {found}");
    checked.push(page.to_string());
}

/// Presses Tab until the focused element matches `test` (a JavaScript expression over `e`).
fn tab_to(b: &Browser, test: &str, what: &str) {
    let script = format!("const e = document.activeElement; return !!(e && ({test}));");
    for _ in 0..80 {
        b.press(&[TAB]);
        if b.run(&script) == json!(true) {
            let outline = b.run("return getComputedStyle(document.activeElement).outlineStyle;");
            assert_ne!(outline, json!("none"), "focus on {what} is visible");
            return;
        }
    }
    panic!("Tab never reached {what}");
}

fn text(b: &Browser) -> String {
    b.run("return document.body.innerText;")
        .as_str()
        .unwrap_or_default()
        .to_string()
}

fn wait_title(b: &Browser, starts: &str) {
    b.wait_for(
        &format!(
            "return document.readyState === 'complete' && document.title.startsWith({starts:?});"
        ),
        &format!("the page {starts:?}"),
    );
}

/// No sideways scrolling at this width.
fn reflows(b: &Browser, page: &str) {
    let wide = b.run("return document.documentElement.scrollWidth - window.innerWidth;");
    assert!(
        wide.as_i64().unwrap_or(1) <= 0,
        "{page} scrolls sideways at 320 px: {wide}"
    );
}

#[test]
fn a_learner_plays_a_scenario_in_a_browser_with_the_keyboard_alone() {
    if !browser_available() {
        return;
    }
    let axe = axe();
    let axe = axe.as_deref();
    let mut checked = Vec::new();
    let served = Served::start(&["--admin", "keyboard@nhs.example"]);
    let link = served.invite(&["keyboard@nhs.example"]).remove(0);
    let b = Browser::open(1280, 900);

    b.go(&link);
    wait_title(&b, "Sign in");
    no_violations(&b, axe, "sign in", &mut checked);
    tab_to(
        &b,
        "e.tagName === 'BUTTON' && e.textContent === 'Sign in'",
        "the sign-in button",
    );
    b.press(&[ENTER]);
    wait_title(&b, "Scenarios");
    no_violations(&b, axe, "the scenario list", &mut checked);

    tab_to(
        &b,
        "e.getAttribute('href') === '/scenarios/ward-photo'",
        "Ward photo",
    );
    b.press(&[ENTER]);
    wait_title(&b, "Ward photo");
    no_violations(&b, axe, "a scenario's introduction", &mut checked);
    tab_to(
        &b,
        "e.tagName === 'BUTTON' && e.textContent === 'Start'",
        "Start",
    );
    b.press(&[ENTER]);

    for (i, choice) in BEST.iter().enumerate() {
        let n = i + 1;
        wait_title(&b, &format!("Decision {n} of"));
        if n == 1 {
            no_violations(&b, axe, "a decision", &mut checked);
        }
        // Tab reaches the group of options; the arrow keys move within it, as in any form.
        tab_to(&b, "e.name === 'choice'", "the options");
        for _ in 0..8 {
            if b.run("return document.activeElement.value;") == json!(choice) {
                break;
            }
            b.press(&["\u{E015}"]);
        }
        assert_eq!(b.run("return document.activeElement.value;"), json!(choice));
        b.press(&[SPACE]);
        tab_to(
            &b,
            "e.tagName === 'BUTTON' && e.textContent === 'Choose'",
            "Choose",
        );
        b.press(&[ENTER]);
        wait_title(&b, "Feedback on");
        assert!(text(&b).contains("You chose"), "{}", text(&b));
        if n == 1 {
            no_violations(&b, axe, "feedback", &mut checked);
        }
        if n < BEST.len() {
            tab_to(&b, "e.textContent === 'Next decision'", "Next decision");
        } else {
            no_violations(&b, axe, "feedback on the last decision", &mut checked);
            tab_to(&b, "e.textContent === 'See how you did'", "See how you did");
        }
        b.press(&[ENTER]);
    }

    wait_title(&b, "Result:");
    no_violations(&b, axe, "the ending", &mut checked);
    let page = text(&b);
    let terminal = terminal_result("ward-photo", &BEST);
    assert!(terminal.passed);
    assert!(page.contains("Result: Passed"), "{page}");
    assert!(
        page.contains(&format!("Overall score {}%", terminal.overall)),
        "the terminal's score ({}%) on the page: {page}",
        terminal.overall
    );
    for p in terminal.principles.iter().filter(|p| p.percent.is_some()) {
        let row = format!(
            "{}\t{:+} of {:+}\t{}%",
            p.name,
            p.earned,
            p.best,
            p.percent.unwrap()
        );
        assert!(page.contains(&row), "{row:?} in words and numbers: {page}");
    }
    let stored = served.attempts();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].overall, terminal.overall);
    assert_eq!(stored[0].steps, terminal.steps);

    tab_to(
        &b,
        "e.getAttribute('href') === '/records' && e.closest('main')",
        "My records",
    );
    b.press(&[ENTER]);
    wait_title(&b, "My records");
    no_violations(&b, axe, "my records", &mut checked);
    let certificate: Value = b.run_async(
        "const done = arguments[arguments.length - 1];
         fetch('/certificate').then(async r => done({ status: r.status,
             disposition: r.headers.get('content-disposition'), body: await r.text() }));",
    );
    assert_eq!(certificate["status"], json!(200));
    assert!(
        certificate["disposition"]
            .as_str()
            .is_some_and(|d| d.starts_with("attachment; filename=")),
        "{certificate}"
    );
    assert!(certificate["body"].as_str().unwrap().contains("Ward photo"));

    for (path, starts) in [
        ("/settings", "Settings"),
        ("/accessibility", "Accessibility statement"),
        ("/team", "Team report"),
        ("/team/compliance", "Compliance"),
        ("/no-such-page", "Page not found"),
    ] {
        b.go(&format!("{}{path}", served.base));
        wait_title(&b, starts);
        no_violations(&b, axe, starts, &mut checked);
    }

    // Reflow: 320 CSS pixels wide (as 400% zoom of a 1280 px window) scrolls only downwards.
    b.driver.call(
        "POST",
        &format!("{}/window/rect", b.session),
        Some(json!({"width": 320, "height": 800})),
    );
    for path in ["/", "/scenarios/ward-photo", "/records", "/settings"] {
        b.go(&format!("{}{path}", served.base));
        b.wait_for("return document.readyState === 'complete';", path);
        reflows(&b, path);
    }
    if axe.is_some() {
        assert_eq!(
            checked.len(),
            13,
            "every kind of page was checked: {checked:?}"
        );
    }
}
