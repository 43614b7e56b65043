//! The Answer pane: draws the lines [`crate::tui::answer_text`] made for the shown page
//! (the open one, or the result previewed while typing), scrolled, the find's matches
//! highlighted, with the position at its foot.

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::tui::app::{App, Find, Focus, View};
use crate::tui::theme::Theme;

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let height = usize::from(area.height.saturating_sub(2));
    let text = app.shown_lines(usize::from(area.width.saturating_sub(4)).max(10));
    let page = app.shown_page();
    let scroll = page.scroll.min(text.lines.len().saturating_sub(height));
    let title = match &page.view {
        _ if app.reader.preview.is_some() => " Answer · preview (Enter opens, Esc returns) ",
        View::Passages(_) => " Answer · passages ",
        View::Article(opened) if app.user_files().is_bookmarked(&opened.article.id) => {
            " Answer · bookmarked "
        }
        _ => " Answer ",
    };
    let mut block = super::pane_block(
        app,
        Focus::Answer,
        super::truncate(title, usize::from(area.width.saturating_sub(2))),
    );
    // The find shows only over the page it searched, not over a preview.
    let find = app.reader.find.as_ref().filter(|_| app.reader.preview.is_none());
    let mut foot = String::new();
    if let Some(find) = find.filter(|f| !f.query.is_empty()) {
        foot = match (find.current, find.matches.len()) {
            (_, 0) => format!(" “{}” not found ", find.query),
            (Some(i), n) => format!(" “{}” {}/{n} ", find.query, i + 1),
            (None, n) => format!(" “{}” {n} matches ", find.query),
        };
    }
    if text.lines.len() > height && height > 0 {
        let shown_to = (scroll + height).min(text.lines.len());
        foot += &format!(" {shown_to}/{} ", text.lines.len());
    }
    if !foot.is_empty() {
        block = block.title_bottom(Line::styled(foot, app.theme.dim()).alignment(Alignment::Right));
    }
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let visible: Vec<Line> = text
        .lines
        .iter()
        .enumerate()
        .skip(scroll)
        .take(height)
        .map(|(row, line)| match find {
            Some(find) => highlight(line, find, row, app.theme),
            None => line.clone(),
        })
        .collect();
    frame.render_widget(Paragraph::new(visible), inner);
}

/// `line` (row `row` of the answer) with the find's matches on it restyled.
fn highlight(line: &Line<'static>, find: &Find, row: usize, theme: Theme) -> Line<'static> {
    let marks: Vec<_> = find.on_row(row).collect();
    if marks.is_empty() {
        return line.clone();
    }
    let style_at = |at: usize| -> Option<Style> {
        marks
            .iter()
            .find(|(m, _)| (m.start..m.end).contains(&at))
            .map(|(_, current)| {
                if *current {
                    theme.find_current()
                } else {
                    theme.find_match()
                }
            })
    };
    let mut spans: Vec<Span<'static>> = Vec::new();
    let mut at = 0;
    for span in &line.spans {
        let mut piece = String::new();
        let mut piece_style = None;
        for c in span.content.chars() {
            let style = style_at(at);
            if style != piece_style && !piece.is_empty() {
                let base = span.style;
                spans.push(Span::styled(
                    std::mem::take(&mut piece),
                    piece_style.map_or(base, |s| base.patch(s)),
                ));
            }
            piece_style = style;
            piece.push(c);
            at += 1;
        }
        if !piece.is_empty() {
            let base = span.style;
            spans.push(Span::styled(piece, piece_style.map_or(base, |s| base.patch(s))));
        }
    }
    Line::from(spans).style(line.style)
}
