//! `canteen export`: attempt records as JSON lines for a manager's report, xAPI statements as
//! JSON lines, or xAPI statements sent to a learning record store through the outbox.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

use super::Cli;
use super::play::open_store;
use crate::library::Library;
use crate::records::lrs::{Lrs, check_endpoint};
use crate::records::outbox::{AttemptStatements, Waiting};
use crate::records::settings::{KEY_ENV, SECRET_ENV, Settings, readable_by_others, settings_path};
use crate::records::xapi::{self, Actor, Statement};
use crate::records::{AttemptRecord, Store};

/// What to export, as given on the command line.
pub(super) struct Export<'a> {
    pub records: Option<&'a Path>,
    pub xapi: Option<&'a Path>,
    pub lrs: Option<&'a str>,
    pub batch: usize,
}

/// How long one request to the LRS may take before it counts as a network failure.
const LRS_TIMEOUT: Duration = Duration::from_secs(60);

fn fail(code: u8, message: impl std::fmt::Display) -> std::io::Result<ExitCode> {
    eprintln!("canteen: {message}");
    Ok(ExitCode::from(code))
}

pub(super) fn run(
    cli: &Cli,
    library: &Library,
    what: Export<'_>,
    out: &mut dyn Write,
) -> std::io::Result<ExitCode> {
    let mut store = match open_store(cli) {
        Ok(s) => s,
        Err(code) => return Ok(code),
    };
    let attempts = match store.attempts() {
        Ok(a) => a,
        Err(e) => return fail(2, e),
    };
    if let Some(file) = what.records {
        let mut lines = String::new();
        for a in &attempts {
            lines.push_str(&serde_json::to_string(a).map_err(std::io::Error::other)?);
            lines.push('\n');
        }
        if let Some(code) = write_to(file, &lines, out)? {
            return Ok(code);
        }
        report_written(out, file, attempts.len(), "attempt record")?;
    }
    if what.xapi.is_none() && what.lrs.is_none() {
        return Ok(ExitCode::SUCCESS);
    }
    let path = settings_path();
    let settings = match Settings::load(&path) {
        Ok(s) => s,
        Err(e) => return fail(2, e),
    };
    if what.lrs.is_some() && settings.lrs_secret.is_some() && readable_by_others(&path) {
        eprintln!(
            "canteen: warning: {} holds the LRS secret and other users can read it; \
             make it private with `chmod 600 {}`",
            path.display(),
            path.display()
        );
    }
    let settings = settings.with_env(|name| std::env::var(name).ok());
    let learner = match store.learner() {
        Ok(l) => l.name,
        Err(e) => return fail(2, e),
    };
    if let Some(endpoint) = what.lrs {
        // Check the address and credentials before building anything.
        if let Err(e) = check_endpoint(endpoint) {
            return fail(2, e);
        }
        if settings.credentials().is_none() {
            return fail(
                2,
                format!(
                    "the LRS needs a key and a secret: set {KEY_ENV} and {SECRET_ENV}, or lrs_key \
                     and lrs_secret in the settings file {}. They are never taken from the command \
                     line, where shell history would keep them",
                    settings_path().display()
                ),
            );
        }
    }
    let made = match statements_for(&attempts, &learner, &settings, library) {
        Ok(m) => m,
        Err(e) => return fail(2, e),
    };
    if let Some(file) = what.xapi {
        let mut lines = String::new();
        for s in made.iter().flat_map(|(_, s)| s) {
            lines.push_str(&s.json.to_string());
            lines.push('\n');
        }
        if let Some(code) = write_to(file, &lines, out)? {
            return Ok(code);
        }
        let count = made.iter().map(|(_, s)| s.len()).sum();
        report_written(out, file, count, "xAPI statement")?;
    }
    if let (Some(endpoint), Some(credentials)) = (what.lrs, settings.credentials()) {
        return send(&mut store, &made, endpoint, &credentials, what.batch, out);
    }
    Ok(ExitCode::SUCCESS)
}

/// The checked statements of every attempt. A statement that breaks an xAPI rule is a fault in
/// canteen, reported rather than sent.
fn statements_for<'a>(
    attempts: &'a [AttemptRecord],
    learner: &str,
    settings: &Settings,
    library: &Library,
) -> Result<Vec<(&'a AttemptRecord, Vec<Statement>)>, String> {
    let mut made = Vec::with_capacity(attempts.len());
    for a in attempts {
        // Attempts made before a name was given are the same learner's: use today's name.
        let who = if a.learner.trim().is_empty() {
            learner
        } else {
            &a.learner
        };
        let actor = Actor::for_learner(who, settings.xapi_homepage.as_deref())
            .map_err(|e| e.to_string())?;
        let scenario = library.find(&a.scenario_id).map(|s| &**s);
        let statements = xapi::statements(a, &actor, scenario).map_err(|e| e.to_string())?;
        for s in &statements {
            let problems = xapi::check::check(&s.json);
            if !problems.is_empty() {
                let list: Vec<String> = problems.iter().map(ToString::to_string).collect();
                return Err(format!(
                    "statement {} of attempt {} breaks xAPI rules ({}); please report this as a \
                     canteen bug",
                    s.id,
                    a.attempt_id,
                    list.join("; ")
                ));
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
) -> std::io::Result<ExitCode> {
    let queued = match store.queued_attempts() {
        Ok(q) => q,
        Err(e) => return fail(2, e),
    };
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
    let added = match store.queue_statements(&fresh, jiff::Timestamp::now()) {
        Ok(n) => n,
        Err(e) => return fail(2, e),
    };
    let waiting = match store.outbox_len() {
        Ok(n) => n,
        Err(e) => return fail(2, e),
    };
    writeln!(
        out,
        "Queued {added} new statement{} from {} attempt{}; {waiting} waiting in the outbox.",
        if added == 1 { "" } else { "s" },
        fresh.len(),
        if fresh.len() == 1 { "" } else { "s" },
    )?;
    if waiting == 0 {
        writeln!(out, "Nothing to send.")?;
        return Ok(ExitCode::SUCCESS);
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
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => fail(1, e),
    }
}

/// Writes `text` to a file, or to the screen for `-`; an exit code if it could not.
fn write_to(file: &Path, text: &str, out: &mut dyn Write) -> std::io::Result<Option<ExitCode>> {
    if file == Path::new("-") {
        out.write_all(text.as_bytes())?;
        return Ok(None);
    }
    if let Some(dir) = file.parent().filter(|d| !d.as_os_str().is_empty())
        && let Err(e) = std::fs::create_dir_all(dir)
    {
        return fail(
            2,
            format!("cannot create the folder {}: {e}", dir.display()),
        )
        .map(Some);
    }
    match std::fs::write(file, text) {
        Ok(()) => Ok(None),
        Err(e) => fail(2, format!("cannot write {}: {e}", file.display())).map(Some),
    }
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
