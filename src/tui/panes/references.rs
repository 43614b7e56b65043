//! The References pane: the open article's numbered references (or the selected
//! passage's), the one cited by the selected citation marked; and a reference in full.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::tui::app::{App, Focus};
use crate::tui::theme::Theme;
use curbside_core::article::Reference;

use super::Screen;

use crate::tui::layout::ROWS_PER_REFERENCE;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, screen: &Screen) {
    let theme = app.theme;
    let block = super::pane_block(
        app,
        Focus::References,
        super::side_title(app, Focus::References, screen),
    );
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let references = app.shown_page().references();
    let width = usize::from(inner.width);
    if references.is_empty() {
        let line = Line::styled(super::truncate("No references.", width), theme.dim());
        frame.render_widget(Paragraph::new(line), inner);
        return;
    }
    let focused = app.focus == Focus::References;
    let items = (usize::from(inner.height) / ROWS_PER_REFERENCE).max(1);
    let first = super::first_visible(app.reader.page.reference.unwrap_or(0), items);
    let mut lines = Vec::new();
    for (i, reference) in references.iter().enumerate().skip(first).take(items) {
        let selected = app.reader.page.reference == Some(i);
        let marker = if selected { "▶" } else { " " };
        let number = format!("[{}] ", reference.n);
        let title_room = width.saturating_sub(1 + number.len());
        let style = match (selected, focused) {
            (true, true) => theme.selected(),
            (true, false) => theme.citation_selected(),
            _ => theme.text(),
        };
        lines.push(Line::from(vec![
            Span::styled(marker, theme.key()),
            Span::styled(number, if selected { style } else { theme.citation() }),
            Span::styled(super::truncate(&reference.title, title_room), style),
        ]));
        let source = match reference.year {
            Some(year) => format!("{}, {year}", reference.source),
            None => reference.source.clone(),
        };
        let indent = " ".repeat(1 + format!("[{}] ", reference.n).len());
        let room = width.saturating_sub(indent.len());
        lines.push(Line::styled(
            format!("{indent}{}", super::truncate(&source, room)),
            theme.dim(),
        ));
    }
    // The selected reference (or the first) in full at the pane's foot, where rows are left: its
    // title wrapped, then its source and URL (`o` opens it, `y` copies it).
    let left = usize::from(inner.height).saturating_sub(lines.len() + 1);
    let selected = Some(app.reader.page.reference.unwrap_or(0));
    if let Some(reference) = selected.and_then(|i| references.get(i))
        && left >= 2
    {
        let mut foot: Vec<Line> = vec![Line::styled("─".repeat(width), theme.dim())];
        let title = format!("[{}] {}", reference.n, reference.title);
        foot.extend(
            curbside_core::render::wrap(&title, width, "", "    ")
                .into_iter()
                .map(|l| Line::styled(l, theme.text())),
        );
        let mut details = reference.source.clone();
        if let Some(year) = reference.year {
            details += &format!(", {year}");
        }
        foot.extend(
            curbside_core::render::wrap(&details, width, "    ", "    ")
                .into_iter()
                .map(|l| Line::styled(l, theme.dim())),
        );
        let ids: Vec<String> = [
            reference.pmid.as_ref().map(|p| format!("PMID {p}")),
            reference.doi.as_ref().map(|d| format!("doi:{d}")),
        ]
        .into_iter()
        .flatten()
        .collect();
        if !ids.is_empty() {
            foot.extend(
                curbside_core::render::wrap(&ids.join(" · "), width, "    ", "    ")
                    .into_iter()
                    .map(|l| Line::styled(l, theme.key())),
            );
        }
        if let Some(url) = &reference.url {
            // A URL is cut where the line ends, never at its hyphens, so that the pieces
            // read back as the address.
            let room = width.saturating_sub(4).max(1);
            let chars: Vec<char> = url.chars().collect();
            foot.extend(
                chars.chunks(room).map(|piece| {
                    Line::styled(format!("    {}", piece.iter().collect::<String>()), theme.key())
                }),
            );
        }
        foot.truncate(left + 1);
        lines.push(Line::default());
        lines.extend(foot);
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The lines of a reference shown in full.
pub fn full_lines(reference: &Reference, theme: Theme) -> Vec<Line<'static>> {
    let mut lines = vec![
        Line::styled(format!("[{}] {}", reference.n, reference.title), theme.headline()),
        Line::default(),
    ];
    let mut field = |name: &str, value: &str| {
        lines.push(Line::from(vec![
            Span::styled(format!("{name:<8}"), theme.dim()),
            Span::raw(value.to_string()),
        ]));
    };
    field("Kind", reference.kind.label());
    field("Source", &reference.source);
    if let Some(year) = reference.year {
        field("Year", &year.to_string());
    }
    if let Some(authors) = &reference.authors {
        field("Authors", authors);
    }
    if let Some(pmid) = &reference.pmid {
        field("PMID", pmid);
    }
    if let Some(doi) = &reference.doi {
        field("DOI", doi);
    }
    if let Some(url) = &reference.url {
        field("URL", url);
    }
    lines
}

pub fn draw_full(frame: &mut Frame, area: Rect, app: &App, reference: &Reference) {
    let popup = super::centered(area, 70, 50, (50, 12));
    let block = ratatui::widgets::Block::bordered()
        .border_type(app.theme.border_type(true))
        .border_style(app.theme.focused_border())
        .title(Line::styled(" Reference ", app.theme.title(true)))
        .title_bottom(Line::styled(" Esc closes ", app.theme.dim()));
    let inner = super::popup(frame, popup, block);
    let inner = Rect {
        x: inner.x + 1,
        width: inner.width.saturating_sub(2),
        ..inner
    };
    frame.render_widget(
        Paragraph::new(full_lines(reference, app.theme)).wrap(Wrap { trim: false }),
        inner,
    );
}
