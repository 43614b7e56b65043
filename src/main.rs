//! The `curbside` program: installs error handling, parses the command line, dispatches.

use std::process::ExitCode;

use curbside::cli;

fn main() -> ExitCode {
    // A panic inside a guarded search (a damaged index) becomes an error that says so;
    // the default hook would print it as a crash as well.
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !curbside_core::index::panic_is_caught() {
            default(info);
        }
    }));
    let cli = cli::parse();
    match cli::run(cli) {
        Ok(code) => ExitCode::from(u8::try_from(code).unwrap_or(1)),
        Err(error) if cli::is_closed_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("curbside: {}", curbside_core::render::clean(&explain(&error)));
            ExitCode::from(1)
        }
    }
}

/// The error and its causes, each said once: an error whose message already includes
/// its cause's ("reading X: Not a directory") is not followed by the cause again.
fn explain(error: &anyhow::Error) -> String {
    let mut message = error.to_string();
    for cause in error.chain().skip(1) {
        let cause = cause.to_string();
        if !message.contains(&cause) {
            message = format!("{message}: {cause}");
        }
    }
    message
}
