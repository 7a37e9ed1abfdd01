//! The web shell's server: its routes behind the shared guard, and the thread that runs them.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::routing::{get, post};
use tokio::sync::oneshot;

use super::page;
use super::state::{MAX_BODY, Options, Web};
use crate::library::Library;
use crate::records::Store;
use crate::serving;

/// A running web shell.
pub struct Server {
    pub addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Server {
    /// Binds `addr` (port 0 picks a free one) and serves the library from `store` until
    /// stopped or dropped.
    pub fn start(
        addr: SocketAddr,
        library: Library,
        store: Store,
        options: Options,
    ) -> std::io::Result<Server> {
        let admission = serving::Admission {
            per_address: options.connections_per_address,
            max_connections: None,
            header_timeout: options.request_timeout,
        };
        let capacity = serving::capacity(&admission, serving::raise_fd_limit());
        let listener = serving::listen(addr)?;
        let addr = listener.local_addr()?;
        let watch: serving::CapacityWatch = Arc::new(|c: serving::Capacity| {
            if c.near {
                eprintln!(
                    "canteen serve: {} of {} connections in use; learners may soon be turned away",
                    c.connections, c.limit
                );
            }
        });
        let connections = serving::Connections::new(admission.per_address, capacity, watch);
        let guard = serving::Guard {
            port: addr.port(),
            public: options.public_authority(),
            body_timeout: options.request_timeout,
            max_body: MAX_BODY,
            problem: page::problem,
            wrong_host: "This server only answers at its own address. Use the link you were given.",
            // The LMS opens a cmi5 launch from its own site; a SCORM unit asks for a launch
            // token and opens it.
            entrances: &[
                ("GET", "/cmi5/"),
                ("POST", "/scorm/token"),
                ("GET", "/scorm/launch/"),
            ],
        };
        let web = Arc::new(Web::new(library, store, options));
        // Statements for an LMS that could not be reached are retried every second, until the
        // server stops.
        let retrying = Arc::downgrade(&web);
        std::thread::Builder::new()
            .name("canteen-lms-retry".into())
            .spawn(move || {
                while let Some(web) = retrying.upgrade() {
                    web.launches.deliver_all();
                    drop(web);
                    std::thread::sleep(std::time::Duration::from_secs(1));
                }
            })?;
        let (stop, stopped) = oneshot::channel::<()>();
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            // The store is one lock: more threads waiting on it only cost memory.
            .max_blocking_threads(8)
            .thread_name("canteen-serve")
            .enable_all()
            .build()?;
        let thread = std::thread::Builder::new()
            .name("canteen-serve".into())
            .spawn(move || {
                runtime.block_on(async move {
                    let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
                        return;
                    };
                    let app = router(web, guard);
                    serving::accept(listener, app, admission, connections, refusal, stopped).await;
                });
            })?;
        Ok(Server {
            addr,
            stop: Some(stop),
            thread: Some(thread),
        })
    }

    /// Serves until the process is stopped.
    pub fn wait(mut self) {
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// What a connection over a cap is told.
fn refusal(why: serving::Refusal) -> (&'static str, String) {
    let message = match why {
        serving::Refusal::Address => {
            "Too many connections from your address. Close some tabs, or wait a moment."
        }
        serving::Refusal::Full => "canteen is busy. Wait a moment and try again.",
    };
    ("text/plain; charset=utf-8", message.to_string())
}

/// The routes, behind the guard.
fn router(web: Arc<Web>, guard: serving::Guard) -> Router {
    use super::identity;
    use super::screens::{about, cmi5, compliance, list, play, result, scorm, team};
    Router::new()
        .route("/", get(list::home))
        .route("/style.css", get(page::style))
        .route("/countdown.js", get(page::countdown))
        .route("/accessibility", get(about::accessibility))
        .route("/settings", get(about::settings).post(about::save_settings))
        .route(
            "/sign-in/{token}",
            get(identity::confirm).post(identity::sign_in),
        )
        .route("/sign-out", post(identity::sign_out))
        .route("/cmi5/exit", post(cmi5::exit))
        .route("/cmi5/{id}", get(cmi5::launch))
        .route("/scorm/token", post(scorm::token))
        .route("/scorm/launch/{token}", get(scorm::launch))
        .route("/scorm/status", get(scorm::status))
        .route("/scorm-relay.js", get(scorm::relay_script))
        .route("/scenarios/{id}", get(play::intro))
        .route("/scenarios/{id}/start", post(play::start))
        .route(
            "/scenarios/{id}/play",
            get(play::decision).post(play::choose),
        )
        .route("/scenarios/{id}/feedback/{n}", get(play::feedback))
        .route("/records", get(result::records))
        .route("/records/{attempt}", get(result::ending))
        .route("/records/{attempt}/feedback", get(result::last_feedback))
        .route(
            "/records/{attempt}/checklist.md",
            get(result::checklist_file),
        )
        .route("/certificate", get(result::certificate))
        .route("/team", get(team::overview))
        .route("/team/report.csv", get(team::csv))
        .route("/team/compliance", get(compliance::overview))
        .route("/team/compliance.csv", get(compliance::summary_csv))
        .route("/team/compliance-people.csv", get(compliance::people_csv))
        .fallback(|| async {
            page::problem(
                StatusCode::NOT_FOUND,
                "There is no page at this address. Go to the list of scenarios.",
            )
        })
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .layer(axum::middleware::from_fn(
            super::screens::scorm::keep_opener,
        ))
        .layer(axum::middleware::from_fn_with_state(guard, serving::guard))
        .with_state(web)
}
