//! The home: the one directory holding everything curbside writes (the index, imported
//! corpora, the user's files: bookmarks, history, settings and exports). Chosen by `--home`, `CURBSIDE_HOME`, the checkout
//! the program runs in, or the platform's data directory, in that order.

use std::path::{Path, PathBuf};

/// The home directory, and where each of curbside's files lives inside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Home {
    root: PathBuf,
}

impl Home {
    /// A home at `root`, taken as given: nothing is made or checked.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Home { root: root.into() }
    }

    /// `explicit` is `--home` or `CURBSIDE_HOME` (clap reads both).
    pub fn resolve(explicit: Option<PathBuf>) -> Self {
        if let Some(root) = explicit {
            return Home::new(root);
        }
        if is_checkout(Path::new(".")) {
            return Home::new(".");
        }
        match directories::ProjectDirs::from("", "", "curbside") {
            Some(dirs) => Home::new(dirs.data_dir()),
            None => Home::new(".curbside"),
        }
    }

    /// The home directory itself.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Where the index generations and their `CURRENT` pointer live.
    pub fn index_dir(&self) -> PathBuf {
        self.root.join("index")
    }

    /// Where imported corpora are stored, one JSON-lines file each.
    pub fn corpora_dir(&self) -> PathBuf {
        self.root.join("corpora")
    }

    /// The user's settings, a TOML file meant to be read and edited by a person.
    pub fn settings_path(&self) -> PathBuf {
        self.root.join("settings.toml")
    }

    /// The articles the user bookmarked.
    pub fn bookmarks_path(&self) -> PathBuf {
        self.root.join("bookmarks.json")
    }

    /// Questions asked and articles opened in the screen, newest last.
    pub fn history_path(&self) -> PathBuf {
        self.root.join("history.json")
    }

    /// Answers exported as Markdown, one file per article.
    pub fn exports_dir(&self) -> PathBuf {
        self.root.join("exports")
    }

    /// Held while the user's files are read, changed and written back, so two
    /// curbside windows on one home do not undo each other's changes.
    pub fn user_files_lock_path(&self) -> PathBuf {
        // The name predates the module's; kept so that an older curbside on the same home
        // takes the same lock.
        self.root.join(".library.lock")
    }
}

/// A curbside source checkout: its own `Cargo.toml` beside `data/articles`.
pub fn is_checkout(dir: &Path) -> bool {
    dir.join("data/articles").is_dir()
        && crate::files::read_to_string(&dir.join("Cargo.toml"), 1024 * 1024)
            .is_ok_and(|toml| toml.contains("name = \"curbside\""))
}
