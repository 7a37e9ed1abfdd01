//! The scoring pass: can the best line of play pass, and is every principle winnable?

use std::sync::Arc;

use crate::engine::Dest;
use crate::engine::Scenario;
use crate::engine::walk::play_line;
use crate::format::Report;
use crate::format::rules::Rule;

pub(super) fn check(scenario: &Arc<Scenario>, report: &mut Report) {
    let a = scenario.analysis();
    let start = Dest::State(a.start());
    for (i, p) in scenario.principles().iter().enumerate() {
        if a.best(start, i) <= 0.0 && a.worst(start, i) < 0.0 {
            report.push(
                Rule::OnlyBreached,
                format!("principle \"{}\" can only be breached in this scenario, never upheld", p.id),
                report.locate.top_field("scenes"),
                "no path earns points for it",
                format!("give the choices that do right by \"{}\" positive points, so learners see what good looks like", p.id),
            );
        }
    }
    let best = play_line(scenario, &a.line(a.start(), true));
    let card = best.scorecard();
    if !card.critical.is_empty() {
        report.push(
            Rule::BestPathFails,
            format!(
                "the best-scoring path makes the critical choice {}",
                card.critical
                    .iter()
                    .map(|c| format!("\"{c}\""))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            report.locate.top_field("pass_mark"),
            "the best path cannot pass",
            "a critical choice should breach principles (negative points); check its effects",
        );
    } else if card.overall < scenario.meta().pass_mark {
        report.push(
            Rule::PassMarkUnreachable,
            format!(
                "the best path scores {}% but the pass mark is {}%",
                card.overall,
                scenario.meta().pass_mark
            ),
            report.locate.top_field("pass_mark"),
            "cannot be reached",
            format!(
                "lower the pass mark to {}% or less, or let one path uphold every principle",
                card.overall
            ),
        );
    }
}
