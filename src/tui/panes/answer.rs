//! The Answer pane: draws the lines [`crate::tui::answer_text`] made for the open page,
//! scrolled, with the position at its foot.

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::tui::app::{App, Focus, View};

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let height = usize::from(area.height.saturating_sub(2));
    let text = app.answer_lines(usize::from(area.width.saturating_sub(4)).max(10));
    let scroll = app.page.scroll.min(text.lines.len().saturating_sub(height));
    let title = match &app.page.view {
        View::Passages(_) => " Answer · passages ",
        View::Article(opened) if app.library().is_bookmarked(&opened.article.id) => " Answer · bookmarked ",
        _ => " Answer ",
    };
    let mut block = super::pane_block(app, Focus::Answer, title);
    if text.lines.len() > height && height > 0 {
        let shown_to = (scroll + height).min(text.lines.len());
        block = block.title_bottom(
            Line::styled(format!(" {shown_to}/{} ", text.lines.len()), app.theme.dim())
                .alignment(Alignment::Right),
        );
    }
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let visible: Vec<Line> = text.lines.iter().skip(scroll).take(height).cloned().collect();
    frame.render_widget(Paragraph::new(visible), inner);
}
