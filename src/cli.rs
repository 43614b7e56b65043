//! The command line: clap definitions and one function per command, all on the same
//! engine the screen uses.

/// `print!` for the commands: the text has its control characters removed
/// ([`curbside_core::render::clean`]) and a closed pipe is an error the caller returns,
/// ending the command quietly (see `main`), never a panic.
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::cli::write_out(&format!($($arg)*))?
    };
}

/// `println!` as [`say!`] writes it.
macro_rules! sayln {
    () => {
        $crate::cli::write_out("\n")?
    };
    ($($arg:tt)*) => {
        $crate::cli::write_out(&(format!($($arg)*) + "\n"))?
    };
}

mod answers;
mod corpora;
mod measure;
mod shared;
mod user_files;

use std::io::{self, IsTerminal};
use std::path::{Path, PathBuf};

use anyhow::{Result, bail};
use clap::{Parser, Subcommand};

use curbside_core::article::Audience;
use curbside_core::home::Home;
use curbside_core::user_files::UserFiles;

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
        /// The question, in your own words (several words need no quotes, and a word may
        /// start with a hyphen: spasticity -stroke); at most 2000 characters are read, a
        /// longer question cut at the end of a word (and said)
        #[arg(required = true, num_args = 1..)]
        question: Vec<std::ffi::OsString>,
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
        /// The query: free text, or explicit syntax ("a phrase", -exclude, topic:word),
        /// flags before or after it (search -n 3 spasticity -stroke)
        #[arg(num_args = 0.., required_unless_present = "batch")]
        query: Vec<std::ffi::OsString>,
        /// How many results (at least 1)
        #[arg(short = 'n', long, default_value_t = 10, value_parser = clap::value_parser!(u16).range(1..))]
        limit: u16,
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
        #[arg(long, conflicts_with_all = ["markdown", "ris", "bibtex"])]
        json: bool,
        /// Print Markdown with citations linked to the references
        #[arg(long, conflicts_with_all = ["ris", "bibtex"])]
        markdown: bool,
        /// Print its references as RIS for a reference manager (a research citation: itself)
        #[arg(long, conflicts_with = "bibtex")]
        ris: bool,
        /// Print its references as BibTeX (a research citation: itself)
        #[arg(long)]
        bibtex: bool,
    },
    /// Make the index match the library: rebuild it when it is stale, missing or damaged,
    /// else say it is up to date
    #[command(
        long_about = "Make the index match the library (the built-in articles and every imported \
                      corpus). When the index in service was built from them and passes its \
                      checksums, nothing is built and it says the index is up to date, and where; \
                      otherwise a new index generation is built, swapped in and named, with the \
                      reason. --force builds a new one whatever the state of the old."
    )]
    Index {
        /// Build a new index even when the current one matches and passes its checksums
        #[arg(long)]
        force: bool,
    },
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
                            newest last, with the time (UTC); a follow-up question with the topic it \
                            followed. Ctrl-R in the screen's Ask bar recalls the same questions. The \
                            last 1,000 are kept in HOME/history.json, as typed; --clear empties it, and \
                            `history = false` in HOME/settings.toml stops recording."
    )]
    History {
        /// How many of the newest entries to list
        #[arg(short = 'n', long, default_value_t = 20)]
        limit: usize,
        /// Print JSON for scripts
        #[arg(long)]
        json: bool,
        /// Empty the history file
        #[arg(long, conflicts_with_all = ["json", "limit"])]
        clear: bool,
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
                      never the home's own index. Also prints where the time of `ask` goes, stage by stage.\n\n\
                      With --scale, measures synthetic corpora of the given numbers of passages \
                      instead, recombined from MedQuAD's answer sentences (deterministic, seeded), \
                      each size built and queried in a process of its own so its peak memory is \
                      its own.\n\n\
                      With --library, measures `ask` and search as you type over the library in \
                      --home as it stands (a million citations imported beside MedQuAD, say), \
                      asking its MedQuAD corpus's own questions, spread evenly, and where the time of `ask` goes."
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
        /// Measure `ask` over the library in --home as it stands instead (its index,
        /// built if stale), asking its MedQuAD corpus's questions (else the built-in
        /// corpus's); nothing is built in a scratch home
        #[arg(long, conflicts_with = "scale")]
        library: bool,
        /// Print JSON for scripts
        #[arg(long)]
        json: bool,
    },
    /// Write synthetic PubMed citations for measuring `import pubmed` at scale
    #[command(
        hide = true,
        long_about = "Write COUNT synthetic PubMed citations into DIR as PubmedArticleSet XML, \
                      30,000 to a file as NLM's annual baseline is (synth26n0001.xml and on), for \
                      measuring `curbside import pubmed DIR` at scale (see BENCHMARKS.md). Titles, \
                      MeSH headings and abstracts are recombined from MedQuAD's foci and answer \
                      sentences, deterministically from the seed; PMIDs start at 900000001, far \
                      above any real one. Written one citation at a time, in constant memory."
    )]
    SyntheticPubmed {
        /// How many citations
        count: u64,
        /// The folder to write the files into (made if missing)
        dir: PathBuf,
        /// MedQuAD, the source of the sentences and topics
        #[arg(long, value_name = "PATH", default_value = "../shared/medquad")]
        medquad: PathBuf,
        /// Gzip each file (.xml.gz), as NLM publishes the baseline
        #[arg(long)]
        gzip: bool,
        /// The seed; the same seed writes the same files
        #[arg(long, default_value_t = crate::measure::synthetic::SEED)]
        seed: u64,
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
                      home's own index) and reused while its inputs are unchanged. The defaults read ../shared."
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
    /// Validate article JSON: a directory of it, or the built-in articles
    Check {
        /// A directory of article files (one JSON article each) [default: data/articles
        /// in a checkout, else the built-in articles compiled into the binary]
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
    /// Literature: PubMed XML (.xml, .xml.gz; baseline and update files), MEDLINE text
    /// (.nbib) or RIS (.ris) from a reference manager, merged into the PubMed corpus
    #[command(
        long_about = "Import literature into the PubMed corpus: PubMed XML as NLM publishes it \
                      (PubmedArticleSet or MedlineCitationSet, .xml or .xml.gz), MEDLINE text as \
                      PubMed's Save writes it (.nbib, .txt) and RIS from Zotero, EndNote or Mendeley \
                      (.ris); files, or folders of them read in name order. Citations already \
                      imported stay: a newer version of a citation replaces the older one, and an \
                      update file's DeleteCitation removes citations. `curbside remove pubmed` \
                      starts over."
    )]
    Pubmed {
        /// Files or folders of PubMed XML, MEDLINE text or RIS
        #[arg(required = true, num_args = 1..)]
        paths: Vec<PathBuf>,
    },
}

/// Which forms of the LiveQA questions `eval` asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FormChoice {
    Original,
    Summary,
    Both,
}

/// The command line, parsed and checked: clap's own errors, and a question or query that
/// is empty once its escape sequences and control characters are out, are usage errors
/// that clap prints with the usage, exiting 2.
pub fn parse() -> Cli {
    let cli = Cli::parse_from(hyphen_words_as_words(std::env::args_os().collect()));
    if let Err(error) = cli.check() {
        error.exit();
    }
    cli
}

/// The subcommands whose words are a question, in which a word may start with a hyphen.
const QUESTION_COMMANDS: &[&str] = &["ask", "search"];

/// The command line as clap should read it. In a question (`ask`, `search`) a word that
/// starts with a hyphen but is none of the command's flags (`spasticity -stroke`, a
/// negative number) is a word: the words, in their order, are moved behind a `--`, and
/// the flags, with their values, stay before it, wherever they were written
/// (`search -n 3 spasticity -stroke`, `ask spasticity -stroke --json`). A `--` the user
/// wrote already ends the flags. Other commands are left as they are. (clap's
/// `allow_hyphen_values` on the words would take every flag after the first word as a
/// word too, `--json` included.)
pub fn hyphen_words_as_words(args: Vec<std::ffi::OsString>) -> Vec<std::ffi::OsString> {
    let mut command = <Cli as clap::CommandFactory>::command();
    command.build();
    let Some(at) = subcommand_at(&command, &args) else {
        return args;
    };
    let Some(sub) = args[at]
        .to_str()
        .filter(|name| QUESTION_COMMANDS.contains(name))
        .and_then(|name| command.find_subcommand(name))
    else {
        return args;
    };
    let (flags, words) = split_flags(sub, &args[at + 1..]);
    let mut out = args[..=at].to_vec();
    out.extend(flags);
    if !words.is_empty() {
        out.push("--".into());
        out.extend(words);
    }
    out
}

/// Where the subcommand's name stands in `args` (after the program and the top level's
/// own flags), if there is one.
fn subcommand_at(command: &clap::Command, args: &[std::ffi::OsString]) -> Option<usize> {
    let mut at = 1;
    while let Some(arg) = args.get(at) {
        let text = arg.to_str()?;
        if !text.starts_with('-') || text == "-" {
            return Some(at);
        }
        at += 1 + usize::from(flag_takes_a_separate_value(command, text));
    }
    None
}

/// Separates the arguments after a question command's name into its flags (each with
/// its value) and the question's words, each kept in its order.
fn split_flags(
    sub: &clap::Command,
    rest: &[std::ffi::OsString],
) -> (Vec<std::ffi::OsString>, Vec<std::ffi::OsString>) {
    let (mut flags, mut words) = (Vec::new(), Vec::new());
    let mut args = rest.iter();
    while let Some(arg) = args.next() {
        let text = arg.to_str().unwrap_or("");
        if text == "--" {
            words.extend(args.by_ref().cloned());
        } else if is_flag(sub, text) {
            flags.push(arg.clone());
            if flag_takes_a_separate_value(sub, text) {
                flags.extend(args.next().cloned());
            }
        } else {
            words.push(arg.clone());
        }
    }
    (flags, words)
}

/// Whether `text` is one of `command`'s flags: any `--long` (an unknown one is left for
/// clap to refuse by name), or `-x` for a short flag it has, with its value attached
/// (`-n3`, `-n=3`) where it takes one. `-stroke` and `-5` are words.
fn is_flag(command: &clap::Command, text: &str) -> bool {
    if text.starts_with("--") {
        return true;
    }
    let Some(rest) = text.strip_prefix('-') else {
        return false;
    };
    let mut chars = rest.chars();
    let Some(arg) = chars.next().and_then(|c| short_flag(command, c)) else {
        return false;
    };
    let attached = chars.as_str();
    attached.is_empty()
        || (arg.get_action().takes_values()
            && (attached.starts_with('=') || attached.chars().all(|c| c.is_ascii_digit())))
}

/// Whether the flag `text` takes a value from the next argument: a flag that takes
/// one, written without it (`--limit`, `-n`, not `--limit=3` or `-n3`).
fn flag_takes_a_separate_value(command: &clap::Command, text: &str) -> bool {
    let arg = match text.strip_prefix("--") {
        Some(long) if !long.contains('=') => command.get_arguments().find(|a| a.get_long() == Some(long)),
        Some(_) => None,
        None => {
            let mut chars = text.chars().skip(1);
            match (chars.next(), chars.next()) {
                (Some(c), None) => short_flag(command, c),
                _ => None,
            }
        }
    };
    arg.is_some_and(|a| a.get_action().takes_values())
}

/// `command`'s flag written `-c`, if it has one.
fn short_flag(command: &clap::Command, c: char) -> Option<&clap::Arg> {
    command.get_arguments().find(|a| a.get_short() == Some(c))
}

impl Cli {
    /// What clap cannot check: that `ask` and `search` were given something to read.
    fn check(&self) -> Result<(), clap::Error> {
        let (name, given, example) = match &self.command {
            Some(Command::Ask { question, .. }) => ("ask", question, "what causes clonus"),
            Some(Command::Search {
                query, batch: false, ..
            }) => ("search", query, "spasticity"),
            _ => return Ok(()),
        };
        if !words(given).trim().is_empty() {
            return Ok(());
        }
        let mut command = <Cli as clap::CommandFactory>::command();
        command.build();
        let message = format!(
            "the question is empty: give `curbside {name}` some words, e.g. `curbside {name} {example}`"
        );
        Err(match command.find_subcommand_mut(name) {
            Some(sub) => sub.error(clap::error::ErrorKind::InvalidValue, message),
            None => command.error(clap::error::ErrorKind::InvalidValue, message),
        })
    }
}

/// Words given on the command line as one text, their escape sequences taken out whole
/// and other control characters made spaces ([`crate::typed::question_text`]).
/// Arguments are bytes, not necessarily UTF-8: what is not is replaced (U+FFFD), never
/// refused.
fn words(args: &[std::ffi::OsString]) -> String {
    let joined = args
        .iter()
        .map(|a| a.to_string_lossy())
        .collect::<Vec<_>>()
        .join(" ");
    crate::typed::question_text(&joined)
}

/// Writes `text` to standard output, its control characters removed.
pub(crate) fn write_out(text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    out.write_all(curbside_core::render::clean(text).as_bytes())?;
    out.flush()
}

/// Whether `error` is standard output's reader having gone (`curbside ask … | head`):
/// the command has nothing left to do, and ends with status 0 as `head` expects.
/// JSON is written straight to standard output, so the pipe's error may come wrapped in
/// serde_json's (`curbside ask --json … | head`).
pub fn is_closed_pipe(error: &anyhow::Error) -> bool {
    use std::io::ErrorKind::BrokenPipe;
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == BrokenPipe)
            || cause
                .downcast_ref::<serde_json::Error>()
                .is_some_and(|e| e.io_error_kind() == Some(BrokenPipe))
    })
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
        }) => answers::ask(
            &home,
            &words(&question),
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
                answers::search_batch(&home, usize::from(limit))
            } else {
                answers::search(&home, &words(&query), usize::from(limit), json)
            }
        }
        Some(Command::Show { id, ris, bibtex, .. }) if ris || bibtex => {
            answers::show_references(&home, &id, bibtex)
        }
        Some(Command::Show {
            id,
            audience,
            json,
            markdown,
            ..
        }) => answers::show(&home, &id, audience, json, markdown),
        Some(Command::Index { force }) => corpora::index(&home, force),
        Some(Command::Import {
            corpus: ImportCommand::Medquad { path },
        }) => corpora::import_medquad(&home, &path),
        Some(Command::Import {
            corpus: ImportCommand::Pubmed { paths },
        }) => corpora::import_pubmed(&home, &paths),
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
            measure::eval(&inputs, form, details, &cache, json)
        }
        Some(Command::Check { dir, json }) => corpora::check(dir.as_deref(), json),
        Some(Command::Corpora { json }) => corpora::corpora(&home, json),
        Some(Command::Bench {
            questions,
            medquad,
            scale,
            library,
            json,
        }) => {
            if library {
                measure::bench_library(&home, questions, json)
            } else if scale.is_empty() {
                measure::bench(questions, &medquad, json)
            } else {
                measure::bench_scale(&scale, questions, &medquad, json)
            }
        }
        Some(Command::SyntheticPubmed {
            count,
            dir,
            medquad,
            gzip,
            seed,
        }) => measure::synthetic_pubmed(count, &dir, &medquad, gzip, seed),
        Some(Command::BenchSize {
            passages,
            medquad,
            questions,
        }) => measure::bench_size(passages, &medquad, questions),
        Some(Command::Remove { name }) => corpora::remove(&home, &name),
        Some(Command::Bookmarks { json }) => user_files::bookmarks(&home, json),
        Some(Command::History { clear: true, .. }) => user_files::clear_history(&home),
        Some(Command::History { limit, json, .. }) => user_files::history(&home, limit, json),
    }
}

/// `curbside` alone: the engine opens first (index progress shows on stderr), then the
/// screen takes the terminal. What the user's files report (a damaged file set aside, a home
/// it cannot save in) goes to stderr, where it outlasts the screen, and to the bottom bar.
fn screen(home: &Home) -> Result<i32> {
    if !io::stdout().is_terminal() || !io::stdin().is_terminal() {
        bail!("the screen needs a terminal; in a pipe or script use `curbside ask QUESTION` (see --help)");
    }
    let engine = shared::open_engine(home)?;
    let mut user_files = UserFiles::open(home);
    user_files.save_settings_if_missing();
    for notice in user_files.notices() {
        eprintln!("curbside: {notice}");
    }
    crate::tui::run(engine, user_files)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `hyphen_words_as_words` of a command line written as one string.
    fn read(line: &str) -> Vec<String> {
        let args = line.split(' ').map(std::ffi::OsString::from).collect();
        hyphen_words_as_words(args)
            .into_iter()
            .map(|a| a.to_string_lossy().into_owned())
            .collect()
    }

    #[test]
    fn hyphenated_words_of_a_question_go_behind_a_double_dash_in_order() {
        assert_eq!(
            read("curbside search spasticity -stroke"),
            ["curbside", "search", "--", "spasticity", "-stroke"]
        );
        assert_eq!(
            read("curbside search -n 3 spasticity -stroke pain"),
            [
                "curbside",
                "search",
                "-n",
                "3",
                "--",
                "spasticity",
                "-stroke",
                "pain"
            ]
        );
        assert_eq!(
            read("curbside --home /h ask -stroke clonus --json --audience patient"),
            [
                "curbside",
                "--home",
                "/h",
                "ask",
                "--json",
                "--audience",
                "patient",
                "--",
                "-stroke",
                "clonus"
            ]
        );
    }

    #[test]
    fn flags_stay_flags_wherever_they_are_written() {
        assert_eq!(
            read("curbside search clonus -n3 --json -h"),
            ["curbside", "search", "-n3", "--json", "-h", "--", "clonus"]
        );
        assert_eq!(
            read("curbside search clonus --limit 2 -n=4"),
            ["curbside", "search", "--limit", "2", "-n=4", "--", "clonus"]
        );
        assert_eq!(
            read("curbside ask clonus --home /h --follow-up-of -odd-id"),
            [
                "curbside",
                "ask",
                "--home",
                "/h",
                "--follow-up-of",
                "-odd-id",
                "--",
                "clonus"
            ]
        );
        assert_eq!(read("curbside search --batch"), ["curbside", "search", "--batch"]);
        assert_eq!(
            read("curbside search --jsno clonus"),
            ["curbside", "search", "--jsno", "--", "clonus"],
            "an unknown long flag is left for clap to refuse by name"
        );
    }

    #[test]
    fn words_that_only_look_like_flags_are_words() {
        assert_eq!(
            read("curbside search -nausea -5 - -- --json"),
            ["curbside", "search", "--", "-nausea", "-5", "-", "--json"]
        );
        assert_eq!(
            read("curbside show -x"),
            ["curbside", "show", "-x"],
            "other commands are left alone"
        );
        assert_eq!(read("curbside --home /h"), ["curbside", "--home", "/h"]);
    }

    #[test]
    fn the_command_line_parses_after_it() {
        let parse = |line: &str| Cli::try_parse_from(read(line));
        let Ok(Cli {
            command: Some(Command::Search {
                query, limit, json, ..
            }),
            ..
        }) = parse("curbside search spasticity -stroke -n 3 --json")
        else {
            panic!("search parses");
        };
        assert_eq!(words(&query), "spasticity -stroke");
        assert_eq!((limit, json), (3, true));
        assert!(
            parse("curbside ask --json").is_err(),
            "a question is still required"
        );
        assert!(parse("curbside search --jsno clonus").is_err());
    }
}
