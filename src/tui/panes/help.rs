//! The help overlay: every binding of the keymap, grouped by where it works, so what help
//! says is what the keys do. What a key does wraps beside its keys, never cut off.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use unicode_width::UnicodeWidthStr;

use crate::tui::app::App;
use crate::tui::layout::wrap_at_spaces;

/// Columns the keys take before what they do: an indent of 2 and 19 for the keys.
const KEYS_COLUMNS: usize = 21;

/// The help text as lines for a column `width` wide, one group per scope; what a key
/// does wraps under itself when it is longer than the room beside the keys.
pub fn lines(app: &App, width: usize) -> Vec<Line<'static>> {
    let theme = app.theme;
    // A column to spare, so a full line never runs into the column beside it.
    let room = width.saturating_sub(KEYS_COLUMNS + 1);
    let mut lines = Vec::new();
    for (scope, rows) in app.keymap.help() {
        if !lines.is_empty() {
            lines.push(Line::default());
        }
        lines.push(Line::styled(scope.title().to_string(), theme.banner()));
        for (keys, help) in rows {
            let keys = format!("  {keys:<19}");
            let indent = " ".repeat(keys.width());
            for (i, part) in wrap_at_spaces(help, room.max(10)).into_iter().enumerate() {
                let lead = if i == 0 {
                    Span::styled(keys.clone(), theme.key())
                } else {
                    Span::raw(indent.clone())
                };
                lines.push(Line::from(vec![lead, Span::raw(part)]));
            }
        }
    }
    lines.push(Line::default());
    for note in [
        "Movement keys work alike in every pane;",
        "a click focuses a pane, the wheel scrolls it.",
    ] {
        for part in wrap_at_spaces(note, width.saturating_sub(1).max(10)) {
            lines.push(Line::styled(part, theme.dim()));
        }
    }
    lines
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App, scroll: usize) {
    let popup = super::centered(area, 90, 90, (56, 14));
    let block = Block::bordered()
        .border_type(app.theme.border_type(true))
        .border_style(app.theme.focused_border())
        .title(Line::styled(" Keys ", app.theme.title(true)))
        .title_bottom(Line::styled(" Esc closes · j/k scroll ", app.theme.dim()));
    let inner = super::popup(frame, popup, block);
    let inner = Rect {
        x: inner.x + 1,
        width: inner.width.saturating_sub(2),
        ..inner
    };
    if inner.width >= 110 {
        // Two columns, split between the groups nearest the middle.
        let [a, b] = Layout::horizontal([Constraint::Fill(1), Constraint::Fill(1)]).areas(inner);
        let lines = lines(app, usize::from(a.width.min(b.width)));
        let half = lines.len() / 2;
        let split = (0..lines.len())
            .filter(|&i| lines[i].spans.is_empty())
            .min_by_key(|&i| i.abs_diff(half))
            .unwrap_or(half);
        let (left, right) = lines.split_at(split);
        let right: Vec<Line> = right.iter().skip(1).cloned().collect();
        draw_column(frame, a, left.to_vec(), scroll);
        draw_column(frame, b, right, scroll);
    } else {
        draw_column(frame, inner, lines(app, usize::from(inner.width)), scroll);
    }
}

fn draw_column(frame: &mut Frame, area: Rect, lines: Vec<Line<'static>>, scroll: usize) {
    let max = lines.len().saturating_sub(usize::from(area.height));
    let shown: Vec<Line> = lines.into_iter().skip(scroll.min(max)).collect();
    frame.render_widget(Paragraph::new(shown), area);
}
