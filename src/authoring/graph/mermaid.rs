//! The scene graph as a Mermaid flowchart, which GitHub, GitLab and many wikis draw inline.
//!
//! Node ids are generated (`s0`, `e0`, `d0`) rather than the scene ids, because Mermaid gives
//! meaning to some words (`end`) and some characters inside ids.

use std::fmt::Write;

use super::palette::{BEST, BREACH, CRITICAL, UPHOLDS};
use super::{
    BestPath, Tone, choices_of, destinations, edge_notes, odds, one_line, timer_note, tone,
};
use crate::engine::Scenario;
use crate::model::{ChoiceIx, Next, Target};

/// Draws a scenario as a Mermaid flowchart.
pub fn render(scenario: &Scenario) -> String {
    let best = BestPath::of(scenario);
    let mut out = String::new();
    let m = &scenario.meta();
    // Comments go after the diagram type: some Mermaid versions read the first line for it.
    out.push_str("flowchart TD\n");
    let _ = writeln!(
        out,
        "    %% The scene graph of \"{}\" ({}), pass mark {}%, drawn by `canteen graph`.",
        one_line(&m.title),
        m.id,
        m.pass_mark
    );
    out.push_str(
        "    %% Key: thick blue = the best path; red = critical (fails the attempt); orange = breach\n\
         \x20   %% (loses points); green = upholds; dotted = what happens when the timer runs out;\n\
         \x20   %% diamond = a chance draw; rounded = an ending.\n",
    );
    let mut links = Links::default();
    out.push_str("    start((start))\n");
    for (i, scene) in scenario.scenes().iter().enumerate() {
        let label = match timer_note(scene) {
            Some(n) => format!("{}<br/>{}", text(&scene.id), text(&n)),
            None => text(&scene.id),
        };
        let _ = writeln!(out, "    s{i}[\"{label}\"]");
    }
    for (i, e) in scenario.endings().iter().enumerate() {
        let _ = writeln!(
            out,
            "    e{i}([\"{}<br/>{}\"])",
            text(&e.id),
            text(&one_line(&e.title))
        );
    }
    let _ = writeln!(out, "    start ==> s{}", scenario.start().0);
    links.style(LinkStyle::Best);
    let mut draws = 0;
    for scene in scenario.scenes() {
        for c in choices_of(scene) {
            choice_links(&mut out, &mut links, &mut draws, scenario, &best, c);
        }
    }
    out.push_str("    classDef ending fill:#eeeeee,stroke:#333333,stroke-width:2px\n");
    if !scenario.endings().is_empty() {
        let ids: Vec<String> = (0..scenario.endings().len())
            .map(|i| format!("e{i}"))
            .collect();
        let _ = writeln!(out, "    class {} ending", ids.join(","));
    }
    for (style, colour, width) in [
        (LinkStyle::Best, BEST, 4),
        (LinkStyle::Critical, CRITICAL, 3),
        (LinkStyle::Breach, BREACH, 2),
        (LinkStyle::Upholds, UPHOLDS, 2),
    ] {
        let ids = links.with(style);
        if !ids.is_empty() {
            let _ = writeln!(
                out,
                "    linkStyle {} stroke:{colour},stroke-width:{width}px",
                ids.join(",")
            );
        }
    }
    out
}

/// How a link is drawn; Mermaid styles links by their position in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LinkStyle {
    Best,
    Critical,
    Breach,
    Upholds,
    Plain,
}

#[derive(Default)]
struct Links(Vec<LinkStyle>);

impl Links {
    fn style(&mut self, s: LinkStyle) {
        self.0.push(s);
    }

    fn with(&self, s: LinkStyle) -> Vec<String> {
        self.0
            .iter()
            .enumerate()
            .filter(|(_, x)| **x == s)
            .map(|(i, _)| i.to_string())
            .collect()
    }
}

fn choice_links(
    out: &mut String,
    links: &mut Links,
    draws: &mut usize,
    scenario: &Scenario,
    best: &BestPath,
    c: ChoiceIx,
) {
    let choice = scenario.choice(c);
    let from = format!("s{}", choice.scene.0);
    let t = tone(choice);
    let mut lines = Vec::new();
    if choice.on_timeout {
        let seconds = scenario.scene(choice.scene).timer.map_or(0, |t| t.seconds);
        lines.push(format!("time runs out ({seconds} s)"));
    }
    lines.push(choice.id.clone());
    if best.takes(c) {
        lines.push("BEST".to_string());
    }
    lines.extend(edge_notes(scenario, choice, t));
    let label: Vec<String> = lines.iter().map(|l| text(l)).collect();
    let label = label.join("<br/>");
    let (arrow, style) = if best.takes(c) {
        ("==>", LinkStyle::Best)
    } else {
        let arrow = if choice.on_timeout { "-.->" } else { "-->" };
        let style = match t {
            Tone::Critical => LinkStyle::Critical,
            Tone::Breach => LinkStyle::Breach,
            Tone::Upholds => LinkStyle::Upholds,
            Tone::Neutral => LinkStyle::Plain,
        };
        (arrow, style)
    };
    match &choice.next {
        Next::Go(target) => {
            let _ = writeln!(out, "    {from} {arrow}|\"{label}\"| {}", node(*target));
            links.style(style);
        }
        Next::Chance(outcomes) => {
            let draw = format!("d{draws}");
            *draws += 1;
            let _ = writeln!(out, "    {draw}{{\"chance\"}}");
            let _ = writeln!(out, "    {from} {arrow}|\"{label}\"| {draw}");
            links.style(style);
            for (i, target) in destinations(choice) {
                let i = i.unwrap_or(0);
                let followed = best.follows(c, i);
                let label = format!("weight {} ({})", outcomes[i].weight, odds(outcomes, i));
                let arrow = if followed { "==>" } else { "-->" };
                let _ = writeln!(out, "    {draw} {arrow}|\"{label}\"| {}", node(target));
                links.style(if followed {
                    LinkStyle::Best
                } else {
                    LinkStyle::Plain
                });
            }
        }
    }
}

fn node(target: Target) -> String {
    match target {
        Target::Scene(s) => format!("s{}", s.0),
        Target::Ending(e) => format!("e{}", e.0),
    }
}

/// Text safe inside a Mermaid quoted label: quotes and `#` become entity codes.
fn text(s: &str) -> String {
    let mut t = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '"' => t.push_str("#quot;"),
            '#' => t.push_str("#35;"),
            '<' => t.push_str("#lt;"),
            '>' => t.push_str("#gt;"),
            _ => t.push(ch),
        }
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_escape_quotes_and_hashes() {
        assert_eq!(text("say \"hi\" #nhssm"), "say #quot;hi#quot; #35;nhssm");
    }
}
