//! Process start to first frame: the real `curbside` binary started in a pseudo-terminal,
//! timed from the spawn until its first whole screen (the Ask bar at the top and the key
//! hints at the bottom) has reached the terminal emulator. With the index already on disk,
//! for the built-in corpus and, when `../shared/medquad` is there, with MedQuAD imported.
//!
//! `cargo bench --bench first_frame` (the release binary; see BENCHMARKS.md). A benchmark,
//! never a test: it measures and asserts nothing.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

const ROWS: u16 = 48;
const COLUMNS: u16 = 160;
const RUNS: usize = 30;
/// Longer than any start should take; a run that exceeds it is reported, not waited on.
const GIVE_UP: Duration = Duration::from_secs(30);

fn main() {
    let binary = PathBuf::from(env!("CARGO_BIN_EXE_curbside"));
    let scratch = std::env::temp_dir().join(format!("curbside-first-frame-{}", std::process::id()));
    let builtin = scratch.join("builtin");
    std::fs::create_dir_all(&builtin).expect("the temporary directory is writable");
    prepare(&binary, &builtin, &["index"]);
    report("built-in corpus", &binary, &builtin);

    let medquad = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/medquad");
    if medquad.exists() {
        let home = scratch.join("medquad");
        std::fs::create_dir_all(&home).expect("the temporary directory is writable");
        let path = medquad.to_string_lossy().into_owned();
        prepare(&binary, &home, &["import", "medquad", &path]);
        report("with MedQuAD imported", &binary, &home);
    } else {
        println!("{} is absent: MedQuAD skipped", medquad.display());
    }
    let _ = std::fs::remove_dir_all(&scratch);
}

/// Runs a command that readies the home (builds its index), untimed.
fn prepare(binary: &Path, home: &Path, args: &[&str]) {
    let status = Command::new(binary)
        .args(args)
        .arg("--home")
        .arg(home)
        .current_dir(home)
        .env_remove("CURBSIDE_HOME")
        .stdout(std::process::Stdio::null())
        .status()
        .expect("curbside runs");
    assert!(status.success(), "curbside {args:?} failed");
}

fn report(label: &str, binary: &Path, home: &Path) {
    // One start untimed, so every timed one finds the binary and index in the page cache.
    let _ = first_frame(binary, home);
    let mut samples: Vec<Duration> = (0..RUNS).filter_map(|_| first_frame(binary, home)).collect();
    samples.sort();
    if samples.is_empty() {
        println!("{label}: no first frame within {GIVE_UP:?}");
        return;
    }
    let pick = |q: f64| samples[((samples.len() - 1) as f64 * q).round() as usize];
    println!(
        "{label}: start to first frame over {} runs ({COLUMNS}x{ROWS}): p50 {:.1} ms, p90 {:.1} ms, max {:.1} ms",
        samples.len(),
        pick(0.5).as_secs_f64() * 1e3,
        pick(0.9).as_secs_f64() * 1e3,
        pick(1.0).as_secs_f64() * 1e3,
    );
}

/// Starts curbside in a pseudo-terminal and returns how long its first whole frame took.
fn first_frame(binary: &Path, home: &Path) -> Option<Duration> {
    let pty = native_pty_system()
        .openpty(PtySize {
            rows: ROWS,
            cols: COLUMNS,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("a pseudo-terminal opens");
    let mut command = CommandBuilder::new(binary);
    command.arg("--home");
    command.arg(home);
    command.cwd(home);
    command.env("TERM", "xterm-256color");
    command.env_remove("CURBSIDE_HOME");
    let mut reader = pty.master.try_clone_reader().expect("the terminal can be read");
    let (done, framed) = mpsc::channel();
    let started = Instant::now();
    let mut child = pty.slave.spawn_command(command).expect("curbside starts");
    drop(pty.slave);
    thread::spawn(move || {
        let mut parser = vt100::Parser::new(nonzero(ROWS), nonzero(COLUMNS), 0);
        let mut buf = [0u8; 16384];
        let mut sent = false;
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            parser.process(&buf[..n]);
            if !sent && whole_frame(parser.screen()) {
                let _ = done.send(started.elapsed());
                sent = true;
            }
        }
    });
    let elapsed = framed.recv_timeout(GIVE_UP).ok();
    let _ = child.kill();
    let _ = child.wait();
    elapsed
}

/// The screen is drawn top to bottom; the key hints in the last row come last.
fn whole_frame(screen: &vt100::Screen) -> bool {
    let rows: Vec<String> = screen.rows(0, COLUMNS).collect();
    rows.first().is_some_and(|top| top.contains("Ask"))
        && rows.last().is_some_and(|bottom| !bottom.trim().is_empty())
}

fn nonzero(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n).expect("the terminal size is not zero")
}
