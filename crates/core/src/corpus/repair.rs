//! What is installed, read so that damage never stops curbside. A manifest that cannot
//! be read (truncated, garbage, empty, too large, a directory, a FIFO) or a corpus file
//! that is missing, truncated, empty or not a regular file is set aside as
//! `NAME.damaged-<unix time>` beside it (as the user files module does with bookmarks, history and settings), said
//! once, and left out: curbside goes on with the built-in articles and the corpora that
//! are intact. Files an import killed mid-way left behind are swept. A damaged manifest is rebuilt from the corpus files it named, each read
//! and checked. Changes are made only under the import lock; when it cannot be had (an
//! import is running, the home is read-only) the damage is left in place and only
//! worked around in memory.

use std::fs;
use std::path::Path;

use xxhash_rust::xxh3::Xxh3;

use super::store::{ImportLock, remove_strays, write_manifest};
use super::{Installed, MANIFEST, load_jsonl, read_manifest};

/// The installed corpora that are intact, and what was found damaged (one sentence each).
#[derive(Debug, Default)]
pub struct Found {
    /// The corpora that can be used.
    pub installed: Vec<Installed>,
    /// What was damaged and what was done about it, for the user to read once.
    pub notices: Vec<String>,
}

/// Reads the manifest and checks each corpus file it names (a `stat`, not a read).
/// Damage is repaired under the import lock when it can be had; stale temporary files
/// of a killed import are swept at the same time.
pub fn installed(corpora_dir: &Path) -> Found {
    let clean = read_manifest(corpora_dir)
        .ok()
        .filter(|list| list.iter().all(|i| check_file(corpora_dir, i).is_ok()));
    if !corpora_dir.is_dir() {
        return Found {
            installed: clean.unwrap_or_default(),
            notices: Vec::new(),
        };
    }
    match ImportLock::acquire(corpora_dir) {
        Ok(lock) => repair(corpora_dir, &lock),
        Err(_) => match clean {
            Some(installed) => Found {
                installed,
                notices: Vec::new(),
            },
            None => examine(corpora_dir, None),
        },
    }
}

/// [`installed`] for an import or removal that holds the lock: stale temporary files
/// are removed and damage is set aside.
pub fn repair(corpora_dir: &Path, lock: &ImportLock) -> Found {
    sweep_temporary_files(corpora_dir);
    examine(corpora_dir, Some(lock))
}

/// Reads what is installed, leaving out (and, with the lock, setting aside) what is
/// damaged.
fn examine(corpora_dir: &Path, lock: Option<&ImportLock>) -> Found {
    let mut found = Found::default();
    let listed = match read_manifest(corpora_dir) {
        Ok(listed) => listed,
        Err(problem) => {
            let path = corpora_dir.join(MANIFEST);
            let done = set_aside(&path, lock);
            let recovered = recover(corpora_dir, lock, &mut found.notices);
            let names: Vec<String> = recovered
                .iter()
                .map(|i| format!("{} ({} articles)", i.name, i.articles))
                .collect();
            let outcome = if names.is_empty() {
                "no intact corpus file was found, so curbside goes on with the built-in articles \
                 (import again to restore them)"
                    .to_string()
            } else {
                format!(
                    "the corpora were found again from their files: {}",
                    names.join(", ")
                )
            };
            let problem = problem.plain();
            found.notices.insert(0, format!("{problem}. {done}; {outcome}."));
            if lock.is_some() && write_manifest(corpora_dir, &recovered).is_err() {
                found.notices.push(
                    "The rebuilt list of corpora could not be saved; it is kept in memory.".to_string(),
                );
            }
            found.installed = recovered;
            return found;
        }
    };
    let mut changed = false;
    for entry in listed {
        match check_file(corpora_dir, &entry) {
            Ok(()) => found.installed.push(entry),
            Err(what) => {
                let path = corpora_dir.join(&entry.file);
                let done = set_aside(&path, lock);
                found.notices.push(format!(
                    "{}: {what}. {done}; curbside goes on without the {} corpus (import it again \
                     to restore it).",
                    path.display(),
                    entry.name
                ));
                changed = true;
            }
        }
    }
    if changed && lock.is_some() && write_manifest(corpora_dir, &found.installed).is_err() {
        found
            .notices
            .push("The corrected list of corpora could not be saved; it is kept in memory.".to_string());
    }
    // Under the lock no import is writing: a corpus file the manifest does not name was
    // left by one killed before it swapped the manifest.
    if lock.is_some() {
        remove_strays(corpora_dir, &found.installed);
    }
    found
}

/// Why a corpus file cannot be what its manifest entry says, found without reading it:
/// missing, not a regular file, or not the size it was written at.
pub fn check_file(corpora_dir: &Path, entry: &Installed) -> Result<(), String> {
    let path = corpora_dir.join(&entry.file);
    let meta = crate::files::regular(&path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => "the file is missing".to_string(),
        _ => e.to_string(),
    })?;
    match entry.bytes {
        Some(bytes) if bytes != meta.len() => Err(format!(
            "it holds {} bytes where {bytes} were written (truncated or changed)",
            meta.len()
        )),
        None if meta.len() == 0 && entry.articles > 0 => Err(format!(
            "it is empty where {} articles were written",
            entry.articles
        )),
        _ => Ok(()),
    }
}

/// Moves a damaged file aside when the lock is held; what was done, as a sentence
/// without its full stop.
fn set_aside(path: &Path, lock: Option<&ImportLock>) -> String {
    if fs::symlink_metadata(path).is_err() {
        return "Nothing is there to set aside".to_string();
    }
    if lock.is_none() {
        return "Another import is running or the home cannot be written, so it is left as it is".to_string();
    }
    let aside = crate::files::aside_path(path);
    match fs::rename(path, &aside) {
        Ok(()) => {
            crate::atomic::sync_dir(path);
            let kept = aside.file_name().unwrap_or_default().to_string_lossy();
            format!("Moved to {kept}")
        }
        Err(e) => format!("It could not be moved aside ({e})"),
    }
}

/// The corpora found from their files (`NAME-<nanoseconds>.jsonl`, the newest of each
/// name), each read whole and checked; those that do not read are set aside.
fn recover(corpora_dir: &Path, lock: Option<&ImportLock>, notices: &mut Vec<String>) -> Vec<Installed> {
    let mut newest: Vec<(String, u128, String)> = Vec::new();
    for entry in fs::read_dir(corpora_dir).into_iter().flatten().flatten() {
        let file = entry.file_name().to_string_lossy().into_owned();
        let Some((name, stamp)) = file
            .strip_suffix(".jsonl")
            .and_then(|stem| stem.rsplit_once('-'))
            .and_then(|(name, stamp)| Some((name.to_string(), stamp.parse::<u128>().ok()?)))
        else {
            continue;
        };
        match newest.iter_mut().find(|(n, _, _)| *n == name) {
            Some(slot) if slot.1 < stamp => *slot = (name, stamp, file),
            Some(_) => {}
            None => newest.push((name, stamp, file)),
        }
    }
    newest.sort();
    let mut recovered = Vec::new();
    for (name, stamp, file) in newest {
        let path = corpora_dir.join(&file);
        match installed_from_file(&path, &name, &file, stamp) {
            Ok(entry) => recovered.push(entry),
            Err(what) => {
                let done = set_aside(&path, lock);
                notices.push(format!("{}: {what}. {done}.", path.display()));
            }
        }
    }
    recovered
}

/// The manifest entry for a corpus file, read whole and checked.
fn installed_from_file(path: &Path, name: &str, file: &str, stamp: u128) -> Result<Installed, String> {
    let corpus = load_jsonl(path, name).map_err(|e| e.plain())?;
    if corpus.articles.is_empty() {
        return Err("it holds no articles".to_string());
    }
    let bytes = crate::files::regular(path).map_err(|e| e.to_string())?.len();
    Ok(Installed {
        name: name.to_string(),
        file: file.to_string(),
        articles: corpus.articles.len() as u64,
        answered: corpus.articles.iter().filter(|a| a.is_answered()).count() as u64,
        fingerprint: format!("{:016x}", corpus.fingerprint),
        imported: (stamp / 1_000_000_000) as u64,
        bytes: Some(bytes),
    })
}

/// Removes the temporary files (`.NAME.tmpPID`) an import or manifest write killed
/// mid-way left behind. Called only under the import lock, when no write is under way.
fn sweep_temporary_files(corpora_dir: &Path) {
    for entry in fs::read_dir(corpora_dir).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let temporary = name.starts_with('.')
            && name
                .rsplit_once(".tmp")
                .is_some_and(|(_, pid)| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()));
        if temporary {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// The fingerprint [`super::Sources::fingerprint`] gives these corpora over `builtin`.
pub fn fingerprint(builtin: u64, installed: &[Installed]) -> u64 {
    let mut hasher = Xxh3::new();
    hasher.update(&builtin.to_le_bytes());
    for installed in installed {
        hasher.update(installed.name.as_bytes());
        hasher.update(installed.fingerprint.as_bytes());
    }
    hasher.digest()
}
