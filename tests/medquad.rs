//! Importing MedQuAD and evaluating answers, through the real binary, on small
//! MedQuAD-format fixtures we wrote (both XML schemas, a withheld-answer collection, a
//! truncated file), never the shared data.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Output;

use crate::support::{curbside, fixtures};
use serde_json::Value;

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn ok(output: Output) -> Output {
    assert!(
        output.status.success(),
        "stderr: {}\nstdout: {}",
        stderr(&output),
        stdout(&output)
    );
    output
}

fn json(output: Output) -> Value {
    serde_json::from_slice(&ok(output).stdout).expect("stdout is JSON")
}

fn import(home: &Path, path: &Path) -> Output {
    curbside(home, &["import", "medquad", path.to_str().unwrap()])
}

#[test]
fn import_reads_both_schemas_and_reports_the_bad_file_with_its_line() {
    let home = tempfile::tempdir().unwrap();
    let out = ok(import(home.path(), &fixtures().join("medquad")));
    let text = stdout(&out);
    assert!(text.contains("3 documents"), "{text}");
    assert!(text.contains("6 question-answer pairs (5 with answers"), "{text}");
    let bad = text
        .lines()
        .find(|l| l.contains("half-written.xml"))
        .unwrap_or_else(|| panic!("the truncated file is named: {text}"));
    assert!(bad.contains("cut/half-written.xml:"), "{bad}");

    let corpora = json(curbside(home.path(), &["corpora", "--json"]));
    let installed = corpora["installed"].as_array().unwrap();
    assert_eq!(installed.len(), 1);
    assert_eq!(installed[0]["name"], "medquad");
    assert_eq!(installed[0]["articles"], 6);
    assert_eq!(installed[0]["answered"], 5);
}

#[test]
fn imported_answers_are_found_and_survive_a_restart() {
    let home = tempfile::tempdir().unwrap();
    ok(import(home.path(), &fixtures().join("medquad")));
    let out = json(curbside(
        home.path(),
        &["ask", "what are the symptoms of holmes-adie syndrome", "--json"],
    ));
    assert_eq!(out["results"][0]["id"], "medquad-ninds-0000007-2");
    let article = &out["article"];
    assert_eq!(article["source"]["corpus"], "medquad");
    assert_eq!(article["source"]["publisher"], "NIH");
    assert_eq!(article["source"]["collection"], "NINDS");
    assert_eq!(
        article["references"][0]["url"],
        "https://example.org/ninds/holmes-adie"
    );
    let follow_ups = out["follow_ups"].as_array().unwrap();
    assert_eq!(follow_ups[0]["id"], "medquad-ninds-0000007-1");

    // An answer naming another document's focus links to it.
    let shown = json(curbside(
        home.path(),
        &["show", "medquad-ghr-9300031-2", "--json"],
    ));
    assert_eq!(shown["related"][0], "medquad-ninds-0000007-1");
    assert_eq!(shown["aliases"][0], "glassy palm syndrome");
}

#[test]
fn withheld_answers_are_marked_and_rank_below_answered_material() {
    let home = tempfile::tempdir().unwrap();
    ok(import(home.path(), &fixtures().join("medquad")));
    let shown = json(curbside(
        home.path(),
        &["show", "medquad-adam-9100003-1", "--json"],
    ));
    assert!(
        shown["summaries"]["patient"]
            .as_str()
            .unwrap()
            .starts_with("Answer not included")
    );
    assert_eq!(shown["url"], "https://example.org/adam/pupil");
    let out = json(curbside(home.path(), &["search", "symptoms pupil", "--json"]));
    let hits = out["hits"].as_array().unwrap();
    let position = |id: &str| hits.iter().position(|h| h["id"] == id);
    let withheld = position("medquad-adam-9100003-1").expect("the withheld question is still found");
    let answered = position("medquad-ninds-0000007-2").expect("the answered one is found");
    assert!(answered < withheld, "{hits:?}");
    assert_eq!(hits[withheld]["answered"], false);
}

#[test]
fn importing_again_replaces_and_remove_drops_it() {
    let home = tempfile::tempdir().unwrap();
    ok(import(home.path(), &fixtures().join("medquad")));
    ok(import(home.path(), &fixtures().join("medquad")));
    let corpora = json(curbside(home.path(), &["corpora", "--json"]));
    assert_eq!(corpora["installed"].as_array().unwrap().len(), 1);
    let files = std::fs::read_dir(home.path().join("corpora"))
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".jsonl"))
        .count();
    assert_eq!(files, 1);

    ok(curbside(home.path(), &["remove", "medquad"]));
    let corpora = json(curbside(home.path(), &["corpora", "--json"]));
    assert!(corpora["installed"].as_array().unwrap().is_empty());
    let out = curbside(home.path(), &["show", "medquad-ninds-0000007-2"]);
    assert!(!out.status.success());
    let missing = curbside(home.path(), &["remove", "medquad"]);
    assert!(!missing.status.success());
    assert!(
        stderr(&missing).contains("no corpus named `medquad`"),
        "{}",
        stderr(&missing)
    );
}

/// A zip of the fixture folder, as MedQuAD is published.
fn fixture_zip(dir: &Path) -> PathBuf {
    let path = dir.join("MedQuAD-master.zip");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for collection in ["genetic", "6_NINDS_QA", "withheld"] {
        for entry in std::fs::read_dir(fixtures().join("medquad").join(collection)).unwrap() {
            let entry = entry.unwrap();
            let name = format!(
                "MedQuAD-master/{collection}/{}",
                entry.file_name().to_string_lossy()
            );
            zip.start_file(name, options).unwrap();
            zip.write_all(&std::fs::read(entry.path()).unwrap()).unwrap();
        }
    }
    zip.start_file("MedQuAD-master/readme.txt", options).unwrap();
    zip.write_all(b"not xml").unwrap();
    zip.finish().unwrap();
    path
}

#[test]
fn the_published_zip_imports_like_the_folder() {
    let home = tempfile::tempdir().unwrap();
    let zip = fixture_zip(home.path());
    let out = ok(import(home.path(), &zip));
    assert!(
        stdout(&out).contains("6 question-answer pairs"),
        "{}",
        stdout(&out)
    );
    assert!(!stdout(&out).contains("could not be imported"));
}

#[test]
fn bad_paths_get_clear_errors_and_leave_the_library_as_it_was() {
    let home = tempfile::tempdir().unwrap();
    ok(import(home.path(), &fixtures().join("medquad")));

    let missing = import(home.path(), &home.path().join("nowhere"));
    assert!(!missing.status.success());
    assert!(
        stderr(&missing).contains("nowhere: no such file or folder"),
        "{}",
        stderr(&missing)
    );

    let not_zip = home.path().join("medquad.zip");
    std::fs::write(&not_zip, b"this is text, not an archive").unwrap();
    let out = import(home.path(), &not_zip);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("medquad.zip: not a zip archive"),
        "{}",
        stderr(&out)
    );

    let other = tempfile::tempdir().unwrap();
    std::fs::write(other.path().join("notes.xml"), "<notes><note>hi</note></notes>").unwrap();
    let out = import(home.path(), other.path());
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("no MedQuAD documents found"),
        "{}",
        stderr(&out)
    );

    let corpora = json(curbside(home.path(), &["corpora", "--json"]));
    assert_eq!(corpora["installed"][0]["articles"], 6);
}

fn eval(home: &Path, extra: bool) -> Value {
    let fx = fixtures();
    let mut args = vec![
        "eval".to_string(),
        "--medquad".to_string(),
        fx.join("medquad").display().to_string(),
        "--questions".to_string(),
        fx.join("liveqa/questions.xml").display().to_string(),
        "--qrels".to_string(),
        fx.join("liveqa/qrels.txt").display().to_string(),
        "--cache".to_string(),
        home.join("eval-cache").display().to_string(),
        "--json".to_string(),
    ];
    if extra {
        args.push("--extra-answers".to_string());
        args.push(fx.join("liveqa/judged-answers.csv").display().to_string());
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    json(curbside(home, &args))
}

#[test]
fn eval_scores_both_forms_and_counts_withheld_answers_only_when_given() {
    let home = tempfile::tempdir().unwrap();
    let without = eval(home.path(), false);
    assert_eq!(without["questions"], 3);
    assert_eq!(without["answered"], 5);
    let with = eval(home.path(), true);
    assert_eq!(with["answered"], 6);
    let summary = &with["forms"]["summary"];
    // Every summary question finds its best judged answer first.
    assert_eq!(summary["avg_score"].as_f64(), Some((3.0 + 3.0 + 2.0) / 3.0));
    assert_eq!(summary["mrr_10"].as_f64(), Some(1.0));
    let original = &with["forms"]["original"];
    for metric in ["avg_score", "mrr_10", "map_10", "ndcg_10", "judged_10"] {
        let v = original[metric].as_f64().unwrap();
        assert!((0.0..=3.0).contains(&v), "{metric} = {v}");
    }
    // The library is untouched: evaluation has a cache of its own.
    assert!(!home.path().join("corpora").exists());
}

#[test]
fn eval_without_its_inputs_says_what_is_missing() {
    let home = tempfile::tempdir().unwrap();
    let out = curbside(
        home.path(),
        &["eval", "--medquad", home.path().join("absent").to_str().unwrap()],
    );
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("does not exist (--medquad)"),
        "{}",
        stderr(&out)
    );
}
