//! The screen: `curbside` with no command. [`run`] puts the terminal in raw mode on the
//! alternate screen, guarantees it is restored on every way out (return, error, panic,
//! Ctrl-C, SIGTERM, SIGHUP), and runs the event loop: read every pending event, turn it
//! into an [`Action`], apply it, then draw once.

pub mod action;
pub mod answer_text;
pub mod app;
mod browser;
pub mod clipboard;
pub mod focus;
mod input;
pub mod keymap;
pub mod layout;
pub mod page;
pub mod panes;
pub mod search;
pub mod theme;
mod worker;

use std::io::{self, Stdout, Write};
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
use curbside_core::library::Library;
use input::LoopEvent;
use theme::Theme;

/// How many lines one turn of the mouse wheel scrolls.
const WHEEL_LINES: i16 = 3;

/// Runs the screen on `engine` with the user's `library` until the user quits or a
/// signal ends it.
pub fn run(engine: Engine, library: Library) -> Result<()> {
    let engine = Arc::new(engine);
    let size = terminal::size().context("reading the terminal size")?;
    let theme = Theme::from_setting(library.settings().color);
    if theme.has_color() {
        // crossterm drops colours by itself under NO_COLOR; `color = true` in the
        // settings is the user asking for them anyway.
        ratatui::crossterm::style::force_color_output(true);
    }
    let mut app = App::new(Arc::clone(&engine), size)
        .with_theme(theme)
        .with_library(library);

    let (tx, rx) = mpsc::channel();
    watch_signals(tx.clone())?;
    let guard = TerminalGuard::enter()?;
    let mut terminal = Terminal::new(CrosstermBackend::new(io::stdout())).context("opening the terminal")?;
    terminal.draw(|frame| panes::draw(frame, &app))?;

    let worker = (app.search_mode() == SearchMode::Background)
        .then(|| worker::SearchWorker::spawn(engine, tx.clone()));
    read_terminal(tx);
    let result = event_loop(&mut terminal, &mut app, &rx, worker.as_ref());
    drop(terminal);
    drop(guard);
    result
}

fn event_loop(
    terminal: &mut Terminal<CrosstermBackend<Stdout>>,
    app: &mut App,
    rx: &Receiver<LoopEvent>,
    worker: Option<&worker::SearchWorker>,
) -> Result<()> {
    loop {
        // Block for one event, then take every other pending one before drawing, so a
        // burst of keys (a paste, fast typing, key repeat) costs one frame.
        let first = rx.recv().context("the terminal reader stopped")?;
        for input in std::iter::once(first).chain(rx.try_iter()) {
            match input {
                LoopEvent::Terminal(event) => handle(app, event),
                LoopEvent::TerminalGone(e) => return Err(e).context("reading the terminal"),
                LoopEvent::Signal => app.quit = true,
                LoopEvent::Searched(action) => app.update(action),
            }
            if app.quit {
                return Ok(());
            }
        }
        if let (Some(worker), Some(request)) = (worker, app.take_search()) {
            worker.request(request);
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
/// not) end the loop normally, so the guard restores the terminal.
fn watch_signals(tx: Sender<LoopEvent>) -> Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT])
        .context("installing signal handlers")?;
    thread::spawn(move || {
        for _ in signals.forever() {
            if tx.send(LoopEvent::Signal).is_err() {
                return;
            }
        }
    });
    Ok(())
}

/// Raw mode, the alternate screen, mouse capture and bracketed paste while alive; all
/// undone on drop and, through a panic hook chained to the previous one, on a panic.
struct TerminalGuard;

impl TerminalGuard {
    fn enter() -> Result<Self> {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            previous(info);
        }));
        terminal::enable_raw_mode().context("switching the terminal to raw mode")?;
        // From here on the guard exists, so a failure below still restores the terminal.
        let guard = TerminalGuard;
        execute!(
            io::stdout(),
            EnterAlternateScreen,
            terminal::Clear(terminal::ClearType::All),
            EnableMouseCapture,
            EnableBracketedPaste,
            cursor::Hide
        )
        .context("preparing the terminal")?;
        Ok(guard)
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
