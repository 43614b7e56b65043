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

/// Writes `articles` as a new file for the corpus `name`, beside the current one. An
/// import that holds no article is refused, so it never replaces one that does.
pub fn stage<'lock>(
    corpora_dir: &Path,
    name: &str,
    articles: &[Article],
    lock: &'lock ImportLock,
) -> Result<Staged<'lock>, CorpusError> {
    let mut writer = Writer::create(corpora_dir, name, lock)?;
    for article in articles {
        writer.push(article)?;
    }
    writer.finish()
}

/// A corpus file being written one article at a time, so that an import of any size
/// holds one article in memory. [`Writer::finish`] makes it a [`Staged`] file, which is
/// still not the library's; dropped unfinished, the file written so far is removed.
pub struct Writer<'lock> {
    corpora_dir: PathBuf,
    name: String,
    file_name: String,
    /// The temporary file being written, renamed to `file_name` when finished.
    tmp: PathBuf,
    out: Option<BufWriter<File>>,
    hasher: Xxh3,
    articles: u64,
    answered: u64,
    bytes: u64,
    stamp: std::time::Duration,
    /// The corpora as found (damaged files set aside) before this one was begun.
    found: repair::Found,
    lock: &'lock ImportLock,
}

impl<'lock> Writer<'lock> {
    /// Starts a new file for the corpus `name` under `corpora_dir`, after setting aside
    /// whatever is damaged there; the lock proves no other import runs.
    pub fn create(
        corpora_dir: &Path,
        name: &str,
        lock: &'lock ImportLock,
    ) -> Result<Writer<'lock>, CorpusError> {
        Writer::after_repair(corpora_dir, name, lock, repair::repair(corpora_dir, lock))
    }

    /// [`Writer::create`] for an import that has already repaired the corpora (and so
    /// swept their stray files) before writing scratch files of its own there, which a
    /// second sweep would take for strays.
    pub fn after_repair(
        corpora_dir: &Path,
        name: &str,
        lock: &'lock ImportLock,
        found: repair::Found,
    ) -> Result<Writer<'lock>, CorpusError> {
        let stamp = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default();
        let file_name = format!("{name}-{}.jsonl", stamp.as_nanos());
        let tmp = corpora_dir.join(format!("{file_name}.tmp"));
        let file = File::create(&tmp).map_err(|source| CorpusError::Write {
            path: tmp.clone(),
            source,
        })?;
        Ok(Writer {
            corpora_dir: corpora_dir.to_path_buf(),
            name: name.to_string(),
            file_name,
            tmp,
            out: Some(BufWriter::new(file)),
            hasher: Xxh3::new(),
            articles: 0,
            answered: 0,
            bytes: 0,
            stamp,
            found,
            lock,
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
        self.bytes += line.len() as u64 + 1;
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
        CorpusError::Write {
            path: self.tmp.clone(),
            source,
        }
    }

    /// Makes the file durable under its own name, beside the corpus it will replace: a
    /// [`Staged`] import. One with no article is refused.
    pub fn finish(mut self) -> Result<Staged<'lock>, CorpusError> {
        let out = self
            .out
            .take()
            .ok_or_else(|| self.io(std::io::Error::other("closed")))?;
        if self.articles == 0 {
            drop(out);
            let _ = fs::remove_file(&self.tmp);
            return Err(CorpusError::Nothing(self.name.clone()));
        }
        let path = self.corpora_dir.join(&self.file_name);
        let durable = out
            .into_inner()
            .map_err(|e| e.into_error())
            .and_then(|file| file.sync_all())
            .and_then(|()| fs::rename(&self.tmp, &path));
        if let Err(e) = durable {
            let _ = fs::remove_file(&self.tmp);
            return Err(self.io(e));
        }
        crate::atomic::sync_dir(&path);
        let entry = Installed {
            name: self.name.clone(),
            file: self.file_name.clone(),
            articles: self.articles,
            answered: self.answered,
            fingerprint: format!("{:016x}", self.hasher.digest()),
            imported: self.stamp.as_secs(),
            bytes: Some(self.bytes),
        };
        let found = std::mem::take(&mut self.found);
        let mut installed = found.installed;
        let previous: Vec<PathBuf> = installed
            .iter()
            .filter(|i| i.name == self.name)
            .map(|i| self.corpora_dir.join(&i.file))
            .collect();
        installed.retain(|i| i.name != self.name);
        installed.push(entry.clone());
        installed.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(Staged {
            corpora_dir: self.corpora_dir.clone(),
            entry,
            listed: installed,
            previous,
            committed: false,
            notices: found.notices,
            _lock: self.lock,
        })
    }
}

impl Drop for Writer<'_> {
    fn drop(&mut self) {
        if self.out.take().is_some() {
            let _ = fs::remove_file(&self.tmp);
        }
    }
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
    fn an_abandoned_staged_import_leaves_the_previous_one_and_no_file() {
        let dir = tempfile::tempdir().unwrap();
        let lock = ImportLock::acquire(dir.path()).unwrap();
        let first = install(dir.path(), "test", &[article("a")], &lock).unwrap();
        let mut writer = Writer::create(dir.path(), "test", &lock).unwrap();
        writer.push(&article("b")).unwrap();
        drop(writer);
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
