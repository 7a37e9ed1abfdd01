//! `canteen workshop`: the facilitator's projector view, with phones voting when served.

use std::io::{BufRead, IsTerminal, Write};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use rand::RngExt;

use super::Cli;
use crate::library::{Library, Pack};
use crate::present::theme::Theme;
use crate::records::data_dir;
use crate::workshop::run::{Options, run as run_workshop};

/// Where phones connect when `--serve` is given without `--bind`.
pub const DEFAULT_BIND: &str = "127.0.0.1:8123";

pub(super) fn run(
    cli: &Cli,
    key: Option<&str>,
    serve: bool,
    bind: Option<SocketAddr>,
    url: Option<String>,
    out_dir: Option<PathBuf>,
    out: &mut dyn Write,
) -> std::io::Result<ExitCode> {
    if !(std::io::stdout().is_terminal() && std::io::stdin().is_terminal()) {
        eprintln!(
            "canteen: workshop mode is a projector view and needs a terminal; run it in a terminal window."
        );
        return Ok(ExitCode::from(2));
    }
    let pack = match key.map(PathBuf::from).filter(|p| p.is_file()) {
        Some(p) => Pack::Paths(vec![p]),
        None => cli
            .scenarios
            .clone()
            .map_or(Pack::Shipped, |p| Pack::Paths(vec![p])),
    };
    let library = Library::load(&pack);
    let scenario = match key {
        Some(k) => library.find(k).cloned(),
        None => pick(&library, out)?,
    };
    let Some(scenario) = scenario else {
        let ids: Vec<_> = library.scenarios().map(|s| s.meta().id.as_str()).collect();
        writeln!(
            out,
            "No valid scenario \"{}\". Valid scenarios: {}",
            key.unwrap_or(""),
            ids.join(", ")
        )?;
        return Ok(ExitCode::from(1));
    };
    let no_colour = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let serve_at = serve
        .then(|| bind.unwrap_or_else(|| DEFAULT_BIND.parse().expect("the default address parses")));
    let options = Options {
        scenario,
        seed: cli.seed.unwrap_or_else(|| rand::rng().random()),
        theme: Theme::new(cli.theme, no_colour),
        serve: serve_at,
        url,
        out_dir: out_dir.unwrap_or_else(|| data_dir(cli.data_dir.as_deref()).join("workshops")),
    };
    let ended = match run_workshop(options) {
        Ok(ended) => ended,
        Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => {
            eprintln!(
                "canteen: {} is already in use; choose another port with --bind.",
                serve_at.map(|a| a.to_string()).unwrap_or_default()
            );
            return Ok(ExitCode::from(2));
        }
        Err(e) => return Err(e),
    };
    if let Some((md, csv)) = &ended.exported {
        writeln!(out, "The group's summary is in {md} and {csv}.")?;
    }
    if let Some(stop) = ended.stopped {
        eprintln!("{}.", stop.describe());
        return Ok(ExitCode::from(stop.exit_code()));
    }
    Ok(ExitCode::SUCCESS)
}

/// Asks which scenario to run, on the terminal, before the projector view opens.
fn pick(
    library: &Library,
    out: &mut dyn Write,
) -> std::io::Result<Option<std::sync::Arc<crate::engine::Scenario>>> {
    let all: Vec<_> = library.scenarios().cloned().collect();
    writeln!(out, "Which scenario will the room play?")?;
    for (i, s) in all.iter().enumerate() {
        writeln!(
            out,
            "{:>3}. {} ({} min)",
            i + 1,
            s.meta().title,
            s.meta().minutes
        )?;
    }
    write!(out, "Number: ")?;
    out.flush()?;
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    Ok(line
        .trim()
        .parse::<usize>()
        .ok()
        .and_then(|n| all.get(n.wrapping_sub(1)).cloned()))
}
