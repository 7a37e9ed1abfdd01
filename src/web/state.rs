//! What the web shell's handlers share: the library, the store, the options and the request
//! budgets, and the blocking thread their work runs on.
//!
//! Every handler's work (reading and writing the store, replaying an attempt) runs on a
//! blocking thread with the store locked, so a slow disk never stalls the connections; a
//! choice is committed before the page that acknowledges it is sent.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use axum::http::StatusCode;
use axum::response::Response;

use super::page as pages;
use super::visitor::Visitor;
use crate::library::Library;
use crate::records::{LearnerId, Scoped, Store, StoreError};
use crate::service::{Clock as _, Entry, SystemClock, Trainer, entries};
use crate::serving::{Bucket, PerAddress};

/// The largest request body accepted: a form with a choice id and two tokens.
pub const MAX_BODY: usize = 8 * 1024;

/// A trust's single sign-on: the proxy in front of canteen signs staff in and names them in a
/// header, which canteen trusts only from the proxy's address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SingleSignOn {
    /// The header naming the learner, e.g. `X-Forwarded-Email` from oauth2-proxy.
    pub header: String,
    /// The proxy's address; the header from anywhere else is ignored.
    pub proxy: IpAddr,
    /// The header listing the learner's groups (comma-separated, e.g. `X-Forwarded-Groups`),
    /// and the groups whose members may see the team pages.
    pub groups: Option<(String, Vec<String>)>,
}

/// How the web shell runs.
#[derive(Debug, Clone)]
pub struct Options {
    /// The address learners use (`--public-url`), e.g. `https://training.example.nhs.uk`;
    /// sign-in links are made with it, and cookies are `Secure` when it is https.
    pub public_url: String,
    /// Fixes the seed of every new attempt, so a run can be compared with the terminal's.
    pub seed: Option<u64>,
    pub single_sign_on: Option<SingleSignOn>,
    /// How long a signed-in session may sit unused before it must sign in again.
    pub idle: Duration,
    /// How long a request's headers and body may take to arrive.
    pub request_timeout: Duration,
    /// Connections one address may hold (a trust's proxy holds many: raise it behind one).
    pub connections_per_address: usize,
    /// The learners (their email or sign-on identity) who may see the team report.
    pub admins: Vec<String>,
    /// The scenarios each role must pass and how often, for the compliance view.
    pub pathways: std::sync::Arc<crate::model::Pathways>,
    /// The origins (`https://lms.example.nhs.uk`) of the LMSs whose cmi5 launches are taken:
    /// a launch's fetch URL and record store must be at one of them.
    pub lms: Vec<String>,
}

impl Options {
    /// The defaults for a server at this public address.
    pub fn at(public_url: &str) -> Options {
        Options {
            public_url: public_url.trim_end_matches('/').to_string(),
            seed: None,
            single_sign_on: None,
            idle: Duration::from_secs(8 * 3600),
            request_timeout: Duration::from_secs(10),
            connections_per_address: 256,
            admins: Vec::new(),
            pathways: std::sync::Arc::new(crate::model::Pathways::shipped()),
            lms: Vec::new(),
        }
    }

    /// Whether learners reach canteen over TLS (so its cookie must be `Secure`).
    pub fn secure(&self) -> bool {
        self.public_url.starts_with("https://")
    }

    /// The public host name and port, for the `Host` check.
    pub(super) fn public_authority(&self) -> Option<(String, u16)> {
        let uri = self.public_url.parse::<axum::http::Uri>().ok()?;
        let default = if self.secure() { 443 } else { 80 };
        Some((uri.host()?.to_string(), uri.port_u16().unwrap_or(default)))
    }
}

/// A session may burst this many requests, then this many a second.
const SESSION_BURST: f64 = 40.0;
const SESSION_PER_SECOND: f64 = 5.0;
/// Failed sign-ins one address may make a minute: a link that is not one canteen issued, used
/// or expired. Good links are never held back, so a room of learners behind one address (a
/// ward's PCs, the trust's proxy) all sign in at once, while guessing stays hopeless.
const SIGN_INS_PER_MINUTE: u32 = 30;

/// Everything the handlers share.
pub struct Web {
    pub(super) library: Arc<Library>,
    pub(super) entries: Arc<[Entry]>,
    /// One store, or (on a PostgreSQL server) a pool of connections to it.
    stores: Vec<Mutex<Store>>,
    next_store: std::sync::atomic::AtomicUsize,
    /// One learner's requests run one at a time (a form sent twice is taken once) even when
    /// the pool lets different learners' run together: learner `id` holds `turns[id % len]`.
    turns: Vec<Mutex<()>>,
    pub(super) options: Options,
    budgets: Mutex<Budgets>,
    /// When each learner was shown each decision (scenario, decision number): a timed
    /// decision answered after its time counts as time run out, and the time spent is counted.
    shown: Mutex<HashMap<(LearnerId, String), (usize, Duration)>>,
    pub(super) clock: SystemClock,
    /// Learners launched from an LMS by cmi5, and their statements on the way to it.
    pub(super) launches: super::launches::Launches,
    /// Learners whose window a SCORM unit opened, and the launch tokens waiting.
    pub(super) relays: super::relays::Relays,
}

struct Budgets {
    sessions: HashMap<String, Bucket>,
    sign_ins: PerAddress,
}

/// Connections a server keeps to a PostgreSQL database: as many as requests can run at once.
const POOL: usize = 8;

/// The store, and on a server as many more connections to it as will open.
fn pool(store: Store) -> Vec<Mutex<Store>> {
    let more: Vec<Store> = (1..POOL)
        .map_while(|_| store.another().and_then(Result::ok))
        .collect();
    std::iter::once(store).chain(more).map(Mutex::new).collect()
}

impl Web {
    /// The shared state of a server over this library and store.
    pub fn new(library: Library, store: Store, options: Options) -> Web {
        let entries = entries(&library).into();
        Web {
            library: Arc::new(library),
            entries,
            stores: pool(store),
            next_store: std::sync::atomic::AtomicUsize::new(0),
            turns: (0..64).map(|_| Mutex::new(())).collect(),
            options,
            budgets: Mutex::new(Budgets {
                sessions: HashMap::new(),
                sign_ins: PerAddress::per_minute(SIGN_INS_PER_MINUTE),
            }),
            shown: Mutex::new(HashMap::new()),
            clock: SystemClock::new(),
            launches: super::launches::Launches::default(),
            relays: super::relays::Relays::default(),
        }
    }

    /// The store, locked; a handler never panics holding it, but its data is recovered if one
    /// ever did.
    pub(super) fn store(&self) -> MutexGuard<'_, Store> {
        use std::sync::TryLockError;
        let n = self.stores.len();
        let start = self
            .next_store
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        for i in 0..n {
            match self.stores[(start + i) % n].try_lock() {
                Ok(guard) => return guard,
                Err(TryLockError::Poisoned(e)) => return e.into_inner(),
                Err(TryLockError::WouldBlock) => {}
            }
        }
        self.stores[start % n]
            .lock()
            .unwrap_or_else(|e| e.into_inner())
    }

    /// Whether this learner is one of the admins `--admin` names.
    pub(super) fn is_admin(&self, store: &Store, visitor: &Visitor) -> Result<bool, StoreError> {
        if visitor.in_admin_group {
            return Ok(true);
        }
        Ok(store.known(visitor.learner)?.is_some_and(|k| {
            self.options
                .admins
                .iter()
                .any(|a| a.eq_ignore_ascii_case(k.key.trim()))
        }))
    }

    /// Takes a request from this session's budget: `Err` with the wait when it is spent.
    pub(super) fn spend(&self, session: &str) -> Result<(), Duration> {
        let mut b = self.budgets.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        if b.sessions.len() > 100_000 {
            b.sessions.clear();
        }
        b.sessions
            .entry(session.to_string())
            .or_insert_with(|| Bucket::full(SESSION_BURST, now))
            .take(SESSION_BURST, SESSION_PER_SECOND, now)
    }

    /// Whether this address may try a sign-in now (it has failed-sign-in budget left).
    pub(super) fn sign_in_allowed(&self, ip: IpAddr) -> Result<(), Duration> {
        let mut b = self.budgets.lock().unwrap_or_else(|e| e.into_inner());
        b.sign_ins.would_allow(ip, Instant::now())
    }

    /// Counts a failed sign-in against this address.
    pub(super) fn sign_in_failed(&self, ip: IpAddr) {
        let mut b = self.budgets.lock().unwrap_or_else(|e| e.into_inner());
        let _ = b.sign_ins.take(ip, Instant::now());
    }

    /// Notes that a learner was shown a decision; returns when (on the monotonic clock) they
    /// were first shown it.
    pub(super) fn shown(&self, learner: LearnerId, scenario: &str, decision: usize) -> Duration {
        let mut shown = self.shown.lock().unwrap_or_else(|e| e.into_inner());
        if shown.len() > 100_000 {
            shown.clear();
        }
        let now = self.clock.now().mono;
        let entry = shown
            .entry((learner, scenario.to_string()))
            .or_insert((decision, now));
        if entry.0 != decision {
            *entry = (decision, now);
        }
        entry.1
    }

    /// When the learner was first shown this decision, if they were.
    pub(super) fn shown_at(
        &self,
        learner: LearnerId,
        scenario: &str,
        decision: usize,
    ) -> Option<Duration> {
        let shown = self.shown.lock().unwrap_or_else(|e| e.into_inner());
        shown
            .get(&(learner, scenario.to_string()))
            .filter(|(d, _)| *d == decision)
            .map(|(_, at)| *at)
    }
}

impl Web {
    /// The trainer service for one learner, over their view of the store: the same library,
    /// scoring and records as every shell.
    pub(super) fn trainer<'s>(
        &self,
        store: &'s mut Store,
        learner: LearnerId,
    ) -> Trainer<Scoped<'s>> {
        use rand::RngExt;
        let seed = self.options.seed.unwrap_or_else(|| rand::rng().random());
        Trainer::sharing(
            Arc::clone(&self.library),
            Arc::clone(&self.entries),
            store.scoped(learner),
            seed,
        )
    }
}

/// A screen's answer, or the page that answers instead (sign in, not found, a refused form):
/// so a screen's work can stop early with `?`.
pub(super) type Answer = Result<Response, Response>;

/// Runs a screen's work for the signed-in learner on a blocking thread; a request from no one
/// signed in is answered with how to sign in.
pub(super) async fn as_learner(
    web: Arc<Web>,
    headers: axum::http::HeaderMap,
    peer: crate::serving::Peer,
    work: impl FnOnce(&Web, super::visitor::Visitor) -> Answer + Send + 'static,
) -> Response {
    blocking(web, move |web| {
        web.signed_in(&headers, peer)
            .and_then(|visitor| {
                let turn = &web.turns[visitor.learner.unsigned_abs() as usize % web.turns.len()];
                let _mine = turn.lock().unwrap_or_else(|e| e.into_inner());
                work(web, visitor)
            })
            .unwrap_or_else(|r| r)
    })
    .await
}

/// Runs a handler's work on a blocking thread.
pub(super) async fn blocking(
    web: Arc<Web>,
    work: impl FnOnce(&Web) -> Response + Send + 'static,
) -> Response {
    match tokio::task::spawn_blocking(move || work(&web)).await {
        Ok(r) => r,
        Err(_) => pages::problem(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Something went wrong on the server. Your last saved choice is kept; try again.",
        ),
    }
}
