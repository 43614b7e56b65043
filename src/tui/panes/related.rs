//! The Related pane: the open article's related conditions, then its suggested follow-up
//! questions, each under a heading; Enter opens or asks the selected one.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::tui::app::{App, Focus, Page, RelatedEntry};

use super::Screen;

/// One row of the pane: a heading, or an entry with its index among the selectable ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub text: String,
    pub entry: Option<usize>,
}

/// The pane's rows for a page; shared by drawing and mouse clicks so they agree.
pub fn rows(page: &Page) -> Vec<Row> {
    let mut rows = Vec::new();
    let mut heading = None;
    for (i, entry) in page.related_entries().into_iter().enumerate() {
        let (kind, text) = match entry {
            RelatedEntry::Condition(link) => ("Related conditions", link.topic.clone()),
            RelatedEntry::FollowUp(follow_up) => ("Follow-up questions", follow_up.label().to_string()),
        };
        if heading != Some(kind) {
            if heading.is_some() {
                rows.push(Row {
                    text: String::new(),
                    entry: None,
                });
            }
            rows.push(Row {
                text: kind.to_string(),
                entry: None,
            });
            heading = Some(kind);
        }
        rows.push(Row { text, entry: Some(i) });
    }
    rows
}

/// The first row to show so the selected entry is visible in `height` rows.
pub fn first_row(rows: &[Row], selected: usize, height: usize) -> usize {
    let at = rows.iter().position(|r| r.entry == Some(selected)).unwrap_or(0);
    super::first_visible(at, height)
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App, screen: &Screen) {
    let theme = app.theme;
    let block = super::pane_block(
        app,
        Focus::Related,
        super::side_title(app, Focus::Related, screen),
    );
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = usize::from(inner.width);
    let rows = rows(&app.page);
    if rows.is_empty() {
        let line = Line::styled(super::truncate("Nothing related.", width), theme.dim());
        frame.render_widget(Paragraph::new(line), inner);
        return;
    }
    let focused = app.focus == Focus::Related;
    let height = usize::from(inner.height);
    let first = first_row(&rows, app.page.related, height);
    let lines: Vec<Line> = rows
        .iter()
        .skip(first)
        .take(height)
        .map(|row| match row.entry {
            None => Line::styled(super::truncate(&row.text, width), theme.banner()),
            Some(i) => {
                let selected = i == app.page.related;
                let style = match (selected, focused) {
                    (true, true) => theme.selected(),
                    (true, false) => theme.selected_unfocused(),
                    _ => theme.text(),
                };
                let marker = if selected { "▶ " } else { "  " };
                Line::from(vec![
                    Span::styled(marker, theme.key()),
                    Span::styled(super::truncate(&row.text, width.saturating_sub(2)), style),
                ])
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}
