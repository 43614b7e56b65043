//! The measurement commands, `eval` and `bench`, printing what
//! [`crate::measure`] measures.

use anyhow::{Context, Result, bail};
use curbside_core::corpus::{self, Sources};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::FormChoice;
use super::shared::*;

pub(super) fn eval(
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
    let report = with_progress("evaluating", |bar| {
        crate::measure::eval::evaluate(inputs, &forms, details, cache, &mut |stage, done, total| {
            bar.stage(stage);
            bar.report(done, total);
        })
    })?;
    if json {
        print_json(&report)?;
        return Ok(0);
    }
    sayln!(
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
    sayln!(
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
        sayln!(
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
        sayln!(
            "\n{:<9} {:>4} {:>5} {:>5} {:>4}  question -> first answer",
            "form",
            "q",
            "first",
            "rank",
            "best"
        );
        for d in &report.details {
            let form = match d.form {
                crate::measure::eval::Form::Original => "original",
                crate::measure::eval::Form::Summary => "summary",
            };
            let question: String = d.question.chars().take(70).collect();
            sayln!(
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

pub(super) fn bench(questions: usize, medquad: &Path, json: bool) -> Result<i32> {
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
        let (_, articles) = mq::prepare(medquad, &mut |_, _| {})?;
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
    sayln!("machine: {machine}");
    if let Some(seconds) = import_seconds {
        sayln!("medquad: read, convert and store {seconds:.2} s (then indexed below)");
    }
    for r in &reports {
        sayln!(
            "{}: {} articles, {} passages; build {:.3} s ({:.0} docs/s, {:.1} MB/s), index {:.1} MB",
            r.corpus,
            r.build.articles,
            r.build.passages,
            r.build.seconds,
            r.build.documents_per_second,
            r.build.megabytes_per_second,
            r.build.index_bytes as f64 / 1e6
        );
        print_timings(&r.ask, &r.keystroke, &r.frames)?;
        print_latencies(&[("floor", &r.floor)])?;
        sayln!(
            "  (floor: the same questions as a plain BM25 union of terms in the body field, tantivy alone)"
        );
        sayln!("  peak RSS so far {:.1} MB", r.peak_rss_bytes as f64 / 1e6);
    }
    for r in &reports {
        print_profile(&r.corpus, &r.profile)?;
    }
    Ok(0)
}

/// Where the time of `ask` goes over `corpus`, stage by stage.
fn print_profile(corpus: &str, p: &crate::measure::bench::profile::AskProfile) -> Result<()> {
    sayln!(
        "\nwhere the time of ask goes, {corpus}: {} questions ({} answered by one article, {} by passages), \
         ask {:.1} ms in all",
        p.questions,
        p.article_answers,
        p.passage_answers,
        p.ask_total_ms
    );
    for stage in &p.stages {
        sayln!(
            "  {:<56} {:>6} calls {:>9.1} ms {:>8.0} µs each {:>5.0}% of ask",
            stage.name,
            stage.calls,
            stage.total_ms,
            stage.mean_us,
            stage.share_of_ask * 100.0
        );
    }
    Ok(())
}

pub(super) fn print_latencies(rows: &[(&str, &crate::measure::bench::Latency)]) -> Result<()> {
    for (label, l) in rows {
        sayln!(
            "  {label:<9} {:>6} samples  p50 {:>6} µs  p95 {:>6} µs  p99 {:>6} µs  max {:>6} µs  {:.0}/s",
            l.queries,
            l.p50_us,
            l.p95_us,
            l.p99_us,
            l.max_us,
            l.per_second
        );
    }
    Ok(())
}

pub(super) fn print_timings(
    ask: &crate::measure::bench::Latency,
    keystroke: &crate::measure::bench::Latency,
    frames: &crate::measure::bench::frame::FrameReport,
) -> Result<()> {
    print_latencies(&[
        ("ask", ask),
        ("keystroke", keystroke),
        ("frame", &frames.full_frame),
        ("key→frame", &frames.keystroke_frame),
    ])?;
    print_frames_note(frames)
}

pub(super) fn print_frames_note(frames: &crate::measure::bench::frame::FrameReport) -> Result<()> {
    sayln!(
        "  (frames: {}x{} in memory, {} open; key→frame is one typed character: update, search as you \
         type, redraw)",
        frames.columns,
        frames.rows,
        frames.open.as_deref().unwrap_or("no article")
    );
    Ok(())
}

/// `bench --library`: `ask` and search as you type timed over the library as it stands,
/// as `bench` times them over its scratch corpora (a warming pass, then the timed one).
pub(super) fn bench_library(home: &curbside_core::home::Home, questions: usize, json: bool) -> Result<i32> {
    use crate::measure::bench;
    let engine = open_engine(home)?;
    let sources = sources(home)?;
    let medquad = sources
        .installed
        .iter()
        .find(|i| i.name == corpus::medquad::CORPUS);
    let (asked_of, asked) = match medquad {
        Some(installed) => {
            let articles =
                corpus::load_jsonl(&sources.corpora_dir.join(&installed.file), &installed.name)?.articles;
            ("medquad", bench::sample_questions(&articles, questions))
        }
        None => (
            "builtin",
            bench::sample_questions(&sources.builtin.articles, questions),
        ),
    };
    bench::ask_latency(&engine, &asked)?;
    let ask = bench::ask_latency(&engine, &asked)?;
    let keystroke = bench::keystroke_latency(&engine, &asked[..asked.len().min(100)], 30)?;
    let profile = bench::profile::ask(&engine, &asked)?;
    let (rss_anon_bytes, rss_file_bytes) = bench::rss_anon_and_file_bytes();
    let meta = engine.meta();
    let index_bytes = engine.location().map_or(0, bench::dir_size);
    let corpora: Vec<String> = sources
        .installed
        .iter()
        .map(|i| format!("{} ({} articles)", i.name, i.articles))
        .collect();
    let machine = machine();
    if json {
        print_json(&serde_json::json!({
            "machine": machine,
            "home": home.root(),
            "corpora": sources.installed,
            "articles": meta.articles,
            "passages": meta.passages,
            "index_bytes": index_bytes,
            "questions_of": asked_of,
            "ask": ask,
            "keystroke": keystroke,
            "profile": profile,
            "peak_rss_bytes": bench::peak_rss_bytes(),
            "rss_anon_bytes": rss_anon_bytes,
            "rss_file_bytes": rss_file_bytes,
        }))?;
        return Ok(0);
    }
    sayln!("machine: {machine}");
    sayln!(
        "library {}: built-in and {}; index {} articles, {} passages, {:.1} MB; asking {} questions of {asked_of}",
        home.root().display(),
        if corpora.is_empty() {
            "nothing imported".to_string()
        } else {
            corpora.join(", ")
        },
        meta.articles,
        meta.passages,
        index_bytes as f64 / 1e6,
        asked.len()
    );
    print_latencies(&[("ask", &ask), ("keystroke", &keystroke)])?;
    sayln!(
        "  peak RSS {:.0} MB; after querying {:.0} MB heap, {:.0} MB mapped index",
        bench::peak_rss_bytes() as f64 / 1e6,
        rss_anon_bytes as f64 / 1e6,
        rss_file_bytes as f64 / 1e6
    );
    print_profile(home.root().to_string_lossy().as_ref(), &profile)?;
    Ok(0)
}

/// `synthetic-pubmed COUNT DIR`: the citations `import pubmed` is measured on at scale.
pub(super) fn synthetic_pubmed(count: u64, dir: &Path, medquad: &Path, gzip: bool, seed: u64) -> Result<i32> {
    use crate::measure::synthetic::{SentencePool, pubmed};
    if !medquad.exists() {
        bail!(
            "{} does not exist: the citations are recombined from MedQuAD's answer sentences (pass --medquad PATH)",
            medquad.display()
        );
    }
    let started = std::time::Instant::now();
    let pool = SentencePool::read(medquad).with_context(|| format!("reading {}", medquad.display()))?;
    let written = with_progress("writing citations", |bar| {
        pubmed::write(&pool, count, seed, dir, gzip, &mut |done, total| {
            bar.report(done, total)
        })
    })
    .with_context(|| format!("writing into {}", dir.display()))?;
    sayln!(
        "wrote {} synthetic citations in {} files ({:.1} MB) to {} in {:.1} s (seed {seed:#x})",
        written.citations,
        written.files.len(),
        written.bytes as f64 / 1e6,
        dir.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(0)
}

/// `bench --scale`: each size in a child process of this same binary, so that each
/// size's peak memory (VmHWM) is its own and not the largest so far.
pub(super) fn bench_scale(sizes: &[u64], questions: usize, medquad: &Path, json: bool) -> Result<i32> {
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
    sayln!("machine: {machine}");
    if let Some(first) = reports.first() {
        sayln!(
            "synthetic corpora: {} MedQuAD answer sentences about {} foci, recombined with seed {:#x}",
            first.pool_sentences,
            first.pool_topics,
            crate::measure::synthetic::SEED
        );
    }
    for r in &reports {
        sayln!(
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
        print_timings(&r.ask, &r.keystroke, &r.frames)?;
    }
    sayln!(
        "\n| passages | articles | build | docs/s | index | ask p50 / p95 / p99 | keystroke p50 / p99 | key→frame p50 / p99 | peak RSS building / in all |"
    );
    sayln!("| ---: | ---: | ---: | ---: | ---: | --- | --- | --- | --- |");
    let ms = |us: u64| us as f64 / 1e3;
    for r in &reports {
        sayln!(
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
pub(super) fn bench_size(passages: u64, medquad: &Path, questions: usize) -> Result<i32> {
    let scratch = tempfile_dir()?;
    let report = with_progress(&format!("indexing {passages} passages"), |bar| {
        crate::measure::bench::scale::measure(
            medquad,
            passages,
            questions,
            scratch.path(),
            &mut |done, total| bar.report(done, total),
        )
    });
    let report = report.with_context(|| format!("measuring {passages} synthetic passages"))?;
    let mut out = io::stdout().lock();
    serde_json::to_writer(&mut out, &report)?;
    writeln!(out)?;
    Ok(0)
}

/// A scratch home for benchmarks, removed afterwards.
pub(super) fn tempfile_dir() -> Result<ScratchDir> {
    let path = std::env::temp_dir().join(format!("curbside-bench-{}", std::process::id()));
    std::fs::create_dir_all(&path).with_context(|| format!("creating {}", path.display()))?;
    Ok(ScratchDir(path))
}

pub(super) struct ScratchDir(PathBuf);

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
pub(super) fn machine() -> String {
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
