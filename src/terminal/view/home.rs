//! The scenario list: title, audience, minutes and the learner's status, with the selected
//! scenario's summary below.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Row, StatefulWidget, Table, TableState, Widget};

use super::{header, text};
use crate::present::wrap::paragraphs;
use crate::terminal::app::App;

/// The status word for a scenario; words, not colour, carry the meaning.
pub fn status(app: &App, id: &str) -> String {
    app.statuses.of(id).word()
}

pub(super) fn render(app: &App, header_area: Rect, body: Rect, buf: &mut Buffer) {
    let who = if app.learner.name.is_empty() {
        "no name set (press n)".to_string()
    } else {
        format!("Learner: {}", app.learner.name)
    };
    header(
        &app.theme,
        header_area,
        &format!("canteen · {}", text::TAGLINE),
        &who,
        buf,
    );
    let [filter, list, detail] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(7),
    ])
    .areas(body);
    let mut showing = match &app.role_filter {
        None => "Showing all scenarios".to_string(),
        Some(r) => format!(
            "Showing scenarios for: {} (f for the next role)",
            app.catalogue.role_name(r)
        ),
    };
    showing.push_str(if app.learner.untimed {
        " · No time limits (t to turn them on)"
    } else {
        " · Time limits on (t to turn them off)"
    });
    Paragraph::new(Line::from(Span::styled(
        format!(" {showing}"),
        app.theme.dim,
    )))
    .render(filter, buf);

    let visible = app.visible();
    let rows: Vec<Row> = visible
        .iter()
        .enumerate()
        .map(|(i, e)| match &e.scenario {
            Some(s) => {
                let roles: Vec<_> = s
                    .meta()
                    .roles
                    .iter()
                    .map(|r| app.catalogue.role_name(r))
                    .collect();
                Row::new(vec![
                    format!("{:>2}", i + 1),
                    s.meta().title.clone(),
                    roles.join(", "),
                    format!("{} min", s.meta().minutes),
                    status(app, &s.meta().id),
                ])
            }
            None => Row::new(vec![
                format!("{:>2}", i + 1),
                e.file.clone(),
                String::new(),
                String::new(),
                "unavailable".into(),
            ]),
        })
        .collect();
    let table = Table::new(
        rows,
        [
            Constraint::Length(3),
            Constraint::Fill(3),
            Constraint::Fill(2),
            Constraint::Length(7),
            Constraint::Length(20),
        ],
    )
    .header(Row::new(vec!["", "Scenario", "For", "Length", "Status"]).style(app.theme.title))
    .row_highlight_style(app.theme.selected)
    .highlight_symbol("▶ ")
    .block(
        Block::default()
            .borders(Borders::ALL)
            .border_style(app.theme.border)
            .title(Span::styled(" Scenarios ", app.theme.title)),
    );
    let mut state =
        TableState::default().with_selected((!visible.is_empty()).then_some(app.selected));
    StatefulWidget::render(table, list, buf, &mut state);

    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(app.theme.border);
    let inner = block.inner(detail);
    let lines = match visible.get(app.selected) {
        Some(e) => match (&e.scenario, &e.problem) {
            (Some(s), _) => {
                let block_title = format!(" {} ", s.meta().title);
                Block::default()
                    .borders(Borders::ALL)
                    .border_style(app.theme.border)
                    .title(Span::styled(block_title, app.theme.title))
                    .render(detail, buf);
                let mut l = paragraphs(&s.meta().summary, inner.width, app.theme.base);
                if app.statuses.saved(&s.meta().id).is_some() {
                    l.push(Line::from(Span::styled(
                        "Enter to carry on where you left off, or start again.",
                        app.theme.key,
                    )));
                }
                l
            }
            (None, problem) => {
                block.render(detail, buf);
                paragraphs(
                    &format!(
                        "Unavailable: {}",
                        problem
                            .as_deref()
                            .unwrap_or("this file did not pass validation")
                    ),
                    inner.width,
                    app.theme.bad,
                )
            }
        },
        None => {
            block.render(detail, buf);
            vec![Line::from(
                "No scenarios match this filter. Press f to change it.",
            )]
        }
    };
    Paragraph::new(lines).render(inner, buf);
}
