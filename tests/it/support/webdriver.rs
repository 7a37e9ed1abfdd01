//! A real browser for tests: headless Chromium (Debian's `chromium` and `chromium-driver`,
//! which `.ci/run` installs) driven over the W3C WebDriver protocol with plain HTTP requests
//! to chromedriver on loopback. Where Chromium is not installed a test says so and passes,
//! except in CI (`CI` set), where it fails: CI must run it.

#![allow(dead_code)]

use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const DRIVER: &str = "/usr/bin/chromedriver";

pub struct Driver {
    child: Child,
    base: String,
    agent: ureq::Agent,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Driver {
    pub fn start() -> Driver {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new(DRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(30)))
            .build()
            .into();
        let driver = Driver {
            child,
            base: format!("http://127.0.0.1:{port}"),
            agent,
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        while driver
            .agent
            .get(format!("{}/status", driver.base))
            .call()
            .is_err()
        {
            assert!(Instant::now() < deadline, "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        driver
    }

    pub fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let url = format!("{}{path}", self.base);
        let mut resp = match (method, body) {
            ("GET", _) => self.agent.get(url).call().unwrap(),
            ("DELETE", _) => self.agent.delete(url).call().unwrap(),
            (_, b) => self
                .agent
                .post(url)
                .header("Content-Type", "application/json")
                .send(b.unwrap_or(json!({})).to_string())
                .unwrap(),
        };
        let text = resp.body_mut().read_to_string().unwrap();
        serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON from chromedriver: {text}"))
    }
}

/// Whether the browser tests can run here; false (after saying so) where Chromium is not
/// installed, and a failure in CI.
pub fn browser_available() -> bool {
    if Path::new(CHROMIUM).exists() && Path::new(DRIVER).exists() {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI must have Chromium: .ci/run installs chromium and chromium-driver"
    );
    eprintln!(
        "skipped: {CHROMIUM} or {DRIVER} is not installed (apt-get install chromium chromium-driver)"
    );
    false
}

/// A browser window: chromedriver, and one session in a fresh profile.
pub struct Browser {
    pub driver: Driver,
    /// The session's path, `/session/ID`.
    pub session: String,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// Opens a headless window of this size (CSS pixels).
    pub fn open(width: u32, height: u32) -> Browser {
        let driver = Driver::start();
        let profile = tempfile::tempdir().unwrap();
        let session = driver.call(
            "POST",
            "/session",
            Some(json!({"capabilities": {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": {
                "binary": CHROMIUM,
                "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                         "--disable-background-networking", "--disable-component-update", "--disable-sync",
                         "--disable-dev-shm-usage", format!("--window-size={width},{height}"),
                         format!("--user-data-dir={}", profile.path().display())]
            }}}})),
        );
        let id = session["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {session}"))
            .to_string();
        Browser {
            driver,
            session: format!("/session/{id}"),
            _profile: profile,
        }
    }

    /// Opens an address.
    pub fn go(&self, url: &str) {
        self.driver.call(
            "POST",
            &format!("{}/url", self.session),
            Some(json!({ "url": url })),
        );
    }

    /// Runs a script in the page and returns what it returns.
    pub fn run(&self, script: &str) -> Value {
        self.driver.call(
            "POST",
            &format!("{}/execute/sync", self.session),
            Some(json!({"script": script, "args": []})),
        )["value"]
            .clone()
    }

    /// Runs a script whose last argument is the callback to call with its result.
    pub fn run_async(&self, script: &str) -> Value {
        self.driver.call(
            "POST",
            &format!("{}/execute/async", self.session),
            Some(json!({"script": script, "args": []})),
        )["value"]
            .clone()
    }

    /// Presses keys as a person would, one after another (WebDriver key codes: Tab is
    /// `\u{E004}`, Enter `\u{E007}`, Space ` `).
    pub fn press(&self, keys: &[&str]) {
        let mut actions = Vec::new();
        for k in keys {
            actions.push(json!({"type": "keyDown", "value": k}));
            actions.push(json!({"type": "keyUp", "value": k}));
        }
        self.driver.call(
            "POST",
            &format!("{}/actions", self.session),
            Some(json!({"actions": [{"type": "key", "id": "keyboard", "actions": actions}]})),
        );
    }

    /// Waits until a script returns true.
    pub fn wait_for(&self, script: &str, what: &str) {
        let deadline = Instant::now() + Duration::from_secs(15);
        while self.run(script) != json!(true) {
            if Instant::now() > deadline {
                let page = self.run("return document.title + ' | ' + document.body.innerText;");
                panic!("timed out waiting for {what}; the page is: {page}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}
