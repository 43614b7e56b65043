//! What the screen's event loop waits on, from its four sources: the terminal, signals,
//! the search worker and the library watcher.

use std::io;

use ratatui::crossterm::event::Event;

use super::action::Action;

/// Everything the loop waits on.
pub(super) enum LoopEvent {
    Terminal(Event),
    /// Reading the terminal failed; the screen cannot go on.
    TerminalGone(io::Error),
    /// SIGTERM, SIGHUP or SIGINT (the number): end the screen, and the process with
    /// 128 + that number, as a shell reports a process the signal ended.
    Signal(i32),
    /// SIGTSTP from outside (`kill -TSTP`): suspend as Ctrl-Z does.
    Stop,
    /// SIGCONT: the process was stopped and continued; the terminal must be set up again.
    Continued,
    /// Another process installed a new index generation, opened here.
    LibraryChanged(Box<curbside_core::index::Engine>),
    Searched(Action),
}
