//! Running a workshop in the terminal: input and the voting server each feed one channel, the
//! loop draws the projector after every message, and carries out the model's commands.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, channel};

use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::crossterm::event::Event;

use super::app::{Command, Msg, Workshop};
use super::export;
use super::server::{Limits, RoomEvent, Server};
use crate::engine::Scenario;

/// How a workshop is run.
pub struct Options {
    pub scenario: Arc<Scenario>,
    pub seed: u64,
    pub theme: crate::present::theme::Theme,
    /// Where phones connect, when they may vote.
    pub serve: Option<SocketAddr>,
    /// The address to show phones, when it differs from the bound one.
    pub url: Option<String>,
    /// Where exports are written.
    pub out_dir: PathBuf,
    /// What each address on the room's network may do.
    pub limits: Limits,
}

/// How a workshop in the terminal ended.
#[derive(Debug, Default)]
pub struct Ended {
    /// The signal that stopped it, when one did.
    pub stopped: Option<crate::present::input::Stop>,
    /// The summary's Markdown and CSV files, when it was written.
    pub exported: Option<(String, String)>,
}

/// Runs a workshop in the real terminal until the facilitator quits or a signal stops it; the
/// terminal is restored either way.
pub fn run(options: Options) -> std::io::Result<Ended> {
    let (tx, rx) = channel::<Msg>();
    // The join code is random even with --seed: a seed fixes the story, never the room's key.
    let code = super::join::code();
    let server = match options.serve {
        Some(addr) => {
            let (events, room) = channel::<RoomEvent>();
            let limits = Limits {
                // Phones may use the name in --url; other names are refused (DNS rebinding).
                host_name: options
                    .url
                    .as_deref()
                    .and_then(|u| u.parse::<axum::http::Uri>().ok())
                    .and_then(|u| u.host().map(str::to_string)),
                ..options.limits.clone()
            };
            let server =
                Server::start_with(addr, &code, &options.scenario.meta().title, events, limits)?;
            forward(room, tx.clone(), Msg::Room);
            Some(server)
        }
        None => None,
    };
    let join = server.as_ref().map(|s| {
        let url = options.url.clone().unwrap_or_else(|| {
            super::join::join_url(s.addr, || super::join::network_ip(s.addr.is_ipv6()))
        });
        super::join::join_info(&url, &code)
    });
    let mut workshop = Workshop::new(
        Arc::clone(&options.scenario),
        options.seed,
        options.theme,
        join,
    );
    crate::present::input::forward(
        &tx,
        |e| match e {
            Event::Key(k) => Some(Msg::Key(k)),
            Event::Resize(w, h) => Some(Msg::Resize(w, h)),
            _ => None,
        },
        Msg::Stop,
    );
    let mut terminal = ratatui::init();
    // Everything between init and restore is one expression, so no error (not even reading
    // the terminal's size) can return early and leave the terminal in raw mode.
    let result = terminal.size().and_then(|size| {
        workshop.size = (size.width, size.height);
        run_loop(
            &mut terminal,
            &mut workshop,
            &rx,
            server.as_ref(),
            &options.out_dir,
        )
    });
    ratatui::restore();
    result.map(|()| Ended {
        stopped: workshop.stopped,
        exported: workshop.exported.take(),
    })
}

fn forward<T: Send + 'static>(from: Receiver<T>, to: Sender<Msg>, wrap: fn(T) -> Msg) {
    std::thread::spawn(move || {
        for item in from {
            if to.send(wrap(item)).is_err() {
                break;
            }
        }
    });
}

/// The loop: draw, wait for a message, update, carry out the commands. Generic over the backend
/// so tests drive it on a `TestBackend`.
pub fn run_loop<B: Backend>(
    terminal: &mut Terminal<B>,
    workshop: &mut Workshop,
    messages: &Receiver<Msg>,
    server: Option<&Server>,
    out_dir: &std::path::Path,
) -> std::io::Result<()>
where
    B::Error: std::error::Error + Send + Sync + 'static,
{
    loop {
        terminal
            .draw(|f| f.render_widget(&*workshop, f.area()))
            .map_err(std::io::Error::other)?;
        if workshop.quit {
            return Ok(());
        }
        let Ok(msg) = messages.recv() else {
            return Ok(());
        };
        for command in workshop.update(msg) {
            match command {
                Command::Room(c) => {
                    if let Some(s) = server {
                        s.send(c);
                    }
                }
                Command::Export => {
                    let result = write_export(workshop, out_dir, jiff::Timestamp::now());
                    workshop.update(Msg::Exported(result));
                }
            }
        }
    }
}

/// Writes the Markdown and CSV summaries; returns their paths.
pub fn write_export(
    w: &Workshop,
    dir: &std::path::Path,
    when: jiff::Timestamp,
) -> Result<(String, String), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let stem = format!(
        "workshop-{}-{}",
        w.session.scenario().meta().id,
        when.strftime("%Y%m%d-%H%M%S")
    );
    let md = dir.join(format!("{stem}.md"));
    let csv = dir.join(format!("{stem}.csv"));
    std::fs::write(&md, export::markdown(w, when))
        .map_err(|e| format!("cannot write {}: {e}", md.display()))?;
    let table = export::csv(w).map_err(|e| e.to_string())?;
    std::fs::write(&csv, table).map_err(|e| format!("cannot write {}: {e}", csv.display()))?;
    Ok((md.display().to_string(), csv.display().to_string()))
}
