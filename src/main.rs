//! The `curbside` program: installs error handling, parses the command line, dispatches.

use std::process::ExitCode;

use clap::Parser;
use curbside::cli::{self, Cli};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli::run(cli) {
        Ok(code) => ExitCode::from(u8::try_from(code).unwrap_or(1)),
        Err(error) => {
            eprintln!("curbside: {error:#}");
            ExitCode::from(1)
        }
    }
}
