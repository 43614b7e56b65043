//! The bottom bar: the last message (an error in the error style), then the keys that
//! matter in the focused pane, taken from the keymap. When they do not all fit, hints
//! from the middle go first, so the first ones and help and quit at the end stay; beside
//! a message they leave no room for, none are shown. A message too long for one row is
//! wrapped onto the rows the layout gave the bar, and one too long for those ends in "…".

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use crate::tui::app::App;
use crate::tui::keymap::Scope;
use crate::tui::layout::message_lines;

/// How many hints at the end (help, quit) are never dropped to make room.
const KEEP_LAST: usize = 2;

/// The hints that fit in `width` columns after `used`, dropping from the middle.
pub fn fit(mut hints: Vec<(String, &'static str)>, used: usize, width: usize) -> Vec<(String, &'static str)> {
    while used + drawn(&hints) > width && hints.len() > KEEP_LAST + 1 {
        hints.remove(hints.len() - KEEP_LAST - 1);
    }
    hints
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    if let Some(find) = app
        .reader
        .find
        .as_ref()
        .filter(|f| f.typing && app.overlay.is_none())
    {
        return draw_find(frame, area, app, &find.query);
    }
    let theme = app.theme;
    let mut spans = Vec::new();
    if let Some(status) = &app.status {
        let style = if status.error { theme.error() } else { theme.info() };
        let lines = message_lines(&status.text, area.width);
        if lines.len() > 1 {
            // The bar grew to hold the message (the layout gave it the rows); no hints.
            let lines: Vec<Line> = lines
                .into_iter()
                .map(|l| Line::from(Span::styled(format!(" {l} "), style)))
                .collect();
            return frame.render_widget(Paragraph::new(lines), area);
        }
        spans.push(Span::styled(format!(" {} ", status.text), style));
        spans.push(Span::raw(" "));
    }
    let used = spans.iter().map(|s| s.content.width()).sum();
    let width = usize::from(area.width);
    let mut hints = fit(app.keymap.hints(app.focus), used, width);
    if used + drawn(&hints) > width {
        // Beside a long message the hints would be cut off: none rather than half of one.
        hints.clear();
    }
    for (keys, hint) in hints {
        spans.push(Span::styled(format!(" {keys}"), theme.key()));
        spans.push(Span::styled(format!(" {hint} "), theme.dim()));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The columns `hints` take in the bar.
fn drawn(hints: &[(String, &str)]) -> usize {
    hints
        .iter()
        .map(|(keys, hint)| keys.width() + hint.width() + 3)
        .sum()
}

/// The find bar, in place of the bottom bar while typing what to find.
fn draw_find(frame: &mut Frame, area: Rect, app: &App, query: &str) {
    let theme = app.theme;
    let prompt = " Find: ";
    let hints = fit(
        app.keymap.hints_in(&[Scope::Find]),
        0,
        usize::from(area.width) / 2,
    );
    let hints_width: usize = hints.iter().map(|(k, h)| k.width() + h.width() + 3).sum();
    let room = usize::from(area.width).saturating_sub(prompt.width() + hints_width + 2);
    let (shown, cursor) = super::ask::visible_window(query, query.chars().count(), room);
    let mut spans = vec![
        Span::styled(prompt, theme.key()),
        Span::raw(format!("{shown:<room$}")),
        Span::raw(" "),
    ];
    for (keys, hint) in hints {
        spans.push(Span::styled(format!(" {keys}"), theme.key()));
        spans.push(Span::styled(format!(" {hint} "), theme.dim()));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
    let x = area.x + u16::try_from(prompt.width() + cursor).unwrap_or(0);
    frame.set_cursor_position(Position::new(x.min(area.right().saturating_sub(1)), area.y));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hints(names: &[&'static str]) -> Vec<(String, &'static str)> {
        names.iter().map(|n| ("k".to_string(), *n)).collect()
    }

    #[test]
    fn hints_that_do_not_fit_go_from_the_middle_keeping_help_and_quit() {
        let all = hints(&["open", "ask", "bookmark", "export", "help", "quit"]);
        // Each hint here is " k NAME " : its name plus 4 columns.
        let width: usize = all.iter().map(|(_, h)| h.len() + 4).sum();
        assert_eq!(fit(all.clone(), 0, width), all);
        let names = |v: Vec<(String, &'static str)>| v.into_iter().map(|(_, h)| h).collect::<Vec<_>>();
        assert_eq!(
            names(fit(all.clone(), 0, width - 1)),
            ["open", "ask", "bookmark", "help", "quit"]
        );
        assert_eq!(names(fit(all.clone(), 10, 30)), ["open", "help", "quit"]);
        assert_eq!(names(fit(all, 200, 30)), ["open", "help", "quit"], "never fewer");
    }
}
