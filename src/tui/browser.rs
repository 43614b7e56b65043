//! Opening a URL in the user's browser from the screen: `$BROWSER` when set, else the
//! desktop's opener (`xdg-open`, or `open` on macOS). The browser is started detached
//! from the screen's terminal (no stdin, output discarded) and reaped on a thread of its
//! own, so the screen never waits for it.

use std::process::{Command, Stdio};

/// The program that opens URLs here: `$BROWSER`'s first entry, else the platform's
/// opener.
fn program() -> String {
    std::env::var("BROWSER")
        .ok()
        .and_then(|b| {
            b.split(':')
                .map(str::trim)
                .find(|p| !p.is_empty())
                .map(str::to_string)
        })
        .unwrap_or_else(|| {
            if cfg!(target_os = "macos") {
                "open"
            } else {
                "xdg-open"
            }
            .to_string()
        })
}

/// Starts the browser on `url`; returns the program used, or a message saying why no
/// browser could be started.
pub fn open(url: &str) -> Result<String, String> {
    let program = program();
    // `$BROWSER` may hold arguments ("firefox --new-tab") and `%s` for the URL.
    let mut words = program.split_whitespace();
    let command = words.next().unwrap_or("xdg-open").to_string();
    let mut args: Vec<String> = words.map(str::to_string).collect();
    if args.iter().any(|a| a.contains("%s")) {
        args = args.into_iter().map(|a| a.replace("%s", url)).collect();
    } else {
        args.push(url.to_string());
    }
    let child = Command::new(&command)
        .args(&args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn();
    match child {
        Ok(mut child) => {
            std::thread::spawn(move || child.wait());
            Ok(command)
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(format!(
            "No browser to open the URL with: `{command}` is not installed; set $BROWSER, or copy the URL with y."
        )),
        Err(e) => Err(format!("Could not start `{command}`: {e}")),
    }
}
