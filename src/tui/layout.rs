//! Where things are on the screen, apart from drawing them: each pane's area at a given
//! terminal size, and which row of a list pane holds which entry. Drawing and the mouse
//! both read it, so a click lands on the row that was drawn there.

use ratatui::layout::{Constraint, Layout, Rect};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::focus::Focus;
use super::page::{Page, RelatedEntry};
use curbside_core::user_files::ScreenLayout;

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
/// by width, or always one of the two. The bottom bar is `status_rows` tall (see
/// [`status_rows`]).
pub fn layout(area: Rect, side: Focus, choice: ScreenLayout, status_rows: u16) -> Screen {
    let mut screen = Screen {
        full: area,
        ..Screen::default()
    };
    if area.width < MIN_COLUMNS || area.height < MIN_ROWS {
        screen.too_small = true;
        return screen;
    }
    let status_rows = status_rows.clamp(1, MAX_STATUS_ROWS);
    let [ask, middle, status] = Layout::vertical([
        Constraint::Length(3),
        Constraint::Min(0),
        Constraint::Length(status_rows),
    ])
    .areas(area);
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

/// Most rows the bottom bar grows to, for a message too long for one.
pub const MAX_STATUS_ROWS: u16 = 3;

/// How many rows the bottom bar takes, `width` columns wide, to show `message` whole
/// (one when there is none or it fits, at most [`MAX_STATUS_ROWS`]).
pub fn status_rows(message: Option<&str>, width: u16) -> u16 {
    message.map_or(1, |text| {
        u16::try_from(message_lines(text, width).len()).unwrap_or(MAX_STATUS_ROWS)
    })
}

/// The bottom bar's message as it is drawn `width` columns wide, a space either side:
/// one line when it fits, else wrapped at spaces onto up to [`MAX_STATUS_ROWS`] lines,
/// the last ending in "…" when even those cannot hold it, so a cut never goes unseen.
pub fn message_lines(text: &str, width: u16) -> Vec<String> {
    let room = usize::from(width).saturating_sub(2).max(1);
    if text.width() <= room {
        return vec![text.to_string()];
    }
    let mut lines = wrap_at_spaces(text, room);
    let max = usize::from(MAX_STATUS_ROWS);
    if lines.len() > max {
        lines.truncate(max);
        if let Some(last) = lines.last_mut() {
            *last = with_ellipsis(last, room);
        }
    }
    lines
}

/// `text` wrapped to `width` columns at spaces only, so a file name such as
/// `settings.toml.damaged-1796220000` or a hyphenated word stays whole; a word longer than
/// a line is broken where the line ends.
pub fn wrap_at_spaces(text: &str, width: usize) -> Vec<String> {
    let options = textwrap::Options::new(width.max(1))
        .word_separator(textwrap::WordSeparator::AsciiSpace)
        .word_splitter(textwrap::WordSplitter::NoHyphenation);
    textwrap::wrap(text, options)
        .into_iter()
        .map(|line| line.into_owned())
        .collect()
}

/// `line` ended with "…", within `room` columns.
fn with_ellipsis(line: &str, room: usize) -> String {
    let mut out = String::new();
    for c in line.chars() {
        if out.width() + c.width().unwrap_or(0) + 1 > room {
            break;
        }
        out.push(c);
    }
    out.truncate(out.trim_end().len());
    out.push('…');
    out
}

/// The first entry to show so that `selected` is visible among `visible` rows.
pub fn first_visible(selected: usize, visible: usize) -> usize {
    selected.saturating_sub(visible.saturating_sub(1))
}

/// Each reference takes two rows: number and title, then source and year.
pub const ROWS_PER_REFERENCE: usize = 2;

/// The row inside `area`'s borders that screen row `row` is, if it is inside them.
pub fn row_inside(area: Rect, row: u16) -> Option<usize> {
    (row > area.y && row + 1 < area.y + area.height).then(|| usize::from(row - area.y - 1))
}

/// Rows inside `area`'s borders.
pub fn inner_height(area: Rect) -> usize {
    usize::from(area.height.saturating_sub(2))
}

/// The reference shown at `line` of the References pane, `height` rows tall, when
/// `selected` is the selected reference.
pub fn reference_at(line: usize, selected: Option<usize>, height: usize) -> usize {
    let items = (height / ROWS_PER_REFERENCE).max(1);
    first_visible(selected.unwrap_or(0), items) + line / ROWS_PER_REFERENCE
}

/// One row of the pane: a heading, or an entry with its index among the selectable ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelatedRow {
    pub text: String,
    pub entry: Option<usize>,
}

/// The pane's rows for a page; shared by drawing and mouse clicks so they agree.
pub fn related_rows(page: &Page) -> Vec<RelatedRow> {
    let mut rows = Vec::new();
    let mut heading = None;
    let entries = page.related_entries();
    // Two links to the same topic ("Clonus", "Clonus") show their questions instead.
    let shared_topic = |topic: &str| {
        entries
            .iter()
            .filter(|e| matches!(e, RelatedEntry::Condition(l) if l.topic.eq_ignore_ascii_case(topic)))
            .count()
            > 1
    };
    for (i, entry) in entries.iter().enumerate() {
        let (kind, text) = match entry {
            RelatedEntry::Condition(link) if shared_topic(&link.topic) => {
                ("Related conditions", link.question.clone())
            }
            RelatedEntry::Condition(link) => ("Related conditions", link.topic.clone()),
            RelatedEntry::FollowUp(follow_up) => ("Follow-up questions", follow_up.label().to_string()),
        };
        if heading != Some(kind) {
            if heading.is_some() {
                rows.push(RelatedRow {
                    text: String::new(),
                    entry: None,
                });
            }
            rows.push(RelatedRow {
                text: kind.to_string(),
                entry: None,
            });
            heading = Some(kind);
        }
        rows.push(RelatedRow { text, entry: Some(i) });
    }
    rows
}

/// The first row to show so the selected entry is visible in `height` rows.
pub fn first_related_row(rows: &[RelatedRow], selected: usize, height: usize) -> usize {
    let at = rows.iter().position(|r| r.entry == Some(selected)).unwrap_or(0);
    first_visible(at, height)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_terminals_show_every_pane_and_narrow_ones_a_side_column() {
        let auto = ScreenLayout::Auto;
        let wide = layout(Rect::new(0, 0, 160, 45), Focus::Results, auto, 1);
        assert!(wide.wide && wide.results.is_some() && wide.references.is_some() && wide.related.is_some());
        let narrow = layout(Rect::new(0, 0, 100, 30), Focus::References, auto, 1);
        assert!(!narrow.wide);
        assert_eq!((narrow.results, narrow.related), (None, None));
        assert!(narrow.references.is_some());
        assert!(layout(Rect::new(0, 0, 59, 30), Focus::Results, auto, 1).too_small);
        assert!(layout(Rect::new(0, 0, 100, 14), Focus::Results, auto, 1).too_small);
    }

    #[test]
    fn the_layout_setting_forces_either_layout_at_any_width() {
        let area = |w| Rect::new(0, 0, w, 30);
        assert!(layout(area(100), Focus::Results, ScreenLayout::Wide, 1).wide);
        assert!(!layout(area(160), Focus::Results, ScreenLayout::Narrow, 1).wide);
        assert!(layout(area(50), Focus::Results, ScreenLayout::Wide, 1).too_small);
    }

    #[test]
    fn a_message_too_long_for_the_bar_wraps_and_a_cut_ends_with_an_ellipsis() {
        assert_eq!(message_lines("Saved.", 20), ["Saved."]);
        assert_eq!(status_rows(Some("Saved."), 20), 1);
        assert_eq!(status_rows(None, 20), 1);
        let text =
            "/tmp/x/settings.toml line 1: invalid basic string. Moved to settings.toml.damaged-1796220000.";
        let lines = message_lines(text, 60);
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert_eq!(lines.join(" "), text, "wrapped whole");
        assert!(lines.iter().all(|l| l.width() <= 58), "{lines:?}");
        let long = "word ".repeat(100);
        let lines = message_lines(&long, 60);
        assert_eq!(lines.len(), usize::from(MAX_STATUS_ROWS));
        assert!(lines[2].ends_with('…') && lines[2].width() <= 58, "{lines:?}");
        assert_eq!(status_rows(Some(&long), 60), MAX_STATUS_ROWS);
        let screen = layout(Rect::new(0, 0, 100, 30), Focus::Results, ScreenLayout::Auto, 2);
        assert_eq!((screen.status.y, screen.status.height), (28, 2));
    }

    #[test]
    fn a_row_inside_the_borders_is_counted_from_zero_and_the_borders_are_none() {
        let area = Rect::new(0, 5, 20, 6);
        assert_eq!(row_inside(area, 5), None);
        assert_eq!(row_inside(area, 6), Some(0));
        assert_eq!(row_inside(area, 9), Some(3));
        assert_eq!(row_inside(area, 10), None);
        assert_eq!(reference_at(3, Some(0), 4), 1);
    }
}
