//! The home: the one directory holding everything curbside writes (the index, imported
//! corpora, later the user's library). Chosen by `--home`, `CURBSIDE_HOME`, the checkout
//! the program runs in, or the platform's data directory, in that order.

use std::path::{Path, PathBuf};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Home {
    root: PathBuf,
}

impl Home {
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
}

/// A curbside source checkout: its own `Cargo.toml` beside `data/articles`.
pub fn is_checkout(dir: &Path) -> bool {
    dir.join("data/articles").is_dir()
        && std::fs::read_to_string(dir.join("Cargo.toml"))
            .is_ok_and(|toml| toml.contains("name = \"curbside\""))
}
