//! What the commands share: opening the engine (with an index progress bar), the
//! user's files, JSON and wrapped-text output, and the one progress bar.

use anyhow::{Context, Result};
use curbside_core::corpus::{self, Sources};
use curbside_core::home::Home;
use curbside_core::index::{Engine, IndexError, Opened};
use curbside_core::user_files::UserFiles;
use indicatif::{ProgressBar, ProgressStyle};
use serde::Serialize;
use std::io::{self, IsTerminal, Write};

/// A progress bar on stderr for the length of `work`, which reports to it through
/// [`Bar::report`]; cleared when the work ends, however it ends. The one progress bar
/// every command draws.
pub(super) fn with_progress<T>(message: &str, work: impl FnOnce(&Bar) -> T) -> T {
    let bar = ProgressBar::with_draw_target(Some(0), indicatif::ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} ({per_sec}, {elapsed})")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    bar.set_message(message.to_string());
    let bar = Bar(bar);
    let out = work(&bar);
    bar.0.finish_and_clear();
    out
}

/// What [`with_progress`] hands its work.
pub(super) struct Bar(ProgressBar);

impl Bar {
    /// `done` of `total` so far.
    pub(super) fn report(&self, done: u64, total: u64) {
        self.0.set_length(total);
        self.0.set_position(done);
    }

    /// A new stage of the work, said beside the bar.
    pub(super) fn stage(&self, stage: &str) {
        self.0.set_message(stage.to_string());
    }
}

/// Loads the corpora and opens the index, rebuilding it (with a progress bar on a
/// terminal) when it is stale, missing or damaged. When the home cannot be written (a
/// read-only or full filesystem) the built-in corpus is indexed in memory instead, so
/// curbside still answers, and the user is told why.
pub(super) fn open_engine(home: &Home) -> Result<Engine> {
    let sources = sources(home)?;
    let opened = with_progress("indexing", |bar| {
        Engine::open(&home.index_dir(), &sources, &mut |done, total| {
            bar.report(done, total)
        })
    });
    tell(&sources.take_notices());
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

pub(super) fn sources(home: &Home) -> Result<Sources> {
    let (builtin, _) = corpus::builtin().context("loading the built-in articles")?;
    let sources = Sources::new(builtin, &home.corpora_dir()).context("reading the installed corpora")?;
    tell(&sources.take_notices());
    Ok(sources)
}

/// What the engine found damaged and set aside, told once on stderr.
pub(super) fn tell(notices: &[String]) {
    for notice in notices {
        eprintln!("curbside: {}", curbside_core::render::clean(notice));
    }
}

pub(super) fn print_json<T: Serialize>(value: &T) -> Result<()> {
    let mut out = io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, value)?;
    writeln!(out)?;
    Ok(())
}

/// Standard output width for wrapped text: the terminal's, or 80 in a pipe.
pub(super) fn text_width() -> usize {
    crossterm::terminal::size().map_or(80, |(w, _)| usize::from(w).clamp(40, 100))
}

/// The user's files in `home`, their notices (a damaged file set aside) told on stderr.
pub(super) fn open_user_files(home: &Home) -> UserFiles {
    let mut user_files = UserFiles::open(home);
    for notice in user_files.take_notices() {
        eprintln!("curbside: {}", curbside_core::render::clean(&notice.to_string()));
    }
    user_files
}
