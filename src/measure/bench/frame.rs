//! Frame times: drawing the whole screen with an answer open, and a keystroke in the Ask
//! bar through to the redrawn frame, on ratatui's in-memory `TestBackend` so the figures
//! are the program's own work and not the terminal emulator's.

use std::sync::Arc;
use std::time::Instant;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use serde::{Deserialize, Serialize};

use super::Latency;
use crate::tui::Action;
use crate::tui::app::{App, SearchMode, View};
use crate::tui::panes;
use crate::tui::theme::Theme;
use curbside_core::index::Engine;

/// The screen the figures are taken at: a large terminal, all columns showing.
pub const SIZE: (u16, u16) = (160, 48);
/// Full frames drawn for the frame figure.
const FRAMES: usize = 500;
/// Questions typed, character by character, for the keystroke figure.
const TYPED: usize = 100;

/// What drawing costs on one corpus.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FrameReport {
    pub columns: u16,
    pub rows: u16,
    /// The article open while drawing (the answer to the question asked first).
    pub open: Option<String>,
    /// One whole frame drawn from scratch: every cell rendered and handed to the backend.
    pub full_frame: Latency,
    /// One character typed in the Ask bar: the update, the search as you type, and the
    /// redrawn frame.
    pub keystroke_frame: Latency,
}

/// Opens the answer to `open` in a screen of [`SIZE`], times full frames, then types each
/// of `typed` (at most [`TYPED`]) and times every keystroke to its frame.
///
/// Search runs inline, before the frame, whatever the corpus's size: in the program a
/// large corpus searches on a worker and the keystroke's frame shows the previous
/// results, so this is the slower path, the one where the new results are in that frame.
pub fn measure(engine: Arc<Engine>, open: &str, typed: &[String]) -> FrameReport {
    let mut app = App::new(engine, SIZE).with_theme(Theme::default());
    app.set_search_mode(SearchMode::Inline);
    for c in open.chars() {
        app.update(Action::Insert(c));
    }
    app.update(Action::Submit);
    // Walk to a citation, as a reader checking a reference would: highlights on.
    app.update(Action::NextCitation);
    app.update(Action::NextCitation);
    let opened = match &app.reader.page.view {
        View::Article(opened) => Some(opened.article.id.clone()),
        _ => None,
    };

    // Drawing into memory cannot fail: the test backend's error type has no values.
    let Ok(mut terminal) = Terminal::new(TestBackend::new(SIZE.0, SIZE.1));
    draw(&mut terminal, &app);
    let mut full = Vec::with_capacity(FRAMES);
    for _ in 0..FRAMES {
        // A cleared back buffer makes the next draw repaint every cell, as after a resize.
        let Ok(()) = terminal.clear();
        let started = Instant::now();
        draw(&mut terminal, &app);
        full.push(started.elapsed());
    }

    let mut keystrokes = Vec::new();
    for question in typed.iter().take(TYPED) {
        app.update(Action::FocusAsk);
        app.update(Action::CursorEnd);
        app.update(Action::DeleteToStart);
        draw(&mut terminal, &app);
        for c in question.chars() {
            let started = Instant::now();
            app.update(Action::Insert(c));
            draw(&mut terminal, &app);
            keystrokes.push(started.elapsed());
        }
    }
    FrameReport {
        columns: SIZE.0,
        rows: SIZE.1,
        open: opened,
        full_frame: Latency::from_samples(full),
        keystroke_frame: Latency::from_samples(keystrokes),
    }
}

fn draw(terminal: &mut Terminal<TestBackend>, app: &App) {
    let Ok(_) = terminal.draw(|frame| panes::draw(frame, app));
}
