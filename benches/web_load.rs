//! A trust's learners on `canteen serve`: the real binary on loopback, 5,000 learners signed
//! in by invite links, each from its own address with its own kept-alive connection, each
//! making a choice every 5 s on average (exponential gaps) for 60 s, playing scenarios through
//! the pages as a browser does (the decision page, then the form). Reports the choice's
//! response time (p50, p99, max; target p99 under 50 ms), errors (target 0), choices
//! acknowledged against choices in the store (target: equal) and memory per learner.
//!
//! Then the server is restarted, put under the same load, and killed with SIGKILL half way:
//! every choice acknowledged before the kill must be in the store when it is opened again.
//!
//! `cargo bench --bench web_load`; `LEARNERS`, `SECONDS` and `GAP_MS` change the load, and
//! `SYNC_EVERY_CHOICE=1` serves with `--sync-every-choice`; `CANTEEN_DATABASE=postgres://…`
//! serves from (and counts in) that PostgreSQL database instead of a file.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a benchmark that cannot do its work should stop"
)]

use std::io::{BufRead, BufReader};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use canteen::records::Store;
use rand::{RngExt, SeedableRng};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};

const SCENARIOS: [&str; 3] = ["ward-photo", "rough-night", "friend-request"];

fn env(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn address(i: usize) -> IpAddr {
    IpAddr::V4(Ipv4Addr::new(127, 2, (i / 250) as u8, (i % 250 + 1) as u8))
}

fn serve(data: &Path) -> (Child, SocketAddr) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_canteen"))
        .env("CANTEEN_DATA_DIR", data)
        .env("CANTEEN_SETTINGS", data.join("no-settings.ron"))
        .env_remove("CANTEEN_SCENARIOS")
        .args([
            "serve",
            "--bind",
            "127.0.0.1:0",
            "--connections-per-address",
            "100000",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    out.read_line(&mut first).unwrap();
    std::thread::spawn(move || std::io::copy(&mut out, &mut std::io::sink()));
    let addr = first
        .split("listening on ")
        .nth(1)
        .and_then(|r| r.strip_suffix(")\n"))
        .unwrap()
        .parse()
        .unwrap();
    (child, addr)
}

/// The server's resident memory, in KiB.
fn rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmRSS:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}

struct Answer {
    status: u16,
    location: String,
    cookie: Option<String>,
    body: String,
}

/// A learner's browser: one kept-alive connection from its own address.
struct Learner {
    server: SocketAddr,
    from: IpAddr,
    stream: Option<TcpStream>,
    cookie: String,
    csrf: String,
}

impl Learner {
    /// A request on the kept-alive connection; when the server had closed it for being idle
    /// (as it does after its header timeout), once more on a new one, as a browser does.
    async fn request(&mut self, method: &str, path: &str, body: &str) -> Result<Answer, String> {
        let reused = self.stream.is_some();
        match self.request_once(method, path, body).await {
            Err(_) if reused => self.request_once(method, path, body).await,
            other => other,
        }
    }

    async fn request_once(
        &mut self,
        method: &str,
        path: &str,
        body: &str,
    ) -> Result<Answer, String> {
        if self.stream.is_none() {
            let socket = TcpSocket::new_v4().map_err(|e| e.to_string())?;
            socket
                .bind(SocketAddr::new(self.from, 0))
                .map_err(|e| e.to_string())?;
            let s = socket
                .connect(self.server)
                .await
                .map_err(|e| e.to_string())?;
            s.set_nodelay(true).map_err(|e| e.to_string())?;
            self.stream = Some(s);
        }
        let cookie = if self.cookie.is_empty() {
            String::new()
        } else {
            format!("Cookie: {}\r\n", self.cookie)
        };
        let req = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/x-www-form-urlencoded\r\n{cookie}Content-Length: {}\r\n\r\n{body}",
            self.server,
            body.len()
        );
        let stream = self.stream.as_mut().unwrap();
        let result = async {
            stream
                .write_all(req.as_bytes())
                .await
                .map_err(|e| e.to_string())?;
            let mut buf = Vec::new();
            let mut chunk = [0u8; 16384];
            loop {
                let n = stream.read(&mut chunk).await.map_err(|e| e.to_string())?;
                if n == 0 {
                    return Err("the server closed the connection".to_string());
                }
                buf.extend_from_slice(&chunk[..n]);
                let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") else {
                    continue;
                };
                let head = String::from_utf8_lossy(&buf[..end]).to_string();
                let header = |name: &str| {
                    head.lines().find_map(|l| {
                        let (k, v) = l.split_once(':')?;
                        k.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
                    })
                };
                let length: usize = header("content-length")
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(0);
                if buf.len() >= end + 4 + length {
                    return Ok(Answer {
                        status: head.get(9..12).and_then(|s| s.parse().ok()).unwrap_or(0),
                        location: header("location").unwrap_or_default(),
                        cookie: header("set-cookie")
                            .map(|c| c.split(';').next().unwrap_or("").to_string()),
                        body: String::from_utf8_lossy(&buf[end + 4..end + 4 + length]).to_string(),
                    });
                }
            }
        }
        .await;
        if result.is_err() {
            self.stream = None;
        }
        result
    }
}

fn value_after(body: &str, marker: &str) -> Option<String> {
    let start = body.find(marker)? + marker.len();
    let rest = &body[start..];
    Some(rest[..rest.find('"')?].to_string())
}

#[derive(Default)]
struct Tally {
    acknowledged: AtomicU64,
    errors: AtomicU64,
}

/// Signs a learner in and starts their first scenario.
async fn sign_in(server: SocketAddr, i: usize, token: String) -> Learner {
    let mut l = Learner {
        server,
        from: address(i),
        stream: None,
        cookie: String::new(),
        csrf: String::new(),
    };
    let signed = l
        .request("POST", &format!("/sign-in/{token}"), "")
        .await
        .unwrap();
    assert_eq!(signed.status, 303, "sign-in: {}", signed.body);
    l.cookie = signed.cookie.unwrap();
    let home = l.request("GET", "/", "").await.unwrap();
    l.csrf = value_after(&home.body, "name=\"csrf\" value=\"").unwrap();
    l
}

/// One learner's minute: a choice every `gap` on average, choices and timings counted.
async fn play(
    mut l: Learner,
    i: usize,
    until: Instant,
    gap: Duration,
    tally: Arc<Tally>,
    stopped: Arc<AtomicBool>,
) -> Vec<Duration> {
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(i as u64);
    let scenario = SCENARIOS[i % SCENARIOS.len()];
    let mut times = Vec::new();
    let first: f64 = rng.random::<f64>() * gap.as_secs_f64();
    tokio::time::sleep(Duration::from_secs_f64(first)).await;
    while Instant::now() < until && !stopped.load(Ordering::Relaxed) {
        let page = match l
            .request("GET", &format!("/scenarios/{scenario}/play"), "")
            .await
        {
            Ok(p) => p,
            Err(_) => {
                tally.errors.fetch_add(1, Ordering::Relaxed);
                break;
            }
        };
        if page.status == 303 {
            let form = format!("csrf={}", l.csrf);
            if l.request("POST", &format!("/scenarios/{scenario}/start"), &form)
                .await
                .is_err()
            {
                tally.errors.fetch_add(1, Ordering::Relaxed);
                break;
            }
            continue;
        }
        let step = value_after(&page.body, "name=\"step\" value=\"");
        let mut choices = Vec::new();
        let mut rest = page.body.as_str();
        while let Some(at) = rest.find("name=\"choice\" id=\"") {
            rest = &rest[at..];
            if let Some(v) = value_after(rest, "value=\"") {
                choices.push(v);
            }
            rest = &rest[1..];
        }
        let (Some(step), false) = (step, choices.is_empty()) else {
            tally.errors.fetch_add(1, Ordering::Relaxed);
            break;
        };
        let choice = &choices[rng.random_range(0..choices.len())];
        let form = format!("csrf={}&step={step}&choice={choice}", l.csrf);
        let sent = Instant::now();
        match l
            .request("POST", &format!("/scenarios/{scenario}/play"), &form)
            .await
        {
            Ok(a) if a.status == 303 && a.location.contains("/feedback") => {
                times.push(sent.elapsed());
                if !stopped.load(Ordering::Relaxed) {
                    tally.acknowledged.fetch_add(1, Ordering::Relaxed);
                }
            }
            _ => {
                tally.errors.fetch_add(1, Ordering::Relaxed);
            }
        }
        let wait = -gap.as_secs_f64() * (1.0 - rng.random::<f64>()).ln();
        tokio::time::sleep(Duration::from_secs_f64(wait.min(gap.as_secs_f64() * 5.0))).await;
    }
    times
}

/// Every choice in the store: the steps of finished attempts and of progress under way.
fn stored_choices(db: &Path) -> u64 {
    // With CANTEEN_DATABASE set (a postgres:// URL), the server and this count use it.
    let mut store = match std::env::var("CANTEEN_DATABASE") {
        Ok(url) if !url.is_empty() => Store::open_database(&url).unwrap(),
        _ => Store::open(db).unwrap(),
    };
    let learners = store.learners().unwrap();
    let mut n = 0u64;
    for k in learners {
        let scoped = store.scoped(k.id);
        let s = scoped.store();
        n += s
            .attempts()
            .unwrap()
            .iter()
            .map(|a| a.steps.len() as u64)
            .sum::<u64>();
        n += s
            .all_progress()
            .unwrap()
            .iter()
            .map(|p| p.steps.len() as u64)
            .sum::<u64>();
    }
    n
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

struct Run {
    times: Vec<Duration>,
    acknowledged: u64,
    errors: u64,
    rss_before: u64,
    rss_signed_in: u64,
    rss_after: u64,
}

fn load(
    runtime: &tokio::runtime::Runtime,
    data: &Path,
    tokens: &[String],
    seconds: u64,
    gap: Duration,
    kill_after: Option<Duration>,
) -> Run {
    let (mut child, addr) = serve(data);
    let pid = child.id();
    let rss_before = rss_kib(pid);
    let learners: Vec<Learner> = runtime.block_on(async {
        let mut out = Vec::with_capacity(tokens.len());
        for chunk in tokens.chunks(200).enumerate() {
            let (c, ts) = chunk;
            let mut tasks = Vec::new();
            for (j, t) in ts.iter().enumerate() {
                tasks.push(tokio::spawn(sign_in(addr, c * 200 + j, t.clone())));
            }
            for t in tasks {
                out.push(t.await.unwrap());
            }
        }
        out
    });
    let rss_signed_in = rss_kib(pid);
    let tally = Arc::new(Tally::default());
    let stopped = Arc::new(AtomicBool::new(false));
    let until = Instant::now() + Duration::from_secs(seconds);
    let times = runtime.block_on(async {
        let mut tasks = Vec::new();
        for (i, l) in learners.into_iter().enumerate() {
            tasks.push(tokio::spawn(play(
                l,
                i,
                until,
                gap,
                Arc::clone(&tally),
                Arc::clone(&stopped),
            )));
        }
        if let Some(after) = kill_after {
            tokio::time::sleep(after).await;
            // Stop counting first: a choice acknowledged after this is not claimed as stored.
            stopped.store(true, Ordering::SeqCst);
            let _ = child.kill();
        }
        let mut all = Vec::new();
        for t in tasks {
            all.extend(t.await.unwrap());
        }
        all
    });
    let rss_after = rss_kib(pid);
    let _ = child.kill();
    let _ = child.wait();
    Run {
        times,
        acknowledged: tally.acknowledged.load(Ordering::SeqCst),
        errors: tally.errors.load(Ordering::SeqCst),
        rss_before,
        rss_signed_in,
        rss_after,
    }
}

/// Invites every learner (again: a second invite to an address is the same learner).
fn invite(data: &Path, emails: &[String]) -> Vec<String> {
    let invited = Command::new(env!("CARGO_BIN_EXE_canteen"))
        .env("CANTEEN_DATA_DIR", data)
        .env("CANTEEN_SETTINGS", data.join("no-settings.ron"))
        .args(["serve", "invite", "--public-url", "http://127.0.0.1"])
        .args(emails)
        .output()
        .unwrap();
    assert!(
        invited.status.success(),
        "{}",
        String::from_utf8_lossy(&invited.stderr)
    );
    let tokens: Vec<String> = String::from_utf8(invited.stdout)
        .unwrap()
        .lines()
        .filter_map(|l| l.rsplit_once("/sign-in/").map(|(_, t)| t.to_string()))
        .collect();
    assert_eq!(tokens.len(), emails.len());
    tokens
}

fn main() {
    canteen::serving::raise_fd_limit();
    let learners = env("LEARNERS", 5000) as usize;
    let seconds = env("SECONDS", 60);
    let gap = Duration::from_millis(env("GAP_MS", 5000));
    let data = tempfile::tempdir().unwrap();
    let db = data.path().join("canteen.db");
    let emails: Vec<String> = (0..learners)
        .map(|i| format!("learner{i}@nhs.example"))
        .collect();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();

    println!(
        "web_load: {learners} learners, each a choice every {} ms on average, for {seconds} s",
        gap.as_millis()
    );
    let tokens = invite(data.path(), &emails);
    let run = load(&runtime, data.path(), &tokens, seconds, gap, None);
    let mut times = run.times.clone();
    times.sort_unstable();
    let stored = stored_choices(&db);
    println!(
        "  choices: {} acknowledged, {} in the store ({}); errors {}",
        run.acknowledged,
        stored,
        if stored == run.acknowledged {
            "equal"
        } else {
            "NOT EQUAL"
        },
        run.errors
    );
    println!(
        "  choice response: p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms (target p99 under 50 ms) over {} choices, {:.0} a second",
        percentile(&times, 0.5).as_secs_f64() * 1e3,
        percentile(&times, 0.99).as_secs_f64() * 1e3,
        times.last().copied().unwrap_or_default().as_secs_f64() * 1e3,
        times.len(),
        times.len() as f64 / seconds as f64
    );
    let per = |kib: u64| kib as f64 / learners as f64;
    println!(
        "  server memory: {} MiB at start, {} MiB with every learner signed in, {} MiB after the load: {:.1} KiB per signed-in learner, {:.1} KiB per active learner",
        run.rss_before / 1024,
        run.rss_signed_in / 1024,
        run.rss_after / 1024,
        per(run.rss_signed_in.saturating_sub(run.rss_before)),
        per(run.rss_after.saturating_sub(run.rss_before))
    );

    // SIGKILL under load: what was acknowledged before the kill is in the store after it.
    let before = stored;
    let tokens = invite(data.path(), &emails);
    let kill_at = Duration::from_secs((seconds / 2).max(5));
    let killed = load(&runtime, data.path(), &tokens, seconds, gap, Some(kill_at));
    let after = stored_choices(&db) - before;
    println!(
        "  kill -9 after {} s under load: {} choices acknowledged before it, {} in the store after restart: {}",
        kill_at.as_secs(),
        killed.acknowledged,
        after,
        if after >= killed.acknowledged {
            "none lost".to_string()
        } else {
            format!("{} LOST", killed.acknowledged - after)
        }
    );
}
