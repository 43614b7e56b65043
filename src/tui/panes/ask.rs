//! The Ask bar: the question being typed, its cursor, and on the right the topic the
//! question will be read as a follow-up on.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::tui::app::{App, Focus};

const PROMPT: &str = "> ";

/// The follow-up label, with the key that drops the context.
pub fn context_label(app: &App) -> Option<String> {
    let topic = app.ask.follow_up_label.as_ref()?;
    let key = if app.focus == Focus::Ask { "Ctrl-X" } else { "x" };
    Some(format!("follow-up on: {topic} ({key} drops)"))
}

/// The part of `text` to show in `width` columns so the cursor (a char index) is visible,
/// and the cursor's column within it.
pub fn visible_window(text: &str, cursor: usize, width: usize) -> (String, usize) {
    let chars: Vec<char> = text.chars().collect();
    let width = width.max(1);
    let col =
        |from: usize, to: usize| -> usize { chars[from..to].iter().map(|c| c.width().unwrap_or(0)).sum() };
    let mut start = 0;
    while start < cursor && col(start, cursor) >= width {
        start += 1;
    }
    let mut shown = String::new();
    let mut used = 0;
    for c in &chars[start..] {
        let w = c.width().unwrap_or(0);
        if used + w > width {
            break;
        }
        shown.push(*c);
        used += w;
    }
    (shown, col(start, cursor.min(chars.len())))
}

/// The Ask bar's title: while the bar holds the question the open page answers, how that
/// question was read when not as typed ("Read as: gabapentin, for gabamentine."), cut to
/// `width` columns.
pub fn title(app: &App, width: usize) -> String {
    let page = &app.reader.page;
    let asked = !page.question.is_empty() && app.ask.editor.text().trim() == page.question.trim();
    match page.understood.as_deref().filter(|_| asked) {
        Some(note) => {
            let room = width.saturating_sub(" Ask ·  ".width() + 2);
            format!(" Ask · {} ", super::truncate(note, room))
        }
        None => " Ask ".to_string(),
    }
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let block = super::pane_block(app, Focus::Ask, title(app, usize::from(area.width)));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let theme = app.theme;
    let label = context_label(app);
    let label_width = label.as_ref().map_or(0, |l| l.width() + 1);
    let room = usize::from(inner.width).saturating_sub(PROMPT.len() + label_width + 1);
    let focused = app.focus == Focus::Ask && app.overlay.is_none();
    let mut spans = vec![Span::styled(PROMPT, theme.key())];
    let (shown, cursor_col) = visible_window(app.ask.editor.text(), app.ask.editor.cursor(), room);
    if app.ask.editor.text().is_empty() {
        let hint = if focused {
            "Ask a medical question, e.g. what causes clonus"
        } else {
            "press / to ask a question"
        };
        spans.push(Span::styled(super::truncate(hint, room), theme.dim()));
    } else {
        spans.push(Span::raw(shown));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), inner);
    if let Some(label) = label {
        let width = u16::try_from(label.width()).unwrap_or(u16::MAX).min(inner.width);
        let at = Rect::new(inner.right().saturating_sub(width), inner.y, width, 1);
        frame.render_widget(Paragraph::new(Line::styled(label, theme.context())), at);
    }
    if focused {
        let x = inner.x + u16::try_from(PROMPT.len() + cursor_col).unwrap_or(0);
        frame.set_cursor_position(Position::new(x.min(inner.right().saturating_sub(1)), inner.y));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_question_scrolls_to_keep_the_cursor_in_view() {
        assert_eq!(
            visible_window("what causes clonus", 18, 30),
            ("what causes clonus".to_string(), 18)
        );
        let (shown, col) = visible_window("what causes clonus", 18, 10);
        assert_eq!((shown.as_str(), col), ("es clonus", 9));
        assert_eq!(
            visible_window("what causes clonus", 0, 10),
            ("what cause".to_string(), 0)
        );
    }
}
