//! Where articles come from: the built-in corpus (compiled in, or read from `data/articles`
//! in a checkout), directories of article JSON, and imported corpora stored as JSON lines.

pub mod check;
pub mod medquad;
pub mod pubmed;
pub mod repair;
pub mod store;

use std::collections::HashSet;
use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use xxhash_rust::xxh3::Xxh3;

use crate::article::Article;
pub use check::{Problem, Severity};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/builtin_articles.rs"));
}

/// Why articles or corpora could not be read or stored.
#[derive(Debug, thiserror::Error)]
pub enum CorpusError {
    /// A file or directory could not be read.
    #[error("reading {path}: {source}")]
    Io {
        /// What was read.
        path: PathBuf,
        /// Why it failed.
        #[source]
        source: std::io::Error,
    },
    /// A file or directory could not be written.
    #[error("writing {path}: {source}")]
    Write {
        /// What was written.
        path: PathBuf,
        /// Why it failed.
        #[source]
        source: std::io::Error,
    },
    /// `check` was given a directory without article files.
    #[error(
        "{}: no article files found (*.json, here or in an articles/ folder inside)",
        .0.display()
    )]
    NoArticles(PathBuf),
    /// An import that yields no article, refused so it never replaces one that did.
    #[error("the import of {0} holds no articles, so the library is left as it was")]
    Nothing(String),
    /// Another process holds the import lock.
    #[error("another import is changing the corpora right now (lock held on {}); try again when it ends", .0.display())]
    Busy(PathBuf),
    /// Articles that do not parse or do not check, every problem with its place.
    #[error("{} problem(s) in the articles:\n{}", .0.len(), render(.0))]
    Invalid(Vec<Problem>),
}

impl CorpusError {
    /// The error in one line for a notice: the problems themselves, without the count
    /// that heads them in [`CorpusError::Invalid`]'s message.
    pub fn plain(&self) -> String {
        match self {
            CorpusError::Invalid(problems) => problems
                .iter()
                .map(|p| p.to_string())
                .collect::<Vec<_>>()
                .join("; "),
            other => other.to_string(),
        }
    }
}

fn render(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(|p| format!("  {p}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A set of articles with a fingerprint of the bytes they were read from, so an index
/// built from them can tell when it is stale.
#[derive(Debug, Clone)]
pub struct Corpus {
    /// The name the corpus was loaded under: `builtin`, or an imported corpus's name.
    pub name: String,
    /// The corpus's articles, in the order they were read.
    pub articles: Vec<Article>,
    /// An xxh3 hash of the bytes the articles were read from; it changes when any of them does.
    pub fingerprint: u64,
}

/// Where the built-in articles were read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BuiltinOrigin {
    /// The copy compiled into the binary.
    Embedded,
    /// The article files in a checkout's `data/articles`, at this path.
    Directory(PathBuf),
}

/// The built-in corpus: `data/articles` when the current directory is a checkout (so an
/// edited article shows on the next start), otherwise the copy compiled into the binary.
pub fn builtin() -> Result<(Corpus, BuiltinOrigin), CorpusError> {
    let dir = Path::new("data/articles");
    if crate::home::is_checkout(Path::new(".")) {
        let corpus = load_dir(dir, "builtin")?;
        return Ok((corpus, BuiltinOrigin::Directory(dir.to_path_buf())));
    }
    Ok((embedded_builtin()?, BuiltinOrigin::Embedded))
}

/// The articles compiled into the binary.
pub fn embedded_builtin() -> Result<Corpus, CorpusError> {
    let files = embedded::BUILTIN_ARTICLES.iter().map(|(name, text)| {
        (
            PathBuf::from(format!("data/articles/{name}")),
            (*text).to_string(),
        )
    });
    from_texts("builtin", files.collect())
}

/// Reads every `*.json` in `dir` (not recursive), validating as it goes.
pub fn load_dir(dir: &Path, name: &str) -> Result<Corpus, CorpusError> {
    let files = read_dir_texts(dir)?;
    from_texts(name, files)
}

/// Reads the `*.json` files of a directory, sorted by name; fails on the first file
/// that cannot be read.
pub fn read_dir_texts(dir: &Path) -> Result<Vec<(PathBuf, String)>, CorpusError> {
    read_dir_entries(dir)?
        .into_iter()
        .map(|(path, text)| match text {
            Ok(text) => Ok((path, text)),
            Err(source) => Err(CorpusError::Io { path, source }),
        })
        .collect()
}

/// The `*.json` files of a directory, sorted by name, each read or with the reason it
/// could not be (too large, not UTF-8, unreadable).
fn read_dir_entries(dir: &Path) -> Result<Vec<(PathBuf, std::io::Result<String>)>, CorpusError> {
    let io = |source| CorpusError::Io {
        path: dir.to_path_buf(),
        source,
    };
    let mut paths: Vec<PathBuf> = fs::read_dir(dir)
        .map_err(io)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x.eq_ignore_ascii_case("json")))
        .collect();
    paths.sort();
    Ok(paths
        .into_iter()
        .map(|path| {
            let text = read_text(&path);
            (path, text)
        })
        .collect())
}

/// Largest article file accepted; anything bigger is not an article someone wrote.
pub const MAX_ARTICLE_BYTES: u64 = 4 * 1024 * 1024;

/// An article file's text: a regular file (never a FIFO), within the size limit, UTF-8,
/// without the byte-order mark some editors put first.
fn read_text(path: &Path) -> std::io::Result<String> {
    let len = crate::files::regular(path)?.len();
    if len > MAX_ARTICLE_BYTES {
        return Err(std::io::Error::other(format!(
            "{len} bytes is larger than an article may be ({MAX_ARTICLE_BYTES} bytes)"
        )));
    }
    let text = crate::files::read_to_string(path, MAX_ARTICLE_BYTES)?;
    Ok(match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    })
}

/// Parses and checks a set of article texts; fails with every error found.
pub fn from_texts(name: &str, files: Vec<(PathBuf, String)>) -> Result<Corpus, CorpusError> {
    let (parsed, mut problems) = parse_all(&files);
    problems.extend(check::check_articles(&parsed, &HashSet::new()));
    problems.retain(|p| p.severity == Severity::Error);
    if !problems.is_empty() {
        return Err(CorpusError::Invalid(problems));
    }
    let mut hasher = Xxh3::new();
    for (path, text) in &files {
        hasher.update(path.to_string_lossy().as_bytes());
        hasher.update(text.as_bytes());
    }
    Ok(Corpus {
        name: name.to_string(),
        articles: parsed.into_iter().map(|(_, a)| a).collect(),
        fingerprint: hasher.digest(),
    })
}

/// Parses every file, collecting the articles that parse and the problems of those that
/// do not.
pub fn parse_all(files: &[(PathBuf, String)]) -> (Vec<(PathBuf, Article)>, Vec<Problem>) {
    let mut parsed = Vec::new();
    let mut problems = Vec::new();
    for (path, text) in files {
        match check::parse_article(path, text) {
            Ok(article) => parsed.push((path.clone(), article)),
            Err(mut found) => problems.append(&mut found),
        }
    }
    (parsed, problems)
}

/// Validates a directory of article JSON the way `curbside check` reports it: every
/// problem, warnings included. `known_ids` are ids links may point to outside it.
/// The files are `DIR/*.json` and `DIR/articles/*.json` (a checkout or a corpus folder
/// given by its root), any case of `.json`; none at all is an error that says so.
pub fn check_dir(dir: &Path, known_ids: &HashSet<String>) -> Result<(usize, Vec<Problem>), CorpusError> {
    let mut entries = read_dir_entries(dir)?;
    let inside = dir.join("articles");
    if inside.is_dir() {
        entries.extend(read_dir_entries(&inside)?);
    }
    if entries.is_empty() {
        return Err(CorpusError::NoArticles(dir.to_path_buf()));
    }
    Ok(check_entries(entries, known_ids))
}

/// Validates the built-in articles compiled into the binary as [`check_dir`] validates
/// a directory, every problem with the file it came from (`data/articles/NAME.json`):
/// `curbside check` outside a checkout.
pub fn check_embedded() -> (usize, Vec<Problem>) {
    let entries = embedded::BUILTIN_ARTICLES
        .iter()
        .map(|(name, text)| {
            (
                PathBuf::from(format!("data/articles/{name}")),
                Ok((*text).to_string()),
            )
        })
        .collect();
    check_entries(entries, &HashSet::new())
}

/// The number of article files and every problem in them, sorted by file, errors first.
fn check_entries(
    entries: Vec<(PathBuf, std::io::Result<String>)>,
    known_ids: &HashSet<String>,
) -> (usize, Vec<Problem>) {
    let count = entries.len();
    let mut unreadable = Vec::new();
    let mut files = Vec::new();
    for (path, text) in entries {
        match text {
            Ok(text) => files.push((path, text)),
            Err(e) => unreadable.push(Problem {
                severity: Severity::Error,
                file: path,
                line: None,
                column: None,
                path: None,
                message: format!("cannot be read: {e}"),
            }),
        }
    }
    let (parsed, mut problems) = parse_all(&files);
    problems.append(&mut unreadable);
    problems.extend(check::check_articles(&parsed, known_ids));
    problems.sort_by(|a, b| (&a.file, b.severity).cmp(&(&b.file, a.severity)));
    (count, problems)
}

/// Reads an imported corpus stored as JSON lines (one article a line).
pub fn load_jsonl(path: &Path, name: &str) -> Result<Corpus, CorpusError> {
    let io = |source| CorpusError::Io {
        path: path.to_path_buf(),
        source,
    };
    let file = crate::files::open(path).map_err(io)?;
    let mut articles = Vec::new();
    let mut problems = Vec::new();
    let mut hasher = Xxh3::new();
    for (i, line) in BufReader::new(file).lines().enumerate() {
        let line = line.map_err(io)?;
        hasher.update(line.as_bytes());
        if line.trim().is_empty() {
            continue;
        }
        match parse_line(path, i, &line) {
            Ok(article) => articles.push(article),
            Err(problem) => problems.push(problem),
        }
    }
    if !problems.is_empty() {
        return Err(CorpusError::Invalid(problems));
    }
    Ok(Corpus {
        name: name.to_string(),
        articles,
        fingerprint: hasher.digest(),
    })
}

/// Line `i` (from 0) of the corpus file `path` as an article, or the problem naming
/// where it does not parse.
fn parse_line(path: &Path, i: usize, line: &str) -> Result<Article, Problem> {
    serde_json::from_str::<Article>(line).map_err(|e| Problem {
        severity: Severity::Error,
        file: path.to_path_buf(),
        line: Some(i + 1),
        column: Some(e.column()),
        path: None,
        message: e.to_string(),
    })
}

/// The fingerprint [`load_jsonl`] takes of a corpus file (each line's bytes without its
/// line ending), read line by line and holding none of it.
pub fn fingerprint_jsonl(path: &Path) -> std::io::Result<u64> {
    let mut input = BufReader::with_capacity(1 << 20, crate::files::open(path)?);
    let mut hasher = Xxh3::new();
    let mut line = Vec::new();
    loop {
        line.clear();
        if input.read_until(b'\n', &mut line)? == 0 {
            return Ok(hasher.digest());
        }
        let text = line.strip_suffix(b"\n").unwrap_or(&line);
        let text = text.strip_suffix(b"\r").unwrap_or(text);
        // As `lines()` in `load_jsonl`: text that is not UTF-8 does not read.
        std::str::from_utf8(text).map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))?;
        hasher.update(text);
    }
}

/// The articles of a corpus file read one at a time, each line parsed as it is reached;
/// a line that does not parse (or cannot be read) is an error naming it, after which
/// the file is not read further.
pub fn stream_jsonl(
    path: &Path,
) -> Result<impl Iterator<Item = Result<Article, CorpusError>> + use<>, CorpusError> {
    let file = crate::files::open(path).map_err(|source| CorpusError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let path = path.to_path_buf();
    let mut lines = BufReader::with_capacity(1 << 20, file).lines().enumerate();
    let mut failed = false;
    Ok(std::iter::from_fn(move || {
        if failed {
            return None;
        }
        loop {
            let (i, line) = lines.next()?;
            let parsed = line
                .map_err(|source| CorpusError::Io {
                    path: path.clone(),
                    source,
                })
                .and_then(|line| {
                    if line.trim().is_empty() {
                        return Ok(None);
                    }
                    parse_line(&path, i, &line)
                        .map(Some)
                        .map_err(|problem| CorpusError::Invalid(vec![problem]))
                });
            match parsed {
                Ok(None) => continue,
                Ok(Some(article)) => return Some(Ok(article)),
                Err(e) => {
                    failed = true;
                    return Some(Err(e));
                }
            }
        }
    }))
}

/// An imported corpus as recorded in the manifest: enough to fingerprint it without
/// reading it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Installed {
    /// The corpus's name (`medquad`).
    pub name: String,
    /// The JSON-lines file, relative to the corpora directory.
    pub file: String,
    /// How many articles it holds.
    pub articles: u64,
    /// How many of them have their answer's text.
    pub answered: u64,
    /// Hex fingerprint of the file's content, taken when it was imported.
    pub fingerprint: String,
    /// Seconds since the Unix epoch.
    pub imported: u64,
    /// The file's size when it was written, so a truncated or emptied file is found
    /// without reading it (absent in manifests written before it was recorded).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bytes: Option<u64>,
}

/// Everything the index is built from: the built-in corpus and the installed imports.
#[derive(Debug, Clone)]
pub struct Sources {
    /// The built-in articles.
    pub builtin: Corpus,
    /// Where the imported corpora are stored.
    pub corpora_dir: PathBuf,
    /// The imported corpora that are intact.
    pub installed: Vec<Installed>,
    /// What was found damaged, set aside and left out, until taken.
    notices: Arc<Mutex<Vec<String>>>,
}

/// Why a corpus file whose bytes changed since its import is left out.
const CHANGED: &str = "its content is not what was imported (its fingerprint changed)";

/// The name of the list of installed corpora in the corpora directory.
pub const MANIFEST: &str = "manifest.json";
/// Largest manifest read: a list of a few corpora is a few hundred bytes.
pub const MAX_MANIFEST_BYTES: u64 = 1024 * 1024;

impl Sources {
    /// The built-in corpus plus the intact corpora the manifest under `corpora_dir`
    /// lists. Never fails on damage: a damaged manifest or corpus file is set aside and
    /// left out, and [`Sources::take_notices`] says what was done.
    pub fn new(builtin: Corpus, corpora_dir: &Path) -> Result<Sources, CorpusError> {
        Ok(Sources::from_found(
            builtin,
            corpora_dir,
            repair::installed(corpora_dir),
        ))
    }

    /// The sources for corpora already read (and repaired) by [`repair`].
    pub fn from_found(builtin: Corpus, corpora_dir: &Path, found: repair::Found) -> Sources {
        Sources {
            builtin,
            corpora_dir: corpora_dir.to_path_buf(),
            installed: found.installed,
            notices: Arc::new(Mutex::new(found.notices)),
        }
    }

    /// What was found damaged since the last call, one sentence each, to be told once.
    pub fn take_notices(&self) -> Vec<String> {
        self.notices
            .lock()
            .map(|mut notices| std::mem::take(&mut *notices))
            .unwrap_or_default()
    }

    /// Identifies the corpora: the built-in one's content and each import's.
    pub fn fingerprint(&self) -> u64 {
        repair::fingerprint(self.builtin.fingerprint, &self.installed)
    }

    /// Every article of every source, built-in first.
    pub fn articles(&self) -> Result<Vec<Article>, CorpusError> {
        Ok(self.load().0)
    }

    /// Every article of every intact source, built-in first, and the fingerprint of
    /// what was read. A corpus file that does not read back as written (bad JSON, a
    /// changed fingerprint) is set aside and left out, and said in the notices.
    pub fn load(&self) -> (Vec<Article>, u64) {
        let mut all = self.builtin.articles.clone();
        let mut read = Vec::new();
        for installed in &self.installed {
            let path = self.corpora_dir.join(&installed.file);
            let problem = match load_jsonl(&path, &installed.name) {
                Ok(corpus) if format!("{:016x}", corpus.fingerprint) == installed.fingerprint => {
                    all.extend(corpus.articles);
                    read.push(installed.clone());
                    continue;
                }
                Ok(_) => CHANGED.to_string(),
                Err(e) => e.plain(),
            };
            self.leave_out(installed, &problem);
        }
        (all, repair::fingerprint(self.builtin.fingerprint, &read))
    }

    /// The installed corpora whose files still hold what was imported, each file read
    /// once to check its fingerprint, holding none of it: what [`Sources::stream`]
    /// reads. A file that does not check is set aside and left out, as [`Sources::load`]
    /// does, and said in the notices.
    pub fn verified(&self) -> Vec<Installed> {
        let mut read = Vec::new();
        for installed in &self.installed {
            let path = self.corpora_dir.join(&installed.file);
            let problem = match fingerprint_jsonl(&path) {
                Ok(fingerprint) if format!("{fingerprint:016x}") == installed.fingerprint => {
                    read.push(installed.clone());
                    continue;
                }
                Ok(_) => CHANGED.to_string(),
                Err(source) => CorpusError::Io { path, source }.plain(),
            };
            self.leave_out(installed, &problem);
        }
        read
    }

    /// Every article of the built-in corpus, then of each of `installed` (as
    /// [`Sources::verified`] returns them), read one at a time, so a library of any
    /// size is indexed without being held. An article that does not read is an error
    /// with the position in `installed` of the corpus it is in; that corpus is not read
    /// further.
    pub fn stream<'a>(
        &'a self,
        installed: &'a [Installed],
    ) -> impl Iterator<Item = Result<Article, (usize, CorpusError)>> + 'a {
        let builtin = self.builtin.articles.iter().cloned().map(Ok);
        let imported = installed.iter().enumerate().flat_map(move |(n, i)| {
            let articles: Box<dyn Iterator<Item = Result<Article, CorpusError>>> =
                match stream_jsonl(&self.corpora_dir.join(&i.file)) {
                    Ok(articles) => Box::new(articles),
                    Err(e) => Box::new(std::iter::once(Err(e))),
                };
            articles.map(move |article| article.map_err(|e| (n, e)))
        });
        builtin.chain(imported)
    }

    /// Sets `installed` aside as unreadable for `problem` and says so in the notices.
    pub fn leave_out(&self, installed: &Installed, problem: &str) {
        let notice = self.set_aside_corpus(installed, problem);
        if let Ok(mut notices) = self.notices.lock() {
            notices.push(notice);
        }
    }

    /// Sets a corpus file that does not read aside and drops it from the manifest, when
    /// the import lock can be had; the sentence saying so.
    fn set_aside_corpus(&self, installed: &Installed, problem: &str) -> String {
        let path = self.corpora_dir.join(&installed.file);
        let said = format!(
            "{} cannot be read ({problem}); curbside goes on without the {} corpus (import it \
             again to restore it)",
            path.display(),
            installed.name
        );
        let Ok(lock) = store::ImportLock::acquire(&self.corpora_dir) else {
            return format!("{said}.");
        };
        let Ok(mut listed) = read_manifest(&self.corpora_dir) else {
            return format!("{said}.");
        };
        listed.retain(|i| i.file != installed.file);
        let aside = crate::files::aside_path(&path);
        if fs::rename(&path, &aside).is_err() || store::write_manifest(&self.corpora_dir, &listed).is_err() {
            return format!("{said}.");
        }
        drop(lock);
        let kept = aside.file_name().unwrap_or_default().to_string_lossy();
        format!("{said}. Moved to {kept}.")
    }
}

/// The list of installed corpora; none when there is no manifest yet. A manifest that
/// cannot be read (not a regular file, too large, not the JSON curbside writes) is an
/// error naming it.
pub fn read_manifest(corpora_dir: &Path) -> Result<Vec<Installed>, CorpusError> {
    let path = corpora_dir.join(MANIFEST);
    let damaged = |line, column, what: String| {
        CorpusError::Invalid(vec![Problem {
            severity: Severity::Error,
            file: path.clone(),
            line,
            column,
            path: None,
            message: format!("the list of installed corpora is damaged: {what}"),
        }])
    };
    let text = match crate::files::read_to_string(&path, MAX_MANIFEST_BYTES) {
        Ok(text) => text,
        // No corpora directory (or a file where it would be) means nothing is installed.
        Err(e)
            if matches!(
                e.kind(),
                std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
            ) =>
        {
            return Ok(Vec::new());
        }
        Err(e) => return Err(damaged(None, None, e.to_string())),
    };
    serde_json::from_str(&text).map_err(|e| damaged(Some(e.line()), Some(e.column()), e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_corpus_parses_and_has_the_clonus_article() {
        let corpus = embedded_builtin().expect("the built-in corpus is valid");
        assert!(corpus.articles.iter().any(|a| a.id == "clonus-causes"));
    }
}
