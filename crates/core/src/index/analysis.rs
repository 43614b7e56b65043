//! Turning what a person typed into what the index is asked: content words without the
//! question's grammar, abbreviations and their expansions, and whether the text uses
//! explicit query syntax that must be honoured as written.

use crate::article::{Evidence, QuestionType};
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
    /// The library's names for a focus the question calls by another name, searched
    /// beside its words with [`super::ranking::RENAMED_WEIGHT`] (filled by the engine).
    pub renamed: Vec<String>,
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
    /// The question reads as written in another language (filled by the engine, which
    /// knows which of its words the library lacks): searched as typed.
    pub foreign: bool,
}

impl Analysis {
    /// Whether the question asks for nothing searchable: no words, no expansion, no syntax.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty() && self.expansions.is_empty() && !self.explicit
    }
}

/// Longest query text considered; a pasted novel is cut (at the end of a word), never
/// rejected.
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
    let text = read_part(text);
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
    read_part(text)
}

/// The part of a question that is read: all of it up to [`MAX_QUERY_CHARS`]
/// characters, else cut there at the end of a word, as [`cut_at_word`] cuts. A caller
/// that shows the question can tell it was shortened by comparing the two.
pub fn read_part(text: &str) -> &str {
    cut_at_word(text, MAX_QUERY_CHARS)
}

/// `text` if it has at most `max` characters; else its first `max` characters cut back
/// to the end of the last whole word among them (the spaces after it dropped), so the
/// cut never leaves the first letters of a word to be read, or corrected, as a word of
/// their own. A first word longer than `max` is cut at `max`.
pub fn cut_at_word(text: &str, max: usize) -> &str {
    let Some((end, next)) = text.char_indices().nth(max) else {
        return text;
    };
    let head = &text[..end];
    if next.is_whitespace() {
        return head.trim_end();
    }
    match head
        .rfind(char::is_whitespace)
        .map(|space| head[..space].trim_end())
    {
        Some(words) if !words.is_empty() => words,
        _ => head,
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

/// A restriction written as `field:value` that keeps only citations matching it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Filter {
    /// `journal:WORDS`: the journal's title or abbreviation holds the words.
    Journal(String),
    /// `author:NAME`: an author's name holds the words.
    Author(String),
    /// `mesh:HEADING`: a MeSH heading or keyword holds the words.
    Mesh(String),
    /// `pmid:DIGITS`: the citation with this PMID.
    Pmid(String),
    /// `type:rct|meta-analysis|review|guideline|…`: the level of evidence.
    Type(Evidence),
    /// `year:2020`, `year:2015..2020`, `year:>2018`: published in these years, both
    /// ends included.
    Year {
        /// The first year, if bounded below.
        from: Option<u64>,
        /// The last year, if bounded above.
        to: Option<u64>,
    },
    /// Only the articles of one corpus: not written by people, set by the engine (the
    /// research beside an answer).
    Corpus(String),
}

/// A question with its `field:value` restrictions taken out.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Filtered {
    /// What is left to search for, as typed.
    pub rest: String,
    /// The restrictions understood.
    pub filters: Vec<Filter>,
    /// What was written as a restriction but could not be read, each said as a person
    /// reads it; left out of the search.
    pub notes: Vec<String>,
}

/// The names a restriction is written with.
pub const FILTER_NAMES: &[&str] = &["journal", "author", "mesh", "pmid", "type", "year"];

/// Takes the `journal:`, `author:`, `mesh:`, `pmid:`, `type:` and `year:` restrictions
/// out of a question (a value may be quoted: `mesh:"muscle spasticity"`). What cannot
/// be read (`year:2020..2015`, `type:astrology`) becomes a note, never an error.
pub fn filters(text: &str) -> Filtered {
    let text = read_part(text);
    let mut out = Filtered::default();
    let mut rest = String::new();
    let mut at = 0;
    while at < text.len() {
        let word_start = at == 0 || text[..at].ends_with(char::is_whitespace);
        let named = word_start
            .then(|| {
                FILTER_NAMES.iter().find(|name| {
                    text.get(at..at + name.len() + 1)
                        .is_some_and(|head| head.eq_ignore_ascii_case(&format!("{name}:")))
                })
            })
            .flatten();
        let Some(name) = named else {
            let c = text[at..].chars().next().unwrap_or(' ');
            rest.push(c);
            at += c.len_utf8();
            continue;
        };
        let value_start = at + name.len() + 1;
        let (value, end) = match text[value_start..].strip_prefix('"') {
            Some(quoted) => match quoted.find('"') {
                Some(close) => (&quoted[..close], value_start + close + 2),
                None => (quoted, text.len()),
            },
            None => {
                let len = text[value_start..]
                    .find(char::is_whitespace)
                    .unwrap_or(text.len() - value_start);
                (&text[value_start..value_start + len], value_start + len)
            }
        };
        match filter(name, value.trim()) {
            Ok(filter) => out.filters.push(filter),
            Err(note) => out.notes.push(note),
        }
        at = end;
    }
    out.rest = rest.split_whitespace().collect::<Vec<_>>().join(" ");
    out
}

/// One restriction read, or the note saying why it cannot be.
fn filter(name: &str, value: &str) -> Result<Filter, String> {
    if value.is_empty() {
        return Err(format!(
            "`{name}:` needs a value (for example {name}:{})",
            example(name)
        ));
    }
    match name {
        "journal" => Ok(Filter::Journal(value.to_string())),
        "author" => Ok(Filter::Author(value.to_string())),
        "mesh" => Ok(Filter::Mesh(value.to_string())),
        "pmid" if value.len() <= 12 && value.bytes().all(|b| b.is_ascii_digit()) => {
            Ok(Filter::Pmid(value.to_string()))
        }
        "pmid" => Err(format!(
            "`pmid:{value}` is not a PMID (digits, as in pmid:17306504); left out of the search"
        )),
        "type" => Evidence::from_word(value).map(Filter::Type).ok_or_else(|| {
            let names: Vec<&str> = Evidence::ALL.iter().map(|e| e.slug()).collect();
            format!(
                "`type:{value}` is not a study type (one of {}); left out of the search",
                names.join(", ")
            )
        }),
        _ => years(value).map(|(from, to)| Filter::Year { from, to }),
    }
}

fn example(name: &str) -> &'static str {
    match name {
        "journal" => "lancet",
        "author" => "smith",
        "mesh" => "\"muscle spasticity\"",
        "pmid" => "17306504",
        "type" => "rct",
        _ => "2015..2020",
    }
}

/// A year or a range of years: `2020`, `2015..2020` (or `2015-2020`), `>2018`,
/// `>=2018`, `<2000`, `<=2000`, `2015..`, `..2010`.
fn years(value: &str) -> Result<(Option<u64>, Option<u64>), String> {
    let bad = |why: &str| {
        format!(
            "`year:{value}` {why} (write year:2020, year:2015..2020, year:>2018 or year:<2000); left out of \
             the search"
        )
    };
    let year = |text: &str| -> Result<u64, String> {
        match text.trim().parse::<u64>() {
            Ok(y) if (1000..=2999).contains(&y) => Ok(y),
            _ => Err(bad("is not a year or a range of years")),
        }
    };
    let bounds = if let Some(after) = value.strip_prefix(">=") {
        (Some(year(after)?), None)
    } else if let Some(after) = value.strip_prefix('>') {
        (Some(year(after)? + 1), None)
    } else if let Some(before) = value.strip_prefix("<=") {
        (None, Some(year(before)?))
    } else if let Some(before) = value.strip_prefix('<') {
        (None, Some(year(before)?.saturating_sub(1)))
    } else if let Some((from, to)) = value.split_once("..").or_else(|| value.split_once('-')) {
        let from = (!from.is_empty()).then(|| year(from)).transpose()?;
        let to = (!to.is_empty()).then(|| year(to)).transpose()?;
        if from.is_none() && to.is_none() {
            return Err(bad("is not a year or a range of years"));
        }
        (from, to)
    } else {
        let y = year(value)?;
        (Some(y), Some(y))
    };
    if let (Some(from), Some(to)) = bounds
        && from > to
    {
        return Err(bad("starts after it ends"));
    }
    Ok(bounds)
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
    fn restrictions_are_taken_out_and_the_rest_is_searched() {
        let found =
            filters("spasticity journal:lancet mesh:\"Muscle Spasticity\" type:RCT year:2015..2020 pmid:123");
        assert_eq!(found.rest, "spasticity");
        assert_eq!(
            found.filters,
            [
                Filter::Journal("lancet".to_string()),
                Filter::Mesh("Muscle Spasticity".to_string()),
                Filter::Type(Evidence::RandomisedControlledTrial),
                Filter::Year {
                    from: Some(2015),
                    to: Some(2020)
                },
                Filter::Pmid("123".to_string()),
            ]
        );
        assert!(found.notes.is_empty());
        assert_eq!(filters("what causes clonus: a question").filters, []);
        assert_eq!(filters("topic:clonus").rest, "topic:clonus");
    }

    #[test]
    fn year_ranges_read_every_way_they_are_written() {
        let year = |text: &str| filters(text).filters;
        assert_eq!(
            year("year:>2018"),
            [Filter::Year {
                from: Some(2019),
                to: None
            }]
        );
        assert_eq!(
            year("year:>=2018"),
            [Filter::Year {
                from: Some(2018),
                to: None
            }]
        );
        assert_eq!(
            year("year:<2000"),
            [Filter::Year {
                from: None,
                to: Some(1999)
            }]
        );
        assert_eq!(
            year("year:2020"),
            [Filter::Year {
                from: Some(2020),
                to: Some(2020)
            }]
        );
        assert_eq!(
            year("year:2015-2016"),
            [Filter::Year {
                from: Some(2015),
                to: Some(2016)
            }]
        );
        assert_eq!(
            year("year:..2010"),
            [Filter::Year {
                from: None,
                to: Some(2010)
            }]
        );
    }

    #[test]
    fn a_bad_restriction_is_a_note_and_is_left_out() {
        for bad in [
            "year:2020..2015",
            "year:abc",
            "year:..",
            "type:astrology",
            "pmid:12a",
            "journal:",
        ] {
            let found = filters(&format!("clonus {bad}"));
            assert_eq!(found.rest, "clonus", "{bad}");
            assert!(found.filters.is_empty(), "{bad}");
            assert_eq!(found.notes.len(), 1, "{bad}");
        }
        assert!(filters("year:2020..2015").notes[0].contains("starts after it ends"));
        assert!(filters("type:astrology").notes[0].contains("rct"));
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
    fn a_long_question_is_cut_at_the_end_of_a_word() {
        assert_eq!(cut_at_word("clonus clonus", 9), "clonus");
        assert_eq!(cut_at_word("clonus clonus", 7), "clonus");
        assert_eq!(cut_at_word("clonus  clonus", 6), "clonus");
        assert_eq!(cut_at_word("clonus", 6), "clonus");
        assert_eq!(cut_at_word("clonus", 4), "clon", "one word longer than the limit");
        assert_eq!(cut_at_word("  clonus", 4), "  cl");
        assert_eq!(cut_at_word("é clonus", 4), "é");
        assert_eq!(cut_at_word("anything", 0), "");
        let long = "clonus ".repeat(1700);
        let read = read_part(&long);
        assert!(read.chars().count() <= MAX_QUERY_CHARS);
        assert!(
            read.ends_with("clonus") && !read.ends_with(' '),
            "{}",
            &read[read.len() - 20..]
        );
        let a = analyze(&long, false);
        assert!(a.words.iter().all(|w| w == "clonus"), "no word is cut short");
    }

    #[test]
    fn huge_input_is_cut_not_rejected() {
        let text = "spasticity ".repeat(10_000);
        let a = analyze(&text, false);
        assert!(a.words.len() <= MAX_QUERY_CHARS / 2);
    }
}
