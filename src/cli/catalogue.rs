//! `canteen catalogue`: the coverage of a scenario library, as text that fits 100 columns or
//! as CSV with one row per scenario. The figures come from [`crate::checks::coverage`].

use std::io::Write;
use std::path::PathBuf;

use clap::ValueEnum;

use super::{CommandError, CommandResult};
use crate::checks::coverage::{Coverage, ScenarioCoverage, Words};
use crate::library::Library;

/// How `canteen catalogue` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CatalogueFormat {
    /// Tables for a terminal, at most 100 columns wide.
    Text,
    /// One row per scenario, a column per principle.
    Csv,
}

/// `canteen catalogue`: which library, and how to print its coverage.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Scenario files or folders (default: the shipped pack).
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = CatalogueFormat::Text)]
    pub format: CatalogueFormat,
}

/// The widest a text line may be.
const WIDTH: usize = 100;
/// Width of the scenario id column in the text tables.
const ID: usize = 21;

/// The coverage goes to `out`; files left out, or no scenario at all, is the error, exit 1.
pub(super) fn run(library: &Library, args: &Args, out: &mut dyn Write) -> CommandResult {
    let format = args.format;
    let coverage = Coverage::of(&library.catalogue, library.scenarios());
    let invalid: Vec<&str> = library
        .entries
        .iter()
        .filter(|e| e.scenario.is_none())
        .map(|e| e.file.name.as_str())
        .collect();
    match format {
        CatalogueFormat::Csv => csv(&coverage, out)?,
        CatalogueFormat::Text => text(&coverage, library, &invalid, out)?,
    }
    if !invalid.is_empty() {
        let n = invalid.len();
        return Err(CommandError::invalid(if n == 1 {
            "1 file is not a valid scenario and is left out".to_string()
        } else {
            format!("{n} files are not valid scenarios and are left out")
        })
        .with_hint("`canteen validate` explains"));
    }
    if coverage.scenarios.is_empty() {
        return Err(CommandError::invalid("there are no scenarios to catalogue")
            .with_hint("Name a scenario file or a folder that holds some"));
    }
    Ok(())
}

/// Short column headers for the principles: the first four characters of each id, made unique
/// with a digit where two would clash.
fn abbreviations(coverage: &Coverage) -> Vec<String> {
    let mut abbrevs: Vec<String> = Vec::new();
    for p in &coverage.principles {
        let mut a: String = p.id.chars().take(4).collect();
        let mut n = 2;
        while abbrevs.contains(&a) {
            a = format!("{}{n}", p.id.chars().take(3).collect::<String>());
            n += 1;
        }
        abbrevs.push(a);
    }
    abbrevs
}

fn text(
    coverage: &Coverage,
    library: &Library,
    invalid: &[&str],
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let abbrevs = abbreviations(coverage);
    let (n, p) = (coverage.scenarios.len(), coverage.principles.len());
    writeln!(
        out,
        "canteen catalogue: {n} scenario{}, {p} principle{}\n",
        plural(n),
        plural(p)
    )?;

    writeln!(
        out,
        "Principles: the most points a learner can earn on each (blank: not scored)"
    )?;
    write!(out, "{:<ID$}", "scenario")?;
    for a in &abbrevs {
        write!(out, "{a:>5}")?;
    }
    writeln!(out)?;
    for s in &coverage.scenarios {
        let mut line = format!("{:<ID$}", fit(&s.id, ID - 1));
        for points in &s.best_points {
            let cell = points.map_or_else(String::new, |p| p.to_string());
            line.push_str(&format!("{cell:>5}"));
        }
        // A blank last cell would leave spaces at the end of the line.
        writeln!(out, "{}", line.trim_end())?;
    }
    write!(out, "{:<ID$}", "scenarios scoring it")?;
    for n in coverage.scenarios_per_principle() {
        write!(out, "{n:>5}")?;
    }
    writeln!(out, "\n\nKey")?;
    let id_width = coverage
        .principles
        .iter()
        .map(|p| p.id.chars().count())
        .max()
        .unwrap_or(0);
    for (p, a) in coverage.principles.iter().zip(&abbrevs) {
        let line = format!("  {a:<5} {:<id_width$}  {}", p.id, p.name);
        writeln!(out, "{}", fit(&line, WIDTH))?;
    }

    writeln!(
        out,
        "\nSize: decisions on the best path and in all, endings, words, the author's minutes"
    )?;
    writeln!(
        out,
        "{:<ID$}{:>5}{:>5}{:>6}{:>11}{:>9}{:>10}{:>9}{:>8}{:>6}",
        "scenario",
        "best",
        "all",
        "ends",
        "narrative",
        "choices",
        "feedback",
        "endings",
        "words",
        "mins"
    )?;
    for s in &coverage.scenarios {
        let id = fit(&s.id, ID - 1);
        let (best, all, minutes) = (s.best_path_decisions, s.decisions, s.minutes);
        size_row(out, &id, [best, all, s.endings], s.words, minutes)?;
    }
    let sum = |f: fn(&ScenarioCoverage) -> usize| coverage.scenarios.iter().map(f).sum();
    size_row(
        out,
        "total",
        [
            sum(|s| s.best_path_decisions),
            sum(|s| s.decisions),
            sum(|s| s.endings),
        ],
        coverage.scenarios.iter().map(|s| s.words).sum(),
        coverage.scenarios.iter().map(|s| s.minutes).sum(),
    )?;

    writeln!(out, "\nRoles")?;
    for s in &coverage.scenarios {
        let names: Vec<&str> = s
            .roles
            .iter()
            .map(|r| library.catalogue.role_name(r))
            .collect();
        let mut lines = wrap(&names.join(", "), WIDTH - ID).into_iter();
        writeln!(
            out,
            "{:<ID$}{}",
            fit(&s.id, ID - 1),
            lines.next().unwrap_or_default()
        )?;
        for more in lines {
            writeln!(out, "{:<ID$}{more}", "")?;
        }
    }

    writeln!(
        out,
        "\nContent review: version, last reviewed, due for review by"
    )?;
    let today = crate::library::today();
    let mut overdue = Vec::new();
    for sc in library.scenarios() {
        let id = fit(&sc.meta().id, ID - 1);
        match &sc.meta().governance {
            Some(g) => {
                let due = if g.review_by < today {
                    overdue.push(sc.meta().id.clone());
                    "  PAST REVIEW"
                } else {
                    ""
                };
                writeln!(
                    out,
                    "{id:<ID$}{:<8}{:<12}{}{due}",
                    g.version, g.reviewed, g.review_by
                )?;
            }
            None => {
                overdue.push(sc.meta().id.clone());
                writeln!(out, "{id:<ID$}not reviewed (no governance recorded)")?;
            }
        }
    }
    if !overdue.is_empty() {
        for (i, line) in wrap(
            &format!("Past review or never reviewed: {}", overdue.join(", ")),
            WIDTH,
        )
        .into_iter()
        .enumerate()
        {
            writeln!(out, "{}{line}", if i == 0 { "" } else { "  " })?;
        }
    }

    writeln!(out, "\nCoverage rules")?;
    for r in &coverage.rules {
        let mark = if r.ok() { "ok     " } else { "MISSING" };
        for (i, line) in wrap(&r.rule.describe(), WIDTH - 10).into_iter().enumerate() {
            let lead = if i == 0 { mark } else { "" };
            writeln!(out, "  {lead:<7} {line}")?;
        }
        for m in &r.missing {
            for (i, line) in wrap(m, WIDTH - 14).into_iter().enumerate() {
                let lead = if i == 0 { "- " } else { "  " };
                writeln!(out, "{:<10}{lead}{line}", "")?;
            }
        }
    }
    let met = coverage.rules.iter().filter(|r| r.ok()).count();
    writeln!(
        out,
        "\n{met} of {} coverage rules met.",
        coverage.rules.len()
    )?;
    if !invalid.is_empty() {
        writeln!(
            out,
            "Left out, not valid: {}. `canteen validate` explains.",
            invalid.join(", ")
        )?;
    }
    Ok(())
}

/// One line of the size table: decisions on the best path, decisions, endings; words; minutes.
fn size_row(
    out: &mut dyn Write,
    label: &str,
    [best, all, endings]: [usize; 3],
    words: Words,
    minutes: u32,
) -> std::io::Result<()> {
    writeln!(
        out,
        "{label:<ID$}{best:>5}{all:>5}{endings:>6}{:>11}{:>9}{:>10}{:>9}{:>8}{minutes:>6}",
        words.narrative,
        words.choices,
        words.feedback,
        words.endings,
        words.total(),
    )
}

fn csv(coverage: &Coverage, out: &mut dyn Write) -> std::io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    let mut header: Vec<String> = [
        "scenario",
        "title",
        "roles",
        "tags",
        "best_path_decisions",
        "decisions",
        "endings",
        "words_narrative",
        "words_choices",
        "words_feedback",
        "words_endings",
        "words",
        "minutes",
    ]
    .iter()
    .map(|h| h.to_string())
    .collect();
    header.extend(coverage.principles.iter().map(|p| p.id.clone()));
    w.write_record(&header)?;
    for s in &coverage.scenarios {
        let mut row = vec![
            s.id.clone(),
            s.title.clone(),
            s.roles.join("; "),
            s.tags.join("; "),
            s.best_path_decisions.to_string(),
            s.decisions.to_string(),
            s.endings.to_string(),
            s.words.narrative.to_string(),
            s.words.choices.to_string(),
            s.words.feedback.to_string(),
            s.words.endings.to_string(),
            s.words.total().to_string(),
            s.minutes.to_string(),
        ];
        row.extend(
            s.best_points
                .iter()
                .map(|p| p.map_or_else(String::new, |p| p.to_string())),
        );
        w.write_record(&row)?;
    }
    w.flush()
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Cuts a string to `width` characters, marking the cut.
fn fit(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(width.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

/// Breaks text into lines of at most `width` characters at spaces (a longer word is cut).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let len = line.chars().count();
        if len > 0 && len + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&fit(word, width));
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_keeps_lines_within_the_width() {
        let lines = wrap(
            "every role is served: nurse, healthcare-assistant, doctor",
            25,
        );
        assert!(lines.iter().all(|l| l.chars().count() <= 25), "{lines:?}");
        assert_eq!(lines.len(), 4);
        assert_eq!(
            lines.join(" "),
            "every role is served: nurse, healthcare-assistant, doctor"
        );
        assert_eq!(wrap("", 10), vec![String::new()]);
    }

    #[test]
    fn fit_marks_a_cut() {
        assert_eq!(fit("checking-candidates", 8), "checkin…");
        assert_eq!(fit("short", 8), "short");
    }
}
