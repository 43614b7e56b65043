//! Searching as you type: how many results the Results pane lists, where the search runs
//! (on the UI thread or a worker), what the worker is asked, and the Results pane's state.

use curbside_core::index::Hit;

/// How many articles the Results pane lists while typing.
pub const LIVE_RESULTS: usize = 30;
/// Above this many articles, searching as you type runs off the UI thread.
pub const BACKGROUND_SEARCH_ABOVE: u64 = 10_000;

/// Where searching as you type runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SearchMode {
    /// On the UI thread, before the next frame: fine for small corpora.
    Inline,
    /// On a worker; the event loop takes [`App::take_search`] and feeds back
    /// [`Action::Searched`], and only the latest query's results are shown.
    Background,
}

impl SearchMode {
    /// Where searching runs for a corpus of this many articles.
    pub fn for_articles(articles: u64) -> SearchMode {
        if articles > BACKGROUND_SEARCH_ABOVE {
            SearchMode::Background
        } else {
            SearchMode::Inline
        }
    }
}

/// A search for the worker to run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchRequest {
    pub generation: u64,
    pub text: String,
}

/// What the Results pane lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ResultsKind {
    /// While typing: the best matches of the words typed so far (the last one as a
    /// prefix), up to [`LIVE_RESULTS`].
    #[default]
    Matches,
    /// After Enter: the ranking the answer was chosen from (topics the question names
    /// count most), fewer and in that order.
    Ranked,
}

/// The Results pane's state: what searching as you type found, and where that search
/// runs.
#[derive(Debug, Clone)]
pub struct LiveResults {
    /// The results, best first.
    pub hits: Vec<Hit>,
    /// The selected row.
    pub selected: usize,
    /// Whether the selection was moved from the Ask bar since the text last changed: then
    /// Enter opens the selected article instead of answering the text.
    pub moved: bool,
    /// What the list is: the matches of the words typed so far, or the ranking the
    /// answer made when Enter was pressed.
    pub kind: ResultsKind,
    /// Counts the searches asked for, so only the latest one's results are shown.
    pub(super) generation: u64,
    pub(super) mode: SearchMode,
    pub(super) pending: Option<SearchRequest>,
}
