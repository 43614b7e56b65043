//! Query building and ranking. User text is never a syntax error: natural questions
//! become weighted term queries with phrase, prefix and typo-tolerant clauses; explicit
//! syntax goes through tantivy's lenient parser.

use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, DisjunctionMaxQuery, FuzzyTermQuery, Occur, PhraseQuery,
    Query, QueryParser, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{Index, Searcher, Term};

use super::query::{self, Analysis};
use super::schema::{self, ARTICLE, Fields, PASSAGE};

/// A word at least this long may be misspelt by one letter; twice this, by two.
const FUZZY_MIN_CHARS: usize = 5;
const FUZZY_TWO_EDITS_CHARS: usize = 8;
/// A word matching in several fields scores as its best field plus this share of the
/// others: repeating the topic in summary and body must not outweigh matching more of
/// the words asked.
const TIE_BREAKER: f32 = 0.2;
/// Words typed next to each other still count as a phrase with this many words
/// between them in the text (the stopwords a question drops: "symptoms of holmes").
const PHRASE_SLOP: u32 = 2;

/// Weight of a word that names the question's type ("treated", "side", "causes")
/// against one that names its subject.
const CUE_WEIGHT: f32 = 0.5;

/// How much a withdrawn (unanswered) import's score is multiplied by.
pub const UNANSWERED_FACTOR: f32 = 0.4;
/// How much an answer of the type the question asks for (treatment, symptoms, ...) is
/// multiplied by: what is asked matters as much as what it is asked about.
pub const TYPE_MATCH_FACTOR: f32 = 1.5;

/// Which documents a query looks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Articles,
    Passages,
}

impl Target {
    fn doc_type(self) -> &'static str {
        match self {
            Target::Articles => ARTICLE,
            Target::Passages => PASSAGE,
        }
    }
}

/// Stems one word the way the index does.
fn stem(word: &str) -> Option<String> {
    let mut analyzer = schema::analyzer();
    let mut stream = analyzer.token_stream(word);
    stream.advance().then(|| stream.token().text.clone())
}

fn stems(text: &str) -> Vec<String> {
    let mut analyzer = schema::analyzer();
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        out.push(stream.token().text.clone());
    }
    out
}

fn term_clause(field: Field, text: &str, boost: f32) -> Box<dyn Query> {
    let term = Term::from_field_text(field, text);
    let query = TermQuery::new(term, IndexRecordOption::WithFreqs);
    Box::new(BoostQuery::new(Box::new(query), boost))
}

fn phrase_clause(field: Field, stems: &[String], boost: f32) -> Box<dyn Query> {
    if let [single] = stems {
        return term_clause(field, single, boost);
    }
    let terms = stems.iter().map(|s| Term::from_field_text(field, s)).collect();
    let mut phrase = PhraseQuery::new(terms);
    phrase.set_slop(PHRASE_SLOP);
    Box::new(BoostQuery::new(Box::new(phrase), boost))
}

/// One clause per field, scored as the best field plus a share of the rest.
fn best_field(disjuncts: Vec<Box<dyn Query>>) -> (Occur, Box<dyn Query>) {
    (
        Occur::Should,
        Box::new(DisjunctionMaxQuery::with_tie_breaker(disjuncts, TIE_BREAKER)),
    )
}

/// The fields searched for each target, with their weights.
fn weighted_fields(fields: &Fields, target: Target) -> Vec<(Field, f32)> {
    match target {
        Target::Articles => fields.weighted().to_vec(),
        Target::Passages => vec![(fields.passage, 1.0), (fields.passage_topic, 1.5)],
    }
}

/// Builds the scoring part of the query from an analysed question. Returns `None` when
/// nothing is left to search for.
pub fn scoring_query(
    index: &Index,
    searcher: &Searcher,
    fields: &Fields,
    text: &str,
    analysis: &Analysis,
    target: Target,
) -> Option<Box<dyn Query>> {
    if analysis.explicit {
        return Some(explicit_query(index, fields, text, target));
    }
    let weighted = weighted_fields(fields, target);
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    let mut content_stems = Vec::new();
    for word in &analysis.words {
        let Some(stemmed) = stem(word) else { continue };
        let known = weighted.iter().any(|(f, _)| {
            searcher
                .doc_freq(&Term::from_field_text(*f, &stemmed))
                .unwrap_or(0)
                > 0
        });
        let mut disjuncts: Vec<Box<dyn Query>> = weighted
            .iter()
            .map(|(field, boost)| term_clause(*field, &stemmed, *boost))
            .collect();
        let chars = word.chars().count();
        if !known && chars >= FUZZY_MIN_CHARS && word.chars().all(char::is_alphabetic) {
            let distance = if chars >= FUZZY_TWO_EDITS_CHARS { 2 } else { 1 };
            for (field, boost) in &weighted {
                let fuzzy = FuzzyTermQuery::new(Term::from_field_text(*field, &stemmed), distance, true);
                disjuncts.push(Box::new(BoostQuery::new(Box::new(fuzzy), boost * 0.5)));
            }
        }
        let (occur, clause) = best_field(disjuncts);
        if query::is_type_cue(word) {
            // What is asked weighs less than what it is asked about: the type factor
            // already rewards answers of the asked type.
            clauses.push((occur, Box::new(BoostQuery::new(clause, CUE_WEIGHT))));
        } else {
            clauses.push((occur, clause));
        }
        content_stems.push(stemmed);
    }
    // Words typed next to each other score again when they stand together in the text.
    for pair in content_stems.windows(2) {
        clauses.push(best_field(
            weighted
                .iter()
                .map(|(field, boost)| phrase_clause(*field, pair, boost * 0.5))
                .collect(),
        ));
    }
    for expansion in &analysis.expansions {
        let expansion_stems = stems(expansion);
        if expansion_stems.is_empty() {
            continue;
        }
        clauses.push(best_field(
            weighted
                .iter()
                .map(|(field, boost)| phrase_clause(*field, &expansion_stems, boost * 0.8))
                .collect(),
        ));
    }
    if let Some(partial) = &analysis.partial {
        for (field, boost) in weighted.iter().take(3) {
            let prefix = FuzzyTermQuery::new_prefix(Term::from_field_text(*field, partial), 0, true);
            clauses.push((
                Occur::Should,
                Box::new(BoostQuery::new(Box::new(prefix), boost * 0.5)),
            ));
        }
    }
    if clauses.is_empty() {
        return None;
    }
    Some(Box::new(BooleanQuery::new(clauses)))
}

/// Explicit syntax as written: quotes, `-word`, `field:word`, AND/OR/NOT.
fn explicit_query(index: &Index, fields: &Fields, text: &str, target: Target) -> Box<dyn Query> {
    let weighted = weighted_fields(fields, target);
    let defaults = weighted.iter().map(|(f, _)| *f).collect();
    let mut parser = QueryParser::for_index(index, defaults);
    for (field, boost) in &weighted {
        parser.set_field_boost(*field, *boost);
    }
    let text = query::truncate_for_parser(text);
    let (parsed, _errors) = parser.parse_query_lenient(text);
    parsed
}

/// Restricts a scoring query to one kind of document without changing its scores.
pub fn restrict(fields: &Fields, scoring: Box<dyn Query>, target: Target) -> Box<dyn Query> {
    let kind = TermQuery::new(
        Term::from_field_text(fields.doc_type, target.doc_type()),
        IndexRecordOption::Basic,
    );
    Box::new(BooleanQuery::new(vec![
        (Occur::Must, scoring),
        (Occur::Must, Box::new(ConstScoreQuery::new(Box::new(kind), 0.0))),
    ]))
}
