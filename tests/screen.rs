//! The real `curbside` binary in a pseudo-terminal: it opens the screen, answers a typed
//! question, walks a citation, and on `q` exits 0 with the terminal restored; a bookmark
//! and the audience chosen are still there after a restart.
//!
//! Waits poll the screen until the text shows, giving up after `CURBSIDE_TEST_TIMEOUT`
//! seconds (default 10); nothing here measures time.

use crate::support;
use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

const ROWS: u16 = 40;
const COLUMNS: u16 = 140;

fn nonzero(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n).expect("the terminal size is not zero")
}

fn timeout() -> Duration {
    let seconds = std::env::var("CURBSIDE_TEST_TIMEOUT")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10);
    Duration::from_secs(seconds)
}

/// The binary running in a pseudo-terminal, its output fed to a terminal emulator.
struct Session {
    parser: Arc<Mutex<vt100::Parser>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    reader: Option<thread::JoinHandle<()>>,
    _master: Box<dyn MasterPty + Send>,
}

impl Session {
    fn start(dir: &Path) -> Session {
        Session::start_with(dir, &[])
    }

    /// Starts with extra environment variables.
    fn start_with(dir: &Path, env: &[(&str, &str)]) -> Session {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLUMNS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pseudo-terminal opens");
        let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_curbside"));
        command.arg("--home");
        command.arg(dir);
        command.cwd(dir);
        command.env("TERM", "xterm-256color");
        command.env_remove("CURBSIDE_HOME");
        command.env_remove("NO_COLOR");
        for (name, value) in env {
            command.env(name, value);
        }
        let child = pty.slave.spawn_command(command).expect("curbside starts");
        drop(pty.slave);
        let parser = Arc::new(Mutex::new(vt100::Parser::new(nonzero(ROWS), nonzero(COLUMNS), 0)));
        let mut reader = pty.master.try_clone_reader().expect("the terminal can be read");
        let sink = Arc::clone(&parser);
        let reader = thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock()
                    .expect("no test thread panics holding the lock")
                    .process(&buf[..n]);
            }
        });
        let writer = pty.master.take_writer().expect("the terminal can be written");
        Session {
            parser,
            writer,
            child,
            reader: Some(reader),
            _master: pty.master,
        }
    }

    fn screen(&self) -> String {
        self.parser
            .lock()
            .expect("no test thread panics holding the lock")
            .screen()
            .contents()
    }

    /// Whether any cell on the screen is drawn in a colour.
    fn has_colour(&self) -> bool {
        let parser = self
            .parser
            .lock()
            .expect("no test thread panics holding the lock");
        let screen = parser.screen();
        (0..ROWS).any(|row| {
            (0..COLUMNS).any(|column| {
                screen
                    .cell(row, column)
                    .is_some_and(|c| c.fgcolor() != vt100::Color::Default)
            })
        })
    }

    fn send(&mut self, keys: &str) {
        self.writer
            .write_all(keys.as_bytes())
            .expect("keys reach the terminal");
        self.writer.flush().expect("keys reach the terminal");
    }

    /// Waits until the screen satisfies `ok`, failing with the screen after the timeout.
    fn wait_for(&self, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + timeout();
        loop {
            let screen = self.screen();
            if ok(&screen) {
                return screen;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what}; the screen:\n{screen}"
            );
            thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits for the process to end; its exit status and whether it left the alternate
    /// screen and mouse capture as it found them.
    fn wait_exit(&mut self) -> (portable_pty::ExitStatus, bool, bool) {
        let deadline = Instant::now() + timeout();
        let status = loop {
            if let Some(status) = self.child.try_wait().expect("the child can be polled") {
                break status;
            }
            if Instant::now() >= deadline {
                let _ = self.child.kill();
                panic!("curbside did not exit; the screen:\n{}", self.screen());
            }
            thread::sleep(Duration::from_millis(20));
        };
        if let Some(reader) = self.reader.take() {
            let _ = reader.join();
        }
        let parser = self
            .parser
            .lock()
            .expect("no test thread panics holding the lock");
        let screen = parser.screen();
        (
            status,
            !screen.alternate_screen(),
            screen.mouse_protocol_mode() == vt100::MouseProtocolMode::None,
        )
    }
}

/// A directory that looks like a curbside checkout holding the fixture articles, so the
/// binary's built-in corpus is the fixtures whatever the real corpus holds today.
fn fixture_checkout() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let articles = dir.path().join("data/articles");
    std::fs::create_dir_all(&articles).expect("the temporary directory is writable");
    for entry in std::fs::read_dir(support::fixtures().join("articles")).expect("fixtures exist") {
        let path = entry.expect("fixtures can be listed").path();
        let name = path.file_name().expect("a fixture has a name");
        std::fs::copy(&path, articles.join(name)).expect("fixtures can be copied");
    }
    std::fs::write(dir.path().join("Cargo.toml"), "[package]\nname = \"curbside\"\n").expect("writable");
    dir
}

/// The row of the References pane's marker (`▶[n]`), if a reference is selected.
fn selected_reference(screen: &str) -> Option<String> {
    screen.lines().find_map(|line| {
        let at = line.find("▶[")?;
        let rest = &line[at + "▶".len()..];
        Some(rest[..=rest.find(']')?].to_string())
    })
}

/// Types the clonus question, walks two citations and quits; checks the exit and the
/// terminal. The first two citations of both the fixture and the built-in clonus
/// articles cite references 1 then 2.
fn ask_walk_and_quit(dir: &Path) {
    let mut session = Session::start(dir);
    session.wait_for("the Ask bar", |s| s.contains("Ask a medical question"));
    session.send("what causes clonus");
    session.wait_for("the results", |s| s.contains("▶ What causes clonus"));
    session.send("\r");
    let before = session.wait_for("the answer", |s| s.contains("FROM THE GUIDELINES"));
    assert_eq!(selected_reference(&before), None, "{before}");
    session.send("]");
    let after = session.wait_for("a selected reference", |s| selected_reference(s).is_some());
    assert_eq!(selected_reference(&after).as_deref(), Some("[1]"), "{after}");
    session.send("]");
    let next = session.wait_for("the next reference", |s| {
        selected_reference(s).as_deref() == Some("[2]")
    });
    assert!(next.contains("FROM THE GUIDELINES"));
    session.send("q");
    let (status, left_alternate_screen, mouse_released) = session.wait_exit();
    assert!(status.success(), "exit status {status:?}");
    assert!(left_alternate_screen, "the alternate screen was not left");
    assert!(mouse_released, "mouse capture was not turned off");
}

#[test]
fn asking_walking_a_citation_and_quitting_restores_the_terminal() {
    ask_walk_and_quit(fixture_checkout().path());
}

/// The same with the corpus compiled into the binary: a temporary directory as home and
/// current directory, as a user would run it. Skipped, saying so, while the built-in
/// corpus does not validate (its articles are still being written).
#[test]
fn the_embedded_corpus_answers_in_the_real_binary() {
    if let Err(e) = curbside_core::corpus::embedded_builtin() {
        eprintln!("skipped: the built-in corpus does not validate yet: {e}");
        return;
    }
    let dir = tempfile::tempdir().expect("a temporary directory");
    ask_walk_and_quit(dir.path());
}

#[test]
fn sigterm_restores_the_terminal() {
    let dir = fixture_checkout();
    let mut session = Session::start(dir.path());
    session.wait_for("the Ask bar", |s| s.contains("Ask a medical question"));
    let pid = session.child.process_id().expect("a running child has an id");
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .expect("kill runs");
    assert!(killed.success());
    let (status, left_alternate_screen, mouse_released) = session.wait_exit();
    assert!(status.success(), "exit status {status:?}");
    assert!(left_alternate_screen && mouse_released);
}

#[test]
fn a_bookmark_and_the_audience_outlast_a_restart() {
    let dir = fixture_checkout();
    let mut session = Session::start(dir.path());
    session.wait_for("the Ask bar", |s| s.contains("Ask a medical question"));
    session.send("what causes clonus");
    session.wait_for("the results", |s| s.contains("▶ What causes clonus"));
    session.send("\r");
    session.wait_for("the answer", |s| s.contains("FROM THE GUIDELINES"));
    session.send("m");
    session.wait_for("the bookmark", |s| {
        s.contains("Answer · bookmarked") && s.contains("Bookmarked “What causes clonus")
    });
    session.send("a");
    session.wait_for("the patients' answer", |s| s.contains("for patients"));
    session.send("q");
    assert!(session.wait_exit().0.success());

    let mut session = Session::start(dir.path());
    session.wait_for("the Ask bar", |s| s.contains("Ask a medical question"));
    // Leave the Ask bar, where B would be typed, then list the bookmarks.
    session.send("\x1b");
    session.wait_for("the Ask bar left", |s| s.contains("press / to ask a question"));
    session.send("B");
    session.wait_for("the bookmarks list", |s| {
        s.contains("Bookmarks · 1") && s.contains("▶ What causes clonus")
    });
    session.send("\r");
    session.wait_for("the bookmarked article, for patients", |s| {
        s.contains("Answer · bookmarked") && s.contains("for patients")
    });
    session.send("q");
    assert!(session.wait_exit().0.success());
    let settings = std::fs::read_to_string(dir.path().join("settings.toml")).expect("settings were saved");
    assert!(settings.contains("audience = \"patient\""), "{settings}");
}

#[test]
fn color_true_in_the_settings_wins_over_no_color() {
    let dir = fixture_checkout();
    let mut session = Session::start_with(dir.path(), &[("NO_COLOR", "1")]);
    session.wait_for("the Ask bar", |s| s.contains("Ask a medical question"));
    assert!(!session.has_colour(), "NO_COLOR alone means no colour");
    session.send("\x03");
    assert!(session.wait_exit().0.success());

    std::fs::write(dir.path().join("settings.toml"), "color = true\n").expect("writable");
    let mut session = Session::start_with(dir.path(), &[("NO_COLOR", "1")]);
    session.wait_for("the Ask bar", |s| s.contains("Ask a medical question"));
    assert!(session.has_colour(), "the setting asked for colour");
    session.send("\x03");
    assert!(session.wait_exit().0.success());
}
