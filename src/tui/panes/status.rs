//! The bottom bar: the last message (an error in the error style), then the keys that
//! matter in the focused pane, taken from the keymap.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::tui::app::App;

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let theme = app.theme;
    let mut spans = Vec::new();
    if let Some(status) = &app.status {
        let style = if status.error { theme.error() } else { theme.info() };
        spans.push(Span::styled(format!(" {} ", status.text), style));
        spans.push(Span::raw(" "));
    }
    for (keys, hint) in app.keymap.hints(app.focus) {
        spans.push(Span::styled(format!(" {keys}"), theme.key()));
        spans.push(Span::styled(format!(" {hint} "), theme.dim()));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
