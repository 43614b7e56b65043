//! The Answer pane's state: the page it shows, the pages Back and Forward return to, the
//! audience it is written for, the result previewed while typing, Ctrl-F's find, and the
//! wrapped lines of the page and of the preview, each kept until what it depends on
//! changes. State only: the pane that draws it is `panes::answer`.

use std::mem;
use std::rc::Rc;

use curbside_core::article::Audience;

use super::answer_text::{AnswerCache, AnswerText};
use super::find::Find;
use super::page::Page;
use super::theme::Theme;

/// How many earlier pages Back can return to.
const HISTORY: usize = 100;

/// What the Answer pane reads from and where the reader is.
#[derive(Debug, Default)]
pub struct Reader {
    /// The page open: its question, results, answer and the reader's place in it.
    pub page: Page,
    back: Vec<Page>,
    forward: Vec<Page>,
    /// Whom the answer is written for.
    pub audience: Audience,
    cache: AnswerCache,
    /// While typing: the highlighted result, shown instead of the page until Enter opens
    /// it or Esc leaves the bar.
    pub preview: Option<Page>,
    preview_cache: AnswerCache,
    /// Finding text in the open answer (Ctrl-F).
    pub find: Option<Find>,
}

impl Reader {
    /// The page the pane shows: the previewed result while typing, else the page.
    pub fn shown(&self) -> &Page {
        self.preview.as_ref().unwrap_or(&self.page)
    }

    /// The page's lines at `width`, wrapped once for each change of page, width, audience
    /// or selection, not for every key.
    pub fn lines(&self, width: usize, theme: Theme) -> Rc<AnswerText> {
        self.cache.lines(&self.page, self.audience, width, theme)
    }

    /// The lines of [`Reader::shown`] at `width`.
    pub fn shown_lines(&self, width: usize, theme: Theme) -> Rc<AnswerText> {
        match &self.preview {
            Some(preview) => self.preview_cache.lines(preview, self.audience, width, theme),
            None => self.lines(width, theme),
        }
    }

    pub fn can_go_back(&self) -> bool {
        !self.back.is_empty()
    }

    pub fn can_go_forward(&self) -> bool {
        !self.forward.is_empty()
    }

    /// Opens `page`: the page open goes onto Back (the oldest falls off past
    /// [`HISTORY`]) and Forward is emptied, as in a browser.
    pub fn navigate(&mut self, page: Page) {
        let previous = mem::replace(&mut self.page, page);
        self.back.push(previous);
        if self.back.len() > HISTORY {
            self.back.remove(0);
        }
        self.forward.clear();
    }

    /// Returns to the page before, if there is one.
    pub fn go_back(&mut self) -> bool {
        let Some(previous) = self.back.pop() else {
            return false;
        };
        let current = mem::replace(&mut self.page, previous);
        self.forward.push(current);
        true
    }

    /// Goes forward again to the page Back left, if there is one.
    pub fn go_forward(&mut self) -> bool {
        let Some(next) = self.forward.pop() else {
            return false;
        };
        let current = mem::replace(&mut self.page, next);
        self.back.push(current);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::page::View;

    fn page(question: &str) -> Page {
        Page::new(question.to_string(), Vec::new(), 0, View::NotFound)
    }

    #[test]
    fn back_and_forward_walk_the_pages_opened_and_a_new_page_empties_forward() {
        let mut reader = Reader::default();
        assert!(!reader.go_back(), "nothing to go back to at the start");
        reader.navigate(page("one"));
        reader.navigate(page("two"));
        assert!(reader.go_back());
        assert_eq!(reader.page.question, "one");
        assert!(reader.can_go_forward());
        assert!(reader.go_forward());
        assert_eq!(reader.page.question, "two");
        assert!(!reader.go_forward());
        reader.go_back();
        reader.navigate(page("three"));
        assert!(!reader.can_go_forward(), "a new page empties Forward");
        reader.go_back();
        assert_eq!(reader.page.question, "one");
    }

    #[test]
    fn back_keeps_at_most_history_pages() {
        let mut reader = Reader::default();
        for i in 0..HISTORY + 20 {
            reader.navigate(page(&i.to_string()));
        }
        let mut steps = 0;
        while reader.go_back() {
            steps += 1;
        }
        assert_eq!(steps, HISTORY);
        assert_eq!(reader.page.question, "19");
    }
}
