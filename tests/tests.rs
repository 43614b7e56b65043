//! The integration tests, linked as one binary with a module per area (ripgrep's
//! `tests/tests.rs` pattern), so the crates are linked once rather than once per file.

mod support;

mod builtin;
mod check;
mod cli;
mod engine;
mod fuzz;
mod medquad;
mod presentation;
mod pubmed;
mod ranking;
mod reliability;
mod render;
mod screen;
mod tui;
