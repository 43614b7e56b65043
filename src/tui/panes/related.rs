//! The Related pane: the open article's related conditions, then its suggested follow-up
//! questions, each under a heading; Enter opens or asks the selected one.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::tui::app::{App, Focus};
use crate::tui::layout;

use super::Screen;

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
    let rows = layout::related_rows(&app.reader.page);
    if rows.is_empty() {
        let line = Line::styled(super::truncate("Nothing related.", width), theme.dim());
        frame.render_widget(Paragraph::new(line), inner);
        return;
    }
    let focused = app.focus == Focus::Related;
    let height = usize::from(inner.height);
    let first = layout::first_related_row(&rows, app.reader.page.related, height);
    let lines: Vec<Line> = rows
        .iter()
        .skip(first)
        .take(height)
        .map(|row| match row.entry {
            None => Line::styled(super::truncate(&row.text, width), theme.banner()),
            Some(i) => {
                let selected = i == app.reader.page.related;
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
