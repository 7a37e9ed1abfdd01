//! The scene graph in Graphviz DOT: `canteen graph ID --format dot | dot -Tsvg > map.svg`.

use std::fmt::Write;

use super::palette::{BEST, BREACH, CRITICAL, NEUTRAL, UPHOLDS};
use super::{
    BestPath, Tone, choices_of, destinations, edge_notes, odds, one_line, timer_note, tone,
};
use crate::engine::Scenario;
use crate::model::{Choice, ChoiceIx, Next, Target};

/// Draws a scenario as a DOT digraph.
pub fn render(scenario: &Scenario) -> String {
    let best = BestPath::of(scenario);
    let mut out = String::new();
    let m = &scenario.meta();
    let _ = writeln!(
        out,
        "// The scene graph of \"{}\" ({}), drawn by `canteen graph`.",
        one_line(&m.title),
        m.id
    );
    let _ = writeln!(
        out,
        "// Draw it with Graphviz: dot -Tsvg {}.dot -o {}.svg",
        m.id, m.id
    );
    out.push_str(
        "// Key: thick blue = the best path; red = critical (fails the attempt); orange = breach\n\
         // (loses points); green = upholds; dashed = what happens when the timer runs out;\n\
         // diamond = a chance draw; double border = an ending.\n",
    );
    let _ = writeln!(out, "digraph {} {{", quote(&m.id));
    let _ = writeln!(
        out,
        "    graph [rankdir=TB, fontname=\"Helvetica\", labelloc=t, label={}];",
        quote(&format!(
            "{} ({}), pass mark {}%",
            one_line(&m.title),
            m.id,
            m.pass_mark
        ))
    );
    out.push_str("    node [fontname=\"Helvetica\", shape=box, style=rounded];\n");
    out.push_str("    edge [fontname=\"Helvetica\", fontsize=10];\n\n");

    out.push_str("    \"_start\" [shape=circle, label=\"start\", width=0.6, fixedsize=true];\n");
    let _ = writeln!(
        out,
        "    \"_start\" -> {} [penwidth=3, color=\"{BEST}\"];\n",
        quote(&scenario.scene(scenario.start()).id)
    );
    for scene in scenario.scenes() {
        let label = match timer_note(scene) {
            Some(n) => format!("{}\n{n}", scene.id),
            None => scene.id.clone(),
        };
        let _ = writeln!(out, "    {} [label={}];", quote(&scene.id), quote(&label));
    }
    for e in scenario.endings() {
        let _ = writeln!(
            out,
            "    {} [label={}, peripheries=2, style=\"rounded,filled\", fillcolor=\"#eeeeee\"];",
            quote(&e.id),
            quote(&format!("{}\n{}", e.id, one_line(&e.title)))
        );
    }
    out.push('\n');
    for scene in scenario.scenes() {
        for c in choices_of(scene) {
            choice_edges(&mut out, scenario, &best, c);
        }
    }
    out.push_str("}\n");
    out
}

fn choice_edges(out: &mut String, scenario: &Scenario, best: &BestPath, c: ChoiceIx) {
    let choice = scenario.choice(c);
    let from = quote(&scenario.scene(choice.scene).id);
    let attrs = edge_attrs(scenario, best, c, choice);
    match &choice.next {
        Next::Go(t) => {
            let _ = writeln!(
                out,
                "    {from} -> {} [{attrs}];",
                quote(target(scenario, *t))
            );
        }
        Next::Chance(outcomes) => {
            let draw = quote(&format!("_draw_{}", choice.id));
            let _ = writeln!(
                out,
                "    {draw} [shape=diamond, label=\"chance\", fontsize=10];"
            );
            let _ = writeln!(out, "    {from} -> {draw} [{attrs}];");
            for (i, t) in destinations(choice) {
                let i = i.unwrap_or(0);
                let style = if best.follows(c, i) {
                    format!(", penwidth=3, color=\"{BEST}\"")
                } else {
                    String::new()
                };
                let label = format!("weight {} ({})", outcomes[i].weight, odds(outcomes, i));
                let _ = writeln!(
                    out,
                    "    {draw} -> {} [label={}{style}];",
                    quote(target(scenario, t)),
                    quote(&label)
                );
            }
        }
    }
}

fn edge_attrs(scenario: &Scenario, best: &BestPath, c: ChoiceIx, choice: &Choice) -> String {
    let mut lines = Vec::new();
    if choice.on_timeout {
        let seconds = scenario.scene(choice.scene).timer.map_or(0, |t| t.seconds);
        lines.push(format!("time runs out ({seconds} s)"));
    }
    lines.push(choice.id.clone());
    let t = tone(choice);
    lines.extend(edge_notes(scenario, choice, t));
    let colour = match t {
        Tone::Critical => CRITICAL,
        Tone::Breach => BREACH,
        Tone::Upholds => UPHOLDS,
        Tone::Neutral => NEUTRAL,
    };
    let mut attrs = format!(
        "label={}, color=\"{colour}\", fontcolor=\"{colour}\"",
        quote(&lines.join("\n"))
    );
    if t == Tone::Critical {
        attrs.push_str(", penwidth=2");
    }
    if best.takes(c) {
        attrs = format!(
            "label={}, color=\"{BEST}\", fontcolor=\"{BEST}\", penwidth=3",
            quote(&format!("{}\nBEST", lines.join("\n")))
        );
    }
    if choice.on_timeout {
        attrs.push_str(", style=dashed");
    }
    attrs
}

fn target(scenario: &Scenario, t: Target) -> &str {
    scenario.target_id(t)
}

/// A DOT quoted string; newlines become DOT's `\n` line breaks.
fn quote(s: &str) -> String {
    let mut q = String::with_capacity(s.len() + 2);
    q.push('"');
    for ch in s.chars() {
        match ch {
            '"' => q.push_str("\\\""),
            '\\' => q.push_str("\\\\"),
            '\n' => q.push_str("\\n"),
            _ => q.push(ch),
        }
    }
    q.push('"');
    q
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_escapes_quotes_backslashes_and_newlines() {
        assert_eq!(quote("a \"b\"\\c\nd"), r#""a \"b\"\\c\nd""#);
    }
}
