//! Helpers shared by the integration tests: fixture paths and an engine over fixtures
//! in a temporary home, so no test writes into the checkout.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use curbside_core::corpus::{self, Sources};
use curbside_core::index::Engine;

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

pub fn fixture_sources(home: &Path) -> Sources {
    let builtin = corpus::load_dir(&fixtures().join("articles"), "builtin").expect("fixture corpus is valid");
    Sources::new(builtin, &home.join("corpora")).expect("no manifest yet")
}

/// An engine over the fixture articles with its index in `home`.
pub fn fixture_engine(home: &Path) -> Engine {
    let sources = fixture_sources(home);
    Engine::open(&home.join("index"), &sources, &mut |_, _| {})
        .expect("index builds")
        .0
}

/// Runs the real binary with its own home, from that home (not a checkout), as a user
/// or a script would.
pub fn curbside(home: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_curbside"))
        .args(args)
        .arg("--home")
        .arg(home)
        .current_dir(home)
        .env_remove("CURBSIDE_HOME")
        .output()
        .expect("the binary runs")
}
