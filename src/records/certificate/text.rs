//! The plain-text certificate: readable in a terminal, by a screen reader, or on paper.

use std::fmt::Write;

use super::{Certificate, HOW_TO_VERIFY, long_date};

/// The certificate as plain text.
pub fn to_text(c: &Certificate) -> String {
    let mut out = String::new();
    let title = "canteen: certificate of completion";
    let _ = writeln!(out, "{title}\n{}\n", "=".repeat(title.len()));
    let _ = writeln!(out, "Using social media well in the NHS\n");
    if c.learner.is_empty() {
        let _ = writeln!(
            out,
            "Learner: no name or staff number was given in these records."
        );
    } else {
        let _ = writeln!(
            out,
            "This certifies that {} passed:",
            crate::format::harmless::harmless(&c.learner)
        );
    }
    let width = c
        .passes
        .iter()
        .map(|p| p.title_and_version().chars().count())
        .max()
        .unwrap_or(0)
        .max("Scenario".len());
    let _ = writeln!(
        out,
        "\n  {:<width$}  {:<17}  {:>5}  {:>9}",
        "Scenario", "Passed on", "Score", "Pass mark"
    );
    for p in &c.passes {
        let _ = writeln!(
            out,
            "  {:<width$}  {:<17}  {:>4}%  {:>8}%",
            p.title_and_version(),
            long_date(p.finished_at),
            p.score,
            p.pass_mark
        );
    }
    let _ = writeln!(out, "\n{}", super::scoring_note(c));
    let _ = writeln!(out, "\nPrinciples covered");
    let width = c
        .principles
        .iter()
        .map(|p| p.name.chars().count())
        .max()
        .unwrap_or(0);
    for p in &c.principles {
        let _ = writeln!(
            out,
            "  {:<width$}  {} scenario{}, mean {}%",
            p.name,
            p.scenarios,
            if p.scenarios == 1 { "" } else { "s" },
            p.mean_percent
        );
    }
    let _ = writeln!(out, "\nIssued {} (dates are UTC).", long_date(c.issued));
    let _ = writeln!(out, "\nVerification");
    let _ = writeln!(out, "  SHA-256: {}", c.hash);
    let _ = writeln!(out, "  Attempt records:");
    for p in &c.passes {
        let _ = writeln!(out, "    {}  {}", p.attempt_id, p.scenario_id);
    }
    let _ = writeln!(out);
    for line in textwrap::wrap(HOW_TO_VERIFY, 78) {
        let _ = writeln!(out, "{line}");
    }
    out
}
