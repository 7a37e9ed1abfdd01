//! The report as a terminal table with text bar charts, as Markdown, and as CSV. Every bar has
//! its number beside it, so nothing is told by length or colour alone.

use std::borrow::Cow;
use std::fmt::Write;

use super::{Individual, Report, WrongChoice};
use crate::format::harmless::harmless;

const BAR: usize = 20;

/// A text bar of twenty cells for a percentage (always shown beside its number).
pub fn bar(percent: f64) -> String {
    let filled = ((percent.clamp(0.0, 100.0) / 100.0) * BAR as f64).round() as usize;
    format!("{}{}", "█".repeat(filled), "░".repeat(BAR - filled))
}

fn summary(r: &Report) -> String {
    let mut s = format!(
        "{} attempt{} by {} learner{}",
        r.attempts,
        plural(r.attempts),
        r.learners,
        plural(r.learners)
    );
    if r.duplicates > 0 {
        let _ = write!(
            s,
            " ({} record{} found twice, counted once)",
            r.duplicates,
            plural(r.duplicates)
        );
    }
    s
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn clip(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        s.to_string()
    } else {
        let mut out: String = s.chars().take(width.saturating_sub(1)).collect();
        out.push('…');
        out
    }
}

fn choice_label(c: &WrongChoice) -> String {
    let mut label = c.choice_id.clone();
    if c.critical {
        label.push_str(" (critical)");
    }
    label
}

/// The report for a terminal.
pub fn to_table(r: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "canteen report: {}\n", summary(r));
    let _ = writeln!(out, "Scenarios");
    let title_w = r
        .scenarios
        .iter()
        .map(|s| s.title.chars().count().min(32))
        .max()
        .unwrap_or(8)
        .max(8);
    let _ = writeln!(
        out,
        "  {:<title_w$}  attempts  passed  {:<26}  mean score",
        "scenario", "pass rate"
    );
    for s in &r.scenarios {
        let _ = writeln!(
            out,
            "  {:<title_w$}  {:>8}  {:>6}  {} {:>4.0}%  {} {:>4.0}%",
            clip(&s.title, 32),
            s.attempts,
            s.passed,
            bar(s.pass_rate()),
            s.pass_rate(),
            bar(s.mean_score),
            s.mean_score
        );
    }
    let _ = writeln!(out, "\nWeakest principles (mean score where at stake)");
    let name_w = r
        .principles
        .iter()
        .map(|p| p.name.chars().count())
        .max()
        .unwrap_or(9)
        .max(9);
    for p in &r.principles {
        let _ = writeln!(
            out,
            "  {:<name_w$}  {} {:>4.0}%  ({} attempt{})",
            p.name,
            bar(p.mean_percent),
            p.mean_percent,
            p.attempts,
            plural(p.attempts)
        );
    }
    let _ = writeln!(
        out,
        "\nChoices most often made wrongly (critical, or losing points)"
    );
    if r.wrong_choices.is_empty() {
        let _ = writeln!(out, "  none");
    }
    for c in &r.wrong_choices {
        let share = 100.0 * c.chosen as f64 / c.decisions.max(1) as f64;
        let _ = writeln!(
            out,
            "  {:>3} of {:<3} {} {:>4.0}%  {} / {}: {}",
            c.chosen,
            c.decisions,
            bar(share),
            share,
            c.scenario_id,
            c.scene_id,
            choice_label(c)
        );
        if let Some(text) = &c.text {
            let _ = writeln!(out, "{:>35}\"{}\"", "", clip(text, 72));
        }
    }
    if let Some(rows) = &r.individuals {
        let _ = writeln!(out, "\nIndividual attempts");
        for i in rows {
            let _ = writeln!(
                out,
                "  {:<20} {:<24} {}  {:>3}%  {:<10}  {}",
                clip(&display_learner(i), 20),
                clip(&i.scenario_id, 24),
                i.finished_at.strftime("%Y-%m-%d %H:%M"),
                i.overall,
                if i.passed { "passed" } else { "not passed" },
                i.source
            );
            let _ = writeln!(out, "      choices: {}", i.choices.join(" → "));
        }
    }
    out
}

/// The learner's name as given, with any control characters shown harmlessly: a name is
/// typed by a learner and printed on a manager's terminal.
fn display_learner(i: &Individual) -> Cow<'_, str> {
    if i.learner.trim().is_empty() {
        Cow::Borrowed("(no name)")
    } else {
        harmless(&i.learner)
    }
}

fn md_cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// The report as Markdown tables.
pub fn to_markdown(r: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# canteen report\n\n{}.\n", summary(r));
    let _ = writeln!(out, "## Scenarios\n");
    let _ = writeln!(
        out,
        "| Scenario | Attempts | Passed | Pass rate | Mean score |\n|---|--:|--:|--:|--:|"
    );
    for s in &r.scenarios {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {:.0}% | {:.0}% |",
            md_cell(&s.title),
            s.attempts,
            s.passed,
            s.pass_rate(),
            s.mean_score
        );
    }
    let _ = writeln!(out, "\n## Weakest principles\n");
    let _ = writeln!(
        out,
        "| Principle | Attempts where at stake | Mean score |\n|---|--:|--:|"
    );
    for p in &r.principles {
        let _ = writeln!(
            out,
            "| {} | {} | {:.0}% |",
            md_cell(&p.name),
            p.attempts,
            p.mean_percent
        );
    }
    let _ = writeln!(out, "\n## Choices most often made wrongly\n");
    let _ = writeln!(
        out,
        "| Scenario | Scene | Choice | Text | Critical | Points | Made | Decisions at the scene |\n\
         |---|---|---|---|---|--:|--:|--:|"
    );
    for c in &r.wrong_choices {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {} |",
            md_cell(&c.scenario_id),
            md_cell(&c.scene_id),
            md_cell(&c.choice_id),
            md_cell(c.text.as_deref().unwrap_or("")),
            if c.critical { "yes" } else { "no" },
            c.points.map_or_else(String::new, |p| format!("{p:+}")),
            c.chosen,
            c.decisions
        );
    }
    if let Some(rows) = &r.individuals {
        let _ = writeln!(out, "\n## Individual attempts\n");
        let _ = writeln!(
            out,
            "| Learner | Scenario | Finished (UTC) | Score | Result | Choices | Source |\n\
             |---|---|---|--:|---|---|---|"
        );
        for i in rows {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {}% | {} | {} | {} |",
                md_cell(&display_learner(i)),
                md_cell(&i.scenario_id),
                i.finished_at.strftime("%Y-%m-%d %H:%M"),
                i.overall,
                if i.passed { "passed" } else { "not passed" },
                md_cell(&i.choices.join(" → ")),
                md_cell(&i.source)
            );
        }
    }
    out
}

const CSV_HEADER: [&str; 18] = [
    "section",
    "scenario",
    "scene",
    "id",
    "name",
    "attempts",
    "passed",
    "pass_rate",
    "mean_percent",
    "scoring",
    "critical",
    "points",
    "chosen",
    "decisions",
    "learner",
    "finished_at",
    "choices",
    "source",
];

/// The report as one CSV table: a `section` column says what each row is (`scenario`,
/// `principle`, `wrong-choice`, `attempt`); columns that do not apply are empty.
pub fn to_csv(r: &Report) -> Result<String, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(CSV_HEADER)?;
    let row = |fields: &[(&str, String)]| -> Vec<String> {
        CSV_HEADER
            .iter()
            .map(|h| {
                fields
                    .iter()
                    .find(|(k, _)| k == h)
                    .map_or_else(String::new, |(_, v)| v.clone())
            })
            .collect()
    };
    for s in &r.scenarios {
        w.write_record(row(&[
            ("section", "scenario".into()),
            ("scenario", s.id.clone()),
            ("id", s.id.clone()),
            ("name", s.title.clone()),
            ("attempts", s.attempts.to_string()),
            ("passed", s.passed.to_string()),
            ("pass_rate", format!("{:.1}", s.pass_rate())),
            ("mean_percent", format!("{:.1}", s.mean_score)),
        ]))?;
    }
    for p in &r.principles {
        w.write_record(row(&[
            ("section", "principle".into()),
            ("id", p.id.clone()),
            ("name", p.name.clone()),
            ("attempts", p.attempts.to_string()),
            ("mean_percent", format!("{:.1}", p.mean_percent)),
        ]))?;
    }
    for c in &r.wrong_choices {
        w.write_record(row(&[
            ("section", "wrong-choice".into()),
            ("scenario", c.scenario_id.clone()),
            ("scene", c.scene_id.clone()),
            ("id", c.choice_id.clone()),
            ("name", c.text.clone().unwrap_or_default()),
            ("critical", c.critical.to_string()),
            (
                "points",
                c.points.map_or_else(String::new, |p| p.to_string()),
            ),
            ("chosen", c.chosen.to_string()),
            ("decisions", c.decisions.to_string()),
        ]))?;
    }
    for i in r.individuals.iter().flatten() {
        w.write_record(row(&[
            ("section", "attempt".into()),
            ("scenario", i.scenario_id.clone()),
            ("passed", i.passed.to_string()),
            ("mean_percent", i.overall.to_string()),
            ("scoring", i.scoring.to_string()),
            ("critical", i.critical.join(" ")),
            ("learner", i.learner.clone()),
            ("finished_at", i.finished_at.to_string()),
            ("choices", i.choices.join(" ")),
            ("source", i.source.clone()),
        ]))?;
    }
    let bytes = w.into_inner().map_err(|e| e.into_error())?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}
