//! Turning what a person typed into what the index is asked: content words without the
//! question's grammar, abbreviations and their expansions, and whether the text uses
//! explicit query syntax that must be honoured as written.

use crate::article::QuestionType;
use crate::vocab;

/// Field names a person may write as `field:term`.
pub const FIELD_NAMES: &[&str] = &[
    "question", "topic", "aliases", "summary", "body", "refs", "passage",
];

/// What a typed question asks, ready for the index.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Analysis {
    /// Content words, lower-cased, in the order typed, stopwords removed.
    pub words: Vec<String>,
    /// Phrases standing for abbreviations or synonyms found in the text.
    pub expansions: Vec<String>,
    /// The text uses explicit syntax (quotes, `-word`, `field:word`, AND/OR/NOT).
    pub explicit: bool,
    /// The last word, when typing has not finished it (no space after it).
    pub partial: Option<String>,
    /// What the question asks about its subject (causes, treatment, ...), from its
    /// wording; empty when it does not say.
    pub types: Vec<QuestionType>,
    /// Words the index does not know, with the index's own term (stemmed) for each:
    /// filled by the engine, which has the index's vocabulary.
    pub corrections: Vec<(String, String)>,
}

impl Analysis {
    pub fn is_empty(&self) -> bool {
        self.words.is_empty() && self.expansions.is_empty() && !self.explicit
    }
}

/// Longest query text considered; a pasted novel is cut, never rejected.
pub const MAX_QUERY_CHARS: usize = 2_000;

/// Splits text into lower-cased words the way the index does before stemming.
pub fn words(text: &str) -> Vec<String> {
    let mut analyzer = super::schema::word_analyzer();
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        out.push(stream.token().text.clone());
    }
    out
}

/// Analyses a question. `as_you_type` marks the last word as possibly unfinished.
pub fn analyze(text: &str, as_you_type: bool) -> Analysis {
    let text = truncate_chars(text, MAX_QUERY_CHARS);
    let all = words(text);
    let mut analysis = Analysis {
        explicit: has_explicit_syntax(text),
        ..Analysis::default()
    };
    for key_len in (1..=vocab::MAX_SYNONYM_WORDS).rev() {
        for window in all.windows(key_len) {
            let key = window.join(" ");
            if let Some((_, alternatives)) = vocab::SYNONYMS.iter().find(|(k, _)| *k == key) {
                for alt in *alternatives {
                    if !analysis.expansions.iter().any(|e| e == alt) {
                        analysis.expansions.push((*alt).to_string());
                    }
                }
            }
        }
    }
    analysis.types = vocab::question_types(&all);
    analysis.words = all.into_iter().filter(|w| !vocab::is_stopword(w)).collect();
    let ends_in_word = text.chars().last().is_some_and(char::is_alphanumeric);
    if as_you_type && ends_in_word {
        analysis.partial = analysis.words.last().filter(|w| w.len() >= 2).cloned();
    }
    analysis
}

/// The text handed to tantivy's parser, cut to [`MAX_QUERY_CHARS`].
pub fn truncate_for_parser(text: &str) -> &str {
    truncate_chars(text, MAX_QUERY_CHARS)
}

fn truncate_chars(text: &str, max: usize) -> &str {
    match text.char_indices().nth(max) {
        Some((i, _)) => &text[..i],
        None => text,
    }
}

/// Whether the text reads as query syntax rather than a question: a quoted phrase, a
/// `-word` exclusion or `+word` requirement, a `field:word` naming a real field, or the
/// operators AND, OR, NOT in capitals.
pub fn has_explicit_syntax(text: &str) -> bool {
    if text.matches('"').count() >= 2 {
        return true;
    }
    text.split_whitespace().any(|token| {
        let excludes = (token.starts_with('-') || token.starts_with('+'))
            && token[1..].chars().next().is_some_and(char::is_alphanumeric);
        let fielded = token
            .split_once(':')
            .is_some_and(|(field, rest)| FIELD_NAMES.contains(&field) && !rest.is_empty());
        excludes || fielded || matches!(token, "AND" | "OR" | "NOT")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stopword_table_is_sorted_for_binary_search() {
        assert!(vocab::STOPWORDS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn question_words_do_not_dominate() {
        let a = analyze("What causes clonus?", false);
        assert_eq!(a.words, ["causes", "clonus"]);
        assert!(!a.explicit);
    }

    #[test]
    fn abbreviations_expand_beside_the_words_typed() {
        let a = analyze("baclofen in MS", false);
        assert_eq!(a.words, ["baclofen", "ms"]);
        assert_eq!(a.expansions, ["multiple sclerosis"]);
        let b = analyze("after a heart attack", false);
        assert_eq!(b.expansions, ["myocardial infarction"]);
    }

    #[test]
    fn explicit_syntax_is_recognised_and_stray_punctuation_is_not() {
        assert!(has_explicit_syntax("\"upper motor neuron\""));
        assert!(has_explicit_syntax("spasticity -stroke"));
        assert!(has_explicit_syntax("topic:clonus"));
        assert!(!has_explicit_syntax("what causes clonus: a question (urgent)"));
        assert!(!has_explicit_syntax("5-8 Hz - really?"));
        assert!(!has_explicit_syntax("time: 10:30"));
    }

    #[test]
    fn unfinished_last_word_is_marked_only_while_typing() {
        assert_eq!(analyze("what causes clon", true).partial.as_deref(), Some("clon"));
        assert_eq!(analyze("what causes clon ", true).partial, None);
        assert_eq!(analyze("what causes clon", false).partial, None);
    }

    #[test]
    fn question_types_come_from_the_wording() {
        let types = |text: &str| analyze(text, false).types;
        assert_eq!(types("How is Wilson disease treated?"), [QuestionType::Treatment]);
        assert_eq!(types("what are the signs of clonus"), [QuestionType::Symptoms]);
        assert_eq!(types("Is it inherited?"), [QuestionType::Genetics]);
        assert!(types("What is Holmes-Adie syndrome?").is_empty());
        assert_eq!(
            types("what causes it and how is it treated"),
            [QuestionType::Causes, QuestionType::Treatment]
        );
        assert!(types("clonus").is_empty());
        assert_eq!(
            types("Should I see a doctor about clonus?"),
            [QuestionType::SeekCare]
        );
    }

    #[test]
    fn only_stopwords_is_empty() {
        assert!(analyze("what is it?", false).is_empty());
        assert!(analyze("", false).is_empty());
    }

    #[test]
    fn huge_input_is_cut_not_rejected() {
        let text = "spasticity ".repeat(10_000);
        let a = analyze(&text, false);
        assert!(a.words.len() <= MAX_QUERY_CHARS / 2);
    }
}
