//! Property tests standing in for fuzzing: whatever bytes reach the query handling, the
//! article loader or the MedQuAD parser, they answer or report an error and never
//! panic. `scripts/fuzz.sh` runs the same properties with many more cases for a
//! bounded time; CI runs the default few hundred.

use crate::support;
use std::path::Path;
use std::sync::OnceLock;

use curbside_core::answer::{self, Question};
use curbside_core::corpus::{self, check, medquad};
use curbside_core::index::Engine;
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
        let text = fixture_text("medquad/3_GHR_QA/9100001.xml");
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
}
