//! The user's own files under the home: bookmarks, the history of questions asked and
//! articles opened, settings a person can edit, and exported answers. Nothing here may
//! lose what the user saved or stop the program: every write replaces its file
//! atomically; a damaged or unreadable file is moved aside (never deleted), reported
//! once and replaced by defaults; a home that cannot be written leaves them
//! working in memory for the session, saying so once.

use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::article::Audience;
use crate::atomic;
use crate::home::Home;

/// How many history entries are kept; the oldest go first.
pub const HISTORY_LIMIT: usize = 1_000;
/// Largest user file read: a thousand history entries are a few hundred KB.
const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;
/// The version of `bookmarks.json` and `history.json` this program reads and writes.
const FORMAT: u32 = 1;

/// Why one of the user's files could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum UserFilesError {
    /// A file or directory that could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file or directory concerned.
        path: PathBuf,
        /// What the operating system reported.
        #[source]
        source: io::Error,
    },
    /// A file that cannot be understood: bad syntax, an unknown key, a wrong type.
    #[error("{path}{}: {what}", line_label(.line))]
    Damaged {
        /// The damaged file.
        path: PathBuf,
        /// The line the problem is on, from 1, when the parser says.
        line: Option<usize>,
        /// What is wrong, as the parser describes it.
        what: String,
    },
    /// The user's files have no home (it is kept in memory), so there is nowhere to write an export.
    #[error("this session keeps bookmarks, history and settings in memory only and writes no files")]
    InMemory,
}

fn line_label(line: &Option<usize>) -> String {
    line.map(|l| format!(" line {l}")).unwrap_or_default()
}

/// Which layout the screen draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScreenLayout {
    /// Three columns from 120 columns up, else the answer and one side column.
    #[default]
    Auto,
    /// Three columns at any size the screen draws at all.
    Wide,
    /// The answer and one side column at any width.
    Narrow,
}

impl ScreenLayout {
    fn name(self) -> &'static str {
        match self {
            ScreenLayout::Auto => "auto",
            ScreenLayout::Wide => "wide",
            ScreenLayout::Narrow => "narrow",
        }
    }
}

/// What `settings.toml` holds. Every key changes something; unknown keys are an error so
/// that a misspelt one is reported instead of silently doing nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// Whose summary answers open with; the screen's `a` key changes and saves it.
    pub audience: Audience,
    /// Colours on or off; `None` leaves it to `NO_COLOR`.
    #[serde(alias = "colour")]
    pub color: Option<bool>,
    /// Which layout the screen draws: chosen by width, always wide or always narrow.
    pub layout: ScreenLayout,
    /// Whether the screen records questions and opened articles in `history.json`.
    pub history: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            audience: Audience::default(),
            color: None,
            layout: ScreenLayout::default(),
            history: true,
        }
    }
}

impl Settings {
    /// `text` (a settings file that reads as `before`) with the keys whose values differ
    /// in `self` rewritten and everything else — comments, order, spacing — kept.
    /// `None` when the text does not parse as TOML.
    pub fn edit_toml(&self, text: &str, before: &Settings) -> Option<String> {
        let mut doc: toml_edit::DocumentMut = text.parse().ok()?;
        let mut set = |key: &str, value: Option<toml_edit::Value>| {
            // The spelling the file uses ("colour") is kept.
            let key = if key == "color" && doc.contains_key("colour") {
                "colour"
            } else {
                key
            };
            match value {
                Some(mut value) => {
                    if let Some(old) = doc.get(key).and_then(|item| item.as_value()) {
                        *value.decor_mut() = old.decor().clone();
                    }
                    doc[key] = toml_edit::Item::Value(value);
                }
                None => {
                    doc.remove(key);
                }
            }
        };
        if self.audience != before.audience {
            set("audience", Some(self.audience_name().into()));
        }
        if self.color != before.color {
            set("color", self.color.map(Into::into));
        }
        if self.layout != before.layout {
            set("layout", Some(self.layout.name().into()));
        }
        if self.history != before.history {
            set("history", Some(self.history.into()));
        }
        Some(doc.to_string())
    }

    fn audience_name(&self) -> &'static str {
        match self.audience {
            Audience::Clinician => "clinician",
            Audience::Patient => "patient",
        }
    }

    /// The file as curbside writes it: each key with a comment saying what it does and
    /// what it may be, so the file explains itself to whoever opens it.
    pub fn to_toml(&self) -> String {
        let audience = self.audience_name();
        let color = match self.color {
            Some(on) => format!("color = {on}"),
            None => "# color = false".to_string(),
        };
        let layout = self.layout.name();
        let history = self.history;
        format!(
            "# curbside settings. Edit them with any text editor; curbside reads this file when it
# starts. When a setting changes in the screen (the `a` key) it rewrites that one value
# and keeps the rest of the file, your comments included. A file curbside cannot read is
# kept beside this one as settings.toml.damaged-<time>, and the defaults are used.

# Whose summary an answer opens with: \"clinician\" or \"patient\".
# The `a` key in the screen switches it and saves the choice here.
audience = \"{audience}\"

# Colours: true or false. Left unset (with a # in front), curbside uses colour unless the
# NO_COLOR environment variable is set; set here, it wins over NO_COLOR.
{color}

# The screen's layout: \"auto\" (three columns from 120 columns wide, else the answer and
# one side column), \"wide\" (always three columns) or \"narrow\" (always the answer and
# one side column).
layout = \"{layout}\"

# Whether the screen keeps the questions you ask and the articles you open in
# history.json (Ctrl-R recalls them in later sessions): true or false. Pasted case
# details are kept as typed; `curbside history --clear` empties the file.
history = {history}
"
        )
    }
}

/// An article the user bookmarked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bookmark {
    /// The bookmarked article's id.
    pub id: String,
    /// The article's question, so the list reads without opening the index.
    pub question: String,
    /// When it was bookmarked, in seconds since 1970-01-01 UTC.
    pub added: u64,
}

/// One thing the user did in the screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum HistoryEntry {
    /// A question answered (Enter in the Ask bar), with the article it followed up on.
    Asked {
        /// The question as typed, trimmed.
        question: String,
        /// The article and topic it followed up on, when it was a follow-up.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        follow_up_of: Option<FollowUpOf>,
        /// When it was asked, in seconds since 1970-01-01 UTC.
        at: u64,
    },
    /// An article opened, by answering or by following a link.
    Opened {
        /// The opened article's id.
        id: String,
        /// The article's question, so the history reads without opening the index.
        question: String,
        /// When it was opened, in seconds since 1970-01-01 UTC.
        at: u64,
    },
}

/// The article a follow-up question was read in the context of ("how is it treated?"
/// after the clonus article), so recalling it asks the same.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FollowUpOf {
    /// The open article's id.
    pub id: String,
    /// Its topic, which the question was about.
    pub topic: String,
}

/// A question to recall in the Ask bar, with its follow-up context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recalled {
    /// The question as it was asked.
    pub question: String,
    /// The article it followed up on, if it was a follow-up.
    pub follow_up_of: Option<FollowUpOf>,
}

impl HistoryEntry {
    /// When it happened, in seconds since 1970-01-01 UTC.
    pub fn at(&self) -> u64 {
        match self {
            HistoryEntry::Asked { at, .. } | HistoryEntry::Opened { at, .. } => *at,
        }
    }
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct BookmarksFile {
    version: u32,
    bookmarks: Vec<Bookmark>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct HistoryFile {
    version: u32,
    history: Vec<HistoryEntry>,
}

/// Where a parse failed (the line, when known) and what is wrong.
type ParseError = (Option<usize>, String);

/// What reading one of the user's files found.
enum Read<T> {
    Found(T),
    Missing,
    /// Damaged or unreadable: moved aside (or, failing that, left alone) and reported.
    Damaged,
}

/// The user's bookmarks, history and settings, backed by files in the home.
#[derive(Debug)]
pub struct UserFiles {
    /// Where the files live; `None` keeps everything in memory.
    home: Option<Home>,
    settings: Settings,
    bookmarks: Vec<Bookmark>,
    history: Vec<HistoryEntry>,
    /// Set once a write failed (a read-only or full home): no further write is tried,
    /// so the user is told once, not on every keystroke.
    cannot_save: bool,
    /// Damaged files that could not be moved aside: never overwritten, so never lost.
    untouchable: Vec<PathBuf>,
    notices: Vec<String>,
}

impl UserFiles {
    /// Reads the user's files in `home`. Never fails: a missing file means defaults, a damaged
    /// one is moved aside and reported in [`UserFiles::notices`].
    pub fn open(home: &Home) -> UserFiles {
        let mut files = UserFiles {
            home: Some(home.clone()),
            ..UserFiles::in_memory()
        };
        if let Read::Found(settings) = files.read(&home.settings_path(), parse_settings) {
            files.settings = settings;
        }
        if let Read::Found(bookmarks) = files.read(&home.bookmarks_path(), parse_bookmarks) {
            files.bookmarks = bookmarks;
        }
        if let Read::Found(history) = files.read(&home.history_path(), parse_history) {
            files.history = history;
        }
        files
    }

    /// User files that write nothing, for tests and for screens without a home.
    pub fn in_memory() -> UserFiles {
        UserFiles {
            home: None,
            settings: Settings::default(),
            bookmarks: Vec::new(),
            history: Vec::new(),
            cannot_save: false,
            untouchable: Vec::new(),
            notices: Vec::new(),
        }
    }

    /// The settings in force: the file's, or the defaults when there is none.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Bookmarks in the order they were added.
    pub fn bookmarks(&self) -> &[Bookmark] {
        &self.bookmarks
    }

    /// History entries, newest last.
    pub fn history(&self) -> &[HistoryEntry] {
        &self.history
    }

    /// Messages for the user about the user's files (a file set aside, a home that
    /// cannot be written), each given once.
    pub fn notices(&self) -> &[String] {
        &self.notices
    }

    /// The notices not yet taken, leaving none, so that each is shown to the user once.
    pub fn take_notices(&mut self) -> Vec<String> {
        std::mem::take(&mut self.notices)
    }

    /// Whether the article with this id is bookmarked.
    pub fn is_bookmarked(&self, id: &str) -> bool {
        self.bookmarks.iter().any(|b| b.id == id)
    }

    /// Bookmarks the article, or removes its bookmark; whether it is now bookmarked.
    pub fn toggle_bookmark(&mut self, id: &str, question: &str) -> bool {
        self.change_bookmarks(|bookmarks| {
            if let Some(at) = bookmarks.iter().position(|b| b.id == id) {
                bookmarks.remove(at);
                false
            } else {
                bookmarks.push(Bookmark {
                    id: id.to_string(),
                    question: question.to_string(),
                    added: now(),
                });
                true
            }
        })
    }

    /// Removes the article's bookmark; whether there was one.
    pub fn remove_bookmark(&mut self, id: &str) -> bool {
        self.change_bookmarks(|bookmarks| {
            let before = bookmarks.len();
            bookmarks.retain(|b| b.id != id);
            bookmarks.len() != before
        })
    }

    /// Adds a question asked to the history (a blank one is not kept), dropping the oldest
    /// entries beyond [`HISTORY_LIMIT`].
    pub fn record_question(&mut self, question: &str) {
        self.record_asked(question, None);
    }

    /// Records a question read as a follow-up on article `id` about `topic`.
    pub fn record_follow_up(&mut self, question: &str, id: &str, topic: &str) {
        let of = FollowUpOf {
            id: id.to_string(),
            topic: topic.to_string(),
        };
        self.record_asked(question, Some(of));
    }

    fn record_asked(&mut self, question: &str, follow_up_of: Option<FollowUpOf>) {
        let question = question.trim();
        if !question.is_empty() {
            self.record(HistoryEntry::Asked {
                question: question.to_string(),
                follow_up_of,
                at: now(),
            });
        }
    }

    /// Empties the history file (`curbside history --clear`); how many entries it held.
    pub fn clear_history(&mut self) -> usize {
        let mut cleared = 0;
        self.change_history(|history| {
            cleared = history.len();
            history.clear();
        });
        cleared
    }

    /// Reads the bookmarks and the history again, which another window may have changed
    /// since (lists reread them when they open; both files are small).
    pub fn reread(&mut self) {
        let Some(home) = self.home.clone() else { return };
        match self.read(&home.bookmarks_path(), parse_bookmarks) {
            Read::Found(bookmarks) => self.bookmarks = bookmarks,
            Read::Missing => self.bookmarks.clear(),
            Read::Damaged => {}
        }
        match self.read(&home.history_path(), parse_history) {
            Read::Found(history) => self.history = history,
            Read::Missing => self.history.clear(),
            Read::Damaged => {}
        }
    }

    /// The questions asked with their follow-up context, oldest first, one asked twice in
    /// a row listed once: what recalling in the Ask bar walks through.
    pub fn recalled(&self) -> Vec<Recalled> {
        let mut out: Vec<Recalled> = Vec::new();
        for entry in &self.history {
            if let HistoryEntry::Asked {
                question,
                follow_up_of,
                ..
            } = entry
            {
                let recalled = Recalled {
                    question: question.clone(),
                    follow_up_of: follow_up_of.clone(),
                };
                if out.last() != Some(&recalled) {
                    out.push(recalled);
                }
            }
        }
        out
    }

    /// Adds an opened article to the history, dropping the oldest entries beyond
    /// [`HISTORY_LIMIT`].
    pub fn record_opened(&mut self, id: &str, question: &str) {
        self.record(HistoryEntry::Opened {
            id: id.to_string(),
            question: question.to_string(),
            at: now(),
        });
    }

    /// The questions asked, oldest first, a question asked twice in a row listed once:
    /// what Up and Down in the Ask bar walk through.
    pub fn questions(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for entry in &self.history {
            if let HistoryEntry::Asked { question, .. } = entry
                && out.last() != Some(question)
            {
                out.push(question.clone());
            }
        }
        out
    }

    /// Sets whose summary answers open with and saves it in `settings.toml`, keeping the rest
    /// of the file as the user left it.
    pub fn set_audience(&mut self, audience: Audience) {
        self.change_settings(|settings| settings.audience = audience);
    }

    /// Writes `settings.toml` with its explanatory comments when there is none, so a
    /// person finds the file to edit.
    pub fn save_settings_if_missing(&mut self) {
        let Some(path) = self.writable(Home::settings_path) else {
            return;
        };
        if fs::symlink_metadata(&path).is_err() {
            let text = self.settings.to_toml();
            self.write(&path, &text);
        }
    }

    /// Writes an answer as `HOME/exports/NAME.md` (NAME made safe as a file name),
    /// replacing an earlier export of it atomically; the path written.
    pub fn export(&self, name: &str, markdown: &str) -> Result<PathBuf, UserFilesError> {
        let home = self.home.as_ref().ok_or(UserFilesError::InMemory)?;
        let dir = home.exports_dir();
        fs::create_dir_all(&dir).map_err(|source| UserFilesError::Io {
            path: dir.clone(),
            source,
        })?;
        let path = dir.join(format!("{}.md", file_stem(name)));
        atomic::write(&path, markdown.as_bytes()).map_err(|source| UserFilesError::Io {
            path: path.clone(),
            source,
        })?;
        Ok(path)
    }

    /// Adds an entry, unless `history = false` in the settings.
    fn record(&mut self, entry: HistoryEntry) {
        if !self.settings.history {
            return;
        }
        self.change_history(|history| {
            history.push(entry);
            let excess = history.len().saturating_sub(HISTORY_LIMIT);
            history.drain(..excess);
        });
    }

    fn change_bookmarks<R>(&mut self, change: impl FnOnce(&mut Vec<Bookmark>) -> R) -> R {
        let Some(path) = self.writable(Home::bookmarks_path) else {
            return change(&mut self.bookmarks);
        };
        let _lock = self.lock();
        match self.read(&path, parse_bookmarks) {
            Read::Found(bookmarks) => self.bookmarks = bookmarks,
            Read::Missing => self.bookmarks.clear(),
            Read::Damaged => {}
        }
        let result = change(&mut self.bookmarks);
        let text = to_json(&BookmarksFile {
            version: FORMAT,
            bookmarks: self.bookmarks.clone(),
        });
        self.write(&path, &text);
        result
    }

    fn change_history(&mut self, change: impl FnOnce(&mut Vec<HistoryEntry>)) {
        let Some(path) = self.writable(Home::history_path) else {
            return change(&mut self.history);
        };
        let _lock = self.lock();
        match self.read(&path, parse_history) {
            Read::Found(history) => self.history = history,
            Read::Missing => self.history.clear(),
            Read::Damaged => {}
        }
        change(&mut self.history);
        let text = to_json(&HistoryFile {
            version: FORMAT,
            history: self.history.clone(),
        });
        self.write(&path, &text);
    }

    fn change_settings(&mut self, change: impl FnOnce(&mut Settings)) {
        let Some(path) = self.writable(Home::settings_path) else {
            return change(&mut self.settings);
        };
        let _lock = self.lock();
        // The settings and the text they were read from, in one read of the file.
        let with_text = |text: &str| parse_settings(text).map(|settings| (settings, text.to_string()));
        let on_disk = match self.read(&path, with_text) {
            Read::Found((settings, text)) => {
                self.settings = settings;
                Some(text)
            }
            Read::Missing => {
                self.settings = Settings::default();
                None
            }
            Read::Damaged => None,
        };
        let before = self.settings;
        change(&mut self.settings);
        // The file as the person left it, comments and all, with only the changed keys
        // rewritten; the explained template when there is no readable file.
        let text = on_disk
            .and_then(|text| self.settings.edit_toml(&text, &before))
            .unwrap_or_else(|| self.settings.to_toml());
        self.write(&path, &text);
    }

    /// The file's path when changes to it are to be written.
    fn writable(&self, file: fn(&Home) -> PathBuf) -> Option<PathBuf> {
        let path = file(self.home.as_ref()?);
        (!self.cannot_save && !self.untouchable.contains(&path)).then_some(path)
    }

    /// Reads the file as it is on disk now: another curbside window, or the user with an
    /// editor, may have changed it since the program started.
    fn read<T>(&mut self, path: &Path, parse: fn(&str) -> Result<T, ParseError>) -> Read<T> {
        let problem = match crate::files::read_to_string(path, MAX_FILE_BYTES) {
            Ok(text) => match parse(&text) {
                Ok(value) => return Read::Found(value),
                Err((line, what)) => UserFilesError::Damaged {
                    path: path.to_path_buf(),
                    line,
                    what,
                },
            },
            // No file, or no home directory for one to be in.
            Err(e) if matches!(e.kind(), io::ErrorKind::NotFound | io::ErrorKind::NotADirectory) => {
                return Read::Missing;
            }
            Err(source) => UserFilesError::Io {
                path: path.to_path_buf(),
                source,
            },
        };
        self.set_aside(path, &problem);
        Read::Damaged
    }

    /// Moves a damaged file to `NAME.damaged-<unix time>` beside it, so nothing the user
    /// wrote is lost and the next write starts afresh.
    fn set_aside(&mut self, path: &Path, problem: &UserFilesError) {
        let aside = crate::files::aside_path(path);
        match fs::rename(path, &aside) {
            Ok(()) => {
                atomic::sync_dir(path);
                let kept = aside.file_name().unwrap_or_default().to_string_lossy();
                self.notices
                    .push(format!("{problem}. Moved to {kept}; starting afresh."));
            }
            Err(e) => {
                self.untouchable.push(path.to_path_buf());
                self.notices.push(format!(
                    "{problem}. It could not be moved aside ({e}), so it is left as it is and \
                     nothing is saved over it."
                ));
            }
        }
    }

    fn write(&mut self, path: &Path, text: &str) {
        let dir = path.parent().unwrap_or(Path::new("."));
        let result = fs::create_dir_all(dir)
            .map_err(|source| UserFilesError::Io {
                path: dir.to_path_buf(),
                source,
            })
            .and_then(|()| {
                atomic::write(path, text.as_bytes()).map_err(|source| UserFilesError::Io {
                    path: path.to_path_buf(),
                    source,
                })
            });
        if let Err(e) = result {
            self.cannot_save = true;
            self.notices.push(format!(
                "Cannot save ({e}): bookmarks, history and settings are kept only until you quit."
            ));
        }
    }

    /// Held while a file is read, changed and written back. Without it (the lock file
    /// cannot be made) the change still happens; the write then reports any problem.
    fn lock(&self) -> Option<File> {
        let home = self.home.as_ref()?;
        fs::create_dir_all(home.root()).ok()?;
        let file = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(home.user_files_lock_path())
            .ok()?;
        file.lock().ok()?;
        Some(file)
    }
}

fn parse_settings(text: &str) -> Result<Settings, ParseError> {
    toml::from_str(text).map_err(|e| {
        let line = e
            .span()
            .map(|span| crate::location::line_at(text.as_bytes(), span.start));
        (line, e.message().trim().to_string())
    })
}

fn parse_bookmarks(text: &str) -> Result<Vec<Bookmark>, ParseError> {
    let file: BookmarksFile = parse_json(text)?;
    check_version(file.version)?;
    Ok(file.bookmarks)
}

fn parse_history(text: &str) -> Result<Vec<HistoryEntry>, ParseError> {
    let file: HistoryFile = parse_json(text)?;
    check_version(file.version)?;
    Ok(file.history)
}

fn check_version(version: u32) -> Result<(), ParseError> {
    if version == FORMAT {
        Ok(())
    } else {
        Err((
            None,
            format!("version {version} is not one this curbside reads (it reads version {FORMAT})"),
        ))
    }
}

/// JSON with the line and the JSON path of what is wrong (`bookmarks[2].added: invalid
/// type ...`).
fn parse_json<T: DeserializeOwned>(text: &str) -> Result<T, ParseError> {
    let mut de = serde_json::Deserializer::from_str(text);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let (line, message) = json_problem(e.inner());
        if path == "." {
            (line, message)
        } else {
            (line, format!("{path}: {message}"))
        }
    })?;
    de.end().map_err(|e| json_problem(&e))?;
    Ok(value)
}

/// serde_json's message without its own ` at line L column C`, which is reported apart.
fn json_problem(e: &serde_json::Error) -> ParseError {
    (
        (e.line() > 0).then_some(e.line()),
        crate::location::json_message(e),
    )
}

fn to_json<T: Serialize>(value: &T) -> String {
    // Plain structs of strings and numbers always serialize.
    let mut text = serde_json::to_string_pretty(value).expect("user files serialize");
    text.push('\n');
    text
}

/// Longest file stem [`file_stem`] makes.
const MAX_STEM: usize = 80;

/// `name` made into a safe file name: letters, digits, `-` and `_`, at most 80 long. A
/// longer name is cut and ends with a hash of the whole, so two names that share their
/// first 80 characters never share a file.
pub fn file_stem(name: &str) -> String {
    let mut out = String::new();
    for c in name.trim().chars() {
        let c = c.to_ascii_lowercase();
        if c.is_ascii_alphanumeric() || c == '_' {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_matches('-');
    if out.is_empty() {
        return "answer".to_string();
    }
    if out.len() <= MAX_STEM {
        return out.to_string();
    }
    let hash = format!("{:016x}", xxhash_rust::xxh3::xxh3_64(name.trim().as_bytes()));
    let kept = out[..MAX_STEM - hash.len() - 1].trim_end_matches('-');
    format!("{kept}-{hash}")
}

/// Seconds since 1970-01-01 UTC.
pub fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// `secs` since 1970 as `YYYY-MM-DD HH:MM UTC`, for people to read.
pub fn format_utc(secs: u64) -> String {
    let days = i64::try_from(secs / 86_400).unwrap_or(0);
    let rest = secs % 86_400;
    // Howard Hinnant's days-to-civil: exact for the proleptic Gregorian calendar.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02} UTC",
        rest / 3_600,
        rest % 3_600 / 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn home() -> (tempfile::TempDir, Home) {
        let dir = tempfile::tempdir().unwrap();
        let home = Home::new(dir.path());
        (dir, home)
    }

    /// The files in the home other than the lock, sorted.
    fn files(home: &Home) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(home.root())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n != ".library.lock")
            .collect();
        names.sort();
        names
    }

    #[test]
    fn changing_a_setting_in_the_screen_keeps_the_persons_comments_and_other_keys() {
        let dir = tempfile::tempdir().unwrap();
        let home = Home::new(dir.path());
        fs::create_dir_all(home.root()).unwrap();
        let text = "# my own note: patient view for the clinic laptop\n\
                    audience = \"clinician\"   # switched by the a key\n\
                    colour = false\n\n\
                    # keep it narrow on the small screen\n\
                    layout = \"narrow\"\n";
        fs::write(home.settings_path(), text).unwrap();
        let mut yours = UserFiles::open(&home);
        yours.set_audience(Audience::Patient);
        let written = fs::read_to_string(home.settings_path()).unwrap();
        assert_eq!(
            written,
            text.replace("audience = \"clinician\"", "audience = \"patient\""),
            "only the value changed"
        );
        let reread = *UserFiles::open(&home).settings();
        assert_eq!(reread.audience, Audience::Patient);
        assert_eq!(reread.color, Some(false));
        assert_eq!(reread.layout, ScreenLayout::Narrow);
    }

    #[test]
    fn bookmarks_history_and_settings_survive_a_reopen() {
        let (_dir, home) = home();
        let mut yours = UserFiles::open(&home);
        assert!(yours.toggle_bookmark("clonus-causes", "What causes clonus?"));
        assert!(yours.toggle_bookmark("baclofen", "What is baclofen?"));
        yours.record_question("what causes clonus");
        yours.record_opened("clonus-causes", "What causes clonus?");
        yours.set_audience(Audience::Patient);
        assert!(yours.notices().is_empty(), "{:?}", yours.notices());

        let again = UserFiles::open(&home);
        assert_eq!(again.bookmarks(), yours.bookmarks());
        let ids: Vec<&str> = again.bookmarks().iter().map(|b| b.id.as_str()).collect();
        assert_eq!(ids, ["clonus-causes", "baclofen"]);
        assert_eq!(again.history(), yours.history());
        assert!(matches!(
            again.history(),
            [HistoryEntry::Asked { .. }, HistoryEntry::Opened { .. }]
        ));
        assert_eq!(again.settings().audience, Audience::Patient);
        assert!(again.notices().is_empty());
    }

    #[test]
    fn toggling_twice_removes_the_bookmark_from_the_file() {
        let (_dir, home) = home();
        let mut yours = UserFiles::open(&home);
        yours.toggle_bookmark("clonus-causes", "What causes clonus?");
        assert!(!yours.toggle_bookmark("clonus-causes", "What causes clonus?"));
        assert!(UserFiles::open(&home).bookmarks().is_empty());
        yours.toggle_bookmark("a", "A?");
        assert!(yours.remove_bookmark("a"));
        assert!(!yours.remove_bookmark("a"));
        assert!(UserFiles::open(&home).bookmarks().is_empty());
    }

    #[test]
    fn two_windows_on_one_home_keep_each_others_bookmarks() {
        let (_dir, home) = home();
        let mut first = UserFiles::open(&home);
        let mut second = UserFiles::open(&home);
        first.toggle_bookmark("a", "A?");
        second.toggle_bookmark("b", "B?");
        let ids: Vec<String> = UserFiles::open(&home)
            .bookmarks()
            .iter()
            .map(|b| b.id.clone())
            .collect();
        assert_eq!(ids, ["a", "b"]);
    }

    #[test]
    fn history_keeps_the_newest_thousand_entries() {
        let (_dir, home) = home();
        let history: Vec<HistoryEntry> = (0..HISTORY_LIMIT)
            .map(|i| HistoryEntry::Asked {
                question: format!("q{i}"),
                follow_up_of: None,
                at: i as u64,
            })
            .collect();
        let text = to_json(&HistoryFile {
            version: FORMAT,
            history,
        });
        fs::write(home.history_path(), text).unwrap();
        let mut yours = UserFiles::open(&home);
        yours.record_question("newest");
        let history = UserFiles::open(&home).history().to_vec();
        assert_eq!(history.len(), HISTORY_LIMIT);
        assert!(matches!(&history[0], HistoryEntry::Asked { question, .. } if question == "q1"));
        assert!(matches!(history.last(), Some(HistoryEntry::Asked { question, .. }) if question == "newest"));
    }

    #[test]
    fn recalled_questions_list_a_repeated_question_once() {
        let mut yours = UserFiles::in_memory();
        for q in ["a", "b", "b", "  ", "a"] {
            yours.record_question(q);
        }
        yours.record_opened("x", "X?");
        assert_eq!(yours.questions(), ["a", "b", "a"]);
    }

    #[test]
    fn a_follow_up_is_kept_with_its_topic_and_history_false_records_nothing() {
        let (_dir, home) = home();
        let mut yours = UserFiles::open(&home);
        yours.record_question("what causes clonus");
        yours.record_follow_up("how is it treated?", "clonus-causes", "Clonus");
        let recalled = UserFiles::open(&home).recalled();
        assert_eq!(recalled.len(), 2);
        assert_eq!(
            recalled[1].follow_up_of,
            Some(FollowUpOf {
                id: "clonus-causes".to_string(),
                topic: "Clonus".to_string()
            })
        );
        assert_eq!(yours.clear_history(), 2);
        assert!(UserFiles::open(&home).history().is_empty());

        fs::write(home.settings_path(), "history = false\n").unwrap();
        let mut yours = UserFiles::open(&home);
        yours.record_question("case details");
        yours.record_opened("x", "X?");
        assert!(UserFiles::open(&home).history().is_empty());
    }

    #[test]
    fn a_damaged_bookmarks_file_is_kept_aside_and_replaced_with_none() {
        let (_dir, home) = home();
        let broken = "{\n  \"version\": 1,\n  \"bookmarks\": [\n    { \"id\": \"a\", \n";
        fs::write(home.bookmarks_path(), broken).unwrap();
        let mut yours = UserFiles::open(&home);
        assert!(yours.bookmarks().is_empty());
        let notices = yours.take_notices();
        assert_eq!(notices.len(), 1, "{notices:?}");
        assert!(notices[0].contains("bookmarks.json line 5"), "{}", notices[0]);
        assert!(notices[0].contains("EOF"), "{}", notices[0]);
        let names = files(&home);
        assert_eq!(names.len(), 1, "{names:?}");
        assert!(names[0].starts_with("bookmarks.json.damaged-"));
        assert_eq!(
            fs::read_to_string(home.root().join(&names[0])).unwrap(),
            broken,
            "the damaged file is kept as it was"
        );

        yours.toggle_bookmark("b", "B?");
        assert!(yours.take_notices().is_empty(), "reported once");
        assert_eq!(UserFiles::open(&home).bookmarks().len(), 1);
    }

    #[test]
    fn a_bookmark_of_the_wrong_type_names_its_json_path() {
        let (_dir, home) = home();
        let text = r#"{"version": 1, "bookmarks": [{"id": "a", "question": "A?", "added": "today"}]}"#;
        fs::write(home.bookmarks_path(), text).unwrap();
        let mut yours = UserFiles::open(&home);
        let notice = yours.take_notices().join("\n");
        assert!(notice.contains("bookmarks.json line 1"), "{notice}");
        assert!(notice.contains("bookmarks[0].added: invalid type"), "{notice}");
        assert!(yours.bookmarks().is_empty());
    }

    #[test]
    fn history_from_a_newer_format_or_with_unknown_keys_is_set_aside() {
        for text in [
            r#"{"version": 2, "history": []}"#,
            r#"{"version": 1, "history": [{"kind": "asked", "question": "q", "at": 1, "by": "me"}]}"#,
            "\u{0}\u{1}binary",
        ] {
            let (_dir, home) = home();
            fs::write(home.history_path(), text).unwrap();
            let mut yours = UserFiles::open(&home);
            let notice = yours.take_notices().join("\n");
            assert!(notice.contains("history.json"), "{notice}");
            assert!(yours.history().is_empty());
            assert!(files(&home)[0].starts_with("history.json.damaged-"), "{text}");
        }
    }

    #[test]
    fn unknown_keys_in_settings_are_reported_with_their_line_and_the_defaults_used() {
        let (_dir, home) = home();
        let text = "audience = \"patient\"\n\ncolr = false\n";
        fs::write(home.settings_path(), text).unwrap();
        let mut yours = UserFiles::open(&home);
        assert_eq!(*yours.settings(), Settings::default());
        let notice = yours.take_notices().join("\n");
        assert!(notice.contains("settings.toml line 3"), "{notice}");
        assert!(notice.contains("unknown field `colr`"), "{notice}");
        assert!(notice.contains("settings.toml.damaged-"), "{notice}");
        let names = files(&home);
        assert!(names[0].starts_with("settings.toml.damaged-"), "{names:?}");
    }

    #[test]
    fn wrong_types_and_values_in_settings_are_reported() {
        for (text, says) in [
            (
                "color = \"yes\"\n",
                "invalid type: string \"yes\", expected a boolean",
            ),
            ("layout = \"tall\"\n", "unknown variant `tall`"),
            ("audience = patient\n", "string values must be quoted"),
        ] {
            let (_dir, home) = home();
            fs::write(home.settings_path(), text).unwrap();
            let mut yours = UserFiles::open(&home);
            let notice = yours.take_notices().join("\n");
            assert!(notice.contains("settings.toml line 1"), "{notice}");
            assert!(notice.contains(says), "{notice}");
            assert_eq!(*yours.settings(), Settings::default());
        }
    }

    #[test]
    fn settings_are_written_with_comments_and_read_back_as_written() {
        let (_dir, home) = home();
        for settings in [
            Settings::default(),
            Settings {
                audience: Audience::Patient,
                color: Some(false),
                layout: ScreenLayout::Narrow,
                history: false,
            },
            Settings {
                audience: Audience::Clinician,
                color: Some(true),
                layout: ScreenLayout::Wide,
                history: true,
            },
        ] {
            let text = settings.to_toml();
            assert_eq!(parse_settings(&text), Ok(settings));
            assert!(text.contains("# Whose summary"));
        }
        let mut yours = UserFiles::open(&home);
        yours.save_settings_if_missing();
        let written = fs::read_to_string(home.settings_path()).unwrap();
        assert_eq!(written, Settings::default().to_toml());
        assert!(written.contains("NO_COLOR"));
        assert_eq!(
            parse_settings("colour = false\n").map(|s| s.color),
            Ok(Some(false)),
            "the British spelling works too"
        );
    }

    #[test]
    fn a_setting_changed_in_the_screen_keeps_what_the_user_edited_meanwhile() {
        let (_dir, home) = home();
        let mut yours = UserFiles::open(&home);
        fs::write(home.settings_path(), "layout = \"narrow\"\ncolor = false\n").unwrap();
        yours.set_audience(Audience::Patient);
        let settings = *UserFiles::open(&home).settings();
        assert_eq!(
            settings,
            Settings {
                audience: Audience::Patient,
                color: Some(false),
                layout: ScreenLayout::Narrow,
                history: true,
            }
        );
    }

    #[test]
    fn a_failed_save_leaves_the_saved_file_as_it_was_and_says_so_once() {
        let (_dir, home) = home();
        let mut yours = UserFiles::open(&home);
        yours.toggle_bookmark("a", "A?");
        let saved = fs::read(home.bookmarks_path()).unwrap();
        // A directory where the temporary file would go makes the write fail midway.
        fs::create_dir(atomic::temp_path(&home.bookmarks_path())).unwrap();
        yours.toggle_bookmark("b", "B?");
        assert_eq!(fs::read(home.bookmarks_path()).unwrap(), saved);
        let notices = yours.take_notices();
        assert_eq!(notices.len(), 1, "{notices:?}");
        assert!(notices[0].starts_with("Cannot save"), "{}", notices[0]);
        assert_eq!(yours.bookmarks().len(), 2, "the session still has both");
        yours.toggle_bookmark("c", "C?");
        yours.record_question("q");
        assert!(yours.take_notices().is_empty(), "said once");
    }

    #[test]
    fn a_home_that_cannot_be_written_keeps_the_users_files_in_memory() {
        let dir = tempfile::tempdir().unwrap();
        // A file where the home directory should be: nothing can be created under it,
        // even by root, for whom permission bits do not stop writes.
        let blocker = dir.path().join("home");
        fs::write(&blocker, "not a directory").unwrap();
        let home = Home::new(blocker.join("curbside"));
        let mut yours = UserFiles::open(&home);
        assert!(yours.notices().is_empty(), "nothing to read is not a problem");
        yours.save_settings_if_missing();
        yours.toggle_bookmark("a", "A?");
        yours.set_audience(Audience::Patient);
        yours.record_question("q");
        let notices = yours.take_notices();
        assert_eq!(notices.len(), 1, "{notices:?}");
        assert!(notices[0].contains("Cannot save"), "{}", notices[0]);
        assert!(yours.is_bookmarked("a"));
        assert_eq!(yours.settings().audience, Audience::Patient);
        assert_eq!(yours.questions(), ["q"]);
        assert!(yours.export("a", "# A").is_err());
        assert_eq!(fs::read_to_string(&blocker).unwrap(), "not a directory");
    }

    #[test]
    fn an_export_is_written_whole_under_exports_with_a_safe_name() {
        let (_dir, home) = home();
        let yours = UserFiles::open(&home);
        let path = yours.export("../What causes clonus?", "# Clonus\n").unwrap();
        assert_eq!(path, home.exports_dir().join("what-causes-clonus.md"));
        assert_eq!(fs::read_to_string(&path).unwrap(), "# Clonus\n");
        yours.export("what-causes-clonus", "# Again\n").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "# Again\n");
        assert!(matches!(
            UserFiles::in_memory().export("a", "b"),
            Err(UserFilesError::InMemory)
        ));
    }

    #[test]
    fn file_stems_are_safe_and_never_empty() {
        assert_eq!(file_stem("clonus-causes"), "clonus-causes");
        assert_eq!(file_stem("../../etc/passwd"), "etc-passwd");
        assert_eq!(file_stem("..."), "answer");
        assert_eq!(file_stem(&"a".repeat(200)).len(), 80);
    }

    #[test]
    fn long_names_that_share_their_first_80_characters_get_files_of_their_own() {
        let shared = "b".repeat(80);
        let (one, two) = (format!("{shared}-one"), format!("{shared}-two"));
        assert_ne!(file_stem(&one), file_stem(&two));
        assert!(file_stem(&one).len() <= 80);
        assert_eq!(file_stem(&one), file_stem(&one), "the same name, the same file");
        let exact = "c".repeat(80);
        assert_eq!(file_stem(&exact), exact, "80 characters are kept as they are");
    }

    #[test]
    fn times_read_as_utc_dates() {
        assert_eq!(format_utc(0), "1970-01-01 00:00 UTC");
        assert_eq!(
            format_utc(951_782_400 + 3_600 * 13 + 60 * 7),
            "2000-02-29 13:07 UTC"
        );
        assert_eq!(format_utc(1_735_689_599), "2024-12-31 23:59 UTC");
    }
}
