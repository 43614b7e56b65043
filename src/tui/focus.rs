//! The panes that can hold the keyboard focus.

/// The panes that can hold the keyboard focus.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Focus {
    Ask,
    Results,
    Answer,
    References,
    Related,
}

impl Focus {
    pub const ALL: [Focus; 5] = [
        Focus::Ask,
        Focus::Results,
        Focus::Answer,
        Focus::References,
        Focus::Related,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Focus::Ask => "Ask",
            Focus::Results => "Results",
            Focus::Answer => "Answer",
            Focus::References => "References",
            Focus::Related => "Related",
        }
    }

    /// Whether the narrow layout shows this pane in its side column.
    pub fn is_side(self) -> bool {
        matches!(self, Focus::Results | Focus::References | Focus::Related)
    }
}
