//! The commands that change or inspect what is searched: `index`, `import`, `remove`,
//! `corpora` and `check`.

use anyhow::{Context, Result, bail};
use curbside_core::corpus::{self, Severity};
use curbside_core::home::Home;
use curbside_core::index::{Engine, Opened};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

use super::shared::*;

/// `index [--force]`: builds a new index when the current one does not match the
/// corpora or fails its checksums (or always, forced), and says which it did.
pub(super) fn index(home: &Home, force: bool) -> Result<i32> {
    let sources = sources(home)?;
    let index_dir = home.index_dir();
    let (engine, opened) = with_progress("indexing", |bar| {
        let mut progress = |done, total| bar.report(done, total);
        if force {
            Engine::build(&index_dir, &sources, &mut progress)
                .map(|engine| (engine, Opened::Rebuilt("--force".into())))
        } else {
            Engine::open(&index_dir, &sources, &mut progress)
        }
    })?;
    tell(&sources.take_notices());
    match opened {
        Opened::Rebuilt(reason) => print_indexed(home, &engine, Some(&reason))?,
        Opened::Current => print_up_to_date(home, &engine)?,
    }
    Ok(0)
}

/// Where the index went, how much it holds, and why it was built when known.
fn print_indexed(home: &Home, engine: &Engine, reason: Option<&str>) -> Result<()> {
    let meta = engine.meta();
    let why = reason.map_or_else(String::new, |reason| format!(" ({reason})"));
    sayln!(
        "indexed {} articles and {} passages into {}{why}",
        meta.articles,
        meta.passages,
        index_location(home, engine).display()
    );
    Ok(())
}

/// That nothing was built: the index in service already matches the corpora.
fn print_up_to_date(home: &Home, engine: &Engine) -> Result<()> {
    let meta = engine.meta();
    sayln!(
        "the index is up to date: {} articles and {} passages in {}; nothing was built \
         (--force builds it anew)",
        meta.articles,
        meta.passages,
        index_location(home, engine).display()
    );
    Ok(())
}

/// The generation `engine` reads, or the home's index directory when it has none.
fn index_location(home: &Home, engine: &Engine) -> PathBuf {
    engine
        .location()
        .map_or_else(|| home.index_dir(), Path::to_path_buf)
}

/// `import medquad`: the collection read, then a new index built over the library with
/// it; only then does the library take it (see [`Engine::import`]).
pub(super) fn import_medquad(home: &Home, path: &Path) -> Result<i32> {
    use curbside_core::corpus::{medquad, store};
    let lock = store::ImportLock::acquire(&home.corpora_dir())?;
    let (collection, articles) = with_progress("reading MedQuAD", |bar| {
        medquad::prepare(path, &mut |done, total| bar.report(done, total))
    })?;
    let (builtin, _) = corpus::builtin().context("loading the built-in articles")?;
    let imported = with_progress("indexing", |bar| {
        Engine::import(
            home,
            builtin,
            medquad::CORPUS,
            &articles,
            &lock,
            &mut |done, total| bar.report(done, total),
        )
    })
    .with_context(|| format!("importing into {}", home.root().display()))?;
    drop(articles);
    tell(&imported.notices);
    print_indexed(home, &imported.engine, None)?;
    let installed = imported.installed;
    let collections: HashSet<&str> = collection.documents.iter().map(|d| d.source.as_str()).collect();
    sayln!(
        "imported MedQuAD from {}: {} documents in {} collections, {} question-answer pairs ({} with \
         answers; the rest point to their source page)",
        path.display(),
        collection.documents.len(),
        collections.len(),
        installed.articles,
        installed.answered
    );
    if !collection.problems.is_empty() {
        sayln!(
            "{} of {} files could not be imported and were skipped:",
            collection.problems.len(),
            collection.files
        );
        for problem in &collection.problems {
            sayln!("  {problem}");
        }
    }
    Ok(0)
}

/// `check [DIR]`: a directory of article JSON; with none, `data/articles` in a checkout,
/// else the built-in articles compiled into the binary.
pub(super) fn check(dir: Option<&Path>, json: bool) -> Result<i32> {
    let (label, (files, problems)) = match dir {
        Some(dir) => (dir.display().to_string(), check_given(dir)?),
        None if curbside_core::home::is_checkout(Path::new(".")) => {
            let dir = Path::new("data/articles");
            (
                dir.display().to_string(),
                corpus::check_dir(dir, &HashSet::new())?,
            )
        }
        None => (
            "the built-in articles (compiled in)".to_string(),
            corpus::check_embedded(),
        ),
    };
    let errors = problems.iter().filter(|p| p.severity == Severity::Error).count();
    let warnings = problems.len() - errors;
    if json {
        print_json(&serde_json::json!({
            "dir": label, "files": files, "errors": errors, "warnings": warnings, "problems": problems
        }))?;
    } else {
        for problem in &problems {
            sayln!("{problem}");
        }
        sayln!("{label}: {files} files, {errors} errors, {warnings} warnings");
    }
    Ok(if errors > 0 { 1 } else { 0 })
}

/// The articles of a directory the user named; links may point into the built-in corpus.
fn check_given(dir: &Path) -> Result<(usize, Vec<corpus::Problem>)> {
    if !dir.is_dir() {
        bail!("{} is not a directory", dir.display());
    }
    let known: HashSet<String> = corpus::embedded_builtin()
        .map(|c| c.articles.into_iter().map(|a| a.id).collect())
        .unwrap_or_default();
    Ok(corpus::check_dir(dir, &known)?)
}

pub(super) fn corpora(home: &Home, json: bool) -> Result<i32> {
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
    sayln!("{:<12} {:>9} {:>9}  imported", "corpus", "articles", "answered");
    sayln!(
        "{:<12} {:>9} {:>9}  (compiled in)",
        "builtin",
        builtin.articles.len(),
        answered
    );
    for i in &sources.installed {
        sayln!("{:<12} {:>9} {:>9}  {}", i.name, i.articles, i.answered, i.file);
    }
    Ok(0)
}

pub(super) fn remove(home: &Home, name: &str) -> Result<i32> {
    let corpora_dir = home.corpora_dir();
    let lock = corpus::store::ImportLock::acquire(&corpora_dir)?;
    tell(&corpus::repair::repair(&corpora_dir, &lock).notices);
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
    index(home, false)?;
    sayln!("removed {name}");
    Ok(0)
}

pub(super) fn import_pubmed(home: &Home, paths: &[PathBuf]) -> Result<i32> {
    use curbside_core::corpus::{pubmed, store};
    let corpora_dir = home.corpora_dir();
    let lock = store::ImportLock::acquire(&corpora_dir)?;
    let started = std::time::Instant::now();
    let imported = with_progress("reading citations", |bar| {
        pubmed::import(&corpora_dir, paths, &lock, &mut |done, total| {
            bar.report(done, total)
        })
    })
    .with_context(|| format!("importing into {}", corpora_dir.display()))?;
    let seconds = started.elapsed().as_secs_f64();
    drop(lock);
    index(home, false)?;
    sayln!(
        "imported {} citations from {} files in {seconds:.1} s ({:.0} citations/s): the PubMed corpus \
         now holds {} ({} kept from before, {} older versions replaced, {} deleted)",
        imported.citations,
        imported.files,
        imported.citations as f64 / seconds.max(1e-9),
        imported.installed.articles,
        imported.kept,
        imported.replaced,
        imported.deleted
    );
    if !imported.problems.is_empty() {
        sayln!(
            "{} problems; those records were skipped:",
            imported.problems.len()
        );
        for problem in &imported.problems {
            sayln!("  {problem}");
        }
    }
    Ok(0)
}
