//! Finding text in the open answer (Ctrl-F): where a case-blind query matches the Answer
//! pane's lines, found once per change of the query or of the lines (a new page, width,
//! audience), never per frame. The pane draws the matches; [`super::app::App`] walks them.

use std::rc::Rc;

use ratatui::text::Line;

use super::answer_text::AnswerText;

/// One match: its row among the answer's lines and its columns as character indices
/// (`start..end`) within that line's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FindMatch {
    pub row: usize,
    pub start: usize,
    pub end: usize,
}

/// The find bar's state.
#[derive(Debug, Clone, Default)]
pub struct Find {
    /// What to find, as typed.
    pub query: String,
    /// Whether the find bar has the keys (typing); after Enter only the matches stay.
    pub typing: bool,
    /// Every match in reading order.
    pub matches: Vec<FindMatch>,
    /// The match last moved to.
    pub current: Option<usize>,
    /// What the matches were found in: the query and the lines.
    searched: Option<(String, Rc<AnswerText>)>,
}

impl Find {
    pub fn new(query: String) -> Find {
        Find {
            query,
            typing: true,
            ..Find::default()
        }
    }

    /// Finds the query in `text` again if the query or the lines changed since; whether
    /// the query changed (so the caller moves to the first match in view).
    pub fn refresh(&mut self, text: &Rc<AnswerText>) -> bool {
        let query_changed = self.searched.as_ref().is_none_or(|(q, _)| *q != self.query);
        let text_changed = self.searched.as_ref().is_none_or(|(_, t)| !Rc::ptr_eq(t, text));
        if query_changed || text_changed {
            self.matches = find_in(&text.lines, &self.query);
            self.searched = Some((self.query.clone(), Rc::clone(text)));
            self.current = self
                .current
                .map(|c| c.min(self.matches.len().saturating_sub(1)))
                .filter(|_| !self.matches.is_empty());
        }
        query_changed
    }

    /// The matches on `row`, with whether each is the current one.
    pub fn on_row(&self, row: usize) -> impl Iterator<Item = (FindMatch, bool)> + '_ {
        self.matches
            .iter()
            .enumerate()
            .filter(move |(_, m)| m.row == row)
            .map(|(i, m)| (*m, self.current == Some(i)))
    }
}

/// Lower case, one character for one, so indices into the folded text are indices into
/// the original.
fn fold(text: &str) -> Vec<char> {
    text.chars()
        .map(|c| c.to_lowercase().next().unwrap_or(c))
        .collect()
}

/// Every case-blind occurrence of `query` in `lines`, in reading order; none for an
/// empty query. Matches do not overlap and do not cross a line break.
pub fn find_in(lines: &[Line<'_>], query: &str) -> Vec<FindMatch> {
    let needle = fold(query);
    if needle.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (row, line) in lines.iter().enumerate() {
        let hay: Vec<char> = line.spans.iter().flat_map(|s| fold(&s.content)).collect();
        let mut at = 0;
        while at + needle.len() <= hay.len() {
            if hay[at..at + needle.len()] == needle[..] {
                out.push(FindMatch {
                    row,
                    start: at,
                    end: at + needle.len(),
                });
                at += needle.len();
            } else {
                at += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::text::Span;

    #[test]
    fn matches_are_case_blind_per_line_and_counted_in_characters() {
        let lines = vec![
            Line::from(vec![Span::raw("Clonus "), Span::raw("and clonus")]),
            Line::raw("no match here"),
            Line::raw("é CLONUS"),
        ];
        assert_eq!(
            find_in(&lines, "cLoNuS"),
            [
                FindMatch {
                    row: 0,
                    start: 0,
                    end: 6
                },
                FindMatch {
                    row: 0,
                    start: 11,
                    end: 17
                },
                FindMatch {
                    row: 2,
                    start: 2,
                    end: 8
                },
            ]
        );
        assert!(find_in(&lines, "").is_empty());
        assert_eq!(find_in(&[Line::raw("aaaa")], "aa").len(), 2, "no overlaps");
    }
}
