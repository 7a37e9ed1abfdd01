//! Drawing the preview: the trainer's own screens in the play area, the file's diagnostics
//! beside them (or full-screen), a status line at the foot, and the preview's boxes. Views
//! only read the model.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Block, Borders, Clear, List, ListItem, ListState, Paragraph, StatefulWidget, Widget,
};

use super::{Preview, PreviewOverlay};
use crate::format::Severity;
use crate::present::bars::score_bars;
use crate::present::boxes::{boxed, centred};
use crate::present::scroll::{scrolled, text_width};
use crate::present::wrap::{fit, pad, width, wrap};
use crate::terminal::{MIN_HEIGHT, MIN_WIDTH, keys, text};

impl Widget for &Preview {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            (&self.app).render(area, buf);
            return;
        }
        buf.set_style(area, self.app.theme.base);
        let [body, foot] =
            Layout::vertical([Constraint::Fill(1), Constraint::Length(self.status_rows())])
                .areas(area);
        if self.diagnostics_full_screen() {
            diagnostics(self, body, buf);
        } else {
            let play = self.play_area().intersection(area);
            (&self.app).render(play, buf);
            if self.panel_visible() {
                let panel = Rect {
                    x: play.right(),
                    width: area.width - play.width,
                    ..body
                };
                diagnostics(self, panel, buf);
            }
        }
        // The status line takes the place of the trainer's key hints.
        status_line(self, foot, buf);
        match self.overlay {
            Some(PreviewOverlay::Help) => help(self, area, buf),
            Some(PreviewOverlay::Scores) => scores(self, area, buf),
            Some(PreviewOverlay::Jump(selected)) => jump(self, selected, area, buf),
            None => {}
        }
    }
}

/// The diagnostics as lines at a width: each one's short form, then miette's full rendering
/// with the source underlined.
pub fn diagnostic_lines(p: &Preview, width: u16) -> Vec<Line<'static>> {
    let t = &p.app.theme;
    let mut out = Vec::new();
    let (errors, warnings) = (p.count(Severity::Error), p.count(Severity::Warning));
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    out.push(Line::from(Span::styled(
        format!(
            "{}, {}",
            plural(errors, "error"),
            plural(warnings, "warning")
        ),
        t.title,
    )));
    for d in &p.diagnostics {
        let style = match d.severity() {
            Severity::Error => t.bad,
            Severity::Warning => t.key,
            Severity::Note => t.dim,
        };
        for l in wrap(&d.short(), width) {
            out.push(Line::from(Span::styled(l, style)));
        }
    }
    for d in &p.diagnostics {
        out.push(Line::default());
        out.extend(
            dedent_source(&d.render(usize::from(width), false))
                .iter()
                .flat_map(|l| cut_to(l, usize::from(width)))
                .map(|l| Line::from(Span::styled(l, t.base))),
        );
    }
    out
}

/// A line cut into pieces no wider than `width` columns, so a long quoted source line wraps
/// inside the panel instead of running off its edge; later pieces are indented two columns.
fn cut_to(line: &str, width: usize) -> Vec<String> {
    use unicode_width::UnicodeWidthChar;
    let width = width.max(8);
    let mut out = Vec::new();
    let mut current = String::new();
    let mut used = 0;
    for c in line.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > width {
            out.push(std::mem::take(&mut current));
            current.push_str("  ");
            used = 2;
        }
        current.push(c);
        used += w;
    }
    out.push(current);
    out
}

/// miette's rendering with the quoted source shifted left by the indentation its lines share,
/// so the underline stays in sight in a narrow panel (scenario files are deeply indented).
fn dedent_source(rendered: &str) -> Vec<String> {
    // The gutter of a quoted line: ` 48 │ ` for source, `    · ` for the underline and label.
    let gutter = |line: &str| -> Option<usize> {
        let lead = line.len() - line.trim_start().len();
        let rest = &line[lead..];
        let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let mark = rest[digits..].trim_start_matches(' ');
        let numbered = digits > 0 && mark.starts_with('│');
        (numbered || (digits == 0 && mark.starts_with('·')))
            .then(|| line.len() - mark.len() + mark.chars().next().map_or(0, char::len_utf8) + 1)
    };
    let lines: Vec<&str> = rendered.lines().collect();
    let shared = lines
        .iter()
        .filter_map(|l| gutter(l).and_then(|g| l.get(g..)))
        .filter(|code| !code.trim().is_empty())
        .map(|code| code.len() - code.trim_start_matches(' ').len())
        .min()
        .unwrap_or(0);
    lines
        .iter()
        .map(|l| match gutter(l) {
            Some(g) if l.len() >= g + shared => format!("{}{}", &l[..g], &l[g + shared..]),
            _ => l.to_string(),
        })
        .collect()
}

/// The furthest the diagnostics can scroll where they are drawn now.
pub fn max_panel_scroll(p: &Preview) -> u16 {
    let (w, h) = p.size;
    let width = if p.panel_visible() {
        w - p.play_area().width
    } else {
        w
    };
    let inner_height = h.saturating_sub(p.status_rows() + 2);
    let lines = diagnostic_lines(p, width.saturating_sub(4)).len();
    lines
        .saturating_sub(usize::from(inner_height))
        .min(usize::from(u16::MAX)) as u16
}

fn diagnostics(p: &Preview, area: Rect, buf: &mut Buffer) {
    let t = &p.app.theme;
    let back = if p.loaded_at.is_some() && !p.panel_visible() {
        " · d or Esc: back to the story"
    } else {
        ""
    };
    Clear.render(area, buf);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.border)
        .style(t.base)
        .title(Span::styled(
            format!(" Problems in {}{back} ", p.file),
            t.title,
        ));
    let inner = block.inner(area);
    block.render(area, buf);
    let lines = diagnostic_lines(p, text_width(inner));
    scrolled(&p.app.theme, lines, p.panel_scroll, inner, buf);
}

fn status_line(p: &Preview, area: Rect, buf: &mut Buffer) {
    let t = &p.app.theme;
    let hidden = !p.diagnostics.is_empty() && !p.panel_visible() && !p.diagnostics_full_screen();
    let hint = if hidden {
        text::PREVIEW_HINT_PROBLEMS
    } else {
        text::PREVIEW_HINT
    };
    let hint_width = width(hint).saturating_add(1);
    let room = area.width.saturating_sub(hint_width + 1);
    let mut lines = wrap(&p.status, room.max(10));
    if lines.len() > usize::from(area.height) {
        lines.truncate(usize::from(area.height));
        if let Some(last) = lines.last_mut() {
            // The last line shown ends in "…", so it says there is more.
            *last = format!("{}…", fit(last, room.saturating_sub(1)));
        }
    }
    Clear.render(area, buf);
    let [left, right] =
        Layout::horizontal([Constraint::Fill(1), Constraint::Length(hint_width)]).areas(area);
    let lines: Vec<Line> = lines
        .into_iter()
        .map(|l| Line::from(Span::styled(format!(" {l}"), t.key)))
        .collect();
    Paragraph::new(lines).render(left, buf);
    let last_row = Rect {
        y: right.bottom().saturating_sub(1),
        height: 1,
        ..right
    };
    Paragraph::new(Line::from(Span::styled(hint, t.dim)))
        .alignment(ratatui::layout::Alignment::Right)
        .render(last_row, buf);
}

fn help(p: &Preview, area: Rect, buf: &mut Buffer) {
    let t = &p.app.theme;
    let mut lines = Vec::new();
    let key = |k: &str, what: &str| {
        Line::from(vec![
            Span::styled(format!("  {}", pad(k, 20)), t.key),
            Span::styled(what.to_string(), t.base),
        ])
    };
    lines.push(Line::from(Span::styled(keys::PREVIEW.title, t.title)));
    lines.extend(keys::PREVIEW.help_lines().iter().map(|(k, w)| key(k, w)));
    for (section, brief) in text::PREVIEW_TRAINER_BRIEF {
        lines.push(Line::from(Span::styled(section.to_string(), t.title)));
        lines.extend(brief.iter().map(|(k, what)| key(k, what)));
    }
    lines.push(Line::default());
    lines.push(Line::from(Span::styled(text::PREVIEW_SAVING, t.base)));
    lines.push(Line::from(Span::styled("Press ? or Esc to close.", t.dim)));
    boxed(&p.app.theme, "Preview help", lines, 76, area, buf);
}

fn scores(p: &Preview, area: Rect, buf: &mut Buffer) {
    let t = &p.app.theme;
    let Some(a) = &p.app.attempt else { return };
    let session = &a.session;
    let width = 72;
    let mut lines = Vec::new();
    let place = match (session.scene(), session.ending()) {
        (Some(scene), _) => format!("At scene \"{}\"", scene.id),
        (None, Some(e)) => format!("At the ending \"{}\"", e.id),
        (None, None) => String::new(),
    };
    lines.push(Line::from(Span::styled(place, t.title)));
    let path: Vec<&str> = a.progress.steps.iter().map(|x| x.choice.as_str()).collect();
    let path = if path.is_empty() {
        "none yet".to_string()
    } else {
        path.join(", ")
    };
    for l in wrap(&format!("Decisions: {path}"), width) {
        lines.push(Line::from(l));
    }
    let flags = session.flags();
    let flags = if flags.is_empty() {
        "none".to_string()
    } else {
        flags.join(", ")
    };
    for l in wrap(&format!("Flags set: {flags}"), width) {
        lines.push(Line::from(l));
    }
    let card = session.scorecard();
    lines.push(Line::default());
    lines.push(Line::from(vec![
        Span::styled(format!("Score so far {}%", card.overall), t.title),
        Span::styled(
            format!(
                "   pass mark {}% (of the best a whole attempt can earn)",
                card.pass_mark
            ),
            t.dim,
        ),
    ]));
    if !card.critical.is_empty() {
        lines.push(Line::from(Span::styled(
            format!("✖ critical: {}", card.critical.join(", ")),
            t.bad,
        )));
    }
    lines.extend(score_bars(t, &card));
    lines.push(Line::default());
    lines.push(Line::from(Span::styled("Press s or Esc to close.", t.dim)));
    boxed(&p.app.theme, "Flags and score so far", lines, 76, area, buf);
}

fn jump(p: &Preview, selected: usize, area: Rect, buf: &mut Buffer) {
    let t = &p.app.theme;
    let Some(s) = p.scenario() else { return };
    let here = p.app.attempt.as_ref().and_then(|a| a.session.scene_ix());
    let id_width = s.scenes().iter().map(|x| width(&x.id)).max().unwrap_or(0);
    let items: Vec<ListItem> = s
        .scenes()
        .iter()
        .enumerate()
        .map(|(i, scene)| {
            let mark = if here.is_some_and(|h| h.0 as usize == i) {
                "● "
            } else {
                "  "
            };
            let words = scene.texts[0]
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            ListItem::new(Line::from(vec![
                Span::styled(format!("{mark}{}  ", pad(&scene.id, id_width)), t.key),
                Span::styled(words, t.dim),
            ]))
        })
        .collect();
    let height = (items.len() as u16 + 4).min(area.height.saturating_sub(2));
    let r = centred(area, 76, height);
    Clear.render(r, buf);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.title)
        .style(t.base)
        .title(Span::styled(" Jump to a scene ", t.title));
    let inner = block.inner(r);
    block.render(r, buf);
    let [list, hint] = Layout::vertical([Constraint::Fill(1), Constraint::Length(2)]).areas(inner);
    let mut state =
        ListState::default().with_selected(Some(selected.min(s.scenes().len().saturating_sub(1))));
    StatefulWidget::render(
        List::new(items)
            .highlight_style(t.selected)
            .highlight_symbol("▶"),
        list,
        buf,
        &mut state,
    );
    Paragraph::new(vec![
        Line::default(),
        Line::from(Span::styled(
            "↑ ↓ select · Enter go there (shortest route) · Esc close · ● you are here",
            t.dim,
        )),
    ])
    .render(hint, buf);
}
