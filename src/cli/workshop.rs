//! `canteen workshop`: the facilitator's projector view, with phones voting when served.

use std::io::{BufRead, IsTerminal, Write};
use std::net::SocketAddr;
use std::path::PathBuf;

use super::{CommandError, CommandResult, Global, find_scenario};
use crate::library::Library;
use crate::records::data_dir;
use crate::workshop::run::{Options, run as run_workshop};
use crate::workshop::server::Limits;

/// Where phones connect when `--serve` is given without `--bind`.
pub const DEFAULT_BIND: std::net::SocketAddr =
    std::net::SocketAddr::new(std::net::IpAddr::V4(std::net::Ipv4Addr::LOCALHOST), 8123);

/// `canteen workshop`: which scenario, and whether and where phones may vote.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The scenario: its id, or the path of its file (asked for when left out).
    pub scenario: Option<String>,
    /// Let phones vote: serve the voting page (on loopback unless --bind says otherwise).
    #[arg(long)]
    pub serve: bool,
    /// Address and port to serve on, e.g. 0.0.0.0:8123 to reach phones on the room's network.
    #[arg(long, value_name = "ADDR:PORT")]
    pub bind: Option<SocketAddr>,
    /// The address phones should open (default: the --bind address; for 0.0.0.0, this
    /// computer's address on the room's network), e.g. http://10.1.2.3:8123.
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
    /// Folder for the exported summaries (default: workshops/ in the records folder).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// New phones one network address may add a minute (phones behind one Wi-Fi share an
    /// address; those over the rate wait and join by themselves).
    #[arg(long, value_name = "N", default_value_t = Limits::default().devices_per_minute,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub devices_per_minute: u32,
    /// Connections one network address may hold open at once.
    #[arg(long, value_name = "N", default_value_t = Limits::default().connections_per_address,
          value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..))]
    pub connections_per_address: usize,
    /// The most phones the room admits.
    #[arg(long, value_name = "N", default_value_t = Limits::default().max_devices,
          value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..))]
    pub max_phones: usize,
}

pub(super) fn run(global: &Global, args: &Args, out: &mut dyn Write) -> CommandResult {
    if !(std::io::stdout().is_terminal() && std::io::stdin().is_terminal()) {
        return Err(
            CommandError::usage("workshop mode is a projector view and needs a terminal")
                .with_hint("Run it in a terminal window"),
        );
    }
    let key = args.scenario.as_deref();
    let library = global.library(&key.map_or_else(|| global.pack(), |k| global.pack_for(k)))?;
    let scenario = match key {
        Some(k) => std::sync::Arc::clone(find_scenario(&library, k)?),
        None => pick(&library, out)?,
    };
    let serve_at = (args.serve || args.bind.is_some()).then(|| args.bind.unwrap_or(DEFAULT_BIND));
    let options = Options {
        scenario,
        seed: global.session_seed(),
        theme: global.theme(),
        serve: serve_at,
        url: args.url.clone(),
        out_dir: args
            .out
            .clone()
            .unwrap_or_else(|| data_dir(global.data_dir.as_deref()).join("workshops")),
        limits: Limits {
            devices_per_minute: args.devices_per_minute,
            connections_per_address: args.connections_per_address,
            max_devices: args.max_phones,
            ..Limits::default()
        },
    };
    let ended = match run_workshop(options) {
        Ok(ended) => ended,
        Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => {
            return Err(CommandError::usage(format!(
                "{} is already in use",
                serve_at.map(|a| a.to_string()).unwrap_or_default()
            ))
            .with_hint("Choose another port with --bind"));
        }
        Err(e) => return Err(e.into()),
    };
    if let Some((md, csv)) = &ended.exported {
        writeln!(out, "The group's summary is in {md} and {csv}.")?;
    }
    match ended.stopped {
        Some(stop) => Err(stop.into()),
        None => Ok(()),
    }
}

/// Asks which scenario to run, on the terminal, before the projector view opens.
fn pick(
    library: &Library,
    out: &mut dyn Write,
) -> Result<std::sync::Arc<crate::engine::Scenario>, CommandError> {
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
    let answer = line.trim();
    answer
        .parse::<usize>()
        .ok()
        .and_then(|n| all.get(n.wrapping_sub(1)).cloned())
        .ok_or_else(|| {
            CommandError::invalid(format!("there is no scenario number \"{answer}\""))
                .with_hint(format!("Answer with a number from 1 to {}", all.len()))
        })
}
