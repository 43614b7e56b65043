//! curbside: guideline-backed answers to medical questions, offline, over a tantivy index.
//!
//! A question travels one way: [`article`] model → [`corpus`] → [`index`] → [`answer`]
//! → the command line or the screen.

pub mod article;
