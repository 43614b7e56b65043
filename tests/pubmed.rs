//! Importing literature through the real binary, on small PubMed XML, MEDLINE text and
//! RIS fixtures we wrote (`tests/fixtures/pubmed`), never the shared data: fielded search
//! over what was imported, and export for reference managers.

use std::path::Path;
use std::process::Output;

use crate::support::{curbside, fixtures};
use serde_json::Value;

fn ok(output: Output) -> String {
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "stderr: {}\nstdout: {stdout}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

fn import_all(home: &Path) -> String {
    let root = fixtures().join("pubmed");
    let paths: Vec<String> = ["baseline", "updates", "library"]
        .iter()
        .map(|p| root.join(p).to_string_lossy().into_owned())
        .collect();
    let mut args = vec!["import", "pubmed"];
    args.extend(paths.iter().map(String::as_str));
    ok(curbside(home, &args))
}

/// The levels of evidence of the research `ask --json` added, in the order shown.
fn research_levels(asked: &Value) -> Vec<&str> {
    asked["research"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["evidence"].as_str().unwrap())
        .collect()
}

/// The ids `search` finds for a query, best first.
fn ids(home: &Path, query: &str) -> Vec<String> {
    let out = ok(curbside(home, &["search", query, "--json", "-n", "20"]));
    let found: Value = serde_json::from_str(&out).expect("JSON");
    found["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn import_reports_counts_and_the_corpus_is_listed() {
    let home = tempfile::tempdir().unwrap();
    let out = import_all(home.path());
    assert!(out.contains("imported 10 citations from 5 files"), "{out}");
    assert!(out.contains("now holds 8"), "{out}");
    let corpora = ok(curbside(home.path(), &["corpora", "--json"]));
    let corpora: Value = serde_json::from_str(&corpora).unwrap();
    assert_eq!(corpora["installed"][0]["name"], "pubmed");
    assert_eq!(corpora["installed"][0]["articles"], 8);
}

#[test]
fn fielded_search_restricts_by_pmid_journal_author_mesh_type_and_year() {
    let home = tempfile::tempdir().unwrap();
    import_all(home.path());
    assert_eq!(ids(home.path(), "pmid:99000004"), ["pubmed-99000004"]);
    assert_eq!(ids(home.path(), "spasticity type:guideline"), ["pubmed-99000004"]);
    assert_eq!(ids(home.path(), "type:rct"), ["pubmed-99000001"]);
    let mut by_journal = ids(home.path(), "journal:\"imaginary neurology\"");
    by_journal.sort();
    assert_eq!(
        by_journal,
        ["pubmed-99000001", "pubmed-99000006", "pubmed-99000008"]
    );
    let mut okafor = ids(home.path(), "author:okafor");
    okafor.sort();
    assert_eq!(okafor, ["pubmed-99000001", "pubmed-doi-10-5555-aim-2020-77"]);
    assert_eq!(
        ids(home.path(), "mesh:\"substance withdrawal syndrome\""),
        ["pubmed-99000006"]
    );
    let mut recent = ids(home.path(), "year:>2019");
    recent.sort();
    assert_eq!(
        recent,
        [
            "pubmed-99000001",
            "pubmed-99000006",
            "pubmed-doi-10-5555-aim-2020-77"
        ]
    );
    let mut range = ids(home.path(), "year:2012..2015");
    range.sort();
    assert_eq!(range, ["pubmed-99000004", "pubmed-99000005"]);
    assert_eq!(ids(home.path(), "clonus year:2019"), ["pubmed-99000002"]);
}

#[test]
fn a_bad_range_is_a_note_and_the_rest_is_still_searched() {
    let home = tempfile::tempdir().unwrap();
    import_all(home.path());
    let out = curbside(home.path(), &["search", "baclofen year:2020..2015", "--json"]);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        stderr.contains("`year:2020..2015` starts after it ends"),
        "{stderr}"
    );
    let hits: Value = serde_json::from_str(&ok(out)).unwrap();
    assert!(!hits["hits"].as_array().unwrap().is_empty());
    let only_bad = curbside(home.path(), &["search", "type:astrology"]);
    assert!(String::from_utf8_lossy(&only_bad.stderr).contains("is not a study type"));
}

#[test]
fn a_citation_exports_as_ris_and_bibtex_with_its_identifiers() {
    let home = tempfile::tempdir().unwrap();
    import_all(home.path());
    let ris = ok(curbside(home.path(), &["show", "pubmed-99000001", "--ris"]));
    assert!(ris.starts_with("TY  - JOUR\n"), "{ris}");
    for line in [
        "AU  - Okafor, Adaeze N",
        "PY  - 2021",
        "SP  - 101",
        "EP  - 109",
        "AN  - 99000001",
        "UR  - https://pubmed.ncbi.nlm.nih.gov/99000001/",
        "ER  - ",
    ] {
        assert!(ris.lines().any(|l| l == line), "{line} in {ris}");
    }
    let bibtex = ok(curbside(home.path(), &["show", "pubmed-99000002", "--bibtex"]));
    assert!(bibtex.starts_with("@article{marsh2019clonus,"), "{bibtex}");
    assert!(bibtex.contains("note = {Retracted publication}"), "{bibtex}");
    assert!(
        bibtex.contains("journal = {Archives of Invented Medicine}"),
        "{bibtex}"
    );
}

#[test]
fn an_answers_whole_reference_list_exports() {
    let home = tempfile::tempdir().unwrap();
    let article: Value =
        serde_json::from_str(&ok(curbside(home.path(), &["show", "clonus-causes", "--json"]))).unwrap();
    let references = article["references"].as_array().unwrap().len();
    let bibtex = ok(curbside(home.path(), &["show", "clonus-causes", "--bibtex"]));
    assert_eq!(bibtex.matches("\n@").count() + 1, references, "{bibtex}");
    let ris = ok(curbside(home.path(), &["show", "clonus-causes", "--ris"]));
    assert_eq!(ris.matches("ER  - ").count(), references);
}

#[test]
fn an_answer_adds_the_librarys_research_on_its_topic_strongest_evidence_first() {
    let home = tempfile::tempdir().unwrap();
    let before = ok(curbside(home.path(), &["ask", "what causes clonus"]));
    assert!(
        !before.contains("In your library"),
        "no literature, no research added:\n{before}"
    );
    let research = fixtures().join("pubmed/research");
    ok(curbside(
        home.path(),
        &["import", "pubmed", research.to_str().unwrap()],
    ));
    let out = ok(curbside(home.path(), &["ask", "what causes clonus"]));
    let at = |needle: &str| {
        out.find(needle)
            .unwrap_or_else(|| panic!("`{needle}` missing:\n{out}"))
    };
    // Grouped by level of evidence, strongest first.
    assert!(at("In your library: meta-analyses") < at("In your library: randomised controlled trials"));
    assert!(at("In your library: randomised controlled trials") < at("In your library: case reports"));
    // Numbered after the article's own references, and listed with their PMIDs.
    let json: Value =
        serde_json::from_str(&ok(curbside(home.path(), &["show", "clonus-causes", "--json"]))).unwrap();
    let own = json["references"].as_array().unwrap().len();
    for (i, pmid) in ["99000101", "99000102", "99000103"].iter().enumerate() {
        let n = own + 1 + i;
        assert!(
            out.contains(&format!("[{n}]\n")) || out.contains(&format!("[{n}]")),
            "[{n}] cited:\n{out}"
        );
        assert!(
            out.contains(&format!("PMID {pmid}")),
            "PMID {pmid} listed:\n{out}"
        );
    }
    // A paper that only mentions the topic in passing is not about it.
    assert!(
        !out.contains("99000104") && !out.contains("Hand washing"),
        "{out}"
    );
    let asked: Value = serde_json::from_str(&ok(curbside(
        home.path(),
        &["ask", "what causes clonus", "--json"],
    )))
    .unwrap();
    assert_eq!(
        research_levels(&asked),
        ["meta_analysis", "randomised_controlled_trial", "case_report"]
    );
}

#[test]
fn a_passages_answer_is_followed_by_the_research_on_its_best_passages_topic() {
    let home = tempfile::tempdir().unwrap();
    let research = fixtures().join("pubmed/research");
    ok(curbside(
        home.path(),
        &["import", "pubmed", research.to_str().unwrap()],
    ));
    // Two conditions at once: no single built-in article answers, so passages do.
    let question = "clonus or tremor";
    let asked: Value =
        serde_json::from_str(&ok(curbside(home.path(), &["ask", question, "--json"]))).unwrap();
    assert_eq!(asked["mode"], "passages", "{asked}");
    assert_eq!(asked["passages"][0]["topic"], "Clonus", "{asked}");
    assert_eq!(
        research_levels(&asked),
        ["meta_analysis", "randomised_controlled_trial", "case_report"]
    );
    let out = ok(curbside(home.path(), &["ask", question]));
    let banner = out
        .find("FROM THE RESEARCH")
        .unwrap_or_else(|| panic!("no research section:\n{out}"));
    let answers = asked["passages"].as_array().unwrap().len();
    let last_passage = out
        .find(&format!("\n{answers}. "))
        .expect("the answer's last passage");
    assert!(
        last_passage < banner,
        "research follows the answer's passages:\n{out}"
    );
    assert!(
        out.contains(&format!("{}. Causes of sustained ankle clonus", answers + 1)),
        "numbered on from the answer's passages, to open by number:\n{out}"
    );
    let order: Vec<usize> = ["PMID 99000101", "PMID 99000102", "PMID 99000103"]
        .iter()
        .map(|pmid| out.find(pmid).unwrap_or_else(|| panic!("{pmid} missing:\n{out}")))
        .collect();
    assert!(
        order.windows(2).all(|w| w[0] < w[1]) && order[0] > banner,
        "strongest evidence first, under the banner:\n{out}"
    );
    assert!(!out.contains("99000104"), "not about the topic:\n{out}");
    let markdown = ok(curbside(home.path(), &["ask", question, "--markdown"]));
    assert!(
        markdown.contains("From the Research") && markdown.contains("99000101"),
        "{markdown}"
    );
}
