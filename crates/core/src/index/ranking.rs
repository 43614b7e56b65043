//! Query building and ranking. User text is never a syntax error: natural questions
//! become weighted term queries with phrase and prefix clauses, their misspelt words
//! corrected from the index's own vocabulary; explicit syntax goes through tantivy's
//! lenient parser. Candidates are ranked again by how much of their topic the question
//! names ([`topic_coverage`]).

use std::cmp::Reverse;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use std::ops::Bound;

use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, DisjunctionMaxQuery, FuzzyTermQuery, Occur,
    PhraseQuery, Query, QueryParser, RangeQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{Index, Searcher, Term};
use xxhash_rust::xxh3::{Xxh3, xxh3_64};

use super::analysis::{self, Analysis, Filter};
use super::schema::{self, ARTICLE, Fields, PASSAGE};
use crate::article::QuestionType;
use crate::vocab;

/// A word at least this long may be misspelt by one letter (and joined words must be
/// this long to count); one of the second length, by two.
const FUZZY_MIN_CHARS: usize = 5;
const FUZZY_TWO_EDITS_CHARS: usize = 8;
/// Most unknown words of one question looked up in the term dictionary (each look-up
/// builds an automaton, a fraction of a millisecond): a consumer misspells a few names,
/// and pasted noise must not cost seconds.
const MAX_SPELLING_LOOKUPS: usize = 8;
/// A correction must be used by at least this many documents: a term only one document
/// uses is as likely to be a misspelling itself.
const MIN_CORRECTION_DOCUMENTS: u64 = 2;
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

/// How much an article whose whole topic (or one of its aliases) the question names is
/// raised over one whose topic it does not name at all (score × (1 + this × the share
/// named): three times at most). "Dementia" answers a question about dementia before
/// "CHMP2B-related frontotemporal dementia" does, and "Appendicitis" a question about
/// fever in appendicitis before a syndrome whose long name holds "elevated temperature",
/// however well their text matches the rest of the question. `curbside eval` moves
/// little between 0.3 and 2 (EVALUATION.md); the weaker weights left that second case
/// wrong.
pub const TOPIC_COVERAGE_WEIGHT: f32 = 2.0;
/// How much an article whose name the question's recognised focus names in full is
/// raised, over the topic coverage of every question word: the focus comes from the
/// subject line and the asking sentence, where the other words may be background.
/// `curbside eval` (EVALUATION.md): 0.5 helped one fold of each form and cost the other
/// less than a question; 1 and 2 cost the original form more.
pub const FOCUS_WEIGHT: f32 = 0.5;
/// The weight of the library's name for a main focus the question calls by another name
/// ("hypertension" for High blood pressure), searched beside the question's words,
/// against an abbreviation's expansion (0.8). Less than an expansion because the focus is
/// recognised, not certain: a wrong focus ("non prescription drug" read as the main
/// focus of a question about erectile dysfunction) pulls its pages up with it.
/// `curbside eval` (EVALUATION.md): 0.2 raised one fold of the original form by three
/// grades and lowered no fold; 0.3 and 0.4 cost a fold of the summary form a question,
/// 0.8 three.
pub const RENAMED_WEIGHT: f32 = 0.2;
/// How many of the best articles are ranked again by topic coverage.
pub const RERANK_DEPTH: usize = 20;

/// The type whose pages answer best when the library has no page of the type asked on
/// the focus: diagnosis and symptoms stand in for each other (how one knows one has a
/// condition is told by its signs, and its signs by how it is found), and a drug's
/// precautions and safety pages for its interactions (MedlinePlus tells which medicines
/// not to take with a drug among its precautions).
pub fn stand_in(asked: QuestionType) -> Option<QuestionType> {
    match asked {
        QuestionType::Diagnosis => Some(QuestionType::Symptoms),
        QuestionType::Symptoms => Some(QuestionType::Diagnosis),
        QuestionType::Interactions => Some(QuestionType::Safety),
        _ => None,
    }
}

/// How much a withdrawn (unanswered) import's score is multiplied by.
pub const UNANSWERED_FACTOR: f32 = 0.4;
/// How much an answer of the type the question asks for (treatment, symptoms, ...) is
/// multiplied by: what is asked matters as much as what it is asked about.
pub const TYPE_MATCH_FACTOR: f32 = 1.5;

/// Which documents a query looks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// Whole articles.
    Articles,
    /// Passages: one paragraph or bullet each.
    Passages,
}

impl Target {
    /// Its place in a pair of per-target values.
    fn slot(self) -> usize {
        match self {
            Target::Articles => 0,
            Target::Passages => 1,
        }
    }

    fn doc_type(self) -> &'static str {
        match self {
            Target::Articles => ARTICLE,
            Target::Passages => PASSAGE,
        }
    }
}

/// Stems one word the way the index does.
pub(super) fn stem(word: &str) -> Option<String> {
    let mut analyzer = schema::analyzer();
    let mut stream = analyzer.token_stream(word);
    stream.advance().then(|| stream.token().text.clone())
}

pub(crate) fn stems(text: &str) -> Vec<String> {
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

/// The documents whose `field` holds `stems` side by side (one stem: the term), for
/// restricting a search; it scores nothing of its own.
pub(super) fn phrase_filter(field: Field, stems: &[String]) -> Box<dyn Query> {
    let terms: Vec<Term> = stems.iter().map(|s| Term::from_field_text(field, s)).collect();
    match terms.as_slice() {
        [single] => Box::new(TermQuery::new(single.clone(), IndexRecordOption::Basic)),
        _ => Box::new(PhraseQuery::new(terms)),
    }
}

/// One clause per field, scored as the best field plus a share of the rest.
fn best_field(disjuncts: Vec<Box<dyn Query>>) -> (Occur, Box<dyn Query>) {
    (
        Occur::Should,
        Box::new(DisjunctionMaxQuery::with_tie_breaker(disjuncts, TIE_BREAKER)),
    )
}

/// The fields where two words typed side by side score again as a phrase: an article's
/// names, question, summaries and subject headings (not its body or reference titles);
/// a passage's text and topic.
fn phrase_fields(fields: &Fields, target: Target) -> Vec<(Field, f32)> {
    weighted_fields(fields, target)
        .into_iter()
        .filter(|(field, _)| *field != fields.body && *field != fields.refs)
        .collect()
}

/// The fields searched for each target, with their weights.
fn weighted_fields(fields: &Fields, target: Target) -> Vec<(Field, f32)> {
    match target {
        Target::Articles => fields.weighted().to_vec(),
        Target::Passages => vec![(fields.passage, 1.0), (fields.passage_topic, 1.5)],
    }
}

/// The stem searched for a typed word: the index's own spelling when the word was
/// corrected, else the word stemmed.
pub(super) fn searched_stem(analysis: &Analysis, word: &str) -> Option<String> {
    match analysis.corrections.iter().find(|(typed, _)| typed == word) {
        Some((_, corrected)) => Some(corrected.clone()),
        None => stem(word),
    }
}

/// How many documents use `stemmed` in the field of `fields` that uses it most.
pub fn documents_using(searcher: &Searcher, fields: &[Field], stemmed: &str) -> u64 {
    fields
        .iter()
        .map(|field| {
            searcher
                .doc_freq(&Term::from_field_text(*field, stemmed))
                .unwrap_or(0)
        })
        .max()
        .unwrap_or(0)
}

/// Whether a question's word could name its subject: a word with letters that neither
/// says what is asked nor who is ill ("39", "kg", "treatment", "kid" name nothing).
pub fn could_name(word: &str) -> bool {
    word.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && !vocab::is_type_cue(word)
        && !vocab::is_person_word(word)
}

/// The stems that name what a question is about (its content words as corrected, and
/// the expansions of its abbreviations), hashed as [`name_values`] hashes them.
pub fn subject_hashes(analysis: &Analysis) -> HashSet<u64> {
    let mut out = HashSet::new();
    for word in &analysis.words {
        if vocab::is_type_cue(word) {
            continue;
        }
        out.extend(searched_stem(analysis, word).map(|s| stem_hash(&s)));
    }
    for expansion in &analysis.expansions {
        out.extend(stems(expansion).iter().map(|s| stem_hash(s)));
    }
    let disorder = disorder_hashes();
    if disorder.iter().any(|hash| out.contains(hash)) {
        out.extend(disorder);
    }
    out
}

/// [`vocab::WORDS_FOR_A_DISORDER`] stemmed and hashed, worked out once: every keystroke's
/// search needs them.
pub(super) fn disorder_hashes() -> &'static [u64] {
    static HASHES: LazyLock<Vec<u64>> = LazyLock::new(|| {
        vocab::WORDS_FOR_A_DISORDER
            .iter()
            .filter_map(|word| stem(word))
            .map(|stemmed| stem_hash(&stemmed))
            .collect()
    });
    &HASHES
}

/// Bits of a name value that hold the hash of a stem; the bits above say which name.
const STEM_HASH_BITS: u32 = 48;
const STEM_HASH_MASK: u64 = (1 << STEM_HASH_BITS) - 1;
/// Names past this many (aliases of aliases) are not kept.
const MAX_NAMES: usize = 1 << (64 - STEM_HASH_BITS);

pub(super) fn stem_hash(stem: &str) -> u64 {
    xxh3_64(stem.as_bytes()) & STEM_HASH_MASK
}

/// An article's names (topic, then aliases) as fast-field values: for each word that is
/// not a stopword, the name's position in the top bits and the hash of the word's stem
/// below them. Worked out once when the index is built, so that ranking compares
/// numbers instead of analysing text.
pub fn name_values<'a>(names: impl IntoIterator<Item = &'a String>) -> Vec<u64> {
    let mut stemmer = schema::analyzer();
    let mut out = Vec::new();
    for (position, name) in names.into_iter().take(MAX_NAMES).enumerate() {
        let mut seen = Vec::new();
        for word in analysis::words(name) {
            if vocab::is_stopword(&word) {
                continue;
            }
            let mut stream = stemmer.token_stream(&word);
            if stream.advance() {
                let hash = stem_hash(&stream.token().text);
                if !seen.contains(&hash) {
                    seen.push(hash);
                    out.push(((position as u64) << STEM_HASH_BITS) | hash);
                }
            }
        }
    }
    out
}

/// A name value as (which name: 0 the topic, then each alias; the stem's hash).
pub(super) fn split_name_value(value: u64) -> (u64, u64) {
    (value >> STEM_HASH_BITS, value & STEM_HASH_MASK)
}

/// The value articles answering the same question on the same page share.
pub fn page_question(url: &str, question: &str) -> u64 {
    let mut hasher = Xxh3::new();
    hasher.update(url.as_bytes());
    hasher.update(&[0x1f]);
    hasher.update(question.as_bytes());
    hasher.digest()
}

/// The share of a name's words the question uses, for the best of an article's names
/// (`values` as [`name_values`] made them): 1 when the question names the whole topic
/// or a whole alias.
pub fn topic_coverage(subject: &HashSet<u64>, values: impl IntoIterator<Item = u64>) -> f32 {
    // (name position, words, words the question uses), in the order the names were kept.
    let mut names: Vec<(u64, u32, u32)> = Vec::new();
    for value in values {
        let position = value >> STEM_HASH_BITS;
        let named = u32::from(subject.contains(&(value & STEM_HASH_MASK)));
        match names.iter_mut().find(|(p, ..)| *p == position) {
            Some((_, words, used)) => {
                *words += 1;
                *used += named;
            }
            None => names.push((position, 1, named)),
        }
    }
    names
        .iter()
        .map(|&(_, words, used)| used as f32 / words as f32)
        .fold(0.0, f32::max)
}

/// Finds the index's own spelling of each word it does not know (a misspelt drug or
/// disease name, "diahrrea", "Gabamentine") and adds what the corrected words ask for.
/// Words the index knows, short words, numbers and the unfinished word being typed are
/// left alone; a name with a dose typed onto it ("Hydralazine50") is read as the name,
/// and two words the index's names write as one ("rib cage") are searched joined too.
pub fn match_vocabulary(
    searcher: &Searcher,
    fields: &Fields,
    spellings: &Spellings,
    analysis: &mut Analysis,
    target: Target,
) {
    if analysis.explicit {
        return;
    }
    let weighted = weighted_fields(fields, target);
    // The fields that name things: topics, aliases, questions.
    let naming = [
        fields.topic,
        fields.aliases,
        fields.question,
        fields.passage_topic,
    ];
    // Two words typed apart that names in the index write as one ("rib cage": Ribcage
    // pain, "chicken pox": Chickenpox) are searched joined too.
    let joined: Vec<String> = analysis
        .words
        .windows(2)
        .filter(|pair| pair.iter().all(|w| w.chars().all(char::is_alphabetic)))
        .map(|pair| pair.concat())
        .filter(|joined| joined.chars().count() >= FUZZY_MIN_CHARS)
        .filter(|joined| stem(joined).is_some_and(|s| documents_using(searcher, &naming, &s) > 0))
        .collect();
    for word in joined {
        if !analysis.expansions.contains(&word) {
            analysis.expansions.push(word);
        }
    }
    let searched: Vec<Field> = weighted.iter().map(|(field, _)| *field).collect();
    let mut lookups = MAX_SPELLING_LOOKUPS;
    for word in &analysis.words {
        if analysis.partial.as_ref() == Some(word)
            || analysis.corrections.iter().any(|(typed, _)| typed == word)
        {
            continue;
        }
        let Some(found) = spellings.spelling(target, word, &mut lookups, |lookups| {
            indexed_spelling(searcher, &searched, word, lookups)
        }) else {
            continue;
        };
        for qtype in vocab::question_types(std::slice::from_ref(&found)) {
            if !analysis.types.contains(&qtype) {
                analysis.types.push(qtype);
            }
        }
        analysis.corrections.push((word.clone(), found));
    }
    // A question in another language ("síntomas de la diabetes") has no misspellings of
    // English words: its own words are searched as typed, and its function words, which
    // English names borrow ("De la Chapelle dysplasia"), are not searched at all. As in
    // question analysis, it reads as foreign only when the library also misses words.
    let unknown = |w: &String| {
        !vocab::FOREIGN_FUNCTION_WORDS.contains(&w.as_str())
            && stem(w).is_none_or(|s| documents_using(searcher, &searched, &s) == 0)
    };
    if vocab::reads_as_foreign(&analysis.words)
        && (!analysis.corrections.is_empty() || analysis.words.iter().any(unknown))
    {
        analysis.foreign = true;
        analysis.corrections.clear();
        analysis
            .words
            .retain(|w| !vocab::FOREIGN_FUNCTION_WORDS.contains(&w.as_str()));
    }
}

/// The spellings [`indexed_spelling`] found, remembered for the life of an engine (its
/// reader is never reloaded, so the index's terms do not change): one question is
/// analysed for its focus, then for its articles and again for its passages, and each
/// keystroke's question repeats the last one's words, while the nearest term of a word
/// the index lacks walks its whole term dictionary (at a million passages a seventh of
/// `ask`, BENCHMARKS.md).
#[derive(Debug, Default)]
pub struct Spellings {
    /// Word → its spelling for each target ([`Target::slot`]): looked up by the word as
    /// typed, with no key made for a word already spelt.
    found: std::sync::Mutex<HashMap<String, [Option<Spelt>; 2]>>,
}

/// A word's spelling as the index writes it, and whether finding it took a look-up.
type Spelt = (Option<String>, bool);

/// Words remembered at most; past it the table starts again.
const MAX_SPELLINGS: usize = 1 << 16;

impl Spellings {
    /// `look_up(lookups)` (an [`indexed_spelling`]), remembered: a remembered spelling
    /// that took a look-up still uses one of `lookups`, so that a question is read the
    /// same however many of its words were asked before.
    pub fn spelling(
        &self,
        target: Target,
        word: &str,
        lookups: &mut usize,
        look_up: impl FnOnce(&mut usize) -> Option<String>,
    ) -> Option<String> {
        let slot = target.slot();
        let remembered = self
            .found
            .lock()
            .ok()
            .and_then(|found| found.get(word).and_then(|spelt| spelt[slot].clone()));
        if let Some((spelling, took_lookup)) = remembered {
            if took_lookup {
                *lookups = lookups.checked_sub(1)?;
            }
            return spelling;
        }
        let before = *lookups;
        let spelling = look_up(lookups);
        let took_lookup = *lookups < before;
        // With no look-up left, a word that needed one was refused, not spelt: only what
        // was decided is remembered.
        if (took_lookup || before > 0)
            && let Ok(mut found) = self.found.lock()
        {
            if found.len() >= MAX_SPELLINGS {
                found.clear();
            }
            found.entry(word.to_string()).or_default()[slot] = Some((spelling.clone(), took_lookup));
        }
        spelling
    }
}

/// How the index writes a word it does not know as typed: the nearest term in `fields`
/// (stemmed), or the name when a dose is typed onto it ("hydralazine50"). `None` for
/// words the index knows, short words, numbers, words with nothing near them, and once
/// `lookups` (searches of the term dictionary) run out.
pub fn indexed_spelling(
    searcher: &Searcher,
    fields: &[Field],
    word: &str,
    lookups: &mut usize,
) -> Option<String> {
    let letters = word.trim_end_matches(|c: char| c.is_ascii_digit());
    let chars = letters.chars().count();
    if chars < FUZZY_MIN_CHARS || !letters.chars().all(char::is_alphabetic) {
        return None;
    }
    let stemmed = stem(letters)?;
    if documents_using(searcher, fields, &stemmed) > 0 {
        return (letters != word).then_some(stemmed);
    }
    // A known abbreviation is searched through its expansions, never read as another,
    // and a country is where the patient is, not a condition.
    if vocab::SYNONYMS.iter().any(|(key, _)| *key == letters) || vocab::is_country_name(letters) {
        return None;
    }
    *lookups = lookups.checked_sub(1)?;
    let edits = if chars >= FUZZY_TWO_EDITS_CHARS { 2 } else { 1 };
    let found = nearest_term(searcher, fields, &stemmed, edits)?;
    // An English word the library happens not to use is no misspelling of one it does
    // ("grateful" is not `grade`, "masturbation" not "maturity", "stuff" not "stiff"),
    // though it may be made from one: "asthmatics", stemmed `asthmat`, begins with
    // `asthma`, more than two-thirds of it ("sincerely", `sincer`, is not `sinc`).
    if vocab::is_english_word(letters) {
        let derived =
            stemmed.starts_with(found.as_str()) && found.chars().count() * 3 > stemmed.chars().count() * 2;
        if !derived {
            return None;
        }
    }
    // A short word with a letter dropped is another word's abbreviation more often than
    // its misspelling ("covid" is not "cvid"): under eight letters, a correction keeps
    // at least the length typed.
    (chars >= FUZZY_TWO_EDITS_CHARS || found.chars().count() >= stemmed.chars().count()).then_some(found)
}

/// The term within `edits` edits of `stemmed` in the searched fields: the closest, and
/// of those the one most documents use.
fn nearest_term(searcher: &Searcher, fields: &[Field], stemmed: &str, edits: u8) -> Option<String> {
    let mut found: HashMap<String, u64> = HashMap::new();
    // One automaton for every field: building it is the costly part.
    let first = fields.first()?;
    let automaton = FuzzyTermQuery::new(Term::from_field_text(*first, stemmed), edits, true)
        .automaton()
        .ok()?;
    for field in fields {
        for segment in searcher.segment_readers() {
            let Ok(inverted) = segment.inverted_index(*field) else {
                continue;
            };
            let Ok(mut terms) = inverted.terms().search(&automaton).into_stream() else {
                continue;
            };
            while terms.advance() {
                if let Ok(term) = std::str::from_utf8(terms.key()) {
                    *found.entry(term.to_string()).or_default() += u64::from(terms.value().doc_freq);
                }
            }
        }
    }
    found
        .into_iter()
        .filter(|(term, documents)| {
            *documents >= MIN_CORRECTION_DOCUMENTS && term.chars().next() == stemmed.chars().next()
        })
        .map(|(term, documents)| {
            (
                strsim::damerau_levenshtein(stemmed, &term),
                Reverse(documents),
                term,
            )
        })
        .min()
        .map(|(_, _, term)| term)
}

/// Builds the scoring part of the query from an analysed question. Returns `None` when
/// nothing is left to search for.
pub fn scoring_query(
    index: &Index,
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
        let corrected = analysis.corrections.iter().any(|(typed, _)| typed == word);
        let Some(stemmed) = searched_stem(analysis, word) else {
            continue;
        };
        let disjuncts: Vec<Box<dyn Query>> = weighted
            .iter()
            .map(|(field, boost)| term_clause(*field, &stemmed, *boost))
            .collect();
        let (occur, clause) = best_field(disjuncts);
        if vocab::is_type_cue(word) || (corrected && vocab::is_type_cue(&stemmed)) {
            // What is asked weighs less than what it is asked about: the type factor
            // already rewards answers of the asked type.
            clauses.push((occur, Box::new(BoostQuery::new(clause, CUE_WEIGHT))));
        } else {
            clauses.push((occur, clause));
        }
        content_stems.push(stemmed);
    }
    // Words typed next to each other score again when they stand together in a name, the
    // question or a summary; in a long body or a list of reference titles two words
    // two apart say little, and phrases (all of them together a quarter of the
    // article search, BENCHMARKS.md) cost most where the text is longest.
    let phrased = phrase_fields(fields, target);
    for pair in content_stems.windows(2) {
        clauses.push(best_field(
            phrased
                .iter()
                .map(|(field, boost)| phrase_clause(*field, pair, boost * 0.5))
                .collect(),
        ));
    }
    let expansions = analysis.expansions.iter().map(|e| (e, 0.8));
    let renamed = analysis.renamed.iter().map(|e| (e, RENAMED_WEIGHT));
    for (expansion, weight) in expansions.chain(renamed) {
        let expansion_stems = stems(expansion);
        if expansion_stems.is_empty() {
            continue;
        }
        clauses.push(best_field(
            weighted
                .iter()
                .map(|(field, boost)| phrase_clause(*field, &expansion_stems, boost * weight))
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
    let text = analysis::truncate_for_parser(text);
    let (parsed, _errors) = parser.parse_query_lenient(text);
    parsed
}

/// The query a restriction stands for: words (stemmed as the index stems them) or a
/// phrase in a text field, a term, or a range of years. Scores nothing.
pub fn filter_query(fields: &Fields, filter: &Filter) -> Box<dyn Query> {
    let words = |field: Field, text: &str| -> Box<dyn Query> {
        let stemmed = stems(text);
        match stemmed.as_slice() {
            // Nothing searchable in the value (`journal:--`): nothing matches it.
            [] => Box::new(TermQuery::new(
                Term::from_field_text(field, ""),
                IndexRecordOption::Basic,
            )),
            [single] => Box::new(TermQuery::new(
                Term::from_field_text(field, single),
                IndexRecordOption::Basic,
            )),
            _ => Box::new(PhraseQuery::new(
                stemmed.iter().map(|s| Term::from_field_text(field, s)).collect(),
            )),
        }
    };
    let query: Box<dyn Query> = match filter {
        Filter::Journal(text) => words(fields.journal, text),
        Filter::Author(text) => words(fields.author, text),
        Filter::Mesh(text) => words(fields.mesh, text),
        Filter::Pmid(pmid) => Box::new(TermQuery::new(
            Term::from_field_text(fields.pmid, pmid),
            IndexRecordOption::Basic,
        )),
        Filter::Corpus(name) => Box::new(TermQuery::new(
            Term::from_field_text(fields.corpus, name),
            IndexRecordOption::Basic,
        )),
        Filter::Type(level) => Box::new(TermQuery::new(
            Term::from_field_text(fields.evidence, level.slug()),
            IndexRecordOption::Basic,
        )),
        Filter::Year { from, to } => {
            let bound = |year: Option<u64>| match year {
                Some(year) => Bound::Included(Term::from_field_u64(fields.year, year)),
                None => Bound::Unbounded,
            };
            let (lower, upper) = (bound(*from), bound(*to));
            // An unbounded range on one side still needs the field: every citation with
            // a year, none without.
            let lower = match lower {
                Bound::Unbounded => Bound::Included(Term::from_field_u64(fields.year, 0)),
                bounded => bounded,
            };
            Box::new(RangeQuery::new(lower, upper))
        }
    };
    Box::new(ConstScoreQuery::new(query, 0.0))
}

/// Keeps what `scoring` finds (everything, when there is nothing to score: a question
/// that is only restrictions) to the documents every filter matches.
pub fn filtered(
    fields: &Fields,
    scoring: Option<Box<dyn Query>>,
    filters: &[Filter],
) -> Option<Box<dyn Query>> {
    if filters.is_empty() {
        return scoring;
    }
    let scoring = scoring.unwrap_or_else(|| Box::new(ConstScoreQuery::new(Box::new(AllQuery), 1.0)));
    let mut clauses = vec![(Occur::Must, scoring)];
    clauses.extend(filters.iter().map(|f| (Occur::Must, filter_query(fields, f))));
    Some(Box::new(BooleanQuery::new(clauses)))
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

#[cfg(test)]
mod tests {
    use super::*;

    fn subject(text: &str) -> HashSet<u64> {
        subject_hashes(&analysis::analyze(text, false))
    }

    #[test]
    fn a_spelling_is_looked_up_once_and_still_counts_against_the_budget() {
        let spellings = Spellings::default();
        let calls = std::cell::Cell::new(0);
        let fuzzy = |lookups: &mut usize| {
            calls.set(calls.get() + 1);
            *lookups = lookups.checked_sub(1)?;
            Some("gabapentin".to_string())
        };
        let mut lookups = 2;
        let first = spellings.spelling(Target::Articles, "gabapentn", &mut lookups, fuzzy);
        assert_eq!(
            (first.as_deref(), lookups, calls.get()),
            (Some("gabapentin"), 1, 1)
        );
        let again = spellings.spelling(Target::Articles, "gabapentn", &mut lookups, fuzzy);
        assert_eq!(
            (again.as_deref(), lookups, calls.get()),
            (Some("gabapentin"), 0, 1)
        );
        // With the budget spent, a remembered look-up is refused as a new one would be.
        let spent = spellings.spelling(Target::Articles, "gabapentn", &mut lookups, fuzzy);
        assert_eq!((spent, calls.get()), (None, 1));
        // Passages search other fields: their spelling is their own.
        let mut lookups = 1;
        spellings.spelling(Target::Passages, "gabapentn", &mut lookups, fuzzy);
        assert_eq!(calls.get(), 2);
        // A word refused for want of a look-up is not remembered as having no spelling.
        let mut none_left = 0;
        let refused = spellings.spelling(Target::Articles, "hydralazne", &mut none_left, fuzzy);
        assert_eq!(refused, None);
        let mut lookups = 1;
        let spelt = spellings.spelling(Target::Articles, "hydralazne", &mut lookups, fuzzy);
        assert_eq!((spelt.as_deref(), calls.get()), (Some("gabapentin"), 4));
    }

    fn names(names: &[&str]) -> Vec<u64> {
        let owned: Vec<String> = names.iter().map(|n| n.to_string()).collect();
        name_values(&owned)
    }

    #[test]
    fn coverage_is_the_share_of_the_best_names_words_the_question_uses() {
        let asked = subject("is age related macular degeneration inherited?");
        assert_eq!(topic_coverage(&asked, names(&["Macular degeneration"])), 1.0);
        // Stopwords in a name do not count; stems match across word forms.
        assert_eq!(
            topic_coverage(&asked, names(&["Degeneration of the macula, age-related"])),
            0.75
        );
        // The best of topic and aliases counts.
        let ftd = names(&["CHMP2B-related frontotemporal dementia", "FTD3"]);
        assert_eq!(topic_coverage(&subject("ftd3"), ftd.clone()), 1.0);
        assert_eq!(topic_coverage(&subject("dementia"), ftd), 0.25);
        assert_eq!(topic_coverage(&asked, Vec::new()), 0.0);
    }

    #[test]
    fn words_that_say_what_is_asked_do_not_name_the_subject() {
        let asked = subject("what treatment helps back pain?");
        assert!((topic_coverage(&asked, names(&["Pain treatment in cancer"])) - 1.0 / 3.0).abs() < 1e-6);
        assert_eq!(topic_coverage(&asked, names(&["Back pain"])), 1.0);
    }

    #[test]
    fn any_word_for_a_disorder_names_a_topic_using_another() {
        let asked = subject("which doctor treats autoimmune illness?");
        assert_eq!(topic_coverage(&asked, names(&["Autoimmune disorders"])), 1.0);
        assert_eq!(topic_coverage(&asked, names(&["Autoimmune hepatitis"])), 0.5);
        assert_eq!(
            topic_coverage(&subject("autoimmune"), names(&["Autoimmune disorders"])),
            0.5
        );
    }

    #[test]
    fn phrases_score_in_names_questions_and_summaries_not_in_a_body_or_references() {
        let (_, fields) = Fields::schema();
        let phrased: Vec<Field> = phrase_fields(&fields, Target::Articles)
            .into_iter()
            .map(|(f, _)| f)
            .collect();
        for field in [fields.topic, fields.aliases, fields.question, fields.summary] {
            assert!(phrased.contains(&field));
        }
        assert!(!phrased.contains(&fields.body) && !phrased.contains(&fields.refs));
        // A passage is one paragraph: its own text is where its phrases are.
        let passage: Vec<Field> = phrase_fields(&fields, Target::Passages)
            .into_iter()
            .map(|(f, _)| f)
            .collect();
        assert_eq!(passage, [fields.passage, fields.passage_topic]);
    }

    #[test]
    fn abbreviations_count_through_their_expansions() {
        assert_eq!(
            topic_coverage(&subject("DVT after flying"), names(&["Deep vein thrombosis"])),
            1.0
        );
    }
}
