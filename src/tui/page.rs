//! What a page of the screen holds: the question and results that led to it, what the
//! Answer pane shows (an article with its links, passages, nothing), and where the reader
//! is in it. Back and forward restore whole pages.

use curbside_core::answer::{CitationMark, FollowUp, Link, SourcedPassage};
use curbside_core::article::{Article, Reference};
use curbside_core::index::Hit;

use super::search::ResultsKind;

/// An article on screen, with its links resolved.
#[derive(Debug, Clone)]
pub struct OpenArticle {
    pub article: Article,
    pub related: Vec<Link>,
    pub follow_ups: Vec<FollowUp>,
    pub citations: Vec<CitationMark>,
}

/// What the Answer pane shows.
#[derive(Debug, Clone)]
pub enum View {
    /// Nothing asked yet.
    Welcome,
    Article(Box<OpenArticle>),
    /// No single article answers the question: the best passages from several.
    Passages(Vec<SourcedPassage>),
    /// Nothing matched the question.
    NotFound,
}

/// One entry of the history: what was open, and the question and results that led to it,
/// so going back restores all three.
#[derive(Debug, Clone)]
pub struct Page {
    pub question: String,
    pub results: Vec<Hit>,
    pub results_selected: usize,
    /// Whether `results` are the matches typed or the answer's ranking.
    pub results_kind: ResultsKind,
    /// The topic the question was read as a follow-up on, if it was.
    pub follow_up_on: Option<String>,
    /// How the question was read, when the reader should know (a correction, a focus
    /// the library has nothing on, a question not in English): said under the byline.
    pub understood: Option<String>,
    pub view: View,
    /// First answer line shown.
    pub scroll: usize,
    /// Index into the open article's citations in reading order.
    pub citation: Option<usize>,
    /// Index into the References pane's list.
    pub reference: Option<usize>,
    /// Index into the Related pane's entries (related conditions, then follow-ups).
    pub related: usize,
    /// The selected passage of a passages answer.
    pub passage: usize,
}

/// The welcome page: nothing asked yet.
impl Default for Page {
    fn default() -> Self {
        Page::new(String::new(), Vec::new(), 0, View::Welcome)
    }
}

impl Page {
    pub(super) fn new(question: String, results: Vec<Hit>, results_selected: usize, view: View) -> Self {
        Page {
            question,
            results,
            results_selected,
            results_kind: ResultsKind::Matches,
            follow_up_on: None,
            understood: None,
            view,
            scroll: 0,
            citation: None,
            reference: None,
            related: 0,
            passage: 0,
        }
    }

    pub fn opened(&self) -> Option<&OpenArticle> {
        match &self.view {
            View::Article(opened) => Some(opened),
            _ => None,
        }
    }

    /// The references the References pane lists: the article's, or the selected passage's.
    pub fn references(&self) -> &[Reference] {
        match &self.view {
            View::Article(opened) => &opened.article.references,
            View::Passages(passages) => passages.get(self.passage).map_or(&[], |p| &p.references),
            _ => &[],
        }
    }

    /// The Related pane's selectable entries, in order.
    pub fn related_entries(&self) -> Vec<RelatedEntry<'_>> {
        match &self.view {
            View::Article(opened) => opened
                .related
                .iter()
                .map(RelatedEntry::Condition)
                .chain(opened.follow_ups.iter().map(RelatedEntry::FollowUp))
                .collect(),
            _ => Vec::new(),
        }
    }
}

/// A selectable entry of the Related pane.
#[derive(Debug, Clone, Copy)]
pub enum RelatedEntry<'a> {
    Condition(&'a Link),
    FollowUp(&'a FollowUp),
}
