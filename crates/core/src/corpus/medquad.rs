//! MedQuAD XML → [`Article`]s: one article per question-answer pair, from the unpacked
//! collection folder or its published zip archive.
//!
//! Three document shapes occur in the collection and are all read: most files are
//! `<Document id source url>/<QAPairs>/<QAPair>/<Question>,<Answer>`; a few NINDS files
//! are `<doc docid corpus url>/<qaPairs>/<pair>/<question>,<answer>` with the focus in
//! `<doctitle-focus>`; a CDC file is `<DiseaseFile fid source url>`. A bad file is
//! reported with its name and line and skipped; the rest still import.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

pub mod clean;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use quick_xml::events::{BytesRef, Event};
use quick_xml::{Reader, XmlVersion};

use crate::article::{
    Article, Block, BlockKind, Reference, ReferenceKind, Role, Section, Source, Status, Summaries,
};

/// The corpus name imports of MedQuAD are installed under.
pub const CORPUS: &str = "medquad";

/// Largest XML file read; MedQuAD's largest is well under 1 MiB.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;
/// Most bytes a zip archive may unpack to in all (a zip bomb stops here).
pub const MAX_ARCHIVE_BYTES: u64 = 2 * 1024 * 1024 * 1024;
/// Deepest element nesting accepted in a document.
const MAX_DEPTH: usize = 64;
/// Most related links made from one answer.
const MAX_RELATED: usize = 8;
/// Shortest focus or synonym that links answers to it; shorter names ("AAS", "Pain")
/// match too much ordinary text.
const MIN_LINK_CHARS: usize = 5;
/// Summary length cut at a sentence end where one comes soon enough.
const SUMMARY_CHARS: usize = 320;

/// Why a MedQuAD collection could not be read.
#[derive(Debug, thiserror::Error)]
pub enum MedquadError {
    /// The path given does not exist.
    #[error("{0}: no such file or folder")]
    Missing(PathBuf),
    #[error(
        "{0}: no MedQuAD documents found (expected XML files such as 3_GHR_QA/0000001.xml with \
         <Document> or <doc> roots, in a folder or a zip archive)"
    )]
    /// The path holds no MedQuAD document.
    NotMedquad(PathBuf),
    /// Every file failed (or none held a pair): nothing to import.
    #[error(
        "{}: no question-answer pair could be imported, so the library is left as it was; {} file(s) failed:\n{}",
        .path.display(),
        .problems.len(),
        list_problems(.problems)
    )]
    NothingRead {
        /// The folder or archive given.
        path: PathBuf,
        /// Each file that failed, and why.
        problems: Vec<FileProblem>,
    },
    /// A file given as an archive is not a zip.
    #[error("{path}: not a zip archive ({message})")]
    NotZip {
        /// The file.
        path: PathBuf,
        /// What the zip reader said.
        message: String,
    },
    /// A file or folder could not be read.
    #[error("reading {path}: {source}")]
    Io {
        /// What was read.
        path: PathBuf,
        /// Why it failed.
        #[source]
        source: std::io::Error,
    },
}

/// The first problems, one a line, and how many more there are.
fn list_problems(problems: &[FileProblem]) -> String {
    const SHOWN: usize = 20;
    let mut lines: Vec<String> = problems.iter().take(SHOWN).map(|p| format!("  {p}")).collect();
    if problems.len() > SHOWN {
        lines.push(format!("  ... and {} more", problems.len() - SHOWN));
    }
    lines.join("\n")
}

/// A file that could not be imported, and why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FileProblem {
    /// The file, relative to the collection.
    pub file: String,
    /// The line the problem is on, when it has one.
    pub line: Option<usize>,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for FileProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.file, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

/// One question-answer pair as published.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pair {
    /// Its number within the document (`pid`).
    pub pid: String,
    /// The question as MedQuAD writes it.
    pub question: String,
    /// MedQuAD's question type (`information`, `treatment`, `symptoms`, ...).
    pub qtype: String,
    /// The answer's text; empty where the collection withholds it.
    pub answer: String,
}

/// One MedQuAD document: a focus and its question-answer pairs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Document {
    /// The file it came from, relative to the collection.
    pub file: String,
    /// The document's id within its collection.
    pub id: String,
    /// The collection as the XML names it (`GHR`, `NINDS`, `ADAM`, ...).
    pub source: String,
    /// The page it was taken from.
    pub url: String,
    /// What it is about (`Focus`).
    pub focus: String,
    /// Other names of the focus, from its annotations.
    pub synonyms: Vec<String>,
    /// Its question-answer pairs, in order.
    pub pairs: Vec<Pair>,
}

/// What reading a collection produced: the documents that parsed and the files that
/// did not.
#[derive(Debug, Default)]
pub struct Collection {
    /// The documents that parsed.
    pub documents: Vec<Document>,
    /// The files that did not, and why.
    pub problems: Vec<FileProblem>,
    /// XML files seen, good and bad.
    pub files: usize,
}

/// The one reading sequence, for `curbside import medquad` and the benchmark alike:
/// reads the collection at `path` (reporting files done of total to `progress`) and
/// makes its articles. Installing them, and building the index over them, is the
/// caller's.
pub fn prepare(
    path: &Path,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<(Collection, Vec<Article>), MedquadError> {
    let collection = read(path, progress)?;
    let articles = to_articles(&collection.documents);
    Ok((collection, articles))
}

/// Reads every XML document under `path` (a folder, searched recursively, or a zip
/// archive). `progress` is (files read, total).
pub fn read(path: &Path, progress: &mut dyn FnMut(u64, u64)) -> Result<Collection, MedquadError> {
    let meta = fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => MedquadError::Missing(path.to_path_buf()),
        _ => MedquadError::Io {
            path: path.to_path_buf(),
            source: e,
        },
    })?;
    let collection = if meta.is_dir() {
        read_dir(path, progress)?
    } else {
        read_zip(path, progress, MAX_FILE_BYTES, MAX_ARCHIVE_BYTES)?
    };
    if collection.documents.is_empty() && !collection.problems.iter().any(|p| p.line.is_some()) {
        return Err(MedquadError::NotMedquad(path.to_path_buf()));
    }
    // Every file failed: importing nothing would replace the library with nothing.
    if collection.pairs() == 0 {
        return Err(MedquadError::NothingRead {
            path: path.to_path_buf(),
            problems: collection.problems,
        });
    }
    Ok(collection)
}

fn read_dir(root: &Path, progress: &mut dyn FnMut(u64, u64)) -> Result<Collection, MedquadError> {
    let mut files = Vec::new();
    let mut pending = vec![root.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let entries = fs::read_dir(&dir).map_err(|source| MedquadError::Io {
            path: dir.clone(),
            source,
        })?;
        for entry in entries.flatten() {
            let path = entry.path();
            let Ok(kind) = entry.file_type() else { continue };
            if kind.is_dir() {
                pending.push(path);
            } else if kind.is_file() && path.extension().is_some_and(|x| x.eq_ignore_ascii_case("xml")) {
                files.push(path);
            }
        }
    }
    files.sort();
    let total = files.len() as u64;
    let mut collection = Collection {
        files: files.len(),
        ..Collection::default()
    };
    for (i, path) in files.iter().enumerate() {
        let name = path
            .strip_prefix(root)
            .unwrap_or(path)
            .to_string_lossy()
            .into_owned();
        match read_limited(crate::files::open(path), MAX_FILE_BYTES) {
            Ok(bytes) => collection.add(&name, &bytes),
            Err(e) => collection.problems.push(FileProblem {
                file: name,
                line: None,
                message: e.to_string(),
            }),
        }
        if i % 256 == 0 {
            progress(i as u64, total);
        }
    }
    progress(total, total);
    Ok(collection)
}

/// Reads the XML entries of a zip archive in memory: each entry through a limit of
/// `file_cap` bytes, and all of them through `archive_cap`, every inflated byte counted
/// (a refused entry's too), so a bomb stops at the cap.
fn read_zip(
    path: &Path,
    progress: &mut dyn FnMut(u64, u64),
    file_cap: u64,
    archive_cap: u64,
) -> Result<Collection, MedquadError> {
    let file = crate::files::open(path).map_err(|source| MedquadError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let mut archive = zip::ZipArchive::new(file).map_err(|e| MedquadError::NotZip {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    let total = archive.len() as u64;
    let mut collection = Collection::default();
    let mut unpacked = 0u64;
    for i in 0..archive.len() {
        if i % 256 == 0 {
            progress(i as u64, total);
        }
        let mut entry = match archive.by_index(i) {
            Ok(entry) => entry,
            Err(e) => {
                collection.problems.push(FileProblem {
                    file: format!("{}#{i}", path.display()),
                    line: None,
                    message: format!("unreadable zip entry: {e}"),
                });
                continue;
            }
        };
        let raw_name = entry.name().map(|n| n.to_string()).unwrap_or_default();
        if entry.is_dir() || !raw_name.to_ascii_lowercase().ends_with(".xml") {
            continue;
        }
        // Nothing is written to disk, but a name that would escape the folder marks an
        // archive that is not the published collection.
        if entry.enclosed_name().is_none() {
            collection.problems.push(FileProblem {
                file: raw_name,
                line: None,
                message: "the entry's path leaves the archive's folder; skipped".to_string(),
            });
            continue;
        }
        if raw_name.starts_with("__MACOSX/") {
            continue;
        }
        collection.files += 1;
        let room = archive_cap.saturating_sub(unpacked);
        let mut bytes = Vec::new();
        let read = (&mut entry).take(file_cap.min(room) + 1).read_to_end(&mut bytes);
        unpacked += bytes.len() as u64;
        if unpacked > archive_cap {
            collection.problems.push(FileProblem {
                file: path.display().to_string(),
                line: None,
                message: format!(
                    "unpacks to more than {archive_cap} bytes; {raw_name} and the entries after it are skipped"
                ),
            });
            break;
        }
        match read {
            Ok(_) if bytes.len() as u64 > file_cap => collection.problems.push(FileProblem {
                file: raw_name,
                line: None,
                message: format!("larger than {file_cap} bytes; not a MedQuAD document"),
            }),
            Ok(_) => collection.add(&raw_name, &bytes),
            Err(e) => collection.problems.push(FileProblem {
                file: raw_name,
                line: None,
                message: e.to_string(),
            }),
        }
    }
    progress(total, total);
    Ok(collection)
}

/// Reads at most `limit` bytes; more is an error, not a truncation.
fn read_limited<R: Read>(reader: std::io::Result<R>, limit: u64) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    reader?.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(std::io::Error::other(format!(
            "larger than {limit} bytes; not a MedQuAD document"
        )));
    }
    Ok(bytes)
}

impl Collection {
    fn add(&mut self, name: &str, bytes: &[u8]) {
        match parse_document(name, bytes) {
            Ok(Some(document)) => self.documents.push(document),
            Ok(None) => {}
            Err(problem) => self.problems.push(problem),
        }
    }

    /// Question-answer pairs in all documents.
    pub fn pairs(&self) -> usize {
        self.documents.iter().map(|d| d.pairs.len()).sum()
    }
}

/// The value of an XML attribute, normalised and trimmed; empty when absent. Shared with
/// the PubMed reader.
pub(crate) fn attribute(start: &quick_xml::events::BytesStart<'_>, key: &str) -> String {
    start
        .attributes()
        .flatten()
        .find(|a| a.key.as_ref() == key)
        .and_then(|a| {
            a.normalized_value(XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.trim().to_string())
        })
        .unwrap_or_default()
}

/// The text an entity reference stands for: the five XML entities and character
/// references. Anything else (a DTD's own entity, as in an expansion bomb) is kept as
/// written, never expanded.
pub(crate) fn resolve_reference(reference: &BytesRef<'_>) -> String {
    if let Ok(Some(c)) = reference.resolve_char_ref() {
        return c.to_string();
    }
    let name = reference.xml10_content();
    match quick_xml::escape::resolve_predefined_entity(&name) {
        Some(text) => text.to_string(),
        None => format!("&{name};"),
    }
}

/// Where text being read belongs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    None,
    Focus,
    Synonym,
    Question,
    Answer,
}

/// Parses one file. `Ok(None)` for XML that is not a MedQuAD document (no recognised
/// root); `Err` names the file and line of malformed XML.
pub fn parse_document(name: &str, bytes: &[u8]) -> Result<Option<Document>, FileProblem> {
    let problem = |line: Option<usize>, message: String| FileProblem {
        file: name.to_string(),
        line,
        message,
    };
    let text = std::str::from_utf8(bytes).map_err(|e| {
        problem(
            Some(crate::location::line_at(bytes, e.valid_up_to())),
            "not UTF-8 text".to_string(),
        )
    })?;
    let mut reader = Reader::from_str(text);
    let mut doc = Document {
        file: name.to_string(),
        ..Document::default()
    };
    let mut root_seen = false;
    let mut depth = 0usize;
    let mut slot = Slot::None;
    // The depth of the element whose text is being read: markup inside it (`<b>`,
    // `<p>`) keeps its text in the same slot.
    let mut slot_depth = 0usize;
    let mut buffer = String::new();
    let mut pair = Pair::default();
    loop {
        let event = reader.read_event().map_err(|e| {
            problem(
                Some(crate::location::line_at(bytes, reader.error_position() as usize)),
                format!("malformed XML: {e}"),
            )
        })?;
        match event {
            Event::Start(start) => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(problem(
                        Some(crate::location::line_at(bytes, reader.buffer_position() as usize)),
                        format!("elements nested deeper than {MAX_DEPTH}"),
                    ));
                }
                if slot != Slot::None {
                    if is_block_tag(start.local_name().as_ref()) {
                        buffer.push('\n');
                    }
                    continue;
                }
                let tag = start.local_name();
                let tag = tag.as_ref();
                let attr = |key: &str| attribute(&start, key);
                if depth == 1 {
                    if !matches!(tag, "Document" | "doc" | "DiseaseFile") {
                        return Ok(None);
                    }
                    root_seen = true;
                    doc.id = [attr("id"), attr("docid"), attr("fid")]
                        .into_iter()
                        .find(|v| !v.is_empty())
                        .unwrap_or_default();
                    doc.source = [attr("source"), attr("corpus")]
                        .into_iter()
                        .find(|v| !v.is_empty())
                        .unwrap_or_default();
                    doc.url = attr("url");
                    continue;
                }
                slot = match tag {
                    "Focus" | "doctitle-focus" => Slot::Focus,
                    "Synonym" => Slot::Synonym,
                    "QAPair" | "pair" => {
                        pair = Pair {
                            pid: attr("pid"),
                            ..Pair::default()
                        };
                        Slot::None
                    }
                    "Question" | "question" => {
                        pair.qtype = attr("qtype");
                        Slot::Question
                    }
                    "Answer" | "answer" => Slot::Answer,
                    _ => Slot::None,
                };
                slot_depth = depth;
                buffer.clear();
            }
            Event::End(end) if slot != Slot::None && depth > slot_depth => {
                depth -= 1;
                if is_block_tag(end.local_name().as_ref()) {
                    buffer.push('\n');
                }
            }
            Event::Empty(_) if slot != Slot::None => buffer.push('\n'),
            Event::End(end) => {
                depth = depth.saturating_sub(1);
                let text = buffer.trim().to_string();
                match (end.local_name().as_ref(), slot) {
                    ("Focus" | "doctitle-focus", Slot::Focus) => doc.focus = text,
                    ("Synonym", Slot::Synonym) if !text.is_empty() => doc.synonyms.push(text),
                    ("Question" | "question", Slot::Question) => pair.question = collapse(&text),
                    ("Answer" | "answer", Slot::Answer) => pair.answer = text,
                    ("QAPair" | "pair", _) if !pair.question.is_empty() => {
                        doc.pairs.push(std::mem::take(&mut pair));
                    }
                    _ => {}
                }
                slot = Slot::None;
                buffer.clear();
            }
            Event::Text(t) if slot != Slot::None => {
                buffer.push_str(&t.xml10_content());
            }
            Event::CData(t) if slot != Slot::None => {
                buffer.push_str(&t.xml10_content());
            }
            Event::GeneralRef(r) if slot != Slot::None => buffer.push_str(&resolve_reference(&r)),
            Event::Eof => break,
            _ => {}
        }
    }
    if !root_seen {
        return Ok(None);
    }
    if depth != 0 {
        return Err(problem(
            Some(crate::location::line_at(bytes, bytes.len())),
            "the document ends before its elements are closed (truncated?)".to_string(),
        ));
    }
    if doc.id.is_empty() || doc.source.is_empty() {
        return Err(problem(
            Some(1),
            "the root element has no id or source attribute".to_string(),
        ));
    }
    Ok(Some(doc))
}

/// Markup that ends a line of an answer's text when it closes.
fn is_block_tag(tag: &str) -> bool {
    matches!(
        tag.to_ascii_lowercase().as_str(),
        "p" | "li" | "div" | "br" | "ul" | "ol" | "tr" | "h1" | "h2" | "h3" | "h4"
    )
}

/// Runs of white space as one space.
pub(crate) fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Who published a collection, for the reader.
pub fn publisher(source: &str) -> &'static str {
    match source {
        "CancerGov" => "National Cancer Institute (cancer.gov)",
        "GARD" => "Genetic and Rare Diseases Information Center (GARD)",
        "GHR" => "Genetics Home Reference (NLM)",
        "MPlusHealthTopics" => "MedlinePlus Health Topics (NLM)",
        "NIDDK" => "National Institute of Diabetes and Digestive and Kidney Diseases",
        "NINDS" => "National Institute of Neurological Disorders and Stroke",
        "NIHSeniorHealth" => "NIHSeniorHealth (NIH)",
        "NHLBI" => "National Heart, Lung, and Blood Institute",
        "CDC" => "Centers for Disease Control and Prevention",
        "ADAM" => "A.D.A.M. Medical Encyclopedia (MedlinePlus)",
        "MPlusDrugs" => "MedlinePlus Drug Information",
        "MPlusHerbsSupplements" => "MedlinePlus Herbs and Supplements",
        _ => "MedQuAD (NIH)",
    }
}

/// The article id of pair `pid` of document `doc_id` from collection `source`; stable
/// across imports, so links and bookmarks survive a re-import.
pub fn article_id(source: &str, doc_id: &str, pid: &str) -> String {
    let slug = |s: &str| -> String {
        s.chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '-'
                }
            })
            .collect()
    };
    format!("medquad-{}-{}-{}", slug(source), slug(doc_id), slug(pid))
}

/// An answer's text as blocks in reading order, cleaned ([`clean::clean`]); a heading
/// the answer gave its blocks is a paragraph here. For readers, [`answer_sections`].
pub fn answer_blocks(answer: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    for group in clean::clean(answer).groups {
        if let Some(heading) = group.heading {
            blocks.push(Block {
                kind: BlockKind::Paragraph,
                text: heading,
                refs: vec![1],
            });
        }
        blocks.extend(group.blocks);
    }
    blocks
}

/// An answer's text as the article's sections, cleaned ([`clean::clean`]): the first
/// group as the section "Answer", each group the answer headed as a section with that
/// heading; and which cleaning rules changed it.
pub fn answer_sections(answer: &str) -> (Vec<Section>, clean::Touched) {
    let cleaned = clean::clean(answer);
    let sections = cleaned
        .groups
        .into_iter()
        .map(|group| Section {
            heading: group.heading.unwrap_or_else(|| Role::Answer.banner().to_string()),
            role: Role::Answer,
            blocks: group.blocks,
        })
        .collect();
    (sections, cleaned.touched)
}

/// The first sentences of an answer, up to about [`SUMMARY_CHARS`].
pub(crate) fn summary_of(blocks: &[Block]) -> String {
    let text: String = blocks
        .iter()
        .take(3)
        .map(|b| b.text.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    if text.chars().count() <= SUMMARY_CHARS {
        return text;
    }
    let mut end = 0;
    for (i, c) in text.char_indices() {
        if i > SUMMARY_CHARS * 2 {
            break;
        }
        if matches!(c, '.' | '?' | '!') && text[i + 1..].starts_with(' ') {
            end = i + 1;
            if i >= SUMMARY_CHARS / 2 {
                break;
            }
        }
    }
    if end == 0 {
        let cut: String = text.chars().take(SUMMARY_CHARS).collect();
        return format!("{}…", cut.trim_end());
    }
    text[..end].to_string()
}

/// What a question whose answer MedQuAD withheld says where the answer would be.
fn withdrawn(url: &str) -> String {
    let where_ = if url.is_empty() {
        "MedQuAD does not say which page it came from.".to_string()
    } else {
        format!("Read the answer on its source page: {url}")
    };
    format!(
        "Answer not included: MedQuAD leaves this collection's answers out for copyright \
         reasons. {where_}"
    )
}

/// Who published a collection: the agency ("NIH", "CDC"), for the source line.
pub fn agency(source: &str) -> &'static str {
    match source {
        "CDC" => "CDC",
        _ => "NIH",
    }
}

/// The collection's short name, for the source line ("NIH · NIHSeniorHealth · 2017").
pub fn collection(source: &str) -> &'static str {
    match source {
        "CancerGov" => "National Cancer Institute",
        "GARD" => "GARD",
        "GHR" => "Genetics Home Reference",
        "MPlusHealthTopics" => "MedlinePlus",
        "NIDDK" => "NIDDK",
        "NINDS" => "NINDS",
        "NIHSeniorHealth" => "NIHSeniorHealth",
        "NHLBI" => "NHLBI",
        "CDC" => "cdc.gov",
        "ADAM" => "A.D.A.M. Medical Encyclopedia",
        "MPlusDrugs" => "MedlinePlus Drug Information",
        "MPlusHerbsSupplements" => "MedlinePlus Herbs and Supplements",
        _ => "MedQuAD",
    }
}

/// The collection's short name for an imported article's id (`medquad-gard-…` →
/// "GARD"), so lists can tell apart answers to the same question from different sites.
pub fn collection_of_id(id: &str) -> Option<&'static str> {
    let slug = id.strip_prefix("medquad-")?.split('-').next()?;
    [
        "CancerGov",
        "GARD",
        "GHR",
        "MPlusHealthTopics",
        "NIDDK",
        "NINDS",
        "NIHSeniorHealth",
        "NHLBI",
        "CDC",
        "ADAM",
        "MPlusDrugs",
        "MPlusHerbsSupplements",
    ]
    .into_iter()
    .find(|source| source.eq_ignore_ascii_case(slug))
    .map(collection)
}

/// The questions of a document's pairs as a person asks them ([`clean::tidy_question`]).
fn tidy_questions(doc: &Document) -> Vec<String> {
    let text: String = doc
        .pairs
        .iter()
        .map(|p| p.answer.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    doc.pairs
        .iter()
        .map(|p| clean::tidy_question(&p.question, &doc.focus, &text))
        .collect()
}

/// Converts documents to articles: one per pair, the document's other pairs as
/// follow-ups, and related links where an answer names another document's focus or
/// synonym.
pub fn to_articles(documents: &[Document]) -> Vec<Article> {
    let linker = Linker::new(documents);
    let mut seen = HashSet::new();
    let mut out = Vec::with_capacity(documents.iter().map(|d| d.pairs.len()).sum());
    for (d, doc) in documents.iter().enumerate() {
        let doc = &printable_document(doc);
        let ids: Vec<String> = doc
            .pairs
            .iter()
            .enumerate()
            .map(|(i, pair)| {
                let mut id = article_id(&doc.source, &doc.id, &pair.pid);
                if pair.pid.is_empty() || !seen.insert(id.clone()) {
                    id = article_id(&doc.source, &doc.id, &format!("{}-{}", pair.pid, i + 1));
                    seen.insert(id.clone());
                }
                id
            })
            .collect();
        let questions = tidy_questions(doc);
        for (p, (pair, id)) in doc.pairs.iter().zip(&ids).enumerate() {
            let (sections, _) = answer_sections(&pair.answer);
            let answered = sections.iter().any(|s| !s.blocks.is_empty());
            let summary = if answered {
                summary_of(&sections.iter().flat_map(|s| s.blocks.clone()).collect::<Vec<_>>())
            } else {
                withdrawn(&doc.url)
            };
            let related = if answered {
                let text: Vec<&str> = sections
                    .iter()
                    .flat_map(|s| {
                        std::iter::once(s.heading.as_str()).chain(s.blocks.iter().map(|b| b.text.as_str()))
                    })
                    .collect();
                linker.related(d, &text.join("\n"))
            } else {
                Vec::new()
            };
            // The document's other questions, each once: a page often asks one question
            // several times ("What is shingles?" for its main text and its FAQ).
            let mut asked = vec![questions[p].to_lowercase()];
            let follow_ups = ids
                .iter()
                .zip(&questions)
                .filter(|(other, question)| {
                    *other != id && {
                        let key = question.to_lowercase();
                        !asked.contains(&key) && {
                            asked.push(key);
                            true
                        }
                    }
                })
                .map(|(other, _)| other.clone())
                .collect();
            let title = if doc.focus.is_empty() {
                questions[p].clone()
            } else {
                doc.focus.clone()
            };
            out.push(Article {
                id: id.clone(),
                question: questions[p].clone(),
                asked_as: (questions[p] != pair.question).then(|| pair.question.clone()),
                // A few CDC documents name no focus; their questions stand for it.
                topic: if doc.focus.is_empty() {
                    questions[p].clone()
                } else {
                    doc.focus.clone()
                },
                aliases: doc.synonyms.clone(),
                kind: if pair.qtype.is_empty() {
                    "information".to_string()
                } else {
                    pair.qtype.clone()
                },
                specialty: String::new(),
                source: Source {
                    corpus: CORPUS.to_string(),
                    publisher: agency(&doc.source).to_string(),
                    collection: collection(&doc.source).to_string(),
                },
                url: (!doc.url.is_empty()).then(|| doc.url.clone()),
                status: Status::Published,
                updated: "2017".to_string(),
                summaries: Summaries {
                    clinician: summary.clone(),
                    patient: summary,
                },
                sections: if answered { sections } else { Vec::new() },
                related,
                follow_ups,
                // The source page is the one reference: every block cites it. MedQuAD
                // itself is named in the disclaimer, not listed as a reference no block
                // cites.
                references: vec![Reference {
                    n: 1,
                    kind: ReferenceKind::Web,
                    title,
                    source: publisher(&doc.source).to_string(),
                    year: None,
                    authors: None,
                    pmid: None,
                    doi: None,
                    url: (!doc.url.is_empty()).then(|| doc.url.clone()),
                }],
                citation: None,
            });
        }
    }
    out
}

/// The document with control characters taken out of its focus, synonyms and URL
/// (answers and questions are cleaned on their own).
fn printable_document(doc: &Document) -> Document {
    Document {
        focus: clean::printable(&doc.focus),
        synonyms: doc.synonyms.iter().map(|s| clean::printable(s)).collect(),
        url: clean::printable(&doc.url).trim().to_string(),
        ..doc.clone()
    }
}

/// Finds other documents' foci and synonyms in answer text.
struct Linker {
    matcher: Option<AhoCorasick>,
    /// For each pattern, the documents it names.
    targets: Vec<Vec<usize>>,
    /// The article a link to each document opens (its first answered pair) and
    /// whether that pair has an answer.
    landing: Vec<Option<(String, bool)>>,
    /// Each document's focus, lower-cased: another collection's page on the answer's own
    /// topic is no related condition ("Shingles" under NIHSeniorHealth's shingles).
    focus: Vec<String>,
}

impl Linker {
    fn new(documents: &[Document]) -> Linker {
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut patterns: Vec<String> = Vec::new();
        let mut targets: Vec<Vec<usize>> = Vec::new();
        let foci: Vec<String> = documents
            .iter()
            .map(|doc| doc.focus.trim().to_lowercase())
            .collect();
        for (d, (doc, focus)) in documents.iter().zip(&foci).enumerate() {
            // A one-question page that only defines a word (A.D.A.M.'s "Chronic",
            // "Genes"; MedlinePlus's "Blood") is a link only by a name of two words or
            // more: its one-word names are everyday words far more often than topics.
            let definition = doc.pairs.len() == 1;
            for name in std::iter::once(&doc.focus).chain(&doc.synonyms) {
                let key = name.trim().to_lowercase();
                if key.chars().count() < MIN_LINK_CHARS || !key.chars().any(char::is_alphabetic) {
                    continue;
                }
                if definition && !key.contains([' ', '-']) {
                    continue;
                }
                // A synonym the focus contains names something broader ("Spinal
                // muscular atrophy" for "Spinal muscular atrophy Ryukyuan type").
                if key != *focus && focus.contains(&key) {
                    continue;
                }
                let p = *index.entry(key.clone()).or_insert_with(|| {
                    patterns.push(key);
                    targets.push(Vec::new());
                    patterns.len() - 1
                });
                if !targets[p].contains(&d) {
                    targets[p].push(d);
                }
            }
        }
        let landing = documents
            .iter()
            .map(|doc| {
                let answered = doc.pairs.iter().position(|p| !p.answer.trim().is_empty());
                let pair = answered.or((!doc.pairs.is_empty()).then_some(0))?;
                Some((
                    article_id(&doc.source, &doc.id, &doc.pairs[pair].pid),
                    answered.is_some(),
                ))
            })
            .collect();
        let matcher = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(&patterns)
            .ok();
        Linker {
            matcher,
            targets,
            landing,
            focus: foci,
        }
    }

    /// The documents `answer` (its blocks, a line each) names, as link targets. A name
    /// inside an institution's name ("National Institute of Neurological Disorders and
    /// Stroke") or a longer name ("Short stature syndrome", "Spinal Muscular Atrophy
    /// Project") does not count.
    fn related(&self, from: usize, answer: &str) -> Vec<String> {
        let Some(matcher) = &self.matcher else {
            return Vec::new();
        };
        let answer = mask_institutions(answer);
        let answer = answer.as_str();
        let bytes = answer.as_bytes();
        let boundary = |i: usize| i >= bytes.len() || !bytes[i].is_ascii_alphanumeric();
        let mut out: Vec<String> = Vec::new();
        for m in matcher.find_iter(answer) {
            if !(m.start() == 0 || boundary(m.start() - 1)) || !boundary(m.end()) {
                continue;
            }
            if continues_name(&answer[m.end()..]) {
                continue;
            }
            // One link per name found: several collections cover the same focus, and
            // the reader wants one "Migraine", the answered one.
            let mut candidates = self.targets[m.pattern().as_usize()]
                .iter()
                .filter(|&&d| d != from && self.focus[d] != self.focus[from])
                .filter_map(|&d| self.landing[d].as_ref());
            let target = candidates
                .clone()
                .find(|(_, answered)| *answered)
                .or_else(|| candidates.next());
            if let Some((id, _)) = target
                && !out.contains(id)
            {
                out.push(id.clone());
            }
            if out.len() >= MAX_RELATED {
                out.truncate(MAX_RELATED);
                break;
            }
        }
        out
    }
}

/// Words after a name that make it part of a longer one.
const NAME_CONTINUATIONS: &[&str] = &["syndrome", "disease", "disorder", "type", "deficiency"];

/// Whether the text right after a matched name continues it into a longer name: a
/// capitalised word on the same line, or a word such as "syndrome".
fn continues_name(after: &str) -> bool {
    let Some(rest) = after.strip_prefix(' ') else {
        return false;
    };
    let word: String = rest.chars().take_while(|c| c.is_alphanumeric()).collect();
    word.starts_with(|c: char| c.is_uppercase()) && !word.chars().all(|c| c.is_uppercase())
        || NAME_CONTINUATIONS.contains(&word.to_lowercase().as_str())
}

/// The text with institutions' names blanked out ("National Institute of Diabetes and
/// Digestive and Kidney Diseases (NIDDK)" names no kidney disease), byte for byte.
fn mask_institutions(text: &str) -> String {
    const OPENERS: &[&str] = &[
        "National Institute",
        "National Center",
        "Division of",
        "Department of",
        "Office of",
    ];
    let mut bytes = text.as_bytes().to_vec();
    for opener in OPENERS {
        let mut from = 0;
        while let Some(found) = text[from..].find(opener) {
            let at = from + found;
            let end = text[at..]
                .find(['(', ',', '.', ';', '\n'])
                .map_or(text.len(), |i| at + i);
            for b in &mut bytes[at..end] {
                *b = b' ';
            }
            from = end.max(at + 1);
        }
    }
    // Only ASCII bytes were replaced, by spaces, so the text is still UTF-8.
    String::from_utf8(bytes).unwrap_or_else(|_| text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Made up for this test: no such syndrome exists.
    const GHR: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<Document url="https://example.org/test/pewter-finger" source="GHR" id="9300041"><Focus>Pewter finger syndrome</Focus>
<FocusAnnotations><Synonyms><Synonym>pewter hand</Synonym><Synonym>PFS</Synonym></Synonyms></FocusAnnotations>
<QAPairs>
  <QAPair pid="1"><Question qid="9300041-1" qtype="information">What is (are) Pewter finger syndrome ?</Question>
    <Answer>It greys a child&apos;s nails &amp; stiffens the fingers.    - Grey nails    - Stiff knuckles</Answer></QAPair>
  <QAPair pid="2"><Question qid="9300041-2" qtype="inheritance">Is Pewter finger syndrome inherited ?</Question>
    <Answer>It passes from mother to son, unlike Holmes-Adie syndrome.</Answer></QAPair>
</QAPairs>
</Document>"#;

    const NINDS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<doc docid="0000007" corpus="NINDS" url="http://example.org/holmes">
<doctitle-focus>Holmes-Adie syndrome</doctitle-focus>
<qaPairs><pair pid="1"><question qid="0000007-1" qtype="symptoms">what are the symptoms of holmes-adie syndrome ?</question>
<answer>A tonic pupil and absent tendon reflexes.</answer></pair></qaPairs>
</doc>"#;

    #[test]
    fn both_schemas_parse_with_entities_resolved() {
        let ghr = parse_document("genetic/pewter-finger.xml", GHR.as_bytes())
            .unwrap()
            .unwrap();
        assert_eq!(ghr.source, "GHR");
        assert_eq!(ghr.focus, "Pewter finger syndrome");
        assert_eq!(ghr.synonyms, ["pewter hand", "PFS"]);
        assert_eq!(ghr.pairs.len(), 2);
        assert!(
            ghr.pairs[0]
                .answer
                .starts_with("It greys a child's nails & stiffens the fingers.")
        );
        let ninds = parse_document("6_NINDS_QA/0000007.xml", NINDS.as_bytes())
            .unwrap()
            .unwrap();
        assert_eq!((ninds.id.as_str(), ninds.source.as_str()), ("0000007", "NINDS"));
        assert_eq!(ninds.pairs[0].qtype, "symptoms");
    }

    #[test]
    fn truncated_xml_names_the_file_and_a_line() {
        let cut = &GHR[..GHR.len() / 2];
        let problem = parse_document("genetic/pewter-finger.xml", cut.as_bytes()).unwrap_err();
        assert_eq!(problem.file, "genetic/pewter-finger.xml");
        assert!(problem.line.is_some_and(|l| l > 1), "{problem}");
    }

    #[test]
    fn unknown_entities_are_kept_as_written_never_expanded() {
        let bomb = r#"<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<Document id="1" source="GHR" url=""><Focus>Lol</Focus><QAPairs><QAPair pid="1">
<Question qtype="information">What is lol ?</Question><Answer>&lol2;</Answer></QAPair></QAPairs></Document>"#;
        let doc = parse_document("bomb.xml", bomb.as_bytes()).unwrap().unwrap();
        assert_eq!(doc.pairs[0].answer, "&lol2;");
    }

    #[test]
    fn markup_inside_an_answer_keeps_its_text() {
        let xml = r#"<Document id="0000001" source="GHR" url="https://example.org/f"><Focus>F <i>syndrome</i></Focus>
            <QAPairs><QAPair pid="1"><Question qtype="information">What is <b>F</b> ?</Question>
            <Answer>text <b>bold</b> more<p>A second line.</p><br/>Last.</Answer></QAPair></QAPairs></Document>"#;
        let doc = parse_document("f.xml", xml.as_bytes()).unwrap().unwrap();
        assert_eq!(doc.focus, "F syndrome");
        assert_eq!(doc.pairs[0].question, "What is F ?");
        assert_eq!(doc.pairs[0].answer, "text bold more\nA second line.\n\nLast.");
        let articles = to_articles(&[doc]);
        assert!(articles[0].is_answered(), "{articles:?}");
    }

    #[test]
    fn every_inflated_byte_counts_toward_the_archive_cap_refused_entries_too() {
        use std::io::Write;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("capped.zip");
        let doc = br#"<Document id="0000001" source="GHR" url="u"><Focus>F</Focus><QAPairs><QAPair pid="1"><Question qtype="information">What is F?</Question><Answer>F is a test.</Answer></QAPair></QAPairs></Document>"#;
        let mut zip = zip::ZipWriter::new(fs::File::create(&path).unwrap());
        let options = zip::write::SimpleFileOptions::default();
        for (name, bytes) in [
            ("a.xml", vec![b'a'; 1500]),
            ("b.xml", vec![b'b'; 1500]),
            ("c.xml", doc.to_vec()),
            ("d.xml", vec![b'd'; 800]),
        ] {
            zip.start_file(name, options).unwrap();
            zip.write_all(&bytes).unwrap();
        }
        zip.finish().unwrap();
        let collection = read_zip(&path, &mut |_, _| {}, 1000, 2500).unwrap();
        let said: Vec<String> = collection.problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(collection.documents.len(), 1, "{said:?}");
        assert_eq!(said.len(), 3, "{said:?}");
        assert_eq!(said[0], "a.xml: larger than 1000 bytes; not a MedQuAD document");
        assert_eq!(said[1], "b.xml: larger than 1000 bytes; not a MedQuAD document");
        assert!(
            said[2].ends_with("unpacks to more than 2500 bytes; d.xml and the entries after it are skipped"),
            "{said:?}"
        );
    }

    #[test]
    fn other_xml_is_not_a_document() {
        assert_eq!(parse_document("x.xml", b"<rss><item/></rss>").unwrap(), None);
    }

    #[test]
    fn flattened_lists_become_bullets() {
        let blocks = answer_blocks("Key Points\n   - One thing.    - Another thing.\nA paragraph.");
        let kinds: Vec<_> = blocks.iter().map(|b| (b.kind, b.text.as_str())).collect();
        assert_eq!(
            kinds,
            [
                (BlockKind::Paragraph, "Key Points"),
                (BlockKind::Bullet, "One thing."),
                (BlockKind::Bullet, "Another thing."),
                (BlockKind::Paragraph, "A paragraph."),
            ]
        );
    }

    #[test]
    fn pairs_become_linked_articles() {
        let docs = vec![
            parse_document("a.xml", GHR.as_bytes()).unwrap().unwrap(),
            parse_document("b.xml", NINDS.as_bytes()).unwrap().unwrap(),
        ];
        let articles = to_articles(&docs);
        assert_eq!(articles.len(), 3);
        let inherited = &articles[1];
        assert_eq!(inherited.id, "medquad-ghr-9300041-2");
        assert_eq!(inherited.kind, "inheritance");
        assert_eq!(inherited.follow_ups, ["medquad-ghr-9300041-1"]);
        assert_eq!(inherited.related, ["medquad-ninds-0000007-1"]);
        assert_eq!(
            inherited.references[0].url.as_deref(),
            Some("https://example.org/test/pewter-finger")
        );
        assert!(articles.iter().all(Article::is_answered));
    }

    #[test]
    fn another_collections_page_on_the_answers_own_topic_is_no_related_link() {
        // NINDS names Holmes-Adie syndrome in an answer about it; a second collection's
        // page on Holmes-Adie syndrome is the same topic, not a related condition.
        let own = NINDS.replace(
            "A tonic pupil and absent tendon reflexes.",
            "Holmes-Adie syndrome gives a tonic pupil, unlike Pewter finger syndrome.",
        );
        let other = NINDS
            .replace("corpus=\"NINDS\"", "corpus=\"GARD\"")
            .replace("docid=\"0000007\"", "docid=\"0000008\"");
        let docs = vec![
            parse_document("a.xml", GHR.as_bytes()).unwrap().unwrap(),
            parse_document("b.xml", own.as_bytes()).unwrap().unwrap(),
            parse_document("c.xml", other.as_bytes()).unwrap().unwrap(),
        ];
        let articles = to_articles(&docs);
        let ninds = articles
            .iter()
            .find(|a| a.id == "medquad-ninds-0000007-1")
            .unwrap();
        assert_eq!(ninds.related, ["medquad-ghr-9300041-1"]);
        // The GHR answer still links the NINDS page: another topic.
        let ghr = articles.iter().find(|a| a.id == "medquad-ghr-9300041-2").unwrap();
        assert_eq!(ghr.related.len(), 1);
    }

    #[test]
    fn withdrawn_answers_are_kept_as_marked_questions() {
        let xml = GHR.replace("It passes from mother to son, unlike Holmes-Adie syndrome.", "");
        let doc = parse_document("a.xml", xml.as_bytes()).unwrap().unwrap();
        let articles = to_articles(&[doc]);
        assert!(!articles[1].is_answered());
        assert!(articles[1].summaries.patient.starts_with("Answer not included"));
    }
}
