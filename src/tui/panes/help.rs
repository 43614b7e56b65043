//! The help overlay: every binding of the keymap, grouped by where it works, so what help
//! says is what the keys do.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use crate::tui::app::App;

/// The help text as lines, one group per scope.
pub fn lines(app: &App) -> Vec<Line<'static>> {
    let theme = app.theme;
    let mut lines = Vec::new();
    for (scope, rows) in app.keymap.help() {
        if !lines.is_empty() {
            lines.push(Line::default());
        }
        lines.push(Line::styled(scope.title().to_string(), theme.banner()));
        for (keys, help) in rows {
            lines.push(Line::from(vec![
                Span::styled(format!("  {keys:<19}"), theme.key()),
                Span::raw(help.to_string()),
            ]));
        }
    }
    lines.push(Line::default());
    lines.push(Line::styled(
        "Movement keys work alike in every pane;",
        theme.dim(),
    ));
    lines.push(Line::styled(
        "a click focuses a pane, the wheel scrolls it.",
        theme.dim(),
    ));
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
    let lines = lines(app);
    if inner.width >= 110 {
        // Two columns, split between groups near the middle.
        let half = lines.len() / 2;
        let split = (half..lines.len())
            .find(|&i| lines[i].spans.is_empty())
            .unwrap_or(half);
        let (left, right) = lines.split_at(split);
        let [a, b] = Layout::horizontal([Constraint::Fill(1), Constraint::Fill(1)]).areas(inner);
        let right: Vec<Line> = right.iter().skip(1).cloned().collect();
        draw_column(frame, a, left.to_vec(), scroll);
        draw_column(frame, b, right, scroll);
    } else {
        draw_column(frame, inner, lines, scroll);
    }
}

fn draw_column(frame: &mut Frame, area: Rect, lines: Vec<Line<'static>>, scroll: usize) {
    let max = lines.len().saturating_sub(usize::from(area.height));
    let shown: Vec<Line> = lines.into_iter().skip(scroll.min(max)).collect();
    frame.render_widget(Paragraph::new(shown), area);
}
