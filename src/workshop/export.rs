//! The workshop's summary as Markdown (to read and share) and CSV (for spreadsheets).
//! Pure: text out; the shell writes the files.

use std::fmt::Write;

use super::app::Workshop;

/// The summary in Markdown.
pub fn markdown(w: &Workshop, when: jiff::Timestamp) -> String {
    let s = w.session.scenario();
    let card = w.session.scorecard();
    let mut md = String::new();
    let _ = writeln!(md, "# Workshop: {}\n", s.meta().title);
    let _ = writeln!(md, "- Scenario: `{}` ({})", s.meta().id, s.meta().summary);
    let _ = writeln!(md, "- Held: {}", when.strftime("%Y-%m-%d %H:%M UTC"));
    let most = w.log.iter().map(|d| d.voters).max().unwrap_or(0);
    let _ = writeln!(
        md,
        "- Phones: {} joined; at most {most} voted on one decision. No names or personal details were collected.",
        w.devices
    );
    let _ = writeln!(md, "- Result: {}\n", card.verdict());
    let _ = writeln!(md, "## The group's score by principle\n");
    let _ = writeln!(md, "| Principle | Points | Best possible | Score |");
    let _ = writeln!(md, "|---|---:|---:|---:|");
    for p in &card.principles {
        if let Some(pc) = p.percent() {
            let _ = writeln!(
                md,
                "| {} | {:+} | {:+} | {pc}% |",
                p.principle.name, p.earned, p.best
            );
        }
    }
    let _ = writeln!(md, "\n## Decisions\n");
    for (n, d) in w.log.iter().enumerate() {
        let _ = writeln!(md, "### {}. Scene `{}`\n", n + 1, d.scene);
        if let Some(p) = &d.discuss {
            let _ = writeln!(md, "Discussion prompt: {p}\n");
        }
        let _ = writeln!(md, "| Option | Phones | Hands | Total |");
        let _ = writeln!(md, "|---|---:|---:|---:|");
        for (i, o) in d.options.iter().enumerate() {
            let mark = if i == d.chosen { " **(followed)**" } else { "" };
            let text = s.choice(o.choice).text.replace('|', "\\|");
            let _ = writeln!(
                md,
                "| {}. {text}{mark} | {} | {} | {} |",
                Workshop::letter(i),
                o.phones,
                o.hands,
                o.phones + o.hands
            );
        }
        let how = if d.overridden {
            "the facilitator's choice"
        } else {
            "the majority"
        };
        let _ = writeln!(
            md,
            "\n{} phones voted; the story followed {how}.\n",
            d.voters
        );
    }
    if let Some(e) = w.session.ending() {
        let _ = writeln!(
            md,
            "## Ending: {}\n\n{}\n\n**Debrief.** {}",
            e.title,
            e.outcome.trim(),
            e.debrief.trim()
        );
    }
    md
}

/// The votes at every decision, one row per option.
pub fn csv(w: &Workshop) -> Result<String, csv::Error> {
    let s = w.session.scenario();
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record([
        "decision",
        "scene",
        "option",
        "choice_id",
        "choice",
        "phones",
        "hands",
        "total",
        "followed",
        "overridden",
        "phones_voted",
    ])?;
    for (n, d) in w.log.iter().enumerate() {
        for (i, o) in d.options.iter().enumerate() {
            let c = s.choice(o.choice);
            out.write_record([
                (n + 1).to_string(),
                d.scene.clone(),
                Workshop::letter(i).to_string(),
                c.id.clone(),
                c.text.clone(),
                o.phones.to_string(),
                o.hands.to_string(),
                (o.phones + o.hands).to_string(),
                (i == d.chosen).to_string(),
                (i == d.chosen && d.overridden).to_string(),
                d.voters.to_string(),
            ])?;
        }
    }
    let bytes = out.into_inner().map_err(|e| e.into_error())?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}
