//! The author's verdicts held against the scores: a path of `Best` and `Defensible` choices
//! passes, one timed-out decision alone never fails it, a `Breach` earns nothing overall and a
//! `Best` loses nothing, and feedback that calls a choice grey marks it `Defensible`.

use std::sync::Arc;

use crate::engine::{DefensiblePaths, Scenario, Session};
use crate::format::{Report, Rule};
use crate::model::{Choice, Verdict};

/// Words that say a choice is a grey area, as feedback puts it.
const GREY: &[&str] = &[
    "grey area",
    "gray area",
    "grey",
    "judgement call",
    "judgment call",
    "finely balanced",
    "reasonable people",
];

pub(super) fn check(scenario: &Arc<Scenario>, report: &mut Report) {
    for c in scenario.choices() {
        choice(scenario, c, report);
    }
    paths(scenario, report);
}

/// The span of a choice in the file.
fn here(scenario: &Scenario, c: &Choice, report: &Report) -> Option<crate::format::Span> {
    report.locate.choice(&scenario.scene(c.scene).id, &c.id)
}

fn says_grey(feedback: &str) -> bool {
    let text = feedback.to_lowercase();
    GREY.iter().any(|w| text.contains(w))
}

fn choice(scenario: &Scenario, c: &Choice, report: &mut Report) {
    let Some(verdict) = c.verdict else {
        if !c.on_timeout {
            report.push(
                Rule::MissingVerdict,
                format!("choice \"{}\" has no verdict", c.id),
                here(scenario, c, report),
                "no `verdict`",
                "add `verdict: Best`, `Defensible` (a grey area handled defensibly), `Weak` or `Breach`, so canteen can check its scores agree",
            );
        }
        return;
    };
    let net: i32 = c.effects.iter().sum();
    let lost = c.effects.iter().any(|&x| x < 0);
    if verdict == Verdict::Breach && net > 0 {
        report.push(
            Rule::VerdictAgainstScore,
            format!("choice \"{}\" is a Breach but earns {net:+} points overall", c.id),
            here(scenario, c, report),
            "a Breach that scores well",
            "a breach should cost more than it earns: make the breached principles' points larger, or change the verdict",
        );
    }
    if verdict == Verdict::Best && lost {
        report.push(
            Rule::VerdictAgainstScore,
            format!("choice \"{}\" is marked Best but loses points on a principle", c.id),
            here(scenario, c, report),
            "a Best choice that breaches something",
            "the best choice should breach nothing: remove the negative points, or mark it Defensible and say in the feedback why it is a grey area",
        );
    }
    let grey = says_grey(&c.feedback);
    if grey && verdict != Verdict::Defensible && verdict != Verdict::Weak {
        report.push(
            Rule::GreyNotDefensible,
            format!(
                "the feedback of choice \"{}\" calls it grey, but its verdict is {}",
                c.id,
                verdict.name()
            ),
            here(scenario, c, report),
            "grey in the feedback",
            "mark a grey-area choice `verdict: Defensible`, or say plainly in the feedback why it is right or wrong",
        );
    }
    if !grey && verdict == Verdict::Defensible {
        report.push(
            Rule::GreyNotDefensible,
            format!(
                "choice \"{}\" is Defensible, but its feedback does not say it is a grey area",
                c.id
            ),
            here(scenario, c, report),
            "a Defensible choice",
            "say in the feedback that this is a grey area (for example \"this is a grey area: ...\"), so the learner knows a reasonable professional could choose it",
        );
    }
}

/// A path that should pass and does not.
struct Failing {
    session: Session,
    timed_out: bool,
}

fn paths(scenario: &Arc<Scenario>, report: &mut Report) {
    let mut failing: Vec<Failing> = Vec::new();
    for session in DefensiblePaths::of(scenario).sessions {
        judge(session, &mut failing);
    }
    for rule in [Rule::DefensiblePathFails, Rule::TimeoutFails] {
        let of_rule: Vec<&Failing> = failing
            .iter()
            .filter(|f| f.timed_out == (rule == Rule::TimeoutFails))
            .collect();
        if let Some(first) = of_rule.first() {
            diagnose(scenario, rule, first, of_rule.len(), report);
        }
    }
}

fn judge(session: Session, failing: &mut Vec<Failing>) {
    if !session.scorecard().passed() {
        let timed_out = DefensiblePaths::timed_out(&session);
        failing.push(Failing { session, timed_out });
    }
}

fn diagnose(scenario: &Scenario, rule: Rule, f: &Failing, count: usize, report: &mut Report) {
    let card = f.session.scorecard();
    let path: Vec<&str> = f
        .session
        .history()
        .iter()
        .map(|s| scenario.choice(s.choice).id.as_str())
        .collect();
    let why = if card.critical.is_empty() {
        format!(
            "scores {}%, below the pass mark of {}%",
            card.overall, card.pass_mark
        )
    } else {
        format!("makes the critical choice {}", card.critical.join(", "))
    };
    let more = if count > 1 {
        format!(" ({} such paths in all)", count)
    } else {
        String::new()
    };
    // Point at the step that should have carried the path: the timeout, or the first
    // Defensible choice, or else the last choice.
    let at = f
        .session
        .history()
        .iter()
        .find(|s| {
            if rule == Rule::TimeoutFails {
                s.timed_out
            } else {
                scenario.choice(s.choice).verdict == Some(Verdict::Defensible)
            }
        })
        .or(f.session.history().last())
        .map(|s| scenario.choice(s.choice));
    let span = at.and_then(|c| here(scenario, c, report));
    let (message, help) = if rule == Rule::TimeoutFails {
        (
            format!(
                "the path [{}], Best and Defensible choices but for one timed-out decision, {why}{more}",
                path.join(", ")
            ),
            "running out of time once must not fail an otherwise good attempt: make the timer's consequence cost less, or give the path's choices more credit",
        )
    } else {
        (
            format!(
                "the path [{}], made only of Best and Defensible choices, {why}{more}",
                path.join(", ")
            ),
            "a defensible path must pass: give its defensible choices credit for what they protect, lower the pass mark, or mark the choice that costs most as Weak",
        )
    };
    report.push(rule, message, span, "on this path", help);
}
