//! The layout and the drawing of the whole screen: where each pane goes at a given size,
//! and [`draw`], a pure function of the [`App`]. One module per pane below.

pub mod answer;
pub mod ask;
pub mod bookmarks;
pub mod help;
pub mod references;
pub mod related;
pub mod results;
pub mod status;

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Padding, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use super::app::{App, Focus, Overlay};
use curbside_core::library::ScreenLayout;

/// Below this size the screen asks to be enlarged rather than draw unreadable panes.
pub const MIN_COLUMNS: u16 = 60;
pub const MIN_ROWS: u16 = 15;
/// From this width the Results, Answer and References/Related columns all show.
pub const WIDE_COLUMNS: u16 = 120;

/// Where each pane is; a pane the layout does not show has no area.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Screen {
    pub full: Rect,
    pub too_small: bool,
    pub wide: bool,
    pub ask: Rect,
    pub results: Option<Rect>,
    pub answer: Rect,
    pub references: Option<Rect>,
    pub related: Option<Rect>,
    pub status: Rect,
}

impl Screen {
    pub fn pane(&self, focus: Focus) -> Option<Rect> {
        if self.too_small {
            return None;
        }
        match focus {
            Focus::Ask => Some(self.ask),
            Focus::Results => self.results,
            Focus::Answer => Some(self.answer),
            Focus::References => self.references,
            Focus::Related => self.related,
        }
    }

    /// The width answer text wraps to: inside the borders and their padding.
    pub fn answer_text_width(&self) -> usize {
        usize::from(self.answer.width.saturating_sub(4)).max(10)
    }
}

/// The layout for a terminal of `area`: wide with all columns, narrow with the answer and
/// one side column showing `side`, or too small. `choice` is the user's `layout` setting:
/// by width, or always one of the two.
pub fn layout(area: Rect, side: Focus, choice: ScreenLayout) -> Screen {
    let mut screen = Screen {
        full: area,
        ..Screen::default()
    };
    if area.width < MIN_COLUMNS || area.height < MIN_ROWS {
        screen.too_small = true;
        return screen;
    }
    let [ask, middle, status] =
        Layout::vertical([Constraint::Length(3), Constraint::Min(0), Constraint::Length(1)]).areas(area);
    screen.ask = ask;
    screen.status = status;
    let wide = match choice {
        ScreenLayout::Auto => area.width >= WIDE_COLUMNS,
        ScreenLayout::Wide => true,
        ScreenLayout::Narrow => false,
    };
    if wide {
        screen.wide = true;
        let [results, answer, right] = Layout::horizontal([
            Constraint::Percentage(24),
            Constraint::Fill(1),
            Constraint::Percentage(28),
        ])
        .areas(middle);
        let [references, related] =
            Layout::vertical([Constraint::Percentage(60), Constraint::Fill(1)]).areas(right);
        screen.results = Some(results);
        screen.answer = answer;
        screen.references = Some(references);
        screen.related = Some(related);
    } else {
        let [answer, side_area] =
            Layout::horizontal([Constraint::Fill(1), Constraint::Percentage(38)]).areas(middle);
        screen.answer = answer;
        match side {
            Focus::References => screen.references = Some(side_area),
            Focus::Related => screen.related = Some(side_area),
            _ => screen.results = Some(side_area),
        }
    }
    screen
}

/// Draws the whole screen.
pub fn draw(frame: &mut Frame, app: &App) {
    let screen = layout(frame.area(), app.side, app.layout);
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
        Line::styled("Ctrl-C quits.", app.theme.dim()),
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
/// shown one marked, so it is plain that Tab reaches the others.
pub fn side_title(app: &App, shown: Focus, screen: &Screen) -> Line<'static> {
    if screen.wide {
        return Line::from(format!(" {} ", shown.title()));
    }
    let focused = app.focus == shown;
    let mut spans = vec![Span::raw(" ")];
    for (i, pane) in [Focus::Results, Focus::References, Focus::Related]
        .into_iter()
        .enumerate()
    {
        if i > 0 {
            spans.push(Span::styled(" · ", app.theme.dim()));
        }
        if pane == shown {
            spans.push(Span::styled(pane.title(), app.theme.title(focused)));
        } else {
            spans.push(Span::styled(pane.title(), app.theme.dim()));
        }
    }
    spans.push(Span::raw(" "));
    Line::from(spans)
}

/// The first entry to show so that `selected` is visible among `visible` rows.
pub fn first_visible(selected: usize, visible: usize) -> usize {
    selected.saturating_sub(visible.saturating_sub(1))
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
    fn wide_terminals_show_every_pane_and_narrow_ones_a_side_column() {
        let auto = ScreenLayout::Auto;
        let wide = layout(Rect::new(0, 0, 160, 45), Focus::Results, auto);
        assert!(wide.wide && wide.results.is_some() && wide.references.is_some() && wide.related.is_some());
        let narrow = layout(Rect::new(0, 0, 100, 30), Focus::References, auto);
        assert!(!narrow.wide);
        assert_eq!((narrow.results, narrow.related), (None, None));
        assert!(narrow.references.is_some());
        assert!(layout(Rect::new(0, 0, 59, 30), Focus::Results, auto).too_small);
        assert!(layout(Rect::new(0, 0, 100, 14), Focus::Results, auto).too_small);
    }

    #[test]
    fn the_layout_setting_forces_either_layout_at_any_width() {
        let area = |w| Rect::new(0, 0, w, 30);
        assert!(layout(area(100), Focus::Results, ScreenLayout::Wide).wide);
        assert!(!layout(area(160), Focus::Results, ScreenLayout::Narrow).wide);
        assert!(layout(area(50), Focus::Results, ScreenLayout::Wide).too_small);
    }

    #[test]
    fn truncation_marks_the_cut() {
        assert_eq!(truncate("Serotonin syndrome", 10), "Serotonin…");
        assert_eq!(truncate("Clonus", 10), "Clonus");
    }
}
