//! Installed corpora under the home: one JSON-lines file each and a manifest listing
//! them. An install writes the new file under a name of its own, then swaps the
//! manifest atomically, then removes the old file: killed at any point, the manifest
//! names a complete file, and the previous import stays usable.

use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use xxhash_rust::xxh3::Xxh3;

use super::{CorpusError, Installed, MANIFEST, repair};
use crate::article::Article;

const LOCK_FILE: &str = ".import.lock";

/// Held while an import or removal changes the corpora; a second one is told why it
/// cannot start rather than made to wait.
pub struct ImportLock {
    _file: File,
}

impl ImportLock {
    /// Takes the lock on `corpora_dir` (made if missing) without waiting: another
    /// holder makes it [`CorpusError::Busy`].
    pub fn acquire(corpora_dir: &Path) -> Result<ImportLock, CorpusError> {
        let io = |source| CorpusError::Write {
            path: corpora_dir.to_path_buf(),
            source,
        };
        fs::create_dir_all(corpora_dir).map_err(io)?;
        let path = corpora_dir.join(LOCK_FILE);
        let file = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(io)?;
        match file.try_lock() {
            Ok(()) => Ok(ImportLock { _file: file }),
            Err(fs::TryLockError::WouldBlock) => Err(CorpusError::Busy(path)),
            Err(fs::TryLockError::Error(source)) => Err(CorpusError::Io { path, source }),
        }
    }
}

/// Stores `articles` as the corpus `name`, replacing any earlier import of that name.
pub fn install(
    corpora_dir: &Path,
    name: &str,
    articles: &[Article],
    lock: &ImportLock,
) -> Result<Installed, CorpusError> {
    stage(corpora_dir, name, articles, lock)?.commit()
}

/// A new corpus file written whole under a name of its own, not yet in the manifest:
/// [`Staged::commit`] makes it the library's; dropped uncommitted, it is removed and the
/// library stays as it was.
pub struct Staged<'lock> {
    corpora_dir: PathBuf,
    entry: Installed,
    listed: Vec<Installed>,
    previous: Vec<PathBuf>,
    committed: bool,
    /// What was found damaged in the corpora (and set aside) before staging.
    pub notices: Vec<String>,
    _lock: &'lock ImportLock,
}

/// Writes `articles` as a new file for the corpus `name`, beside the current one. An
/// import that holds no article is refused, so it never replaces one that does.
pub fn stage<'lock>(
    corpora_dir: &Path,
    name: &str,
    articles: &[Article],
    lock: &'lock ImportLock,
) -> Result<Staged<'lock>, CorpusError> {
    if articles.is_empty() {
        return Err(CorpusError::Nothing(name.to_string()));
    }
    let found = repair::repair(corpora_dir, lock);
    let mut installed = found.installed;
    let stamp = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default();
    let file_name = format!("{name}-{}.jsonl", stamp.as_nanos());
    let path = corpora_dir.join(&file_name);
    let io = |source| CorpusError::Write {
        path: path.clone(),
        source,
    };
    let mut hasher = Xxh3::new();
    let mut bytes = 0u64;
    crate::atomic::write_with(&path, |file| {
        let mut out = BufWriter::new(file);
        for article in articles {
            let line = serde_json::to_string(article).map_err(std::io::Error::other)?;
            hasher.update(line.as_bytes());
            out.write_all(line.as_bytes())?;
            out.write_all(b"\n")?;
            bytes += line.len() as u64 + 1;
        }
        out.flush()
    })
    .map_err(io)?;
    let entry = Installed {
        name: name.to_string(),
        file: file_name,
        articles: articles.len() as u64,
        answered: articles.iter().filter(|a| a.is_answered()).count() as u64,
        fingerprint: format!("{:016x}", hasher.digest()),
        imported: stamp.as_secs(),
        bytes: Some(bytes),
    };
    let previous: Vec<PathBuf> = installed
        .iter()
        .filter(|i| i.name == name)
        .map(|i| corpora_dir.join(&i.file))
        .collect();
    installed.retain(|i| i.name != name);
    installed.push(entry.clone());
    installed.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(Staged {
        corpora_dir: corpora_dir.to_path_buf(),
        entry,
        listed: installed,
        previous,
        committed: false,
        notices: found.notices,
        _lock: lock,
    })
}

impl Staged<'_> {
    /// The manifest as it will be once committed.
    pub fn installed(&self) -> &[Installed] {
        &self.listed
    }

    /// Swaps the manifest to name the new file, then removes the file it replaces.
    pub fn commit(mut self) -> Result<Installed, CorpusError> {
        write_manifest(&self.corpora_dir, &self.listed)?;
        self.committed = true;
        for old in &self.previous {
            let _ = fs::remove_file(old);
        }
        remove_strays(&self.corpora_dir, &self.listed);
        Ok(self.entry.clone())
    }
}

impl Drop for Staged<'_> {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_file(self.corpora_dir.join(&self.entry.file));
        }
    }
}

/// Drops the corpus `name`; returns whether it was installed.
pub fn remove(corpora_dir: &Path, name: &str, lock: &ImportLock) -> Result<bool, CorpusError> {
    let mut installed = repair::repair(corpora_dir, lock).installed;
    let Some(position) = installed.iter().position(|i| i.name == name) else {
        return Ok(false);
    };
    let gone = installed.remove(position);
    write_manifest(corpora_dir, &installed)?;
    let _ = fs::remove_file(corpora_dir.join(gone.file));
    Ok(true)
}

/// Replaces the manifest atomically. Called under the import lock.
pub(crate) fn write_manifest(corpora_dir: &Path, installed: &[Installed]) -> Result<(), CorpusError> {
    let path = corpora_dir.join(MANIFEST);
    let json = serde_json::to_vec_pretty(installed).map_err(std::io::Error::other);
    json.and_then(|bytes| crate::atomic::write(&path, &bytes))
        .map_err(|source| CorpusError::Write { path, source })
}

/// Removes corpus files no manifest entry names: what an import killed before its
/// manifest swap left behind.
pub(crate) fn remove_strays(corpora_dir: &Path, installed: &[Installed]) {
    let Ok(entries) = fs::read_dir(corpora_dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let is_corpus_file = name.ends_with(".jsonl") || name.contains(".jsonl.tmp");
        if is_corpus_file && !installed.iter().any(|i| i.file == name) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{load_jsonl, read_manifest};

    fn article(id: &str) -> Article {
        let text = format!(
            r#"{{"id":"{id}","question":"What is {id}?","topic":"{id}","kind":"information",
            "source":{{"corpus":"test","publisher":"p"}},"status":"approved","updated":"2017",
            "summaries":{{"clinician":"c","patient":"p"}}}}"#
        );
        serde_json::from_str(&text).unwrap()
    }

    #[test]
    fn reimporting_replaces_and_never_duplicates() {
        let dir = tempfile::tempdir().unwrap();
        let lock = ImportLock::acquire(dir.path()).unwrap();
        install(dir.path(), "test", &[article("a"), article("b")], &lock).unwrap();
        let second = install(dir.path(), "test", &[article("c")], &lock).unwrap();
        let manifest = read_manifest(dir.path()).unwrap();
        assert_eq!(manifest, std::slice::from_ref(&second));
        let corpus = load_jsonl(&dir.path().join(&second.file), "test").unwrap();
        assert_eq!(corpus.articles.len(), 1);
        let files = fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().ends_with(".jsonl"));
        assert_eq!(files.count(), 1);
    }

    #[test]
    fn removal_drops_the_entry_and_its_file() {
        let dir = tempfile::tempdir().unwrap();
        let lock = ImportLock::acquire(dir.path()).unwrap();
        let entry = install(dir.path(), "test", &[article("a")], &lock).unwrap();
        assert!(remove(dir.path(), "test", &lock).unwrap());
        assert!(!remove(dir.path(), "test", &lock).unwrap());
        assert!(read_manifest(dir.path()).unwrap().is_empty());
        assert!(!dir.path().join(entry.file).exists());
    }

    #[test]
    fn a_second_import_at_the_same_time_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let _first = ImportLock::acquire(dir.path()).unwrap();
        assert!(matches!(
            ImportLock::acquire(dir.path()),
            Err(CorpusError::Busy(_))
        ));
    }
}
