//! The whole scenario in reading order, for the people who sign content off (a Caldicott
//! Guardian, a professional lead, HR) and never read RON: every scene and variant, every choice
//! with its verdict, points, feedback and the source each audience role is shown, and every
//! ending, with the trust's names already filled in. One structure, written as Markdown or HTML.

use crate::engine::Scenario;
use crate::model::{Catalogue, Choice, Citation, Cited, Next, Target};

/// A part of the script.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Block {
    Heading(u8, String),
    Para(String),
    Items(Vec<String>),
}

/// How the script is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScriptFormat {
    Markdown,
    Html,
}

/// The scenario's script in a format; sources are described from the catalogue.
pub fn script(scenario: &Scenario, catalogue: &Catalogue, format: ScriptFormat) -> String {
    let blocks = blocks(scenario, catalogue);
    match format {
        ScriptFormat::Markdown => markdown(&blocks),
        ScriptFormat::Html => html(&scenario.meta().title, &blocks),
    }
}

fn blocks(s: &Scenario, catalogue: &Catalogue) -> Vec<Block> {
    let m = s.meta();
    let roles: Vec<&str> = m.roles.iter().map(|r| s.role_name(r)).collect();
    let mut out = vec![
        Block::Heading(1, m.title.clone()),
        Block::Para(m.summary.clone()),
    ];
    let mut about = vec![
        format!("Scenario id: {}", m.id),
        format!("For: {}", roles.join(", ")),
        format!("About {} minutes; pass mark {}%", m.minutes, m.pass_mark),
        format!("Author: {}", m.author),
    ];
    match &m.governance {
        Some(g) => about.push(format!(
            "Content version {}, reviewed {} by {}; due for review by {}",
            g.version,
            g.reviewed,
            g.reviewed_by.join(", "),
            g.review_by
        )),
        None => about.push("Content review: not recorded".to_string()),
    }
    out.push(Block::Items(about));
    if !m.sources.is_empty() {
        out.push(Block::Heading(2, "Sources it draws on".into()));
        let described = m
            .sources
            .iter()
            .map(|text| {
                let cite = Citation::parse(text);
                match catalogue.source(&cite.source) {
                    Some(src) => {
                        let words = Cited {
                            source: std::sync::Arc::clone(src),
                            section: cite.section,
                        }
                        .words();
                        format!(
                            "{words}: {}, {} ({}); binds {}; checked {}; {}",
                            src.title,
                            src.publisher,
                            src.version,
                            src.binds.join(", "),
                            src.checked,
                            if src.url.is_empty() {
                                "the trust's own document"
                            } else {
                                &src.url
                            }
                        )
                    }
                    None => text.clone(),
                }
            })
            .collect();
        out.push(Block::Items(described));
    }
    for (i, scene) in s.scenes().iter().enumerate() {
        let start = if s.start().0 as usize == i {
            " (the start)"
        } else {
            ""
        };
        out.push(Block::Heading(2, format!("Scene \"{}\"{start}", scene.id)));
        if let Some(first) = scene.texts.first() {
            out.push(Block::Para(first.clone()));
        }
        for (n, v) in scene.texts.iter().enumerate().skip(1) {
            out.push(Block::Para(format!("Or, variant {}: {v}", n + 1)));
        }
        if let Some(t) = scene.timer {
            out.push(Block::Para(format!(
                "This decision is timed: {} seconds (learners may turn time limits off).",
                t.seconds
            )));
        }
        if let Some(d) = &scene.discuss {
            out.push(Block::Para(format!("Discussion prompt: {d}")));
        }
        for (n, &c) in scene.choices.iter().enumerate() {
            let choice = s.choice(c);
            out.push(Block::Heading(
                3,
                format!("Choice {}: {} ({})", n + 1, choice.text, choice.id),
            ));
            out.push(Block::Items(choice_items(s, choice)));
        }
        if let Some(t) = scene.timer {
            let choice = s.choice(t.expired);
            out.push(Block::Heading(
                3,
                format!("If the time runs out: {} ({})", choice.text, choice.id),
            ));
            out.push(Block::Items(choice_items(s, choice)));
        }
    }
    out.push(Block::Heading(2, "Endings".into()));
    for e in s.endings() {
        out.push(Block::Heading(3, format!("{} ({})", e.title, e.id)));
        out.push(Block::Para(e.outcome.clone()));
        out.push(Block::Para(format!("Debrief: {}", e.debrief)));
    }
    out
}

fn choice_items(s: &Scenario, c: &Choice) -> Vec<String> {
    let roles: Vec<&str> = s.meta().roles.iter().map(String::as_str).collect();
    let mut items = Vec::new();
    items.push(format!(
        "Verdict: {}",
        c.verdict.map_or("not given", |v| v.words())
    ));
    if c.critical {
        items.push("CRITICAL: fails the attempt whatever the score".into());
    }
    items.push(format!("Feedback: {}", c.feedback));
    for (i, (p, &points)) in s.principles().iter().zip(&c.effects).enumerate() {
        if points == 0 {
            continue;
        }
        let sources = s.citation_words(c, i, &roles);
        items.push(format!(
            "{} {:+}: {}; source shown: {}",
            if points > 0 { "Upholds" } else { "Breaches" },
            points,
            p.name,
            sources.unwrap_or_else(|| "none".to_string())
        ));
    }
    let requires = s.flag_names(c.requires);
    if !requires.is_empty() {
        items.push(format!("Offered only after: {}", requires.join(", ")));
    }
    let unless = s.flag_names(c.unless);
    if !unless.is_empty() {
        items.push(format!("Not offered after: {}", unless.join(", ")));
    }
    let sets = s.flag_names(c.sets);
    if !sets.is_empty() {
        items.push(format!("Remembers: {}", sets.join(", ")));
    }
    items.push(format!("Leads to: {}", leads_to(s, &c.next)));
    items
}

fn target(s: &Scenario, t: Target) -> String {
    match t {
        Target::Scene(x) => format!("scene \"{}\"", s.scene(x).id),
        Target::Ending(e) => format!("ending \"{}\"", s.ending(e).title),
    }
}

fn leads_to(s: &Scenario, next: &Next) -> String {
    match next {
        Next::Go(t) => target(s, *t),
        Next::Chance(outcomes) => {
            let total: u64 = outcomes.iter().map(|o| u64::from(o.weight)).sum();
            let parts: Vec<String> = outcomes
                .iter()
                .map(|o| format!("{} in {total}: {}", o.weight, target(s, o.target)))
                .collect();
            format!("a chance draw ({})", parts.join("; "))
        }
    }
}

fn markdown(blocks: &[Block]) -> String {
    let mut out = String::new();
    for b in blocks {
        match b {
            Block::Heading(level, text) => {
                out.push_str(&format!("{} {text}\n\n", "#".repeat(usize::from(*level))));
            }
            Block::Para(text) => out.push_str(&format!("{}\n\n", text.trim())),
            Block::Items(items) => {
                for i in items {
                    out.push_str(&format!("- {}\n", i.trim()));
                }
                out.push('\n');
            }
        }
    }
    out
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn html(title: &str, blocks: &[Block]) -> String {
    let mut out = format!(
        "<!doctype html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{} · canteen script</title>\n<style>\
         body{{font-family:system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1d1d1b}}\
         h2{{border-top:1px solid #999;padding-top:1rem}}li{{margin:.25rem 0}}\
         </style>\n</head>\n<body>\n<main>\n",
        escape(title)
    );
    for b in blocks {
        match b {
            Block::Heading(level, text) => {
                out.push_str(&format!("<h{level}>{}</h{level}>\n", escape(text)));
            }
            Block::Para(text) => {
                for p in text.split("\n\n") {
                    out.push_str(&format!("<p>{}</p>\n", escape(p.trim())));
                }
            }
            Block::Items(items) => {
                out.push_str("<ul>\n");
                for i in items {
                    out.push_str(&format!("<li>{}</li>\n", escape(i.trim())));
                }
                out.push_str("</ul>\n");
            }
        }
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}
