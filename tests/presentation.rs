//! Imported answers read like answers (issue 13): each cleaning rule on a fixture of our
//! own in MedQuAD's format (`fixtures/medquad-presentation/lantern-knee.xml`; apart from
//! `fixtures/medquad`, whose counts other tests assert), and the
//! labels and links every front end shows for it.

use curbside_core::article::{Article, Audience, BlockKind, Status};
use curbside_core::corpus::medquad;
use curbside_core::render::{self, Document};

use crate::support;

fn lantern_knee() -> Vec<Article> {
    let path = support::fixtures().join("medquad-presentation/lantern-knee.xml");
    // The symptom table's markers are the cleanup's own, not copied into the fixture.
    let xml = std::fs::read_to_string(&path)
        .expect("the fixture reads")
        .replace("{TABLE_HEAD}", medquad::clean::TABLE_HEAD)
        .replace("{TABLE_END}", medquad::clean::TABLE_END);
    let doc = medquad::parse_document("lantern-knee.xml", xml.as_bytes())
        .expect("the fixture parses")
        .expect("the fixture is a document");
    medquad::to_articles(&[doc])
}

fn text(article: &Article) -> String {
    render::text(&Document::article(article, Audience::Clinician), 200)
}

#[test]
fn headings_run_into_the_text_head_groups_of_their_own() {
    let articles = lantern_knee();
    let headings: Vec<&str> = articles[0].sections.iter().map(|s| s.heading.as_str()).collect();
    assert_eq!(headings, ["Answer", "Creaks", "Three Stages of Lantern Knee"]);
    assert_eq!(
        articles[0].sections[1].blocks[0].text,
        "The creaks arrive with the sunrise and fade before noon."
    );
}

#[test]
fn a_question_inside_an_answer_heads_what_answers_it() {
    let articles = lantern_knee();
    assert!(
        articles[1]
            .sections
            .iter()
            .any(|s| s.heading == "How does Lantern Knee show itself?")
    );
}

#[test]
fn a_list_is_read_once_without_its_flattened_repeat() {
    let articles = lantern_knee();
    let blocks: Vec<(BlockKind, &str)> = articles[1].sections[0]
        .blocks
        .iter()
        .map(|b| (b.kind, b.text.as_str()))
        .collect();
    assert_eq!(
        blocks,
        [
            (BlockKind::Paragraph, "Lantern knee is likelier in someone who"),
            (BlockKind::Bullet, "hears a click on kneeling"),
            (BlockKind::Bullet, "glowed once before"),
            (BlockKind::Bullet, "sleeps badly."),
        ]
    );
}

#[test]
fn video_controls_are_not_part_of_the_answer() {
    let shown = text(&lantern_knee()[0]);
    assert!(!shown.contains("Watch the video"), "{shown}");
    assert!(!shown.contains("Esc"), "{shown}");
    assert!(shown.contains("glows faintly after dusk."));
}

#[test]
fn a_flattened_table_becomes_one_bullet_a_row() {
    let articles = lantern_knee();
    let bullets: Vec<&str> = articles[1]
        .blocks()
        .filter(|(_, _, b)| b.kind == BlockKind::Bullet)
        .map(|(_, _, b)| b.text.as_str())
        .collect();
    assert!(bullets.contains(&"Clicking knee (90%)"), "{bullets:?}");
    assert!(bullets.contains(&"Sore shin (7.5%)"), "{bullets:?}");
    assert!(bullets.contains(&"Cold toes"), "{bullets:?}");
}

#[test]
fn templated_questions_read_as_questions_and_keep_the_original() {
    let articles = lantern_knee();
    assert_eq!(articles[0].question, "What is lantern knee?");
    assert_eq!(
        articles[0].asked_as.as_deref(),
        Some("What is (are) Lantern Knee ?")
    );
    assert_eq!(articles[1].question, "Who is at risk for lantern knee?");
}

#[test]
fn a_question_asked_twice_is_one_follow_up() {
    let articles = lantern_knee();
    // Pair 3 asks what pair 1 asks: from pair 2, one "What is lantern knee?".
    assert_eq!(articles[1].follow_ups, ["medquad-nihseniorhealth-9300017-1"]);
    assert_eq!(articles[0].follow_ups, ["medquad-nihseniorhealth-9300017-2"]);
}

#[test]
fn imported_answers_name_their_publisher_not_a_review_status() {
    let article = &lantern_knee()[0];
    assert_eq!(article.status, Status::Published);
    assert_eq!(
        render::byline(article, Audience::Clinician),
        "NIH · NIHSeniorHealth · 2017"
    );
    let shown = text(article);
    assert!(
        !shown.contains("Approved") && !shown.contains("under review"),
        "{shown}"
    );
    assert!(shown.contains("MedQuAD"), "the collection is credited: {shown}");
}

#[test]
fn every_listed_reference_is_cited_and_the_source_url_is_printed() {
    let article = &lantern_knee()[0];
    assert_eq!(article.references.len(), 1);
    let shown = text(article);
    assert!(shown.contains("https://example.org/test/lantern-knee"), "{shown}");
    assert!(!shown.contains("question-entailment"), "{shown}");
}

#[test]
fn a_withheld_answer_names_where_the_answer_is() {
    let xml = std::fs::read_to_string(support::fixtures().join("medquad/withheld/pebble-pupil.xml")).unwrap();
    let doc = medquad::parse_document("withheld/pebble-pupil.xml", xml.as_bytes())
        .unwrap()
        .unwrap();
    let url = doc.url.clone();
    let article = &medquad::to_articles(&[doc])[0];
    assert!(!article.is_answered());
    assert!(text(article).contains(&url), "{}", text(article));
}
