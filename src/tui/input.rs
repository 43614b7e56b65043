//! What the screen's event loop waits on, from its three sources: the terminal, signals
//! and the search worker.

use std::io;

use ratatui::crossterm::event::Event;

use super::action::Action;

/// Everything the loop waits on, from its three sources.
pub(super) enum LoopEvent {
    Terminal(Event),
    /// Reading the terminal failed; the screen cannot go on.
    TerminalGone(io::Error),
    Signal,
    Searched(Action),
}
