//! The Bookmarks overlay: the articles the user bookmarked, in the order added, each with
//! its id and the day it was bookmarked; Enter opens one, `d` removes it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use crate::tui::app::App;
use crate::tui::theme::Theme;
use curbside_core::user_files::{self, Bookmark};

/// Below this width a row shows the question alone.
const ROOM_FOR_DETAILS: usize = 50;

/// One row of the list: the marker, the question, and (room allowing) the id and day.
pub fn row(bookmark: &Bookmark, selected: bool, width: usize, theme: Theme) -> Line<'static> {
    let day: String = user_files::format_utc(bookmark.added).chars().take(10).collect();
    let details = format!("  {} · {day}", bookmark.id);
    let show_details = width >= ROOM_FOR_DETAILS && details.width() + 12 <= width;
    let room = width.saturating_sub(2 + if show_details { details.width() } else { 0 });
    let marker = if selected { "▶ " } else { "  " };
    let style = if selected { theme.selected() } else { theme.text() };
    let mut spans = vec![
        Span::styled(marker, theme.key()),
        Span::styled(super::truncate(&bookmark.question, room), style),
    ];
    if show_details {
        spans.push(Span::styled(details, theme.dim()));
    }
    Line::from(spans)
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App, selected: usize) {
    let theme = app.theme;
    let bookmarks = app.user_files().bookmarks();
    let popup = super::centered(area, 70, 70, (50, 10));
    let block = Block::bordered()
        .border_type(theme.border_type(true))
        .border_style(theme.focused_border())
        .title(Line::styled(
            format!(" Bookmarks · {} ", bookmarks.len()),
            theme.title(true),
        ))
        .title_bottom(Line::styled(
            " Enter opens · d removes · Esc closes ",
            theme.dim(),
        ));
    let inner = super::popup(frame, popup, block);
    let inner = Rect {
        x: inner.x + 1,
        width: inner.width.saturating_sub(2),
        ..inner
    };
    if bookmarks.is_empty() {
        let message = vec![
            Line::styled("No bookmarks yet.", theme.headline()),
            Line::from("Press m on an open article to bookmark it; it will be listed here."),
        ];
        frame.render_widget(Paragraph::new(message).wrap(Wrap { trim: true }), inner);
        return;
    }
    let height = usize::from(inner.height);
    let width = usize::from(inner.width);
    let first = super::first_visible(selected, height);
    let lines: Vec<Line> = bookmarks
        .iter()
        .enumerate()
        .skip(first)
        .take(height)
        .map(|(i, b)| row(b, i == selected, width, theme))
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bookmark() -> Bookmark {
        Bookmark {
            id: "clonus-causes".to_string(),
            question: "What causes clonus (involuntary, rhythmic muscle contractions)?".to_string(),
            added: 951_782_400,
        }
    }

    fn text(line: &Line) -> String {
        line.spans.iter().map(|s| s.content.as_ref()).collect()
    }

    #[test]
    fn a_row_shows_the_question_id_and_day_and_cuts_the_question_to_fit() {
        let theme = Theme::monochrome();
        let wide = text(&row(&bookmark(), true, 100, theme));
        assert_eq!(
            wide,
            "▶ What causes clonus (involuntary, rhythmic muscle contractions)?  clonus-causes · 2000-02-29"
        );
        let narrow = text(&row(&bookmark(), false, 60, theme));
        assert_eq!(narrow.width(), 60);
        assert!(narrow.contains('…') && narrow.ends_with("clonus-causes · 2000-02-29"));
        assert_eq!(
            text(&row(&bookmark(), false, 30, theme)),
            "  What causes clonus (involun…"
        );
    }
}
