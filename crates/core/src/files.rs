//! Reading files: the one way curbside opens a file to read it, whether its own (the
//! manifest, a corpus, the index pointer, the user's files) or one it is given (an
//! article to check, a MedQuAD file). Only regular files are read: a FIFO, a device or a
//! socket is refused by name before it is opened, since opening a FIFO for reading
//! waits for a writer that may never come. A size limit refuses a file too large to be
//! what it claims before any of it is read.

use std::fs::{self, File, Metadata};
use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// What kind of thing is at a path that is not a regular file, in words.
fn kind_of(meta: &Metadata) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    let kind = meta.file_type();
    if kind.is_dir() {
        "a directory"
    } else if kind.is_fifo() {
        "a FIFO (named pipe)"
    } else if kind.is_socket() {
        "a socket"
    } else if kind.is_block_device() {
        "a block device"
    } else if kind.is_char_device() {
        "a character device"
    } else {
        "not a regular file"
    }
}

/// The metadata of `path` (symbolic links followed) when it is a regular file; an error
/// saying what it is otherwise. A directory gives [`io::ErrorKind::IsADirectory`], any
/// other kind [`io::ErrorKind::InvalidInput`].
pub fn regular(path: &Path) -> io::Result<Metadata> {
    let meta = fs::metadata(path)?;
    if meta.is_file() {
        return Ok(meta);
    }
    let kind = if meta.is_dir() {
        io::ErrorKind::IsADirectory
    } else {
        io::ErrorKind::InvalidInput
    };
    Err(io::Error::new(
        kind,
        format!("it is {}, not a regular file, so it is not read", kind_of(&meta)),
    ))
}

/// Opens `path` for reading when it is a regular file (see [`regular`]), checking again
/// what was opened in case the path changed in between.
pub fn open(path: &Path) -> io::Result<File> {
    regular(path)?;
    let file = File::open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("it is {}, not a regular file, so it is not read", kind_of(&meta)),
        ));
    }
    Ok(file)
}

/// The bytes of the regular file `path`, refused when it holds more than `limit` bytes.
pub fn read(path: &Path, limit: u64) -> io::Result<Vec<u8>> {
    let file = open(path)?;
    let len = file.metadata()?.len();
    if len > limit {
        return Err(too_large(len, limit));
    }
    let mut bytes = Vec::with_capacity(len as usize);
    // The file may grow after it was measured: never read more than the limit.
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(too_large(bytes.len() as u64, limit));
    }
    Ok(bytes)
}

/// The text of the regular file `path` (see [`read`]); bytes that are not UTF-8 are an
/// error giving the offset of the first.
pub fn read_to_string(path: &Path, limit: u64) -> io::Result<String> {
    let bytes = read(path, limit)?;
    String::from_utf8(bytes).map_err(|e| {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!(
                "not UTF-8 text (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            ),
        )
    })
}

fn too_large(len: u64, limit: u64) -> io::Error {
    io::Error::new(
        io::ErrorKind::FileTooLarge,
        format!("{len} bytes is larger than this file may be ({limit} bytes)"),
    )
}

/// Where a damaged file is set aside: `NAME.damaged-<unix time>` beside `path`, with a
/// counter when that exists already, so no earlier copy is overwritten. The user's
/// files, corpus files and the manifest are all set aside this way, never deleted.
pub fn aside_path(path: &Path) -> PathBuf {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let stamp = crate::user_files::now();
    let mut aside = path.with_file_name(format!("{name}.damaged-{stamp}"));
    let mut n = 1;
    while fs::symlink_metadata(&aside).is_ok() {
        aside = path.with_file_name(format!("{name}.damaged-{stamp}-{n}"));
        n += 1;
    }
    aside
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fifo_is_refused_by_name_without_waiting_for_a_writer() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("settings.toml");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !made.is_ok_and(|s| s.success()) {
            eprintln!("mkfifo is not available here; not run");
            return;
        }
        // Opening a FIFO for reading would wait for a writer: a hang fails the test.
        let (sent, received) = std::sync::mpsc::channel();
        let path = fifo.clone();
        std::thread::spawn(move || sent.send(read_to_string(&path, 1024)));
        let read = received.recv_timeout(std::time::Duration::from_secs(5));
        let error = read.expect("reading a FIFO returns at once").unwrap_err();
        assert!(error.to_string().contains("a FIFO"), "{error}");
    }

    #[test]
    fn a_directory_or_a_file_over_the_limit_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let error = read(dir.path(), 1024).unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::IsADirectory);
        let big = dir.path().join("big");
        fs::write(&big, vec![b'x'; 2048]).unwrap();
        let error = read(&big, 1024).unwrap_err();
        assert!(error.to_string().contains("2048 bytes is larger"), "{error}");
        assert_eq!(read(&big, 4096).unwrap().len(), 2048);
    }
}
