//! The user's own lists: `bookmarks` and `history`.

use anyhow::Result;
use curbside_core::home::Home;
use curbside_core::render;
use curbside_core::user_files::{self, HistoryEntry};
use std::io::{self, Write};

use super::shared::*;

pub(super) fn bookmarks(home: &Home, json: bool) -> Result<i32> {
    let library = open_user_files(home);
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
            user_files::format_utc(b.added)
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

pub(super) fn history(home: &Home, limit: usize, json: bool) -> Result<i32> {
    let library = open_user_files(home);
    let all = library.history();
    let newest = &all[all.len().saturating_sub(limit)..];
    if json {
        print_json(&serde_json::json!({ "total": all.len(), "history": newest }))?;
        return Ok(0);
    }
    let mut out = io::stdout().lock();
    for entry in newest {
        let when = user_files::format_utc(entry.at());
        match entry {
            HistoryEntry::Asked {
                question,
                follow_up_of,
                ..
            } => match follow_up_of {
                Some(of) => writeln!(
                    out,
                    "{when}  asked   {} (follow-up on {})",
                    render::clean(question),
                    render::clean(&of.topic)
                )?,
                None => writeln!(out, "{when}  asked   {}", render::clean(question))?,
            },
            HistoryEntry::Opened { id, question, .. } => {
                writeln!(
                    out,
                    "{when}  opened  {} ({})",
                    render::clean(question),
                    render::clean(id)
                )?;
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

pub(super) fn clear_history(home: &Home) -> Result<i32> {
    let mut library = open_user_files(home);
    let cleared = library.clear_history();
    let notices = library.take_notices();
    for notice in &notices {
        eprintln!("curbside: {notice}");
    }
    if !notices.is_empty() {
        return Ok(1);
    }
    println!(
        "Cleared {cleared} entries from {}.",
        home.history_path().display()
    );
    Ok(0)
}
