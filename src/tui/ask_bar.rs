//! The Ask bar's state: the line editor with its text and cursor, the questions asked
//! to recall with Up and Ctrl-R, and the follow-up context the text would be asked in.
//! State only: the pane that draws it is `panes::ask`.

use curbside_core::article::Article;
use curbside_core::user_files::Recalled;

/// The longest question the Ask bar holds; a longer paste is cut there (the engine reads
/// no more of a question than this either).
pub const MAX_ASK_CHARS: usize = curbside_core::index::analysis::MAX_QUERY_CHARS;

/// What the bottom bar says when typing or a paste would go past [`MAX_ASK_CHARS`].
pub fn shortened_note() -> String {
    format!(
        "Shortened: the Ask bar holds at most {MAX_ASK_CHARS} characters, as many as are read; the rest was left out."
    )
}

/// The Ask bar's line editor: its text and cursor (counted in characters).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineEditor {
    pub(super) text: String,
    pub(super) cursor: usize,
}

impl LineEditor {
    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// Replaces the text, cursor at the end.
    pub fn set(&mut self, text: &str) {
        self.text = text.to_string();
        self.cursor = self.text.chars().count();
    }

    fn byte(&self, chars: usize) -> usize {
        self.text
            .char_indices()
            .nth(chars)
            .map_or(self.text.len(), |(i, _)| i)
    }

    /// Inserts `text` at the cursor, as much of it as fits under [`MAX_ASK_CHARS`] (cut
    /// at the end of a word, so a long paste never leaves the first letters of one);
    /// returns whether any of it was left out.
    pub(super) fn insert(&mut self, text: &str) -> bool {
        let room = MAX_ASK_CHARS.saturating_sub(self.text.chars().count());
        let fits = curbside_core::index::analysis::cut_at_word(text, room);
        let at = self.byte(self.cursor);
        self.text.insert_str(at, fits);
        self.cursor += fits.chars().count();
        fits.len() < text.len()
    }

    pub(super) fn left(&mut self) {
        self.cursor = self.cursor.saturating_sub(1);
    }

    pub(super) fn right(&mut self) {
        self.cursor = (self.cursor + 1).min(self.text.chars().count());
    }

    pub(super) fn delete_range(&mut self, from: usize, to: usize) {
        let (a, b) = (self.byte(from), self.byte(to));
        self.text.replace_range(a..b, "");
        self.cursor = from;
    }

    pub(super) fn backspace(&mut self) {
        if self.cursor > 0 {
            self.delete_range(self.cursor - 1, self.cursor);
        }
    }

    pub(super) fn delete(&mut self) {
        if self.cursor < self.text.chars().count() {
            let at = self.cursor;
            self.delete_range(at, at + 1);
        }
    }

    /// Ctrl-W: the spaces before the cursor, then the word before them.
    pub(super) fn delete_word(&mut self) {
        let chars: Vec<char> = self.text.chars().collect();
        let mut from = self.cursor;
        while from > 0 && chars[from - 1].is_whitespace() {
            from -= 1;
        }
        while from > 0 && !chars[from - 1].is_whitespace() {
            from -= 1;
        }
        let to = self.cursor;
        self.delete_range(from, to);
    }

    pub(super) fn delete_to_start(&mut self) {
        let to = self.cursor;
        self.delete_range(0, to);
    }
}

/// The Ask bar's state.
#[derive(Debug, Clone, Default)]
pub struct AskBar {
    /// The text being typed.
    pub editor: LineEditor,
    /// The topic the text would be a follow-up on.
    pub follow_up_label: Option<String>,
    /// Set when the user dropped the follow-up context of the open article.
    pub(super) context_dropped: bool,
    /// Questions asked (with the article each followed up on), oldest first, to recall.
    pub(super) asked: Vec<Recalled>,
    /// The article a recalled follow-up question was asked about: its context, in place
    /// of the open article's, until the bar leaves it.
    pub(super) recalled_context: Option<Article>,
    /// Which of `asked` Up has recalled.
    pub(super) recall: Option<usize>,
    /// What was typed before recalling began.
    pub(super) draft: String,
}
