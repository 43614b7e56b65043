//! The `curbside` program's front ends over [`curbside_core`]: the command line ([`cli`])
//! and the terminal screen ([`tui`]), plus the measurements ([`measure`]: `bench`, `eval`
//! and the synthetic corpus), which stay out of the engine's public API, and [`typed`],
//! what both make of a question typed, pasted or given. Only [`tui`] drives the
//! terminal's screen.

pub mod cli;
pub mod measure;
pub mod tui;
pub mod typed;
