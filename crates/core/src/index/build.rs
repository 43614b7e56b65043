//! The only owner of an `IndexWriter`. Builds a whole index generation in a temporary
//! directory beside the current one, commits it, records what it was built from, then
//! swaps the `CURRENT` pointer with a rename, so a crash mid-build leaves the previous
//! generation in service and never a half-written index.

use std::borrow::Borrow;
use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};
use tantivy::{Index, IndexWriter, TantivyDocument};

use super::schema::{self, ARTICLE, Fields, PASSAGE, SCHEMA_VERSION};
use super::titles::{TitleRecord, TitlesWriter};
use super::{IndexError, ranking};
use crate::article::{Article, Citation, QuestionType};

/// What a generation was built from, stored beside it as `curbside.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meta {
    /// The [`SCHEMA_VERSION`] the generation was built with.
    pub schema_version: u32,
    /// Fingerprint of the corpora (hex), compared at start to spot a stale index.
    pub fingerprint: String,
    /// How many articles the generation holds.
    pub articles: u64,
    /// How many passage documents (blocks searched on their own) the generation holds.
    pub passages: u64,
    /// Seconds since the Unix epoch.
    pub built: u64,
}

/// The file in each generation that records its [`Meta`].
pub const META_FILE: &str = "curbside.json";
/// The file in the index directory naming the generation in service.
pub const CURRENT_FILE: &str = "CURRENT";
/// Written into a generation found damaged while searching, so the next start rebuilds.
pub const DAMAGED_FILE: &str = "DAMAGED";
const LOCK_FILE: &str = ".lock";

/// Blocks shorter than this are searched as part of their article, not as passages.
const MIN_PASSAGE_WORDS: usize = 6;

/// Whether a block is searched as a passage of its own. A lead-in ("The commonest causes
/// are:") or a heading says nothing alone, and being short it would outscore the
/// passages that do; it is still searched as part of its article.
pub fn is_passage(text: &str) -> bool {
    !text.trim_end().ends_with(':') && text.split_whitespace().count() >= MIN_PASSAGE_WORDS
}

/// Memory the writer may use per indexing thread.
const WRITER_BYTES_PER_THREAD: usize = 64 * 1024 * 1024;

/// The fingerprint a generation is recorded under: the corpora's fingerprint and the
/// [`SCHEMA_VERSION`] in hex, so a schema change makes an index stale too.
pub fn fingerprint_hex(fingerprint: u64) -> String {
    format!("{:016x}{:08x}", fingerprint, SCHEMA_VERSION)
}

/// Holds an exclusive lock on the index directory while a generation is built and
/// swapped in, so two processes never build over each other.
pub struct BuildLock {
    _file: File,
}

impl BuildLock {
    /// Waits for the lock on `index_dir` (made if missing).
    pub fn acquire(index_dir: &Path) -> Result<BuildLock, IndexError> {
        fs::create_dir_all(index_dir).map_err(|e| IndexError::io(index_dir, e))?;
        let path = index_dir.join(LOCK_FILE);
        let file = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| IndexError::io(&path, e))?;
        file.lock().map_err(|e| IndexError::io(&path, e))?;
        Ok(BuildLock { _file: file })
    }
}

/// Builds a new generation from `articles` and makes it current. Progress is reported
/// as (articles indexed, total).
pub fn build_generation(
    index_dir: &Path,
    fingerprint: &str,
    articles: &[Article],
    progress: &mut dyn FnMut(u64, u64),
) -> Result<PathBuf, IndexError> {
    build_generation_streamed(
        index_dir,
        fingerprint,
        articles.iter(),
        articles.len() as u64,
        progress,
    )
}

/// Builds a new generation from articles read one at a time, so a corpus larger than
/// memory (a million synthetic passages) never has to be held whole. `total` is how
/// many the iterator is expected to yield, for progress and the choice of threads.
pub fn build_generation_streamed<A: Borrow<Article>>(
    index_dir: &Path,
    fingerprint: &str,
    articles: impl Iterator<Item = A>,
    total: u64,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<PathBuf, IndexError> {
    build_generation_fallible(index_dir, fingerprint, articles.map(Ok), total, progress)
}

/// [`build_generation_streamed`] over articles that may fail to read (a library's
/// corpus files, parsed line by line): the first error abandons the build, removing
/// what was written of it, and the generation in service stays.
pub fn build_generation_fallible<A: Borrow<Article>>(
    index_dir: &Path,
    fingerprint: &str,
    articles: impl Iterator<Item = Result<A, IndexError>>,
    total: u64,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<PathBuf, IndexError> {
    let tmp = index_dir.join(format!("tmp-{fingerprint}-{}", std::process::id()));
    if tmp.exists() {
        fs::remove_dir_all(&tmp).map_err(|e| IndexError::io(&tmp, e))?;
    }
    fs::create_dir_all(&tmp).map_err(|e| IndexError::io(&tmp, e))?;
    let result = write_index(&tmp, fingerprint, articles, total, progress);
    let meta = match result {
        Ok(meta) => meta,
        Err(e) => {
            let _ = fs::remove_dir_all(&tmp);
            return Err(e);
        }
    };
    let name = format!("gen-{fingerprint}-{}", meta.built_nanos());
    let generation = index_dir.join(&name);
    fs::rename(&tmp, &generation).map_err(|e| IndexError::io(&generation, e))?;
    let pointer = index_dir.join(CURRENT_FILE);
    // A directory in the pointer's place would refuse the rename forever.
    if fs::symlink_metadata(&pointer).is_ok_and(|m| m.is_dir()) {
        fs::remove_dir_all(&pointer).map_err(|e| IndexError::io(&pointer, e))?;
    }
    write_atomically(&pointer, name.as_bytes())?;
    remove_other_generations(index_dir, &name);
    Ok(generation)
}

impl Meta {
    fn built_nanos(&self) -> u128 {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(self.built as u128)
    }
}

fn write_index<A: Borrow<Article>>(
    dir: &Path,
    fingerprint: &str,
    articles: impl Iterator<Item = Result<A, IndexError>>,
    total: u64,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<Meta, IndexError> {
    let (schema, fields) = Fields::schema();
    let index = Index::create_in_dir(dir, schema)?;
    schema::register(&index);
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 4);
    let threads = if total < 5_000 { 1 } else { threads };
    let mut writer: IndexWriter =
        index.writer_with_num_threads(threads, threads * WRITER_BYTES_PER_THREAD)?;
    // The segments are merged once, into one, when every article is in (below): no
    // merges while writing.
    writer.set_merge_policy(Box::new(tantivy::indexer::NoMergePolicy));
    let mut count = 0u64;
    let mut passages = 0u64;
    let mut titles = TitlesWriter::default();
    for article in articles {
        passages += add_article(&writer, &fields, &mut titles, article?.borrow())?;
        if count.is_multiple_of(512) {
            progress(count, total);
        }
        count += 1;
    }
    if let Err(e) = writer.commit() {
        let _ = writer.rollback();
        return Err(e.into());
    }
    // One segment: a question then looks each term up once, not once per segment, and
    // how many segments a build leaves (which the writer's memory budget and merge
    // policy decide) no longer moves the search's speed (BENCHMARKS.md).
    let segments = index.searchable_segment_ids()?;
    if segments.len() > 1 {
        writer.merge(&segments).wait()?;
    }
    writer.wait_merging_threads()?;
    titles.write(dir)?;
    progress(count, count);
    let meta = Meta {
        schema_version: SCHEMA_VERSION,
        fingerprint: fingerprint.to_string(),
        articles: count,
        passages,
        built: SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs()),
    };
    let json = serde_json::to_vec_pretty(&meta).map_err(|e| IndexError::io(dir, std::io::Error::other(e)))?;
    write_atomically(&dir.join(META_FILE), &json)?;
    Ok(meta)
}

/// Adds one article document and one document per paragraph or bullet; returns how
/// many passages were added.
pub(super) fn add_article(
    writer: &IndexWriter,
    f: &Fields,
    titles: &mut TitlesWriter,
    a: &Article,
) -> Result<u64, IndexError> {
    let json =
        serde_json::to_string(a).map_err(|e| IndexError::io(Path::new(&a.id), std::io::Error::other(e)))?;
    // A page that only points elsewhere ranks with the withheld ones, below any answer.
    let answered = u64::from(a.is_answered() && !a.only_points_elsewhere());
    let qtype = QuestionType::of_kind(&a.kind).map_or(0, QuestionType::code);
    let names = ranking::name_values(std::iter::once(&a.topic).chain(&a.aliases));
    let ordinal = titles.push(
        TitleRecord {
            id: &a.id,
            question: &a.question,
            topic: &a.topic,
            kind: &a.kind,
            corpus: &a.source.corpus,
        },
        &names,
    );
    let mut doc = TantivyDocument::default();
    doc.add_text(f.doc_type, ARTICLE);
    doc.add_u64(f.ordinal, ordinal);
    doc.add_text(f.article_id, &a.id);
    doc.add_text(f.corpus, &a.source.corpus);
    doc.add_text(f.kind, &a.kind);
    doc.add_text(f.question, &a.question);
    // The question as first asked is searched too, where its words differ.
    if let Some(asked) = a.asked_as.as_deref().filter(|q| words_differ(q, &a.question)) {
        doc.add_text(f.question, asked);
    }
    if let Some(url) = &a.url {
        doc.add_u64(f.page_question, ranking::page_question(url, &a.question));
    }
    doc.add_text(f.topic, &a.topic);
    for alias in &a.aliases {
        doc.add_text(f.aliases, alias);
    }
    doc.add_text(f.summary, &a.summaries.clinician);
    // Imported material often has one summary for both audiences; counting it twice
    // would weigh it above the answer itself.
    if a.summaries.patient != a.summaries.clinician {
        doc.add_text(f.summary, &a.summaries.patient);
    }
    for (_, section, block) in a.blocks() {
        doc.add_text(f.body, &section.heading);
        doc.add_text(f.body, &block.text);
    }
    for r in &a.references {
        doc.add_text(f.refs, &r.title);
    }
    doc.add_u64(f.answered, answered);
    doc.add_u64(f.qtype, qtype);
    doc.add_text(f.json, &json);
    if let Some(citation) = &a.citation {
        for subject in citation.mesh.iter().chain(&citation.keywords) {
            doc.add_text(f.subjects, subject);
        }
        add_citation_filters(&mut doc, f, citation);
    }
    writer.add_document(doc)?;

    let mut passages = 0;
    for (n, (_, section, block)) in a.blocks().enumerate() {
        if !is_passage(&block.text) {
            continue;
        }
        let mut p = TantivyDocument::default();
        p.add_text(f.doc_type, PASSAGE);
        p.add_text(f.article_id, &a.id);
        p.add_text(f.corpus, &a.source.corpus);
        p.add_text(f.kind, &a.kind);
        p.add_text(f.passage_topic, &a.topic);
        p.add_text(f.passage, &block.text);
        p.add_text(f.heading, &section.heading);
        p.add_u64(f.block, n as u64);
        let cites: Vec<String> = block.refs.iter().map(u32::to_string).collect();
        p.add_text(f.cites, cites.join(","));
        p.add_u64(f.answered, answered);
        p.add_u64(f.qtype, qtype);
        // Its article's place in the titles table, where its article's names are.
        p.add_u64(f.ordinal, ordinal);
        if let Some(citation) = &a.citation {
            add_citation_filters(&mut p, f, citation);
        }
        writer.add_document(p)?;
        passages += 1;
    }
    Ok(passages)
}

/// What `journal:`, `author:`, `mesh:`, `pmid:`, `type:` and `year:` restrict to, on
/// an article or passage document of a citation.
fn add_citation_filters(doc: &mut TantivyDocument, f: &Fields, citation: &Citation) {
    doc.add_text(f.journal, &citation.journal);
    if let Some(abbreviation) = &citation.journal_abbreviation {
        doc.add_text(f.journal, abbreviation);
    }
    for author in &citation.authors {
        doc.add_text(f.author, author);
        doc.add_text(f.author, crate::corpus::pubmed::vancouver(author));
    }
    for subject in citation.mesh.iter().chain(&citation.keywords) {
        doc.add_text(f.mesh, subject);
    }
    if let Some(pmid) = &citation.pmid {
        doc.add_text(f.pmid, pmid);
    }
    doc.add_text(f.evidence, citation.evidence.slug());
    if let Some(year) = citation.year {
        doc.add_u64(f.year, u64::from(year));
    }
}

/// Replaces `path` with `bytes` atomically (see [`crate::atomic`]).
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), IndexError> {
    crate::atomic::write(path, bytes).map_err(|e| IndexError::io(path, e))
}

/// Removes the `tmp-…` directories of builds that were killed (SIGKILL, a power cut),
/// when no build is running: each is as large as an index and named by its builder's
/// pid, so repeated kills would pile them up until the next build. Takes the build lock
/// only if it can at once, and only if its file exists (a read-only home makes none).
pub fn sweep_killed_builds(index_dir: &Path) {
    let Ok(lock) = File::open(index_dir.join(LOCK_FILE)) else {
        return;
    };
    if lock.try_lock().is_err() {
        return;
    }
    let Ok(entries) = fs::read_dir(index_dir) else {
        return;
    };
    for entry in entries.flatten() {
        if entry.file_name().to_string_lossy().starts_with("tmp-") && entry.path().is_dir() {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

/// Removes generations and leftovers other than `keep`. Runs under the build lock, so
/// no other builder's temporary directory is live; a reader still holding an old
/// generation keeps its open files.
fn remove_other_generations(index_dir: &Path, keep: &str) {
    let Ok(entries) = fs::read_dir(index_dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name == keep || name == CURRENT_FILE || name == LOCK_FILE || name.starts_with('.') {
            continue;
        }
        let path = entry.path();
        let _ = if path.is_dir() {
            fs::remove_dir_all(&path)
        } else {
            fs::remove_file(&path)
        };
    }
}

/// Whether two questions use different words (case and punctuation aside).
fn words_differ(a: &str, b: &str) -> bool {
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    words(a) != words(b)
}
