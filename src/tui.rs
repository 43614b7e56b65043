//! The screen: `curbside` with no command. [`run`] puts the terminal in raw mode on the
//! alternate screen, guarantees it is restored on every way out (return, error, panic,
//! Ctrl-C, SIGTERM, SIGHUP) and while stopped (Ctrl-Z, SIGTSTP; set up again on
//! SIGCONT), and runs the event loop: read every pending event, turn it into an
//! [`Action`], apply it, then draw once. A watcher thread follows the index's `CURRENT`
//! pointer, so a generation another process installs is switched to.

pub mod action;
pub mod answer_text;
pub mod app;
pub mod ask_bar;
mod browser;
pub mod clipboard;
pub mod find;
pub mod focus;
mod input;
pub mod keymap;
pub mod layout;
pub mod page;
pub mod panes;
pub mod reader;
pub mod search;
pub mod theme;
mod worker;

use std::io::{self, Stdout, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread;

use anyhow::{Context, Result};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture, Event,
    MouseEventKind,
};
use ratatui::crossterm::terminal::{self, EnterAlternateScreen, LeaveAlternateScreen};
use ratatui::crossterm::{cursor, execute};

pub use action::Action;
use app::{App, SearchMode};
use curbside_core::index::Engine;
use curbside_core::user_files::UserFiles;
use input::LoopEvent;
use theme::Theme;

/// How many lines one turn of the mouse wheel scrolls.
const WHEEL_LINES: i16 = 3;

/// Runs the screen on `engine` with the user's files `user_files` until the user quits or a
/// signal ends it; the exit status: 0 when the user quit, 128 + the signal's number
/// when SIGTERM, SIGHUP or SIGINT ended it (143 for SIGTERM), the terminal restored
/// either way.
pub fn run(engine: Engine, user_files: UserFiles) -> Result<i32> {
    let engine = Arc::new(engine);
    let size = terminal::size().context("reading the terminal size")?;
    let theme = Theme::from_setting(user_files.settings().color);
    if theme.has_color() {
        // crossterm drops colours by itself under NO_COLOR; `color = true` in the
        // settings is the user asking for them anyway.
        ratatui::crossterm::style::force_color_output(true);
    }
    let index_dir = engine.location().and_then(Path::parent).map(Path::to_path_buf);
    let mut app = App::new(Arc::clone(&engine), size)
        .with_theme(theme)
        .with_user_files(user_files)
        .with_job_control(started_with_job_control());

    let (tx, rx) = mpsc::channel();
    watch_signals(tx.clone())?;
    let guard = TerminalGuard::enter()?;
    let mut terminal = Terminal::new(CrosstermBackend::new(io::stdout())).context("opening the terminal")?;
    terminal.draw(|frame| panes::draw(frame, &app))?;

    // Spawned whatever the corpus: a new index may be large enough to need it.
    let worker = worker::SearchWorker::spawn(tx.clone());
    if let (Some(dir), Some(location)) = (index_dir, engine.location()) {
        let name = location.file_name().map(|n| n.to_string_lossy().into_owned());
        watch_library(dir, name, tx.clone());
    }
    read_terminal(tx);
    let result = event_loop(&mut terminal, &mut app, &rx, &worker);
    drop(terminal);
    drop(guard);
    result.map(|signal| signal.map_or(0, |number| 128 + number))
}

/// Runs until the user quits (`None`) or a signal ends the screen (its number).
fn event_loop(
    terminal: &mut Terminal<CrosstermBackend<Stdout>>,
    app: &mut App,
    rx: &Receiver<LoopEvent>,
    worker: &worker::SearchWorker,
) -> Result<Option<i32>> {
    loop {
        // Block for one event, then take every other pending one before drawing, so a
        // burst of keys (a paste, fast typing, key repeat) costs one frame.
        let first = rx.recv().context("the terminal reader stopped")?;
        app.begin_batch();
        for input in std::iter::once(first).chain(rx.try_iter()) {
            match input {
                LoopEvent::Terminal(event) => handle(app, event),
                LoopEvent::TerminalGone(e) => return Err(e).context("reading the terminal"),
                LoopEvent::Signal(number) => return Ok(Some(number)),
                LoopEvent::Stop => app.update(Action::Suspend),
                LoopEvent::Continued => app.update(Action::Resumed),
                LoopEvent::LibraryChanged(engine) => {
                    app.update(Action::LibraryChanged(action::EngineHandle(Arc::from(engine))));
                }
                LoopEvent::Searched(action) => app.update(action),
            }
            if app.event_loop.quit {
                return Ok(None);
            }
            if app.take_suspend() {
                suspend(terminal)?;
            }
        }
        app.end_batch();
        if let Some(request) = app.take_search()
            && app.search_mode() == SearchMode::Background
        {
            worker.request(Arc::clone(app.engine()), request);
        }
        if app.take_redraw() {
            // Whatever the shell drew meanwhile is gone: set the terminal up again and
            // draw every cell, not only the changed ones.
            TerminalGuard::setup()?;
            forget_drawn(terminal);
        }
        if let Some(text) = app.take_clipboard() {
            // Between frames, so the sequence never lands inside a drawn one.
            let out = terminal.backend_mut();
            out.write_all(clipboard::osc52(&text).as_bytes())?;
            out.flush()?;
        }
        terminal.draw(|frame| panes::draw(frame, app))?;
    }
}

/// Turns one terminal event into actions.
fn handle(app: &mut App, event: Event) {
    match event {
        Event::Key(key) => app.key(key),
        Event::Paste(text) => app.update(Action::Paste(text)),
        Event::Resize(columns, rows) => app.update(Action::Resize { columns, rows }),
        Event::Mouse(mouse) => {
            let (column, row) = (mouse.column, mouse.row);
            match mouse.kind {
                MouseEventKind::Down(_) => app.update(Action::Click { column, row }),
                MouseEventKind::ScrollUp => app.update(Action::ScrollAt {
                    column,
                    row,
                    lines: -WHEEL_LINES,
                }),
                MouseEventKind::ScrollDown => app.update(Action::ScrollAt {
                    column,
                    row,
                    lines: WHEEL_LINES,
                }),
                _ => {}
            }
        }
        Event::FocusGained | Event::FocusLost => {}
    }
}

/// Reads terminal events on their own thread, so the loop can wait on one channel for
/// keys, signals and search results alike.
fn read_terminal(tx: Sender<LoopEvent>) {
    thread::spawn(move || {
        loop {
            let input = match event::read() {
                Ok(event) => LoopEvent::Terminal(event),
                Err(e) => LoopEvent::TerminalGone(e),
            };
            let gone = matches!(input, LoopEvent::TerminalGone(_));
            if tx.send(input).is_err() || gone {
                return;
            }
        }
    });
}

/// SIGTERM, SIGHUP and SIGINT (Ctrl-C arrives as a key in raw mode; a `kill -INT` does
/// not) end the loop, so the guard restores the terminal, and the process then exits
/// with 128 + the signal's number. SIGTSTP from outside
/// suspends as Ctrl-Z does; SIGCONT sets the terminal up again.
fn watch_signals(tx: Sender<LoopEvent>) -> Result<()> {
    use signal_hook::consts::{SIGCONT, SIGHUP, SIGINT, SIGTERM, SIGTSTP};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT, SIGTSTP, SIGCONT])
        .context("installing signal handlers")?;
    thread::spawn(move || {
        for signal in signals.forever() {
            let event = match signal {
                SIGTSTP => LoopEvent::Stop,
                SIGCONT => LoopEvent::Continued,
                number => LoopEvent::Signal(number),
            };
            if tx.send(event).is_err() {
                return;
            }
        }
    });
    Ok(())
}

/// Ctrl-Z: gives the shell its terminal back (cooked mode, the main screen, no mouse),
/// stops the process as SIGTSTP would, and on `fg` takes the terminal again; the loop
/// then draws every cell.
fn suspend(terminal: &mut Terminal<CrosstermBackend<Stdout>>) -> Result<()> {
    restore();
    // SIGTSTP has a handler (for `kill -TSTP`), so its default action is emulated: the
    // process stops here until SIGCONT.
    signal_hook::low_level::emulate_default_handler(signal_hook::consts::SIGTSTP)
        .context("stopping the process")?;
    TerminalGuard::setup()?;
    forget_drawn(terminal);
    Ok(())
}

/// Makes the next frame draw every cell: the terminal was cleared (by
/// [`TerminalGuard::setup`]) behind ratatui's back. Not `Terminal::clear`, which asks the
/// terminal for the cursor position and would race the reader thread for the answer.
fn forget_drawn(terminal: &mut Terminal<CrosstermBackend<Stdout>>) {
    // Each swap empties the buffer the next frame is compared with; two empty both.
    terminal.swap_buffers();
    terminal.swap_buffers();
}

/// Whether a shell with job control started this process, so that a stopped curbside
/// can be resumed with `fg`. Such a shell puts each job in a process group of its own
/// and makes it the terminal's foreground group. Nothing will resume the process when
/// its group is its session's (it was run straight by a terminal emulator, tmux or a
/// pseudo-terminal, or by a `bash -c` without job control inside one) or when its group
/// is not the terminal's foreground group. Read from `/proc`; where that cannot be
/// read, assumed to be so.
fn started_with_job_control() -> bool {
    std::fs::read_to_string("/proc/self/stat").map_or(true, |stat| job_control_in_stat(&stat).unwrap_or(true))
}

/// [`started_with_job_control`] read from the text of `/proc/self/stat`; `None` when
/// the text is not laid out as expected.
fn job_control_in_stat(stat: &str) -> Option<bool> {
    // "pid (command) state ppid pgrp session tty_nr tpgid ...": the command may hold
    // spaces and parentheses, so the fields are counted from the last ')'.
    let (_, after) = stat.rsplit_once(')')?;
    let fields: Vec<i64> = after
        .split_whitespace()
        .skip(2)
        .take(4)
        .map(|field| field.parse().ok())
        .collect::<Option<_>>()?;
    let [group, session, _terminal, foreground] = fields[..] else {
        return None;
    };
    Some(group != session && group == foreground)
}

/// How often the watcher reads the index's `CURRENT` pointer (a few bytes).
const LIBRARY_POLL: std::time::Duration = std::time::Duration::from_millis(500);

/// Follows `dir/CURRENT`: when another process (an import, `curbside index`) installs a
/// generation other than `current`, opens it on this thread and hands it to the loop,
/// which switches at its next turn. A generation that cannot be opened is tried once.
fn watch_library(dir: PathBuf, mut current: Option<String>, tx: Sender<LoopEvent>) {
    thread::spawn(move || {
        let mut failed: Option<String> = None;
        loop {
            thread::sleep(LIBRARY_POLL);
            let Some(name) = curbside_core::index::installed_generation(&dir) else {
                continue;
            };
            if Some(&name) == current.as_ref() || Some(&name) == failed.as_ref() {
                continue;
            }
            match curbside_core::index::open_installed(&dir) {
                Ok(engine) => {
                    current = Some(name);
                    if tx.send(LoopEvent::LibraryChanged(Box::new(engine))).is_err() {
                        return;
                    }
                }
                Err(_) => failed = Some(name),
            }
        }
    });
}

/// Raw mode, the alternate screen, mouse capture and bracketed paste while alive; all
/// undone on drop and, through a panic hook chained to the previous one, on a panic.
struct TerminalGuard;

impl TerminalGuard {
    fn enter() -> Result<Self> {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            // A panic a guarded search turns into an error leaves the screen up.
            if curbside_core::index::panic_is_caught() {
                return;
            }
            restore();
            previous(info);
        }));
        terminal::enable_raw_mode().context("switching the terminal to raw mode")?;
        // From here on the guard exists, so a failure below still restores the terminal.
        let guard = TerminalGuard;
        Self::setup()?;
        Ok(guard)
    }

    /// Raw mode, the alternate screen, mouse capture and bracketed paste: on entering and
    /// again after the process was stopped.
    fn setup() -> Result<()> {
        terminal::enable_raw_mode().context("switching the terminal to raw mode")?;
        execute!(
            io::stdout(),
            EnterAlternateScreen,
            terminal::Clear(terminal::ClearType::All),
            EnableMouseCapture,
            EnableBracketedPaste,
            cursor::Hide
        )
        .context("preparing the terminal")?;
        Ok(())
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
    }
}

/// Puts the terminal back as the shell had it. Safe to call twice; errors are ignored
/// because there is nowhere left to report them.
fn restore() {
    let mut out = io::stdout();
    let _ = execute!(
        out,
        DisableBracketedPaste,
        DisableMouseCapture,
        LeaveAlternateScreen,
        cursor::Show
    );
    let _ = terminal::disable_raw_mode();
    let _ = out.flush();
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A `/proc/PID/stat` line for a process with this group, session and terminal
    /// foreground group (the fields that follow are left out).
    fn stat(command: &str, group: u32, session: u32, foreground: u32) -> String {
        format!("4242 ({command}) S 4200 {group} {session} 34816 {foreground} 4194560 1207 0")
    }

    #[test]
    fn a_job_of_a_job_control_shell_can_be_resumed() {
        assert_eq!(
            job_control_in_stat(&stat("curbside", 4242, 4100, 4242)),
            Some(true)
        );
        // A script the shell runs as a job: curbside shares the script's group.
        assert_eq!(
            job_control_in_stat(&stat("curbside", 4230, 4100, 4230)),
            Some(true)
        );
    }

    #[test]
    fn a_process_in_its_sessions_group_or_outside_the_foreground_cannot_be_resumed() {
        // Run straight by tmux or a terminal emulator: it leads its session.
        assert_eq!(
            job_control_in_stat(&stat("curbside", 4242, 4242, 4242)),
            Some(false)
        );
        // Run by `bash -c "curbside; …"`: the shell does no job control, so curbside is
        // in the shell's group, which is the session's.
        assert_eq!(
            job_control_in_stat(&stat("curbside", 4200, 4200, 4200)),
            Some(false)
        );
        // Its group is not the terminal's foreground group.
        assert_eq!(
            job_control_in_stat(&stat("curbside", 4242, 4100, 4100)),
            Some(false)
        );
    }

    #[test]
    fn a_command_name_with_spaces_and_parentheses_is_read_past() {
        assert_eq!(
            job_control_in_stat(&stat("a b) (c", 4242, 4100, 4242)),
            Some(true)
        );
        assert_eq!(job_control_in_stat("4242 (curbside) S"), None);
        assert_eq!(job_control_in_stat("garbage"), None);
    }

    #[test]
    fn this_processs_own_stat_can_be_read() {
        if let Ok(text) = std::fs::read_to_string("/proc/self/stat") {
            assert!(job_control_in_stat(&text).is_some(), "{text}");
        }
    }
}
