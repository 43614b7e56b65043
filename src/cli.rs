//! The command line: clap definitions and one function per command, all on the same
//! engine the screen uses.

use std::collections::HashSet;
use std::io::{self, BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use serde::Serialize;

use curbside_core::answer::{self, Answer, Asked, Question};
use curbside_core::article::{Article, Audience};
use curbside_core::corpus::{self, Severity, Sources};
use curbside_core::home::Home;
use curbside_core::index::{Engine, IndexError, Opened};
use curbside_core::library::{self, HistoryEntry, Library};
use curbside_core::render::{self, Document};

#[derive(Debug, Parser)]
#[command(
    name = "curbside",
    version,
    about = "Guideline-backed answers to medical questions, with citations, offline.",
    long_about = "Guideline-backed answers to medical questions, with numbered citations and their \
                  references, offline, over a full-text index of trusted material.\n\n\
                  Run without a command to open the screen. Educational material under review, \
                  not medical advice."
)]
pub struct Cli {
    /// Where the index, imported corpora, bookmarks, history, settings and exports live
    /// [default: the checkout when run inside one, else the platform data directory]
    #[arg(long, global = true, env = "CURBSIDE_HOME", value_name = "DIR")]
    pub home: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Answer a question: the best article, or the best passages when no article answers it
    Ask {
        /// The question, in your own words (several words need no quotes)
        #[arg(required = true, num_args = 1..)]
        question: Vec<String>,
        /// Print JSON for scripts
        #[arg(long, conflicts_with = "markdown")]
        json: bool,
        /// Print Markdown with citations linked to the references
        #[arg(long)]
        markdown: bool,
        /// Print how the question was understood (focus, type, asking sentence,
        /// corrections, words not found) before the answer
        #[arg(long, conflicts_with = "json")]
        explain: bool,
        /// Ask as a follow-up on this article: a question naming no condition of its own
        /// is about this article's topic
        #[arg(long, value_name = "ID")]
        follow_up_of: Option<String>,
        /// Whose summary to show
        #[arg(long, default_value = "clinician", value_name = "clinician|patient")]
        audience: Audience,
    },
    /// List the articles that match a query, best first, with scores and snippets
    Search {
        /// The query: free text, or explicit syntax ("a phrase", -exclude, topic:word)
        #[arg(num_args = 0.., required_unless_present = "batch")]
        query: Vec<String>,
        /// How many results
        #[arg(short = 'n', long, default_value_t = 10)]
        limit: usize,
        /// Print JSON for scripts
        #[arg(long)]
        json: bool,
        /// Read one query a line from standard input, write one JSON line each
        #[arg(long, conflicts_with = "query")]
        batch: bool,
    },
    /// Show one article by its id
    Show {
        id: String,
        /// Whose summary to show
        #[arg(long, default_value = "clinician", value_name = "clinician|patient")]
        audience: Audience,
        /// Print the article as JSON
        #[arg(long, conflicts_with = "markdown")]
        json: bool,
        /// Print Markdown with citations linked to the references
        #[arg(long)]
        markdown: bool,
    },
    /// Rebuild the index from the built-in corpus and the imported corpora
    Index,
    /// Import a public corpus into the library (replacing an earlier import of it)
    Import {
        #[command(subcommand)]
        corpus: ImportCommand,
    },
    /// List the corpora: the built-in one and every import, with counts
    Corpora {
        /// Print JSON for scripts
        #[arg(long)]
        json: bool,
    },
    /// List your bookmarks, in the order you added them
    #[command(
        long_about = "List your bookmarks, in the order you added them: the question, the article id \
                            (for `curbside show ID`) and when it was bookmarked. In the screen `m` \
                            bookmarks the open article and `B` lists the bookmarks. They are kept in \
                            HOME/bookmarks.json."
    )]
    Bookmarks {
        /// Print JSON for scripts
        #[arg(long)]
        json: bool,
    },
    /// List the questions you asked and the articles you opened in the screen, newest last
    #[command(
        long_about = "List the questions you asked and the articles you opened in the screen, \
                            newest last, with the time (UTC). Up and Down in the screen's Ask bar recall \
                            the same questions. The last 1,000 are kept in HOME/history.json."
    )]
    History {
        /// How many of the newest entries to list
        #[arg(short = 'n', long, default_value_t = 20)]
        limit: usize,
        /// Print JSON for scripts
        #[arg(long)]
        json: bool,
    },
    /// Remove an imported corpus and rebuild the index without it
    Remove {
        /// The corpus name, as `curbside corpora` lists it
        name: String,
    },
    /// Measure index build time, query latency, frame times and memory (see BENCHMARKS.md)
    #[command(
        long_about = "Measure index build time, query latency as `ask` answers, search as you type, \
                      frame times and memory, on the built-in corpus and, when the MedQuAD folder \
                      is there, with MedQuAD imported; each corpus is built in a scratch home, \
                      never the library. Also prints where the time of `ask` goes, stage by stage.\n\n\
                      With --scale, measures synthetic corpora of the given numbers of passages \
                      instead, recombined from MedQuAD's answer sentences (deterministic, seeded), \
                      each size built and queried in a process of its own so its peak memory is \
                      its own."
    )]
    Bench {
        /// How many questions to time (spread evenly over the corpus)
        #[arg(short = 'n', long, default_value_t = 1000)]
        questions: usize,
        /// MedQuAD to import and measure too, and the source of --scale's sentences
        /// (skipped, saying so, when absent)
        #[arg(long, value_name = "PATH", default_value = "../shared/medquad")]
        medquad: PathBuf,
        /// Measure synthetic corpora of these many passages instead, e.g.
        /// 10000,100000,1000000
        #[arg(long, value_name = "N,N,...", value_delimiter = ',')]
        scale: Vec<u64>,
        /// Print JSON for scripts
        #[arg(long)]
        json: bool,
    },
    /// One size of `bench --scale`, run by it in a process of its own; prints JSON
    #[command(hide = true)]
    BenchSize {
        passages: u64,
        #[arg(long, value_name = "PATH")]
        medquad: PathBuf,
        #[arg(short = 'n', long, default_value_t = 1000)]
        questions: usize,
    },
    /// Measure answer quality on the LiveQA medical questions over MedQuAD (see EVALUATION.md)
    #[command(
        long_about = "Measure answer quality on the TREC 2017 LiveQA medical questions, judged against \
                      MedQuAD answers: average first-answer score (0-3), succ@k+, prec@k+, MRR@10, \
                      MAP@10, nDCG@10, the share of top-10 answers judged and the score of the \
                      answer the best passage comes from (what the passages view shows first), \
                      for each form of the questions. The evaluation index is built in a cache of its own (never the \
                      library) and reused while its inputs are unchanged. The defaults read ../shared."
    )]
    Eval {
        /// The unpacked MedQuAD folder (or its zip archive)
        #[arg(long, value_name = "PATH", default_value = "../shared/medquad")]
        medquad: PathBuf,
        /// The LiveQA test questions (XML)
        #[arg(long, value_name = "FILE", default_value = "../shared/liveqa/questions.xml")]
        questions: PathBuf,
        /// The judgments: `QUESTION GRADE ANSWER_ID` lines
        #[arg(long, value_name = "FILE", default_value = "../shared/liveqa/qrels.txt")]
        qrels: PathBuf,
        /// judged-answers.csv: the judged answers MedQuAD withholds, indexed for the
        /// evaluation only [default: judged-answers.csv in the MedQuAD folder, if there]
        #[arg(long, value_name = "CSV")]
        extra_answers: Option<PathBuf>,
        /// Which form of the questions to ask
        #[arg(long, value_enum, default_value = "both")]
        form: FormChoice,
        /// Where the evaluation index is cached [default: HOME/.eval-cache]
        #[arg(long, value_name = "DIR")]
        cache: Option<PathBuf>,
        /// Also list each question: its first answer's score and the rank of the first
        /// relevant answer (for finding what ranking gets wrong)
        #[arg(long)]
        details: bool,
        /// Measure question analysis instead (focus and type accuracy against NLM's
        /// annotations): over ../shared/liveqa-train and the test questions' own
        /// annotations, or over --questions when it is given
        #[arg(long)]
        analysis: bool,
        /// Print JSON for scripts
        #[arg(long)]
        json: bool,
    },
    /// Validate a directory of article JSON [default: the built-in corpus]
    Check {
        /// A directory of article files (one JSON article each)
        dir: Option<PathBuf>,
        /// Print the problems as JSON
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// MedQuAD: the NIH question-answer collection, as its unpacked folder or zip archive
    Medquad {
        /// The MedQuAD folder (holding 1_CancerGov_QA, 2_GARD_QA, ...) or its zip archive
        path: PathBuf,
    },
}

/// Which forms of the LiveQA questions `eval` asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FormChoice {
    Original,
    Summary,
    Both,
}

/// Runs a command line; returns the process exit code.
pub fn run(cli: Cli) -> Result<i32> {
    let home = Home::resolve(cli.home.clone());
    match cli.command {
        None => screen(&home),
        Some(Command::Ask {
            question,
            json,
            markdown,
            explain,
            follow_up_of,
            audience,
        }) => ask(
            &home,
            &question.join(" "),
            (json, markdown, explain),
            follow_up_of.as_deref(),
            audience,
        ),
        Some(Command::Search {
            query,
            limit,
            json,
            batch,
        }) => {
            if batch {
                search_batch(&home, limit)
            } else {
                search(&home, &query.join(" "), limit, json)
            }
        }
        Some(Command::Show {
            id,
            audience,
            json,
            markdown,
        }) => show(&home, &id, audience, json, markdown),
        Some(Command::Index) => index(&home),
        Some(Command::Import {
            corpus: ImportCommand::Medquad { path },
        }) => import_medquad(&home, &path),
        Some(Command::Eval {
            medquad,
            questions,
            qrels,
            extra_answers,
            form,
            cache,
            details,
            analysis,
            json,
        }) => {
            let given = questions != Path::new("../shared/liveqa/questions.xml");
            let extra_answers = extra_answers.or_else(|| {
                let beside = medquad.join("judged-answers.csv");
                beside.is_file().then_some(beside)
            });
            let inputs = crate::measure::eval::Inputs {
                medquad,
                questions,
                qrels,
                extra_answers,
            };
            let cache = cache.unwrap_or_else(|| home.root().join(".eval-cache"));
            if analysis {
                let files = if given {
                    vec![inputs.questions.clone()]
                } else {
                    crate::measure::analysis::default_files(&inputs.questions)
                };
                return crate::measure::analysis::run(&inputs, &files, &cache, json);
            }
            eval(&inputs, form, details, &cache, json)
        }
        Some(Command::Check { dir, json }) => check(dir.as_deref(), json),
        Some(Command::Corpora { json }) => corpora(&home, json),
        Some(Command::Bench {
            questions,
            medquad,
            scale,
            json,
        }) => {
            if scale.is_empty() {
                bench(questions, &medquad, json)
            } else {
                bench_scale(&scale, questions, &medquad, json)
            }
        }
        Some(Command::BenchSize {
            passages,
            medquad,
            questions,
        }) => bench_size(passages, &medquad, questions),
        Some(Command::Remove { name }) => remove(&home, &name),
        Some(Command::Bookmarks { json }) => bookmarks(&home, json),
        Some(Command::History { limit, json }) => history(&home, limit, json),
    }
}

/// `curbside` alone: the engine opens first (index progress shows on stderr), then the
/// screen takes the terminal. What the library reports (a damaged file set aside, a home
/// it cannot save in) goes to stderr, where it outlasts the screen, and to the bottom bar.
fn screen(home: &Home) -> Result<i32> {
    if !io::stdout().is_terminal() || !io::stdin().is_terminal() {
        bail!("the screen needs a terminal; in a pipe or script use `curbside ask QUESTION` (see --help)");
    }
    let engine = open_engine(home)?;
    let mut library = Library::open(home);
    library.save_settings_if_missing();
    for notice in library.notices() {
        eprintln!("curbside: {notice}");
    }
    crate::tui::run(engine, library)?;
    Ok(0)
}

fn progress_bar(message: &str) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(Some(0), indicatif::ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} ({elapsed})")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    bar.set_message(message.to_string());
    bar
}

/// Loads the corpora and opens the index, rebuilding it (with a progress bar on a
/// terminal) when it is stale, missing or damaged. When the home cannot be written (a
/// read-only or full filesystem) the built-in corpus is indexed in memory instead, so
/// curbside still answers, and the user is told why.
pub fn open_engine(home: &Home) -> Result<Engine> {
    let sources = sources(home)?;
    let bar = progress_bar("indexing");
    let mut progress = |done, total| {
        bar.set_length(total);
        bar.set_position(done);
    };
    let opened = Engine::open(&home.index_dir(), &sources, &mut progress);
    bar.finish_and_clear();
    match opened {
        Ok((engine, Opened::Rebuilt(reason))) => {
            if io::stderr().is_terminal() {
                eprintln!("curbside: built the index ({reason}).");
            }
            Ok(engine)
        }
        Ok((engine, Opened::Current)) => Ok(engine),
        Err(IndexError::Io { path, source }) => {
            eprintln!(
                "curbside: cannot write the index at {} ({source}); answering from the built-in \
                 articles held in memory. Use --home DIR to choose a writable place.",
                path.display()
            );
            Engine::in_ram(&sources.builtin.articles).context("indexing the built-in articles in memory")
        }
        // tantivy reports a full disk (and other failures to write) as its own error.
        Err(IndexError::Tantivy(e)) => {
            eprintln!(
                "curbside: cannot build the index in {} ({e}); answering from the built-in \
                 articles held in memory. Free some space or use --home DIR.",
                home.index_dir().display()
            );
            Engine::in_ram(&sources.builtin.articles).context("indexing the built-in articles in memory")
        }
        Err(e) => Err(e).with_context(|| format!("opening the index in {}", home.index_dir().display())),
    }
}

pub fn sources(home: &Home) -> Result<Sources> {
    let (builtin, _) = corpus::builtin().context("loading the built-in articles")?;
    Sources::new(builtin, &home.corpora_dir()).context("reading the installed corpora")
}

fn print_json<T: Serialize>(value: &T) -> Result<()> {
    let mut out = io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, value)?;
    writeln!(out)?;
    Ok(())
}

/// Standard output width for wrapped text: the terminal's, or 80 in a pipe.
fn text_width() -> usize {
    crossterm::terminal::size().map_or(80, |(w, _)| usize::from(w).clamp(40, 100))
}

/// `(json, markdown, explain)`: how `ask` prints.
type AskOutput = (bool, bool, bool);

fn ask(
    home: &Home,
    text: &str,
    (json, markdown, explain): AskOutput,
    follow_up_of: Option<&str>,
    audience: Audience,
) -> Result<i32> {
    let engine = open_engine(home)?;
    let context = match follow_up_of {
        Some(id) => Some(
            engine
                .article(id)?
                .with_context(|| format!("--follow-up-of: no article has the id `{id}`"))?,
        ),
        None => None,
    };
    let asked = answer::ask(
        &engine,
        Question {
            text,
            context: context.as_ref(),
        },
    )?;
    let found = !matches!(asked.answer, Answer::None);
    if json {
        print_json(&AskedJson::new(&engine, &asked, audience)?)?;
    } else {
        if explain {
            println!("{}", asked.understood.explain());
        }
        let doc = asked_document(&engine, &asked, audience)?;
        print!(
            "{}",
            if markdown {
                render::markdown(&doc)
            } else {
                render::text(&doc, text_width())
            }
        );
    }
    Ok(if found { 0 } else { 1 })
}

/// `ask --json`: the answer with its references, related links and follow-ups resolved.
#[derive(Serialize)]
struct AskedJson<'a> {
    #[serde(flatten)]
    asked: &'a Asked,
    audience: Audience,
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<&'a str>,
    related: Vec<answer::Link>,
    follow_ups: Vec<answer::FollowUp>,
}

impl<'a> AskedJson<'a> {
    fn new(engine: &Engine, asked: &'a Asked, audience: Audience) -> Result<Self> {
        let (summary, related, follow_ups) = match &asked.answer {
            Answer::Article { article } => (
                Some(article.summaries.for_audience(audience)),
                answer::related(engine, article)?,
                answer::follow_ups(engine, article)?,
            ),
            _ => (None, Vec::new(), Vec::new()),
        };
        Ok(AskedJson {
            asked,
            audience,
            summary,
            related,
            follow_ups,
        })
    }
}

/// The answer's document, with related links and follow-ups when it is one article.
fn asked_document(engine: &Engine, asked: &Asked, audience: Audience) -> Result<Document> {
    let doc = Document::asked(asked, audience, OTHER_RESULTS);
    Ok(match &asked.answer {
        Answer::Article { article } => doc.with_links(
            answer::related(engine, article)?,
            &answer::follow_ups(engine, article)?,
        ),
        _ => doc,
    })
}

/// How many further results `ask` names under its answer.
const OTHER_RESULTS: usize = 5;

#[derive(Serialize)]
struct SearchHitJson {
    rank: usize,
    id: String,
    question: String,
    topic: String,
    kind: String,
    corpus: String,
    score: f32,
    answered: bool,
    snippet: curbside_core::index::Snippet,
}

fn search_hits(engine: &Engine, query: &str, limit: usize) -> Result<Vec<SearchHitJson>> {
    let hits = engine.search(query, limit, false)?;
    let mut out = Vec::with_capacity(hits.len());
    for (i, hit) in hits.into_iter().enumerate() {
        let text = match engine.article(&hit.id)? {
            Some(article) => snippet_source(&article),
            None => String::new(),
        };
        out.push(SearchHitJson {
            rank: i + 1,
            snippet: engine.snippet(query, &text, 160),
            id: hit.id,
            question: hit.question,
            topic: hit.topic,
            kind: hit.kind,
            corpus: hit.corpus,
            score: hit.score,
            answered: hit.answered,
        });
    }
    Ok(out)
}

/// The text a search snippet is cut from: the summary, then the body.
fn snippet_source(article: &Article) -> String {
    let mut text = article.summaries.clinician.clone();
    for (_, _, block) in article.blocks() {
        text.push(' ');
        text.push_str(&block.text);
    }
    text
}

fn search(home: &Home, query: &str, limit: usize, json: bool) -> Result<i32> {
    let engine = open_engine(home)?;
    let hits = search_hits(&engine, query, limit)?;
    if json {
        print_json(&serde_json::json!({ "query": query, "hits": hits }))?;
    } else {
        let color = io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
        let mut out = io::stdout().lock();
        for hit in &hits {
            writeln!(
                out,
                "{:>2}. {}  ({}, {:.2})",
                hit.rank, hit.question, hit.id, hit.score
            )?;
            writeln!(out, "    {}", highlight(&hit.snippet, color))?;
        }
        if hits.is_empty() {
            writeln!(out, "No article matches `{query}`.")?;
        }
    }
    Ok(if hits.is_empty() { 1 } else { 0 })
}

/// The snippet with its matches in bold (on a colour terminal) or between `**`.
fn highlight(snippet: &curbside_core::index::Snippet, color: bool) -> String {
    let (open, close) = if color {
        ("\x1b[1m", "\x1b[0m")
    } else {
        ("**", "**")
    };
    let mut out = String::new();
    let mut at = 0;
    for range in &snippet.highlights {
        if range.start < at || range.end > snippet.text.len() {
            continue;
        }
        out += &snippet.text[at..range.start];
        out += open;
        out += &snippet.text[range.clone()];
        out += close;
        at = range.end;
    }
    out += &snippet.text[at..];
    out.replace('\n', " ")
}

fn search_batch(home: &Home, limit: usize) -> Result<i32> {
    let engine = open_engine(home)?;
    let stdin = io::stdin().lock();
    let mut out = io::BufWriter::new(io::stdout().lock());
    for (i, line) in stdin.split(b'\n').enumerate() {
        let line = line.context("reading queries from standard input")?;
        // Queries are text; bytes that are not UTF-8 are replaced, never fatal.
        let query = String::from_utf8_lossy(&line);
        let query = query.trim_end_matches('\r');
        let hits = engine.search(query, limit, false)?;
        let hits: Vec<_> = hits
            .into_iter()
            .map(|h| serde_json::json!({ "id": h.id, "question": h.question, "score": h.score }))
            .collect();
        serde_json::to_writer(
            &mut out,
            &serde_json::json!({ "line": i + 1, "query": query, "hits": hits }),
        )?;
        writeln!(out)?;
    }
    out.flush()?;
    Ok(0)
}

fn show(home: &Home, id: &str, audience: Audience, json: bool, markdown: bool) -> Result<i32> {
    let engine = open_engine(home)?;
    let Some(article) = engine.article(id)? else {
        bail!("no article has the id `{id}` (try `curbside search WORDS` to find one)");
    };
    if json {
        print_json(&article)?;
    } else if markdown {
        print!("{}", render::markdown(&Document::article(&article, audience)));
    } else {
        print!(
            "{}",
            render::text(&Document::article(&article, audience), text_width())
        );
    }
    Ok(0)
}

fn index(home: &Home) -> Result<i32> {
    let sources = sources(home)?;
    let bar = progress_bar("indexing");
    let mut progress = |done, total| {
        bar.set_length(total);
        bar.set_position(done);
    };
    let engine = Engine::rebuild(&home.index_dir(), &sources, &mut progress)?;
    bar.finish_and_clear();
    let meta = engine.meta();
    println!(
        "indexed {} articles and {} passages into {}",
        meta.articles,
        meta.passages,
        engine
            .location()
            .map_or_else(|| home.index_dir(), Path::to_path_buf)
            .display()
    );
    Ok(0)
}

fn import_medquad(home: &Home, path: &Path) -> Result<i32> {
    use curbside_core::corpus::{medquad, store};
    let corpora_dir = home.corpora_dir();
    let lock = store::ImportLock::acquire(&corpora_dir)?;
    let bar = progress_bar("reading MedQuAD");
    let collection = medquad::read(path, &mut |done, total| {
        bar.set_length(total);
        bar.set_position(done);
    });
    bar.finish_and_clear();
    let collection = collection?;
    let articles = medquad::to_articles(&collection.documents);
    let installed = store::install(&corpora_dir, medquad::CORPUS, &articles, &lock)
        .with_context(|| format!("storing the import in {}", corpora_dir.display()))?;
    drop(articles);
    drop(lock);
    index(home)?;
    let collections: HashSet<&str> = collection.documents.iter().map(|d| d.source.as_str()).collect();
    println!(
        "imported MedQuAD from {}: {} documents in {} collections, {} question-answer pairs ({} with \
         answers; the rest point to their source page)",
        path.display(),
        collection.documents.len(),
        collections.len(),
        installed.articles,
        installed.answered
    );
    if !collection.problems.is_empty() {
        println!(
            "{} of {} files could not be imported and were skipped:",
            collection.problems.len(),
            collection.files
        );
        for problem in &collection.problems {
            println!("  {problem}");
        }
    }
    Ok(0)
}

fn eval(
    inputs: &crate::measure::eval::Inputs,
    form: FormChoice,
    details: bool,
    cache: &Path,
    json: bool,
) -> Result<i32> {
    use crate::measure::eval::Form;
    for (what, path) in [
        ("--medquad", &inputs.medquad),
        ("--questions", &inputs.questions),
        ("--qrels", &inputs.qrels),
    ] {
        if !path.exists() {
            bail!(
                "{} does not exist ({what}); the evaluation reads MedQuAD and the LiveQA questions, \
                 by default from ../shared beside the checkout",
                path.display()
            );
        }
    }
    let forms = match form {
        FormChoice::Original => vec![Form::Original],
        FormChoice::Summary => vec![Form::Summary],
        FormChoice::Both => vec![Form::Original, Form::Summary],
    };
    let bar = progress_bar("evaluating");
    let report = crate::measure::eval::evaluate(inputs, &forms, details, cache, &mut |stage, done, total| {
        bar.set_message(stage.to_string());
        bar.set_length(total);
        bar.set_position(done);
    });
    bar.finish_and_clear();
    let report = report?;
    if json {
        print_json(&report)?;
        return Ok(0);
    }
    println!(
        "{} questions ({} judged) over {} MedQuAD answers ({} with text){}",
        report.questions,
        report.judged_questions,
        report.articles,
        report.answered,
        if inputs.extra_answers.is_some() {
            ", judged withheld answers included"
        } else {
            ""
        }
    );
    println!(
        "{:<10} {:>9} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8} {:>7} {:>7} {:>8} {:>9} {:>9}",
        "form",
        "avg score",
        "succ@2+",
        "succ@3+",
        "succ@4+",
        "prec@2+",
        "prec@3+",
        "prec@4+",
        "MRR@10",
        "MAP@10",
        "nDCG@10",
        "judged@10",
        "psg score"
    );
    for (name, m) in &report.forms {
        println!(
            "{:<10} {:>9.3} {:>8.3} {:>8.3} {:>8.3} {:>8.3} {:>8.3} {:>8.3} {:>7.3} {:>7.3} {:>8.3} {:>9.3} {:>9.3}",
            name,
            m.avg_score,
            m.succ_2,
            m.succ_3,
            m.succ_4,
            m.prec_2,
            m.prec_3,
            m.prec_4,
            m.mrr_10,
            m.map_10,
            m.ndcg_10,
            m.judged_10,
            m.passage_score
        );
    }
    if !report.details.is_empty() {
        println!(
            "\n{:<9} {:>4} {:>5} {:>5} {:>4}  question -> first answer",
            "form", "q", "first", "rank", "best"
        );
        for d in &report.details {
            let form = match d.form {
                crate::measure::eval::Form::Original => "original",
                crate::measure::eval::Form::Summary => "summary",
            };
            let question: String = d.question.chars().take(70).collect();
            println!(
                "{form:<9} {:>4} {:>5} {:>5} {:>4}  {question} -> {}",
                d.number,
                d.first_score,
                d.first_relevant.map_or("-".to_string(), |r| r.to_string()),
                d.best_judged,
                d.first.as_deref().unwrap_or("(none)")
            );
        }
    }
    Ok(0)
}

fn check(dir: Option<&Path>, json: bool) -> Result<i32> {
    let (label, dir, known) = match dir {
        Some(dir) => {
            // Links from a user's directory may point into the built-in corpus.
            let known: HashSet<String> = corpus::embedded_builtin()
                .map(|c| c.articles.into_iter().map(|a| a.id).collect())
                .unwrap_or_default();
            (dir.display().to_string(), dir.to_path_buf(), known)
        }
        None => (
            "data/articles".to_string(),
            PathBuf::from("data/articles"),
            HashSet::new(),
        ),
    };
    if !dir.is_dir() {
        if dir.as_os_str() == "data/articles" {
            bail!("there is no data/articles here: run `curbside check` in a checkout, or name a directory");
        }
        bail!("{} is not a directory", dir.display());
    }
    let (files, problems) = corpus::check_dir(&dir, &known)?;
    let errors = problems.iter().filter(|p| p.severity == Severity::Error).count();
    let warnings = problems.len() - errors;
    if json {
        print_json(&serde_json::json!({
            "dir": label, "files": files, "errors": errors, "warnings": warnings, "problems": problems
        }))?;
    } else {
        for problem in &problems {
            println!("{problem}");
        }
        println!("{label}: {files} files, {errors} errors, {warnings} warnings");
    }
    Ok(if errors > 0 { 1 } else { 0 })
}

fn corpora(home: &Home, json: bool) -> Result<i32> {
    let sources = sources(home)?;
    let builtin = &sources.builtin;
    let answered = builtin.articles.iter().filter(|a| a.is_answered()).count();
    if json {
        print_json(&serde_json::json!({
            "builtin": { "articles": builtin.articles.len(), "answered": answered },
            "installed": sources.installed,
        }))?;
        return Ok(0);
    }
    println!("{:<12} {:>9} {:>9}  imported", "corpus", "articles", "answered");
    println!(
        "{:<12} {:>9} {:>9}  (compiled in)",
        "builtin",
        builtin.articles.len(),
        answered
    );
    for i in &sources.installed {
        println!("{:<12} {:>9} {:>9}  {}", i.name, i.articles, i.answered, i.file);
    }
    Ok(0)
}

/// The library of `home`, its notices (a damaged file set aside) told on stderr.
fn open_library(home: &Home) -> Library {
    let mut library = Library::open(home);
    for notice in library.take_notices() {
        eprintln!("curbside: {notice}");
    }
    library
}

fn bookmarks(home: &Home, json: bool) -> Result<i32> {
    let library = open_library(home);
    if json {
        print_json(&serde_json::json!({ "bookmarks": library.bookmarks() }))?;
        return Ok(0);
    }
    let mut out = io::stdout().lock();
    for (i, b) in library.bookmarks().iter().enumerate() {
        writeln!(
            out,
            "{:>2}. {}  ({}, {})",
            i + 1,
            b.question,
            b.id,
            library::format_utc(b.added)
        )?;
    }
    if library.bookmarks().is_empty() {
        writeln!(
            out,
            "No bookmarks yet: in the screen, `m` bookmarks the open article."
        )?;
    }
    Ok(0)
}

fn history(home: &Home, limit: usize, json: bool) -> Result<i32> {
    let library = open_library(home);
    let all = library.history();
    let newest = &all[all.len().saturating_sub(limit)..];
    if json {
        print_json(&serde_json::json!({ "total": all.len(), "history": newest }))?;
        return Ok(0);
    }
    let mut out = io::stdout().lock();
    for entry in newest {
        let when = library::format_utc(entry.at());
        match entry {
            HistoryEntry::Asked { question, .. } => writeln!(out, "{when}  asked   {question}")?,
            HistoryEntry::Opened { id, question, .. } => {
                writeln!(out, "{when}  opened  {question} ({id})")?;
            }
        }
    }
    if all.is_empty() {
        writeln!(
            out,
            "No history yet: questions asked and articles opened in the screen are listed here."
        )?;
    }
    Ok(0)
}

fn remove(home: &Home, name: &str) -> Result<i32> {
    let corpora_dir = home.corpora_dir();
    let lock = corpus::store::ImportLock::acquire(&corpora_dir)?;
    if !corpus::store::remove(&corpora_dir, name, &lock)? {
        let names: Vec<String> = corpus::read_manifest(&corpora_dir)?
            .into_iter()
            .map(|i| i.name)
            .collect();
        bail!(
            "no corpus named `{name}` is installed (installed: {})",
            if names.is_empty() {
                "none".to_string()
            } else {
                names.join(", ")
            }
        );
    }
    drop(lock);
    index(home)?;
    println!("removed {name}");
    Ok(0)
}

fn bench(questions: usize, medquad: &Path, json: bool) -> Result<i32> {
    use curbside_core::corpus::{medquad as mq, store};
    let builtin = corpus::embedded_builtin().context("loading the built-in articles")?;
    let scratch = tempfile_dir()?;
    let asked = crate::measure::bench::sample_questions(&builtin.articles, questions);
    let mut reports = vec![crate::measure::bench::measure(
        "builtin",
        builtin.clone(),
        &scratch.path().join("builtin"),
        &asked,
    )?];
    let mut import_seconds = None;
    if medquad.exists() {
        let home = scratch.path().join("medquad");
        let corpora = home.join("corpora");
        let started = std::time::Instant::now();
        let lock = store::ImportLock::acquire(&corpora)?;
        let collection = mq::read(medquad, &mut |_, _| {})?;
        let articles = mq::to_articles(&collection.documents);
        store::install(&corpora, mq::CORPUS, &articles, &lock)?;
        drop(lock);
        import_seconds = Some(started.elapsed().as_secs_f64());
        let asked = crate::measure::bench::sample_questions(&articles, questions);
        drop(articles);
        let sources = Sources::new(builtin, &corpora)?;
        reports.push(crate::measure::bench::measure_sources(
            "builtin+medquad",
            &sources,
            &home,
            &asked,
        )?);
    } else {
        eprintln!(
            "curbside bench: {} is absent; measuring the built-in corpus only (pass --medquad PATH)",
            medquad.display()
        );
    }
    let machine = machine();
    if json {
        print_json(&serde_json::json!({
            "machine": machine,
            "medquad_import_seconds": import_seconds,
            "reports": reports,
        }))?;
        return Ok(0);
    }
    println!("machine: {machine}");
    if let Some(seconds) = import_seconds {
        println!("medquad: read, convert and store {seconds:.2} s (then indexed below)");
    }
    for r in &reports {
        println!(
            "{}: {} articles, {} passages; build {:.3} s ({:.0} docs/s, {:.1} MB/s), index {:.1} MB",
            r.corpus,
            r.build.articles,
            r.build.passages,
            r.build.seconds,
            r.build.documents_per_second,
            r.build.megabytes_per_second,
            r.build.index_bytes as f64 / 1e6
        );
        print_timings(&r.ask, &r.keystroke, &r.frames);
        println!("  peak RSS so far {:.1} MB", r.peak_rss_bytes as f64 / 1e6);
    }
    for r in &reports {
        let p = &r.profile;
        println!(
            "\nwhere the time of ask goes, {}: {} questions ({} answered by one article, {} by passages), \
             ask {:.1} ms in all",
            r.corpus, p.questions, p.article_answers, p.passage_answers, p.ask_total_ms
        );
        for stage in &p.stages {
            println!(
                "  {:<56} {:>6} calls {:>9.1} ms {:>8.0} µs each {:>5.0}% of ask",
                stage.name,
                stage.calls,
                stage.total_ms,
                stage.mean_us,
                stage.share_of_ask * 100.0
            );
        }
    }
    Ok(0)
}

fn print_latencies(rows: &[(&str, &crate::measure::bench::Latency)]) {
    for (label, l) in rows {
        println!(
            "  {label:<9} {:>6} samples  p50 {:>6} µs  p95 {:>6} µs  p99 {:>6} µs  max {:>6} µs  {:.0}/s",
            l.queries, l.p50_us, l.p95_us, l.p99_us, l.max_us, l.per_second
        );
    }
}

fn print_timings(
    ask: &crate::measure::bench::Latency,
    keystroke: &crate::measure::bench::Latency,
    frames: &crate::measure::bench::frame::FrameReport,
) {
    print_latencies(&[
        ("ask", ask),
        ("keystroke", keystroke),
        ("frame", &frames.full_frame),
        ("key→frame", &frames.keystroke_frame),
    ]);
    print_frames_note(frames);
}

fn print_frames_note(frames: &crate::measure::bench::frame::FrameReport) {
    println!(
        "  (frames: {}x{} in memory, {} open; key→frame is one typed character: update, search as you \
         type, redraw)",
        frames.columns,
        frames.rows,
        frames.open.as_deref().unwrap_or("no article")
    );
}

/// `bench --scale`: each size in a child process of this same binary, so that each
/// size's peak memory (VmHWM) is its own and not the largest so far.
fn bench_scale(sizes: &[u64], questions: usize, medquad: &Path, json: bool) -> Result<i32> {
    use crate::measure::bench::scale::ScaleReport;
    if !medquad.exists() {
        eprintln!(
            "curbside bench --scale: {} is absent; the synthetic corpora are recombined from MedQuAD's \
             answer sentences, so there is nothing to measure (pass --medquad PATH)",
            medquad.display()
        );
        return Ok(1);
    }
    let exe = std::env::current_exe().context("finding this program to run each size")?;
    let mut reports: Vec<ScaleReport> = Vec::new();
    for &passages in sizes {
        if !json {
            eprintln!("curbside bench --scale: {passages} passages…");
        }
        let output = std::process::Command::new(&exe)
            .arg("bench-size")
            .arg(passages.to_string())
            .arg("--medquad")
            .arg(medquad)
            .arg("-n")
            .arg(questions.to_string())
            .stderr(std::process::Stdio::inherit())
            .output()
            .with_context(|| format!("running {}", exe.display()))?;
        if !output.status.success() {
            bail!("measuring {passages} passages failed ({})", output.status);
        }
        let report: ScaleReport = serde_json::from_slice(&output.stdout)
            .with_context(|| format!("reading the report for {passages} passages"))?;
        reports.push(report);
    }
    let machine = machine();
    if json {
        print_json(&serde_json::json!({ "machine": machine, "reports": reports }))?;
        return Ok(0);
    }
    println!("machine: {machine}");
    if let Some(first) = reports.first() {
        println!(
            "synthetic corpora: {} MedQuAD answer sentences about {} foci, recombined with seed {:#x}",
            first.pool_sentences,
            first.pool_topics,
            crate::measure::synthetic::SEED
        );
    }
    for r in &reports {
        println!(
            "{} passages: {} articles; generate {:.2} s; build {:.1} s ({:.0} docs/s, {:.1} MB/s), index {:.1} MB; \
             peak RSS {:.0} MB building, {:.0} MB in all; after querying {:.0} MB heap, {:.0} MB mapped index",
            r.passages,
            r.build.articles,
            r.generate_seconds,
            r.build.seconds,
            r.build.documents_per_second,
            r.build.megabytes_per_second,
            r.build.index_bytes as f64 / 1e6,
            r.build_peak_rss_bytes as f64 / 1e6,
            r.peak_rss_bytes as f64 / 1e6,
            r.rss_anon_bytes as f64 / 1e6,
            r.rss_file_bytes as f64 / 1e6
        );
        print_timings(&r.ask, &r.keystroke, &r.frames);
    }
    println!(
        "\n| passages | articles | build | docs/s | index | ask p50 / p95 / p99 | keystroke p50 / p99 | key→frame p50 / p99 | peak RSS building / in all |"
    );
    println!("| ---: | ---: | ---: | ---: | ---: | --- | --- | --- | --- |");
    let ms = |us: u64| us as f64 / 1e3;
    for r in &reports {
        println!(
            "| {} | {} | {:.1} s | {:.0} | {:.0} MB | {:.2} / {:.2} / {:.2} ms | {:.2} / {:.2} ms | {:.2} / {:.2} ms | {:.0} / {:.0} MB |",
            r.passages,
            r.build.articles,
            r.build.seconds,
            r.build.documents_per_second,
            r.build.index_bytes as f64 / 1e6,
            ms(r.ask.p50_us),
            ms(r.ask.p95_us),
            ms(r.ask.p99_us),
            ms(r.keystroke.p50_us),
            ms(r.keystroke.p99_us),
            ms(r.frames.keystroke_frame.p50_us),
            ms(r.frames.keystroke_frame.p99_us),
            r.build_peak_rss_bytes as f64 / 1e6,
            r.peak_rss_bytes as f64 / 1e6
        );
    }
    Ok(0)
}

/// The child side of `bench --scale`: one size, built in its own scratch directory,
/// reported as JSON on standard output.
fn bench_size(passages: u64, medquad: &Path, questions: usize) -> Result<i32> {
    let scratch = tempfile_dir()?;
    let bar = progress_bar(&format!("indexing {passages} passages"));
    let report = crate::measure::bench::scale::measure(
        medquad,
        passages,
        questions,
        scratch.path(),
        &mut |done, total| {
            bar.set_length(total);
            bar.set_position(done);
        },
    );
    bar.finish_and_clear();
    let report = report.with_context(|| format!("measuring {passages} synthetic passages"))?;
    let mut out = io::stdout().lock();
    serde_json::to_writer(&mut out, &report)?;
    writeln!(out)?;
    Ok(0)
}

/// A scratch home for benchmarks, removed afterwards.
fn tempfile_dir() -> Result<ScratchDir> {
    let path = std::env::temp_dir().join(format!("curbside-bench-{}", std::process::id()));
    std::fs::create_dir_all(&path).with_context(|| format!("creating {}", path.display()))?;
    Ok(ScratchDir(path))
}

struct ScratchDir(PathBuf);

impl ScratchDir {
    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for ScratchDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Cores, memory and CPU model, for the record beside every figure.
fn machine() -> String {
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let memory = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|m| {
            m.lines()
                .next()
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<u64>().ok())
        })
        .map_or(String::from("? GiB"), |kb| {
            format!("{:.0} GiB", kb as f64 / 1048576.0)
        });
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| {
            c.lines()
                .find(|l| l.starts_with("model name"))
                .map(|l| l.split(':').nth(1).unwrap_or("").trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".to_string());
    format!("{cores} cores, {memory}, {cpu}")
}
