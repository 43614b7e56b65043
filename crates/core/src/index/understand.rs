//! Question analysis as a step of its own: what a question is about (its foci, found
//! among the index's own topics and aliases), what it asks of them (its type), which
//! sentence asks among the background, which words were read as other words and which
//! the library does not know. Ranking, follow-ups and what the screen says it understood
//! all read it; `curbside eval --analysis` measures it against annotated questions.

use std::collections::{HashMap, HashSet};

use serde::Serialize;
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{TantivyDocument, Term};

use super::ranking::{self, Target, searched_stem};
use super::{Engine, analysis};
use crate::article::QuestionType;
use crate::vocab;

/// How many articles whose names use the question's words are read for a focus. A
/// topic has up to some thirty pages, all with its names, so a hundred could be a handful
/// of topics and miss the one a long message names once ("Hypertension" among diabetes
/// and fibromyalgia pages); 300 raised training focus accuracy from 0.837 to 0.859, a
/// thousand let in more chance names (0.851).
const FOCUS_CANDIDATES: usize = 300;
/// Most foci one question is read as having.
const MAX_FOCI: usize = 2;
/// What a cue counts for in the sentence that asks, in the subject line, and elsewhere.
const ASKING_WEIGHT: f32 = 3.0;
const SUBJECT_WEIGHT: f32 = 4.0;
const BACKGROUND_WEIGHT: f32 = 1.0;
/// Most words of a sentence read as a heading ("Letrozole", "Stiff person syndrome.").
const HEADING_WORDS: usize = 4;
/// What each further mention of a name adds to it as a focus.
const MENTION_WEIGHT: f32 = 0.5;
/// A word used by this many times more documents than the names using it is a common
/// word, not a name.
const COMMON_WORD_RATIO: u64 = 30;
/// What a story word ("diagnosed", "doctor") counts for outside the sentence that asks.
const STORY_WEIGHT: f32 = 0.3;
/// Treatment cues count this much more: most consumer questions ask what can be done.
const TREATMENT_PRIOR: f32 = 1.5;

/// What a focus is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FocusKind {
    /// A disease, disorder, symptom or sign.
    Condition,
    /// A drug, herb or supplement (its articles say how it is used, its side effects,
    /// its interactions).
    Drug,
    /// A test, scan or procedure.
    Test,
    /// Not in the library: found from the wording alone.
    Unknown,
}

/// One thing the question is about.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Focus {
    /// The words of the question that name it, as typed.
    pub text: String,
    /// The library's name for it (the topic of an article whose topic or alias those
    /// words are); none when the library has nothing on it.
    pub name: Option<String>,
    /// One article about it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub article_id: Option<String>,
    /// Condition, drug, test, or unknown.
    pub kind: FocusKind,
    /// Where the words stand among the question's words (first, past the last).
    #[serde(skip)]
    pub span: (usize, usize),
}

/// A word read as another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Correction {
    /// As typed.
    pub typed: String,
    /// As the library writes it.
    pub read_as: String,
}

/// What a question was understood to ask.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Understanding {
    /// What it is about, the main focus first; two for an interaction.
    pub foci: Vec<Focus>,
    /// What it asks of them, the main type first; `information` when nothing says.
    pub types: Vec<QuestionType>,
    /// Whether `types` is only the likeliest guess (no word or phrase says what is
    /// asked): ranking then raises no type.
    pub type_guessed: bool,
    /// The sentence that asks, among the background.
    pub asking: String,
    /// Words read as the library spells them.
    pub corrections: Vec<Correction>,
    /// Words the library does not use anywhere.
    pub unknown: Vec<String>,
    /// False when the question reads as written in another language.
    pub english: bool,
}

impl Understanding {
    /// The main type asked.
    pub fn main_type(&self) -> QuestionType {
        self.types.first().copied().unwrap_or(QuestionType::Information)
    }

    /// What a reader should be told about how the question was read, or none when it
    /// was read as typed: corrections ("gabapentin, for gabamentine"), a focus the
    /// library has nothing on, a question in another language.
    pub fn note(&self) -> Option<String> {
        let mut parts = Vec::new();
        if !self.english {
            parts.push(
                "The library is in English: ask in English for answers about what you mean.".to_string(),
            );
        }
        if !self.corrections.is_empty() {
            let read: Vec<String> = self
                .corrections
                .iter()
                .map(|c| format!("{}, for {}", c.read_as, c.typed))
                .collect();
            parts.push(format!("Read as: {}.", read.join("; ")));
        }
        let missing = self.absent();
        if !missing.is_empty() {
            let quoted: Vec<String> = missing.iter().map(|m| format!("'{m}'")).collect();
            parts.push(format!(
                "Nothing on {} here: what follows is what the library has on the rest of the question.",
                quoted.join(" or ")
            ));
        }
        (!parts.is_empty()).then(|| parts.join(" "))
    }

    /// What the question names that the library has nothing on: a focus none of whose
    /// words the library uses, or, when no focus was found, the words it does not use.
    /// "Nothing on X" only when the library uses none of X's words: a word that is part
    /// of a topic's name ("gastrointestinal" of "Gastrointestinal Stromal Tumors") names
    /// no topic in full, yet the library has much on it. Nothing for a question in
    /// another language, whose words the library lacks for that reason.
    pub fn absent(&self) -> Vec<&str> {
        if !self.english {
            return Vec::new();
        }
        let unknown = |word: &String| self.unknown.iter().any(|u| u == word);
        let mut missing: Vec<&str> = self
            .foci
            .iter()
            .filter(|f| f.name.is_none())
            .filter(|f| {
                let words: Vec<String> = crate::index::analysis::words(&f.text)
                    .into_iter()
                    .filter(|w| !crate::vocab::is_stopword(w))
                    .collect();
                !words.is_empty() && words.iter().all(unknown)
            })
            .map(|f| f.text.as_str())
            .collect();
        if self.foci.is_empty() {
            missing.extend(
                self.unknown
                    .iter()
                    .filter(|w| !crate::vocab::is_stopword(w))
                    .map(String::as_str),
            );
        }
        missing
    }

    /// The analysis as lines for `ask --explain`.
    pub fn explain(&self) -> String {
        let mut out = String::new();
        let foci: Vec<String> = self
            .foci
            .iter()
            .map(|f| match &f.name {
                Some(name) => format!(
                    "{} ({}, in the library as \"{name}\")",
                    f.text,
                    kind_label(f.kind)
                ),
                None => format!("{} (not in the library)", f.text),
            })
            .collect();
        let line = |out: &mut String, label: &str, value: String| {
            out.push_str(&format!("{label:<12} {value}\n"));
        };
        line(
            &mut out,
            "focus:",
            if foci.is_empty() {
                "none found".to_string()
            } else {
                foci.join("; ")
            },
        );
        let types: Vec<&str> = self.types.iter().map(|t| type_label(*t)).collect();
        line(&mut out, "asks for:", types.join(", "));
        line(&mut out, "asking:", self.asking.clone());
        let corrections: Vec<String> = self
            .corrections
            .iter()
            .map(|c| format!("{} → {}", c.typed, c.read_as))
            .collect();
        line(
            &mut out,
            "corrected:",
            if corrections.is_empty() {
                "nothing".to_string()
            } else {
                corrections.join(", ")
            },
        );
        line(
            &mut out,
            "not found:",
            if self.unknown.is_empty() {
                "nothing".to_string()
            } else {
                self.unknown.join(", ")
            },
        );
        if !self.english {
            line(&mut out, "language:", "not English".to_string());
        }
        out
    }
}

fn kind_label(kind: FocusKind) -> &'static str {
    match kind {
        FocusKind::Condition => "condition",
        FocusKind::Drug => "drug",
        FocusKind::Test => "test",
        FocusKind::Unknown => "unknown",
    }
}

/// The name of a question type as `ask --explain` and `--json` write it.
pub fn type_label(qtype: QuestionType) -> &'static str {
    use QuestionType::*;
    match qtype {
        Information => "information",
        Causes => "causes",
        Symptoms => "symptoms",
        Diagnosis => "diagnosis",
        Treatment => "treatment",
        Outlook => "outlook",
        Prevention => "prevention",
        Genetics => "inheritance",
        Susceptibility => "susceptibility",
        Complications => "complications",
        Safety => "side effects",
        Usage => "dosage and use",
        Interactions => "interactions",
        Research => "research",
        SeekCare => "when to see a doctor",
        Support => "support and organisations",
    }
}

/// The sentences of a question: its first line (a subject line) alone, then the rest cut
/// after `.`, `?`, `!` and `;`.
pub fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for line in text.lines() {
        let mut start = 0;
        let bytes = line.as_bytes();
        for (i, &b) in bytes.iter().enumerate() {
            let ends = matches!(b, b'.' | b'?' | b'!' | b';')
                && bytes.get(i + 1).is_none_or(|next| next.is_ascii_whitespace());
            if ends {
                out.push(line[start..=i].trim());
                start = i + 1;
            }
        }
        out.push(line[start..].trim());
    }
    out.retain(|s| !s.is_empty());
    out
}

/// Whether a sentence only thanks or greets ("Thanks again.").
fn courteous(sentence: &str) -> bool {
    let words = analysis::words(sentence);
    !words.is_empty()
        && words
            .iter()
            .all(|w| vocab::COURTESY_WORDS.contains(&w.as_str()) || vocab::is_stopword(w))
}

/// Which sentence asks: the last one that ends in a question mark or opens with an
/// asking word, the one that does both before either; the last sentence when none does.
/// A sentence that only thanks ("Thanks again.") never asks.
pub fn asking_sentence(sentences: &[&str]) -> Option<usize> {
    let mut best: Option<(u32, usize)> = None;
    for (i, sentence) in sentences.iter().enumerate() {
        if courteous(sentence) {
            continue;
        }
        let words = analysis::words(sentence);
        let mut score = 0;
        if sentence.trim_end().ends_with('?') {
            score += 2;
        }
        if words
            .first()
            .is_some_and(|w| vocab::ASKING_OPENERS.contains(&w.as_str()))
        {
            score += 2;
        }
        let lower = sentence.to_lowercase();
        if [
            "please",
            "want to know",
            "would like",
            "looking for",
            "need help",
            "tell me",
            "advice",
            "advise",
            "suggest",
        ]
        .iter()
        .any(|p| lower.contains(p))
        {
            score += 1;
        }
        if score > 0 && best.is_none_or(|(s, _)| score >= s) {
            best = Some((score, i));
        }
    }
    best.map(|(_, i)| i)
        .or_else(|| sentences.iter().rposition(|s| !courteous(s)))
        .or_else(|| sentences.len().checked_sub(1))
}

/// One word of the question, with where it stands.
struct Token {
    word: String,
    /// The sentence it is in.
    sentence: usize,
    /// Its stem as searched (the correction when it was corrected), hashed as the names
    /// column hashes stems; none for stopwords.
    hash: Option<u64>,
    /// Typed in capitals (two letters or more): an abbreviation.
    capitals: bool,
    /// The stems of what it abbreviates, hashed (`vocab::SYNONYMS`).
    expansions: Vec<u64>,
}

/// A name of some article that the question uses in full.
struct Named {
    span: (usize, usize),
    score: f32,
    /// Words of the name the question leaves out ("syndrome" of "Warfarin syndrome"
    /// asked as "warfarin"): of two names as well used, the one used in full is meant.
    left_out: usize,
    address: tantivy::DocAddress,
}

impl Engine {
    /// Understands a question: its foci among the library's topics and aliases, the type
    /// asked, the sentence that asks, corrections and unknown words. The first line is
    /// read as a subject line when there are several.
    pub fn understand(&self, text: &str) -> Understanding {
        let text = analysis::truncate_for_parser(text);
        let searcher = self.searcher();
        let analysis = self.analysis(&searcher, text, false, Target::Articles);
        let sentences = sentences(text);
        let asking = asking_sentence(&sentences);
        let has_subject = text.lines().filter(|l| !l.trim().is_empty()).count() > 1;
        let mut tokens: Vec<Token> = Vec::new();
        for (s, sentence) in sentences.iter().enumerate() {
            // The words as typed, to tell an abbreviation in capitals ("IBS") from a word.
            let typed: Vec<&str> = sentence
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .collect();
            let words = analysis::words(sentence);
            for (i, word) in words.iter().enumerate() {
                let hash = (!vocab::is_stopword(word))
                    .then(|| searched_stem(&analysis, word))
                    .flatten()
                    .map(|stem| ranking::stem_hash(&stem));
                let capitals = typed
                    .get(i)
                    .is_some_and(|t| t.chars().count() > 1 && t.chars().all(|c| !c.is_lowercase()));
                let expansions = vocab::SYNONYMS
                    .iter()
                    .filter(|(key, _)| key == word)
                    .flat_map(|(_, alternatives)| alternatives.iter())
                    .flat_map(|alternative| analysis::words(alternative))
                    .filter_map(|w| ranking::stem(&w))
                    .map(|stem| ranking::stem_hash(&stem))
                    .collect();
                tokens.push(Token {
                    word: word.clone(),
                    sentence: s,
                    hash,
                    capitals,
                    expansions,
                });
            }
        }
        let searched: Vec<Field> = self.fields.weighted().iter().map(|(f, _)| *f).collect();
        let unknown = analysis
            .words
            .iter()
            .filter(|w| w.chars().count() >= 3 && w.chars().all(char::is_alphabetic))
            .filter(|w| !analysis.corrections.iter().any(|(typed, _)| typed == *w))
            .filter(|w| {
                ranking::stem(w).is_none_or(|s| ranking::documents_using(&searcher, &searched, &s) == 0)
            })
            .fold(Vec::new(), |mut out: Vec<String>, w| {
                if !out.contains(w) {
                    out.push(w.clone());
                }
                out
            });
        // As the search read it (`ranking::match_vocabulary`): names in English borrow "de
        // la" and "von", so a question reads as foreign only when the library also misses
        // some of its words.
        let english = !analysis.foreign;
        let place_weight = |sentence: usize| {
            if has_subject && sentence == 0 {
                SUBJECT_WEIGHT
            } else if Some(sentence) == asking {
                ASKING_WEIGHT
            } else {
                BACKGROUND_WEIGHT
            }
        };
        let mut foci = if english {
            self.foci(&searcher, &analysis, &tokens, &place_weight)
        } else {
            Vec::new()
        };
        if foci.is_empty() && english {
            foci.extend(fallback_focus(&sentences, asking, has_subject));
        }
        let drugs = foci.iter().filter(|f| f.kind == FocusKind::Drug).count();
        let (types, type_guessed) =
            asked_types(&tokens, asking, has_subject, &sentences, &place_weight, drugs);
        let corrections = analysis
            .corrections
            .iter()
            .map(|(typed, stem)| Correction {
                typed: typed.clone(),
                read_as: self.word_for_stem(&searcher, stem),
            })
            .collect();
        Understanding {
            foci,
            types,
            type_guessed,
            asking: asking.and_then(|i| sentences.get(i)).unwrap_or(&"").to_string(),
            corrections,
            unknown,
            english,
        }
    }

    /// The names of articles (topics and aliases) that the question uses in full, words
    /// together: the longest and best placed first, two at most.
    fn foci(
        &self,
        searcher: &tantivy::Searcher,
        analysis: &analysis::Analysis,
        tokens: &[Token],
        place_weight: &dyn Fn(usize) -> f32,
    ) -> Vec<Focus> {
        let naming = [self.fields.topic, self.fields.aliases];
        // Where each stem stands in the question.
        let mut positions: HashMap<u64, Vec<usize>> = HashMap::new();
        for (i, token) in tokens.iter().enumerate() {
            for hash in token.hash.iter().chain(&token.expansions) {
                positions.entry(*hash).or_default().push(i);
            }
        }
        let mut optional = ranking::disorder_hashes().to_vec();
        optional.extend(ranking::stem("syndrome").map(|s| ranking::stem_hash(&s)));
        let mut drug_optional = optional.clone();
        drug_optional.extend(
            vocab::DOSAGE_FORM_WORDS
                .iter()
                .filter_map(|w| ranking::stem(w))
                .map(|s| ranking::stem_hash(&s)),
        );
        let searched: Vec<Field> = self.fields.weighted().iter().map(|(f, _)| *f).collect();
        let mut common: HashMap<String, bool> = HashMap::new();
        // A word that many answers use and few names do ("time", "go", "period") is an
        // English word some alias happens to be, not what a question names.
        let mut is_common = |word: &str| -> bool {
            *common.entry(word.to_string()).or_insert_with(|| {
                let Some(stem) = ranking::stem(word) else {
                    return true;
                };
                let in_names = ranking::documents_using(searcher, &naming, &stem);
                let anywhere = ranking::documents_using(searcher, &searched, &stem);
                in_names * COMMON_WORD_RATIO < anywhere
            })
        };
        let query_of = |tokens: &mut dyn Iterator<Item = &Token>| {
            let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
            let mut seen = Vec::new();
            for token in tokens {
                if token.hash.is_none()
                    || vocab::says_what_is_asked(&token.word)
                    || seen.contains(&token.word)
                {
                    continue;
                }
                seen.push(token.word.clone());
                let Some(stem) = searched_stem(analysis, &token.word) else {
                    continue;
                };
                for field in naming {
                    let term = Term::from_field_text(field, &stem);
                    clauses.push((
                        Occur::Should,
                        Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs)),
                    ));
                }
            }
            // Only articles have names, so the query needs no restriction to them; a union
            // of term queries alone lets tantivy skip the documents that cannot make the
            // top (block-max WAND).
            (!clauses.is_empty()).then(|| BooleanQuery::new(clauses))
        };
        let Some(query) = query_of(&mut tokens.iter()) else {
            return Vec::new();
        };
        let Ok(mut top) = searcher.search(&query, &TopDocs::with_limit(FOCUS_CANDIDATES).order_by_score())
        else {
            return Vec::new();
        };
        // A short sentence of its own (a subject line, a heading: "Letrozole") is searched
        // alone too: in a long message the names sharing its words with the rest ("breast
        // cancer", "stage") would fill the candidates before it.
        let sentences = tokens.last().map_or(0, |t| t.sentence + 1);
        for sentence in (0..sentences).filter(|_| sentences > 1) {
            let words = tokens.iter().filter(|t| t.sentence == sentence).count();
            if words == 0 || words > HEADING_WORDS {
                continue;
            }
            let Some(query) = query_of(&mut tokens.iter().filter(|t| t.sentence == sentence)) else {
                continue;
            };
            if let Ok(more) = searcher.search(&query, &TopDocs::with_limit(FOCUS_CANDIDATES).order_by_score())
            {
                for (score, address) in more {
                    if !top.iter().any(|(_, a)| *a == address) {
                        top.push((score, address));
                    }
                }
            }
        }
        let mut named: Vec<Named> = Vec::new();
        // A topic's pages share its names (MedQuAD has up to some thirty pages a topic):
        // each set of names is read once, for its best-scoring page.
        let mut seen_names: HashSet<u64> = HashSet::with_capacity(top.len());
        for (_, address) in top {
            let values = self.names(address);
            let key = values.iter().fold(0u64, |key, value| key.rotate_left(5) ^ value);
            if !seen_names.insert(key) {
                continue;
            }
            let mut names: Vec<(u64, Vec<u64>)> = Vec::new();
            for value in values.iter() {
                let (position, hash) = ranking::split_name_value(value);
                match names.iter_mut().find(|(p, _)| *p == position) {
                    Some((_, hashes)) => hashes.push(hash),
                    None => names.push((position, vec![hash])),
                }
            }
            // A drug's page ("Lidocaine Transdermal Patch") is named without the words
            // for its form ("lidocaine"); "Oral Health" needs its "oral".
            let drug = self.is_drug_page(address);
            let optional = if drug { &drug_optional } else { &optional };
            for (_, mut hashes) in names {
                let whole = hashes.len();
                // "Cushing's syndrome" is named by "Cushing": the words for a disorder
                // are not needed, when the name has another word.
                if hashes.iter().any(|h| !optional.contains(h)) {
                    hashes.retain(|h| !optional.contains(h) || positions.contains_key(h));
                }
                // How many words for a disorder the question leaves out of the name.
                let unsaid = if drug { 0 } else { whole - hashes.len() };
                let Some(span) = tightest_span(&hashes, &positions) else {
                    continue;
                };
                let named_by: Vec<&Token> = tokens[span.0..span.1]
                    .iter()
                    .filter(|t| t.hash.iter().chain(&t.expansions).any(|h| hashes.contains(h)))
                    .collect();
                // A name made only of words that say what is asked, or who is ill, or
                // that only say "a disorder", or of common English words, names nothing;
                // nor does a short
                // word that was not typed in capitals ("ks", "m").
                // Nor does an English word whose disorder name the question leaves out:
                // "can't" is no "Cant syndrome", "sleep" no "Sleeping sickness".
                let names_nothing = named_by.iter().all(|t| {
                    vocab::says_what_is_asked(&t.word)
                        || (t.expansions.is_empty() && vocab::is_person_word(&t.word))
                        || vocab::WORDS_FOR_A_DISORDER.contains(&t.word.as_str())
                        || t.word == "syndrome"
                        || (t.expansions.is_empty() && is_common(&t.word))
                        || (t.word.chars().count() <= 3 && !t.capitals && t.expansions.is_empty())
                });
                let names_nothing = names_nothing
                    || (unsaid > 0
                        && named_by.len() == 1
                        && named_by[0].expansions.is_empty()
                        && vocab::is_english_word(&named_by[0].word));
                if names_nothing {
                    continue;
                }
                let mentions = hashes
                    .iter()
                    .filter_map(|h| positions.get(h).map(Vec::len))
                    .min()
                    .unwrap_or(1);
                // A name that stands as a sentence of its own ("Stiff person Syndrome.")
                // heads the message as a subject line would.
                let sentence = tokens[span.0].sentence;
                let alone = tokens
                    .iter()
                    .enumerate()
                    .filter(|(_, t)| t.sentence == sentence)
                    .all(|(i, _)| span.0 <= i && i < span.1);
                let place = if alone {
                    SUBJECT_WEIGHT.max(place_weight(sentence))
                } else {
                    place_weight(sentence)
                };
                let score = hashes.len() as f32 * place + MENTION_WEIGHT * (mentions.min(4) - 1) as f32;
                named.push(Named {
                    span,
                    score,
                    left_out: whole - hashes.len(),
                    address,
                });
            }
        }
        named.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then(a.left_out.cmp(&b.left_out))
                .then(a.span.0.cmp(&b.span.0))
        });
        let mut out: Vec<Focus> = Vec::new();
        let mut best_score = 0.0;
        for candidate in named {
            if out.len() == MAX_FOCI {
                break;
            }
            let overlaps = out
                .iter()
                .any(|f| candidate.span.0 < f.span.1 && f.span.0 < candidate.span.1);
            // A second focus only when it is about as well named and placed as the first.
            if overlaps || (!out.is_empty() && candidate.score < best_score * 0.5) {
                continue;
            }
            // The titles table holds what a focus shows: no stored document is read.
            let Ok(title) = self.title_record(searcher, candidate.address) else {
                continue;
            };
            let text = tokens[candidate.span.0..candidate.span.1]
                .iter()
                .map(|t| t.word.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            let kind = self.focus_kind(candidate.address, &title.topic);
            if out.is_empty() {
                best_score = candidate.score;
            }
            out.push(Focus {
                text,
                name: Some(title.topic),
                article_id: Some(title.id),
                kind,
                span: candidate.span,
            });
        }
        out
    }

    fn focus_kind(&self, address: tantivy::DocAddress, name: &str) -> FocusKind {
        let lower = name.to_lowercase();
        if [
            "test",
            "scan",
            "biopsy",
            "screening",
            "imaging",
            "smear",
            "graphy",
            "scopy",
            "x-ray",
        ]
        .iter()
        .any(|w| lower.ends_with(w))
        {
            return FocusKind::Test;
        }
        if self.is_drug_page(address) {
            FocusKind::Drug
        } else {
            FocusKind::Condition
        }
    }

    /// Whether the article is a drug's page: of a kind only drugs have (usage, safety,
    /// interactions).
    fn is_drug_page(&self, address: tantivy::DocAddress) -> bool {
        let qtype = self
            .columns
            .get(address.segment_ord as usize)
            .and_then(|c| c.qtype.as_ref())
            .and_then(|c| c.first(address.doc_id))
            .unwrap_or(0);
        [
            QuestionType::Usage,
            QuestionType::Safety,
            QuestionType::Interactions,
        ]
        .iter()
        .any(|t| t.code() == qtype)
    }

    /// A word the index spells with this stem, as some topic writes it ("gabapentin" for
    /// the stem `gabapentin`, "diabetes" for `diabet`); the stem when no topic uses it.
    fn word_for_stem(&self, searcher: &tantivy::Searcher, stem: &str) -> String {
        for field in [self.fields.topic, self.fields.question] {
            let query = TermQuery::new(Term::from_field_text(field, stem), IndexRecordOption::Basic);
            let Ok(top) = searcher.search(&query, &TopDocs::with_limit(1).order_by_score()) else {
                continue;
            };
            for (_, address) in top {
                let Ok(doc) = searcher.doc::<TantivyDocument>(address) else {
                    continue;
                };
                let text = stored(&doc, field);
                if let Some(word) = analysis::words(&text)
                    .into_iter()
                    .find(|w| ranking::stem(w).as_deref() == Some(stem))
                {
                    return word;
                }
            }
        }
        stem.to_string()
    }
}

fn stored(doc: &TantivyDocument, field: Field) -> String {
    doc.get_first(field)
        .and_then(|v| v.as_str())
        .unwrap_or_default()
        .to_string()
}

/// The shortest run of question words holding every stem of a name, when it is short
/// enough to read as the name (each word of the name, with at most one word between
/// each two: "cancer of the skin" is not "skin cancer", "cancer of skin" is).
fn tightest_span(hashes: &[u64], positions: &HashMap<u64, Vec<usize>>) -> Option<(usize, usize)> {
    let lists: Vec<&Vec<usize>> = hashes.iter().map(|h| positions.get(h)).collect::<Option<_>>()?;
    let allowed = hashes.len() * 2 + 1;
    let mut best: Option<(usize, usize)> = None;
    for &start in lists[0] {
        let mut low = start;
        let mut high = start;
        for list in &lists[1..] {
            let nearest = list.iter().min_by_key(|&&p| p.abs_diff(start))?;
            low = low.min(*nearest);
            high = high.max(*nearest);
        }
        let width = high + 1 - low;
        if width <= allowed && best.is_none_or(|(l, h)| width < h - l) {
            best = Some((low, high + 1));
        }
    }
    best
}

/// The types asked, the main one first: each type cue or phrase ([`vocab::TYPE_PHRASES`])
/// counts for where it stands (the subject line most, then the asking sentence, then the
/// background, where story words such as "diagnosed" count little), treatment cues a
/// half more. With no cue, "what is X" and "information on X" ask for an overview, and
/// say so as plainly as a cue does (it is no guess), a question about a drug asks how it is
/// used (the training questions about drugs with no cue ask about dosing, tapering,
/// timing), one about two drugs how they interact, and anything else asks what can be
/// done.
fn asked_types(
    tokens: &[Token],
    asking: Option<usize>,
    has_subject: bool,
    sentences: &[&str],
    place_weight: &dyn Fn(usize) -> f32,
    drugs: usize,
) -> (Vec<QuestionType>, bool) {
    let mut scores: Vec<(QuestionType, f32, usize)> = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        let mut weight = place_weight(token.sentence);
        if Some(token.sentence) != asking && vocab::STORY_WORDS.contains(&token.word.as_str()) {
            weight = STORY_WEIGHT;
        }
        for qtype in vocab::types_cued(&token.word) {
            let weight = if qtype == QuestionType::Treatment {
                weight * TREATMENT_PRIOR
            } else {
                weight
            };
            match scores.iter_mut().find(|(t, ..)| *t == qtype) {
                Some((_, score, _)) => *score += weight,
                None => scores.push((qtype, weight, i)),
            }
        }
    }
    for (s, sentence) in sentences.iter().enumerate() {
        let weight = place_weight(s);
        let first = tokens.iter().position(|t| t.sentence == s).unwrap_or(usize::MAX);
        for qtype in vocab::types_phrased(&analysis::words(sentence)) {
            match scores.iter_mut().find(|(t, ..)| *t == qtype) {
                Some((_, score, _)) => *score += weight,
                None => scores.push((qtype, weight, first)),
            }
        }
    }
    scores.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.2.cmp(&b.2)));
    let mut types: Vec<QuestionType> = scores.into_iter().map(|(t, ..)| t).collect();
    let mut guessed = types.is_empty();
    if guessed {
        let asked: Vec<&str> = sentences
            .iter()
            .enumerate()
            .filter(|(i, _)| Some(*i) == asking || (has_subject && *i == 0))
            .map(|(_, s)| *s)
            .collect();
        let overview = vocab::asks_for_overview(&analysis::words(&asked.join(" ")));
        // "What is X?" says what it asks as plainly as "how is X treated?".
        guessed = !overview;
        types.push(if overview {
            QuestionType::Information
        } else if drugs >= 2 {
            // "Sertraline and tramadol?", "can I take ibuprofen with lisinopril":
            // two drugs named together are asked of together.
            QuestionType::Interactions
        } else if drugs == 1 {
            QuestionType::Usage
        } else {
            QuestionType::Treatment
        });
    }
    (types, guessed)
}

/// Whether the words typed so far ask for an overview and for no other type, as
/// [`Engine::understand`] would read them: how the results list, which cannot afford
/// question analysis's focus search at each keystroke, reads "what is shingles" as `ask`
/// does (the overview first, not whichever shingles page says "shingles" most).
pub fn asks_overview(text: &str) -> bool {
    let words = analysis::words(text);
    let mut cued = words
        .iter()
        .flat_map(|w| vocab::types_cued(w))
        .chain(vocab::types_phrased(&words))
        .peekable();
    if cued.peek().is_none() {
        return vocab::asks_for_overview(&words);
    }
    cued.all(|t| t == QuestionType::Information)
}

/// A focus from the wording alone, when no name in the library matches: a short subject
/// line, else the words after "of", "for", "with", "about" or "on" in the asking
/// sentence, else its capitalised words.
fn fallback_focus(sentences: &[&str], asking: Option<usize>, has_subject: bool) -> Option<Focus> {
    let content = |text: &str| -> Vec<String> {
        analysis::words(text)
            .into_iter()
            .filter(|w| !vocab::is_stopword(w) && names_something(w))
            .collect()
    };
    let unknown = |text: String| Focus {
        text,
        name: None,
        article_id: None,
        kind: FocusKind::Unknown,
        span: (0, 0),
    };
    if has_subject && let Some(subject) = sentences.first() {
        let words = content(subject);
        if (1..=4).contains(&words.len()) {
            return Some(unknown(words.join(" ")));
        }
    }
    let asked = sentences.get(asking?)?;
    let words = analysis::words(asked);
    if let Some(at) = words
        .iter()
        .position(|w| matches!(w.as_str(), "of" | "for" | "with" | "about" | "on"))
    {
        let phrase: Vec<String> = words[at + 1..]
            .iter()
            .skip_while(|w| vocab::is_stopword(w))
            .take_while(|w| !vocab::is_stopword(w))
            .take(4)
            .cloned()
            .collect();
        if phrase.iter().any(|w| names_something(w)) {
            return Some(unknown(phrase.join(" ")));
        }
    }
    let capitalised: Vec<String> = asked
        .split_whitespace()
        .skip(1)
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .flat_map(analysis::words)
        .filter(|w| !vocab::is_stopword(w))
        .collect();
    if !capitalised.is_empty() {
        return Some(unknown(capitalised.join(" ")));
    }
    let words = content(asked);
    (words.len() == 1).then(|| unknown(words[0].clone()))
}

/// Whether a word could name what a question is about: not a number or a unit ("39",
/// "20 kg"), not a word for who is ill ("kid"), not a word that says what is asked.
fn names_something(word: &str) -> bool {
    word.chars().filter(|c| c.is_alphabetic()).count() >= 3
        && !vocab::is_person_word(word)
        && !vocab::says_what_is_asked(word)
}

/// The words of a name as compared: stemmed, without stopwords and without the words
/// that only say "a disorder" or "a syndrome".
fn name_stems(name: &str) -> Vec<String> {
    let mut out: Vec<String> = analysis::words(name)
        .into_iter()
        .filter(|w| {
            !vocab::is_stopword(w) && !vocab::WORDS_FOR_A_DISORDER.contains(&w.as_str()) && w != "syndrome"
        })
        .filter_map(|w| ranking::stem(&w))
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Whether two names name the same thing, as `curbside eval --analysis` matches a focus
/// found with an annotated one: the words of one (stemmed, without stopwords and the
/// words for "a disorder") are all among the other's, or an abbreviation's expansion
/// (`vocab::SYNONYMS`) matches so.
pub fn names_match(a: &str, b: &str) -> bool {
    let contained = |a: &str, b: &str| {
        let (a, b) = (name_stems(a), name_stems(b));
        !a.is_empty() && !b.is_empty() && (a.iter().all(|w| b.contains(w)) || b.iter().all(|w| a.contains(w)))
    };
    if contained(a, b) {
        return true;
    }
    let key = analysis::words(a).join(" ");
    vocab::SYNONYMS
        .iter()
        .filter(|(k, _)| *k == key)
        .flat_map(|(_, expansions)| expansions.iter())
        .any(|expansion| contained(expansion, b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_split_after_their_marks_and_the_subject_line_stands_alone() {
        assert_eq!(
            sentences("Lyme disease\nI was bitten. Is it back? Take 2.5 mg"),
            ["Lyme disease", "I was bitten.", "Is it back?", "Take 2.5 mg"]
        );
    }

    #[test]
    fn the_asking_sentence_is_found_among_the_background() {
        let s = sentences(
            "My mother is 80 and has dementia. She forgets things. What can we do to help her? Thanks.",
        );
        assert_eq!(asking_sentence(&s), Some(2));
        let s = sentences("my mother is 80 and has dementia");
        assert_eq!(asking_sentence(&s), Some(0));
        let s = sentences("My son has eczema and it spreads. Thanks again.");
        assert_eq!(asking_sentence(&s), Some(0));
    }

    #[test]
    fn a_name_counts_when_its_words_stand_together() {
        let positions: HashMap<u64, Vec<usize>> = [(1, vec![2, 9]), (2, vec![3])].into_iter().collect();
        assert_eq!(tightest_span(&[1, 2], &positions), Some((2, 4)));
        let far: HashMap<u64, Vec<usize>> = [(1, vec![0]), (2, vec![12])].into_iter().collect();
        assert_eq!(tightest_span(&[1, 2], &far), None);
        assert_eq!(tightest_span(&[3], &positions), None);
    }

    #[test]
    fn names_match_by_their_words_stemmed() {
        assert!(names_match("Anal Fissures", "anal fissure"));
        assert!(names_match("Parkinson", "Parkinson's disease"));
        assert!(names_match("ms", "Multiple sclerosis"));
        assert!(!names_match("lung cancer", "skin cancer"));
        assert!(!names_match("disease", "Lyme disease"));
    }

    #[test]
    fn foreign_questions_are_noticed() {
        let words = |t: &str| analysis::words(t);
        assert!(vocab::reads_as_foreign(&words("síntomas de la diabetes")));
        assert!(!vocab::reads_as_foreign(&words(
            "what are the symptoms of diabetes"
        )));
    }
}
