//! The search engine over all corpora: opens the current index generation, rebuilds it
//! when it is stale, missing or unreadable, and answers searches and look-ups by id.

pub mod analysis;
pub mod build;
pub mod ranking;
pub mod readonly;
pub mod schema;
pub mod stemmer;
pub mod titles;
pub mod understand;

use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::ops::Range;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::article::QuestionType;
use tantivy::collector::TopDocs;
use tantivy::columnar::Column;
use tantivy::fieldnorm::FieldNormReader;
use tantivy::query::{
    Bm25StatisticsProvider, BooleanQuery, ConstScoreQuery, EnableScoring, Occur, Query, TermQuery,
};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::{DocAddress, Executor, Index, IndexReader, ReloadPolicy, Searcher, TantivyDocument, Term};

use crate::article::Article;
use crate::corpus::{CorpusError, Sources};
pub use build::Meta;
use build::{BuildLock, CURRENT_FILE, DAMAGED_FILE, META_FILE};
pub use ranking::Target;
use schema::{Fields, SCHEMA_VERSION};

/// Why the index could not be opened, built or searched.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    /// A file or directory of the index could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// What was read or written.
        path: PathBuf,
        /// Why it failed.
        #[source]
        source: std::io::Error,
    },
    /// tantivy failed (building, or a full disk it reports as its own error).
    #[error("index: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    /// The corpora could not be read.
    #[error(transparent)]
    Corpus(#[from] CorpusError),
    /// An article stored in the index does not parse.
    #[error("stored article `{id}` cannot be read: {message}")]
    Stored {
        /// The article's id.
        id: String,
        /// What is wrong with it.
        message: String,
    },
    /// Searching failed on a damaged index (or panicked inside tantivy).
    #[error("searching the index in {} failed: {message}", .dir.display())]
    Damaged {
        /// The generation searched.
        dir: PathBuf,
        /// What failed, and whether the checksums found damage.
        message: String,
    },
}

impl IndexError {
    /// An I/O error on `path`.
    pub fn io(path: &Path, source: std::io::Error) -> Self {
        IndexError::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}

/// Most threads one search uses; more segments than this are shared among them.
const MAX_SEARCH_THREADS: usize = 4;

/// Why an index was (re)built when the engine opened, for the user to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Opened {
    /// The current generation matched the corpora.
    Current,
    /// A new generation was built; the string says why.
    Rebuilt(String),
}

/// What [`Engine::import`] made.
pub struct Imported {
    /// The index over the library with the new corpus.
    pub engine: Engine,
    /// The new corpus's manifest entry.
    pub installed: crate::corpus::Installed,
    /// What was found damaged in the corpora and set aside on the way.
    pub notices: Vec<String>,
}

thread_local! {
    /// How deep this thread is inside [`Engine`]'s guarded searches.
    static GUARDED: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// Marks the current thread as inside a guarded search while it lives.
struct Guarded;

impl Guarded {
    fn enter() -> Guarded {
        GUARDED.with(|depth| depth.set(depth.get() + 1));
        Guarded
    }
}

impl Drop for Guarded {
    fn drop(&mut self) {
        GUARDED.with(|depth| depth.set(depth.get().saturating_sub(1)));
    }
}

/// Whether a panic on this thread now would be caught by a guarded search, which turns it
/// into an error: a panic hook then has nothing to report and no terminal to restore.
pub fn panic_is_caught() -> bool {
    GUARDED.with(|depth| depth.get() > 0)
}

/// One article found by a search.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    /// The article's id.
    pub id: String,
    /// Its question.
    pub question: String,
    /// Its topic.
    pub topic: String,
    /// Its kind (causes, treatment, …).
    pub kind: String,
    /// The corpus it belongs to (`builtin`, `medquad`, `pubmed`).
    pub corpus: String,
    /// Its score after every re-ranking.
    pub score: f32,
    /// Whether it carries an answer (a withheld one points to its source).
    pub answered: bool,
    /// How much of the article's best name the question uses, from 0 (it names nothing
    /// of the article's topic) to 1 (the whole topic or a whole alias).
    pub coverage: f32,
    /// The same share counting only the words typed that could name something (not
    /// their expansions, numbers or words for who is ill: "fever", read also as
    /// hyperthermia, names half of "Malignant hyperthermia" only through the expansion)
    /// and the recognised main focus. What `ask` reads to decide whether the article is
    /// about what was asked.
    pub named: f32,
}

/// One paragraph or bullet found by a search, with where it stands.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PassageHit {
    /// The id of the article the passage comes from.
    pub article_id: String,
    /// That article's topic.
    pub topic: String,
    /// The heading of the section it stands in.
    pub heading: String,
    /// The passage's words.
    pub text: String,
    /// Position of the block in the article's reading order.
    pub block: usize,
    /// Reference numbers the passage cites.
    pub cites: Vec<u32>,
    /// Its score after re-ranking.
    pub score: f32,
}

/// What names an article in a link: its id, question and topic.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Title {
    /// The article's id.
    pub id: String,
    /// Its question.
    pub question: String,
    /// Its topic.
    pub topic: String,
}

/// A piece of text with the byte ranges that matched the query.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Snippet {
    /// The text cut from the article.
    pub text: String,
    /// Byte ranges of `text` that match the question.
    pub highlights: Vec<Range<usize>>,
}

/// The index, opened: one reader for the program's life, a fresh searcher per query.
pub struct Engine {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    meta: Meta,
    location: Option<PathBuf>,
    /// Per segment (the reader is never reloaded, so segments stay as opened).
    columns: Vec<SegmentColumns>,
    /// What hits show and the articles' names, without their stored documents.
    titles: titles::Titles,
    /// The spellings of words the index lacks, found once.
    spellings: ranking::Spellings,
}

impl Engine {
    /// Opens the index under `index_dir`, rebuilding it first when it does not match
    /// `sources` or cannot be read. Progress is (articles indexed, total).
    pub fn open(
        index_dir: &Path,
        sources: &Sources,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<(Engine, Opened), IndexError> {
        let fingerprint = build::fingerprint_hex(sources.fingerprint());
        let reason = match open_current(index_dir) {
            Ok((engine, meta))
                if meta.fingerprint == fingerprint && meta.schema_version == SCHEMA_VERSION =>
            {
                // A build killed before its swap leaves its directory; a rebuild sweeps
                // it, and so does a start that reuses the index.
                build::sweep_killed_builds(index_dir);
                return Ok((engine, Opened::Current));
            }
            Ok(_) => "the corpora changed since it was built".to_string(),
            Err(e) => e,
        };
        match Engine::ensure(index_dir, sources, progress, false)? {
            (engine, true) => Ok((engine, Opened::Rebuilt(reason))),
            // Another process built it while this one waited for the lock.
            (engine, false) => Ok((engine, Opened::Current)),
        }
    }

    /// Opens the index under `index_dir` built from exactly `articles` (identified by
    /// `fingerprint`), building it first when it is missing, stale or unreadable. For
    /// indexes outside the user's library, such as the evaluation's.
    pub fn open_articles(
        index_dir: &Path,
        fingerprint: u64,
        articles: &[Article],
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<(Engine, Opened), IndexError> {
        let fingerprint = build::fingerprint_hex(fingerprint);
        let reason = match open_current(index_dir) {
            Ok((engine, meta))
                if meta.fingerprint == fingerprint && meta.schema_version == SCHEMA_VERSION =>
            {
                return Ok((engine, Opened::Current));
            }
            Ok(_) => "the articles changed since it was built".to_string(),
            Err(e) => e,
        };
        let _lock = BuildLock::acquire(index_dir)?;
        build::build_generation(index_dir, &fingerprint, articles, progress)?;
        Ok((open_built(index_dir)?, Opened::Rebuilt(reason)))
    }

    /// Builds a new generation under `index_dir` from articles streamed one at a time
    /// (about `total` of them) and swaps it in, whatever is there now. For corpora too
    /// large to hold in memory, such as the benchmark's synthetic million passages.
    pub fn build_streamed<A: std::borrow::Borrow<Article>>(
        index_dir: &Path,
        fingerprint: u64,
        articles: impl Iterator<Item = A>,
        total: u64,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<Engine, IndexError> {
        let fingerprint = build::fingerprint_hex(fingerprint);
        let _lock = BuildLock::acquire(index_dir)?;
        build::build_generation_streamed(index_dir, &fingerprint, articles, total, progress)?;
        open_built(index_dir)
    }

    /// Makes the index match `sources`: the current generation when it was built from
    /// them and passes its checksums, else a new generation built and swapped in.
    pub fn rebuild(
        index_dir: &Path,
        sources: &Sources,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<Engine, IndexError> {
        Ok(Engine::ensure(index_dir, sources, progress, false)?.0)
    }

    /// Builds a new generation from `sources` and swaps it in, whatever is there now
    /// (`curbside index --force`).
    pub fn build(
        index_dir: &Path,
        sources: &Sources,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<Engine, IndexError> {
        Ok(Engine::ensure(index_dir, sources, progress, true)?.0)
    }

    /// The index for `sources`, and whether this call built it.
    fn ensure(
        index_dir: &Path,
        sources: &Sources,
        progress: &mut dyn FnMut(u64, u64),
        force: bool,
    ) -> Result<(Engine, bool), IndexError> {
        let _lock = BuildLock::acquire(index_dir)?;
        let fingerprint = build::fingerprint_hex(sources.fingerprint());
        // Another process may have built the same corpora while this one waited.
        if !force
            && let Ok((engine, meta)) = open_current(index_dir)
            && meta.fingerprint == fingerprint
            && meta.schema_version == SCHEMA_VERSION
        {
            return Ok((engine, false));
        }
        // Built under the fingerprint of what was read: a corpus file found damaged
        // now is set aside and left out (and said in the notices). The articles are
        // streamed from the corpus files into the index, never held together, so a
        // library of a million citations builds in the memory of a few thousand.
        let mut installed = sources.verified();
        loop {
            let read = crate::corpus::repair::fingerprint(sources.builtin.fingerprint, &installed);
            let total =
                sources.builtin.articles.len() as u64 + installed.iter().map(|i| i.articles).sum::<u64>();
            let failed = std::cell::Cell::new(None);
            let articles = sources.stream(&installed).map(|article| {
                article.map_err(|(n, e)| {
                    failed.set(Some(n));
                    IndexError::from(e)
                })
            });
            match build::build_generation_fallible(
                index_dir,
                &build::fingerprint_hex(read),
                articles,
                total,
                progress,
            ) {
                Ok(_) => return Ok((open_built(index_dir)?, true)),
                // A file whose fingerprint checked but whose articles do not parse: left
                // out as a damaged one is, and the index built again without it.
                Err(IndexError::Corpus(e)) => match failed.get() {
                    Some(n) => sources.leave_out(&installed.remove(n), &e.plain()),
                    None => return Err(IndexError::Corpus(e)),
                },
                Err(e) => return Err(e),
            }
        }
    }

    /// Imports `articles` as the corpus `name`: the corpus is written beside the
    /// current one, the index is built over the library with it, and only then does the
    /// manifest name it. An import that fails at any step (no space left to index it,
    /// say) leaves the previous library and its index in service.
    pub fn import(
        home: &crate::home::Home,
        builtin: crate::corpus::Corpus,
        name: &str,
        articles: &[Article],
        lock: &crate::corpus::store::ImportLock,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<Imported, IndexError> {
        let corpora_dir = home.corpora_dir();
        let staged = crate::corpus::store::stage(&corpora_dir, name, articles, lock)?;
        let mut notices = staged.notices.clone();
        let found = crate::corpus::repair::Found {
            installed: staged.installed().to_vec(),
            notices: Vec::new(),
        };
        let next = Sources::from_found(builtin, &corpora_dir, found);
        let (engine, _) = Engine::ensure(&home.index_dir(), &next, progress, true)?;
        let installed = staged.commit()?;
        notices.extend(next.take_notices());
        Ok(Imported {
            engine,
            installed,
            notices,
        })
    }

    /// An index in memory over `articles`, for tests and evaluations.
    pub fn in_ram(articles: &[Article]) -> Result<Engine, IndexError> {
        let (schema, fields) = Fields::schema();
        let index = Index::create_in_ram(schema);
        schema::register(&index);
        let mut writer: tantivy::IndexWriter = index.writer_with_num_threads(1, 64 * 1024 * 1024)?;
        let mut passages = 0;
        let mut titles = titles::TitlesWriter::default();
        for article in articles {
            passages += build::add_article(&writer, &fields, &mut titles, article)?;
        }
        writer.commit()?;
        let titles = titles.into_titles().ok_or_else(|| {
            IndexError::io(
                Path::new(titles::TITLES_FILE),
                std::io::Error::other("not written"),
            )
        })?;
        let meta = Meta {
            schema_version: SCHEMA_VERSION,
            fingerprint: String::new(),
            articles: articles.len() as u64,
            passages,
            built: 0,
        };
        Engine::from_index(index, fields, meta, None, titles)
    }

    fn from_index(
        mut index: Index,
        fields: Fields,
        meta: Meta,
        location: Option<PathBuf>,
        titles: titles::Titles,
    ) -> Result<Engine, IndexError> {
        // A build ends merged into one segment, searched on the calling thread: handing
        // a question to search threads cost more than it saved (BENCHMARKS.md). An index
        // of several segments (an in-memory one large enough to flush) has them searched
        // on every core at once; their hits are merged in segment order, so the results
        // are the same as one at a time.
        let segments = index.searchable_segment_ids()?.len();
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        if segments > 1 && cores > 1 {
            index.set_multithread_executor(cores.min(segments).min(MAX_SEARCH_THREADS))?;
        }
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let columns = SegmentColumns::open(&reader.searcher(), &fields)?;
        Ok(Engine {
            index,
            reader,
            fields,
            meta,
            location,
            columns,
            titles,
            spellings: ranking::Spellings::default(),
        })
    }

    /// What the index was built from: schema version, fingerprint, counts.
    pub fn meta(&self) -> &Meta {
        &self.meta
    }

    /// The generation directory in use (none for an index in memory).
    pub fn location(&self) -> Option<&Path> {
        self.location.as_deref()
    }

    /// A searcher over the index as it stands, for several searches that must agree.
    pub fn searcher(&self) -> Searcher {
        self.reader.searcher()
    }

    /// Builds the query for `text`, or `None` when it asks for nothing searchable (for
    /// profiling query building apart from searching).
    pub fn query(
        &self,
        searcher: &Searcher,
        text: &str,
        as_you_type: bool,
        target: Target,
    ) -> Option<Box<dyn Query>> {
        let filtered = analysis::filters(text);
        self.guarded(|| {
            let analysis = self.analysis(searcher, &filtered.rest, as_you_type, target);
            Ok(self
                .prepared(&filtered, &analysis, target)
                .map(|(query, _)| query))
        })
        .unwrap_or(None)
    }

    /// What a question's restrictions (`year:`, `type:`, ...) could not be read as, for
    /// the reader: a bad one is left out of the search, never an error.
    pub fn notes(text: &str) -> Vec<String> {
        analysis::filters(text).notes
    }

    /// Runs `work` so that a panic inside tantivy (a damaged segment can make its
    /// decoders index out of bounds) becomes an error rather than a crash. After any
    /// failure the index's checksums are verified; files that fail them mark the
    /// generation damaged, so the next start rebuilds it, and the error says so.
    fn guarded<T>(&self, work: impl FnOnce() -> Result<T, IndexError>) -> Result<T, IndexError> {
        let caught = {
            let _inside = Guarded::enter();
            catch_unwind(AssertUnwindSafe(work))
        };
        let failure = match caught {
            Ok(Ok(value)) => return Ok(value),
            Ok(Err(IndexError::Tantivy(e))) => e.to_string(),
            Ok(Err(other)) => return Err(other),
            Err(panic) => format!("tantivy panicked: {}", panic_message(&*panic)),
        };
        let Some(dir) = self.location.clone() else {
            return Err(IndexError::Damaged {
                dir: PathBuf::from("(memory)"),
                message: failure,
            });
        };
        let message = match verify(&self.index) {
            Ok(()) => format!("{failure} (its files pass their checksums)"),
            Err(damage) => {
                let marked = fs::write(dir.join(DAMAGED_FILE), format!("{damage}\n"));
                let next = if marked.is_ok() {
                    "it is rebuilt on the next start"
                } else {
                    "`curbside index --force` rebuilds it"
                };
                format!("{failure}; the index is damaged ({damage}): {next}")
            }
        };
        Err(IndexError::Damaged { dir, message })
    }

    /// The question analysed, its unknown words read against the index's vocabulary.
    fn analysis(
        &self,
        searcher: &Searcher,
        text: &str,
        as_you_type: bool,
        target: Target,
    ) -> analysis::Analysis {
        let mut analysis = analysis::analyze(text, as_you_type);
        ranking::match_vocabulary(searcher, &self.fields, &self.spellings, &mut analysis, target);
        analysis
    }

    /// What a document's score is multiplied by for how much of its (article's) topic
    /// the question names.
    fn coverage_factor(&self, subject: &HashSet<u64>, address: DocAddress) -> f32 {
        1.0 + ranking::TOPIC_COVERAGE_WEIGHT * self.coverage(subject, address)
    }

    /// How much of the best name of the (article of the) document at `address` the
    /// stems of `subject` use.
    fn coverage(&self, subject: &HashSet<u64>, address: DocAddress) -> f32 {
        ranking::topic_coverage(subject, self.names(address).iter())
    }

    /// The place in the titles table of the article of the document at `address` (an
    /// article or one of its passages).
    fn ordinal(&self, address: DocAddress) -> Option<u64> {
        self.columns
            .get(address.segment_ord as usize)?
            .ordinal
            .as_ref()?
            .first(address.doc_id)
    }

    /// The name values of the article of the document at `address` (none when unknown).
    fn names(&self, address: DocAddress) -> titles::NameValues<'_> {
        self.ordinal(address)
            .map(|ordinal| self.titles.names(ordinal))
            .unwrap_or_default()
    }

    /// The query for a question (its restrictions taken out) and the question types it
    /// asks for (as codes). `None` when it asks for nothing: no words, no restriction.
    fn prepared(
        &self,
        filtered: &analysis::Filtered,
        analysis: &analysis::Analysis,
        target: Target,
    ) -> Option<(Box<dyn Query>, Vec<u64>)> {
        let scoring = ranking::scoring_query(&self.index, &self.fields, &filtered.rest, analysis, target);
        // The fields a plain question is scored on belong to one kind of document, so
        // its query finds only that kind. Restricting it to the kind as well would
        // intersect it with half the index (the kind's term), and the intersection,
        // led by that term, seeks every article: a fifth of `ask` (BENCHMARKS.md).
        // Only a question of restrictions alone, or explicit syntax, which may name a
        // field both kinds carry (`corpus:`), needs the restriction.
        let one_kind = scoring.is_some() && !analysis.explicit;
        let scoring = ranking::filtered(&self.fields, scoring, &filtered.filters)?;
        let types = analysis.types.iter().map(|t| t.code()).collect();
        let query = if one_kind {
            scoring
        } else {
            ranking::restrict(&self.fields, scoring, target)
        };
        Some((query, types))
    }

    /// The best documents of one kind for `text`, and the question as analysed for
    /// them, with what question analysis added (`known`). Explicit syntax the index
    /// cannot run (`topic:*` asks for a fast field) is read again as plain words, never
    /// an error.
    fn ranked(
        &self,
        searcher: &Searcher,
        filtered: &analysis::Filtered,
        as_you_type: bool,
        target: Target,
        limit: usize,
        known: Known<'_>,
    ) -> Result<(Vec<(f32, DocAddress)>, analysis::Analysis), IndexError> {
        let mut analysis = self.analysis(searcher, &filtered.rest, as_you_type, target);
        for &qtype in known.types {
            if !analysis.types.contains(&qtype) {
                analysis.types.push(qtype);
            }
        }
        analysis.renamed = known.renamed.to_vec();
        let run = |analysis: &analysis::Analysis| match self.prepared(filtered, analysis, target) {
            Some((query, types)) => self.top(searcher, query.as_ref(), limit, &types, target),
            None => Ok(Vec::new()),
        };
        match run(&analysis) {
            Err(IndexError::Tantivy(_)) if analysis.explicit => {
                let words = analysis::Analysis {
                    explicit: false,
                    ..analysis
                };
                Ok((run(&words)?, words))
            }
            other => Ok((other?, analysis)),
        }
    }

    /// The best articles for `text`, best first; questions whose answers were withheld
    /// come after every answered article found. The best [`ranking::RERANK_DEPTH`] are
    /// ranked again by how much of their topic the question names, and a question one
    /// page answers twice (a topic's main text and its FAQ) is listed once, with the
    /// fuller answer. A question that asks for an overview ([`understand::asks_overview`])
    /// raises the overview pages as `ask` does.
    pub fn search(&self, text: &str, limit: usize, as_you_type: bool) -> Result<Vec<Hit>, IndexError> {
        let filtered = analysis::filters(text);
        let asked = understand::asks_overview(text).then_some(QuestionType::Information);
        self.guarded(|| self.search_filtered(&filtered, limit, as_you_type, None, asked))
    }

    /// [`Engine::search`], with the articles about the question's recognised foci (as
    /// [`Engine::understand`] found them in the library) raised by
    /// [`ranking::FOCUS_WEIGHT`] × the share of their best name the foci name.
    pub fn search_focused(
        &self,
        text: &str,
        limit: usize,
        as_you_type: bool,
        understood: Option<&understand::Understanding>,
    ) -> Result<Vec<Hit>, IndexError> {
        let filtered = analysis::filters(text);
        // What the question was understood to ask, when a word or phrase says so ("how
        // do I know if I have…" asks for diagnosis), is raised like the types its words cue.
        let asked = understood.filter(|u| !u.type_guessed).map(|u| u.main_type());
        self.guarded(|| self.search_filtered(&filtered, limit, as_you_type, understood, asked))
    }

    /// Whether any document of the corpus `name` is in the index: one term look-up.
    pub fn holds_corpus(&self, name: &str) -> bool {
        let term = Term::from_field_text(self.fields.corpus, name);
        self.searcher().doc_freq(&term).is_ok_and(|n| n > 0)
    }

    /// [`Engine::search`] among one corpus's articles only: how the research citations
    /// about an answer's topic are found beside it.
    pub fn search_corpus(&self, text: &str, corpus: &str, limit: usize) -> Result<Vec<Hit>, IndexError> {
        let mut filtered = analysis::filters(text);
        filtered
            .filters
            .push(analysis::Filter::Corpus(corpus.to_string()));
        self.guarded(|| self.search_filtered(&filtered, limit, false, None, None))
    }

    fn search_filtered(
        &self,
        filtered: &analysis::Filtered,
        limit: usize,
        as_you_type: bool,
        understood: Option<&understand::Understanding>,
        asked: Option<QuestionType>,
    ) -> Result<Vec<Hit>, IndexError> {
        let (hits, answered_as_asked) =
            self.search_asking(filtered, limit, as_you_type, understood, asked)?;
        // When the library has no page of that type on the focus, the type nearest to it
        // stands in ([`ranking::stand_in`]): a condition's signs tell how one knows one
        // has it, a drug's precautions what not to take with it.
        match asked.and_then(ranking::stand_in) {
            Some(stand_in) if !answered_as_asked => Ok(self
                .search_asking(filtered, limit, as_you_type, understood, Some(stand_in))?
                .0),
            _ => Ok(hits),
        }
    }

    /// [`Engine::search_filtered`] raising `asked`; also says whether a page about the
    /// focus of that type was found.
    fn search_asking(
        &self,
        filtered: &analysis::Filtered,
        limit: usize,
        as_you_type: bool,
        understood: Option<&understand::Understanding>,
        asked: Option<QuestionType>,
    ) -> Result<(Vec<Hit>, bool), IndexError> {
        let searcher = self.searcher();
        let depth = limit.max(ranking::RERANK_DEPTH);
        let asked: Vec<QuestionType> = asked.into_iter().collect();
        let names: Vec<&str> = understood
            .into_iter()
            .flat_map(|u| &u.foci)
            .filter_map(|f| f.name.as_deref())
            .collect();
        let main = MainFocus::of(understood);
        let (mut top, analysis) = self.ranked(
            &searcher,
            filtered,
            as_you_type,
            Target::Articles,
            depth,
            Known {
                types: &asked,
                renamed: &main.renamed,
            },
        )?;
        // Only a focus none of whose pages the first search found is searched for.
        let missing: Vec<&str> = names
            .iter()
            .copied()
            .filter(|name| {
                let hashes = name_hashes(name);
                !top.iter()
                    .any(|(_, address)| ranking::topic_coverage(&hashes, self.names(*address).iter()) >= 1.0)
            })
            .collect();
        for page in self.focus_pages(&searcher, filtered, &analysis, &missing, depth)? {
            if !top.iter().any(|(_, address)| *address == page.1) {
                top.push(page);
            }
        }
        // The question names its main focus as the library does, whatever words it
        // used ("hypertension" names High blood pressure): the focus's pages are about
        // what was asked though they do not use the question's word.
        let mut subject = ranking::subject_hashes(&analysis);
        subject.extend(&main.name);
        let typed: HashSet<u64> = analysis
            .words
            .iter()
            .filter(|w| ranking::could_name(w))
            .filter_map(|w| ranking::searched_stem(&analysis, w))
            .map(|s| ranking::stem_hash(&s))
            .chain(main.name.iter().copied())
            .collect();
        let focus: HashSet<u64> = understood
            .into_iter()
            .flat_map(|u| &u.foci)
            .filter(|f| f.name.is_some())
            .flat_map(|f| analysis::words(&f.text))
            .filter(|w| !crate::vocab::is_stopword(w))
            // A misspelt focus ("gabapentn") counts as the library spells it.
            .filter_map(|w| ranking::searched_stem(&analysis, &w))
            .map(|s| ranking::stem_hash(&s))
            .chain(main.name.iter().copied())
            .collect();
        let asked_code = asked.first().map(|t| t.code());
        let mut answered_as_asked = focus.is_empty();
        let mut candidates = Vec::with_capacity(top.len());
        for (score, address) in top {
            let Some(columns) = self.columns.get(address.segment_ord as usize) else {
                continue;
            };
            let doc = address.doc_id;
            let focused = if focus.is_empty() {
                0.0
            } else {
                ranking::topic_coverage(&focus, self.names(address).iter())
            };
            if focused >= 1.0
                && asked_code.is_some()
                && columns.qtype.as_ref().and_then(|c| c.first(doc)) == asked_code
            {
                answered_as_asked = true;
            }
            let coverage = self.coverage(&subject, address);
            candidates.push(Candidate {
                score: score
                    * (1.0 + ranking::TOPIC_COVERAGE_WEIGHT * coverage)
                    * (1.0 + ranking::FOCUS_WEIGHT * focused),
                coverage,
                named: self.coverage(&typed, address),
                answered: columns.answered.as_ref().and_then(|c| c.first(doc)) == Some(1),
                on_focus: focused >= 1.0,
                page_question: columns.page_question.as_ref().and_then(|c| c.first(doc)),
                length: columns.body_norms.fieldnorm(doc),
                address,
            });
        }
        candidates.sort_by(|a, b| b.score.total_cmp(&a.score));
        let mut kept: Vec<Candidate> = Vec::with_capacity(candidates.len());
        for candidate in candidates {
            let twin = kept
                .iter_mut()
                .find(|k| candidate.page_question.is_some() && k.page_question == candidate.page_question);
            match twin {
                // The fuller answer takes the place of the better-scored one.
                Some(k) if candidate.length > k.length => {
                    *k = Candidate {
                        score: k.score,
                        ..candidate
                    };
                }
                Some(_) => {}
                None => kept.push(candidate),
            }
        }
        kept.truncate(limit);
        // Withheld answers come after the answered ones, unless the question's focus is
        // what they are about: the page on the drug asked about, with its link, is more
        // use than an answer about another topic.
        // When nothing answered is about the focus in full, the withheld pages that are
        // come first: the drug's own page on what was asked, with its link, before an
        // answered page on something named after it ("warfarin sensitivity").
        let focus_answered = kept.iter().any(|k| k.answered && k.on_focus);
        kept.sort_by_key(|k| match (k.answered, k.on_focus && !focus_answered) {
            (_, true) => 0,
            (true, false) => 1,
            (false, false) => 2,
        });
        let hits = kept
            .into_iter()
            .map(|candidate| {
                let title = self.title_record(&searcher, candidate.address)?;
                Ok(Hit {
                    id: title.id,
                    question: title.question,
                    topic: title.topic,
                    kind: title.kind,
                    corpus: title.corpus,
                    score: candidate.score,
                    answered: candidate.answered,
                    coverage: candidate.coverage,
                    named: candidate.named,
                })
            })
            .collect::<Result<Vec<Hit>, IndexError>>()?;
        Ok((hits, answered_as_asked))
    }

    /// The best articles whose topic holds one of `names` (the recognised foci as the
    /// library names them), scored as the question scores them: the first search keeps
    /// only the best [`ranking::RERANK_DEPTH`] by plain score, and a focus named by an
    /// alias the pages do not use ("hypertension" for High blood pressure) can have
    /// every one of its pages below them, under another topic's that use the word
    /// (pulmonary hypertension).
    fn focus_pages(
        &self,
        searcher: &Searcher,
        filtered: &analysis::Filtered,
        analysis: &analysis::Analysis,
        names: &[&str],
        limit: usize,
    ) -> Result<Vec<(f32, DocAddress)>, IndexError> {
        if names.is_empty() || analysis.explicit {
            return Ok(Vec::new());
        }
        let Some((query, types)) = self.prepared(filtered, analysis, Target::Articles) else {
            return Ok(Vec::new());
        };
        let topics: Vec<(Occur, Box<dyn Query>)> = names
            .iter()
            .map(|name| ranking::stems(name))
            .filter(|stems| !stems.is_empty())
            .map(|stems| (Occur::Should, ranking::phrase_filter(self.fields.topic, &stems)))
            .collect();
        if topics.is_empty() {
            return Ok(Vec::new());
        }
        let on_topic = BooleanQuery::new(vec![
            (Occur::Must, query),
            (
                Occur::Must,
                Box::new(ConstScoreQuery::new(Box::new(BooleanQuery::new(topics)), 0.0)),
            ),
        ]);
        self.top(searcher, &on_topic, limit, &types, Target::Articles)
    }

    /// The best paragraphs and bullets for `text`, best first, ranked again by topic
    /// coverage as [`Engine::search`] ranks articles.
    pub fn passages(&self, text: &str, limit: usize) -> Result<Vec<PassageHit>, IndexError> {
        self.guarded(|| self.passages_unguarded(text, limit, None))
    }

    /// [`Engine::passages`] for a question understood first, as `ask` searches them:
    /// its main focus's library name is searched beside its words when it uses another
    /// ([`MainFocus`]) and counts as named in topic coverage, as for articles, so
    /// that "hypertension treatment" draws on High blood pressure's passages, not only
    /// on the pulmonary hypertension pages that use the word.
    pub fn passages_focused(
        &self,
        text: &str,
        limit: usize,
        understood: Option<&understand::Understanding>,
    ) -> Result<Vec<PassageHit>, IndexError> {
        self.guarded(|| self.passages_unguarded(text, limit, understood))
    }

    fn passages_unguarded(
        &self,
        text: &str,
        limit: usize,
        understood: Option<&understand::Understanding>,
    ) -> Result<Vec<PassageHit>, IndexError> {
        let searcher = self.searcher();
        let depth = limit.max(ranking::RERANK_DEPTH);
        let main = MainFocus::of(understood);
        let (mut top, analysis) = self.ranked(
            &searcher,
            &analysis::filters(text),
            false,
            Target::Passages,
            depth,
            Known {
                types: &[],
                renamed: &main.renamed,
            },
        )?;
        // Ranked again, as articles are, by how much of their article's topic the
        // question names, its main focus's library name included.
        let mut subject = ranking::subject_hashes(&analysis);
        subject.extend(&main.name);
        for (score, address) in &mut top {
            *score *= self.coverage_factor(&subject, *address);
        }
        top.sort_by(|a, b| b.0.total_cmp(&a.0));
        top.truncate(limit);
        top.into_iter()
            .map(|(score, address)| {
                let doc: TantivyDocument = searcher.doc(address)?;
                let cites = self
                    .text(&doc, self.fields.cites)
                    .split(',')
                    .filter_map(|n| n.parse().ok())
                    .collect();
                Ok(PassageHit {
                    article_id: self.text(&doc, self.fields.article_id),
                    topic: self.text(&doc, self.fields.passage_topic),
                    heading: self.text(&doc, self.fields.heading),
                    text: self.text(&doc, self.fields.passage),
                    block: doc
                        .get_first(self.fields.block)
                        .and_then(|v| v.as_u64())
                        .unwrap_or(0) as usize,
                    cites,
                    score,
                })
            })
            .collect()
    }

    /// Top documents by score: answers of a type the question asks for (`types`, as
    /// codes) raised, withdrawn imports pushed down.
    fn top(
        &self,
        searcher: &Searcher,
        query: &dyn Query,
        limit: usize,
        types: &[u64],
        target: Target,
    ) -> Result<Vec<(f32, DocAddress)>, IndexError> {
        // The types asked, as a set of codes: bit n for code n.
        let types = types
            .iter()
            .filter(|&&code| code < 64)
            .fold(0u64, |set, &code| set | (1 << code));
        let factors: Vec<(tantivy::index::SegmentId, Factors)> = self
            .columns
            .iter()
            .zip(searcher.segment_readers())
            .map(|(columns, reader)| (columns.segment, columns.factors(reader.max_doc())))
            .collect();
        let collector =
            TopDocs::with_limit(limit.max(1)).tweak_score(move |segment: &tantivy::SegmentReader| {
                // Every segment opened with the engine has its factors; one without them
                // (none: the reader never reloads) is scored without, not failed.
                let factors = factors
                    .iter()
                    .find(|(id, _)| *id == segment.segment_id())
                    .map(|(_, factors)| factors.clone());
                move |doc: tantivy::DocId, score: tantivy::Score| {
                    let Some(&byte) = factors.as_ref().and_then(|f| f.get(doc as usize)) else {
                        return score;
                    };
                    let mut score = score;
                    if byte & ANSWERED_BIT == 0 {
                        score *= ranking::UNANSWERED_FACTOR;
                    }
                    if 1u64
                        .checked_shl(u32::from(byte & !ANSWERED_BIT))
                        .is_some_and(|bit| types & bit != 0)
                    {
                        score *= ranking::TYPE_MATCH_FACTOR;
                    }
                    score
                }
            });
        // Articles and passages share the index but no scored field, so BM25 must count
        // only the documents of the kind searched: with every document counted, an
        // article field's average length comes out several times too short and every
        // longer field (a list of aliases) is punished for it.
        let documents = match target {
            Target::Articles => self.meta.articles,
            Target::Passages => self.meta.passages,
        };
        let statistics = KindStatistics { searcher, documents };
        Ok(searcher.search_with_statistics_provider(query, &collector, &statistics)?)
    }

    fn text(&self, doc: &TantivyDocument, field: tantivy::schema::Field) -> String {
        doc.get_first(field)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_string()
    }

    /// Where the article document with this id is.
    fn address(&self, searcher: &Searcher, id: &str) -> Result<Option<DocAddress>, IndexError> {
        let term = Term::from_field_text(self.fields.article_id, id);
        let query = ranking::restrict(
            &self.fields,
            Box::new(TermQuery::new(term, IndexRecordOption::Basic)),
            Target::Articles,
        );
        // A look-up by id reads one posting per segment: handing it to the search
        // threads costs more than it saves (measured: links resolved at half the speed),
        // so it stays on this thread.
        let found = searcher.search_with_executor(
            &query,
            &TopDocs::with_limit(1).order_by_score(),
            &Executor::single_thread(),
            EnableScoring::enabled_from_searcher(searcher),
        )?;
        Ok(found.into_iter().next().map(|(_, address)| address))
    }

    /// The question and topic of the article with this id: what a link to it shows. Read
    /// from their stored fields, without parsing the whole article, because an answer
    /// resolves a dozen links or more (the profile in BENCHMARKS.md).
    pub fn title(&self, id: &str) -> Result<Option<Title>, IndexError> {
        self.guarded(|| self.title_unguarded(id))
    }

    fn title_unguarded(&self, id: &str) -> Result<Option<Title>, IndexError> {
        let searcher = self.searcher();
        let Some(address) = self.address(&searcher, id)? else {
            return Ok(None);
        };
        let title = self.title_record(&searcher, address)?;
        Ok(Some(Title {
            id: title.id,
            question: title.question,
            topic: title.topic,
        }))
    }

    /// What a hit shows of the article document at `address`: from the titles side
    /// table, or from its stored document should the table not hold it.
    fn title_record(&self, searcher: &Searcher, address: DocAddress) -> Result<OwnedTitle, IndexError> {
        if let Some(record) = self.ordinal(address).and_then(|ordinal| self.titles.get(ordinal)) {
            return Ok(OwnedTitle {
                id: record.id.to_string(),
                question: record.question.to_string(),
                topic: record.topic.to_string(),
                kind: record.kind.to_string(),
                corpus: record.corpus.to_string(),
            });
        }
        let doc: TantivyDocument = searcher.doc(address)?;
        Ok(OwnedTitle {
            id: self.text(&doc, self.fields.article_id),
            question: self.text(&doc, self.fields.question),
            topic: self.text(&doc, self.fields.topic),
            kind: self.text(&doc, self.fields.kind),
            corpus: self.text(&doc, self.fields.corpus),
        })
    }

    /// The article with this id, read from the index.
    pub fn article(&self, id: &str) -> Result<Option<Article>, IndexError> {
        self.guarded(|| self.article_unguarded(id))
    }

    fn article_unguarded(&self, id: &str) -> Result<Option<Article>, IndexError> {
        let searcher = self.searcher();
        let Some(address) = self.address(&searcher, id)? else {
            return Ok(None);
        };
        let doc: TantivyDocument = searcher.doc(address)?;
        let json = doc
            .get_first(self.fields.json)
            .and_then(|v| v.as_str())
            .unwrap_or_default();
        serde_json::from_str(json)
            .map(Some)
            .map_err(|e| IndexError::Stored {
                id: id.to_string(),
                message: e.to_string(),
            })
    }

    /// Highlights where `text` matches `query_text`, cut to about `max_chars`.
    pub fn snippet(&self, query_text: &str, text: &str, max_chars: usize) -> Snippet {
        let analysis = analysis::analyze(&analysis::filters(query_text).rest, false);
        let mut terms = BTreeMap::new();
        for word in &analysis.words {
            if let Some(stemmed) = ranking::stem(word) {
                terms.insert(stemmed, 1.0);
            }
        }
        let generator = SnippetGenerator::new(terms, schema::analyzer(), self.fields.body, max_chars);
        let snippet = generator.snippet(text);
        let fragment = snippet.fragment();
        if fragment.is_empty() {
            let cut: String = text.chars().take(max_chars).collect();
            return Snippet {
                text: cut,
                highlights: Vec::new(),
            };
        }
        Snippet {
            text: fragment.to_string(),
            highlights: snippet.highlighted().to_vec(),
        }
    }
}

/// What question analysis adds to a question's own words before it is searched.
#[derive(Debug, Clone, Copy, Default)]
struct Known<'a> {
    /// The types it was understood to ask, raised beside those its words cue.
    types: &'a [QuestionType],
    /// The library's name for its main focus, when the question uses another
    /// ([`MainFocus::renamed`]).
    renamed: &'a [String],
}

/// What articles and passages alike take from the question's main focus (its first; every
/// recognised focus has a library name, only a fallback focus has none).
#[derive(Debug, Default)]
struct MainFocus {
    /// The library's name for it when the question calls it by another ("hypertension"
    /// for High blood pressure, "ringing in the ears" for Tinnitus), searched for beside
    /// the question's words: the focus's pages use their own name, and without it another
    /// topic whose name holds the question's word (pulmonary hypertension) outscores them.
    renamed: Vec<String>,
    /// The stems of its library name, hashed: the question names it as the library
    /// does, whatever words it used, in topic coverage and the focus raise.
    name: HashSet<u64>,
}

impl MainFocus {
    fn of(understood: Option<&understand::Understanding>) -> MainFocus {
        let Some((focus, name)) = understood
            .and_then(|u| u.foci.first())
            .and_then(|f| Some((f, f.name.as_deref()?)))
        else {
            return MainFocus::default();
        };
        let named = name_hashes(name);
        let renamed = (!named.is_empty() && named.is_disjoint(&name_hashes(&focus.text)))
            .then(|| name.to_string())
            .into_iter()
            .collect();
        MainFocus { renamed, name: named }
    }
}

/// The stems of a name's words (stopwords left out), hashed as the titles table hashes
/// an article's names.
fn name_hashes(name: &str) -> HashSet<u64> {
    analysis::words(name)
        .into_iter()
        .filter(|w| !crate::vocab::is_stopword(w))
        .filter_map(|w| ranking::stem(&w))
        .map(|s| ranking::stem_hash(&s))
        .collect()
}

/// What a hit shows of an article.
struct OwnedTitle {
    id: String,
    question: String,
    topic: String,
    kind: String,
    corpus: String,
}

/// An article found by the first ranking, with what the second ranking reads of it.
struct Candidate {
    address: DocAddress,
    score: f32,
    answered: bool,
    /// How much of its best name the question uses (`Hit::coverage`).
    coverage: f32,
    /// The same by the words typed (`Hit::named`).
    named: f32,
    /// Whether its topic is all the recognised focus names (a withheld page about the
    /// focus is not pushed below answers about something else).
    on_focus: bool,
    page_question: Option<u64>,
    /// Words in the answer (approximate for long ones: tantivy's field norms).
    length: u32,
}

/// The columns the second ranking reads for one segment, opened once with the engine.
struct SegmentColumns {
    segment: tantivy::index::SegmentId,
    page_question: Option<Column<u64>>,
    answered: Option<Column<u64>>,
    qtype: Option<Column<u64>>,
    ordinal: Option<Column<u64>>,
    body_norms: FieldNormReader,
    /// [`Factors`], made at the first search that needs them.
    factors: std::sync::OnceLock<Factors>,
}

/// What the first search multiplies each document's score by, one byte a document
/// ([`ANSWERED_BIT`] and the [`QuestionType::code`] below it), read from the
/// `answered` and `qtype` columns once: the search reads it for every document its
/// terms match, and two column look-ups a document (blockwise-linear and bitpacked
/// codecs) were a tenth of `ask` at a million passages (BENCHMARKS.md).
type Factors = std::sync::Arc<[u8]>;

/// The bit of a [`Factors`] byte set for a document with an answer of its own.
const ANSWERED_BIT: u8 = 0x80;

impl SegmentColumns {
    fn open(searcher: &Searcher, fields: &Fields) -> tantivy::Result<Vec<SegmentColumns>> {
        searcher
            .segment_readers()
            .iter()
            .map(|reader| {
                Ok(SegmentColumns {
                    segment: reader.segment_id(),
                    page_question: Some(schema::u64_column(reader, fields.page_question)?),
                    answered: Some(schema::u64_column(reader, fields.answered)?),
                    qtype: Some(schema::u64_column(reader, fields.qtype)?),
                    ordinal: Some(schema::u64_column(reader, fields.ordinal)?),
                    body_norms: reader.get_fieldnorms_reader(fields.body)?,
                    factors: std::sync::OnceLock::new(),
                })
            })
            .collect()
    }

    /// Each document's [`Factors`] byte; a document missing from a column (none is,
    /// the schema gives every document both) counts as answered and of no known type.
    fn factors(&self, documents: u32) -> Factors {
        self.factors
            .get_or_init(|| {
                let answered = self.answered.clone().map(|c| schema::by_document(c, 1));
                let qtype = self.qtype.clone().map(|c| schema::by_document(c, 0));
                (0..documents)
                    .map(|doc| {
                        let answered = answered.as_ref().is_none_or(|c| c.get_val(doc) != 0);
                        let code = qtype.as_ref().map_or(0, |c| c.get_val(doc)).min(0x7f) as u8;
                        if answered { ANSWERED_BIT | code } else { code }
                    })
                    .collect()
            })
            .clone()
    }
}

/// BM25 statistics over the documents of one kind.
struct KindStatistics<'a> {
    searcher: &'a Searcher,
    documents: u64,
}

impl Bm25StatisticsProvider for KindStatistics<'_> {
    fn total_num_tokens(&self, field: tantivy::schema::Field) -> tantivy::Result<u64> {
        self.searcher.total_num_tokens(field)
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        Ok(self.documents.max(1))
    }

    fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        self.searcher.doc_freq(term)
    }
}

/// The generation `CURRENT` names under `index_dir`, if it can be read: what a screen
/// compares with [`Engine::location`] to see that another process installed a new one.
pub fn installed_generation(index_dir: &Path) -> Option<String> {
    let name = fs::read_to_string(index_dir.join(CURRENT_FILE)).ok()?;
    Some(name.trim().to_string()).filter(|n| !n.is_empty())
}

/// Opens the generation `CURRENT` names as it is, never building one: for a screen that
/// follows what another process (an import, `curbside index`) installed.
pub fn open_installed(index_dir: &Path) -> Result<Engine, String> {
    open_current(index_dir).map(|(engine, _)| engine)
}

/// Opens the generation just built and made current.
fn open_built(index_dir: &Path) -> Result<Engine, IndexError> {
    open_generation(index_dir, false)
        .map(|(engine, _)| engine)
        .map_err(|reason| {
            IndexError::io(
                index_dir,
                std::io::Error::other(format!("the index just built cannot be opened: {reason}")),
            )
        })
}

/// Largest `CURRENT` pointer read: it holds one generation's name.
const MAX_POINTER_BYTES: u64 = 4096;
/// Largest `curbside.json` read.
const MAX_META_BYTES: u64 = 64 * 1024;

/// Opens the generation `CURRENT` names, its checksums verified; the error says why it
/// cannot be used.
fn open_current(index_dir: &Path) -> Result<(Engine, Meta), String> {
    open_generation(index_dir, true)
}

/// Opens the generation `CURRENT` names, read-only and without a lock, verifying every
/// file's checksum first when `validate` is set.
fn open_generation(index_dir: &Path, validate: bool) -> Result<(Engine, Meta), String> {
    let pointer = index_dir.join(CURRENT_FILE);
    let name = crate::files::read_to_string(&pointer, MAX_POINTER_BYTES).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => "there was no index yet".to_string(),
        _ => format!("{} could not be read: {e}", pointer.display()),
    })?;
    let name = name.trim();
    if name.is_empty() || name.contains(['/', '\\']) || name.starts_with('.') {
        return Err(format!("{} is damaged", pointer.display()));
    }
    let dir = index_dir.join(name);
    if fs::symlink_metadata(dir.join(DAMAGED_FILE)).is_ok() {
        return Err(format!("the index in {} was found damaged", dir.display()));
    }
    let meta_path = dir.join(META_FILE);
    let meta: Meta = crate::files::read(&meta_path, MAX_META_BYTES)
        .map_err(|e| format!("{} could not be read: {e}", meta_path.display()))
        .and_then(|bytes| {
            serde_json::from_slice(&bytes).map_err(|e| format!("{} is damaged: {e}", meta_path.display()))
        })?;
    let unreadable = |e: &dyn std::fmt::Display| format!("the index in {} is unreadable: {e}", dir.display());
    let directory = readonly::ReadOnlyDirectory::open(&dir).map_err(|e| unreadable(&e))?;
    let index = Index::open(directory).map_err(|e| unreadable(&e))?;
    if validate {
        verify(&index).map_err(|damage| format!("the index in {} is damaged: {damage}", dir.display()))?;
    }
    schema::register(&index);
    let (expected, fields) = Fields::schema();
    if index.schema() != expected {
        return Err("it was built by another version of curbside".to_string());
    }
    let titles = titles::Titles::open(&dir)
        .filter(|t| t.len() as u64 == meta.articles)
        .ok_or_else(|| unreadable(&format!("{} is missing or damaged", titles::TITLES_FILE)))?;
    let engine = Engine::from_index(index, fields, meta.clone(), Some(dir.clone()), titles)
        .map_err(|e| unreadable(&e))?;
    let found = engine.searcher().num_docs();
    if found != meta.articles + meta.passages {
        return Err(format!(
            "the index in {} holds {found} documents where {} were written",
            dir.display(),
            meta.articles + meta.passages
        ));
    }
    Ok((engine, meta))
}

/// Checks every file of the index against the checksum tantivy wrote in its footer;
/// the error names the files that fail, or the one whose footer cannot be read. About
/// 3 ms per 10 MB of index in a release build (RELIABILITY.md has the figures).
fn verify(index: &Index) -> Result<(), String> {
    let damaged = catch_unwind(AssertUnwindSafe(|| index.validate_checksum()))
        .map_err(|panic| format!("checking its checksums panicked: {}", panic_message(&*panic)))?
        .map_err(|e| format!("a file's checksum cannot be read: {e}"))?;
    if damaged.is_empty() {
        return Ok(());
    }
    let mut names: Vec<String> = damaged.iter().map(|p| p.display().to_string()).collect();
    names.sort();
    Err(format!(
        "{} failed {} checksum",
        names.join(", "),
        if names.len() == 1 { "its" } else { "their" }
    ))
}

/// What a panic said, for an error message.
fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic inside tantivy".to_string())
}

#[cfg(test)]
mod guard_tests {
    use super::*;

    #[test]
    fn a_panic_hook_can_tell_a_panic_a_guarded_search_will_catch() {
        assert!(!panic_is_caught());
        let engine = Engine::in_ram(&[]).unwrap();
        let inside = engine.guarded(|| Ok(panic_is_caught())).unwrap();
        assert!(inside, "inside the guard, a panic is caught");
        let caught = engine.guarded(|| -> Result<(), IndexError> { panic!("a damaged segment") });
        assert!(caught.is_err(), "the panic became an error");
        assert!(
            !panic_is_caught(),
            "outside again once the guard ends, even after a panic"
        );
    }
}
