//! Property tests standing in for fuzzing: whatever bytes reach the query handling, the
//! article loader, the MedQuAD parser or the import path (a folder or a zip), they
//! answer or report an error and never panic; whatever text an article holds, what is
//! rendered for a terminal holds no control character but newline and tab.
//! `scripts/fuzz.sh` runs the same properties with many more cases for a bounded time;
//! CI runs the default few hundred.

use crate::support;
use std::io::Write;
use std::path::Path;
use std::sync::OnceLock;

use curbside_core::answer::{self, Link, Question};
use curbside_core::article::{Article, Audience};
use curbside_core::corpus::{self, check, medquad};
use curbside_core::index::Engine;
use curbside_core::render::{self, Document};
use proptest::prelude::*;

/// One engine over the fixture articles for every case (building it per case would
/// measure tantivy, not the properties).
fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let corpus =
            corpus::load_dir(&support::fixtures().join("articles"), "builtin").expect("fixtures are valid");
        Engine::in_ram(&corpus.articles).expect("an index in memory builds")
    })
}

fn fixture_text(relative: &str) -> String {
    std::fs::read_to_string(support::fixtures().join(relative)).expect("the fixture exists")
}

/// Text with query syntax, punctuation, unicode and control characters over-represented.
fn hostile_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "\"",
        "(",
        ")",
        ":",
        "-",
        "+",
        "*",
        "~",
        "^",
        "[",
        "]",
        "{",
        "}",
        "\\",
        "AND",
        "OR",
        "NOT",
        "topic:",
        "question:",
        "clonus",
        "serotonin",
        " ",
        "\u{0}",
        "\u{1b}[2J",
        "é",
        "∑",
        "🙂",
        "\n",
        "\t",
        "title:\"",
        "-stroke",
        "\u{202e}",
        "ſ",
        "İ",
    ]);
    prop_oneof![
        any::<String>(),
        prop::collection::vec(pieces, 0..40).prop_map(|v| v.concat()),
    ]
}

/// Text where terminal control is over-represented: C0 and C1 controls, DEL, ESC
/// sequences (CSI, OSC 52 clipboard writes, title changes), bidi overrides, zero-width
/// and replacement characters, and any string at all.
fn terminal_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "\u{1b}]52;c;aGVsbG8=\u{7}",
        "\u{1b}]0;title\u{7}",
        "\u{1b}]8;;https://evil.example\u{1b}\\",
        "\u{1b}[2J",
        "\u{1b}[31m",
        "\u{1b}P",
        "\u{1b}",
        "\u{9b}",
        "\u{9d}",
        "\u{85}",
        "\u{80}",
        "\u{9f}",
        "\u{7f}",
        "\u{0}",
        "\u{7}",
        "\u{8}",
        "\r",
        "\r\n",
        "\n",
        "\t",
        "\u{b}",
        "\u{c}",
        "\u{202e}",
        "\u{200b}",
        "\u{feff}",
        "\u{fffd}",
        "\u{2028}",
        "e\u{301}",
        "\u{10ffff}",
        "🙂",
        "clonus",
        " ",
        "-",
        "[1]",
        "*",
        "#",
        "<",
        "`",
    ]);
    prop_oneof![
        any::<String>(),
        prop::collection::vec(pieces, 0..30).prop_map(|v| v.concat()),
        prop::collection::vec(any::<char>(), 0..30).prop_map(|v| v.into_iter().collect()),
    ]
}

/// The first fixture article, read once.
fn fixture_article() -> &'static Article {
    static ARTICLE: OnceLock<Article> = OnceLock::new();
    ARTICLE.get_or_init(|| {
        corpus::load_dir(&support::fixtures().join("articles"), "builtin")
            .expect("fixtures are valid")
            .articles
            .into_iter()
            .find(|a| a.id == "fx-clonus-causes")
            .expect("the clonus fixture")
    })
}

/// The fixture article with every text a reader can see set to `text` (some to a
/// variation, so fields that must differ to be shown do).
fn article_holding(text: &str, published: bool) -> Article {
    let mut a = fixture_article().clone();
    let t = || text.to_string();
    a.id = format!("fx-{text}");
    a.question = t();
    a.asked_as = Some(t());
    a.topic = t();
    a.aliases = vec![t()];
    a.kind = t();
    a.specialty = t();
    a.source.publisher = t();
    a.source.collection = format!("{text} collection");
    a.url = Some(t());
    a.updated = t();
    a.summaries.clinician = format!("{text} clinician");
    a.summaries.patient = format!("{text} patient");
    if published {
        a.status = curbside_core::article::Status::Published;
        a.source.corpus = medquad::CORPUS.to_string();
    }
    for section in &mut a.sections {
        section.heading = t();
        for block in &mut section.blocks {
            block.text = t();
        }
    }
    for r in &mut a.references {
        r.title = t();
        r.source = t();
        r.authors = Some(t());
        r.pmid = Some(t());
        r.doi = Some(t());
        r.url = Some(t());
    }
    a.related = vec![t()];
    a.follow_ups = vec![t()];
    a
}

/// The control characters in `rendered` other than newline and tab, for a message.
fn controls(rendered: &str) -> Vec<char> {
    rendered
        .chars()
        .filter(|&c| c.is_control() && c != '\n' && c != '\t')
        .collect()
}

/// A hand-written MedQuAD document of our own, and another from a second collection.
const MEDQUAD_DOCS: [&str; 2] = ["medquad/genetic/quartz-palm.xml", "medquad/cut/half-written.xml"];

/// A zip holding the MedQuAD fixtures as the published archive lays them out, one
/// entry deflated and one stored, built once.
fn medquad_zip() -> &'static [u8] {
    static ZIP: OnceLock<Vec<u8>> = OnceLock::new();
    ZIP.get_or_init(|| {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for (doc, method) in MEDQUAD_DOCS
            .iter()
            .zip([zip::CompressionMethod::Deflated, zip::CompressionMethod::Stored])
        {
            let options = zip::write::SimpleFileOptions::default().compression_method(method);
            let name = format!("MedQuAD-master/{}", doc.trim_start_matches("medquad/"));
            zip.start_file(name, options).unwrap();
            zip.write_all(fixture_text(doc).as_bytes()).unwrap();
        }
        zip.finish().unwrap().into_inner()
    })
}

/// How a copy is damaged: cut at a point, bytes inserted there, or bytes overwritten.
#[derive(Debug, Clone)]
enum Damage {
    Cut(usize),
    Insert(usize, Vec<u8>),
    Overwrite(usize, Vec<u8>),
}

fn damage() -> impl Strategy<Value = Damage> {
    let bytes = prop::collection::vec(any::<u8>(), 1..16);
    prop_oneof![
        any::<usize>().prop_map(Damage::Cut),
        (any::<usize>(), bytes.clone()).prop_map(|(at, b)| Damage::Insert(at, b)),
        (any::<usize>(), bytes).prop_map(|(at, b)| Damage::Overwrite(at, b)),
    ]
}

fn damaged(original: &[u8], damage: &Damage) -> Vec<u8> {
    let at = |i: usize| i % (original.len() + 1);
    let mut out = original.to_vec();
    match damage {
        Damage::Cut(i) => out.truncate(at(*i)),
        Damage::Insert(i, bytes) => {
            out.splice(at(*i)..at(*i), bytes.iter().copied());
        }
        Damage::Overwrite(i, bytes) => {
            let start = at(*i).min(out.len());
            for (slot, b) in out[start..].iter_mut().zip(bytes) {
                *slot = *b;
            }
        }
    }
    out
}

/// Runs `path` through the import's reading (`medquad::prepare`, which reads and makes
/// the articles): it returns, never panics; an error names the path; a collection's
/// every problem names a file, under `root` when the path is a folder.
fn import_reads_or_names(path: &Path, root: Option<&Path>) -> Result<(), TestCaseError> {
    match medquad::prepare(path, &mut |_, _| {}) {
        Ok((collection, articles)) => {
            prop_assert!(!articles.is_empty(), "an import that reads yields articles");
            for problem in &collection.problems {
                prop_assert!(
                    !problem.file.trim().is_empty(),
                    "a problem without a file: {problem:?}"
                );
                if let Some(root) = root {
                    prop_assert!(
                        root.join(&problem.file).exists(),
                        "{problem:?} names no file under the folder"
                    );
                }
            }
        }
        Err(error) => {
            let message = error.to_string();
            let shown = path.display().to_string();
            prop_assert!(message.contains(&shown), "{message:?} does not name {shown}");
        }
    }
    Ok(())
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(256),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn any_query_is_searched_answered_and_snippeted_without_panicking(text in hostile_text(), typing in any::<bool>()) {
        let engine = engine();
        let hits = engine.search(&text, 10, typing).expect("searching never fails on text");
        prop_assert!(hits.len() <= 10);
        engine.passages(&text, 5).expect("passages never fail on text");
        answer::ask(engine, Question { text: &text, context: None }).expect("asking never fails on text");
        let snippet = engine.snippet(&text, "Clonus is a rhythmic contraction.", 80);
        for range in snippet.highlights {
            prop_assert!(snippet.text.get(range).is_some(), "highlights fall on character boundaries");
        }
    }

    #[test]
    fn any_bytes_as_an_article_file_are_parsed_or_reported(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        let text = String::from_utf8_lossy(&bytes);
        if let Err(problems) = check::parse_article(Path::new("fuzz.json"), &text) {
            prop_assert!(!problems.is_empty());
        }
    }

    #[test]
    fn a_damaged_article_is_reported_not_panicked_on(cut in 0usize..4000, insert in "[\\[\\]{}\":,0-9a-z ]{0,8}") {
        let text = fixture_text("articles/fx-clonus-causes.json");
        let at = text.char_indices().map(|(i, _)| i).nth(cut % text.chars().count()).unwrap_or(0);
        let damaged = format!("{}{}{}", &text[..at], insert, &text[at..]);
        let _ = check::parse_article(Path::new("fx.json"), &damaged);
        let _ = check::parse_article(Path::new("fx.json"), &text[..at]);
    }

    #[test]
    fn any_bytes_as_medquad_xml_are_parsed_or_reported(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        if let Err(problem) = medquad::parse_document("fuzz.xml", &bytes) {
            prop_assert_eq!(problem.file, "fuzz.xml");
        }
    }

    #[test]
    fn damaged_medquad_xml_is_parsed_or_reported_with_its_line(cut in 0usize..4000, insert in "[<>/&;=\"a-zA-Z ]{0,8}") {
        let text = fixture_text("medquad/genetic/quartz-palm.xml");
        let at = text.char_indices().map(|(i, _)| i).nth(cut % text.chars().count()).unwrap_or(0);
        let damaged = format!("{}{}{}", &text[..at], insert, &text[at..]);
        for candidate in [damaged.as_str(), &text[..at]] {
            match medquad::parse_document("x.xml", candidate.as_bytes()) {
                Ok(Some(document)) => {
                    let _ = medquad::to_articles(&[document]);
                }
                Ok(None) => {}
                Err(problem) => prop_assert!(problem.line.is_none_or(|l| l >= 1)),
            }
        }
    }

    #[test]
    fn any_bytes_as_a_medquad_folder_or_zip_are_read_or_named(bytes in prop::collection::vec(any::<u8>(), 0..2048), with_good in any::<bool>()) {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("MedQuAD");
        std::fs::create_dir_all(folder.join("3_GHR_QA")).unwrap();
        std::fs::write(folder.join("3_GHR_QA/fuzz.xml"), &bytes).unwrap();
        if with_good {
            std::fs::create_dir_all(folder.join("cut")).unwrap();
            std::fs::write(folder.join("cut/half-written.xml"), fixture_text(MEDQUAD_DOCS[1])).unwrap();
        }
        import_reads_or_names(&folder, Some(&folder))?;
        let archive = dir.path().join("fuzz.zip");
        std::fs::write(&archive, &bytes).unwrap();
        import_reads_or_names(&archive, None)?;
    }

    #[test]
    fn a_damaged_medquad_document_in_a_folder_is_read_or_named(damage in damage(), which in 0usize..2, with_good in any::<bool>()) {
        let doc = MEDQUAD_DOCS[which];
        let bytes = damaged(fixture_text(doc).as_bytes(), &damage);
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("MedQuAD");
        let target = folder.join(doc.trim_start_matches("medquad/"));
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(&target, &bytes).unwrap();
        if with_good {
            let other = MEDQUAD_DOCS[1 - which];
            let path = folder.join(other.trim_start_matches("medquad/"));
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, fixture_text(other)).unwrap();
        }
        import_reads_or_names(&folder, Some(&folder))?;
    }

    #[test]
    fn a_damaged_medquad_zip_is_read_or_named(damage in damage()) {
        let bytes = damaged(medquad_zip(), &damage);
        let dir = tempfile::tempdir().unwrap();
        let archive = dir.path().join("MedQuAD-master.zip");
        std::fs::write(&archive, &bytes).unwrap();
        import_reads_or_names(&archive, None)?;
    }

    #[test]
    fn no_control_character_but_newline_and_tab_is_rendered_from_any_text(text in terminal_text(), published in any::<bool>(), width in 0usize..200) {
        let cleaned = render::clean(&text);
        prop_assert!(controls(&cleaned).is_empty(), "clean left {:?}", controls(&cleaned));
        let article = article_holding(&text, published);
        for audience in [Audience::Clinician, Audience::Patient] {
            let mut doc = Document::article(&article, audience).with_links(
                vec![Link { id: text.clone(), question: text.clone(), topic: text.clone() }],
                &[],
            );
            doc.follow_ups = vec![text.clone()];
            doc.others = vec![(text.clone(), text.clone())];
            doc.understood = Some(text.clone());
            doc.follow_up_on = Some(text.clone());
            for (back_end, rendered) in [("text", render::text(&doc, width)), ("markdown", render::markdown(&doc))] {
                prop_assert!(controls(&rendered).is_empty(), "{back_end} wrote {:?}", controls(&rendered));
            }
        }
        let nothing = Document::nothing(&text);
        prop_assert!(controls(&render::text(&nothing, width)).is_empty());
        prop_assert!(controls(&render::markdown(&nothing)).is_empty());
    }
}
