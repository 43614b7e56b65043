//! The drawing of the whole screen: [`draw`], a pure function of the [`App`] (where
//! each pane goes is [`super::layout`]'s). One module per pane below.

pub mod answer;
pub mod ask;
pub mod bookmarks;
pub mod help;
pub mod references;
pub mod related;
pub mod results;
pub mod status;

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Padding, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use super::app::{App, Overlay};
use super::focus::Focus;
pub use super::layout::{MIN_COLUMNS, MIN_ROWS, Screen, first_visible, layout};

/// Draws the whole screen.
pub fn draw(frame: &mut Frame, app: &App) {
    let screen = app.screen_in(frame.area());
    if screen.too_small {
        return draw_too_small(frame, screen.full, app);
    }
    ask::draw(frame, screen.ask, app);
    if let Some(area) = screen.results {
        results::draw(frame, area, app, &screen);
    }
    answer::draw(frame, screen.answer, app);
    if let Some(area) = screen.references {
        references::draw(frame, area, app, &screen);
    }
    if let Some(area) = screen.related {
        related::draw(frame, area, app, &screen);
    }
    status::draw(frame, screen.status, app);
    match &app.overlay {
        Some(Overlay::Help { scroll }) => help::draw(frame, screen.full, app, *scroll),
        Some(Overlay::Reference(reference)) => references::draw_full(frame, screen.full, app, reference),
        Some(Overlay::Bookmarks { selected }) => bookmarks::draw(frame, screen.full, app, *selected),
        None => {}
    }
}

fn draw_too_small(frame: &mut Frame, area: Rect, app: &App) {
    let message = vec![
        Line::styled("Please enlarge the window.", app.theme.headline()),
        Line::from(format!(
            "curbside needs {MIN_COLUMNS}×{MIN_ROWS}; this is {}×{}.",
            area.width, area.height
        )),
        Line::styled(too_small_keys(app), app.theme.dim()),
    ];
    let top = area.height.saturating_sub(3) / 2;
    let area = Rect::new(area.x, area.y + top, area.width, area.height - top);
    frame.render_widget(
        Paragraph::new(message)
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true }),
        area,
    );
}

/// What the enlarge message says about keys: the only ones that act, from the keymap.
fn too_small_keys(app: &App) -> String {
    let keys: Vec<String> = app
        .keymap
        .hints_in(&[super::keymap::Scope::TooSmall])
        .into_iter()
        .map(|(keys, hint)| format!("{keys} {hint}"))
        .collect();
    format!("{}.", keys.join(", "))
}

/// A pane's frame: its title and a border that is thick and bright when focused.
pub fn pane_block<'a>(app: &App, focus: Focus, title: impl Into<Line<'a>>) -> Block<'a> {
    let focused = app.focus == focus && app.overlay.is_none();
    let style = if focused {
        app.theme.focused_border()
    } else {
        app.theme.border()
    };
    let mut title: Line<'a> = title.into();
    if title.style == ratatui::style::Style::default() {
        title = title.style(app.theme.title(focused));
    }
    Block::new()
        .borders(Borders::ALL)
        .border_type(app.theme.border_type(focused))
        .border_style(style)
        .padding(Padding::horizontal(1))
        .title(title)
}

/// The side column's title in the narrow layout: the three panes it switches between, the
/// shown one marked, so it is plain that Tab reaches the others. Where the three names do
/// not fit (80 columns), the ones not shown are shortened.
pub fn side_title(app: &App, shown: Focus, screen: &Screen) -> Line<'static> {
    if screen.wide {
        return Line::from(format!(" {} ", shown.title()));
    }
    let panes = [Focus::Results, Focus::References, Focus::Related];
    let room = screen
        .pane(shown)
        .map_or(usize::MAX, |r| usize::from(r.width.saturating_sub(2)));
    let full: usize = panes.iter().map(|p| p.title().width()).sum::<usize>() + 2 * 3 + 2;
    let name = |pane: Focus| -> &'static str {
        if pane == shown || full <= room {
            return pane.title();
        }
        match pane {
            Focus::References => "Refs",
            Focus::Related => "Rel",
            _ => "Res",
        }
    };
    let focused = app.focus == shown;
    let mut spans = vec![Span::raw(" ")];
    for (i, pane) in panes.into_iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled(" · ", app.theme.dim()));
        }
        if pane == shown {
            spans.push(Span::styled(name(pane), app.theme.title(focused)));
        } else {
            spans.push(Span::styled(name(pane), app.theme.dim()));
        }
    }
    spans.push(Span::raw(" "));
    Line::from(spans)
}

/// `text` cut to `width` columns, with `…` when cut.
pub fn truncate(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// A rectangle of `percent_x` by `percent_y` of `area`, centred, at least `min` in size.
pub fn centered(area: Rect, percent_x: u16, percent_y: u16, min: (u16, u16)) -> Rect {
    let width = (area.width * percent_x / 100).max(min.0).min(area.width);
    let height = (area.height * percent_y / 100).max(min.1).min(area.height);
    Rect::new(
        area.x + (area.width - width) / 2,
        area.y + (area.height - height) / 2,
        width,
        height,
    )
}

/// Clears `area` and draws `block` there, returning the inside.
pub fn popup(frame: &mut Frame, area: Rect, block: Block<'_>) -> Rect {
    frame.render_widget(Clear, area);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    inner
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncation_marks_the_cut() {
        assert_eq!(truncate("Serotonin syndrome", 10), "Serotonin…");
        assert_eq!(truncate("Clonus", 10), "Clonus");
    }
}
