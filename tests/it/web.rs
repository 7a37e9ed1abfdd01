//! `canteen serve` driven as a trust would run it: the real binary on loopback, learners
//! signing in by invite links (and by a single sign-on proxy's header), playing a scenario to
//! its end, and every way one learner or a stranger might reach another's records refused.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use canteen::engine::Scenario;
use canteen::library::{Library, Pack};
use canteen::records::{AttemptRecord, Store};
use canteen::service::{Moment, Trainer};
use ureq::Agent;

use crate::support::binary::{canteen, stdout_of};

/// A `canteen serve` process with its own records folder.
pub struct Served {
    child: Child,
    pub base: String,
    pub data: tempfile::TempDir,
    /// The PostgreSQL database it keeps records in, if not a file in `data`.
    database: Option<String>,
    agent: Agent,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An answer: status, `Location`, the session cookie set, and the body.
pub struct Answer {
    pub status: u16,
    pub location: Option<String>,
    pub cookie: Option<String>,
    pub body: String,
}

impl Served {
    pub fn start(extra: &[&str]) -> Served {
        Served::start_on(None, extra)
    }

    /// A server keeping its records on the PostgreSQL database at `database`, or in a file.
    pub fn start_on(database: Option<&str>, extra: &[&str]) -> Served {
        let data = tempfile::tempdir().unwrap();
        let bin = assert_cmd::cargo::cargo_bin("canteen");
        let mut child = Command::new(bin)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env_remove("CANTEEN_SCENARIOS")
            .env_remove("CANTEEN_TRUST")
            .env_remove("CANTEEN_PUBLIC_URL")
            .env("CANTEEN_DATA_DIR", data.path())
            .env("CANTEEN_SETTINGS", data.path().join("no-settings.ron"))
            .args(["--seed", "7", "serve", "--bind", "127.0.0.1:0"])
            .args(database.map(|d| format!("--database={d}")))
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("canteen serve starts");
        let mut first = String::new();
        let mut out = BufReader::new(child.stdout.take().unwrap());
        out.read_line(&mut first).unwrap();
        // Keep reading what it says, so its writes never meet a closed pipe.
        std::thread::spawn(move || std::io::copy(&mut out, &mut std::io::sink()));
        let addr = first
            .split("listening on ")
            .nth(1)
            .and_then(|r| r.strip_suffix(")\n"))
            .unwrap_or_else(|| panic!("the address in {first:?}"))
            .to_string();
        let agent: Agent = Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .timeout_global(Some(Duration::from_secs(20)))
            .build()
            .into();
        Served {
            child,
            base: format!("http://{addr}"),
            data,
            database: database.map(str::to_string),
            agent,
        }
    }

    /// Sign-in links for these addresses, from `canteen serve invite`.
    pub fn invite(&self, emails: &[&str]) -> Vec<String> {
        let out = stdout_of(
            canteen()
                .env("CANTEEN_DATA_DIR", self.data.path())
                .args(["serve", "invite", "--public-url", &self.base])
                .args(self.database.as_ref().map(|d| format!("--database={d}")))
                .args(emails),
            0,
        );
        out.lines()
            .filter_map(|l| l.split_once('\t').map(|(_, url)| url.to_string()))
            .collect()
    }

    fn answer(resp: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> Answer {
        let mut resp = resp.unwrap();
        let header = |n: &str| {
            resp.headers()
                .get(n)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let location = header("location");
        let cookie = header("set-cookie").map(|c| c.split(';').next().unwrap().to_string());
        Answer {
            status: resp.status().as_u16(),
            location,
            cookie,
            body: resp.body_mut().read_to_string().unwrap_or_default(),
        }
    }

    pub fn get(&self, path: &str, cookie: Option<&str>, headers: &[(&str, &str)]) -> Answer {
        let url = if path.starts_with("http") {
            path.to_string()
        } else {
            format!("{}{path}", self.base)
        };
        let mut req = self.agent.get(url);
        if let Some(c) = cookie {
            req = req.header("Cookie", c);
        }
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        Served::answer(req.call())
    }

    pub fn post(&self, path: &str, cookie: Option<&str>, form: &str) -> Answer {
        self.post_with(path, cookie, form, &[])
    }

    pub fn post_with(
        &self,
        path: &str,
        cookie: Option<&str>,
        form: &str,
        headers: &[(&str, &str)],
    ) -> Answer {
        let url = if path.starts_with("http") {
            path.to_string()
        } else {
            format!("{}{path}", self.base)
        };
        let mut req = self
            .agent
            .post(url)
            .header("Content-Type", "application/x-www-form-urlencoded");
        if let Some(c) = cookie {
            req = req.header("Cookie", c);
        }
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        Served::answer(req.send(form))
    }

    /// Signs in with an invite link; the session cookie.
    pub fn sign_in(&self, link: &str) -> String {
        let shown = self.get(link, None, &[]);
        assert_eq!(shown.status, 200, "{}", shown.body);
        let signed = self.post(link, None, "");
        assert_eq!(signed.status, 303, "{}", signed.body);
        signed.cookie.expect("a session cookie")
    }

    /// The form token on a signed-in page.
    pub fn csrf(&self, cookie: &str) -> String {
        let page = self.get("/", Some(cookie), &[]);
        value_of(&page.body, "name=\"csrf\" value=\"").expect("a form token")
    }

    /// Every finished attempt in the store, all learners.
    pub fn attempts(&self) -> Vec<AttemptRecord> {
        let store = match &self.database {
            Some(url) => Store::connect(url).unwrap(),
            None => Store::open_read_only(&self.data.path().join("canteen.db")).unwrap(),
        };
        store.every_attempt().unwrap()
    }

    pub fn db(&self) -> PathBuf {
        self.data.path().join("canteen.db")
    }
}

/// The text after `marker` up to the next quote.
pub fn value_of(body: &str, marker: &str) -> Option<String> {
    let start = body.find(marker)? + marker.len();
    let rest = &body[start..];
    Some(rest[..rest.find('"')?].to_string())
}

/// Plays `path` (choice ids) at a scenario through the web pages, one form per decision,
/// following each redirect as a browser would; returns the attempt id.
pub fn play(served: &Served, cookie: &str, scenario: &str, path: &[&str]) -> String {
    let csrf = served.csrf(cookie);
    let started = served.post(
        &format!("/scenarios/{scenario}/start"),
        Some(cookie),
        &format!("csrf={csrf}"),
    );
    assert_eq!(started.status, 303, "{}", started.body);
    let mut last = None;
    for (i, choice) in path.iter().enumerate() {
        let page = served.get(&format!("/scenarios/{scenario}/play"), Some(cookie), &[]);
        assert_eq!(page.status, 200, "decision {}: {}", i + 1, page.body);
        assert!(
            page.body.contains(&format!("value=\"{choice}\"")),
            "{choice} is offered at decision {}",
            i + 1
        );
        let sent = served.post(
            &format!("/scenarios/{scenario}/play"),
            Some(cookie),
            &format!("csrf={csrf}&step={i}&choice={choice}"),
        );
        assert_eq!(sent.status, 303, "{}", sent.body);
        let to = sent.location.unwrap();
        let feedback = served.get(&to, Some(cookie), &[]);
        assert_eq!(feedback.status, 200, "{to}: {}", feedback.body);
        assert!(feedback.body.contains("You chose"), "{}", feedback.body);
        last = Some(to);
    }
    let last = last.unwrap();
    let id = last
        .strip_prefix("/records/")
        .and_then(|r| r.strip_suffix("/feedback"))
        .unwrap_or_else(|| panic!("the last choice ends the story: {last}"));
    id.to_string()
}

pub const BEST: [&str; 3] = ["retake", "patient-with-consent", "ask-and-report"];

/// What the trainer service the terminal drives gives for seed 7 (the seed the tests serve
/// with) and this path: its first attempt's record.
pub fn terminal_result(scenario_id: &str, path: &[&str]) -> AttemptRecord {
    let mut trainer = Trainer::new(
        Library::load(&Pack::Shipped),
        Store::in_memory().unwrap(),
        7,
    );
    let at = Moment {
        mono: Duration::ZERO,
        wall: jiff::Timestamp::now(),
    };
    let mut local = trainer.start(scenario(scenario_id), at);
    for c in path {
        trainer.take_turn(&mut local, Some(c), at).unwrap();
    }
    local.record("", at.wall)
}

fn scenario(id: &str) -> std::sync::Arc<Scenario> {
    let library = Library::load(&Pack::Shipped);
    std::sync::Arc::clone(library.find(id).unwrap())
}

#[test]
fn a_learner_signs_in_by_invite_and_gets_the_terminals_result_for_the_same_seed_and_path() {
    let served = Served::start(&[]);
    let links = served.invite(&["a.nurse@nhs.example"]);
    let cookie = served.sign_in(&links[0]);
    let home = served.get("/", Some(&cookie), &[]);
    assert!(home.body.contains("Ward photo") && home.body.contains("Status: new"));
    let attempt = play(&served, &cookie, "ward-photo", &BEST);

    // The same seed and path through the trainer service the terminal drives.
    let mut trainer = Trainer::new(
        Library::load(&Pack::Shipped),
        Store::in_memory().unwrap(),
        7,
    );
    let at = Moment {
        mono: Duration::ZERO,
        wall: jiff::Timestamp::now(),
    };
    let mut local = trainer.start(scenario("ward-photo"), at);
    for c in BEST {
        trainer.take_turn(&mut local, Some(c), at).unwrap();
    }
    let terminal = local.record("a.nurse@nhs.example", at.wall);

    let stored = served.attempts();
    assert_eq!(stored.len(), 1);
    let web = &stored[0];
    assert_eq!(web.attempt_id, attempt);
    assert_eq!(web.learner, "a.nurse@nhs.example");
    assert_eq!(
        web.seed, terminal.seed,
        "the same seed as the terminal's first attempt"
    );
    assert_eq!(web.steps, terminal.steps);
    assert_eq!(
        (web.overall, web.passed, &web.ending, &web.principles),
        (
            terminal.overall,
            terminal.passed,
            &terminal.ending,
            &terminal.principles
        )
    );
    assert!(web.passed);

    let ending = served.get(&format!("/records/{attempt}"), Some(&cookie), &[]);
    assert_eq!(ending.status, 200);
    assert!(ending.body.contains("Result: Passed"), "{}", ending.body);
    assert!(ending.body.contains(&format!("{}%", web.overall)));
    for p in web.principles.iter().filter(|p| p.percent.is_some()) {
        assert!(
            ending.body.contains(&p.name),
            "each principle in words: {}",
            p.name
        );
    }
    let home = served.get("/", Some(&cookie), &[]);
    assert!(
        home.body
            .contains(&format!("Status: passed, best {}%", web.overall))
    );
    let certificate = served.get("/certificate", Some(&cookie), &[]);
    assert_eq!(certificate.status, 200);
    assert!(certificate.body.contains("Ward photo"));
}

#[test]
fn progress_is_kept_between_requests_and_a_form_sent_twice_takes_one_choice() {
    let served = Served::start(&[]);
    let links = served.invite(&["b@nhs.example"]);
    let cookie = served.sign_in(&links[0]);
    let csrf = served.csrf(&cookie);
    served.post(
        "/scenarios/ward-photo/start",
        Some(&cookie),
        &format!("csrf={csrf}"),
    );
    let form = format!("csrf={csrf}&step=0&choice=retake");
    let first = served.post("/scenarios/ward-photo/play", Some(&cookie), &form);
    let again = served.post("/scenarios/ward-photo/play", Some(&cookie), &form);
    assert_eq!(
        first.location.as_deref(),
        Some("/scenarios/ward-photo/feedback/1")
    );
    assert_eq!(
        again.location, first.location,
        "the second send shows the same feedback"
    );
    let intro = served.get("/scenarios/ward-photo", Some(&cookie), &[]);
    assert!(
        intro.body.contains("You have made 1 decision so far"),
        "{}",
        intro.body
    );
    let unknown = served.post(
        "/scenarios/ward-photo/play",
        Some(&cookie),
        &format!("csrf={csrf}&step=1&choice=no-such-choice"),
    );
    assert_eq!(unknown.status, 400);
    let intro = served.get("/scenarios/ward-photo", Some(&cookie), &[]);
    assert!(intro.body.contains("You have made 1 decision so far"));
}

#[test]
fn one_learner_cannot_read_or_change_anothers_records() {
    let served = Served::start(&[]);
    let links = served.invite(&["first@nhs.example", "second@nhs.example"]);
    let first = served.sign_in(&links[0]);
    let second = served.sign_in(&links[1]);
    let attempt = play(&served, &first, "ward-photo", &BEST);
    let theirs = served.get(&format!("/records/{attempt}"), Some(&second), &[]);
    assert_eq!(theirs.status, 404, "another learner's attempt is not found");
    let records = served.get("/records", Some(&second), &[]);
    assert!(!records.body.contains(&attempt));
    assert_eq!(served.get("/certificate", Some(&second), &[]).status, 404);
    // The first learner's form token is no use to the second.
    let first_csrf = served.csrf(&first);
    let forged = served.post(
        "/scenarios/ward-photo/start",
        Some(&second),
        &format!("csrf={first_csrf}"),
    );
    assert_eq!(forged.status, 403);
    // Nor is anything without a session, or with a made-up one.
    for cookie in [None, Some(format!("canteen_session={}", "ab".repeat(32)))] {
        let c = cookie.as_deref();
        assert_eq!(served.get("/records", c, &[]).status, 401);
        assert_eq!(
            served.get(&format!("/records/{attempt}"), c, &[]).status,
            401
        );
        assert_eq!(
            served
                .post(
                    "/scenarios/ward-photo/start",
                    c,
                    &format!("csrf={first_csrf}")
                )
                .status,
            401
        );
    }
    assert_eq!(served.attempts().len(), 1);
}

#[test]
fn invite_links_sign_in_once_and_made_up_or_mangled_ones_do_not() {
    let served = Served::start(&[]);
    let links = served.invite(&["c@nhs.example"]);
    // Opening the link (as a mail scanner does) uses nothing up.
    for _ in 0..3 {
        assert_eq!(served.get(&links[0], None, &[]).status, 200);
    }
    served.sign_in(&links[0]);
    let reused = served.post(&links[0], None, "");
    assert_eq!(reused.status, 403);
    assert!(reused.body.contains("used already"), "{}", reused.body);
    assert!(reused.cookie.is_none());
    let made_up = format!("/sign-in/{}", "0".repeat(64));
    assert_eq!(served.post(&made_up, None, "").status, 403);
    assert_eq!(served.get("/sign-in/abc", None, &[]).status, 404);
    let bad = canteen()
        .env("CANTEEN_DATA_DIR", served.data.path())
        .args(["serve", "invite", "not an address"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("is not an email address"));
    let kept = std::fs::read(served.db()).unwrap();
    let token = links[0].rsplit('/').next().unwrap();
    assert!(
        !kept.windows(token.len()).any(|w| w == token.as_bytes()),
        "the records keep only a hash of the token"
    );
}

#[test]
fn forms_need_their_token_and_other_sites_and_names_are_refused() {
    let served = Served::start(&[]);
    let links = served.invite(&["d@nhs.example"]);
    let cookie = served.sign_in(&links[0]);
    let start = "/scenarios/ward-photo/start";
    assert_eq!(served.post(start, Some(&cookie), "").status, 400);
    assert_eq!(served.post(start, Some(&cookie), "csrf=wrong").status, 403);
    let csrf = served.csrf(&cookie);
    let cross = served.post_with(
        start,
        Some(&cookie),
        &format!("csrf={csrf}"),
        &[("Origin", "http://evil.example")],
    );
    assert_eq!(cross.status, 403);
    let rebound = served.get("/", Some(&cookie), &[("Host", "evil.example")]);
    assert_eq!(rebound.status, 421);
    let big = format!("csrf={csrf}&x={}", "a".repeat(20_000));
    assert_eq!(served.post(start, Some(&cookie), &big).status, 413);
    let page = served.get("/", Some(&cookie), &[]);
    assert_eq!(page.status, 200);
    let csp = served.get("/accessibility", None, &[]);
    assert_eq!(csp.status, 200, "the statement is public");
    assert!(csp.body.contains("(WCAG) 2.2"));
    assert!(served.attempts().is_empty());
    assert_eq!(served.get("/no-such-page", None, &[]).status, 404);
}

#[test]
fn a_single_sign_on_header_is_believed_only_from_the_proxy() {
    let trusted = Served::start(&[
        "--sso-header",
        "X-Forwarded-Email",
        "--sso-proxy",
        "127.0.0.1",
    ]);
    let home = trusted.get("/", None, &[("X-Forwarded-Email", "e@nhs.example")]);
    assert_eq!(home.status, 200, "{}", home.body);
    let cookie = home.cookie.expect("a session for the signed-on learner");
    let csrf = value_of(&home.body, "name=\"csrf\" value=\"").unwrap();
    let started = trusted.post(
        "/scenarios/ward-photo/start",
        Some(&cookie),
        &format!("csrf={csrf}"),
    );
    assert_eq!(started.status, 303);

    let elsewhere = Served::start(&[
        "--sso-header",
        "X-Forwarded-Email",
        "--sso-proxy",
        "10.9.9.9",
    ]);
    let refused = elsewhere.get("/", None, &[("X-Forwarded-Email", "e@nhs.example")]);
    assert_eq!(
        refused.status, 401,
        "the header from anyone but the proxy is ignored"
    );
    assert!(refused.cookie.is_none());
}

#[test]
fn settings_keep_the_learners_name_and_no_time_limits() {
    let served = Served::start(&[]);
    let cookie = served.sign_in(&served.invite(&["f@nhs.example"]).remove(0));
    let csrf = served.csrf(&cookie);
    let page = served.get("/settings", Some(&cookie), &[]);
    assert!(
        page.body.contains("value=\"f@nhs.example\""),
        "the invited address by default"
    );
    assert!(!page.body.contains("checked"), "time limits on by default");
    let saved = served.post(
        "/settings",
        Some(&cookie),
        &format!("csrf={csrf}&name=Staff+number+40312&untimed=on"),
    );
    assert_eq!(saved.status, 303);
    let page = served.get("/settings", Some(&cookie), &[]);
    assert!(page.body.contains("value=\"Staff number 40312\""));
    assert!(page.body.contains("checked"));
    let control = served.post(
        "/settings",
        Some(&cookie),
        &format!("csrf={csrf}&name=a%1Bb"),
    );
    assert_eq!(
        control.status, 400,
        "a name with a control character is refused"
    );
}

#[test]
fn the_team_report_is_for_the_admins_named_and_names_no_learner() {
    let served = Served::start(&["--admin", "lead@nhs.example"]);
    let links = served.invite(&["lead@nhs.example", "g@nhs.example"]);
    let lead = served.sign_in(&links[0]);
    let learner = served.sign_in(&links[1]);
    play(&served, &learner, "ward-photo", &BEST);
    assert!(
        served
            .get("/", Some(&lead), &[])
            .body
            .contains("href=\"/team\"")
    );
    assert!(
        !served
            .get("/", Some(&learner), &[])
            .body
            .contains("href=\"/team\"")
    );
    let team = served.get("/team", Some(&lead), &[]);
    assert_eq!(team.status, 200, "{}", team.body);
    assert!(
        team.body.contains("1 finished attempts by 1 learners"),
        "{}",
        team.body
    );
    assert!(team.body.contains("Ward photo"));
    assert!(!team.body.contains("g@nhs.example"), "no learner is named");
    let csv = served.get("/team/report.csv", Some(&lead), &[]);
    assert_eq!(csv.status, 200);
    assert!(csv.body.contains("ward-photo"), "{}", csv.body);
    assert_eq!(served.get("/team", Some(&learner), &[]).status, 403);
    assert_eq!(
        served.get("/team/report.csv", Some(&learner), &[]).status,
        403
    );
    assert_eq!(served.get("/team", None, &[]).status, 401);
}

#[test]
fn a_timed_decision_answered_after_its_time_counts_as_time_run_out() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/docs/examples/night-shift-post.ron"
    ))
    .unwrap()
    .replace("seconds: 90", "seconds: 1");
    std::fs::write(dir.path().join("night-shift-post.ron"), text).unwrap();
    let pack = dir.path().display().to_string();
    let served = Served::start(&["--scenarios", &pack]);
    let cookie = served.sign_in(&served.invite(&["h@nhs.example"]).remove(0));
    let csrf = served.csrf(&cookie);
    let at = "/scenarios/night-shift-post";
    served.post(
        &format!("{at}/start"),
        Some(&cookie),
        &format!("csrf={csrf}"),
    );
    // Post in the chat until the story reaches the timed scene (the draw is seeded).
    let mut step = 0;
    loop {
        let page = served.get(&format!("{at}/play"), Some(&cookie), &[]);
        assert_eq!(
            page.status, 200,
            "the timed decision is reached: {}",
            page.body
        );
        if page.body.contains("seconds for this decision") {
            assert!(
                page.body.contains("data-seconds=\"1\""),
                "the countdown's time"
            );
            break;
        }
        let choice = value_of(&page.body, "name=\"choice\" id=\"choice-1\" value=\"").unwrap();
        let choice = if page.body.contains("value=\"post-chat\"") {
            "post-chat".to_string()
        } else {
            choice
        };
        served.post(
            &format!("{at}/play"),
            Some(&cookie),
            &format!("csrf={csrf}&step={step}&choice={choice}"),
        );
        step += 1;
        assert!(step < 6, "the timed scene is on this path");
    }
    std::thread::sleep(Duration::from_millis(6500));
    let late = served.post(
        &format!("{at}/play"),
        Some(&cookie),
        &format!("csrf={csrf}&step={step}&choice=own-up"),
    );
    let feedback = served.get(&late.location.unwrap(), Some(&cookie), &[]);
    assert!(feedback.body.contains("Time ran out"), "{}", feedback.body);
    assert!(
        feedback
            .body
            .contains("You say nothing and hope it goes away.")
    );
}

#[test]
fn guessing_sign_in_links_is_slowed_down_but_good_links_do_not_count() {
    let served = Served::start(&[]);
    let emails: Vec<String> = (0..40).map(|i| format!("room{i}@nhs.example")).collect();
    let emails: Vec<&str> = emails.iter().map(String::as_str).collect();
    // A room of 40 behind one address signs in at once.
    for link in served.invite(&emails) {
        served.sign_in(&link);
    }
    let mut slowed = None;
    for n in 0..40 {
        let guess = served.post(&format!("/sign-in/{:064x}", n + 1), None, "");
        if guess.status == 429 {
            slowed = Some(n);
            break;
        }
        assert_eq!(guess.status, 403);
    }
    assert_eq!(slowed, Some(30), "30 wrong links a minute, then a wait");
}

/// Two `canteen serve` processes behind one load balancer share a PostgreSQL database: a
/// learner signs in on one, carries on on the other with the same cookie, and the attempt
/// stored is the terminal's result for the same seed and path, once.
#[test]
fn two_servers_on_one_postgresql_database_are_one_trainer_to_the_learner() {
    let Some(admin) = crate::support::databases::postgres_admin() else {
        return;
    };
    let db = crate::support::databases::ServerDatabase::new(&admin);
    let one = Served::start_on(Some(&db.url), &[]);
    let two = Served::start_on(Some(&db.url), &[]);
    let links = one.invite(&["a.porter@nhs.example"]);
    let cookie = two.sign_in(&links[0]);
    assert_eq!(
        one.post(&links[0], None, "").status,
        403,
        "the link was used on the other server"
    );
    let csrf = one.csrf(&cookie);
    let started = one.post(
        "/scenarios/ward-photo/start",
        Some(&cookie),
        &format!("csrf={csrf}"),
    );
    assert_eq!(started.status, 303, "{}", started.body);
    let mut last = String::new();
    for (i, choice) in BEST.iter().enumerate() {
        // Each decision on the other server from the last.
        let served = if i % 2 == 0 { &one } else { &two };
        let page = served.get("/scenarios/ward-photo/play", Some(&cookie), &[]);
        assert!(
            page.body.contains(&format!("value=\"{choice}\"")),
            "decision {} resumes on either server: {}",
            i + 1,
            page.body
        );
        let sent = served.post(
            "/scenarios/ward-photo/play",
            Some(&cookie),
            &format!("csrf={csrf}&step={i}&choice={choice}"),
        );
        assert_eq!(sent.status, 303, "{}", sent.body);
        last = sent.location.unwrap();
    }
    let stored = one.attempts();
    assert_eq!(stored.len(), 1, "one attempt, stored once");
    let terminal = terminal_result("ward-photo", &BEST);
    assert_eq!(stored[0].steps, terminal.steps);
    assert_eq!(
        (stored[0].overall, stored[0].passed),
        (terminal.overall, terminal.passed)
    );
    assert!(last.contains(&stored[0].attempt_id), "{last}");
    let ending = one.get(
        &format!("/records/{}", stored[0].attempt_id),
        Some(&cookie),
        &[],
    );
    assert!(ending.body.contains("Result: Passed"), "{}", ending.body);
}

/// The compliance view: a nurse who chose their role and passed one scenario of their
/// pathway is in date for it and not yet passed for the rest; the totals are for everyone
/// and the per-learner file only for the admins.
#[test]
fn the_compliance_view_shows_who_is_in_date_with_their_roles_pathway() {
    let served = Served::start(&["--admin", "lead@nhs.example"]);
    let links = served.invite(&["lead@nhs.example", "n@nhs.example"]);
    let lead = served.sign_in(&links[0]);
    let nurse = served.sign_in(&links[1]);
    let csrf = served.csrf(&nurse);
    let settings = served.get("/settings", Some(&nurse), &[]);
    assert!(
        settings.body.contains("<option value=\"nurse\""),
        "{}",
        settings.body
    );
    let bad = served.post(
        "/settings",
        Some(&nurse),
        &format!("csrf={csrf}&name=Nia&role=nurze"),
    );
    assert_eq!(bad.status, 400, "a role not in roles.ron is refused");
    let saved = served.post(
        "/settings",
        Some(&nurse),
        &format!("csrf={csrf}&name=Nia&role=nurse"),
    );
    assert_eq!(saved.status, 303, "{}", saved.body);
    play(&served, &nurse, "ward-photo", &BEST);

    let view = served.get("/team/compliance", Some(&lead), &[]);
    assert_eq!(view.status, 200, "{}", view.body);
    assert!(
        view.body.contains("Nia"),
        "admins see each learner: {}",
        view.body
    );
    let people = served.get("/team/compliance-people.csv", Some(&lead), &[]);
    assert_eq!(people.status, 200);
    let rows: Vec<&str> = people
        .body
        .lines()
        .filter(|l| l.starts_with("n@"))
        .collect();
    let row = |scenario: &str| {
        rows.iter()
            .find(|r| r.contains(&format!(",{scenario},")))
            .unwrap_or_else(|| panic!("{scenario} is required of a nurse: {}", people.body))
            .to_string()
    };
    assert!(
        row("ward-photo").contains("in date"),
        "{}",
        row("ward-photo")
    );
    assert!(
        row("rough-night").contains("not yet passed"),
        "{}",
        row("rough-night")
    );
    assert!(
        row("first-weeks").contains("not yet passed"),
        "everyone's pathway too"
    );
    let totals = served.get("/team/compliance.csv", Some(&lead), &[]);
    assert_eq!(totals.status, 200);
    assert!(!totals.body.contains("n@nhs.example"), "totals name nobody");
    for path in [
        "/team/compliance",
        "/team/compliance.csv",
        "/team/compliance-people.csv",
    ] {
        assert_eq!(served.get(path, Some(&nurse), &[]).status, 403, "{path}");
    }
}

/// Behind single sign-on, the proxy's group header makes the training team admins, and only
/// when it comes from the proxy.
#[test]
fn a_group_from_the_sign_on_proxy_opens_the_team_pages() {
    let served = Served::start(&[
        "--sso-header",
        "X-Forwarded-Email",
        "--sso-proxy",
        "127.0.0.1",
        "--admin-group-header",
        "X-Forwarded-Groups",
        "--admin-group",
        "training-team",
    ]);
    let lead = [
        ("X-Forwarded-Email", "t@nhs.example"),
        ("X-Forwarded-Groups", "all-staff, Training-Team"),
    ];
    assert_eq!(served.get("/team", None, &lead).status, 200);
    assert_eq!(served.get("/team/compliance", None, &lead).status, 200);
    let staff = [
        ("X-Forwarded-Email", "s@nhs.example"),
        ("X-Forwarded-Groups", "all-staff"),
    ];
    assert_eq!(served.get("/team", None, &staff).status, 403);
}
