//! curbside: guideline-backed answers to medical questions, offline, over a tantivy index.
//!
//! A question travels one way: [`article`] model → [`corpus`] → [`index`] → [`answer`]
//! → the command line or the [`tui`] screen. Only [`tui`] knows about the terminal. The
//! user's own files (bookmarks, history, settings, exports) are the [`library`]'s.

pub mod answer;
pub mod article;
pub mod atomic;
pub mod bench;
pub mod cli;
pub mod corpus;
pub mod eval;
pub mod home;
pub mod index;
pub mod library;
pub mod tui;
