//! `canteen serve`: the trainer as web pages for every learner of a trust, and
//! `canteen serve invite` for the sign-in links of a pilot without single sign-on.

use std::io::Write;
use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use super::{CommandError, CommandResult, Global};
use crate::records::{Store, data_dir, database_path};
use crate::web::{Options, Server, SingleSignOn};

/// Where `serve` listens without `--bind`: loopback only.
pub const DEFAULT_BIND: SocketAddr =
    SocketAddr::new(IpAddr::V4(std::net::Ipv4Addr::LOCALHOST), 8080);

/// `canteen serve`: where to listen, the address learners use, and who signs them in.
#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Args {
    #[command(subcommand)]
    pub invite: Option<Invite>,
    #[command(flatten)]
    pub records: Records,
    /// Address and port to listen on (port 0 picks a free one, printed at start).
    #[arg(long, value_name = "ADDR:PORT", default_value_t = DEFAULT_BIND)]
    pub bind: SocketAddr,
    /// The address learners open, e.g. https://training.example.nhs.uk behind a proxy with TLS
    /// (default: http:// and the --bind address). Sign-in links use it; over https the session
    /// cookie is Secure.
    #[arg(long, value_name = "URL", env = "CANTEEN_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// Trust this request header as the learner's identity (e.g. X-Forwarded-Email from
    /// oauth2-proxy), from the --sso-proxy address only.
    #[arg(long, value_name = "HEADER", requires = "sso_proxy")]
    pub sso_header: Option<String>,
    /// The single sign-on proxy's address: the only one whose --sso-header is believed.
    #[arg(long, value_name = "IP", requires = "sso_header")]
    pub sso_proxy: Option<IpAddr>,
    /// The header in which the --sso-proxy lists the learner's groups, comma-separated (e.g.
    /// X-Forwarded-Groups from oauth2-proxy), for --admin-group.
    #[arg(long, value_name = "HEADER", requires_all = ["sso_header", "admin_group"])]
    pub admin_group_header: Option<String>,
    /// A group (as the proxy names it) whose members may see the team pages; repeat for each.
    #[arg(long, value_name = "GROUP", requires = "admin_group_header")]
    pub admin_group: Vec<String>,
    /// The trust's own pathways file (a RON file like assets/pathways.ron): the scenarios each
    /// role must pass and how often, for the compliance view. Checked at start.
    #[arg(long, value_name = "FILE", env = "CANTEEN_PATHWAYS")]
    pub pathways: Option<std::path::PathBuf>,
    /// Hours a signed-in browser may sit unused before its learner signs in again.
    #[arg(long, value_name = "HOURS", default_value_t = 8,
          value_parser = clap::value_parser!(u64).range(1..=24 * 30))]
    pub idle_hours: u64,
    /// A manager or member of the training team (their email or sign-on identity) who may see
    /// the team report at /team; repeat for each.
    #[arg(long, value_name = "EMAIL")]
    pub admin: Vec<String>,
    /// Sync the disk after every choice, so acknowledged choices survive a power cut too (by
    /// default they survive canteen being stopped, killed or crashing; a sync per choice costs
    /// much of the server's speed on most disks).
    #[arg(long)]
    pub sync_every_choice: bool,
    /// Connections one address may hold open (raise it behind a proxy, which is one address).
    #[arg(long, value_name = "N", default_value_t = 256,
          value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..))]
    pub connections_per_address: usize,
    /// The address of the trust's LMS (e.g. https://lms.example.nhs.uk), whose cmi5 launches
    /// (from `canteen package --cmi5`) canteen takes: a launch's fetch URL and record store
    /// must be at one of these. Repeat for each; without it, cmi5 launches are refused.
    #[arg(long, value_name = "URL", env = "CANTEEN_LMS", value_delimiter = ',')]
    pub lms: Vec<String>,
}

/// Where `serve` and `serve invite` keep the records.
#[derive(Debug, clap::Args)]
pub struct Records {
    /// Where the records are kept: a PostgreSQL server that several `canteen serve`
    /// processes share (postgres://USER:PASSWORD@HOST/DATABASE; better given in the
    /// CANTEEN_DATABASE environment variable, so the password is not on the command line),
    /// or a records file. Default: canteen.db in the data folder.
    #[arg(
        long,
        value_name = "URL OR FILE",
        env = "CANTEEN_DATABASE",
        hide_env_values = true
    )]
    pub database: Option<String>,
}

impl Records {
    fn open(&self, global: &Global) -> Result<Store, crate::records::StoreError> {
        match &self.database {
            Some(spec) => Store::open_database(spec),
            None => Store::open(&database_path(&data_dir(global.data_dir.as_deref()))),
        }
    }
}

/// `canteen serve invite`.
#[derive(Debug, clap::Subcommand)]
pub enum Invite {
    /// Print a single-use sign-in link for each email address (a pilot with no single
    /// sign-on); only a hash of each link's token is kept.
    Invite(InviteArgs),
}

#[derive(Debug, clap::Args)]
pub struct InviteArgs {
    /// The learners' email addresses (their identity in the records).
    #[arg(required = true, value_name = "EMAIL")]
    pub emails: Vec<String>,
    /// Days each link stays valid.
    #[arg(long, value_name = "DAYS", default_value_t = 14,
          value_parser = clap::value_parser!(u64).range(1..=90))]
    pub days: u64,
    /// The address learners open (as for `serve`), for the links.
    #[arg(long, value_name = "URL", env = "CANTEEN_PUBLIC_URL")]
    pub public_url: Option<String>,
    #[command(flatten)]
    pub records: Records,
}

fn public_url(given: Option<&str>, bind: SocketAddr) -> Result<String, CommandError> {
    let Some(url) = given else {
        return Ok(format!("http://{bind}"));
    };
    let ok = url
        .parse::<axum::http::Uri>()
        .ok()
        .filter(|u| matches!(u.scheme_str(), Some("http" | "https")) && u.host().is_some());
    match ok {
        Some(_) => Ok(url.trim_end_matches('/').to_string()),
        None => Err(
            CommandError::usage(format!("--public-url {url:?} is not a web address"))
                .with_hint("Give the address learners open, e.g. https://training.example.nhs.uk"),
        ),
    }
}

/// The origins of the LMS addresses given to `--lms`.
fn lms_origins(given: &[String]) -> Result<Vec<String>, CommandError> {
    given
        .iter()
        .filter(|g| !g.trim().is_empty())
        .map(|g| {
            crate::web::screens::cmi5::origin(g.trim())
                .filter(|o| o.starts_with("http://") || o.starts_with("https://"))
                .ok_or_else(|| {
                    CommandError::usage(format!("--lms {g:?} is not a web address"))
                        .with_hint("Give the LMS's address, e.g. --lms https://lms.example.nhs.uk")
                })
        })
        .collect()
}

/// A plausible email address: one `@` with something either side, no spaces or controls.
fn plausible_email(e: &str) -> bool {
    let e = e.trim();
    e.len() <= 320
        && !e.chars().any(|c| c.is_whitespace() || c.is_control())
        && e.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty() && domain.contains('.') && !domain.contains('@')
        })
}

pub(super) fn run(global: &Global, args: &Args, out: &mut dyn Write) -> CommandResult {
    if let Some(Invite::Invite(invite)) = &args.invite {
        let mut store = invite.records.open(global)?;
        return run_invite(&mut store, invite, args.bind, out);
    }
    let store = args.records.open(global)?;
    let library = global.library(&global.pack())?;
    if library.scenarios().next().is_none() {
        return Err(
            CommandError::usage("there is no playable scenario to serve")
                .with_hint("Run `canteen validate` on the pack to see why"),
        );
    }
    let options_pathways = super::pathways::load(&library, args.pathways.as_deref())?;
    store.can_save()?;
    store.for_many_learners(args.sync_every_choice)?;
    let location = store.path().display().to_string();
    let mut options = Options::at(&public_url(args.public_url.as_deref(), args.bind)?);
    options.seed = global.seed;
    options.idle = Duration::from_secs(args.idle_hours * 3600);
    options.connections_per_address = args.connections_per_address;
    options.admins = args.admin.iter().map(|a| a.trim().to_string()).collect();
    options.pathways = std::sync::Arc::new(options_pathways);
    options.lms = lms_origins(&args.lms)?;
    options.single_sign_on = match (&args.sso_header, args.sso_proxy) {
        (Some(header), Some(proxy)) => Some(SingleSignOn {
            header: header.to_ascii_lowercase(),
            proxy,
            groups: args.admin_group_header.as_ref().map(|h| {
                (
                    h.to_ascii_lowercase(),
                    args.admin_group
                        .iter()
                        .map(|g| g.trim().to_string())
                        .collect(),
                )
            }),
        }),
        _ => None,
    };
    let given_url = args.public_url.is_some();
    let server = Server::start(args.bind, library, store, options.clone()).map_err(|e| {
        CommandError::io(format!("cannot listen on {}: {e}", args.bind))
            .with_hint("Another program may be using the port: choose another with --bind")
    })?;
    let url = if given_url {
        options.public_url.clone()
    } else {
        format!("http://{}", server.addr)
    };
    writeln!(
        out,
        "canteen serve: the trainer is at {url}/ (listening on {})",
        server.addr
    )?;
    writeln!(out, "Records are kept in {location}.")?;
    match &options.single_sign_on {
        Some(sso) => writeln!(
            out,
            "Learners sign in through the proxy at {}, which names them in {}.",
            sso.proxy, sso.header
        )?,
        None => writeln!(
            out,
            "Learners sign in with links from `canteen serve invite EMAIL...`."
        )?,
    }
    writeln!(
        out,
        "Press Ctrl+C to stop; every choice is saved as it is made."
    )?;
    out.flush()?;
    server.wait();
    Ok(())
}

fn run_invite(
    store: &mut Store,
    args: &InviteArgs,
    bind: SocketAddr,
    out: &mut dyn Write,
) -> CommandResult {
    let url = public_url(args.public_url.as_deref(), bind)?;
    if let Some(bad) = args.emails.iter().find(|e| !plausible_email(e)) {
        return Err(CommandError::usage(format!(
            "{:?} is not an email address",
            crate::format::harmless::harmless(bad)
        ))
        .with_hint("Give each learner's email address, e.g. a.nurse@nhs.net"));
    }
    let now = jiff::Timestamp::now().as_second();
    let expires = now + (args.days * 24 * 3600) as i64;
    let until = jiff::Timestamp::from_second(expires)
        .map(|t| t.strftime("%-d %B %Y").to_string())
        .unwrap_or_default();
    let emails: Vec<&str> = args.emails.iter().map(|e| e.trim()).collect();
    let tokens = store.invite(&emails, now, expires)?;
    for (email, token) in emails.iter().zip(tokens) {
        writeln!(out, "{email}\t{url}/sign-in/{token}")?;
    }
    writeln!(
        out,
        "Each link signs its learner in once, until {until}. Send each only to its learner."
    )?;
    Ok(())
}
