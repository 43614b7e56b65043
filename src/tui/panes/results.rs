//! The Results pane: the articles matching the text in the Ask bar, best first.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use std::collections::HashMap;

use curbside_core::index::Hit;
use unicode_width::UnicodeWidthStr;

use crate::tui::app::{App, Focus, ResultsKind};

use super::Screen;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, screen: &Screen) {
    let theme = app.theme;
    let mut title = super::side_title(app, Focus::Results, screen);
    if screen.wide && !app.results.hits.is_empty() {
        // Typing lists the matches of the words so far; Enter ranks the question again
        // for the answer, fewer and in another order: the title says which it is.
        let what = match app.results.kind {
            ResultsKind::Matches => "matches",
            ResultsKind::Ranked => "ranked",
        };
        let n = app.results.hits.len();
        let what = if n == 1 && what == "matches" {
            "match"
        } else {
            what
        };
        title = Line::from(format!(" Results · {n} {what} "));
    }
    let block = super::pane_block(app, Focus::Results, title);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let height = usize::from(inner.height);
    let width = usize::from(inner.width);
    if app.results.hits.is_empty() {
        let message = if app.ask.editor.text().trim().is_empty() {
            "Type a question; matching articles show here."
        } else {
            "No article matches yet."
        };
        let lines: Vec<Line> = textwrap::wrap(message, width.max(10))
            .into_iter()
            .map(|l| Line::styled(l.into_owned(), theme.dim()))
            .collect();
        frame.render_widget(Paragraph::new(lines), inner);
        return;
    }
    let focused = app.focus == Focus::Results;
    let labels = row_labels(&app.results.hits, width.saturating_sub(2));
    let first = super::first_visible(app.results.selected, height);
    let lines: Vec<Line> = app
        .results
        .hits
        .iter()
        .enumerate()
        .skip(first)
        .take(height)
        .map(|(i, hit)| {
            let selected = i == app.results.selected;
            let marker = if selected { "▶ " } else { "  " };
            let label = labels[i].clone();
            let style = match (selected, focused) {
                (true, true) => theme.selected(),
                (true, false) => theme.selected_unfocused(),
                _ if !hit.answered => theme.dim(),
                _ => theme.text(),
            };
            Line::from(vec![
                Span::styled(marker, theme.key()),
                Span::styled(label, style),
            ])
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The fewest columns a row keeps for the topic before its kind and source.
const MIN_TOPIC_WIDTH: usize = 8;

/// A row's label: the question, saying where it is from and what it answers when another
/// row asks the same ("What is diabetes? · NIDDK · information").
fn full_label(hit: &Hit, repeated: bool) -> String {
    if repeated {
        format!("{} · {} · {}", hit.question, source(hit), hit.kind)
    } else {
        hit.question.clone()
    }
}

fn source(hit: &Hit) -> &str {
    curbside_core::corpus::medquad::collection_of_id(&hit.id).unwrap_or(&hit.corpus)
}

/// A row's label in `width` columns where its question, cut to fit, would read like
/// another row's: MedQuAD's questions share their openings ("What are the symptoms of
/// di…"). The topic and kind instead, the topic cut first, and a twin's source kept
/// before its kind.
fn compact_label(hit: &Hit, repeated: bool, width: usize) -> String {
    if hit.topic.trim().is_empty() || hit.kind.trim().is_empty() {
        return super::truncate(&full_label(hit, repeated), width);
    }
    // The topic, cut to no fewer than MIN_TOPIC_WIDTH columns, before `tail`.
    let fit = |tail: &str| {
        if hit.topic.width() + tail.width() <= width {
            Some(format!("{}{tail}", hit.topic))
        } else {
            (tail.width() + MIN_TOPIC_WIDTH <= width)
                .then(|| format!("{}{tail}", super::truncate(&hit.topic, width - tail.width())))
        }
    };
    let kind = format!(" · {}", hit.kind);
    if !repeated {
        return fit(&kind).unwrap_or_else(|| super::truncate(&format!("{}{kind}", hit.topic), width));
    }
    let both = format!("{kind} · {}", source(hit));
    // A twin keeps its kind before all of its source: a collection's own twins
    // ("Shingles · symptoms", "Shingles · prevention", both NIHSeniorHealth) differ only
    // by kind.
    let cut_source = || {
        let lead = format!("{}{kind} · ", super::truncate(&hit.topic, MIN_TOPIC_WIDTH));
        (lead.width() + MIN_SOURCE_WIDTH <= width)
            .then(|| format!("{lead}{}", super::truncate(source(hit), width - lead.width())))
    };
    fit(&both)
        .or_else(cut_source)
        .or_else(|| fit(&format!(" · {}", source(hit))))
        .unwrap_or_else(|| super::truncate(&format!("{}{both}", hit.topic), width))
}

/// The fewest columns a twin's source keeps, cut, after its topic and kind.
const MIN_SOURCE_WIDTH: usize = 6;

/// Every row's label in `width` columns ([`full_label`] cut to fit, or [`compact_label`]
/// where that reads like another row's).
fn row_labels(hits: &[Hit], width: usize) -> Vec<String> {
    // Two rows that ask the same question, or would read alike as topic and kind, are
    // twins: each says where it is from.
    let repeated: Vec<bool> = hits
        .iter()
        .map(|hit| {
            hits.iter()
                .filter(|h| {
                    h.question.eq_ignore_ascii_case(&hit.question)
                        || (h.topic.eq_ignore_ascii_case(&hit.topic) && h.kind == hit.kind)
                })
                .count()
                > 1
        })
        .collect();
    let cut: Vec<String> = hits
        .iter()
        .zip(&repeated)
        .map(|(hit, &twin)| super::truncate(&full_label(hit, twin), width).to_lowercase())
        .collect();
    let times = counts(&cut);
    let labels: Vec<String> = hits
        .iter()
        .zip(&repeated)
        .zip(&cut)
        .map(|((hit, &twin), label)| {
            if times[label.as_str()] > 1 {
                compact_label(hit, twin, width)
            } else {
                super::truncate(&full_label(hit, twin), width)
            }
        })
        .collect();
    // Twins whose source fits only without their kind may still read alike (one
    // collection's pages on a topic, "Shingles · NIHSeniorHealth"): where its topic and
    // kind would be a label of its own, a row takes that instead.
    let shared = counts(&labels);
    let alternatives: Vec<Option<String>> = hits
        .iter()
        .zip(&labels)
        .map(|(hit, label)| (shared[label.as_str()] > 1).then(|| compact_label(hit, false, width)))
        .collect();
    let offered = counts(alternatives.iter().flatten());
    labels
        .iter()
        .zip(alternatives.iter())
        .map(|(label, alternative)| match alternative {
            Some(a) if offered[a.as_str()] == 1 && !shared.contains_key(a.as_str()) => a.clone(),
            _ => label.clone(),
        })
        .collect()
}

/// How many times each label stands in `labels`.
fn counts<'a>(labels: impl IntoIterator<Item = &'a String>) -> HashMap<&'a str, usize> {
    let mut times = HashMap::new();
    for label in labels {
        *times.entry(label.as_str()).or_default() += 1;
    }
    times
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(id: &str, question: &str, topic: &str, kind: &str) -> Hit {
        Hit {
            id: id.to_string(),
            question: question.to_string(),
            topic: topic.to_string(),
            kind: kind.to_string(),
            corpus: "medquad".to_string(),
            score: 1.0,
            answered: true,
            coverage: 1.0,
            named: 1.0,
        }
    }

    #[test]
    fn questions_that_fit_are_the_labels_and_twins_say_their_source() {
        let hits = [
            hit(
                "medquad-niddk-0000001-1",
                "What is diabetes?",
                "Diabetes",
                "information",
            ),
            hit(
                "medquad-cdc-0000001-1",
                "What is diabetes?",
                "Diabetes",
                "information",
            ),
            hit(
                "medquad-ghr-0000002-1",
                "What is clonus?",
                "Clonus",
                "information",
            ),
        ];
        assert_eq!(
            row_labels(&hits, 60),
            [
                "What is diabetes? · NIDDK · information",
                "What is diabetes? · cdc.gov · information",
                "What is clonus?"
            ]
        );
        // Cut to fit, the twins still read apart; a question cut unlike the others stays.
        let long = hit(
            "medquad-ghr-0000003-1",
            "What is serotonin syndrome?",
            "Serotonin syndrome",
            "information",
        );
        assert_eq!(row_labels(&[long], 20), ["What is serotonin s…"]);
    }

    #[test]
    fn questions_cut_alike_keep_what_tells_them_apart() {
        let hits = [
            hit(
                "medquad-nihseniorhealth-0000010-3",
                "What are the symptoms of diabetes?",
                "Diabetes",
                "symptoms",
            ),
            hit(
                "medquad-ghr-0000200-2",
                "What are the symptoms of diabetic neuropathy?",
                "Diabetic neuropathy",
                "symptoms",
            ),
            hit(
                "medquad-cdc-0000001-1",
                "What are the symptoms of diabetes?",
                "Diabetes",
                "symptoms",
            ),
            hit(
                "medquad-ghr-0000201-1",
                "Who is at risk for diabetes?",
                "Diabetes",
                "susceptibility",
            ),
        ];
        assert_eq!(
            row_labels(&hits, 30),
            [
                "Diabetes · symptoms · NIHSeni…",
                "Diabetic neuropathy · symptoms",
                "Diabetes · symptoms · cdc.gov",
                "Who is at risk for diabetes?"
            ]
        );
        // One collection's twins of different kinds read apart by kind, where the
        // source alone would label them all the same.
        // Shingles pages as (id, question, kind).
        let shingles = |rows: &[(&str, &str, &str)]| -> Vec<Hit> {
            rows.iter()
                .map(|(id, question, kind)| hit(id, question, "Shingles", kind))
                .collect()
        };
        const SYMPTOMS: &str = "What are the symptoms of shingles?";
        const PREVENTED: &str = "How can shingles be prevented?";
        const AT_RISK: &str = "Who is at risk for shingles?";
        let twins = shingles(&[
            ("medquad-nihseniorhealth-0000062-4", SYMPTOMS, "symptoms"),
            ("medquad-nihseniorhealth-0000062-9", SYMPTOMS, "symptoms"),
            ("medquad-nihseniorhealth-0000062-3", PREVENTED, "prevention"),
            ("medquad-nihseniorhealth-0000062-25", PREVENTED, "prevention"),
        ]);
        let labels = row_labels(&twins, 30);
        assert_eq!(labels[0], "Shingles · symptoms · NIHSeni…");
        assert_eq!(labels[2], "Shingles · prevention · NIHSe…");
        // Where even a cut source does not fit beside the kind, the kind stands alone if
        // no other row reads so; true twins (one collection's page said twice) stay alike.
        let mixed = shingles(&[
            ("medquad-nihseniorhealth-0000062-3", PREVENTED, "prevention"),
            (
                "medquad-adam-0003556-9",
                "How can Shingles be prevented?",
                "prevention",
            ),
            ("medquad-nihseniorhealth-0000062-8", AT_RISK, "susceptibility"),
            ("medquad-nihseniorhealth-0000062-13", AT_RISK, "susceptibility"),
        ]);
        let labels = row_labels(&mixed, 28);
        assert_eq!(labels[0], "Shingles · prevention");
        assert_eq!(labels[1], "Shingles · prevention · A.D…");
        assert_eq!(labels[2], "Shingles · NIHSeniorHealth");
        assert_eq!(labels[3], "Shingles · NIHSeniorHealth");
        assert_eq!(row_labels(&hits[..1], 30), ["What are the symptoms of diab…"]);
        for width in 0..50 {
            assert!(row_labels(&hits, width).iter().all(|l| l.width() <= width.max(1)));
        }
    }
}
