//! A synthetic corpus for measuring scale: any number of passages made by recombining
//! real MedQuAD answer sentences, deterministically from a seed, so a million-passage
//! index can be built and queried without a million-passage corpus to download.
//!
//! Each synthetic article takes a MedQuAD document's focus as its topic, one of its
//! questions (and that question's type), and 5-10 passages of 1-3 sentences, half drawn
//! from answers about the same focus and half from anywhere, so terms co-occur as they do
//! in real answers and posting lists grow as a real corpus's would. Articles are made one
//! at a time by an iterator, never held together.
//!
//! [`pubmed`] makes synthetic PubMed citations from the same pool, as XML files for
//! `curbside import pubmed` (`curbside synthetic-pubmed N DIR`).

pub mod pubmed;

use std::ops::Range;
use std::path::Path;

use xxhash_rust::xxh3::Xxh3;

use curbside_core::article::{
    Article, Block, BlockKind, Reference, ReferenceKind, Role, Section, Source, Status, Summaries,
};
use curbside_core::corpus::medquad::{self, Collection, MedquadError};

/// The corpus name synthetic articles carry.
pub const CORPUS: &str = "synthetic";
/// The seed `curbside bench --scale` uses, so every run builds the same corpora.
pub const SEED: u64 = 0x00C0_FFEE;
/// Passages per article: a MedQuAD answer has a handful of paragraphs and bullets.
const MIN_PASSAGES: u64 = 5;
const MAX_PASSAGES: u64 = 10;
/// Sentences per passage.
const MAX_SENTENCES: usize = 3;
/// Shorter pieces are list fragments ("Seizures"), longer ones run-on tables.
const SENTENCE_CHARS: Range<usize> = 12..600;

#[derive(Debug, thiserror::Error)]
pub enum SyntheticError {
    #[error(transparent)]
    Medquad(#[from] MedquadError),
    #[error("{0}: no answer sentences to recombine (every answer is withheld or empty)")]
    NoSentences(std::path::PathBuf),
}

/// A MedQuAD focus with its questions and the range of its answer sentences in the pool.
#[derive(Debug, Clone)]
struct Topic {
    focus: String,
    synonyms: Vec<String>,
    /// (question, question type) of the document's answered pairs.
    questions: Vec<(String, String)>,
    sentences: Range<usize>,
}

/// Every answer sentence of MedQuAD, grouped by the focus it was written about.
#[derive(Debug, Clone)]
pub struct SentencePool {
    sentences: Vec<String>,
    topics: Vec<Topic>,
    /// Every MedQuAD question, answered or not, in collection order.
    questions: Vec<String>,
}

impl SentencePool {
    /// Reads MedQuAD from `path` (folder or zip) and keeps only its sentences, topics and
    /// questions; the parsed collection is dropped before any index is built.
    pub fn read(path: &Path) -> Result<SentencePool, SyntheticError> {
        let collection = medquad::read(path, &mut |_, _| {})?;
        let pool = SentencePool::from_collection(&collection);
        if pool.topics.is_empty() {
            return Err(SyntheticError::NoSentences(path.to_path_buf()));
        }
        Ok(pool)
    }

    pub fn from_collection(collection: &Collection) -> SentencePool {
        let mut pool = SentencePool {
            sentences: Vec::new(),
            topics: Vec::new(),
            questions: Vec::new(),
        };
        for doc in &collection.documents {
            let start = pool.sentences.len();
            let mut questions = Vec::new();
            for pair in &doc.pairs {
                pool.questions.push(pair.question.clone());
                let before = pool.sentences.len();
                for block in medquad::answer_blocks(&pair.answer) {
                    pool.sentences.extend(
                        sentences(&block.text)
                            .filter(|s| SENTENCE_CHARS.contains(&s.len()))
                            .map(str::to_string),
                    );
                }
                if pool.sentences.len() > before {
                    questions.push((pair.question.clone(), pair.qtype.clone()));
                }
            }
            let range = start..pool.sentences.len();
            if !range.is_empty() && !doc.focus.is_empty() {
                pool.topics.push(Topic {
                    focus: doc.focus.clone(),
                    synonyms: doc.synonyms.clone(),
                    questions,
                    sentences: range,
                });
            }
        }
        pool
    }

    pub fn sentences(&self) -> usize {
        self.sentences.len()
    }

    pub fn topics(&self) -> usize {
        self.topics.len()
    }

    /// At most `n` MedQuAD questions spread evenly over the collection: the questions a
    /// benchmark asks of the synthetic index.
    pub fn questions(&self, n: usize) -> Vec<String> {
        let step = (self.questions.len() / n.max(1)).max(1);
        self.questions.iter().step_by(step).take(n).cloned().collect()
    }

    /// The articles holding exactly `passages` passages, made from `seed`.
    pub fn articles(&self, passages: u64, seed: u64) -> Articles<'_> {
        Articles {
            pool: self,
            rng: SplitMix64(seed),
            left: passages,
            made: 0,
        }
    }

    /// Identifies the corpus `articles(passages, seed)` makes, for the index's record.
    pub fn fingerprint(&self, passages: u64, seed: u64) -> u64 {
        let mut hasher = Xxh3::new();
        hasher.update(CORPUS.as_bytes());
        hasher.update(&passages.to_le_bytes());
        hasher.update(&seed.to_le_bytes());
        hasher.update(&(self.sentences.len() as u64).to_le_bytes());
        hasher.digest()
    }
}

/// Splits text after `.`, `?` or `!` followed by a space and a capital or digit.
fn sentences(text: &str) -> impl Iterator<Item = &str> {
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut cuts = Vec::new();
    for i in 1..bytes.len().saturating_sub(1) {
        if matches!(bytes[i - 1], b'.' | b'?' | b'!')
            && bytes[i] == b' '
            && (bytes[i + 1].is_ascii_uppercase() || bytes[i + 1].is_ascii_digit())
        {
            cuts.push(text[start..i].trim());
            start = i + 1;
        }
    }
    cuts.push(text[start..].trim());
    cuts.into_iter().filter(|s| !s.is_empty())
}

/// SplitMix64 (Steele, Lea and Flood 2014): tiny, fast and good enough to pick
/// sentences; no dependency, and the same sequence on every platform.
#[derive(Debug, Clone)]
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0); the modulo bias is negligible for pool sizes.
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// A sentence for a passage about `topic`: half the time one written about it, else
/// one from anywhere in the pool.
fn pick_sentence<'p>(pool: &'p SentencePool, rng: &mut SplitMix64, topic: &Topic) -> &'p str {
    let i = if rng.below(2) == 0 {
        topic.sentences.start + rng.below(topic.sentences.len())
    } else {
        rng.below(pool.sentences.len())
    };
    &pool.sentences[i]
}

/// The synthetic articles, made one at a time.
pub struct Articles<'a> {
    pool: &'a SentencePool,
    rng: SplitMix64,
    /// Passages still to make.
    left: u64,
    made: u64,
}

impl Articles<'_> {
    fn sentence(&mut self, topic: &Topic) -> &str {
        pick_sentence(self.pool, &mut self.rng, topic)
    }

    fn passage(&mut self, topic: &Topic) -> Block {
        let count = 1 + self.rng.below(MAX_SENTENCES);
        let mut text = String::new();
        for _ in 0..count {
            if !text.is_empty() {
                text.push(' ');
            }
            let sentence = self.sentence(topic).to_string();
            text.push_str(&sentence);
        }
        // About one passage in four is a bullet, as in MedQuAD's flattened lists.
        let kind = if self.rng.below(4) == 0 {
            BlockKind::Bullet
        } else {
            BlockKind::Paragraph
        };
        Block {
            kind,
            text,
            refs: vec![1],
        }
    }
}

impl Iterator for Articles<'_> {
    type Item = Article;

    fn next(&mut self) -> Option<Article> {
        if self.left == 0 {
            return None;
        }
        let pool = self.pool;
        let topic = &pool.topics[self.rng.below(pool.topics.len())];
        let spread = (MAX_PASSAGES - MIN_PASSAGES + 1) as usize;
        let count = (MIN_PASSAGES + self.rng.below(spread) as u64).min(self.left);
        let blocks: Vec<Block> = (0..count).map(|_| self.passage(topic)).collect();
        self.left -= count;
        let (question, kind) = match topic.questions.as_slice() {
            [] => (format!("What is {}?", topic.focus), "information".to_string()),
            questions => questions[self.rng.below(questions.len())].clone(),
        };
        let n = self.made;
        self.made += 1;
        let summary = blocks.first().map(|b| b.text.clone()).unwrap_or_default();
        Some(Article {
            id: format!("synthetic-{n:07}"),
            question,
            asked_as: None,
            topic: topic.focus.clone(),
            aliases: topic.synonyms.clone(),
            kind: if kind.is_empty() {
                "information".to_string()
            } else {
                kind
            },
            specialty: String::new(),
            source: Source {
                corpus: CORPUS.to_string(),
                publisher: "curbside benchmark (recombined MedQuAD sentences)".to_string(),
                collection: String::new(),
            },
            url: None,
            status: Status::Submitted,
            updated: "2026-01-01".to_string(),
            summaries: Summaries {
                clinician: summary.clone(),
                patient: summary,
            },
            sections: vec![Section {
                heading: "Answer".to_string(),
                role: Role::Answer,
                blocks,
            }],
            // The previous article always exists, so the link resolves as a real one would.
            related: if n > 0 {
                vec![format!("synthetic-{:07}", n - 1)]
            } else {
                Vec::new()
            },
            follow_ups: Vec::new(),
            references: vec![Reference {
                n: 1,
                kind: ReferenceKind::Web,
                title: format!("MedQuAD answers about {}, recombined", topic.focus),
                source: "MedQuAD (Ben Abacha and Demner-Fushman, 2019)".to_string(),
                year: Some(2019),
                authors: None,
                pmid: None,
                doi: None,
                url: None,
            }],
            citation: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;
    use std::path::PathBuf;

    fn pool() -> SentencePool {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/medquad");
        // The fixtures are checked in and hold answered documents; a failure is a broken checkout.
        SentencePool::read(&dir).expect("the fixture collection has sentences")
    }

    #[test]
    fn sentences_split_at_full_stops_before_capitals() {
        let split: Vec<&str> = sentences("It is rare. About 1 in 10,000 e.g. this. 2 of them? Yes").collect();
        assert_eq!(
            split,
            ["It is rare.", "About 1 in 10,000 e.g. this.", "2 of them?", "Yes"]
        );
    }

    #[test]
    fn the_same_seed_makes_the_same_corpus() {
        let pool = pool();
        let a: Vec<Article> = pool.articles(200, 7).collect();
        let b: Vec<Article> = pool.articles(200, 7).collect();
        let c: Vec<Article> = pool.articles(200, 8).collect();
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn articles_hold_exactly_the_passages_asked_for() {
        let pool = pool();
        for passages in [1, 5, 11, 1000] {
            let articles: Vec<Article> = pool.articles(passages, SEED).collect();
            let total: usize = articles.iter().map(|a| a.blocks().count()).sum();
            assert_eq!(total as u64, passages);
            let (last, rest) = articles.split_last().expect("at least one article");
            assert!(last.blocks().count() as u64 <= MAX_PASSAGES);
            assert!(
                rest.iter()
                    .all(|a| (MIN_PASSAGES..=MAX_PASSAGES).contains(&(a.blocks().count() as u64)))
            );
        }
    }

    #[test]
    fn synthetic_articles_pass_the_corpus_checks() {
        let pool = pool();
        let articles: Vec<(PathBuf, Article)> = pool
            .articles(300, SEED)
            .map(|a| (PathBuf::from(format!("{}.json", a.id)), a))
            .collect();
        let problems = curbside_core::corpus::check::check_articles(&articles, &HashSet::new());
        let errors: Vec<_> = problems
            .iter()
            .filter(|p| p.severity == curbside_core::corpus::Severity::Error)
            .collect();
        assert!(errors.is_empty(), "{errors:?}");
    }

    #[test]
    fn passages_come_from_medquad_answers() {
        let pool = pool();
        let known: HashSet<&str> = pool.sentences.iter().map(String::as_str).collect();
        for article in pool.articles(50, SEED) {
            for (_, _, block) in article.blocks() {
                assert!(known.iter().any(|s| block.text.starts_with(s)), "{}", block.text);
            }
        }
    }
}
