//! One render walk, three back ends: every built-in article and every MedQuAD fixture
//! answer, as `ask`/`show` text, as the Markdown export and as the screen draws it, says
//! the same words with the same citation marks in the same order and lists the same
//! references.

use curbside::tui::answer_text::{Selection, document_lines};
use curbside::tui::panes::references::full_lines;
use curbside::tui::theme::Theme;
use curbside_core::answer::{FollowUp, SourcedPassage};
use curbside_core::article::{Article, Audience};
use curbside_core::corpus::{self, medquad};
use curbside_core::render::{self, Document, Node};

use crate::support;

fn articles() -> Vec<Article> {
    let mut all = corpus::embedded_builtin()
        .expect("the built-in corpus loads")
        .articles;
    let collection =
        medquad::read(&support::fixtures().join("medquad"), &mut |_, _| {}).expect("fixtures read");
    all.extend(medquad::to_articles(&collection.documents));
    assert!(all.len() > 52, "the MedQuAD fixtures are included");
    all
}

/// The words of a text, lower-cased, without punctuation or markup.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Whether `needle`'s words appear in `hay`'s, in order (other words may come between).
fn in_order(needle: &[String], hay: &[String]) -> bool {
    let mut hay = hay.iter();
    needle.iter().all(|w| hay.any(|h| h == w))
}

/// What every back end must say: title, summary, body and disclaimer, in reading order.
fn said(doc: &Document) -> Vec<String> {
    let mut text = vec![doc.title.clone()];
    text.extend(doc.summary.clone());
    for node in &doc.body {
        match node {
            Node::Banner(s) | Node::Heading(s) | Node::Note(s) => text.push(s.clone()),
            Node::Block { text: body, .. } => text.push(body.clone()),
            Node::Passage(p) => text.extend([p.question.clone(), p.text.clone()]),
        }
    }
    text.push(doc.disclaimer.to_string());
    words(&text.join(" "))
}

/// Citation marks `[n]` in order, leaving out the numbers that open a line of a
/// reference list. Markdown writes marks as `[\[n\]](#ref-n)`.
fn marks(text: &str) -> Vec<String> {
    let listed = |line: &str| {
        let line = line.trim_start().trim_start_matches("- ");
        line.starts_with('[')
            && line[1..]
                .trim_start_matches(|c: char| c.is_ascii_digit())
                .starts_with("] ")
    };
    let body: Vec<&str> = text.lines().filter(|l| !listed(l)).collect();
    let plain = body.join("\n").replace("\\[", "[").replace("\\]", "]");
    let mut out = Vec::new();
    let mut rest = plain.as_str();
    while let Some(open) = rest.find('[') {
        rest = &rest[open + 1..];
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        if !digits.is_empty() && rest[digits.len()..].starts_with(']') {
            out.push(format!("[{digits}]"));
        }
    }
    out
}

/// The targets of the links inside a Markdown document (`](#ref-1)` gives `ref-1`).
fn links(markdown: &str) -> Vec<&str> {
    markdown
        .split("](#")
        .skip(1)
        .filter_map(|rest| rest.split_once(')').map(|(target, _)| target))
        .collect()
}

fn check(doc: &Document, what: &str) {
    let expected = said(doc);
    let text = render::text(doc, 72);
    let markdown = render::markdown(doc);
    let screen = document_lines(doc, 60, Selection::default(), Theme::default());
    let screen_text: String = screen.lines.iter().map(|l| l.to_string() + "\n").collect();
    for (name, out) in [("text", &text), ("markdown", &markdown), ("screen", &screen_text)] {
        assert!(
            in_order(&expected, &words(out)),
            "{what}: the {name} back end leaves words out:\n{out}"
        );
    }
    // Marks in the body, before any reference list.
    let body = |s: &str, end: &str| s.split(end).next().unwrap_or_default().to_string();
    assert_eq!(
        marks(&body(&text, "\nREFERENCES\n")),
        doc.marks(),
        "{what}: text marks"
    );
    assert_eq!(
        marks(&body(&markdown, "\n## References\n")),
        doc.marks(),
        "{what}: markdown marks"
    );
    assert_eq!(marks(&screen_text), doc.marks(), "{what}: screen marks");
    let links = links(&markdown);
    assert_eq!(links.len(), doc.marks().len(), "{what}: a link for each citation");
    for target in links {
        assert!(
            markdown.contains(&format!("<a id=\"{target}\"></a>")),
            "{what}: the link to #{target} has no anchor:\n{markdown}"
        );
    }
    assert_eq!(
        screen.citation_rows.len(),
        doc.marks().len() * usize::from(doc.body.iter().all(|n| !matches!(n, Node::Passage(_)))),
        "{what}: a row for each citation"
    );
    for r in &doc.references {
        let line = words(&render::reference_line(r));
        let full: String = full_lines(r, Theme::default())
            .iter()
            .map(|l| l.to_string() + " ")
            .collect();
        for (name, out) in [("text", &text), ("markdown", &markdown), ("screen", &full)] {
            assert!(
                in_order(&words(&r.title), &words(out)),
                "{what}: the {name} back end leaves out reference {}",
                r.n
            );
        }
        assert!(
            in_order(&line, &words(&text)),
            "{what}: text lists reference {} in full",
            r.n
        );
        for id in r.pmid.iter().chain(&r.doi).chain(&r.url) {
            for (name, out) in [("text", &text), ("markdown", &markdown), ("screen", &full)] {
                assert!(
                    out.contains(id.as_str()),
                    "{what}: the {name} back end leaves out {id}"
                );
            }
        }
    }
}

#[test]
fn every_article_says_the_same_through_text_markdown_and_the_screen() {
    for article in articles() {
        for audience in [Audience::Clinician, Audience::Patient] {
            let follow_ups: Vec<FollowUp> = article
                .follow_ups
                .iter()
                .map(|text| FollowUp::Question { text: text.clone() })
                .collect();
            let doc = Document::article(&article, audience).with_links(Vec::new(), &follow_ups);
            check(&doc, &format!("{} ({})", article.id, audience.label()));
        }
    }
}

#[test]
fn a_passages_answer_says_the_same_through_every_back_end() {
    let all = articles();
    let passages: Vec<SourcedPassage> = all
        .iter()
        .take(4)
        .map(|a| {
            let (_, section, block) = a.blocks().next().expect("an article has a block");
            SourcedPassage {
                article_id: a.id.clone(),
                question: a.question.clone(),
                topic: a.topic.clone(),
                heading: section.heading.clone(),
                text: block.text.clone(),
                references: block
                    .refs
                    .iter()
                    .filter_map(|&n| a.reference(n).cloned())
                    .collect(),
                score: 1.0,
                research: false,
            }
        })
        .collect();
    let doc = Document::passages("what helps spasticity", &passages);
    assert_eq!(
        doc.marks().len(),
        passages.iter().map(|p| p.references.len()).sum::<usize>()
    );
    check(&doc, "passages");
}

#[test]
fn nothing_found_says_so_in_every_back_end() {
    check(&Document::nothing("what is fildena"), "nothing");
}
