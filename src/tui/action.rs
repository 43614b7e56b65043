//! Every user intent the screen understands, as one enum: keys and mouse events are turned
//! into these by the keymap and the event loop, and only [`App::update`] acts on them.
//!
//! [`App::update`]: super::app::App::update

use std::sync::Arc;

use curbside_core::index::{Engine, Hit};

use super::focus::Focus;

/// One thing the user (or the search worker) asked the screen to do.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Leave the program, restoring the terminal.
    Quit,
    /// Move focus to the next pane in reading order (Tab).
    FocusNext,
    /// Move focus to the previous pane (Shift-Tab).
    FocusPrev,
    /// Focus the Ask bar to type a question.
    FocusAsk,
    /// Leave the Ask bar for the answer (or the results when nothing is open).
    LeaveAsk,
    /// Type one character into the Ask bar at the cursor.
    Insert(char),
    /// Paste text into the Ask bar at the cursor (line breaks become spaces).
    Paste(String),
    /// Move the Ask bar's cursor one character left.
    CursorLeft,
    /// Move the Ask bar's cursor one character right.
    CursorRight,
    /// Move the Ask bar's cursor to the start of the line.
    CursorHome,
    /// Move the Ask bar's cursor to the end of the line.
    CursorEnd,
    /// Delete the character before the cursor.
    DeleteBack,
    /// Delete the character under the cursor.
    DeleteForward,
    /// Delete the word before the cursor (Ctrl-W).
    DeleteWordBack,
    /// Delete everything before the cursor (Ctrl-U).
    DeleteToStart,
    /// Put the previous question in the Ask bar that contains what was typed (all of them
    /// when nothing was): this session's, then earlier sessions' (from the history).
    RecallOlder,
    /// Put the next such question (or the draft) in the Ask bar.
    RecallNewer,
    /// Answer the question in the Ask bar and open the best answer.
    Submit,
    /// Stop reading questions as follow-ups on the open article.
    DropContext,
    /// Move the focused pane's selection (or the answer's scroll) up one; in the Ask bar,
    /// the Results selection.
    Up,
    /// Move the focused pane's selection (or the answer's scroll) down one.
    Down,
    /// Move up one page in the focused pane.
    PageUp,
    /// Move down one page in the focused pane.
    PageDown,
    /// Go to the first entry or line of the focused pane.
    Top,
    /// Go to the last entry or line of the focused pane.
    Bottom,
    /// Open what is selected in the focused pane: a result, passage, reference, related
    /// condition or follow-up.
    Open,
    /// Select the next citation of the open article in reading order.
    NextCitation,
    /// Select the previous citation of the open article in reading order.
    PrevCitation,
    /// Jump to reference n of the open article, or open passage n of a passages answer.
    Number(u8),
    /// Switch the summary and header between clinicians and patients, and save the choice.
    ToggleAudience,
    /// Bookmark the open article, or remove its bookmark.
    ToggleBookmark,
    /// Open the list of bookmarks.
    ShowBookmarks,
    /// Remove the bookmark selected in the bookmarks list.
    RemoveBookmark,
    /// Write the open answer as Markdown under the home and copy it to the clipboard.
    Export,
    /// Open the selected reference's URL in the browser, without waiting for it.
    OpenReferenceUrl,
    /// Copy the selected reference's URL to the clipboard (OSC 52).
    CopyReferenceUrl,
    /// Go back to the previous answer, with the question and results that led to it.
    Back,
    /// Go forward again after going back.
    Forward,
    /// Show the keys (drawn from the keymap).
    Help,
    /// Close the overlay on top (help, a reference in full, or the bookmarks).
    CloseOverlay,
    /// A mouse click at a screen cell: focuses the pane there and selects the row.
    Click { column: u16, row: u16 },
    /// The mouse wheel over a screen cell: scrolls that pane by `lines` (negative is up).
    ScrollAt { column: u16, row: u16, lines: i16 },
    /// The terminal now has this many columns and rows.
    Resize { columns: u16, rows: u16 },
    /// Results of a search run off the UI thread; dropped unless `generation` is the
    /// latest query's.
    Searched {
        generation: u64,
        hits: Result<Vec<Hit>, String>,
    },
    /// Focus a given pane.
    Focus(Focus),
    /// Open the find bar over the open answer (Ctrl-F).
    OpenFind,
    /// Keep the matches and leave the find bar (Enter in it).
    FindDone,
    /// Close the find bar and drop its highlights.
    FindClose,
    /// Go to the next match of the find, wrapping around at the end.
    FindNext,
    /// Go to the previous match, wrapping around at the start.
    FindPrev,
    /// Hand the terminal back to the shell and stop (Ctrl-Z); `fg` resumes.
    Suspend,
    /// The terminal is ours again after a stop (SIGCONT): draw everything anew.
    Resumed,
    /// Another process installed a new index generation, opened here and ready to use.
    LibraryChanged(EngineHandle),
}

/// An engine handed to [`Action::LibraryChanged`]: compared by identity, so the action
/// stays comparable.
#[derive(Clone)]
pub struct EngineHandle(pub Arc<Engine>);

impl PartialEq for EngineHandle {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl std::fmt::Debug for EngineHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "EngineHandle({} articles)", self.0.meta().articles)
    }
}
