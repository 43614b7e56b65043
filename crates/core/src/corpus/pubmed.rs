//! PubMed and reference-manager literature → research [`Article`]s: PubMed XML as NLM
//! publishes it (`PubmedArticleSet`, and the older `MedlineCitationSet`), plain or
//! gzipped, MEDLINE text (`.nbib`, what PubMed's Save writes) and RIS (Zotero, EndNote,
//! Mendeley).
//!
//! An import streams: each file is read one citation at a time and each citation is
//! written at once to a scratch file, with only a map from article id to the position of
//! its latest version kept in memory. A later version of a citation (an update file's)
//! replaces an earlier one, a `DeleteCitation` removes it, and the citations already in
//! the library count as the earliest version, so update files can be imported on their
//! own. A second pass copies the latest versions into the new corpus file, which
//! [`store::Writer`](super::store::Writer) then swaps in atomically. A bad record or file
//! is reported with its file and line and skipped; the rest still import.

mod evidence;
mod medline;
mod record;
mod ris;
mod xml;

use std::cell::Cell;
use std::collections::HashMap;
use std::fs::{self, File};
use std::io::{BufRead, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::rc::Rc;

use xxhash_rust::xxh3::xxh3_64;

use super::medquad::FileProblem;
use super::store::{ImportLock, Writer};
use super::{CorpusError, Installed, read_manifest};
use crate::article::Article;
pub use evidence::evidence_level;
pub use record::{Record, pubmed_url, vancouver};

/// The corpus name imports of literature are installed under.
pub const CORPUS: &str = "pubmed";

/// Why an import could not run at all (a bad file or record is a [`FileProblem`]
/// instead, and the rest still imports).
#[derive(Debug, thiserror::Error)]
pub enum PubmedError {
    /// A path given does not exist.
    #[error("{0}: no such file or folder")]
    Missing(PathBuf),
    /// Nothing given holds a citation.
    #[error(
        "no citations found in {}: expected PubMed XML (.xml, .xml.gz), MEDLINE text (.nbib, .txt) \
         or RIS (.ris){}",
        .paths,
        .problems
    )]
    NoCitations {
        /// The paths given, joined for the message.
        paths: String,
        /// The problems found, one a line, for the message.
        problems: String,
    },
    /// Reading the input or writing the library failed.
    #[error(transparent)]
    Corpus(#[from] CorpusError),
}

/// What an import did.
#[derive(Debug)]
pub struct Imported {
    /// The corpus as installed.
    pub installed: Installed,
    /// Files read, good and bad.
    pub files: usize,
    /// Citations read from the files (every version).
    pub citations: u64,
    /// Citations the library held before that are still in it.
    pub kept: u64,
    /// Versions that a later version of the same citation replaced.
    pub replaced: u64,
    /// Citations a `DeleteCitation` removed.
    pub deleted: u64,
    /// Records and files that could not be imported, with file and line.
    pub problems: Vec<FileProblem>,
}

/// What a reader finds in a file, in order.
#[derive(Debug)]
pub enum Item {
    /// One citation.
    Citation(Box<Record>),
    /// PMIDs to remove (an update file's `DeleteCitation`).
    Delete(Vec<String>),
    /// A record or part of the file that could not be read.
    Problem(FileProblem),
}

/// Where a reader sends what it finds; an error stops the file and the import.
pub type Sink<'a> = dyn FnMut(Item) -> Result<(), CorpusError> + 'a;

/// The formats a file may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Xml,
    Medline,
    Ris,
}

/// Imports every citation under `paths` (files, or folders searched recursively) into
/// the corpus [`CORPUS`], merged with what the library already holds. `progress` is
/// (citations read, estimated total), the estimate refined from the bytes read.
pub fn import(
    corpora_dir: &Path,
    paths: &[PathBuf],
    lock: &ImportLock,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<Imported, PubmedError> {
    let files = discover(paths)?;
    // The corpora are repaired (strays swept) before the merge writes its scratch file.
    let found = super::repair::repair(corpora_dir, lock);
    let mut merge = Merge::create(corpora_dir)?;
    let previous = read_manifest(corpora_dir)?.into_iter().find(|i| i.name == CORPUS);
    if let Some(previous) = &previous {
        merge.add_installed(&corpora_dir.join(&previous.file))?;
    }
    let before = merge.live();
    let total_bytes: u64 = files.iter().map(|f| f.bytes).sum::<u64>().max(1);
    let mut done_bytes = 0u64;
    let mut problems = Vec::new();
    for file in &files {
        let consumed = Rc::new(Cell::new(0u64));
        read_file(file, consumed.clone(), &mut |item| {
            match item {
                Item::Citation(record) => merge.add(&record.to_article())?,
                Item::Delete(pmids) => merge.delete(&pmids),
                Item::Problem(problem) => problems.push(problem),
            }
            if merge.citations.is_multiple_of(256) {
                let read = done_bytes + consumed.get();
                let estimate = merge.citations * total_bytes / read.max(1);
                progress(merge.citations, estimate.max(merge.citations));
            }
            Ok(())
        })?;
        done_bytes += file.bytes;
    }
    progress(merge.citations, merge.citations);
    if merge.citations == 0 && merge.deleted == 0 {
        return Err(PubmedError::NoCitations {
            paths: paths
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", "),
            problems: problems.iter().map(|p| format!("\n  {p}")).collect(),
        });
    }
    let (citations, replaced, deleted) = (merge.citations, merge.replaced, merge.deleted);
    let kept = merge.kept_from_before(before);
    let installed = merge.install(corpora_dir, lock, found)?;
    Ok(Imported {
        installed,
        files: files.len(),
        citations,
        kept,
        replaced,
        deleted,
        problems,
    })
}

/// One input file, with how it is named in problems and its size on disk.
#[derive(Debug)]
struct Input {
    path: PathBuf,
    name: String,
    bytes: u64,
}

/// Whether a file name says it holds literature this module reads.
fn is_literature(path: &Path) -> bool {
    let name = path.to_string_lossy().to_ascii_lowercase();
    [".xml", ".xml.gz", ".nbib", ".txt", ".ris"]
        .iter()
        .any(|ext| name.ends_with(ext))
}

/// The files `paths` name: each file as given, and each folder's literature files
/// (recursively, sorted by path, so a baseline's numbered files and then its updates
/// are read in the order NLM numbered them).
fn discover(paths: &[PathBuf]) -> Result<Vec<Input>, PubmedError> {
    let mut out = Vec::new();
    for root in paths {
        let meta = fs::metadata(root).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => PubmedError::Missing(root.clone()),
            _ => CorpusError::Io {
                path: root.clone(),
                source: e,
            }
            .into(),
        })?;
        if !meta.is_dir() {
            out.push(Input {
                path: root.clone(),
                name: root.display().to_string(),
                bytes: meta.len(),
            });
            continue;
        }
        let mut found = Vec::new();
        let mut pending = vec![root.clone()];
        while let Some(dir) = pending.pop() {
            let entries = fs::read_dir(&dir).map_err(|source| CorpusError::Io {
                path: dir.clone(),
                source,
            })?;
            for entry in entries.flatten() {
                let path = entry.path();
                match entry.file_type() {
                    Ok(kind) if kind.is_dir() => pending.push(path),
                    Ok(kind) if kind.is_file() && is_literature(&path) => found.push(path),
                    _ => {}
                }
            }
        }
        found.sort();
        for path in found {
            let bytes = fs::metadata(&path).map_or(0, |m| m.len());
            out.push(Input {
                name: path.display().to_string(),
                path,
                bytes,
            });
        }
    }
    Ok(out)
}

/// Counts the bytes read from a file (before decompression), for progress.
struct Counted<R> {
    inner: R,
    count: Rc<Cell<u64>>,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.set(self.count.get() + n as u64);
        Ok(n)
    }
}

/// Reads one file of any format into `sink`: a file that cannot be opened or is not
/// literature is one problem; problems within it go to the sink as they are found.
/// `Err` only when the sink fails (the library cannot be written).
fn read_file(input: &Input, consumed: Rc<Cell<u64>>, sink: &mut Sink<'_>) -> Result<(), CorpusError> {
    let problem = |message: String| {
        Item::Problem(FileProblem {
            file: input.name.clone(),
            line: None,
            message,
        })
    };
    let file = match File::open(&input.path) {
        Ok(file) => file,
        Err(e) => return sink(problem(format!("cannot be read: {e}"))),
    };
    let mut raw = BufReader::new(Counted {
        inner: file,
        count: consumed,
    });
    let gzipped = match raw.fill_buf() {
        Ok(head) => head.starts_with(&[0x1f, 0x8b]),
        Err(e) => return sink(problem(format!("cannot be read: {e}"))),
    };
    let mut reader: Box<dyn BufRead> = if gzipped {
        Box::new(BufReader::new(flate2::bufread::MultiGzDecoder::new(raw)))
    } else {
        Box::new(raw)
    };
    let format = match reader.fill_buf() {
        Ok(head) => format_named(&input.path).or_else(|| sniff(head)),
        Err(e) => return sink(problem(format!("cannot be read (damaged compressed data?): {e}"))),
    };
    match format {
        Some(Format::Xml) => xml::read(&input.name, reader, sink),
        Some(Format::Medline) => medline::read(&input.name, reader, sink),
        Some(Format::Ris) => ris::read(&input.name, reader, sink),
        None => sink(problem(
            "not PubMed XML, MEDLINE text or RIS (expected `<PubmedArticleSet>`, `PMID- ` or \
             `TY  - ` at the start); skipped"
                .to_string(),
        )),
    }
}

/// The format a file's name says it holds, where it says one (`.txt` does not).
fn format_named(path: &Path) -> Option<Format> {
    let name = path.to_string_lossy().to_ascii_lowercase();
    if name.ends_with(".xml") || name.ends_with(".xml.gz") {
        Some(Format::Xml)
    } else if name.ends_with(".nbib") {
        Some(Format::Medline)
    } else if name.ends_with(".ris") {
        Some(Format::Ris)
    } else {
        None
    }
}

/// The format the first bytes of a file show.
fn sniff(head: &[u8]) -> Option<Format> {
    let text = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    let start = text.iter().position(|b| !b.is_ascii_whitespace())?;
    let text = &text[start..];
    if text.starts_with(b"<") {
        Some(Format::Xml)
    } else if text.starts_with(b"PMID-") {
        Some(Format::Medline)
    } else if text.len() >= 6 && text[2..6] == *b"  - " && text[..2].iter().all(u8::is_ascii_alphanumeric) {
        Some(Format::Ris)
    } else {
        None
    }
}

/// The key a citation is replaced and deleted by: a hash of its article id.
fn key(id: &str) -> u64 {
    xxh3_64(id.as_bytes())
}

/// The latest version of each citation seen so far: every version is written to a
/// scratch file as it is read, and only where each citation's latest version stands is
/// kept in memory.
struct Merge {
    scratch: PathBuf,
    out: Option<BufWriter<File>>,
    /// Article id hash → line of its latest version in the scratch file.
    latest: HashMap<u64, u64>,
    lines: u64,
    citations: u64,
    replaced: u64,
    deleted: u64,
    /// Lines below this came from the library's earlier import.
    earlier_lines: u64,
}

impl Merge {
    fn create(corpora_dir: &Path) -> Result<Merge, CorpusError> {
        fs::create_dir_all(corpora_dir).map_err(|source| CorpusError::Io {
            path: corpora_dir.to_path_buf(),
            source,
        })?;
        // `.jsonl.tmp` in the name: an import killed mid-way leaves a stray that the
        // next install removes.
        let scratch = corpora_dir.join(format!(".{CORPUS}-merge-{}.jsonl.tmp", std::process::id()));
        let file = File::create(&scratch).map_err(|source| CorpusError::Io {
            path: scratch.clone(),
            source,
        })?;
        Ok(Merge {
            scratch,
            out: Some(BufWriter::new(file)),
            latest: HashMap::new(),
            lines: 0,
            citations: 0,
            replaced: 0,
            deleted: 0,
            earlier_lines: 0,
        })
    }

    fn io(&self, source: std::io::Error) -> CorpusError {
        CorpusError::Io {
            path: self.scratch.clone(),
            source,
        }
    }

    /// Writes one version; returns whether it replaced an earlier one.
    fn write(&mut self, id: &str, answered: bool, json: &str) -> Result<bool, CorpusError> {
        let result = match self.out.as_mut() {
            Some(out) => writeln!(out, "{} {json}", u8::from(answered)),
            None => Err(std::io::Error::other("the scratch file is closed")),
        };
        result.map_err(|e| self.io(e))?;
        let line = self.lines;
        self.lines += 1;
        Ok(self.latest.insert(key(id), line).is_some())
    }

    /// The library's earlier import, as the first versions.
    fn add_installed(&mut self, path: &Path) -> Result<(), CorpusError> {
        #[derive(serde::Deserialize)]
        struct Head {
            id: String,
        }
        let io = |source| CorpusError::Io {
            path: path.to_path_buf(),
            source,
        };
        let file = File::open(path).map_err(io)?;
        for line in BufReader::new(file).lines() {
            let line = line.map_err(io)?;
            if line.trim().is_empty() {
                continue;
            }
            let Ok(article) = serde_json::from_str::<Article>(&line) else {
                let head: Option<Head> = serde_json::from_str(&line).ok();
                return Err(io(std::io::Error::other(format!(
                    "the earlier import is damaged near {}; remove it with `curbside remove {CORPUS}`",
                    head.map_or_else(|| "an unreadable line".to_string(), |h| h.id)
                ))));
            };
            self.write(&article.id, article.is_answered(), &line)?;
        }
        self.earlier_lines = self.lines;
        Ok(())
    }

    fn add(&mut self, article: &Article) -> Result<(), CorpusError> {
        let json = serde_json::to_string(article).map_err(|e| self.io(std::io::Error::other(e)))?;
        self.citations += 1;
        if self.write(&article.id, article.is_answered(), &json)? {
            self.replaced += 1;
        }
        Ok(())
    }

    fn delete(&mut self, pmids: &[String]) {
        for pmid in pmids {
            if self
                .latest
                .remove(&key(&record::article_id_for_pmid(pmid)))
                .is_some()
            {
                self.deleted += 1;
            }
        }
    }

    /// Citations whose latest version is live.
    fn live(&self) -> u64 {
        self.latest.len() as u64
    }

    /// How many of the library's earlier citations are still there unreplaced.
    fn kept_from_before(&self, before: u64) -> u64 {
        let kept = self
            .latest
            .values()
            .filter(|&&line| line < self.earlier_lines)
            .count() as u64;
        kept.min(before)
    }

    /// Copies the latest versions, in the order read, into the new corpus file and
    /// swaps it in.
    fn install(
        mut self,
        corpora_dir: &Path,
        lock: &ImportLock,
        found: super::repair::Found,
    ) -> Result<Installed, CorpusError> {
        let out = self
            .out
            .take()
            .ok_or_else(|| self.io(std::io::Error::other("closed")))?;
        out.into_inner().map_err(|e| self.io(e.into_error()))?;
        let mut live = vec![0u64; (self.lines as usize).div_ceil(64)];
        for &line in self.latest.values() {
            live[(line / 64) as usize] |= 1 << (line % 64);
        }
        self.latest = HashMap::new();
        let mut staged = Writer::after_repair(corpora_dir, CORPUS, lock, found)?;
        let file = File::open(&self.scratch).map_err(|e| self.io(e))?;
        for (n, line) in BufReader::new(file).lines().enumerate() {
            let line = line.map_err(|e| self.io(e))?;
            if live[n / 64] & (1 << (n % 64)) == 0 {
                continue;
            }
            let (answered, json) = line.split_once(' ').unwrap_or(("0", &line));
            staged.push_line(json, answered == "1")?;
        }
        staged.finish()?.commit()
    }
}

impl Drop for Merge {
    fn drop(&mut self) {
        self.out.take();
        let _ = fs::remove_file(&self.scratch);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixtures() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/pubmed")
    }

    fn run(corpora: &Path, paths: &[PathBuf]) -> Imported {
        let lock = ImportLock::acquire(corpora).unwrap();
        import(corpora, paths, &lock, &mut |_, _| {}).unwrap()
    }

    fn articles(corpora: &Path, installed: &Installed) -> Vec<Article> {
        crate::corpus::load_jsonl(&corpora.join(&installed.file), CORPUS)
            .unwrap()
            .articles
    }

    #[test]
    fn xml_gzip_and_the_older_medline_set_import_together() {
        let dir = tempfile::tempdir().unwrap();
        let imported = run(dir.path(), &[fixtures().join("baseline")]);
        assert_eq!((imported.files, imported.citations), (2, 5));
        assert!(imported.problems.is_empty(), "{:?}", imported.problems);
        let all = articles(dir.path(), &imported.installed);
        let ids: Vec<&str> = all.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "pubmed-99000001",
                "pubmed-99000002",
                "pubmed-99000003",
                "pubmed-99000004",
                "pubmed-99000005"
            ]
        );
        let rct = &all[0];
        let headings: Vec<&str> = rct.sections.iter().map(|s| s.heading.as_str()).collect();
        assert_eq!(headings, ["Background", "Methods", "Results", "Conclusions"]);
        assert!(rct.sections[0].blocks[0].text.contains("walking & self-care"));
        assert!(rct.sections[2].blocks[0].text.contains("n = 10^2 completers"));
        assert!(
            rct.summaries
                .clinician
                .starts_with("Tizanidine and baclofen eased")
        );
        let citation = rct.citation.as_ref().unwrap();
        assert_eq!(citation.doi.as_deref(), Some("10.5555/jin.2021.0001"));
        assert_eq!(citation.pmc.as_deref(), Some("PMC9900001"));
        assert_eq!(
            citation.evidence,
            crate::article::Evidence::RandomisedControlledTrial
        );
        assert_eq!(
            citation.authors,
            [
                "Okafor, Adaeze N",
                "Lindqvist, Per",
                "Imaginary Spasticity Trialists"
            ]
        );
        assert_eq!(citation.keywords, ["muscle relaxants", "Ashworth scale"]);
        assert_eq!(rct.topic, "Muscle Spasticity");
        assert_eq!(rct.updated, "2022-01-15");
        assert_eq!(
            rct.references[0].url.as_deref(),
            Some("https://pubmed.ncbi.nlm.nih.gov/99000001/")
        );
        let retracted = &all[1];
        assert!(retracted.citation.as_ref().unwrap().retracted);
        assert_eq!(retracted.sections[0].heading, "Retracted");
        assert_eq!(retracted.citation.as_ref().unwrap().year, Some(2019));
        let guideline = all[3].citation.as_ref().unwrap();
        assert_eq!(guideline.evidence, crate::article::Evidence::Guideline);
        assert_eq!(guideline.pmc.as_deref(), Some("PMC9900004"));
        assert_eq!(guideline.authors[1], "Tanaka, K");
        assert!(
            !all[4].is_answered(),
            "a citation without an abstract has no answer text"
        );
    }

    #[test]
    fn an_update_file_replaces_a_newer_version_and_deletes_citations() {
        let dir = tempfile::tempdir().unwrap();
        run(dir.path(), &[fixtures().join("baseline")]);
        let update = run(dir.path(), &[fixtures().join("updates")]);
        assert_eq!(
            (update.citations, update.replaced, update.deleted, update.kept),
            (1, 1, 1, 3)
        );
        let all = articles(dir.path(), &update.installed);
        assert_eq!(all.len(), 4);
        assert!(all.iter().all(|a| a.id != "pubmed-99000003"));
        let corrected = all.iter().find(|a| a.id == "pubmed-99000001").unwrap();
        assert!(
            corrected.question.ends_with("(corrected)"),
            "{}",
            corrected.question
        );
        // Importing the same files again changes nothing and duplicates nothing.
        let again = run(
            dir.path(),
            &[fixtures().join("baseline"), fixtures().join("updates")],
        );
        assert_eq!(again.installed.articles, 4);
    }

    #[test]
    fn medline_text_and_ris_import_with_their_structure() {
        let dir = tempfile::tempdir().unwrap();
        let imported = run(dir.path(), &[fixtures().join("library")]);
        assert!(imported.problems.is_empty(), "{:?}", imported.problems);
        let all = articles(dir.path(), &imported.installed);
        let find = |id: &str| {
            all.iter()
                .find(|a| a.id == id)
                .unwrap_or_else(|| panic!("{id} in {all:?}"))
        };
        let nbib = find("pubmed-99000006");
        assert!(nbib.question.starts_with(
            "Intrathecal baclofen withdrawal presenting as serotonin syndrome-like rigidity: a case"
        ));
        let headings: Vec<&str> = nbib.sections.iter().map(|s| s.heading.as_str()).collect();
        assert_eq!(headings, ["Background", "Methods", "Results", "Conclusions"]);
        let citation = nbib.citation.as_ref().unwrap();
        assert_eq!(citation.authors, ["Nakamura, Hiroshi", "de la Cruz, Maria Elena"]);
        assert_eq!(
            citation.mesh,
            ["Baclofen", "Humans", "Substance Withdrawal Syndrome"]
        );
        assert_eq!(nbib.topic, "Baclofen");
        assert_eq!(citation.doi.as_deref(), Some("10.5555/ibw.2023.31"));
        assert_eq!(nbib.updated, "2024-01-02");
        assert_eq!(
            find("pubmed-99000007").citation.as_ref().unwrap().authors,
            ["Smith, J", "Jones, AB"]
        );
        let ris = find("pubmed-99000008");
        let citation = ris.citation.as_ref().unwrap();
        assert_eq!(
            (citation.year, citation.pages.as_deref()),
            (Some(2018), Some("44-49"))
        );
        assert_eq!(citation.doi.as_deref(), Some("10.5555/jin.2018.9.44"));
        assert_eq!(citation.journal, "Journal of Imaginary Neurology");
        assert_eq!(citation.evidence, crate::article::Evidence::CohortOrCaseControl);
        let no_pmid = find("pubmed-doi-10-5555-aim-2020-77");
        assert_eq!(no_pmid.citation.as_ref().unwrap().journal, "Arch Invent Med");
    }

    #[test]
    fn broken_files_are_named_with_their_lines_and_the_good_records_still_import() {
        let dir = tempfile::tempdir().unwrap();
        let imported = run(dir.path(), &[fixtures().join("broken")]);
        let problems: Vec<String> = imported.problems.iter().map(ToString::to_string).collect();
        let named = |file: &str| {
            problems
                .iter()
                .find(|p| p.contains(file))
                .unwrap_or_else(|| panic!("{file} in {problems:#?}"))
        };
        assert!(named("damaged.xml.gz").contains("damaged compressed data"));
        assert!(named("notes.txt").contains("not PubMed XML, MEDLINE text or RIS"));
        assert!(named("truncated.xml:").contains("truncated"));
        assert!(named("untitled.nbib:1:").contains("without a title"));
        assert!(
            problems
                .iter()
                .any(|p| p.contains("untitled.nbib:5:") && p.contains("not a MEDLINE field"))
        );
        assert!(named("stray.ris:1:").contains("outside a record"));
        assert!(
            problems
                .iter()
                .any(|p| p.contains("stray.ris:6:") && p.contains("truncated"))
        );
        let ids: Vec<String> = articles(dir.path(), &imported.installed)
            .into_iter()
            .map(|a| a.id)
            .collect();
        assert_eq!(ids.len(), 4, "{ids:?}");
        assert!(
            ids.contains(&"pubmed-99000012".to_string()),
            "the record before the cut is kept"
        );
        assert!(ids.contains(&"pubmed-99000011".to_string()));
    }

    #[test]
    fn nothing_to_import_is_an_error_that_leaves_the_library_alone() {
        let dir = tempfile::tempdir().unwrap();
        run(dir.path(), &[fixtures().join("baseline")]);
        let lock = ImportLock::acquire(dir.path()).unwrap();
        let notes = fixtures().join("broken/notes.txt");
        let error = import(dir.path(), &[notes], &lock, &mut |_, _| {}).unwrap_err();
        assert!(error.to_string().contains("notes.txt: not PubMed XML"), "{error}");
        assert_eq!(read_manifest(dir.path()).unwrap()[0].articles, 5);
        let missing = import(dir.path(), &[dir.path().join("nope")], &lock, &mut |_, _| {}).unwrap_err();
        assert!(matches!(missing, PubmedError::Missing(_)));
    }

    #[test]
    fn formats_are_told_apart_by_their_first_bytes() {
        assert_eq!(sniff(b"<?xml version=\"1.0\"?>"), Some(Format::Xml));
        assert_eq!(sniff(b"\xef\xbb\xbf\nPMID- 1\n"), Some(Format::Medline));
        assert_eq!(sniff(b"TY  - JOUR\n"), Some(Format::Ris));
        assert_eq!(sniff(b"%PDF-1.4"), None);
        assert_eq!(sniff(b""), None);
    }
}
