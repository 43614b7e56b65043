//! curbside's engine: everything that answers a medical question, and nothing that draws one.
//!
//! A question travels one way: [`article`] model → [`corpus`] → [`index`] → [`answer`] →
//! [`render`], the one neutral document that every front end (the screen, `ask`/`show`
//! text, the Markdown export) prints. The user's own files (bookmarks, history, settings,
//! exports) are [`user_files`]'; where they live is [`home`]'s. This crate knows no
//! terminal, no command line and no progress bar: long work reports through
//! a `&mut dyn FnMut(done, total)` callback that each front end draws as it likes.

#![warn(missing_docs)]

pub mod answer;
pub mod article;
pub mod atomic;
pub mod cite;
pub mod corpus;
pub mod files;
pub mod home;
pub mod index;
pub mod location;
pub mod render;
pub mod research;
pub mod user_files;
pub mod vocab;
