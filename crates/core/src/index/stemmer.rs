//! English stemming with each thread's stems remembered.
//!
//! Stemming was a fifth of building an index (a `perf record` of a million-passage build:
//! the Snowball stemmer's own functions about 18 % of the samples), and text repeats its
//! words: a passage's words are read again in its article's body, and a collection uses a
//! few tens of thousands of distinct words millions of times. This filter gives exactly
//! what tantivy's `Stemmer` gives (the same Snowball English algorithm, through the same
//! `frostem` crate), looking each word up in a table of the stems its thread has already
//! made before stemming it.
//!
//! The table belongs to the thread, not to the analyser: tantivy clones an analyser for
//! every field of every segment it writes, and a table per clone would start empty each
//! time. It stops growing at [`CAPACITY`] words; later new words are stemmed as they come.

use std::borrow::Cow;
use std::cell::RefCell;

use rustc_hash::FxHashMap;
use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// The most words a thread's table holds. A collection's common words come early and
/// make most of its text; a table this size is a few megabytes.
pub const CAPACITY: usize = 1 << 16;

thread_local! {
    static STEMS: RefCell<FxHashMap<String, String>> = RefCell::new(FxHashMap::default());
}

/// A [`TokenFilter`] stemming English words as tantivy's `Stemmer::new(Language::English)`
/// does, with every thread's stems remembered. Tokens are expected lower-cased.
#[derive(Clone, Copy, Debug, Default)]
pub struct CachedStemmer;

impl TokenFilter for CachedStemmer {
    type Tokenizer<T: Tokenizer> = CachedStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> CachedStemmerFilter<T> {
        CachedStemmerFilter { inner: tokenizer }
    }
}

/// The tokenizer [`CachedStemmer`] makes of another.
#[derive(Clone)]
pub struct CachedStemmerFilter<T> {
    inner: T,
}

impl<T: Tokenizer> Tokenizer for CachedStemmerFilter<T> {
    type TokenStream<'a> = CachedStemmerStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        CachedStemmerStream {
            tail: self.inner.token_stream(text),
            stemmer: frostem::Stemmer::new(frostem::Algorithm::English),
        }
    }
}

/// The token stream of [`CachedStemmerFilter`].
pub struct CachedStemmerStream<T> {
    tail: T,
    stemmer: frostem::Stemmer,
}

impl<T: TokenStream> TokenStream for CachedStemmerStream<T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        STEMS.with_borrow_mut(|stems| stem_into(&self.stemmer, stems, &mut token.text));
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

/// Replaces `word` by its stem, from `stems` when it is there, else stemmed (and kept in
/// `stems` while it has room).
fn stem_into(stemmer: &frostem::Stemmer, stems: &mut FxHashMap<String, String>, word: &mut String) {
    if let Some(stem) = stems.get(word.as_str()) {
        if stem != word {
            word.clear();
            word.push_str(stem);
        }
        return;
    }
    let stem = match stemmer.stem(word) {
        Cow::Borrowed(same) if same.len() == word.len() => None,
        stemmed => Some(stemmed.into_owned()),
    };
    if stems.len() < CAPACITY {
        let kept = stem.clone().unwrap_or_else(|| word.clone());
        stems.insert(word.clone(), kept);
    }
    if let Some(stem) = stem {
        *word = stem;
    }
}

#[cfg(test)]
mod tests {
    use tantivy::tokenizer::{LowerCaser, SimpleTokenizer, Stemmer, TextAnalyzer};

    use super::*;

    fn tokens(mut analyzer: TextAnalyzer, text: &str) -> Vec<String> {
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            out.push(stream.token().text.clone());
        }
        out
    }

    fn analyzers() -> (TextAnalyzer, TextAnalyzer) {
        let cached = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(CachedStemmer)
            .build();
        let plain = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(Stemmer::default())
            .build();
        (cached, plain)
    }

    #[test]
    fn stems_as_tantivys_stemmer_does_the_first_time_and_again() {
        let text = "Connections fruitlessly consigned; the hypertensive patients' kidneys \
                    were failing, failing again. Dosage dose doses running ran runs";
        let (cached, plain) = analyzers();
        let expected = tokens(plain, text);
        assert!(expected.contains(&"connect".to_string()), "{expected:?}");
        // The first pass fills the thread's table, the second reads every stem from it.
        assert_eq!(tokens(cached.clone(), text), expected);
        assert_eq!(tokens(cached, text), expected);
    }

    #[test]
    fn a_full_table_still_stems_new_words() {
        let stemmer = frostem::Stemmer::new(frostem::Algorithm::English);
        let mut stems: FxHashMap<String, String> = (0..CAPACITY)
            .map(|i| (format!("w{i}"), format!("w{i}")))
            .collect();
        let mut word = "running".to_string();
        stem_into(&stemmer, &mut stems, &mut word);
        assert_eq!(word, "run");
        assert_eq!(stems.len(), CAPACITY, "nothing is added to a full table");
        // A word already there is read from it, even when the table holds a stem the
        // algorithm would not give (which shows the table was read).
        stems.insert("w0".into(), "from-the-table".into());
        let mut word = "w0".to_string();
        stem_into(&stemmer, &mut stems, &mut word);
        assert_eq!(word, "from-the-table");
    }
}
