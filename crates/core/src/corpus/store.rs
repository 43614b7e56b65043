//! Installed corpora under the home: one JSON-lines file each and a manifest listing
//! them. An install writes the new file under a name of its own, then swaps the
//! manifest atomically, then removes the old file: killed at any point, the manifest
//! names a complete file, and the previous import stays usable.

use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use xxhash_rust::xxh3::Xxh3;

use super::{CorpusError, Installed, MANIFEST, read_manifest};
use crate::article::Article;

const LOCK_FILE: &str = ".import.lock";

/// Held while an import or removal changes the corpora; a second one is told why it
/// cannot start rather than made to wait.
pub struct ImportLock {
    _file: File,
}

impl ImportLock {
    pub fn acquire(corpora_dir: &Path) -> Result<ImportLock, CorpusError> {
        let io = |source| CorpusError::Io {
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
    let mut staged = Staged::create(corpora_dir, name, lock)?;
    for article in articles {
        staged.push(article)?;
    }
    staged.commit()
}

/// A corpus being written one article at a time, so that an import of any size holds
/// one article in memory. Nothing changes for readers until [`Staged::commit`] swaps
/// the manifest; dropped uncommitted, the file written so far is removed.
pub struct Staged<'a> {
    corpora_dir: PathBuf,
    name: String,
    file_name: String,
    /// The temporary file being written, renamed to `file_name` on commit.
    tmp: PathBuf,
    out: Option<BufWriter<File>>,
    hasher: Xxh3,
    articles: u64,
    answered: u64,
    stamp: std::time::Duration,
    _lock: &'a ImportLock,
}

impl<'a> Staged<'a> {
    /// Starts the corpus `name` under `corpora_dir`; the lock proves no other import runs.
    pub fn create(corpora_dir: &Path, name: &str, lock: &'a ImportLock) -> Result<Staged<'a>, CorpusError> {
        let stamp = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default();
        let file_name = format!("{name}-{}.jsonl", stamp.as_nanos());
        let tmp = corpora_dir.join(format!("{file_name}.tmp"));
        let file = File::create(&tmp).map_err(|source| CorpusError::Io {
            path: tmp.clone(),
            source,
        })?;
        Ok(Staged {
            corpora_dir: corpora_dir.to_path_buf(),
            name: name.to_string(),
            file_name,
            tmp,
            out: Some(BufWriter::new(file)),
            hasher: Xxh3::new(),
            articles: 0,
            answered: 0,
            stamp,
            _lock: lock,
        })
    }

    /// Appends one article.
    pub fn push(&mut self, article: &Article) -> Result<(), CorpusError> {
        let line = serde_json::to_string(article).map_err(|e| self.io(std::io::Error::other(e)))?;
        self.push_line(&line, article.is_answered())
    }

    /// Appends one article already serialised as a JSON line (without its newline), as
    /// read back from an earlier import; `answered` is whether it carries an answer.
    pub fn push_line(&mut self, line: &str, answered: bool) -> Result<(), CorpusError> {
        self.hasher.update(line.as_bytes());
        let result = match self.out.as_mut() {
            Some(out) => out.write_all(line.as_bytes()).and_then(|()| out.write_all(b"\n")),
            None => Err(std::io::Error::other("the corpus file is already closed")),
        };
        result.map_err(|e| self.io(e))?;
        self.articles += 1;
        self.answered += u64::from(answered);
        Ok(())
    }

    /// Articles written so far.
    pub fn len(&self) -> u64 {
        self.articles
    }

    /// Whether no article has been written yet.
    pub fn is_empty(&self) -> bool {
        self.articles == 0
    }

    fn io(&self, source: std::io::Error) -> CorpusError {
        CorpusError::Io {
            path: self.tmp.clone(),
            source,
        }
    }

    /// Makes the file durable, then swaps the manifest to name it in place of any
    /// earlier import of the corpus, then removes the earlier file.
    pub fn commit(mut self) -> Result<Installed, CorpusError> {
        let out = self
            .out
            .take()
            .ok_or_else(|| self.io(std::io::Error::other("closed")))?;
        let path = self.corpora_dir.join(&self.file_name);
        let durable = out
            .into_inner()
            .map_err(|e| e.into_error())
            .and_then(|file| file.sync_all())
            .and_then(|()| fs::rename(&self.tmp, &path));
        durable.map_err(|e| self.io(e))?;
        crate::atomic::sync_dir(&path);
        let entry = Installed {
            name: self.name.clone(),
            file: self.file_name.clone(),
            articles: self.articles,
            answered: self.answered,
            fingerprint: format!("{:016x}", self.hasher.digest()),
            imported: self.stamp.as_secs(),
        };
        let corpora_dir = self.corpora_dir.clone();
        let swapped = swap_in(&corpora_dir, &entry);
        if swapped.is_err() {
            let _ = fs::remove_file(&path);
        }
        swapped.map(|()| entry)
    }
}

impl Drop for Staged<'_> {
    fn drop(&mut self) {
        if self.out.take().is_some() {
            let _ = fs::remove_file(&self.tmp);
        }
    }
}

/// Names `entry` in the manifest in place of any earlier import of its corpus, then
/// removes the earlier file and any strays.
fn swap_in(corpora_dir: &Path, entry: &Installed) -> Result<(), CorpusError> {
    let mut installed = read_manifest(corpora_dir)?;
    let previous: Vec<PathBuf> = installed
        .iter()
        .filter(|i| i.name == entry.name && i.file != entry.file)
        .map(|i| corpora_dir.join(&i.file))
        .collect();
    installed.retain(|i| i.name != entry.name);
    installed.push(entry.clone());
    installed.sort_by(|a, b| a.name.cmp(&b.name));
    write_manifest(corpora_dir, &installed)?;
    for old in previous {
        let _ = fs::remove_file(old);
    }
    remove_strays(corpora_dir, &installed);
    Ok(())
}

/// Drops the corpus `name`; returns whether it was installed.
pub fn remove(corpora_dir: &Path, name: &str, _lock: &ImportLock) -> Result<bool, CorpusError> {
    let mut installed = read_manifest(corpora_dir)?;
    let Some(position) = installed.iter().position(|i| i.name == name) else {
        return Ok(false);
    };
    let gone = installed.remove(position);
    write_manifest(corpora_dir, &installed)?;
    let _ = fs::remove_file(corpora_dir.join(gone.file));
    Ok(true)
}

fn write_manifest(corpora_dir: &Path, installed: &[Installed]) -> Result<(), CorpusError> {
    let path = corpora_dir.join(MANIFEST);
    let json = serde_json::to_vec_pretty(installed).map_err(std::io::Error::other);
    json.and_then(|bytes| crate::atomic::write(&path, &bytes))
        .map_err(|source| CorpusError::Io { path, source })
}

/// Removes corpus files no manifest entry names: what an import killed before its
/// manifest swap left behind.
fn remove_strays(corpora_dir: &Path, installed: &[Installed]) {
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
    use crate::corpus::load_jsonl;

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
    fn an_abandoned_staged_import_leaves_the_previous_one_and_no_file() {
        let dir = tempfile::tempdir().unwrap();
        let lock = ImportLock::acquire(dir.path()).unwrap();
        let first = install(dir.path(), "test", &[article("a")], &lock).unwrap();
        let mut staged = Staged::create(dir.path(), "test", &lock).unwrap();
        staged.push(&article("b")).unwrap();
        drop(staged);
        assert_eq!(read_manifest(dir.path()).unwrap(), std::slice::from_ref(&first));
        let names: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains(".jsonl"))
            .collect();
        assert_eq!(names, [first.file]);
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
