//! `curbside check` and corpus loading: every problem, located by file and line or path.

use crate::support;
use std::collections::HashSet;
use std::process::Command;

use curbside_core::corpus::{self, Severity};

fn problems_of(file: &str) -> Vec<String> {
    let (_, problems) = corpus::check_dir(&support::fixtures().join("broken"), &HashSet::new()).unwrap();
    problems
        .iter()
        .filter(|p| p.file.file_name().is_some_and(|n| n == file) && p.severity == Severity::Error)
        .map(|p| {
            format!(
                "{}|{}|{}",
                p.line.map_or(String::new(), |l| l.to_string()),
                p.path.clone().unwrap_or_default(),
                p.message
            )
        })
        .collect()
}

#[test]
fn fixture_corpus_passes() {
    let (files, problems) =
        corpus::check_dir(&support::fixtures().join("articles"), &HashSet::new()).unwrap();
    assert_eq!(files, 3);
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn malformed_json_names_line_and_column() {
    let found = problems_of("syntax.json");
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].starts_with("4|"), "{found:?}");
}

#[test]
fn every_semantic_error_is_reported_with_its_path() {
    let found = problems_of("bad-refs.json");
    let paths: Vec<&str> = found.iter().map(|p| p.split('|').nth(1).unwrap()).collect();
    assert!(paths.contains(&"sections[1].blocks[0].refs[1]"), "{found:?}");
    assert!(paths.contains(&"related[0]"), "{found:?}");
    assert!(paths.contains(&"follow_ups[0]"), "{found:?}");
    assert!(paths.contains(&"summaries.patient"), "{found:?}");
    // A follow-up written as a question is not a link and is fine.
    assert!(!paths.contains(&"follow_ups[1]"), "{found:?}");
}

#[test]
fn duplicate_ids_and_missing_fields_and_wrong_types_are_named() {
    let dup: Vec<String> = problems_of("dup.json")
        .into_iter()
        .chain(problems_of("dup-again.json"))
        .collect();
    assert!(dup.iter().any(|p| p.contains("duplicate id `dup`")), "{dup:?}");
    let missing = problems_of("missing.json");
    assert!(
        missing
            .iter()
            .any(|p| p.contains("missing required field `topic`")),
        "{missing:?}"
    );
    assert!(
        missing
            .iter()
            .any(|p| p.contains("missing required field `summaries`")),
        "{missing:?}"
    );
    let wrong = problems_of("wrong-type.json");
    assert!(
        wrong.iter().any(|p| p.contains("references[0].year")),
        "{wrong:?}"
    );
}

#[test]
fn check_command_exits_non_zero_and_lists_every_broken_file() {
    let output = Command::new(env!("CARGO_BIN_EXE_curbside"))
        .args(["check"])
        .arg(support::fixtures().join("broken"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&output.stdout);
    for file in [
        "syntax.json:4:",
        "bad-refs.json",
        "dup",
        "missing.json",
        "wrong-type.json",
    ] {
        assert!(stdout.contains(file), "{file} not named in:\n{stdout}");
    }
}

#[test]
fn builtin_corpus_passes_check() {
    let output = Command::new(env!("CARGO_BIN_EXE_curbside"))
        .arg("check")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}");
    assert!(stdout.contains(" 0 errors"), "{stdout}");
}

/// `check` with no directory outside a checkout checks the articles compiled into the
/// binary, as its help says (before: "there is no data/articles here…", exit 1).
#[test]
fn check_outside_a_checkout_checks_the_built_in_articles() {
    let home = tempfile::tempdir().unwrap();
    let out = support::curbside(home.path(), &["check", "--json"]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let on_disk = std::fs::read_dir(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/articles"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .is_ok_and(|e| e.path().extension().is_some_and(|x| x == "json"))
        })
        .count();
    assert_eq!(report["files"], on_disk, "{report}");
    assert_eq!(report["dir"], "the built-in articles (compiled in)");
    let errors = report["errors"].as_u64().unwrap();
    assert_eq!(out.status.code(), Some(if errors > 0 { 1 } else { 0 }));
    let text = support::curbside(home.path(), &["check"]);
    let stdout = String::from_utf8_lossy(&text.stdout);
    assert!(
        stdout.ends_with(&format!(
            "the built-in articles (compiled in): {on_disk} files, {errors} errors, {} warnings\n",
            report["warnings"]
        )),
        "{stdout}"
    );
}
