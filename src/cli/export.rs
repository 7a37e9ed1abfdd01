//! `canteen export`: attempt records as JSON lines for a manager's report, xAPI statements as
//! JSON lines, or xAPI statements sent to a learning record store through the outbox.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::ArgGroup;

use super::play::open_store;
use super::{CommandError, CommandResult, Global};
use crate::library::Library;
use crate::records::lrs::{Lrs, check_endpoint};
use crate::records::outbox::{AttemptStatements, Waiting};
use crate::records::settings::{KEY_ENV, SECRET_ENV, Settings, readable_by_others, settings_path};
use crate::records::xapi::{self, Actor, Statement};
use crate::records::{AttemptRecord, Store};

/// `canteen export`: what to export and where to.
#[derive(Debug, clap::Args)]
#[command(group(ArgGroup::new("what").required(true).multiple(true).args(["records", "xapi", "lrs"])))]
pub struct Args {
    /// Write your attempt records as JSON lines to FILE ("-" for the screen), for
    /// `canteen report`.
    #[arg(long, value_name = "FILE")]
    pub records: Option<PathBuf>,
    /// Write xAPI 1.0.3 statements as JSON lines to FILE ("-" for the screen).
    #[arg(long, value_name = "FILE")]
    pub xapi: Option<PathBuf>,
    /// Send xAPI statements to the LRS endpoint at URL, through the outbox in your records.
    /// The key and secret come from CANTEEN_LRS_KEY and CANTEEN_LRS_SECRET or the settings
    /// file, never from the command line.
    #[arg(long, value_name = "URL")]
    pub lrs: Option<String>,
    /// Statements per request to the LRS.
    #[arg(long, value_name = "N", default_value_t = crate::records::lrs::DEFAULT_BATCH as u16,
          value_parser = clap::value_parser!(u16).range(1..=1000))]
    pub batch: u16,
}

/// How long one request to the LRS may take before it counts as a network failure.
const LRS_TIMEOUT: Duration = Duration::from_secs(60);

pub(super) fn run(
    global: &Global,
    library: &Library,
    args: &Args,
    out: &mut dyn Write,
) -> CommandResult {
    let (lrs, batch) = (args.lrs.as_deref(), usize::from(args.batch));
    let mut store = open_store(global)?;
    let attempts = super::records::readable_attempts(&store)?;
    if let Some(file) = &args.records {
        let mut lines = String::new();
        for a in &attempts {
            lines.push_str(&serde_json::to_string(a)?);
            lines.push('\n');
        }
        write_to(file, &lines, out)?;
        report_written(out, file, attempts.len(), "attempt record")?;
    }
    if args.xapi.is_none() && lrs.is_none() {
        return Ok(());
    }
    let path = settings_path();
    let settings = Settings::load(&path)?;
    if lrs.is_some() && settings.lrs_secret.is_some() && readable_by_others(&path) {
        eprintln!(
            "canteen: warning: {} holds the LRS secret and other users can read it; \
             make it private with `chmod 600 {}`",
            path.display(),
            path.display()
        );
    }
    let settings = settings.with_env(|name| std::env::var(name).ok());
    let learner = store.learner()?.name;
    if let Some(endpoint) = lrs {
        // Check the address and credentials before building anything.
        check_endpoint(endpoint).map_err(CommandError::usage)?;
        if settings.credentials().is_none() {
            return Err(CommandError::settings("the LRS needs a key and a secret")
                .with_hint(format!(
                    "Set {KEY_ENV} and {SECRET_ENV}, or lrs_key and lrs_secret in the settings \
                     file {}",
                    settings_path().display()
                ))
                .with_hint(
                    "They are never taken from the command line, where shell history would keep them",
                ));
        }
    }
    let made = statements_for(&attempts, &learner, &settings, library)?;
    if let Some(file) = &args.xapi {
        let mut lines = String::new();
        for s in made.iter().flat_map(|(_, s)| s) {
            lines.push_str(&s.json.to_string());
            lines.push('\n');
        }
        write_to(file, &lines, out)?;
        let count = made.iter().map(|(_, s)| s.len()).sum();
        report_written(out, file, count, "xAPI statement")?;
    }
    if let (Some(endpoint), Some(credentials)) = (lrs, settings.credentials()) {
        return send(&mut store, &made, endpoint, &credentials, batch, out);
    }
    Ok(())
}

/// The checked statements of every attempt. A statement that breaks an xAPI rule is a fault in
/// canteen, reported rather than sent.
fn statements_for<'a>(
    attempts: &'a [AttemptRecord],
    learner: &str,
    settings: &Settings,
    library: &Library,
) -> Result<Vec<(&'a AttemptRecord, Vec<Statement>)>, CommandError> {
    let mut made = Vec::with_capacity(attempts.len());
    for a in attempts {
        // Attempts made before a name was given are the same learner's: use today's name.
        let who = if a.learner.trim().is_empty() {
            learner
        } else {
            &a.learner
        };
        let actor = Actor::for_learner(who, settings.xapi_homepage.as_deref())
            .map_err(|e| CommandError::settings(e.to_string()))?;
        let scenario = library.find(&a.scenario_id).map(|s| &**s);
        let statements = xapi::statements(a, &actor, scenario)
            .map_err(|e| CommandError::records(e.to_string()))?;
        for s in &statements {
            let problems = xapi::check::check(&s.json);
            if !problems.is_empty() {
                let list: Vec<String> = problems.iter().map(ToString::to_string).collect();
                return Err(CommandError::internal(format!(
                    "statement {} of attempt {} breaks xAPI rules ({})",
                    s.id,
                    a.attempt_id,
                    list.join("; ")
                ))
                .with_hint("Please report this as a canteen bug"));
            }
        }
        made.push((a, statements));
    }
    Ok(made)
}

/// Queues what is new, then sends the outbox, printing progress.
fn send(
    store: &mut Store,
    made: &[(&AttemptRecord, Vec<Statement>)],
    endpoint: &str,
    credentials: &crate::records::settings::Credentials,
    batch: usize,
    out: &mut dyn Write,
) -> CommandResult {
    let queued = store.queued_attempts()?;
    let fresh: Vec<AttemptStatements> = made
        .iter()
        .filter(|(a, _)| !queued.contains(&a.attempt_id))
        .map(|(a, statements)| AttemptStatements {
            attempt_id: a.attempt_id.clone(),
            statements: statements
                .iter()
                .map(|s| Waiting {
                    statement_id: s.id.clone(),
                    body: s.json.to_string(),
                })
                .collect(),
        })
        .collect();
    let added = store.queue_statements(&fresh, jiff::Timestamp::now())?;
    let waiting = store.outbox_len()?;
    writeln!(
        out,
        "Queued {added} new statement{} from {} attempt{}; {waiting} waiting in the outbox.",
        if added == 1 { "" } else { "s" },
        fresh.len(),
        if fresh.len() == 1 { "" } else { "s" },
    )?;
    if waiting == 0 {
        writeln!(out, "Nothing to send.")?;
        return Ok(());
    }
    let lrs = Lrs::new(endpoint, credentials, LRS_TIMEOUT);
    writeln!(out, "Sending to {} ...", lrs.url())?;
    out.flush()?;
    // A progress line that cannot be printed (a closed pipe) must not stop the sending.
    let result = lrs.send_outbox(store, batch, &mut |sent, total| {
        let _ = writeln!(out, "{sent} of {total} sent").and_then(|()| out.flush());
    });
    match result {
        Ok(sent) => {
            writeln!(
                out,
                "Done: {sent} statement{} sent.",
                if sent == 1 { "" } else { "s" }
            )?;
            Ok(())
        }
        Err(e) => Err(CommandError::failed(e.to_string())),
    }
}

/// Writes `text` to a file, or to the screen for `-`.
fn write_to(file: &Path, text: &str, out: &mut dyn Write) -> CommandResult {
    if file == Path::new("-") {
        out.write_all(text.as_bytes())?;
        return Ok(());
    }
    if let Some(dir) = file.parent().filter(|d| !d.as_os_str().is_empty())
        && let Err(e) = std::fs::create_dir_all(dir)
    {
        return Err(CommandError::io(format!(
            "cannot create the folder {}: {e}",
            dir.display()
        )));
    }
    std::fs::write(file, text)
        .map_err(|e| CommandError::io(format!("cannot write {}: {e}", file.display())))
}

fn report_written(out: &mut dyn Write, file: &Path, n: usize, what: &str) -> std::io::Result<()> {
    if file != Path::new("-") {
        writeln!(
            out,
            "Wrote {n} {what}{} to {}",
            if n == 1 { "" } else { "s" },
            file.display()
        )?;
    }
    Ok(())
}
