//! The real binary, run from a directory that is not a checkout with its own temporary
//! home: what a user or a script sees.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use crate::support::curbside;
use curbside_core::home::Home;
use curbside_core::user_files::UserFiles;
use serde_json::Value;

fn json(output: &Output) -> Value {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("stdout is JSON")
}

#[test]
fn ask_json_answers_with_the_clonus_article_and_its_references() {
    let home = tempfile::tempdir().unwrap();
    let out = json(&curbside(home.path(), &["ask", "what causes clonus", "--json"]));
    assert_eq!(out["mode"], "article");
    assert_eq!(out["article"]["id"], "clonus-causes");
    let references = out["article"]["references"].as_array().unwrap();
    assert!(references.len() >= 3);
    for r in references {
        assert!(r["n"].as_u64().unwrap() >= 1);
        assert!(!r["title"].as_str().unwrap().is_empty());
        assert!(!r["source"].as_str().unwrap().is_empty());
    }
    assert!(references.iter().any(|r| r["year"].as_u64() == Some(2003)));
    assert!(!out["related"].as_array().unwrap().is_empty());
    assert_eq!(out["results"][0]["id"], "clonus-causes");
}

#[test]
fn ask_as_a_follow_up_asks_about_the_open_topic() {
    let home = tempfile::tempdir().unwrap();
    let out = json(&curbside(
        home.path(),
        &[
            "ask",
            "how is it treated?",
            "--follow-up-of",
            "clonus-causes",
            "--json",
        ],
    ));
    assert_eq!(out["follow_up_on"], "Clonus");
    assert_eq!(out["results"][0]["topic"], "Clonus");
    let out = curbside(
        home.path(),
        &["ask", "how is it treated?", "--follow-up-of", "no-such-id"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no-such-id"));
}

#[test]
fn search_json_ranks_with_scores_and_snippets() {
    let home = tempfile::tempdir().unwrap();
    let out = json(&curbside(
        home.path(),
        &["search", "serotonin", "syndrome", "-n", "3", "--json"],
    ));
    let hits = out["hits"].as_array().unwrap();
    assert!(!hits.is_empty() && hits.len() <= 3);
    let scores: Vec<f64> = hits.iter().map(|h| h["score"].as_f64().unwrap()).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    assert!(
        hits[0]["topic"]
            .as_str()
            .unwrap()
            .to_lowercase()
            .contains("serotonin")
    );
    let snippet = &hits[0]["snippet"];
    let text = snippet["text"].as_str().unwrap();
    let first = &snippet["highlights"][0];
    let (start, end) = (
        first["start"].as_u64().unwrap() as usize,
        first["end"].as_u64().unwrap() as usize,
    );
    assert!(
        text[start..end].to_lowercase().starts_with("serotonin"),
        "{snippet}"
    );
}

#[test]
fn search_batch_writes_one_json_line_per_query_even_for_garbage() {
    let home = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_curbside"))
        .args(["search", "--batch", "-n", "2", "--home"])
        .arg(home.path())
        .current_dir(home.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let input: &[u8] = b"what causes clonus\n\xff\xfe broken bytes\n((\"\n\nbaclofen withdrawal\n";
    child.stdin.take().unwrap().write_all(input).unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success());
    let lines: Vec<Value> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 5);
    assert_eq!(lines[0]["hits"][0]["id"], "clonus-causes");
    assert_eq!(lines[3]["hits"].as_array().unwrap().len(), 0);
    assert_eq!(lines[4]["line"], 5);
}

#[test]
fn show_prints_an_article_for_each_audience() {
    let home = tempfile::tempdir().unwrap();
    let clinician = curbside(home.path(), &["show", "clonus-causes"]);
    let patient = curbside(home.path(), &["show", "clonus-causes", "--audience", "patient"]);
    let clinician = String::from_utf8(clinician.stdout).unwrap();
    let patient = String::from_utf8(patient.stdout).unwrap();
    assert!(clinician.contains("for clinicians") && clinician.contains("FROM THE GUIDELINES"));
    assert!(patient.contains("for patients"));
    assert_ne!(clinician, patient);
    let article = json(&curbside(home.path(), &["show", "clonus-causes", "--json"]));
    assert_eq!(article["status"], "under_review");
    let missing = curbside(home.path(), &["show", "nope"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no article has the id `nope`"));
}

#[test]
fn hostile_questions_never_panic() {
    let home = tempfile::tempdir().unwrap();
    let long = "why ".repeat(2_600);
    for q in [
        "\"",
        "(((",
        "topic:",
        "-",
        "::",
        "🧠",
        "clonus\u{7f}",
        long.as_str(),
        "AND",
        "a\nb",
    ] {
        let out = curbside(home.path(), &["ask", q, "--json"]);
        assert!(matches!(out.status.code(), Some(0 | 1)), "{q:?}: {out:?}");
        assert!(
            !String::from_utf8_lossy(&out.stderr).contains("panicked"),
            "{q:?}"
        );
        let value: Value = serde_json::from_slice(&out.stdout).expect("JSON even without an answer");
        assert!(value["mode"].is_string());
    }
}

#[test]
fn a_deleted_or_garbage_index_is_rebuilt_by_any_command() {
    let home = tempfile::tempdir().unwrap();
    assert!(curbside(home.path(), &["index"]).status.success());
    let index = home.path().join("index");
    std::fs::remove_dir_all(&index).unwrap();
    let out = json(&curbside(home.path(), &["search", "clonus", "--json"]));
    assert!(!out["hits"].as_array().unwrap().is_empty());
    // Garbage in place of every file of the index.
    for generation in std::fs::read_dir(&index)
        .unwrap()
        .flatten()
        .filter(|e| e.path().is_dir())
    {
        for file in std::fs::read_dir(generation.path()).unwrap().flatten() {
            std::fs::write(file.path(), b"\0garbage").unwrap();
        }
    }
    let out = json(&curbside(home.path(), &["ask", "what causes clonus", "--json"]));
    assert_eq!(out["article"]["id"], "clonus-causes");
}

#[test]
fn markdown_export_keeps_citations_as_links() {
    let home = tempfile::tempdir().unwrap();
    let out = curbside(home.path(), &["ask", "what causes clonus", "--markdown"]);
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(md.starts_with("# What causes clonus"));
    assert!(md.contains("(#ref-1)") && md.contains("<a id=\"ref-1\"></a>"));
    assert!(md.contains("## References"));
}

#[test]
fn an_unwritable_home_still_answers_from_the_builtin_corpus() {
    // A file where the home's index directory should be: nothing can be written there,
    // as on a read-only or full filesystem (tests run as root, which ignores modes).
    let home = tempfile::tempdir().unwrap();
    std::fs::write(home.path().join("index"), b"not a directory").unwrap();
    let out = curbside(home.path(), &["ask", "what causes clonus", "--json"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("cannot write the index"), "{stderr}");
    assert_eq!(json(&out)["article"]["id"], "clonus-causes");
}

/// A home whose library holds two bookmarks and three history entries, written through
/// the library as the screen writes them.
fn library_home() -> tempfile::TempDir {
    let home = tempfile::tempdir().unwrap();
    let mut library = UserFiles::open(&Home::new(home.path()));
    library.toggle_bookmark("clonus-causes", "What causes clonus?");
    library.toggle_bookmark("baclofen-withdrawal", "What happens in baclofen withdrawal?");
    library.record_question("what causes clonus");
    library.record_opened("clonus-causes", "What causes clonus?");
    library.record_question("baclofen withdrawal");
    assert!(library.notices().is_empty(), "{:?}", library.notices());
    home
}

#[test]
fn bookmarks_json_lists_what_was_bookmarked_in_order() {
    let home = library_home();
    let out = json(&curbside(home.path(), &["bookmarks", "--json"]));
    let bookmarks = out["bookmarks"].as_array().unwrap();
    let ids: Vec<&str> = bookmarks.iter().map(|b| b["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["clonus-causes", "baclofen-withdrawal"]);
    assert_eq!(bookmarks[0]["question"], "What causes clonus?");
    assert!(bookmarks[0]["added"].as_u64().unwrap() > 1_600_000_000);

    let text = curbside(home.path(), &["bookmarks"]);
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(
        text.starts_with(" 1. What causes clonus?  (clonus-causes, "),
        "{text}"
    );
    assert!(text.contains(" UTC)"), "{text}");
}

#[test]
fn history_json_lists_the_newest_entries_newest_last() {
    let home = library_home();
    let out = json(&curbside(home.path(), &["history", "--json", "-n", "2"]));
    assert_eq!(out["total"], 3);
    let history = out["history"].as_array().unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(history[0]["kind"], "opened");
    assert_eq!(history[0]["id"], "clonus-causes");
    assert_eq!(history[1]["kind"], "asked");
    assert_eq!(history[1]["question"], "baclofen withdrawal");

    let text = String::from_utf8(curbside(home.path(), &["history"]).stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert!(lines[0].ends_with("asked   what causes clonus"), "{text}");
    assert!(
        lines[1].ends_with("opened  What causes clonus? (clonus-causes)"),
        "{text}"
    );
}

#[test]
fn a_damaged_bookmarks_file_is_reported_kept_aside_and_listed_as_empty() {
    let home = tempfile::tempdir().unwrap();
    let broken = "{\"version\": 1,\n\"bookmarks\": [{\"id\": 7}]}\n";
    std::fs::write(home.path().join("bookmarks.json"), broken).unwrap();
    let out = curbside(home.path(), &["bookmarks", "--json"]);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(stderr.contains("bookmarks.json line 2"), "{stderr}");
    assert!(stderr.contains("bookmarks[0].id: invalid type"), "{stderr}");
    assert_eq!(json(&out)["bookmarks"], serde_json::json!([]));
    let kept: Vec<_> = std::fs::read_dir(home.path())
        .unwrap()
        .flatten()
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("bookmarks.json.damaged-")
        })
        .collect();
    assert_eq!(kept.len(), 1);
    assert_eq!(std::fs::read_to_string(kept[0].path()).unwrap(), broken);
    assert!(!home.path().join("bookmarks.json").exists());
}

#[test]
fn arguments_that_are_not_utf8_are_read_and_a_zero_limit_is_refused_by_name() {
    use std::os::unix::ffi::OsStrExt;
    let home = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_curbside"))
        .arg("ask")
        .arg(std::ffi::OsStr::from_bytes(b"what causes clonus\xff"))
        .arg("--home")
        .arg(home.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("clonus"));
    let zero = curbside(home.path(), &["search", "-n", "0", "clonus"]);
    assert_eq!(zero.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&zero.stderr).contains("--limit"));
}

#[test]
fn ask_says_when_the_library_has_nothing_on_the_focus_and_only_then() {
    let home = tempfile::tempdir().unwrap();
    let out = curbside(home.path(), &["ask", "is fildena safe"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Nothing on 'fildena' here"), "{text}");
    // A word that is part of a topic's name ("Serotonin syndrome") names no topic in
    // full, but the library has much on it.
    let out = curbside(home.path(), &["ask", "serotonin"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!text.contains("Nothing on"), "{text}");
}

/// A question longer than is read is cut at the end of a word, and every way of asking
/// says so. Before, it was cut mid-word, silently, and the stump was "corrected":
/// `Read as: clonus, for clonu.`
#[test]
fn a_question_too_long_is_cut_at_a_word_and_said_to_be() {
    let home = tempfile::tempdir().unwrap();
    let long = "clonus ".repeat(1_700);
    let out = curbside(home.path(), &["ask", &long]);
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert!(out.status.success(), "{stderr}");
    assert!(!stdout.contains("clonu."), "{stdout}");
    assert!(stderr.contains("the question was shortened"), "{stderr}");
    let explained = curbside(home.path(), &["ask", "--explain", &long]);
    let explained = String::from_utf8_lossy(&explained.stdout);
    assert!(explained.contains("shortened:"), "{explained}");
    assert!(!explained.contains("clonu "), "{explained}");
    let out = json(&curbside(home.path(), &["ask", "--json", &long]));
    assert_eq!(out["shortened"]["typed_chars"], 1_700 * 7);
    let read = out["shortened"]["read_chars"].as_u64().unwrap();
    assert!(read <= 2_000 && read > 1_990, "{read}");
    assert!(
        out["understood"]["corrections"].as_array().unwrap().is_empty(),
        "{out}"
    );
    let short = json(&curbside(home.path(), &["ask", "--json", "clonus"]));
    assert!(short["shortened"].is_null(), "{short}");
    let out = json(&curbside(home.path(), &["search", "--json", &long]));
    assert_eq!(out["shortened"]["typed_chars"], 1_700 * 7);
}

/// Escape sequences in a question given on the command line go whole, not only their
/// ESC byte: before, `ask --explain $'\e[31mclonus\a'` said `focus: 31mclonus` and
/// `asking: [31mclonus`.
#[test]
fn escape_sequences_in_a_question_are_taken_out_whole() {
    let home = tempfile::tempdir().unwrap();
    let out = curbside(home.path(), &["ask", "--explain", "\u{1b}[31mclonus\u{7}"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{out:?}");
    assert!(!stdout.contains("31m"), "{stdout}");
    assert!(stdout.contains("asking:      clonus\n"), "{stdout}");
    assert!(stdout.contains("focus:       clonus ("), "{stdout}");
    let out = json(&curbside(
        home.path(),
        &["ask", "--json", "\u{1b}]0;a title\u{7}what causes \u{9b}1mclonus"],
    ));
    assert_eq!(out["question"], "what causes clonus");
    let out = json(&curbside(
        home.path(),
        &["search", "--json", "\u{1b}[1mspasticity\u{1b}[0m"],
    ));
    assert_eq!(out["query"], "spasticity");
}

/// A question with nothing to read (empty, spaces, control characters, an escape
/// sequence alone) is a usage error, as clap's are: said, exit 2, nothing on stdout.
/// Before, `ask ""` printed a blank title and "No article matches", `ask --json ""` a
/// guessed question type.
#[test]
fn an_empty_question_is_a_usage_error() {
    let home = tempfile::tempdir().unwrap();
    for empty in ["", "   ", "\t\n", "\u{1}\u{7f}", "\u{1b}[31m\u{1b}[0m"] {
        for args in [
            vec!["ask", empty],
            vec!["ask", "--json", empty],
            vec!["ask", empty, " "],
            vec!["search", empty],
        ] {
            let out = curbside(home.path(), &args);
            assert_eq!(out.status.code(), Some(2), "{args:?}: {out:?}");
            assert!(out.stdout.is_empty(), "{args:?}: {out:?}");
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(stderr.contains("the question is empty"), "{args:?}: {stderr}");
            assert!(stderr.contains("Usage: curbside"), "{args:?}: {stderr}");
        }
    }
    let out = curbside(home.path(), &["ask", "", "clonus"]);
    assert!(
        out.status.success(),
        "an empty word among others is fine: {out:?}"
    );
}

/// `index` says whether it built anything: "indexed … (why)" when it did, "up to date"
/// and where when the index already matched (before, "indexed 52 articles … into gen-…"
/// either way).
#[test]
fn index_says_it_is_up_to_date_when_it_builds_nothing() {
    let home = tempfile::tempdir().unwrap();
    let first = curbside(home.path(), &["index"]);
    let first = String::from_utf8_lossy(&first.stdout).into_owned();
    assert!(
        first.starts_with("indexed ") && first.contains("there was no index yet"),
        "{first}"
    );
    let generation = std::fs::read_to_string(home.path().join("index/CURRENT")).unwrap();
    let again = curbside(home.path(), &["index"]);
    assert!(again.status.success(), "{again:?}");
    let again = String::from_utf8_lossy(&again.stdout).into_owned();
    assert!(again.starts_with("the index is up to date: "), "{again}");
    assert!(
        again.contains(generation.trim()) && !again.contains("indexed"),
        "{again}"
    );
    assert_eq!(
        std::fs::read_to_string(home.path().join("index/CURRENT")).unwrap(),
        generation,
        "nothing was built"
    );
    let forced = curbside(home.path(), &["index", "--force"]);
    let forced = String::from_utf8_lossy(&forced.stdout).into_owned();
    assert!(
        forced.starts_with("indexed ") && forced.contains("(--force)"),
        "{forced}"
    );
}

/// A query's exclusion may be written as it reads, unquoted: `search spasticity -stroke`
/// (before: "unexpected argument '-s' found"), with flags before or after the words.
#[test]
fn a_word_with_a_leading_hyphen_is_a_word_and_flags_still_work_anywhere() {
    let home = tempfile::tempdir().unwrap();
    let ids = |args: &[&str]| -> Vec<String> {
        let out = json(&curbside(home.path(), args));
        out["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["id"].as_str().unwrap().to_string())
            .collect()
    };
    let after = ids(&["search", "spasticity", "-stroke", "-n", "3", "--json"]);
    let before = ids(&["search", "-n", "3", "--json", "spasticity", "-stroke"]);
    assert_eq!(after, before);
    assert!(!after.is_empty() && after.len() <= 3, "{after:?}");
    assert!(after.iter().all(|id| !id.contains("stroke")), "{after:?}");
    let all = ids(&["search", "spasticity", "--json"]);
    assert!(
        all.iter().any(|id| id.contains("stroke")),
        "the exclusion excludes: {all:?}"
    );
    let out = curbside(home.path(), &["search", "spasticity", "-stroke"]);
    assert!(out.status.success(), "{out:?}");
    let asked = json(&curbside(
        home.path(),
        &["ask", "spasticity", "-stroke", "--json"],
    ));
    assert_eq!(asked["question"], "spasticity -stroke");
}
