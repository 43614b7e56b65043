//! `curbside bench`: measures index build time, query latency as `ask` answers, frame
//! times and peak memory, on the built-in corpus, MedQuAD and synthetic corpora of any
//! size. Benchmarks measure; tests never time.

pub mod floor;
pub mod frame;
pub mod profile;
pub mod scale;

use std::path::Path;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::measure::synthetic::SyntheticError;
use curbside_core::answer::{self, Question};
use curbside_core::article::Article;
use curbside_core::corpus::{Corpus, Sources};
use curbside_core::index::{Engine, IndexError};

#[derive(Debug, thiserror::Error)]
pub enum BenchError {
    #[error(transparent)]
    Index(#[from] IndexError),
    #[error(transparent)]
    Synthetic(#[from] SyntheticError),
}

/// Latency figures over a list of queries, in microseconds.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Latency {
    pub queries: usize,
    pub p50_us: u64,
    pub p95_us: u64,
    pub p99_us: u64,
    pub max_us: u64,
    pub per_second: f64,
}

impl Latency {
    pub fn from_samples(mut samples: Vec<Duration>) -> Latency {
        samples.sort();
        let total: Duration = samples.iter().sum();
        let pick = |q: f64| -> u64 {
            if samples.is_empty() {
                return 0;
            }
            let i = ((samples.len() as f64 - 1.0) * q).round() as usize;
            samples[i].as_micros() as u64
        };
        Latency {
            queries: samples.len(),
            p50_us: pick(0.50),
            p95_us: pick(0.95),
            p99_us: pick(0.99),
            max_us: pick(1.0),
            per_second: if total.is_zero() {
                0.0
            } else {
                samples.len() as f64 / total.as_secs_f64()
            },
        }
    }
}

/// What building an index cost.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Build {
    pub articles: u64,
    pub passages: u64,
    pub seconds: f64,
    pub documents_per_second: f64,
    pub megabytes_per_second: f64,
    pub index_bytes: u64,
}

/// Builds an index of `sources` under `home`, timing it.
pub fn build(home: &Path, sources: &Sources) -> Result<Build, IndexError> {
    let articles = sources.articles()?;
    let bytes: usize = articles
        .iter()
        .map(|a| serde_json::to_vec(a).map_or(0, |v| v.len()))
        .sum();
    let started = Instant::now();
    let engine = Engine::rebuild(&home.join("index"), sources, &mut |_, _| {})?;
    let seconds = started.elapsed().as_secs_f64();
    let meta = engine.meta();
    let docs = meta.articles + meta.passages;
    Ok(Build {
        articles: meta.articles,
        passages: meta.passages,
        seconds,
        documents_per_second: docs as f64 / seconds,
        megabytes_per_second: bytes as f64 / 1e6 / seconds,
        index_bytes: engine.location().map_or(0, dir_size),
    })
}

/// Answers every question as `ask` would (search, composition, article load), timing each.
pub fn ask_latency(engine: &Engine, questions: &[String]) -> Result<Latency, IndexError> {
    let mut samples = Vec::with_capacity(questions.len());
    for text in questions {
        let started = Instant::now();
        let asked = answer::ask(engine, Question { text, context: None })?;
        std::hint::black_box(&asked);
        samples.push(started.elapsed());
    }
    Ok(Latency::from_samples(samples))
}

/// Searches as the screen does on each keystroke: every prefix of each question.
pub fn keystroke_latency(engine: &Engine, questions: &[String], limit: usize) -> Result<Latency, IndexError> {
    let mut samples = Vec::new();
    for text in questions {
        for (end, _) in text.char_indices().skip(1) {
            let started = Instant::now();
            let hits = engine.search(&text[..end], limit, true)?;
            std::hint::black_box(&hits);
            samples.push(started.elapsed());
        }
    }
    Ok(Latency::from_samples(samples))
}

/// The questions of a corpus, spread evenly, at most `n`.
pub fn sample_questions(articles: &[Article], n: usize) -> Vec<String> {
    let step = (articles.len() / n.max(1)).max(1);
    articles
        .iter()
        .step_by(step)
        .take(n)
        .map(|a| a.question.clone())
        .collect()
}

/// Peak resident memory of this process so far, in bytes (Linux; 0 elsewhere). It counts
/// the pages of the memory-mapped index that were read, as well as the heap.
pub fn peak_rss_bytes() -> u64 {
    process_status_bytes("VmHWM:")
}

/// Resident memory now, split into the heap and other private memory (`RssAnon`) and
/// the mapped files, the index among them (`RssFile`), which the kernel can drop and
/// read again.
pub fn rss_anon_and_file_bytes() -> (u64, u64) {
    (process_status_bytes("RssAnon:"), process_status_bytes("RssFile:"))
}

fn process_status_bytes(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status.lines().find(|l| l.starts_with(field)).and_then(|l| {
                l.split_whitespace()
                    .nth(1)
                    .and_then(|kb| kb.parse::<u64>().ok())
                    .map(|kb| kb * 1024)
            })
        })
        .unwrap_or(0)
}

pub fn dir_size(path: &Path) -> u64 {
    std::fs::read_dir(path)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| match e.metadata() {
                    Ok(m) if m.is_dir() => dir_size(&e.path()),
                    Ok(m) => m.len(),
                    Err(_) => 0,
                })
                .sum()
        })
        .unwrap_or(0)
}

/// A corpus measured on its own.
#[derive(Debug, Clone, Serialize)]
pub struct CorpusReport {
    pub corpus: String,
    pub build: Build,
    pub ask: Latency,
    /// The same questions as a plain one-field BM25 union of terms: the engine alone.
    pub floor: Latency,
    pub keystroke: Latency,
    pub frames: frame::FrameReport,
    pub profile: profile::AskProfile,
    pub peak_rss_bytes: u64,
}

/// The question whose answer is open while frames are timed: the clonus article, the
/// model of what an answer looks like.
pub const FRAME_QUESTION: &str = "what causes clonus";

/// Builds, then queries, a corpus in a fresh home.
pub fn measure(
    name: &str,
    builtin: Corpus,
    home: &Path,
    questions: &[String],
) -> Result<CorpusReport, BenchError> {
    let sources = Sources::new(builtin, &home.join("corpora")).map_err(IndexError::from)?;
    measure_sources(name, &sources, home, questions)
}

pub fn measure_sources(
    name: &str,
    sources: &Sources,
    home: &Path,
    questions: &[String],
) -> Result<CorpusReport, BenchError> {
    let build = build(home, sources)?;
    let (engine, _) = Engine::open(&home.join("index"), sources, &mut |_, _| {})?;
    // One pass to warm the page cache and the searcher, as a session in use would be.
    ask_latency(&engine, questions)?;
    let ask = ask_latency(&engine, questions)?;
    let floor = floor::latency(&engine, questions);
    let keystroke = keystroke_latency(&engine, &questions[..questions.len().min(100)], 30)?;
    let profile = profile::ask(&engine, questions)?;
    let frames = frame::measure(std::sync::Arc::new(engine), FRAME_QUESTION, questions);
    Ok(CorpusReport {
        corpus: name.to_string(),
        build,
        ask,
        floor,
        keystroke,
        frames,
        profile,
        peak_rss_bytes: peak_rss_bytes(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_pick_the_right_samples() {
        let samples = (1..=100).map(Duration::from_micros).collect();
        let latency = Latency::from_samples(samples);
        assert_eq!(
            (latency.p50_us, latency.p95_us, latency.p99_us, latency.max_us),
            (51, 95, 99, 100)
        );
        assert_eq!(Latency::from_samples(Vec::new()).p99_us, 0);
    }
}
