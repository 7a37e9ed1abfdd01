//! The local arrangements a manager chose in a scenario, written out as a checklist to take to
//! their team: each arrangement with the principles and sources behind it, as plain text and as
//! Markdown, the same from every shell.

use crate::engine::Session;
use crate::format::harmless::harmless;

use super::feedback::touched;

/// One arrangement chosen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// The decision it was chosen at, counting from 1.
    pub decision: usize,
    pub arrangement: String,
    /// Why, a line per principle: "upholds Patient confidentiality and dignity (NMC Code 5)".
    pub because: Vec<String>,
}

/// The arrangements chosen in one play of a scenario.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checklist {
    pub scenario_id: String,
    pub title: String,
    pub items: Vec<Item>,
}

/// The checklist of a session's choices, when any of them was an arrangement.
pub fn checklist(session: &Session, role: Option<&str>) -> Option<Checklist> {
    let s = session.scenario();
    let items: Vec<Item> = session
        .history()
        .iter()
        .enumerate()
        .filter_map(|(i, step)| {
            let c = s.choice(step.choice);
            let arrangement = c.arrangement.clone()?;
            let because = touched(s, c, role)
                .iter()
                .map(|p| {
                    let verb = if p.upheld { "upholds" } else { "breaches" };
                    match &p.source {
                        Some(src) => format!("{verb} {} ({src})", p.name),
                        None => format!("{verb} {}", p.name),
                    }
                })
                .collect();
            Some(Item {
                decision: i + 1,
                arrangement,
                because,
            })
        })
        .collect();
    (!items.is_empty()).then(|| Checklist {
        scenario_id: s.meta().id.clone(),
        title: s.meta().title.clone(),
        items,
    })
}

impl Checklist {
    /// Plain text, for the terminal and a printout.
    pub fn to_text(&self) -> String {
        let mut out = format!(
            "Local arrangements: {}\nThe arrangements you chose, to agree with your team. Each says the principle and source behind it.\n",
            harmless(&self.title)
        );
        for (n, item) in self.items.iter().enumerate() {
            out.push_str(&format!(
                "\n{}. [ ] {}\n",
                n + 1,
                harmless(&item.arrangement)
            ));
            if !item.because.is_empty() {
                out.push_str(&format!(
                    "   Why: {}.\n",
                    harmless(&item.because.join("; "))
                ));
            }
        }
        out
    }

    /// Markdown, to paste into a team's notes or a policy draft.
    pub fn to_markdown(&self) -> String {
        let mut out = format!(
            "# Local arrangements: {}\n\nThe arrangements you chose in canteen, to agree with your team. Each says the principle and source behind it.\n\n",
            markdown(&self.title)
        );
        for item in &self.items {
            out.push_str(&format!("- [ ] **{}**", markdown(&item.arrangement)));
            if !item.because.is_empty() {
                out.push_str(&format!(
                    "  \n  Why: {}.",
                    markdown(&item.because.join("; "))
                ));
            }
            out.push('\n');
        }
        out
    }

    /// A file name for the Markdown: `local-arrangements-SCENARIO.md`.
    pub fn file_name(&self) -> String {
        format!("local-arrangements-{}.md", self.scenario_id)
    }
}

/// Text with Markdown's own marks escaped, so an arrangement reads as written.
fn markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in harmless(text).chars() {
        if matches!(
            c,
            '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' | '|'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
