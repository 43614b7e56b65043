//! The screen's state and the one place it changes: [`App::update`] takes an [`Action`]
//! and moves focus, edits the question, asks the engine, walks citations and history,
//! and keeps the user's files (bookmarks, history, settings, exports) up to date.
//! No terminal I/O here (the clipboard text waits in [`App::take_clipboard`] for the
//! event loop), so every behaviour is tested by feeding actions.

use std::mem;
use std::rc::Rc;
use std::sync::Arc;

use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Position, Rect};

use curbside_core::answer::{self, Answer, FollowUp, Question};
use curbside_core::article::{Article, Reference};
use curbside_core::index::{Engine, Hit};
use curbside_core::render::{self, Document};
use curbside_core::research;
use curbside_core::user_files::{FollowUpOf, Recalled, ScreenLayout, UserFiles};

use super::action::Action;
use super::answer_text::AnswerText;
pub use super::ask_bar::{AskBar, LineEditor, MAX_ASK_CHARS};
use super::clipboard;
pub use super::find::{Find, FindMatch};
pub use super::focus::Focus;
use super::keymap::{Keymap, Scope};
use super::layout::{self, Screen};
pub use super::page::{OpenArticle, Page, RelatedEntry, View};
pub use super::reader::Reader;
pub use super::search::{
    BACKGROUND_SEARCH_ABOVE, LIVE_RESULTS, LiveResults, ResultsKind, SearchMode, SearchRequest,
};
use super::theme::Theme;

/// What lies on top of the panes.
#[derive(Debug, Clone, PartialEq)]
pub enum Overlay {
    Help {
        scroll: usize,
    },
    Reference(Reference),
    /// The bookmarks list, with the selected row.
    Bookmarks {
        selected: usize,
    },
}

impl Overlay {
    /// Where the keymap looks up keys while this overlay is open.
    pub fn scope(&self) -> Scope {
        match self {
            Overlay::Help { .. } | Overlay::Reference(_) => Scope::Overlay,
            Overlay::Bookmarks { .. } => Scope::Bookmarks,
        }
    }
}

/// A message in the bottom bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BarMessage {
    pub text: String,
    pub error: bool,
}

pub struct App {
    engine: Arc<Engine>,
    pub keymap: Keymap,
    pub theme: Theme,
    pub focus: Focus,
    /// Which of Results, References and Related the narrow layout's side column shows.
    pub side: Focus,
    /// The Ask bar: its editor, question history and follow-up context.
    pub ask: AskBar,
    /// The Results pane: the live results for the text in the Ask bar.
    pub results: LiveResults,
    /// The Answer pane: the page open, its history, audience, preview and find.
    pub reader: Reader,
    /// The user's `layout` setting.
    pub layout: ScreenLayout,
    user_files: UserFiles,
    /// Markdown an export asked to put on the terminal's clipboard.
    clipboard: Option<String>,
    pub overlay: Option<Overlay>,
    pub status: Option<BarMessage>,
    /// Terminal size, columns then rows.
    pub size: (u16, u16),
    /// What the event loop and the screen tell each other.
    pub event_loop: LoopFlags,
}

/// What the event loop and [`App`] tell each other: not any pane's state.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoopFlags {
    /// Inside a burst of events, where typing is searched once at its end.
    batching: bool,
    /// The Ask bar's text changed during the burst.
    batch_changed: bool,
    /// Set by Ctrl-Z for the event loop, which hands the terminal back and stops.
    suspend: bool,
    /// Set when the terminal must be drawn anew from scratch (after a stop).
    redraw: bool,
    /// Whether a shell with job control started the screen, so Ctrl-Z can stop it.
    job_control: bool,
    /// Set when the user quits or a signal ends the screen.
    pub quit: bool,
}

impl App {
    pub fn new(engine: Arc<Engine>, size: (u16, u16)) -> Self {
        let search_mode = SearchMode::for_articles(engine.meta().articles);
        App {
            engine,
            keymap: Keymap::default(),
            theme: Theme::default(),
            focus: Focus::Ask,
            side: Focus::Results,
            ask: AskBar::default(),
            results: LiveResults {
                hits: Vec::new(),
                selected: 0,
                moved: false,
                kind: ResultsKind::Matches,
                generation: 0,
                mode: search_mode,
                pending: None,
            },
            reader: Reader::default(),
            layout: ScreenLayout::default(),
            user_files: UserFiles::in_memory(),
            clipboard: None,
            overlay: None,
            status: None,
            size,
            event_loop: LoopFlags {
                job_control: true,
                ..LoopFlags::default()
            },
        }
    }

    pub fn with_theme(mut self, theme: Theme) -> Self {
        self.theme = theme;
        self
    }

    /// Uses `user_files` for bookmarks, history and settings: its audience and layout, its
    /// questions for Up in the Ask bar, and anything it has to report in the bottom bar.
    pub fn with_user_files(mut self, user_files: UserFiles) -> Self {
        let settings = *user_files.settings();
        self.reader.audience = settings.audience;
        self.layout = settings.layout;
        self.ask.asked = user_files.recalled();
        self.user_files = user_files;
        self.show_user_file_notices();
        self
    }

    /// Whether Ctrl-Z may stop the process (false when no shell could resume it).
    pub fn with_job_control(mut self, job_control: bool) -> Self {
        self.event_loop.job_control = job_control;
        self
    }

    pub fn user_files(&self) -> &UserFiles {
        &self.user_files
    }

    /// The text an export put on the clipboard, for the event loop to send.
    pub fn take_clipboard(&mut self) -> Option<String> {
        self.clipboard.take()
    }

    pub fn search_mode(&self) -> SearchMode {
        self.results.mode
    }

    pub fn set_search_mode(&mut self, mode: SearchMode) {
        self.results.mode = mode;
    }

    /// Whether Ctrl-Z asked to suspend; asking clears it.
    pub fn take_suspend(&mut self) -> bool {
        mem::take(&mut self.event_loop.suspend)
    }

    /// Whether the terminal must be cleared and drawn anew; asking clears it.
    pub fn take_redraw(&mut self) -> bool {
        mem::take(&mut self.event_loop.redraw)
    }

    /// The page the Answer pane shows: the previewed result while typing, else the page.
    pub fn shown_page(&self) -> &Page {
        self.reader.shown()
    }

    /// The Answer pane's lines for [`App::shown_page`] at `width`.
    pub fn shown_lines(&self, width: usize) -> Rc<AnswerText> {
        self.reader.shown_lines(width, self.theme)
    }

    /// Starts a burst of events (everything the terminal has pending): the Ask bar's
    /// text may change many times, and is searched once, at [`App::end_batch`].
    pub fn begin_batch(&mut self) {
        self.event_loop.batching = true;
    }

    /// Ends a burst of events, searching the Ask bar's text once if it changed.
    pub fn end_batch(&mut self) {
        self.event_loop.batching = false;
        if std::mem::take(&mut self.event_loop.batch_changed) {
            self.text_changed();
            // What follows from the results, as after any update.
            self.refresh_preview();
            self.refresh_find();
        }
    }

    /// The search the worker should run next, if typing asked for one.
    pub fn take_search(&mut self) -> Option<SearchRequest> {
        self.results.pending.take()
    }

    /// Where every pane is on the current terminal.
    pub fn screen(&self) -> Screen {
        self.screen_in(Rect::new(0, 0, self.size.0, self.size.1))
    }

    /// Where every pane is in `area`, the bottom bar as tall as its message needs.
    pub fn screen_in(&self, area: Rect) -> Screen {
        let message = self.status.as_ref().map(|s| s.text.as_str());
        let status_rows = layout::status_rows(message, area.width);
        layout::layout(area, self.side, self.layout, status_rows)
    }

    /// The open article, unless the user dropped it as the follow-up context.
    pub fn context(&self) -> Option<&Article> {
        if self.ask.context_dropped {
            return None;
        }
        if let Some(article) = &self.ask.recalled_context {
            return Some(article);
        }
        self.reader.page.opened().map(|o| &o.article)
    }

    /// Where keys go before the panes: the window too small for them, an overlay, or the
    /// find bar while typing in it.
    pub fn key_scope(&self) -> Option<Scope> {
        if self.screen().too_small {
            return Some(Scope::TooSmall);
        }
        self.overlay.as_ref().map(Overlay::scope).or_else(|| {
            self.reader
                .find
                .as_ref()
                .filter(|f| f.typing)
                .map(|_| Scope::Find)
        })
    }

    /// Turns a key into its action (focused pane first, then global) and applies it.
    pub fn key(&mut self, event: KeyEvent) {
        let overlay = self.key_scope();
        if let Some(action) = self.keymap.action(event, self.focus, overlay) {
            self.update(action);
        }
    }

    pub fn update(&mut self, action: Action) {
        if self.screen().too_small && !applies_when_too_small(&action) {
            return;
        }
        if is_user_action(&action) {
            self.status = None;
        }
        if self.event_loop.batch_changed && !is_edit(&action) {
            // Anything but more typing reads the results: they must be the text's.
            self.event_loop.batch_changed = false;
            let batching = std::mem::replace(&mut self.event_loop.batching, false);
            self.text_changed();
            self.event_loop.batching = batching;
        }
        match action {
            Action::Quit => self.event_loop.quit = true,
            Action::FocusNext => self.cycle_focus(true),
            Action::FocusPrev => self.cycle_focus(false),
            Action::Focus(focus) => self.set_focus(focus),
            Action::FocusAsk => {
                // After an answer the bar still holds the question answered; a new
                // question starts empty (Up recalls the old one), a draft is kept.
                if !matches!(self.reader.page.view, View::Welcome)
                    && self.ask.editor.text.trim() == self.reader.page.question
                {
                    self.ask.editor.set("");
                }
                self.set_focus(Focus::Ask);
            }
            Action::LeaveAsk => {
                let to = if matches!(self.reader.page.view, View::Welcome) && !self.results.hits.is_empty() {
                    Focus::Results
                } else {
                    Focus::Answer
                };
                self.set_focus(to);
            }
            // A control character is never typed into a question (the terminal reads
            // escape sequences into keys before they get here).
            Action::Insert(c) if c.is_control() => {}
            Action::Insert(c) => {
                if self.edit(|input| input.insert(c.encode_utf8(&mut [0; 4]))) {
                    self.info(super::ask_bar::shortened_note());
                }
            }
            Action::Paste(text) => {
                // Pasted from a coloured terminal, it may carry whole escape sequences.
                let flat = crate::typed::question_text(&text);
                if self.focus != Focus::Ask && !self.reader.find.as_ref().is_some_and(|f| f.typing) {
                    self.set_focus(Focus::Ask);
                }
                if self.edit(|input| input.insert(&flat)) {
                    self.info(super::ask_bar::shortened_note());
                }
            }
            Action::CursorLeft => self.ask.editor.left(),
            Action::CursorRight => self.ask.editor.right(),
            Action::CursorHome => self.ask.editor.cursor = 0,
            Action::CursorEnd => self.ask.editor.cursor = self.ask.editor.text.chars().count(),
            Action::DeleteBack => self.edit(LineEditor::backspace),
            Action::DeleteForward => self.edit(LineEditor::delete),
            Action::DeleteWordBack => self.edit(LineEditor::delete_word),
            Action::DeleteToStart => self.edit(LineEditor::delete_to_start),
            Action::RecallOlder => self.recall_older(),
            Action::RecallNewer => self.recall_newer(),
            Action::Submit => self.submit(),
            Action::DropContext => self.drop_context(),
            Action::Up => self.move_by(-1),
            Action::Down => self.move_by(1),
            Action::PageUp => self.move_by(-self.page_size()),
            Action::PageDown => self.move_by(self.page_size()),
            Action::Top => self.move_by(isize::MIN / 2),
            Action::Bottom => self.move_by(isize::MAX / 2),
            Action::Open => self.open_selected(),
            Action::NextCitation => self.step_citation(true),
            Action::PrevCitation => self.step_citation(false),
            Action::Number(n) => self.number(n),
            Action::ToggleAudience => {
                self.reader.audience = self.reader.audience.toggled();
                self.user_files.set_audience(self.reader.audience);
                self.clamp_scroll();
                match &self.reader.page.view {
                    View::Article(opened) if !opened.article.has_audiences() => self.info(format!(
                        "This article has one version for every reader; the choice ({}) is kept for the others.",
                        self.reader.audience.label()
                    )),
                    _ => self.info(format!("Showing the answer {}.", self.reader.audience.label())),
                }
            }
            Action::OpenReferenceUrl => self.open_reference_url(),
            Action::CopyReferenceUrl => self.copy_reference_url(),
            Action::ToggleBookmark => self.toggle_bookmark(),
            Action::ShowBookmarks => {
                // Another window may have changed the file since; it is small.
                self.user_files.reread();
                self.overlay = Some(Overlay::Bookmarks { selected: 0 });
            }
            Action::RemoveBookmark => self.remove_bookmark(),
            Action::Export => self.export(),
            Action::Back => self.go_back(),
            Action::Forward => self.go_forward(),
            Action::Help => self.overlay = Some(Overlay::Help { scroll: 0 }),
            Action::CloseOverlay => {
                if self.overlay.is_some() {
                    self.overlay = None;
                } else {
                    self.reader.find = None;
                }
            }
            Action::OpenFind => self.open_find(),
            Action::FindDone => self.find_done(),
            Action::FindClose => self.reader.find = None,
            Action::FindNext => self.step_find(true),
            Action::FindPrev => self.step_find(false),
            Action::Suspend if self.event_loop.job_control => self.event_loop.suspend = true,
            Action::Suspend => self.info(
                "Ctrl-Z: no shell to return to (none with job control started curbside); Ctrl-C quits.",
            ),
            Action::Resumed => self.event_loop.redraw = true,
            Action::LibraryChanged(engine) => self.library_changed(engine.0),
            Action::Click { column, row } => self.click(column, row),
            Action::ScrollAt { column, row, lines } => self.scroll_at(column, row, lines),
            Action::Resize { columns, rows } => {
                self.size = (columns, rows);
                self.clamp_scroll();
            }
            Action::Searched { generation, hits } => {
                if generation == self.results.generation {
                    self.apply_results(hits);
                }
            }
        }
        self.refresh_preview();
        self.refresh_find();
        self.show_user_file_notices();
    }

    /// Previews the highlighted result while the Ask bar has the keys and holds a new
    /// question (or the selection was moved); the page stays underneath.
    fn refresh_preview(&mut self) {
        let typing = self.focus == Focus::Ask && self.overlay.is_none();
        let text = self.ask.editor.text.trim();
        let new_text = !text.is_empty() && text != self.reader.page.question;
        let want = self
            .results
            .hits
            .get(self.results.selected)
            .filter(|_| typing && (new_text || self.results.moved))
            .map(|hit| hit.id.clone())
            .filter(|id| self.reader.page.opened().is_none_or(|o| o.article.id != *id));
        let Some(id) = want else {
            self.reader.preview = None;
            return;
        };
        if self
            .reader
            .preview
            .as_ref()
            .and_then(Page::opened)
            .is_some_and(|o| o.article.id == id)
        {
            return;
        }
        self.reader.preview = match self.engine.article(&id) {
            Ok(Some(article)) => {
                let citations = answer::citations(&article);
                let view = View::Article(Box::new(OpenArticle {
                    article,
                    related: Vec::new(),
                    follow_ups: Vec::new(),
                    citations,
                }));
                Some(Page::new(self.ask.editor.text.clone(), Vec::new(), 0, view))
            }
            Ok(None) | Err(_) => None,
        };
    }

    /// Switches to a new index generation another process installed (an import, an
    /// index build), saying so; the pages already open keep what they show.
    fn library_changed(&mut self, engine: Arc<Engine>) {
        self.engine = engine;
        self.results.mode = SearchMode::for_articles(self.engine.meta().articles);
        self.reader.preview = None;
        let articles = self.engine.meta().articles;
        let mut text =
            format!("The library changed (another curbside installed a new index): now {articles} articles.");
        if let Some(opened) = self.reader.page.opened()
            && matches!(self.engine.article(&opened.article.id), Ok(None))
        {
            text += " The open article is no longer in it.";
        }
        if self.focus == Focus::Ask && !self.ask.editor.text.trim().is_empty() {
            self.text_changed();
        }
        self.info(text);
    }

    /// The engine answering now (it changes when another process installs an index).
    pub fn engine(&self) -> &Arc<Engine> {
        &self.engine
    }

    fn open_find(&mut self) {
        let query = self.reader.find.take().map(|f| f.query).unwrap_or_default();
        self.reader.find = Some(Find::new(query));
        self.set_focus(Focus::Answer);
    }

    fn find_done(&mut self) {
        let Some(find) = &mut self.reader.find else { return };
        find.typing = false;
        if find.query.is_empty() {
            self.reader.find = None;
        } else if find.matches.is_empty() {
            let query = find.query.clone();
            self.info(format!("“{query}” is not in this answer."));
        }
    }

    /// Finds the query in the page's lines again when either changed; a changed query
    /// moves to its first match from the top of the view.
    fn refresh_find(&mut self) {
        let text = self.answer_text();
        let scroll = self.reader.page.scroll;
        let Some(find) = &mut self.reader.find else { return };
        if !find.refresh(&text) {
            return;
        }
        find.current = find
            .matches
            .iter()
            .position(|m| m.row >= scroll)
            .or((!find.matches.is_empty()).then_some(0));
        if let Some(row) = find.current.map(|c| find.matches[c].row) {
            self.scroll_into_view(row);
        }
    }

    /// Moves to the next or previous match, wrapping around and saying so.
    fn step_find(&mut self, forward: bool) {
        let Some(find) = self.reader.find.as_mut().filter(|f| !f.query.is_empty()) else {
            return self.info("Ctrl-F finds in the answer.");
        };
        let n = find.matches.len();
        if n == 0 {
            let query = find.query.clone();
            return self.info(format!("“{query}” is not in this answer."));
        }
        let (next, wrapped) = match (find.current, forward) {
            (None, true) => (0, false),
            (None, false) => (n - 1, false),
            (Some(i), true) => ((i + 1) % n, i + 1 == n),
            (Some(i), false) => ((i + n - 1) % n, i == 0),
        };
        find.current = Some(next);
        let row = find.matches[next].row;
        self.scroll_into_view(row);
        if wrapped {
            let end = if forward { "top" } else { "bottom" };
            self.info(format!("Find wrapped around to the {end}."));
        }
    }

    /// Adds what the user's files have to report (a file set aside, a home it cannot save in)
    /// to the bottom bar, after whatever the action itself said.
    fn show_user_file_notices(&mut self) {
        let notices = self.user_files.take_notices();
        if notices.is_empty() {
            return;
        }
        let mut text = self.status.take().map(|s| s.text + " ").unwrap_or_default();
        text += &notices.join(" ");
        self.error(text);
    }

    fn toggle_bookmark(&mut self) {
        let Some(opened) = self.reader.page.opened() else {
            return self.info("Open an article to bookmark it.");
        };
        let (id, question) = (opened.article.id.clone(), opened.article.question.clone());
        if self.user_files.toggle_bookmark(&id, &question) {
            self.info(format!("Bookmarked “{question}”. B lists your bookmarks."));
        } else {
            self.info(format!("Removed the bookmark on “{question}”."));
        }
    }

    fn remove_bookmark(&mut self) {
        let Some(Overlay::Bookmarks { selected }) = self.overlay else {
            return;
        };
        let Some(bookmark) = self.user_files.bookmarks().get(selected).cloned() else {
            return self.info("No bookmark to remove.");
        };
        self.user_files.remove_bookmark(&bookmark.id);
        let left = self.user_files.bookmarks().len();
        self.overlay = Some(Overlay::Bookmarks {
            selected: selected.min(left.saturating_sub(1)),
        });
        self.info(format!("Removed the bookmark on “{}”.", bookmark.question));
    }

    fn open_bookmark(&mut self, selected: usize) {
        let Some(bookmark) = self.user_files.bookmarks().get(selected).cloned() else {
            return self.info("No bookmark to open.");
        };
        match self.engine.article(&bookmark.id) {
            Ok(Some(_)) => {
                self.overlay = None;
                self.open_article(&bookmark.id);
                // Picked from a list to be read: the answer takes the keys, whatever had them.
                self.set_focus(Focus::Answer);
            }
            Ok(None) => self.error(format!(
                "“{}” ({}) is no longer in the corpora; d removes the bookmark.",
                bookmark.question, bookmark.id
            )),
            Err(e) => self.error(format!("Could not open `{}`: {e}", bookmark.id)),
        }
    }

    /// Writes the open answer as Markdown under the home and hands it to the event loop
    /// for the clipboard; when the file cannot be written the clipboard still gets it.
    fn export(&mut self) {
        let (name, markdown) = match &self.reader.page.view {
            View::Article(opened) => (
                opened.article.id.clone(),
                render::markdown(
                    &Document::article(&opened.article, self.reader.audience)
                        .with_links(opened.related.clone(), &opened.follow_ups),
                ),
            ),
            View::Passages(passages) => (
                format!("passages-{}", self.reader.page.question),
                render::markdown(&Document::passages(&self.reader.page.question, passages)),
            ),
            View::Welcome | View::NotFound => return self.info("Open an answer to export it."),
        };
        let copied = markdown.len() <= clipboard::MAX_TEXT;
        let exported = self.user_files.export(&name, &markdown);
        if copied {
            self.clipboard = Some(markdown);
        }
        match (exported, copied) {
            // The terminal never says whether it took the sequence, so the message says
            // what was done, not that the clipboard holds it.
            (Ok(path), true) => self.info(format!(
                "Exported to {}; sent to the terminal's clipboard (OSC 52).",
                path.display()
            )),
            (Ok(path), false) => self.info(format!(
                "Exported to {} (too long for the clipboard).",
                path.display()
            )),
            (Err(e), true) => self.error(format!(
                "Could not write the export ({e}); sent it to the terminal's clipboard (OSC 52) instead."
            )),
            (Err(e), false) => self.error(format!("Could not write the export: {e}")),
        }
    }

    /// The selected reference's URL, or the message that says why there is none.
    fn reference_url(&self) -> Result<String, &'static str> {
        // With none selected, the first: the one the References pane shows at its foot.
        let index = self.reader.page.reference.unwrap_or(0);
        let reference = self
            .reader
            .page
            .references()
            .get(index)
            .ok_or("This answer has no references.")?;
        reference.url.clone().ok_or("This reference has no URL.")
    }

    /// Opens the selected reference's URL with `$BROWSER`, else `xdg-open` (`open` on
    /// macOS); the browser runs on its own and the screen never waits for it.
    fn open_reference_url(&mut self) {
        let url = match self.reference_url() {
            Ok(url) => url,
            Err(message) => return self.info(message),
        };
        match super::browser::open(&url) {
            Ok(program) => self.info(format!("Opening {url} with {program}.")),
            Err(message) => self.error(message),
        }
    }

    /// Puts the selected reference's URL on the clipboard, as the export does.
    fn copy_reference_url(&mut self) {
        match self.reference_url() {
            Ok(url) => {
                self.info(format!("Copied {url} to the clipboard."));
                self.clipboard = Some(url);
            }
            Err(message) => self.info(message),
        }
    }

    fn info(&mut self, text: impl Into<String>) {
        self.status = Some(BarMessage {
            text: text.into(),
            error: false,
        });
    }

    fn error(&mut self, text: impl Into<String>) {
        self.status = Some(BarMessage {
            text: text.into(),
            error: true,
        });
    }

    fn set_focus(&mut self, focus: Focus) {
        self.focus = focus;
        if focus.is_side() {
            self.side = focus;
        }
    }

    /// Tab cycles the panes, never the Ask bar (`/` reaches it), so single-letter keys
    /// never start typing by surprise. The order follows the layout: the narrow one has
    /// the answer before its side column. From the Ask bar, Tab goes to the first pane
    /// and Shift-Tab to the last.
    fn cycle_focus(&mut self, forward: bool) {
        let order: &[Focus] = if self.screen().wide {
            &[Focus::Results, Focus::Answer, Focus::References, Focus::Related]
        } else {
            &[Focus::Answer, Focus::Results, Focus::References, Focus::Related]
        };
        let n = order.len();
        let next = match order.iter().position(|f| *f == self.focus) {
            Some(at) if forward => (at + 1) % n,
            Some(at) => (at + n - 1) % n,
            None if forward => 0,
            None => n - 1,
        };
        self.set_focus(order[next]);
    }

    /// Applies an edit to the find bar while it has the keys, else to the Ask bar, where a
    /// changed text searches again.
    fn edit<R>(&mut self, edit: impl FnOnce(&mut LineEditor) -> R) -> R {
        if let Some(find) = self.reader.find.as_mut().filter(|f| f.typing) {
            let mut editor = LineEditor::default();
            editor.set(&find.query);
            let out = edit(&mut editor);
            find.query = editor.text;
            return out;
        }
        let before = self.ask.editor.text.clone();
        let out = edit(&mut self.ask.editor);
        if self.ask.editor.text != before {
            self.ask.recall = None;
            self.text_changed();
        }
        out
    }

    /// What typing searches for: the text, with the followed topic when it is a follow-up.
    fn search_text(&self) -> String {
        match &self.ask.follow_up_label {
            Some(topic) if !self.ask.editor.text.trim().is_empty() => {
                format!("{} {topic}", self.ask.editor.text)
            }
            _ => self.ask.editor.text.clone(),
        }
    }

    fn text_changed(&mut self) {
        if self.event_loop.batching {
            // A burst of keys (fast typing, a paste) is searched once, when it ends.
            self.event_loop.batch_changed = true;
            return;
        }
        self.ask.follow_up_label = answer::follow_up_topic(&self.ask.editor.text, self.context());
        self.results.generation += 1;
        let text = self.search_text();
        match self.results.mode {
            SearchMode::Inline => {
                let hits = self
                    .engine
                    .search(&text, LIVE_RESULTS, true)
                    .map_err(|e| e.to_string());
                self.apply_results(hits);
            }
            SearchMode::Background => {
                self.results.pending = Some(SearchRequest {
                    generation: self.results.generation,
                    text,
                });
            }
        }
    }

    fn apply_results(&mut self, hits: Result<Vec<Hit>, String>) {
        match hits {
            Ok(hits) => {
                self.results.hits = hits;
                self.results.selected = 0;
                self.results.moved = false;
                self.results.kind = ResultsKind::Matches;
            }
            Err(e) => self.error(format!("Search failed: {e}")),
        }
    }

    /// What recalling filters by: the text typed before recalling began.
    fn recall_filter(&self) -> String {
        let typed = match self.ask.recall {
            None => &self.ask.editor.text,
            Some(_) => &self.ask.draft,
        };
        typed.trim().to_lowercase()
    }

    /// Ctrl-R (or Alt-Up): the previous question containing what was typed, as the
    /// shell's reverse search; with nothing typed, simply the previous question.
    fn recall_older(&mut self) {
        if self.ask.recall.is_none() && self.user_files.settings().history {
            // Another window may have asked since; the file is small.
            self.user_files.reread();
            self.ask.asked = self.user_files.recalled();
        }
        let filter = self.recall_filter();
        let before = self.ask.recall.unwrap_or(self.ask.asked.len());
        let found = (0..before)
            .rev()
            .find(|&i| self.ask.asked[i].question.to_lowercase().contains(&filter));
        let Some(at) = found else {
            return if filter.is_empty() {
                self.info("No earlier question.")
            } else {
                self.info(format!("No earlier question contains “{filter}”."))
            };
        };
        if self.ask.recall.is_none() {
            self.ask.draft = self.ask.editor.text.clone();
        }
        self.ask.recall = Some(at);
        let recalled = self.ask.asked[at].clone();
        self.set_recalled(Some(recalled));
    }

    /// Puts a recalled question in the bar with the article it followed up on as its
    /// context; `None` returns to what was typed.
    fn set_recalled(&mut self, recalled: Option<Recalled>) {
        let (text, of) = match recalled {
            Some(r) => (r.question, r.follow_up_of),
            None => (mem::take(&mut self.ask.draft), None),
        };
        self.ask.recalled_context = None;
        if let Some(FollowUpOf { id, topic }) = of {
            match self.engine.article(&id) {
                Ok(Some(article)) => {
                    self.ask.context_dropped = false;
                    self.ask.recalled_context = Some(article);
                }
                _ => self.info(format!(
                    "This was a follow-up on {topic}, whose article is no longer in the library."
                )),
            }
        }
        self.ask.editor.set(&text);
        self.text_changed();
    }

    /// Alt-Down: the next such question, or back to what was typed.
    fn recall_newer(&mut self) {
        let Some(at) = self.ask.recall else { return };
        let filter = self.recall_filter();
        let found = (at + 1..self.ask.asked.len())
            .find(|&i| self.ask.asked[i].question.to_lowercase().contains(&filter));
        self.ask.recall = found;
        let recalled = found.map(|next| self.ask.asked[next].clone());
        self.set_recalled(recalled);
    }

    fn submit(&mut self) {
        let text = self.ask.editor.text.trim().to_string();
        if text.is_empty() {
            self.info("Type a question first, then Enter.");
            return;
        }
        // As in fzf: a selection moved from the bar is what Enter takes.
        if self.focus == Focus::Ask
            && self.results.moved
            && let Some(hit) = self.results.hits.get(self.results.selected)
        {
            let id = hit.id.clone();
            self.open_article(&id);
            return self.set_focus(Focus::Answer);
        }
        self.ask.recall = None;
        let asked = match answer::ask(
            &self.engine,
            Question {
                text: &text,
                context: self.context(),
            },
        ) {
            Ok(asked) => asked,
            Err(e) => return self.error(format!("Could not answer: {e}")),
        };
        // A follow-up is kept with the article it followed, so recalling it (in this
        // session or a later one) asks the same question, not one about nothing.
        let follow_up_of = asked
            .follow_up_on
            .as_ref()
            .zip(self.context())
            .map(|(topic, article)| FollowUpOf {
                id: article.id.clone(),
                topic: topic.clone(),
            });
        match &follow_up_of {
            Some(of) => self.user_files.record_follow_up(&text, &of.id, &of.topic),
            None => self.user_files.record_question(&text),
        }
        let recalled = Recalled {
            question: text.clone(),
            follow_up_of,
        };
        if self.ask.asked.last() != Some(&recalled) {
            self.ask.asked.push(recalled);
        }
        // The note quotes the words typed: cleaned of control characters like all text shown.
        let understood = asked.note().map(|n| render::clean(&n).into_owned());
        let view = match asked.answer {
            Answer::Article { article } => self.opened(*article),
            Answer::Passages { mut passages } => {
                // The library's research on the best passage's topic follows, as passages.
                match research::for_passages(&self.engine, &passages) {
                    Ok(found) => passages.extend(found),
                    Err(e) => self.error(format!("Could not look for research: {e}")),
                }
                View::Passages(passages)
            }
            Answer::None => View::NotFound,
        };
        // A restriction that could not be read (`year:2020..2015`) was left out of the
        // search: the bar says so, as `search` and `ask` do on stderr.
        let notes = Engine::notes(&text);
        let mut page = Page::new(text, asked.results, 0, view);
        page.results_kind = ResultsKind::Ranked;
        page.follow_up_on = asked.follow_up_on;
        page.understood = understood;
        self.navigate(page);
        self.set_focus(Focus::Answer);
        if !notes.is_empty() {
            self.info(render::clean(&notes.join(" ")).into_owned());
        }
    }

    /// An article with its related links and follow-ups resolved; a failure to resolve
    /// them leaves them empty and says so.
    fn opened(&mut self, article: Article) -> View {
        let related = answer::related(&self.engine, &article);
        let follow_ups = answer::follow_ups(&self.engine, &article);
        let (related, follow_ups) = match (related, follow_ups) {
            (Ok(r), Ok(f)) => (r, f),
            (Err(e), _) | (_, Err(e)) => {
                self.error(format!("Could not resolve the related articles: {e}"));
                (Vec::new(), Vec::new())
            }
        };
        // The library's research about the topic joins the answer, cited in one sequence.
        let article = match research::findings(&self.engine, &article) {
            Ok(findings) => research::with_findings(&article, &findings),
            Err(e) => {
                self.error(format!("Could not look for research on this topic: {e}"));
                article
            }
        };
        let citations = answer::citations(&article);
        View::Article(Box::new(OpenArticle {
            article,
            related,
            follow_ups,
            citations,
        }))
    }

    /// Opens the article with this id as a new page, keeping the question that led to it.
    fn open_article(&mut self, id: &str) {
        match self.engine.article(id) {
            Ok(Some(article)) => {
                let view = self.opened(article);
                let mut page = Page::new(
                    self.ask.editor.text.clone(),
                    self.results.hits.clone(),
                    self.results.selected,
                    view,
                );
                page.results_kind = self.results.kind;
                self.navigate(page);
                if self.focus == Focus::Ask {
                    self.set_focus(Focus::Answer);
                }
            }
            Ok(None) => self.error(format!("No article has the id `{id}`.")),
            Err(e) => self.error(format!("Could not open `{id}`: {e}")),
        }
    }

    fn navigate(&mut self, page: Page) {
        if let Some(opened) = page.opened() {
            self.user_files
                .record_opened(&opened.article.id, &opened.article.question);
        }
        self.reader.navigate(page);
        self.enter_page();
    }

    /// Restores the Ask bar and results of the page now current.
    fn enter_page(&mut self) {
        self.results.generation += 1;
        self.results.pending = None;
        self.ask.context_dropped = false;
        self.ask.editor.set(&self.reader.page.question.clone());
        self.results.hits = self.reader.page.results.clone();
        self.results.selected = self.reader.page.results_selected;
        self.results.moved = false;
        self.results.kind = self.reader.page.results_kind;
        self.reader.preview = None;
        self.ask.recalled_context = None;
        self.ask.follow_up_label = answer::follow_up_topic(&self.ask.editor.text, self.context());
        self.clamp_scroll();
    }

    fn go_back(&mut self) {
        if !self.reader.go_back() {
            return self.info("Nothing to go back to.");
        }
        self.enter_page();
    }

    fn go_forward(&mut self) {
        if !self.reader.go_forward() {
            return self.info("Nothing to go forward to.");
        }
        self.enter_page();
    }

    fn drop_context(&mut self) {
        match self.context().map(|a| a.topic.clone()) {
            Some(topic) => {
                self.ask.context_dropped = true;
                self.ask.recalled_context = None;
                self.text_changed();
                self.info(format!("Questions are no longer follow-ups on {topic}."));
            }
            None => self.info("There is no follow-up context to drop."),
        }
    }

    /// The rows a page key moves in the focused pane.
    fn page_size(&self) -> isize {
        let screen = self.screen();
        let rows = match self.focus {
            Focus::Answer => screen.answer.height,
            focus => screen.pane(focus).map_or(10, |r| r.height),
        };
        isize::try_from(rows.saturating_sub(3).max(1)).unwrap_or(1)
    }

    fn move_by(&mut self, delta: isize) {
        match &mut self.overlay {
            Some(Overlay::Help { scroll }) => {
                *scroll = step(*scroll, delta, usize::MAX / 2);
                return;
            }
            Some(Overlay::Bookmarks { selected }) => {
                *selected = step(*selected, delta, self.user_files.bookmarks().len());
                return;
            }
            Some(Overlay::Reference(_)) | None => {}
        }
        match self.focus {
            Focus::Ask => {
                let len = self.results.hits.len();
                if len > 0 {
                    self.results.selected = step(self.results.selected, delta, len);
                    self.results.moved = true;
                }
            }
            Focus::Results => {
                self.results.selected = step(self.results.selected, delta, self.results.hits.len());
            }
            Focus::Answer => self.move_in_answer(delta),
            Focus::References => {
                let len = self.reader.page.references().len();
                if len > 0 {
                    self.reader.page.reference =
                        Some(step(self.reader.page.reference.unwrap_or(0), delta, len));
                }
            }
            Focus::Related => {
                let len = self.reader.page.related_entries().len();
                self.reader.page.related = step(self.reader.page.related, delta, len);
            }
        }
    }

    fn move_in_answer(&mut self, delta: isize) {
        if matches!(self.reader.page.view, View::Passages(_)) {
            self.move_in_passages(delta);
        } else {
            self.scroll_lines(delta);
        }
    }

    fn scroll_lines(&mut self, delta: isize) {
        self.reader.page.scroll = step(self.reader.page.scroll, delta, usize::MAX / 2);
        self.clamp_scroll();
    }

    /// A passages answer reads like a list and scrolls like a page: `j` and `k` read on
    /// through a passage longer than the pane before selecting the next, and past the
    /// last one to the disclaimer; page keys, `g`, `G` and the wheel scroll, and the
    /// selection follows to the passage in view.
    fn move_in_passages(&mut self, delta: isize) {
        let text = self.answer_text();
        let rows = text.passage_rows.clone();
        let total = text.lines.len();
        let height = self.answer_height().max(1);
        let n = rows.len();
        if n == 0 {
            return self.scroll_lines(delta);
        }
        // A passage runs from its heading to the line before the next one's blank line;
        // the last one on to the end, disclaimer included.
        let span = |i: usize| (rows[i], if i + 1 < n { rows[i + 1] - 1 } else { total });
        let at = self.reader.page.passage.min(n - 1);
        let (start, end) = span(at);
        let scroll = self.reader.page.scroll;
        match delta {
            1 if end > scroll + height || at + 1 == n => self.scroll_lines(1),
            1 => self.select_passage(at + 1, span(at + 1)),
            -1 if start < scroll || at == 0 => self.scroll_lines(-1),
            -1 => self.select_passage(at - 1, span(at - 1)),
            _ => {
                self.scroll_lines(delta);
                let scroll = self.reader.page.scroll;
                let at_end = scroll + height >= total;
                self.reader.page.passage = if at_end {
                    n - 1
                } else {
                    rows.iter()
                        .position(|&r| r >= scroll && r < scroll + height)
                        .unwrap_or_else(|| rows.iter().rposition(|&r| r < scroll).unwrap_or(0))
                };
                self.reader.page.reference = None;
            }
        }
    }

    /// Selects passage `i` (its lines `start..end`) and scrolls all of it into view, or
    /// its start when it is taller than the pane.
    fn select_passage(&mut self, i: usize, (start, end): (usize, usize)) {
        self.reader.page.passage = i;
        self.reader.page.reference = None;
        let height = self.answer_height().max(1);
        if end - start > height || start < self.reader.page.scroll {
            self.reader.page.scroll = start;
        } else if end > self.reader.page.scroll + height {
            self.reader.page.scroll = end - height;
        }
        self.clamp_scroll();
    }

    /// The Answer pane's lines for the current page, at the pane's width: wrapped once
    /// for each change of page, width, audience or selection, not for every key.
    pub fn answer_text(&self) -> Rc<AnswerText> {
        self.answer_lines(self.screen().answer_text_width())
    }

    /// The Answer pane's lines at `width`.
    pub fn answer_lines(&self, width: usize) -> Rc<AnswerText> {
        self.reader.lines(width, self.theme)
    }

    fn answer_height(&self) -> usize {
        usize::from(self.screen().answer.height.saturating_sub(2))
    }

    fn clamp_scroll(&mut self) {
        let lines = self.answer_text().lines.len();
        let max = lines.saturating_sub(self.answer_height());
        self.reader.page.scroll = self.reader.page.scroll.min(max);
    }

    /// Scrolls so `row` shows, a third of the way down when it must move.
    fn scroll_into_view(&mut self, row: usize) {
        let height = self.answer_height().max(1);
        if row < self.reader.page.scroll || row >= self.reader.page.scroll + height {
            self.reader.page.scroll = row.saturating_sub(height / 3);
            self.clamp_scroll();
        }
    }

    fn step_citation(&mut self, forward: bool) {
        let Some(opened) = self.reader.page.opened() else {
            return self.info("Open an article to walk its citations.");
        };
        let n = opened.citations.len();
        if n == 0 {
            return self.info("This article cites no references.");
        }
        let next = match (self.reader.page.citation, forward) {
            (None, true) => 0,
            (None, false) => n - 1,
            (Some(i), true) => (i + 1) % n,
            (Some(i), false) => (i + n - 1) % n,
        };
        self.select_citation(next);
    }

    /// Selects citation `i` of the open article, its reference, and scrolls it into view.
    fn select_citation(&mut self, i: usize) {
        let Some(opened) = self.reader.page.opened() else {
            return;
        };
        let Some(citation) = opened.citations.get(i).copied() else {
            return;
        };
        self.reader.page.reference = opened
            .article
            .references
            .iter()
            .position(|r| r.n == citation.reference);
        self.reader.page.citation = Some(i);
        self.show_references();
        let row = self.answer_text().citation_rows.get(i).copied();
        if let Some(row) = row {
            self.scroll_into_view(row);
        }
    }

    /// In the narrow layout, turns the side column to References so the reference a
    /// citation selects is in sight.
    fn show_references(&mut self) {
        if !self.screen().wide && self.side != self.focus {
            self.side = Focus::References;
        }
    }

    fn number(&mut self, n: u8) {
        match &self.reader.page.view {
            View::Article(opened) => {
                let n = u32::from(n);
                let Some(index) = opened.article.references.iter().position(|r| r.n == n) else {
                    return self.info(format!("This article has no reference {n}."));
                };
                match opened.citations.iter().position(|c| c.reference == n) {
                    Some(citation) => self.select_citation(citation),
                    None => {
                        self.reader.page.citation = None;
                        self.reader.page.reference = Some(index);
                        self.show_references();
                    }
                }
            }
            View::Passages(passages) => match passages.get(usize::from(n).saturating_sub(1)) {
                Some(passage) => {
                    let id = passage.article_id.clone();
                    self.reader.page.passage = usize::from(n) - 1;
                    self.open_article(&id);
                }
                None => self.info(format!("There is no passage {n}.")),
            },
            _ => self.info("Open an answer first."),
        }
    }

    fn open_selected(&mut self) {
        if let Some(Overlay::Bookmarks { selected }) = self.overlay {
            return self.open_bookmark(selected);
        }
        match self.focus {
            Focus::Ask => self.submit(),
            Focus::Results => match self.results.hits.get(self.results.selected) {
                Some(hit) => {
                    let id = hit.id.clone();
                    self.open_article(&id);
                }
                None => self.info("No result to open."),
            },
            Focus::Answer => match &self.reader.page.view {
                View::Passages(passages) => {
                    if let Some(p) = passages.get(self.reader.page.passage) {
                        let id = p.article_id.clone();
                        self.open_article(&id);
                    }
                }
                View::Article(_) => self.show_reference(),
                _ => {}
            },
            Focus::References => self.show_reference(),
            Focus::Related => {
                let entry = self
                    .reader
                    .page
                    .related_entries()
                    .get(self.reader.page.related)
                    .copied();
                match entry {
                    Some(RelatedEntry::Condition(link)) => {
                        let id = link.id.clone();
                        self.open_article(&id);
                    }
                    Some(RelatedEntry::FollowUp(FollowUp::Article { id, .. })) => {
                        let id = id.clone();
                        self.open_article(&id);
                    }
                    Some(RelatedEntry::FollowUp(FollowUp::Question { text })) => {
                        let text = text.clone();
                        self.ask.editor.set(&text);
                        self.submit();
                    }
                    None => self.info("Nothing related to open."),
                }
            }
        }
    }

    /// Enter on a reference: a research citation the library holds opens as its own
    /// article; any other reference is shown in full.
    fn show_reference(&mut self) {
        let reference = self
            .reader
            .page
            .reference
            .and_then(|i| self.reader.page.references().get(i).cloned());
        let in_library = reference
            .as_ref()
            .and_then(|r| r.pmid.as_ref())
            .map(|pmid| format!("pubmed-{pmid}"))
            .filter(|id| self.reader.page.opened().is_none_or(|o| &o.article.id != id))
            .filter(|id| matches!(self.engine.article(id), Ok(Some(_))));
        if let Some(id) = in_library {
            return self.open_article(&id);
        }
        match reference {
            Some(reference) => self.overlay = Some(Overlay::Reference(reference)),
            None => self.info("Select a reference first (] walks the citations)."),
        }
    }

    fn pane_at(&self, column: u16, row: u16) -> Option<(Focus, Rect)> {
        let screen = self.screen();
        let at = Position::new(column, row);
        Focus::ALL
            .into_iter()
            .filter_map(|f| screen.pane(f).map(|r| (f, r)))
            .find(|(_, r)| r.contains(at))
    }

    fn click(&mut self, column: u16, row: u16) {
        if self.overlay.is_some() {
            self.overlay = None;
            return;
        }
        let Some((focus, area)) = self.pane_at(column, row) else {
            return;
        };
        self.set_focus(focus);
        let Some(line) = layout::row_inside(area, row) else {
            return;
        };
        let height = layout::inner_height(area);
        match focus {
            Focus::Results => {
                let first = layout::first_visible(self.results.selected, height);
                if first + line < self.results.hits.len() {
                    self.results.selected = first + line;
                }
            }
            Focus::References => {
                let index = layout::reference_at(line, self.reader.page.reference, height);
                if index < self.reader.page.references().len() {
                    self.reader.page.reference = Some(index);
                }
            }
            Focus::Related => {
                let rows = layout::related_rows(&self.reader.page);
                let first = layout::first_related_row(&rows, self.reader.page.related, height);
                if let Some(Some(entry)) = rows.get(first + line).map(|r| r.entry) {
                    self.reader.page.related = entry;
                }
            }
            Focus::Ask | Focus::Answer => {}
        }
    }

    fn scroll_at(&mut self, column: u16, row: u16, lines: i16) {
        if self.overlay.is_some() {
            return self.move_by(isize::from(lines));
        }
        let Some((focus, _)) = self.pane_at(column, row) else {
            return;
        };
        let keep = self.focus;
        self.focus = focus;
        if focus == Focus::Answer && !matches!(self.reader.page.view, View::Passages(_)) {
            self.reader.page.scroll = step(self.reader.page.scroll, isize::from(lines), usize::MAX / 2);
            self.clamp_scroll();
        } else {
            self.move_by(isize::from(lines));
        }
        self.focus = keep;
    }
}

/// Whether an action only edits the Ask bar's text, so a burst of them needs one search.
fn is_edit(action: &Action) -> bool {
    matches!(
        action,
        Action::Insert(_)
            | Action::Paste(_)
            | Action::DeleteBack
            | Action::DeleteForward
            | Action::DeleteWordBack
            | Action::DeleteToStart
    )
}

/// Whether `action` applies while the window is too small to show the panes: quitting,
/// and what the program does by itself (results arriving, a resize, a new library, a
/// stop from outside and the resume). A paste, a click or the wheel would change what
/// cannot be seen.
fn applies_when_too_small(action: &Action) -> bool {
    matches!(
        action,
        Action::Quit
            | Action::Suspend
            | Action::Resumed
            | Action::Resize { .. }
            | Action::Searched { .. }
            | Action::LibraryChanged(_)
    )
}

/// Whether an action comes from the user (and so clears the last message).
fn is_user_action(action: &Action) -> bool {
    !matches!(action, Action::Searched { .. } | Action::Resize { .. })
}

/// `at + delta` kept within `0..len` (0 when empty).
fn step(at: usize, delta: isize, len: usize) -> usize {
    if len == 0 {
        return 0;
    }
    at.saturating_add_signed(delta).min(len - 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use curbside_core::answer::SourcedPassage;
    use curbside_core::article::Audience;
    use curbside_core::corpus;

    fn app() -> App {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/articles");
        // The fixtures are checked in and valid; a failure here is a broken checkout.
        let corpus = corpus::load_dir(&dir, "builtin").expect("fixture corpus loads");
        let engine = Engine::in_ram(&corpus.articles).expect("fixture index builds");
        App::new(Arc::new(engine), (140, 40))
    }

    /// Types `text` where the keys go, a character at a time.
    fn type_text(app: &mut App, text: &str) {
        for c in text.chars() {
            app.update(Action::Insert(c));
        }
    }

    fn ask(app: &mut App, text: &str) {
        app.update(Action::FocusAsk);
        app.update(Action::CursorEnd);
        app.update(Action::DeleteToStart);
        type_text(app, text);
        app.update(Action::Submit);
    }

    fn open_id(app: &App) -> Option<&str> {
        app.reader.page.opened().map(|o| o.article.id.as_str())
    }

    /// An app whose user files live in `home`, as a new session would open it.
    fn app_in(home: &std::path::Path) -> App {
        app().with_user_files(UserFiles::open(&curbside_core::home::Home::new(home)))
    }

    fn status(app: &App) -> &str {
        app.status.as_ref().map_or("", |s| s.text.as_str())
    }

    /// Presses a key as the terminal sends it.
    fn press(
        app: &mut App,
        code: ratatui::crossterm::event::KeyCode,
        modifiers: ratatui::crossterm::event::KeyModifiers,
    ) {
        app.key(KeyEvent::new(code, modifiers));
    }

    #[test]
    fn under_the_enlarge_message_only_ctrl_c_acts() {
        use ratatui::crossterm::event::{KeyCode as K, KeyModifiers as M};
        let home = tempfile::tempdir().unwrap();
        let mut app = app_in(home.path());
        ask(&mut app, "what causes clonus");
        app.update(Action::FocusNext);
        let seen = |app: &App| {
            (
                app.focus,
                open_id(app).map(str::to_string),
                app.reader.audience,
                app.ask.editor.clone(),
            )
        };
        let before = seen(&app);
        app.update(Action::Resize {
            columns: 59,
            rows: 20,
        });
        for c in ['m', 'q', 'a', 'e', '/', 'B', '?', 'x', '1'] {
            press(&mut app, K::Char(c), M::NONE);
        }
        for code in [K::Tab, K::Enter, K::Backspace, K::F(1), K::Esc] {
            press(&mut app, code, M::NONE);
        }
        press(&mut app, K::Char('z'), M::CONTROL);
        app.update(Action::Paste("serotonin".to_string()));
        app.update(Action::Click { column: 5, row: 5 });
        app.update(Action::ScrollAt {
            column: 5,
            row: 5,
            lines: 3,
        });
        assert!(!app.event_loop.quit, "q is not listed there, so it does not quit");
        assert!(!app.take_suspend());
        assert!(!app.user_files().is_bookmarked("fx-clonus-causes"));
        assert_eq!(app.overlay, None);
        assert_eq!(app.status, None);
        assert_eq!(seen(&app), before);
        app.update(Action::Resize {
            columns: 100,
            rows: 30,
        });
        press(&mut app, K::Char('m'), M::NONE);
        assert!(
            app.user_files().is_bookmarked("fx-clonus-causes"),
            "keys act again once it fits"
        );
        app.update(Action::Resize {
            columns: 59,
            rows: 20,
        });
        press(&mut app, K::Char('c'), M::CONTROL);
        assert!(app.event_loop.quit, "Ctrl-C, which the message names, quits");
    }

    #[test]
    fn m_bookmarks_the_open_article_and_says_so_and_again_removes_it() {
        let home = tempfile::tempdir().unwrap();
        let mut app = app_in(home.path());
        app.update(Action::ToggleBookmark);
        assert_eq!(status(&app), "Open an article to bookmark it.");
        ask(&mut app, "what causes clonus");
        app.update(Action::ToggleBookmark);
        assert!(
            status(&app).starts_with("Bookmarked “What causes clonus"),
            "{}",
            status(&app)
        );
        assert!(app.user_files().is_bookmarked("fx-clonus-causes"));
        assert!(
            UserFiles::open(&curbside_core::home::Home::new(home.path())).is_bookmarked("fx-clonus-causes")
        );
        app.update(Action::ToggleBookmark);
        assert!(
            status(&app).starts_with("Removed the bookmark"),
            "{}",
            status(&app)
        );
        assert!(!app.user_files().is_bookmarked("fx-clonus-causes"));
    }

    #[test]
    fn the_bookmarks_list_opens_a_bookmark_with_enter_and_removes_one_with_d() {
        let home = tempfile::tempdir().unwrap();
        let mut app = app_in(home.path());
        ask(&mut app, "what causes clonus");
        app.update(Action::ToggleBookmark);
        ask(&mut app, "serotonin syndrome");
        app.update(Action::ToggleBookmark);
        ask(&mut app, "how is spasticity treated");

        app.update(Action::ShowBookmarks);
        assert_eq!(app.overlay, Some(Overlay::Bookmarks { selected: 0 }));
        app.update(Action::Down);
        app.update(Action::Down);
        assert_eq!(
            app.overlay,
            Some(Overlay::Bookmarks { selected: 1 }),
            "stops at the last"
        );
        app.update(Action::Focus(Focus::Results));
        app.update(Action::Open);
        assert_eq!(app.overlay, None);
        assert_eq!(open_id(&app), Some("fx-serotonin-syndrome"));
        assert_eq!(app.focus, Focus::Answer);

        app.update(Action::ShowBookmarks);
        app.update(Action::RemoveBookmark);
        assert!(status(&app).contains("What causes clonus"), "{}", status(&app));
        assert_eq!(app.overlay, Some(Overlay::Bookmarks { selected: 0 }));
        let ids: Vec<&str> = app
            .user_files()
            .bookmarks()
            .iter()
            .map(|b| b.id.as_str())
            .collect();
        assert_eq!(ids, ["fx-serotonin-syndrome"]);
        app.update(Action::RemoveBookmark);
        app.update(Action::RemoveBookmark);
        assert_eq!(status(&app), "No bookmark to remove.");
        assert!(
            UserFiles::open(&curbside_core::home::Home::new(home.path()))
                .bookmarks()
                .is_empty()
        );
        app.update(Action::CloseOverlay);
        assert_eq!(app.overlay, None);
    }

    #[test]
    fn a_bookmark_whose_article_is_gone_says_so_and_stays_listed() {
        let home = tempfile::tempdir().unwrap();
        let mut library = UserFiles::open(&curbside_core::home::Home::new(home.path()));
        library.toggle_bookmark("removed-article", "A removed article?");
        let mut app = app().with_user_files(library);
        app.update(Action::ShowBookmarks);
        app.update(Action::Open);
        assert!(
            status(&app).contains("no longer in the corpora"),
            "{}",
            status(&app)
        );
        assert!(app.overlay.is_some());
        assert_eq!(app.user_files().bookmarks().len(), 1);
    }

    #[test]
    fn the_audience_chosen_is_restored_by_the_next_session() {
        let home = tempfile::tempdir().unwrap();
        let mut first = app_in(home.path());
        assert_eq!(first.reader.audience, Audience::Clinician);
        first.update(Action::ToggleAudience);
        drop(first);
        let mut second = app_in(home.path());
        assert_eq!(second.reader.audience, Audience::Patient);
        second.update(Action::ToggleAudience);
        assert_eq!(app_in(home.path()).reader.audience, Audience::Clinician);
    }

    #[test]
    fn up_in_the_bar_recalls_questions_asked_in_an_earlier_session() {
        let home = tempfile::tempdir().unwrap();
        let mut first = app_in(home.path());
        ask(&mut first, "what causes clonus");
        ask(&mut first, "serotonin syndrome");
        drop(first);
        let mut second = app_in(home.path());
        ask(&mut second, "how is spasticity treated");
        second.update(Action::FocusAsk);
        for expected in [
            "how is spasticity treated",
            "serotonin syndrome",
            "what causes clonus",
        ] {
            second.update(Action::RecallOlder);
            assert_eq!(second.ask.editor.text(), expected);
        }
        second.update(Action::RecallOlder);
        assert_eq!(second.ask.editor.text(), "what causes clonus", "the oldest stays");
    }

    #[test]
    fn questions_and_opened_articles_are_recorded_in_the_history() {
        use curbside_core::user_files::HistoryEntry;
        let home = tempfile::tempdir().unwrap();
        let mut app = app_in(home.path());
        ask(&mut app, "what causes clonus");
        app.update(Action::Focus(Focus::Related));
        app.update(Action::Open);
        app.update(Action::Back);
        let history = UserFiles::open(&curbside_core::home::Home::new(home.path()))
            .history()
            .to_vec();
        let summary: Vec<(&str, &str)> = history
            .iter()
            .map(|e| match e {
                HistoryEntry::Asked { question, .. } => ("asked", question.as_str()),
                HistoryEntry::Opened { id, .. } => ("opened", id.as_str()),
            })
            .collect();
        assert_eq!(
            summary,
            [
                ("asked", "what causes clonus"),
                ("opened", "fx-clonus-causes"),
                ("opened", "fx-spasticity-treatment"),
            ],
            "going back is not opening"
        );
    }

    #[test]
    fn e_exports_the_open_answer_to_the_home_and_the_clipboard() {
        let home = tempfile::tempdir().unwrap();
        let mut app = app_in(home.path());
        app.update(Action::Export);
        assert_eq!(status(&app), "Open an answer to export it.");
        assert_eq!(app.take_clipboard(), None);
        ask(&mut app, "what causes clonus");
        app.update(Action::ToggleAudience);
        app.update(Action::Export);
        let path = home.path().join("exports/fx-clonus-causes.md");
        let written = std::fs::read_to_string(&path).unwrap();
        assert!(written.starts_with("# What causes clonus"), "{written}");
        assert!(
            written.contains("for patients"),
            "the audience on screen is exported"
        );
        assert!(
            status(&app).contains(&path.display().to_string()),
            "{}",
            status(&app)
        );
        assert_eq!(app.take_clipboard().as_deref(), Some(written.as_str()));
        assert_eq!(app.take_clipboard(), None, "sent once");
    }

    #[test]
    fn a_passages_answer_exports_under_its_question() {
        let home = tempfile::tempdir().unwrap();
        let mut app = app_in(home.path());
        app.reader.page.question = "Mechanism?".to_string();
        app.reader.page.view = View::Passages(vec![passage(
            "fx-serotonin-syndrome",
            "What is serotonin syndrome?",
        )]);
        app.update(Action::Export);
        let written = std::fs::read_to_string(home.path().join("exports/passages-mechanism.md")).unwrap();
        assert!(written.starts_with("# Mechanism?"), "{written}");
        assert!(
            written.contains("## 1. What is serotonin syndrome?\n\n") && written.contains("\n\nA passage."),
            "{written}"
        );
    }

    #[test]
    fn an_export_that_cannot_be_written_still_reaches_the_clipboard() {
        let mut app = app();
        ask(&mut app, "what causes clonus");
        app.update(Action::Export);
        assert!(app.status.as_ref().is_some_and(|s| s.error));
        assert!(
            status(&app).contains("sent it to the terminal's clipboard (OSC 52) instead"),
            "{}",
            status(&app)
        );
        assert!(app.take_clipboard().is_some());
    }

    #[test]
    fn a_damaged_settings_file_is_reported_in_the_bottom_bar_at_start() {
        let home = tempfile::tempdir().unwrap();
        std::fs::write(home.path().join("settings.toml"), "audience = \"nurse\"\n").unwrap();
        let app = app_in(home.path());
        assert!(app.status.as_ref().is_some_and(|s| s.error));
        assert!(status(&app).contains("settings.toml line 1"), "{}", status(&app));
        assert_eq!(app.reader.audience, Audience::Clinician);
    }

    #[test]
    fn the_layout_setting_is_applied() {
        let home = tempfile::tempdir().unwrap();
        std::fs::write(home.path().join("settings.toml"), "layout = \"narrow\"\n").unwrap();
        let app = app_in(home.path());
        assert_eq!(app.size, (140, 40));
        assert!(!app.screen().wide);
    }

    #[test]
    fn a_home_that_cannot_be_written_is_reported_once_and_bookmarks_still_work() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("home"), "a file, not a directory").unwrap();
        let mut app = app_in(&dir.path().join("home/curbside"));
        ask(&mut app, "what causes clonus");
        assert!(status(&app).starts_with("Cannot save"), "{}", status(&app));
        app.update(Action::ToggleBookmark);
        assert!(status(&app).starts_with("Bookmarked"), "{}", status(&app));
        assert!(app.user_files().is_bookmarked("fx-clonus-causes"));
        app.update(Action::ToggleAudience);
        assert!(!status(&app).contains("Cannot save"), "said once");
    }

    #[test]
    fn tab_cycles_the_panes_and_never_the_ask_bar() {
        let mut app = app();
        assert_eq!(app.focus, Focus::Ask);
        let mut seen = vec![app.focus];
        for _ in 0..5 {
            app.update(Action::FocusNext);
            seen.push(app.focus);
        }
        assert_eq!(
            seen,
            [
                Focus::Ask,
                Focus::Results,
                Focus::Answer,
                Focus::References,
                Focus::Related,
                Focus::Results
            ]
        );
        app.update(Action::FocusPrev);
        assert_eq!(app.focus, Focus::Related);
        app.update(Action::FocusAsk);
        app.update(Action::FocusPrev);
        assert_eq!(app.focus, Focus::Related, "Shift-Tab from the bar: the last pane");
    }

    #[test]
    fn in_the_bar_the_arrows_move_the_results_previewed_and_enter_opens_the_selection() {
        let mut app = app();
        type_text(&mut app, "clonus");
        assert!(app.results.hits.len() > 1, "{:?}", app.results.hits);
        let first = app.results.hits[0].id.clone();
        let second = app.results.hits[1].id.clone();
        assert_eq!(
            app.reader
                .preview
                .as_ref()
                .and_then(Page::opened)
                .map(|o| o.article.id.clone()),
            Some(first),
            "the highlighted result is previewed while typing"
        );
        assert!(
            matches!(app.reader.page.view, View::Welcome),
            "the page stays underneath"
        );
        app.update(Action::Down);
        assert_eq!(app.results.selected, 1);
        assert_eq!(
            app.reader
                .preview
                .as_ref()
                .and_then(Page::opened)
                .map(|o| o.article.id.clone()),
            Some(second.clone())
        );
        app.update(Action::LeaveAsk);
        assert!(app.reader.preview.is_none(), "Esc returns to what was open");

        app.update(Action::FocusAsk);
        app.update(Action::Down);
        app.update(Action::Up);
        app.update(Action::Down);
        app.update(Action::Submit);
        assert_eq!(
            open_id(&app),
            Some(second.as_str()),
            "Enter opens the moved selection"
        );
        assert_eq!(app.focus, Focus::Answer);
    }

    #[test]
    fn the_results_say_whether_they_are_the_matches_typed_or_the_answers_ranking() {
        let mut app = app();
        type_text(&mut app, "clonus");
        assert_eq!(app.results.kind, ResultsKind::Matches);
        app.update(Action::Submit);
        assert_eq!(app.results.kind, ResultsKind::Ranked);
    }

    #[test]
    fn ctrl_r_recalls_the_questions_containing_what_is_typed() {
        let mut app = app();
        ask(&mut app, "what causes clonus");
        ask(&mut app, "serotonin syndrome");
        ask(&mut app, "how is clonus treated");
        app.update(Action::FocusAsk);
        type_text(&mut app, "clonus");
        app.update(Action::RecallOlder);
        assert_eq!(app.ask.editor.text(), "how is clonus treated");
        app.update(Action::RecallOlder);
        assert_eq!(app.ask.editor.text(), "what causes clonus");
        app.update(Action::RecallOlder);
        assert_eq!(app.ask.editor.text(), "what causes clonus");
        assert!(
            status(&app).contains("No earlier question contains"),
            "{}",
            status(&app)
        );
        app.update(Action::RecallNewer);
        app.update(Action::RecallNewer);
        assert_eq!(app.ask.editor.text(), "clonus", "back to what was typed");
    }

    #[test]
    fn a_follow_up_recalled_in_the_next_session_asks_about_its_topic() {
        let home = tempfile::tempdir().unwrap();
        let mut first = app_in(home.path());
        ask(&mut first, "what causes clonus");
        ask(&mut first, "how is it treated?");
        assert_eq!(first.reader.page.follow_up_on.as_deref(), Some("Clonus"));
        drop(first);
        let mut second = app_in(home.path());
        second.update(Action::RecallOlder);
        assert_eq!(second.ask.editor.text(), "how is it treated?");
        assert_eq!(second.ask.follow_up_label.as_deref(), Some("Clonus"));
        second.update(Action::Submit);
        assert_eq!(second.reader.page.follow_up_on.as_deref(), Some("Clonus"));
    }

    #[test]
    fn history_false_in_the_settings_records_nothing() {
        let home = tempfile::tempdir().unwrap();
        std::fs::write(home.path().join("settings.toml"), "history = false\n").unwrap();
        let mut app = app_in(home.path());
        ask(&mut app, "what causes clonus");
        assert!(!home.path().join("history.json").exists());
        app.update(Action::FocusAsk);
        app.update(Action::RecallOlder);
        assert_eq!(
            app.ask.editor.text(),
            "what causes clonus",
            "this session still recalls"
        );
    }

    #[test]
    fn the_bookmarks_list_rereads_what_another_window_saved() {
        let home = tempfile::tempdir().unwrap();
        let mut a = app_in(home.path());
        let mut b = app_in(home.path());
        ask(&mut a, "what causes clonus");
        a.update(Action::ToggleBookmark);
        b.update(Action::ShowBookmarks);
        assert_eq!(b.user_files().bookmarks().len(), 1);
    }

    #[test]
    fn find_highlights_matches_walks_them_with_wrap_around_and_escape_closes() {
        let mut app = app();
        ask(&mut app, "what causes clonus");
        app.update(Action::Resize {
            columns: 140,
            rows: 16,
        });
        app.update(Action::OpenFind);
        assert_eq!(app.key_scope(), Some(Scope::Find));
        type_text(&mut app, "CLONUS");
        let find = app.reader.find.clone().unwrap();
        assert!(find.matches.len() > 2, "case-blind: {:?}", find.matches);
        assert_eq!(find.current, Some(0));
        assert_eq!(
            app.ask.editor.text(),
            "what causes clonus",
            "typing went to the find"
        );
        app.update(Action::FindDone);
        assert_eq!(app.key_scope(), None);
        let n = find.matches.len();
        for _ in 0..n - 1 {
            app.update(Action::FindNext);
        }
        let last = app.reader.find.as_ref().unwrap().matches[n - 1].row;
        let height = app.screen().answer.height as usize - 2;
        assert!(
            last >= app.reader.page.scroll && last < app.reader.page.scroll + height,
            "scrolled into view"
        );
        app.update(Action::FindNext);
        assert_eq!(app.reader.find.as_ref().unwrap().current, Some(0));
        assert!(status(&app).contains("wrapped"), "{}", status(&app));
        app.update(Action::FindPrev);
        assert_eq!(app.reader.find.as_ref().unwrap().current, Some(n - 1));
        app.update(Action::CloseOverlay);
        assert!(app.reader.find.is_none());
    }

    #[test]
    fn a_passages_answer_reads_to_its_disclaimer_by_keys_and_wheel() {
        let mut app = app();
        let mut long = passage("fx-serotonin-syndrome", "What is serotonin syndrome?");
        long.text = "A long passage about serotonin toxicity. ".repeat(30);
        app.reader.page.view = View::Passages(vec![
            long,
            passage("fx-spasticity-treatment", "How is spasticity treated?"),
            passage("fx-clonus-causes", "What causes clonus?"),
        ]);
        app.update(Action::Resize {
            columns: 140,
            rows: 16,
        });
        app.update(Action::Focus(Focus::Answer));
        let total = app.answer_text().lines.len();
        let height = app.screen().answer.height as usize - 2;
        let end = total - height;
        for _ in 0..total {
            app.update(Action::Down);
        }
        assert_eq!(
            (app.reader.page.passage, app.reader.page.scroll),
            (2, end),
            "j reads to the end"
        );
        app.update(Action::Top);
        assert_eq!((app.reader.page.passage, app.reader.page.scroll), (0, 0));
        app.update(Action::Bottom);
        assert_eq!((app.reader.page.passage, app.reader.page.scroll), (2, end));
        app.update(Action::Top);
        let answer = app.screen().answer;
        for _ in 0..total {
            app.update(Action::ScrollAt {
                column: answer.x + 2,
                row: answer.y + 2,
                lines: 3,
            });
        }
        assert_eq!(
            (app.reader.page.passage, app.reader.page.scroll),
            (2, end),
            "the wheel too"
        );
        assert!(
            app.answer_text()
                .lines
                .last()
                .is_some_and(|l| l.to_string().contains("emergency")),
            "the disclaimer is the last line"
        );
    }

    #[test]
    fn a_new_index_installed_by_another_process_is_switched_to_and_said() {
        let mut app = app();
        ask(&mut app, "what causes clonus");
        let engine = Engine::in_ram(&[]).expect("an empty index builds");
        app.update(Action::LibraryChanged(super::super::action::EngineHandle(
            Arc::new(engine),
        )));
        assert!(status(&app).contains("The library changed"), "{}", status(&app));
        assert!(status(&app).contains("no longer in it"), "{}", status(&app));
        assert_eq!(app.engine().meta().articles, 0);
    }

    #[test]
    fn narrow_focus_cycling_switches_the_side_column() {
        let mut app = app();
        app.update(Action::Resize {
            columns: 90,
            rows: 30,
        });
        app.update(Action::FocusNext);
        assert_eq!(app.focus, Focus::Answer);
        app.update(Action::FocusNext);
        assert_eq!((app.focus, app.side), (Focus::Results, Focus::Results));
        app.update(Action::FocusNext);
        assert_eq!((app.focus, app.side), (Focus::References, Focus::References));
    }

    #[test]
    fn in_the_narrow_layout_a_citation_turns_the_side_column_to_references() {
        let mut app = app();
        app.update(Action::Resize {
            columns: 90,
            rows: 30,
        });
        ask(&mut app, "what causes clonus");
        assert_eq!(app.side, Focus::Results);
        app.update(Action::NextCitation);
        assert_eq!(app.side, Focus::References);
    }

    #[test]
    fn typing_searches_as_you_type() {
        let mut app = app();
        type_text(&mut app, "serotonin");
        assert_eq!(
            app.results.hits.first().map(|h| h.id.as_str()),
            Some("fx-serotonin-syndrome")
        );
        app.update(Action::DeleteToStart);
        assert!(app.results.hits.is_empty());
    }

    #[test]
    fn line_editing_moves_and_deletes_by_character_and_word() {
        let mut app = app();
        for c in "what causes clonus".chars() {
            app.update(Action::Insert(c));
        }
        app.update(Action::DeleteWordBack);
        assert_eq!(app.ask.editor.text(), "what causes ");
        app.update(Action::CursorHome);
        app.update(Action::DeleteForward);
        app.update(Action::CursorRight);
        app.update(Action::Insert('H'));
        assert_eq!(app.ask.editor.text(), "hHat causes ");
        app.update(Action::CursorLeft);
        app.update(Action::DeleteBack);
        assert_eq!(app.ask.editor.text(), "Hat causes ");
        app.update(Action::CursorEnd);
        app.update(Action::Paste("clonus\nnow".to_string()));
        assert_eq!(app.ask.editor.text(), "Hat causes clonus now");
    }

    #[test]
    fn a_paste_loses_its_escape_sequences_whole_and_control_keys_type_nothing() {
        let mut app = app();
        app.update(Action::Paste(
            "\u{1b}[31mclonus\u{1b}[0m \u{1b}]0;title\u{7}causes".to_string(),
        ));
        assert_eq!(app.ask.editor.text(), "clonus causes");
        app.update(Action::Insert('\u{1b}'));
        app.update(Action::Insert('\u{7}'));
        assert_eq!(app.ask.editor.text(), "clonus causes");
    }

    #[test]
    fn enter_opens_the_best_answer_and_focuses_it() {
        let mut app = app();
        ask(&mut app, "what causes clonus");
        assert_eq!(open_id(&app), Some("fx-clonus-causes"));
        assert_eq!(app.focus, Focus::Answer);
        assert_eq!(app.reader.page.question, "what causes clonus");
    }

    #[test]
    fn history_back_and_forward_keep_the_question_that_led_there() {
        let mut app = app();
        ask(&mut app, "what causes clonus");
        let clonus_results = app.results.hits.clone();
        app.update(Action::Focus(Focus::Related));
        app.update(Action::Open);
        assert_eq!(open_id(&app), Some("fx-spasticity-treatment"));
        ask(&mut app, "serotonin syndrome");
        assert_eq!(open_id(&app), Some("fx-serotonin-syndrome"));

        app.update(Action::Focus(Focus::Answer));
        app.update(Action::Back);
        assert_eq!(open_id(&app), Some("fx-spasticity-treatment"));
        assert_eq!(app.ask.editor.text(), "what causes clonus");
        app.update(Action::Back);
        assert_eq!(open_id(&app), Some("fx-clonus-causes"));
        assert_eq!(app.ask.editor.text(), "what causes clonus");
        assert_eq!(app.results.hits, clonus_results);

        app.update(Action::Forward);
        app.update(Action::Forward);
        assert_eq!(open_id(&app), Some("fx-serotonin-syndrome"));
        assert_eq!(app.ask.editor.text(), "serotonin syndrome");
        app.update(Action::Forward);
        assert_eq!(
            app.status.as_ref().map(|s| s.text.as_str()),
            Some("Nothing to go forward to.")
        );
    }

    #[test]
    fn asking_again_after_an_answer_starts_an_empty_question_and_up_recalls_the_last() {
        let mut app = app();
        ask(&mut app, "what causes clonus");
        app.update(Action::FocusAsk);
        assert_eq!(app.ask.editor.text(), "");
        app.update(Action::RecallOlder);
        assert_eq!(app.ask.editor.text(), "what causes clonus");
        for c in " in children".chars() {
            app.update(Action::Insert(c));
        }
        app.update(Action::LeaveAsk);
        app.update(Action::FocusAsk);
        assert_eq!(
            app.ask.editor.text(),
            "what causes clonus in children",
            "a draft is kept"
        );
    }

    #[test]
    fn a_question_naming_no_condition_follows_up_on_the_open_article_until_dropped() {
        let mut app = app();
        ask(&mut app, "what causes clonus");
        app.update(Action::FocusAsk);
        app.update(Action::DeleteToStart);
        for c in "how is it treated?".chars() {
            app.update(Action::Insert(c));
        }
        assert_eq!(app.ask.follow_up_label.as_deref(), Some("Clonus"));
        app.update(Action::DropContext);
        assert_eq!(app.ask.follow_up_label, None);
        assert!(app.context().is_none());

        ask(&mut app, "what causes clonus");
        app.update(Action::FocusAsk);
        app.update(Action::DeleteToStart);
        for c in "how is it treated?".chars() {
            app.update(Action::Insert(c));
        }
        app.update(Action::Submit);
        assert_eq!(app.reader.page.follow_up_on.as_deref(), Some("Clonus"));
    }

    #[test]
    fn citation_navigation_selects_the_cited_reference() {
        let mut app = app();
        ask(&mut app, "what causes clonus");
        // Reading order of the fixture's citations: [1] [2] [1][2] [1].
        let walk: Vec<(Option<usize>, Option<usize>)> = (0..5)
            .map(|_| {
                app.update(Action::NextCitation);
                (app.reader.page.citation, app.reader.page.reference)
            })
            .collect();
        assert_eq!(
            walk,
            [
                (Some(0), Some(0)),
                (Some(1), Some(1)),
                (Some(2), Some(0)),
                (Some(3), Some(1)),
                (Some(4), Some(0)),
            ]
        );
        app.update(Action::PrevCitation);
        assert_eq!(
            (app.reader.page.citation, app.reader.page.reference),
            (Some(3), Some(1))
        );
        app.update(Action::Number(2));
        assert_eq!(
            (app.reader.page.citation, app.reader.page.reference),
            (Some(1), Some(1))
        );
    }

    #[test]
    fn enter_on_a_reference_shows_it_in_full_and_escape_closes_it() {
        let mut app = app();
        ask(&mut app, "what causes clonus");
        app.update(Action::Number(2));
        app.update(Action::Focus(Focus::References));
        app.update(Action::Open);
        assert!(matches!(&app.overlay, Some(Overlay::Reference(r)) if r.n == 2));
        app.update(Action::CloseOverlay);
        assert_eq!(app.overlay, None);
    }

    #[test]
    fn the_audience_toggles_between_clinicians_and_patients() {
        let mut app = app();
        assert_eq!(app.reader.audience, Audience::Clinician);
        app.update(Action::ToggleAudience);
        assert_eq!(app.reader.audience, Audience::Patient);
        app.update(Action::ToggleAudience);
        assert_eq!(app.reader.audience, Audience::Clinician);
    }

    #[test]
    fn up_in_the_bar_recalls_earlier_questions_and_down_returns_to_the_draft() {
        let mut app = app();
        ask(&mut app, "what causes clonus");
        ask(&mut app, "serotonin syndrome");
        app.update(Action::FocusAsk);
        app.update(Action::DeleteToStart);
        app.update(Action::Insert('s'));
        app.update(Action::RecallOlder);
        assert_eq!(app.ask.editor.text(), "serotonin syndrome");
        app.update(Action::RecallOlder);
        assert_eq!(app.ask.editor.text(), "what causes clonus");
        app.update(Action::RecallNewer);
        app.update(Action::RecallNewer);
        assert_eq!(app.ask.editor.text(), "s");
    }

    #[test]
    fn a_burst_of_typed_keys_is_searched_once_and_a_move_sees_the_results_of_the_text() {
        let mut app = app();
        app.set_search_mode(SearchMode::Background);
        app.update(Action::Insert('x'));
        let before = app.take_search().map_or(0, |r| r.generation);
        app.begin_batch();
        for c in "what causes clonus ".repeat(100).chars() {
            app.update(Action::Insert(c));
        }
        assert_eq!(app.take_search(), None, "nothing searched while the burst lasts");
        app.end_batch();
        let searched = app.take_search().expect("one search at the end");
        assert_eq!(searched.generation, before + 1, "one search for 1,900 keys");
        assert_eq!(app.ask.editor.text().chars().count(), 1 + 1900);
        // Inline, a move in the same burst as typing sees the typed text's results.
        let mut app = super::tests::app();
        app.begin_batch();
        type_text(&mut app, "serotonin");
        app.update(Action::Down);
        app.end_batch();
        assert!(
            app.results.hits.iter().any(|h| h.topic.contains("Serotonin")),
            "{:?}",
            app.results.hits
        );
    }

    #[test]
    fn the_answer_says_how_a_misspelt_question_was_read() {
        let mut app = app();
        ask(&mut app, "serotnin syndrome");
        let note = app.reader.page.understood.clone().unwrap_or_default();
        assert!(note.contains("serotonin, for serotnin"), "{note:?}");
        let lines: Vec<String> = app.answer_text().lines.iter().map(|l| l.to_string()).collect();
        assert!(lines.iter().take(6).any(|l| l.contains("Read as")), "{lines:?}");
        // The Ask bar says it too, while it holds that question.
        let title = crate::tui::panes::ask::title(&app, 140);
        assert!(title.contains("serotonin, for serotnin"), "{title:?}");
        app.update(Action::FocusAsk);
        app.update(Action::Insert('x'));
        assert_eq!(crate::tui::panes::ask::title(&app, 140), " Ask ");
    }

    #[test]
    fn a_restriction_that_cannot_be_read_is_said_in_the_bar_and_the_question_still_answered() {
        let mut app = app();
        ask(&mut app, "what causes clonus year:2020..2015");
        assert!(status(&app).contains("`year:2020..2015`"), "{}", status(&app));
        assert!(
            !app.status.as_ref().is_some_and(|s| s.error),
            "a note, not an error"
        );
        assert!(
            app.reader.page.opened().is_some(),
            "the question is still answered"
        );
    }

    #[test]
    fn the_ask_bar_holds_at_most_max_ask_chars() {
        let mut app = app();
        app.update(Action::Paste("a".repeat(MAX_ASK_CHARS + 500)));
        assert_eq!(app.ask.editor.text().chars().count(), MAX_ASK_CHARS);
    }

    #[test]
    fn a_paste_past_the_limit_is_cut_at_the_end_of_a_word_and_the_bar_says_so() {
        let mut app = app();
        app.update(Action::Paste("clonus ".repeat(1700)));
        let text = app.ask.editor.text().to_string();
        assert!(text.chars().count() <= MAX_ASK_CHARS);
        assert!(
            text.split(' ').all(|w| w == "clonus"),
            "{}",
            &text[text.len() - 20..]
        );
        assert!(status(&app).starts_with("Shortened"), "{}", status(&app));
        type_text(&mut app, &"x".repeat(10));
        assert_eq!(
            app.ask.editor.text().chars().count(),
            MAX_ASK_CHARS,
            "typing fills the bar"
        );
        assert!(
            status(&app).starts_with("Shortened"),
            "and what is typed past it is said to be left out"
        );
        app.update(Action::DeleteToStart);
        app.update(Action::Paste("clonus".to_string()));
        assert_eq!(status(&app), "", "a question that fits says nothing");
    }

    #[test]
    fn background_search_shows_only_the_latest_query() {
        let mut app = app();
        app.set_search_mode(SearchMode::Background);
        app.update(Action::Insert('a'));
        let first = app.take_search().map(|r| r.generation);
        app.update(Action::Insert('b'));
        let latest = app.take_search();
        assert_eq!(latest.as_ref().map(|r| r.text.as_str()), Some("ab"));
        let stale = Action::Searched {
            generation: first.unwrap_or_default(),
            hits: Ok(vec![]),
        };
        app.results.hits = vec![];
        app.update(stale);
        let fresh_hits = app.engine.search("serotonin", 5, true).unwrap_or_default();
        app.update(Action::Searched {
            generation: latest.map_or(0, |r| r.generation),
            hits: Ok(fresh_hits.clone()),
        });
        assert_eq!(app.results.hits, fresh_hits);
    }

    #[test]
    fn failures_become_messages_not_crashes() {
        let mut app = app();
        app.update(Action::Number(3));
        assert!(app.status.is_some());
        app.update(Action::Searched {
            generation: 0,
            hits: Err("disk on fire".to_string()),
        });
        assert!(app.status.as_ref().is_some_and(|s| s.error));
    }

    fn passage(article_id: &str, question: &str) -> SourcedPassage {
        SourcedPassage {
            article_id: article_id.to_string(),
            question: question.to_string(),
            topic: String::new(),
            heading: "Mechanism".to_string(),
            text: "A passage.".to_string(),
            references: vec![],
            score: 1.0,
            research: false,
        }
    }

    #[test]
    fn a_passage_opens_its_article_by_number_or_selection() {
        let mut app = app();
        app.reader.page.view = View::Passages(vec![
            passage("fx-serotonin-syndrome", "What is serotonin syndrome?"),
            passage("fx-spasticity-treatment", "How is spasticity treated?"),
        ]);
        app.update(Action::Number(2));
        assert_eq!(open_id(&app), Some("fx-spasticity-treatment"));
        app.update(Action::Back);
        app.update(Action::Focus(Focus::Answer));
        app.update(Action::Down);
        app.update(Action::Down);
        assert_eq!(app.reader.page.passage, 1);
        app.update(Action::Up);
        app.update(Action::Open);
        assert_eq!(open_id(&app), Some("fx-serotonin-syndrome"));
    }

    #[test]
    fn a_click_focuses_the_pane_under_it_and_selects_the_row() {
        let mut app = app();
        ask(&mut app, "what causes clonus");
        let related = app.screen().related.unwrap_or_default();
        // Rows: heading, Spasticity, Serotonin syndrome.
        app.update(Action::Click {
            column: related.x + 3,
            row: related.y + 3,
        });
        assert_eq!(app.focus, Focus::Related);
        assert_eq!(app.reader.page.related, 1);
        let results = app.screen().results.unwrap_or_default();
        app.update(Action::Click {
            column: results.x + 2,
            row: results.y + 1,
        });
        assert_eq!(app.focus, Focus::Results);
    }

    #[test]
    fn the_wheel_scrolls_the_pane_under_the_pointer_without_moving_focus() {
        let mut app = app();
        ask(&mut app, "what causes clonus");
        app.update(Action::Resize {
            columns: 140,
            rows: 16,
        });
        app.update(Action::Focus(Focus::Results));
        let answer = app.screen().answer;
        app.update(Action::ScrollAt {
            column: answer.x + 2,
            row: answer.y + 2,
            lines: 3,
        });
        assert_eq!((app.focus, app.reader.page.scroll), (Focus::Results, 3));
        app.update(Action::ScrollAt {
            column: answer.x + 2,
            row: answer.y + 2,
            lines: -10,
        });
        assert_eq!(app.reader.page.scroll, 0);
    }

    #[test]
    fn a_citation_out_of_view_is_scrolled_into_it() {
        let mut app = app();
        ask(&mut app, "what causes clonus");
        app.update(Action::Resize {
            columns: 140,
            rows: 16,
        });
        // The last citation, near the end of the article.
        app.update(Action::PrevCitation);
        assert!(app.reader.page.scroll > 0);
        let text = app.answer_text();
        let row = text.citation_rows[app.reader.page.citation.unwrap_or_default()];
        let height = app.screen().answer.height as usize - 2;
        assert!(row >= app.reader.page.scroll && row < app.reader.page.scroll + height);
    }
}
