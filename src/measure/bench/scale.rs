//! One size of the scaling benchmark: a synthetic corpus of N passages made from MedQuAD
//! sentences, streamed into a new index, then asked MedQuAD's own questions. Run in a
//! process of its own per size (`curbside bench --scale` does), so the peak memory
//! reported is that size's alone.

use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use serde::{Deserialize, Serialize};

use super::{BenchError, Build, Latency, frame};
use crate::measure::synthetic::{SEED, SentencePool};
use curbside_core::index::Engine;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ScaleReport {
    pub passages: u64,
    /// The MedQuAD material recombined: sentences and the foci they are about.
    pub pool_sentences: usize,
    pub pool_topics: usize,
    /// Making the articles alone, without indexing them (part of the build time).
    pub generate_seconds: f64,
    pub build: Build,
    pub ask: Latency,
    pub keystroke: Latency,
    pub frames: frame::FrameReport,
    /// Peak resident memory once the index was built (reading MedQuAD, generating and
    /// indexing), and at the end (querying too).
    pub build_peak_rss_bytes: u64,
    pub peak_rss_bytes: u64,
    /// Resident after querying, the index still open: heap and other private memory, and
    /// mapped files (the index's pages read so far).
    pub rss_anon_bytes: u64,
    pub rss_file_bytes: u64,
}

/// Builds the `passages`-passage corpus's index under `scratch` and measures it.
pub fn measure(
    medquad: &Path,
    passages: u64,
    questions: usize,
    scratch: &Path,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<ScaleReport, BenchError> {
    let pool = SentencePool::read(medquad)?;
    let asked = pool.questions(questions);

    let started = Instant::now();
    let mut articles = 0u64;
    for article in pool.articles(passages, SEED) {
        std::hint::black_box(&article);
        articles += 1;
    }
    let generate_seconds = started.elapsed().as_secs_f64();
    let bytes: usize = pool
        .articles(passages, SEED)
        .map(|a| serde_json::to_vec(&a).map_or(0, |v| v.len()))
        .sum();

    let index_dir = scratch.join("index");
    let started = Instant::now();
    let engine = Engine::build_streamed(
        &index_dir,
        pool.fingerprint(passages, SEED),
        pool.articles(passages, SEED),
        articles,
        progress,
    )?;
    let seconds = started.elapsed().as_secs_f64();
    let build_peak_rss_bytes = super::peak_rss_bytes();
    let meta = engine.meta();
    let docs = meta.articles + meta.passages;
    let build = Build {
        articles: meta.articles,
        passages: meta.passages,
        seconds,
        documents_per_second: docs as f64 / seconds,
        megabytes_per_second: bytes as f64 / 1e6 / seconds,
        index_bytes: engine.location().map_or(0, super::dir_size),
    };

    // One pass to warm the page cache and the searcher, as a session in use would be.
    super::ask_latency(&engine, &asked)?;
    let ask = super::ask_latency(&engine, &asked)?;
    let keystroke = super::keystroke_latency(&engine, &asked[..asked.len().min(100)], 30)?;
    let engine = Arc::new(engine);
    // The first synthetic article's question opens one of its topic's articles.
    let open = pool
        .articles(passages, SEED)
        .next()
        .map(|a| a.question)
        .unwrap_or_default();
    let frames = frame::measure(Arc::clone(&engine), &open, &asked);
    // Read while the engine still maps its index, so the mapped pages show.
    let (rss_anon_bytes, rss_file_bytes) = super::rss_anon_and_file_bytes();
    drop(engine);
    Ok(ScaleReport {
        passages,
        pool_sentences: pool.sentences(),
        pool_topics: pool.topics(),
        generate_seconds,
        build,
        ask,
        keystroke,
        frames,
        build_peak_rss_bytes,
        peak_rss_bytes: super::peak_rss_bytes(),
        rss_anon_bytes,
        rss_file_bytes,
    })
}
