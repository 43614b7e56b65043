//! How many MedQuAD answers each import cleaning rule changes, and a sample of changed
//! answers to check by hand (issue 13). Run by hand, never by CI:
//!
//! ```sh
//! cargo run --release -p curbside-core --example cleanup_counts -- ../shared/medquad [SAMPLE]
//! ```
//!
//! SAMPLE (default 30) changed answers are printed as published and as imported, chosen
//! evenly over the collection; with RULE (a rule's number in the list printed, from 1)
//! only answers that rule changed are drawn.
//!
//! ```sh
//! cargo run --release -p curbside-core --example cleanup_counts -- ../shared/medquad 30 6
//! ```

use curbside_core::corpus::medquad::{self, clean};

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().unwrap_or_else(|| "../shared/medquad".to_string());
    let sample: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(30);
    let rule: Option<usize> = args
        .next()
        .and_then(|n| n.parse::<usize>().ok())
        .and_then(|n| n.checked_sub(1));
    let collection = medquad::read(std::path::Path::new(&path), &mut |_, _| {}).expect("reading MedQuAD");
    let articles = medquad::to_articles(&collection.documents);
    let mut counts = [0usize; 11];
    let names = [
        "inline headings → headed groups",
        "questions inside an answer → headings",
        "flattened list repeats dropped",
        "page furniture removed",
        "tables → bullets",
        "control characters removed",
        "headings set apart by spaces and taken up by the text → headed groups",
        "list items one a line after a lead-in → bullets",
        "a bullet running into the next list's lead-in → bullet and paragraph",
        "a list run into a paragraph at dashes after sentences → bullets, items said twice once",
        "the text after a list's last bullet, set apart by spaces → a paragraph",
    ];
    let mut changed = Vec::new();
    let mut pairs = 0;
    let mut answered = 0;
    let mut retitled = 0;
    for doc in &collection.documents {
        for pair in &doc.pairs {
            pairs += 1;
            if pair.answer.trim().is_empty() {
                continue;
            }
            answered += 1;
            let t = clean::clean(&pair.answer).touched;
            let hits = [
                t.headings,
                t.question_headings,
                t.repeated_lists,
                t.furniture,
                t.tables,
                t.control,
                t.echo_headings,
                t.line_lists,
                t.lead_in_tails,
                t.sentence_lists,
                t.list_ends,
            ];
            for (count, hit) in counts.iter_mut().zip(hits) {
                *count += usize::from(hit);
            }
            if rule.map_or(t.any(), |r| hits.get(r).copied().unwrap_or(false)) {
                changed.push((doc, pair));
            }
        }
    }
    let mut dropped_follow_ups = 0;
    for (doc, a) in collection
        .documents
        .iter()
        .flat_map(|d| d.pairs.iter().map(move |_| d))
        .zip(&articles)
    {
        retitled += usize::from(a.asked_as.is_some());
        dropped_follow_ups += doc.pairs.len().saturating_sub(1) - a.follow_ups.len();
    }
    println!(
        "{pairs} pairs, {answered} with an answer; {} answers changed",
        changed.len()
    );
    for (i, (name, n)) in names.iter().zip(counts).enumerate() {
        println!("  {}. {name}: {n}", i + 1);
    }
    println!("  templated questions reworded: {retitled} (of {pairs} questions)");
    println!("  repeated follow-ups dropped: {dropped_follow_ups} (follow-up entries, over all articles)");
    let step = (changed.len() / sample.max(1)).max(1);
    for (doc, pair) in changed.iter().step_by(step).take(sample) {
        println!(
            "\n=== {} pair {} ({}) {}",
            doc.file, pair.pid, doc.source, pair.question
        );
        println!("--- published:\n{}", pair.answer);
        println!("--- imported:");
        let (sections, touched) = medquad::answer_sections(&pair.answer);
        println!("({touched:?})");
        for section in sections {
            println!("## {}", section.heading);
            for block in section.blocks {
                let bullet = if block.kind == curbside_core::article::BlockKind::Bullet {
                    "• "
                } else {
                    ""
                };
                println!("{bullet}{}", block.text);
            }
        }
    }
}
