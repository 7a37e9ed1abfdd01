//! `canteen walk`: how many paths, which endings, the score range, the best and worst
//! lines, and random walks, for authors checking the shape of a story.

use std::io::Write;

use super::{CommandError, CommandResult, Format, find_authored_scenario};
use crate::engine::walk::{describe_path, path_stats, random_walks_each};
use crate::engine::{DefensiblePaths, Session};
use crate::library::Library;

/// `canteen walk`: which scenario, how many random walks, and how to report. The walks are
/// seeded by the global `--seed`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The scenario: its id, or the path of its file.
    pub scenario: String,
    /// Play this many random walks and summarise them (at most 1,000,000).
    #[arg(long, value_name = "N")]
    pub random: Option<usize>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

/// The most random walks one `walk --random` plays: a million take seconds, not hours.
pub const MAX_RANDOM: usize = 1_000_000;

/// Reports on the scenario `args` names; `seed` seeds the random walks.
pub(super) fn run(library: &Library, args: &Args, seed: u64, out: &mut dyn Write) -> CommandResult {
    let scenario = find_authored_scenario(library, &args.scenario)?;
    let stats = path_stats(scenario);
    if let Some(n) = args.random
        && n > MAX_RANDOM
    {
        return Err(CommandError::usage(format!(
            "--random {n} is more walks than canteen plays at once (at most {MAX_RANDOM})"
        ))
        .with_hint("A few thousand random walks show the shape of a story; ask for fewer"));
    }
    let walks = args
        .random
        .map(|n| random_walks_each(scenario, n, seed, drop));
    let vouched = Vouched::of(&DefensiblePaths::of(scenario));
    if args.format == Format::Json {
        let line = |s: &Session| {
            let card = s.scorecard();
            serde_json::json!({
                "path": describe_path(s),
                "ending": s.ending().map(|e| e.id.clone()),
                "overall": card.overall,
                "passed": card.passed(),
            })
        };
        let doc = serde_json::json!({
            "scenario": scenario.meta().id,
            "paths": stats.paths_text(),
            "endings": stats.endings.iter().map(|(id, r)| serde_json::json!({"id": id, "reachable": r})).collect::<Vec<_>>(),
            "principles": stats.bounds.iter().map(|(id, lo, hi)| serde_json::json!({"id": id, "min": lo, "max": hi})).collect::<Vec<_>>(),
            "best": line(&stats.best),
            "best_by_principle": stats.best.scorecard().principles.iter().map(|p| serde_json::json!({
                "id": p.principle.id, "earned": p.earned, "max": p.best,
            })).collect::<Vec<_>>(),
            "worst": line(&stats.worst),
            "defensible": serde_json::json!({
                "paths": vouched.count,
                "exhaustive": vouched.exhaustive,
                "passed": vouched.passed,
                "lowest_passing": vouched.lowest_passing.as_ref().map(line),
                "highest_failing": vouched.highest_failing.as_ref().map(line),
            }),
            "random": walks.as_ref().map(|w| serde_json::json!({
                "walks": w.walks, "seed": seed, "passed": w.passed, "unfinished": w.unfinished,
                "endings": w.endings, "min_overall": w.min_overall, "max_overall": w.max_overall,
                "mean_overall": (w.mean_overall * 10.0).round() / 10.0,
            })),
        });
        writeln!(out, "{}", serde_json::to_string_pretty(&doc)?)?;
        return Ok(());
    }

    writeln!(out, "{} ({})", scenario.meta().title, scenario.meta().id)?;
    match stats.paths_text() {
        Some(n) => writeln!(
            out,
            "Paths: {n} complete paths (each chance outcome counted apart)"
        )?,
        None => writeln!(out, "Paths: unlimited (the story has loops)")?,
    }
    let reached = stats.endings.iter().filter(|(_, r)| *r).count();
    writeln!(
        out,
        "Endings: {reached} of {} reachable",
        stats.endings.len()
    )?;
    for (id, r) in &stats.endings {
        writeln!(
            out,
            "  {} {id}",
            if *r { "reachable  " } else { "UNREACHABLE" }
        )?;
    }
    writeln!(out, "Points per principle, least to most any path earns:")?;
    for (id, lo, hi) in &stats.bounds {
        writeln!(out, "  {id:<18} {lo:>+4} .. {hi:>+3}")?;
    }
    for (name, s) in [("Best", &stats.best), ("Worst", &stats.worst)] {
        let card = s.scorecard();
        writeln!(out, "{name} path: {}", describe_path(s).join(", "))?;
        writeln!(
            out,
            "  ends at {}; {}",
            s.ending().map_or("(unfinished)", |e| e.id.as_str()),
            card.verdict()
        )?;
    }
    explain_best(&stats.best, out)?;
    vouched.write(out)?;
    if let Some(w) = walks {
        writeln!(out, "Random walks: {} (seed {seed})", w.walks)?;
        writeln!(
            out,
            "  passed {} of {}; overall score min {}%, mean {:.1}%, max {}%",
            w.passed, w.walks, w.min_overall, w.mean_overall, w.max_overall
        )?;
        for (ending, n) in &w.endings {
            writeln!(out, "  {n:>6} ended at {ending}")?;
        }
        if w.unfinished > 0 {
            writeln!(
                out,
                "  {:>6} did not end within the step limit",
                w.unfinished
            )?;
        }
    }
    Ok(())
}

/// What the paths of Best and Defensible choices score: how many pass, the lowest that passes
/// and the highest that fails.
struct Vouched {
    count: usize,
    exhaustive: bool,
    passed: usize,
    lowest_passing: Option<Session>,
    highest_failing: Option<Session>,
}

impl Vouched {
    fn of(paths: &DefensiblePaths) -> Vouched {
        let score = |s: &Session| s.scorecard().overall;
        let (pass, fail): (Vec<&Session>, Vec<&Session>) =
            paths.sessions.iter().partition(|s| s.scorecard().passed());
        Vouched {
            count: paths.sessions.len(),
            exhaustive: paths.exhaustive,
            passed: pass.len(),
            lowest_passing: pass.into_iter().min_by_key(|s| score(s)).cloned(),
            highest_failing: fail.into_iter().max_by_key(|s| score(s)).cloned(),
        }
    }

    fn write(&self, out: &mut dyn Write) -> std::io::Result<()> {
        let how = if self.exhaustive {
            "every one followed"
        } else {
            "too many to follow: a seeded sample"
        };
        writeln!(
            out,
            "Paths of Best and Defensible choices (the time running out at most once): {} ({how}), {} pass",
            self.count, self.passed
        )?;
        for (name, s) in [
            ("lowest passing", &self.lowest_passing),
            ("highest failing", &self.highest_failing),
        ] {
            if let Some(s) = s {
                writeln!(
                    out,
                    "  {name}: {}% by {}",
                    s.scorecard().overall,
                    describe_path(s).join(", ")
                )?;
            }
        }
        Ok(())
    }
}

/// What the best path earns on each principle against the most it could, and why its overall
/// score is below 100% when it is: the principles it falls short on, which no one path can
/// all have at their most.
fn explain_best(best: &Session, out: &mut dyn Write) -> CommandResult {
    let card = best.scorecard();
    writeln!(
        out,
        "The best path per principle (points earned of the most it could earn):"
    )?;
    let mut short = Vec::new();
    for p in &card.principles {
        let note = if p.earned < p.best {
            short.push(format!("{} ({} of {})", p.principle.id, p.earned, p.best));
            "  short of its most"
        } else {
            ""
        };
        writeln!(
            out,
            "  {:<18} {:>+4} of {:>+3}{note}",
            p.principle.id, p.earned, p.best
        )?;
    }
    if card.overall < 100 {
        let why = if short.is_empty() {
            "it passes through a chance draw or a timer that costs points".to_string()
        } else {
            format!(
                "it falls short on {}; no one path earns every principle's most, because the choices that earn them lead different ways or trade one principle against another",
                short.join(", ")
            )
        };
        writeln!(
            out,
            "Why the best path scores {}%, not 100%: {why}",
            card.overall
        )?;
    }
    Ok(())
}
