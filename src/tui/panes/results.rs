//! The Results pane: the articles matching the text in the Ask bar, best first.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::tui::app::{App, Focus, ResultsKind};

use super::Screen;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, screen: &Screen) {
    let theme = app.theme;
    let mut title = super::side_title(app, Focus::Results, screen);
    if screen.wide && !app.results.hits.is_empty() {
        // Typing lists the matches of the words so far; Enter ranks the question again
        // for the answer, fewer and in another order: the title says which it is.
        let what = match app.results.kind {
            ResultsKind::Matches => "matches",
            ResultsKind::Ranked => "ranked",
        };
        let n = app.results.hits.len();
        let what = if n == 1 && what == "matches" {
            "match"
        } else {
            what
        };
        title = Line::from(format!(" Results · {n} {what} "));
    }
    let block = super::pane_block(app, Focus::Results, title);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let height = usize::from(inner.height);
    let width = usize::from(inner.width);
    if app.results.hits.is_empty() {
        let message = if app.ask.editor.text().trim().is_empty() {
            "Type a question; matching articles show here."
        } else {
            "No article matches yet."
        };
        let lines: Vec<Line> = textwrap::wrap(message, width.max(10))
            .into_iter()
            .map(|l| Line::styled(l.into_owned(), theme.dim()))
            .collect();
        frame.render_widget(Paragraph::new(lines), inner);
        return;
    }
    let focused = app.focus == Focus::Results;
    // Where two results ask the same question, each says where it is from and what it
    // answers: "What is diabetes? · NIDDK · information".
    let repeated = |question: &str| {
        app.results
            .hits
            .iter()
            .filter(|h| h.question.eq_ignore_ascii_case(question))
            .count()
            > 1
    };
    let first = super::first_visible(app.results.selected, height);
    let lines: Vec<Line> = app
        .results
        .hits
        .iter()
        .enumerate()
        .skip(first)
        .take(height)
        .map(|(i, hit)| {
            let selected = i == app.results.selected;
            let marker = if selected { "▶ " } else { "  " };
            let label = if repeated(&hit.question) {
                let source = curbside_core::corpus::medquad::collection_of_id(&hit.id).unwrap_or(&hit.corpus);
                format!("{} · {source} · {}", hit.question, hit.kind)
            } else {
                hit.question.clone()
            };
            let label = super::truncate(&label, width.saturating_sub(2));
            let style = match (selected, focused) {
                (true, true) => theme.selected(),
                (true, false) => theme.selected_unfocused(),
                _ if !hit.answered => theme.dim(),
                _ => theme.text(),
            };
            Line::from(vec![
                Span::styled(marker, theme.key()),
                Span::styled(label, style),
            ])
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}
