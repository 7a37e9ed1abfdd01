//! `canteen records`: the learner's completed attempts, and moving a damaged file aside.

use std::io::Write;

use clap::ValueEnum;

use super::play::open_store;
use super::{CommandResult, Global};
use crate::records::report::bar;
use crate::records::{AttemptRecord, Store, StoreError, data_dir, database_path, move_aside};

/// `canteen records`: how to print them, or whether to move a damaged file aside.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output format.
    #[arg(long, value_enum, default_value_t = RecordsFormat::Table)]
    pub format: RecordsFormat,
    /// Move a damaged or foreign records file aside (it is renamed, never deleted) so a
    /// fresh one can be started.
    #[arg(long)]
    pub move_aside: bool,
}

/// How to print the records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RecordsFormat {
    /// One attempt per block, with a bar per principle.
    Table,
    /// One row per attempt.
    Csv,
    /// A JSON array of attempt records, as `canteen report` reads them.
    Json,
}

pub(super) fn run(global: &Global, args: &Args, out: &mut dyn Write) -> CommandResult {
    let path = database_path(&data_dir(global.data_dir.as_deref()));
    if args.move_aside {
        if !path.exists() {
            writeln!(
                out,
                "There is no records file at {}; nothing to move.",
                path.display()
            )?;
            return Ok(());
        }
        let stamp = jiff::Timestamp::now()
            .strftime("%Y%m%dT%H%M%SZ")
            .to_string();
        let to = move_aside(&path, &stamp)?;
        writeln!(
            out,
            "Moved {} to {}. A fresh records file will be started next time.",
            path.display(),
            to.display()
        )?;
        return Ok(());
    }
    let store = open_store(global)?;
    let attempts = readable_attempts(&store)?;
    match args.format {
        RecordsFormat::Json => {
            writeln!(out, "{}", serde_json::to_string_pretty(&attempts)?)?;
        }
        RecordsFormat::Csv => {
            let mut w = csv::Writer::from_writer(out);
            w.write_record([
                "attempt_id",
                "scenario",
                "title",
                "learner",
                "started_at",
                "finished_at",
                "active_seconds",
                "ending",
                "overall",
                "scoring",
                "pass_mark",
                "passed",
                "critical",
                "principles",
            ])?;
            for a in &attempts {
                w.write_record([
                    a.attempt_id.clone(),
                    a.scenario_id.clone(),
                    a.scenario_title.clone(),
                    a.learner.clone(),
                    a.started_at.to_string(),
                    a.finished_at.to_string(),
                    (a.active_ms / 1000).to_string(),
                    a.ending.clone(),
                    a.overall.to_string(),
                    a.scoring.to_string(),
                    a.pass_mark.to_string(),
                    a.passed.to_string(),
                    a.critical.join(" "),
                    principle_summary(a),
                ])?;
            }
            w.flush()?;
        }
        RecordsFormat::Table => {
            if attempts.is_empty() {
                writeln!(
                    out,
                    "No completed attempts yet in {}. Run `canteen` to play a scenario.",
                    store.path().display()
                )?;
                return Ok(());
            }
            write_table(&attempts, out)?;
            writeln!(
                out,
                "\n{} attempt(s) in {}",
                attempts.len(),
                store.path().display()
            )?;
        }
    }
    Ok(())
}

fn principle_summary(a: &AttemptRecord) -> String {
    a.principles
        .iter()
        .filter_map(|p| p.percent.map(|x| format!("{} {x}%", p.id)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// One line per attempt, then its score on each principle with a bar and the points behind it.
fn write_table(attempts: &[AttemptRecord], out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(
        out,
        "{:<17} {:<30} {:>6}  {:<10} {:>5}",
        "finished (UTC)", "scenario", "time", "result", "score"
    )?;
    let name_width = attempts
        .iter()
        .flat_map(|a| &a.principles)
        .map(|p| p.name.chars().count())
        .max()
        .unwrap_or(0);
    for (i, a) in attempts.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        let secs = a.active_ms / 1000;
        // jiff's strftime display ignores widths, so pad the formatted string.
        let finished = a.finished_at.strftime("%Y-%m-%d %H:%M").to_string();
        writeln!(
            out,
            "{finished:<17} {:<30} {:>3}:{:02}  {:<10} {:>4}%  (scoring v{})",
            a.scenario_title.chars().take(30).collect::<String>(),
            secs / 60,
            secs % 60,
            if a.passed { "passed" } else { "not passed" },
            a.overall,
            a.scoring,
        )?;
        if !a.critical.is_empty() {
            writeln!(out, "    critical choice: {}", a.critical.join(", "))?;
        }
        for p in &a.principles {
            match p.percent {
                Some(percent) => writeln!(
                    out,
                    "    {:<name_width$}  {} {:>3}%  ({:+} of {:+} points)",
                    p.name,
                    bar(f64::from(percent)),
                    percent,
                    p.earned,
                    p.best
                )?,
                None => writeln!(out, "    {:<name_width$}  not at stake", p.name)?,
            }
        }
    }
    Ok(())
}

/// The learner's attempts that can be read. Any that cannot (a damaged row) are named on
/// stderr and left in the file untouched, so one damaged record never hides the others.
pub(super) fn readable_attempts(store: &Store) -> Result<Vec<AttemptRecord>, StoreError> {
    let (read, unreadable) = store.attempts_read()?;
    for u in &unreadable {
        eprintln!(
            "canteen: warning: attempt {} (row {} of {}) cannot be read and is left out: {}. \
             It stays in the file; the other attempts are shown.",
            crate::format::harmless::harmless(&u.attempt_id),
            u.row,
            store.path().display(),
            u.reason
        );
    }
    Ok(read)
}
