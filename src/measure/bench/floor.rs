//! The floor: what the engine alone does with the same questions, to say how far
//! curbside's ranking stands from it. Each question becomes a plain BM25 union of term
//! queries over one field (the article body), its words analysed as the index analyses
//! them; no question analysis, no spelling, no phrases, no other fields, no re-ranking,
//! no stored document read: tantivy's top 10 by score (block-max WAND prunes it).

use std::time::Instant;

use tantivy::Term;
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;

use curbside_core::index::Engine;
use curbside_core::index::schema::{self, Fields};

use super::Latency;

/// How many documents the floor collects, as `ask` ranks 10.
const TOP: usize = 10;

/// The floor's query for `question`: a union of its distinct analysed terms in the body.
pub fn query(question: &str) -> Option<Box<dyn Query>> {
    let (_, fields) = Fields::schema();
    let mut analyzer = schema::analyzer();
    let mut stream = analyzer.token_stream(question);
    let mut terms: Vec<String> = Vec::new();
    while stream.advance() {
        let text = &stream.token().text;
        if !terms.contains(text) {
            terms.push(text.clone());
        }
    }
    let clauses: Vec<(Occur, Box<dyn Query>)> = terms
        .iter()
        .map(|t| {
            let term = Term::from_field_text(fields.body, t);
            let query: Box<dyn Query> = Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs));
            (Occur::Should, query)
        })
        .collect();
    (!clauses.is_empty()).then(|| Box::new(BooleanQuery::new(clauses)) as Box<dyn Query>)
}

/// Times the floor's search of every question (after one untimed pass).
pub fn latency(engine: &Engine, questions: &[String]) -> Latency {
    let searcher = engine.searcher();
    let collector = TopDocs::with_limit(TOP).order_by_score();
    let run = |question: &String| {
        if let Some(query) = query(question) {
            // A failed search counts as the time it took; the floor is a measure only.
            std::hint::black_box(searcher.search(query.as_ref(), &collector).ok());
        }
    };
    questions.iter().for_each(run);
    let samples = questions
        .iter()
        .map(|question| {
            let started = Instant::now();
            run(question);
            started.elapsed()
        })
        .collect();
    Latency::from_samples(samples)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_floor_searches_each_analysed_word_once_in_the_body() {
        let floor = query("What causes clonus? Clonus, clonus!").expect("words give a query");
        let (_, fields) = Fields::schema();
        let mut terms = Vec::new();
        floor.query_terms(&mut |term, _| terms.push(term.clone()));
        let words: Vec<String> = terms
            .iter()
            .filter_map(|t| t.value().as_str().map(str::to_string))
            .collect();
        assert!(terms.iter().all(|t| t.field() == fields.body));
        assert_eq!(words.iter().filter(|w| **w == "clonus").count(), 1, "{words:?}");
        assert!(query("?!").is_none());
    }
}
