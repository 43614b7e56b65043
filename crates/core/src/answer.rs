//! From hits to what a person reads: the best article when one answers the question,
//! the best passages from several when none does; citations resolved to references;
//! a follow-up question read in the context of the article it follows.

use serde::Serialize;

use crate::article::{Article, Audience, QuestionType, Reference, is_article_id};
use crate::index::understand::Understanding;
use crate::index::{Engine, Hit, IndexError, PassageHit, analysis, ranking};
use crate::vocab;

/// How many articles a question's result list holds.
pub const RESULTS: usize = 10;
/// The best article is the answer when it scores this much more than the runner-up.
const DOMINANCE: f32 = 1.12;
/// An article answers alone only when the question names at least this share of its
/// best name (its topic or an alias: "hepatic encephalopathy" for "hepatic coma"): a
/// word or two in common ("children" with "tone management in children", "early" with
/// "early signs of MS") is not what the question is about.
const ON_IT: f32 = 0.5;

/// Whether a hit is about what the question names: the words typed name at least
/// [`ON_IT`] of one of its names, or the question names one whole, expansions included
/// ("MI" for myocardial infarction). Half a name through an expansion alone is not
/// enough: "fever", read also as hyperthermia, does not ask about malignant
/// hyperthermia.
fn on_it(hit: &Hit) -> bool {
    hit.named >= ON_IT || hit.coverage >= 1.0
}
/// How many passages a passages answer shows, and how many from one article.
const PASSAGES: usize = 6;
const PASSAGES_PER_ARTICLE: usize = 2;
/// How many passage hits a passages answer picks its [`PASSAGES`] from.
pub const PASSAGE_CANDIDATES: usize = PASSAGES * 4;

/// What is asked: the text, and the article it follows up on if any.
#[derive(Debug, Clone, Copy)]
pub struct Question<'a> {
    /// The words typed.
    pub text: &'a str,
    /// The article open when it was asked, for a follow-up ("how is it treated?").
    pub context: Option<&'a Article>,
}

/// A question answered.
#[derive(Debug, Clone, Serialize)]
pub struct Asked {
    /// The question as typed.
    pub question: String,
    /// The text actually searched (the question, with the followed topic when it is a
    /// follow-up).
    pub query: String,
    /// The topic a follow-up inherited, if it did.
    pub follow_up_on: Option<String>,
    /// How the question was read: its foci, type, asking sentence, corrections and
    /// words not found.
    pub understood: Understanding,
    /// What answers it: one article, passages, or nothing.
    #[serde(flatten)]
    pub answer: Answer,
    /// The ranked articles found, best first (the Results list).
    pub results: Vec<Hit>,
    /// Whether passages answer because no article found is about anything the question
    /// names (the best one only shares its other words: "child fever" finding malignant
    /// hyperthermia's treatment), so that the reader is told.
    pub no_article_on_it: bool,
}

impl Asked {
    /// What a reader should be told about how the question was read and answered, or
    /// none: [`Understanding::note`], and that no article is about it when none is.
    pub fn note(&self) -> Option<String> {
        let understood = self.understood.note();
        // "Nothing on X here" already says that what follows is not about it.
        if !self.no_article_on_it || !self.understood.absent().is_empty() {
            return understood;
        }
        let told = "No article here is about what you asked: these are the passages that use its words.";
        Some(match understood {
            Some(note) => format!("{note} {told}"),
            None => told.to_string(),
        })
    }
}

/// What answers a question.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "mode", rename_all = "snake_case")]
pub enum Answer {
    /// One article answers the question.
    Article {
        /// That article.
        article: Box<Article>,
    },
    /// No single article does: the best passages from several.
    Passages {
        /// The passages, best first.
        passages: Vec<SourcedPassage>,
    },
    /// Nothing matched.
    None,
}

/// A passage with the article it comes from and the references it cites.
#[derive(Debug, Clone, Serialize)]
pub struct SourcedPassage {
    /// The id of the article the passage comes from.
    pub article_id: String,
    /// That article's question.
    pub question: String,
    /// That article's topic.
    pub topic: String,
    /// The heading of the section the passage stands in.
    pub heading: String,
    /// The passage's words.
    pub text: String,
    /// The references the passage cites, numbered as in its article.
    pub references: Vec<Reference>,
    /// Its retrieval score.
    pub score: f32,
    /// Whether it is a finding of the research literature (From the Research), added
    /// after the answer's own passages, rather than a passage of the answer.
    pub research: bool,
}

/// The topic a question inherits from the open article: only a question made of words
/// that say what is asked ("how is it treated?", "is it common?", and the words of the
/// type phrases: "is it contagious?") and grammar is about the open article's topic. A
/// word the library does not know, or a condition of its own, makes it a new question
/// ("how do I know if I have diabetes" with Babinski sign open).
/// The engine is not consulted: what the library knows no longer decides it.
pub fn follow_up_topic(text: &str, context: Option<&Article>) -> Option<String> {
    let context = context?;
    // Restrictions (`pmid:`, `type:rct`) say what is wanted without naming a subject;
    // adding the open article's topic would make them find nothing else.
    if !analysis::filters(text).filters.is_empty() {
        return None;
    }
    let analysis = analysis::analyze(text, false);
    if analysis.explicit || !analysis.expansions.is_empty() {
        return None;
    }
    let only_asks = analysis
        .words
        .iter()
        .all(|w| vocab::says_what_is_asked(w) || vocab::is_phrase_word(w));
    only_asks.then(|| context.topic.clone())
}

/// Answers a question: searches, then decides between one article and several passages.
pub fn ask(engine: &Engine, question: Question<'_>) -> Result<Asked, IndexError> {
    let follow_up_on = follow_up_topic(question.text, question.context);
    let query = match &follow_up_on {
        Some(topic) => format!("{} {topic}", question.text),
        None => question.text.to_string(),
    };
    let understood = engine.understand(question.text);
    let results = engine.search_focused(&query, RESULTS, false, Some(&understood))?;
    let asked = (!understood.type_guessed).then(|| understood.main_type());
    // An article the question names little of is no answer on its own, however far
    // ahead it scores: on a small library the best match for words it lacks is often an
    // article that shares only the question's other words.
    // Explicit syntax and restrictions (`pmid:`, `"…"`) say exactly what is wanted.
    let exact = analysis::analyze(&query, false).explicit || !analysis::filters(&query).filters.is_empty();
    let on_it = exact || results.first().is_some_and(on_it);
    let mut no_article_on_it = false;
    let answer = match results.as_slice() {
        [] => Answer::None,
        [best, rest @ ..] if on_it && dominates(best, rest.first(), asked) => {
            match engine.article(&best.id)? {
                Some(article) => Answer::Article {
                    article: Box::new(article),
                },
                None => Answer::None,
            }
        }
        _ => {
            let passages = sourced_passages(engine, &query, &understood)?;
            if passages.is_empty() {
                match engine.article(&results[0].id)? {
                    Some(article) => Answer::Article {
                        article: Box::new(article),
                    },
                    None => Answer::None,
                }
            } else {
                no_article_on_it = !on_it;
                Answer::Passages { passages }
            }
        }
    };
    Ok(Asked {
        question: question.text.to_string(),
        query,
        follow_up_on,
        understood,
        answer,
        results,
        no_article_on_it,
    })
}

/// The ranked articles for a finished question: what `ask`, the screen's Enter and
/// `curbside eval` all rank by, with the question understood first so that answers about
/// its focus rank first.
pub fn rank(engine: &Engine, text: &str, limit: usize) -> Result<Vec<Hit>, IndexError> {
    let understood = engine.understand(text);
    engine.search_focused(text, limit, false, Some(&understood))
}

/// Whether a hit's kind is the type asked, or the type that stands in for it.
fn of_the_type_asked(hit: &Hit, asked: Option<QuestionType>) -> bool {
    let Some(asked) = asked else { return false };
    QuestionType::of_kind(&hit.kind)
        .is_some_and(|kind| kind == asked || Some(kind) == ranking::stand_in(asked))
}

/// Whether the best hit stands far enough above the next to be the answer on its own;
/// `asked` is the type the question was understood to ask, when words said so.
fn dominates(best: &Hit, next: Option<&Hit>, asked: Option<QuestionType>) -> bool {
    match next {
        None => true,
        Some(next) => {
            // On one topic, the best page answers: an answered one always, a withheld one
            // of the type asked when the next is withheld too (its link is then worth
            // more than passages from other topics' pages).
            best.score >= next.score * DOMINANCE
                || ((best.answered || (!next.answered && of_the_type_asked(best, asked)))
                    && best.topic.to_lowercase() == next.topic.to_lowercase())
        }
    }
}

fn sourced_passages(
    engine: &Engine,
    query: &str,
    understood: &Understanding,
) -> Result<Vec<SourcedPassage>, IndexError> {
    let hits: Vec<PassageHit> = engine.passages_focused(query, PASSAGE_CANDIDATES, Some(understood))?;
    let mut out: Vec<SourcedPassage> = Vec::new();
    for hit in hits {
        if out.len() == PASSAGES {
            break;
        }
        if out.iter().filter(|p| p.article_id == hit.article_id).count() >= PASSAGES_PER_ARTICLE {
            continue;
        }
        let Some(article) = engine.article(&hit.article_id)? else {
            continue;
        };
        let references = hit
            .cites
            .iter()
            .filter_map(|n| article.reference(*n).cloned())
            .collect();
        out.push(SourcedPassage {
            article_id: hit.article_id,
            question: article.question.clone(),
            topic: hit.topic,
            heading: hit.heading,
            text: hit.text,
            references,
            score: hit.score,
            research: false,
        });
    }
    Ok(out)
}

/// A link from an article, resolved: its id and what it is called.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Link {
    /// The related article's id.
    pub id: String,
    /// Its question, as the link reads.
    pub question: String,
    /// Its topic.
    pub topic: String,
}

/// Related articles that exist, in the article's order.
pub fn related(engine: &Engine, article: &Article) -> Result<Vec<Link>, IndexError> {
    let mut out = Vec::new();
    for id in &article.related {
        if let Some(target) = engine.title(id)? {
            out.push(Link {
                id: target.id,
                question: target.question,
                topic: target.topic,
            });
        }
    }
    Ok(out)
}

/// A suggested follow-up: an article to open, or a question to ask.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum FollowUp {
    /// An article that answers the follow-up.
    Article {
        /// Its id.
        id: String,
        /// Its question.
        question: String,
    },
    /// A question no article answers yet, to ask as typed.
    Question {
        /// The question.
        text: String,
    },
}

impl FollowUp {
    /// What the reader sees: the article's question, or the question to ask.
    pub fn label(&self) -> &str {
        match self {
            FollowUp::Article { question, .. } => question,
            FollowUp::Question { text } => text,
        }
    }
}

/// The follow-ups of `article`: its own follow-up questions, each resolved to an article when one answers it.
pub fn follow_ups(engine: &Engine, article: &Article) -> Result<Vec<FollowUp>, IndexError> {
    let mut out = Vec::new();
    for entry in &article.follow_ups {
        if is_article_id(entry) {
            if let Some(target) = engine.title(entry)? {
                out.push(FollowUp::Article {
                    id: target.id,
                    question: target.question,
                });
            }
        } else {
            out.push(FollowUp::Question { text: entry.clone() });
        }
    }
    Ok(out)
}

/// One citation in reading order: which block cites which reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CitationMark {
    /// Block position in reading order (as [`Article::blocks`] yields them).
    pub block: usize,
    /// The number of the reference cited.
    pub reference: u32,
}

/// Every citation of the article in reading order.
pub fn citations(article: &Article) -> Vec<CitationMark> {
    article
        .blocks()
        .enumerate()
        .flat_map(|(i, (_, _, block))| {
            block.refs.iter().map(move |&n| CitationMark {
                block: i,
                reference: n,
            })
        })
        .collect()
}

/// The professional disclaimer every answer ends with.
pub const DISCLAIMER: &str = "Educational material under review, not medical advice. It does not replace the judgement of a \
     clinician who knows the patient; in an emergency call your local emergency number.";

/// The summary to show above the sections, or none when the answer opens with the same
/// words: an imported answer's summary is its own first sentences, and reading them
/// twice helps no one.
pub fn summary(article: &Article, audience: Audience) -> Option<&str> {
    let summary = article.summaries.for_audience(audience);
    let stem = summary.trim_end_matches('…').trim_end();
    // As many blocks as the summary is long: a summary made of a lead-in and a list
    // ("…causes, including Hashimotos disease thyroiditis, …") spans several bullets.
    let mut opening = String::new();
    for (_, _, block) in article.blocks() {
        if opening.len() >= stem.len() {
            break;
        }
        if !opening.is_empty() {
            opening.push(' ');
        }
        opening.push_str(&block.text);
    }
    let repeats = !stem.is_empty() && opening.starts_with(stem);
    (!repeats).then_some(summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_summary_that_repeats_the_answer_is_not_shown_twice() {
        let mut article: Article = serde_json::from_str(
            r#"{"id":"x","question":"What is X?","topic":"X","kind":"information",
            "source":{"corpus":"medquad","publisher":"p"},"status":"approved","updated":"2017",
            "summaries":{"clinician":"X is a disorder. It is rare.","patient":"X is a disorder. It is rare."},
            "sections":[{"heading":"Answer","role":"answer","blocks":[
              {"kind":"paragraph","text":"X is a disorder.","refs":[1]},
              {"kind":"paragraph","text":"It is rare. More follows.","refs":[1]}]}]}"#,
        )
        .unwrap();
        assert_eq!(summary(&article, Audience::Patient), None);
        let text = crate::render::text(&crate::render::Document::article(&article, Audience::Patient), 80);
        assert_eq!(text.matches("X is a disorder.").count(), 1, "{text}");
        article.summaries.patient = "A short plain summary.".to_string();
        assert_eq!(
            summary(&article, Audience::Patient),
            Some("A short plain summary.")
        );
    }

    #[test]
    fn a_summary_made_of_a_lead_in_and_its_list_is_read_once() {
        let article: Article = serde_json::from_str(
            r#"{"id":"x","question":"What causes X?","topic":"X","kind":"causes",
            "source":{"corpus":"medquad","publisher":"p"},"status":"approved","updated":"2017",
            "summaries":{"clinician":"X has several causes, including a cold a fall a fright the damp…",
                         "patient":"X has several causes, including a cold a fall a fright the damp…"},
            "sections":[{"heading":"Answer","role":"answer","blocks":[
              {"kind":"paragraph","text":"X has several causes, including"},
              {"kind":"bullet","text":"a cold"},
              {"kind":"bullet","text":"a fall"},
              {"kind":"bullet","text":"a fright"},
              {"kind":"bullet","text":"the damp"}]}]}"#,
        )
        .unwrap();
        assert_eq!(summary(&article, Audience::Clinician), None);
        let source = crate::render::snippet_source(&article);
        assert_eq!(source.matches("several causes").count(), 1, "{source}");
    }

    fn hit(topic: &str, score: f32, answered: bool) -> Hit {
        Hit {
            id: format!("{topic}-{score}"),
            question: format!("What is {topic}?"),
            topic: topic.to_string(),
            kind: "information".to_string(),
            corpus: "test".to_string(),
            score,
            answered,
            coverage: 1.0,
            named: 1.0,
        }
    }

    #[test]
    fn the_best_hit_answers_alone_when_clearly_ahead_or_about_the_same_topic() {
        let none = None;
        assert!(dominates(&hit("Clonus", 10.0, true), None, none));
        assert!(dominates(
            &hit("Clonus", 12.0, true),
            Some(&hit("Spasticity", 10.0, true)),
            none
        ));
        assert!(!dominates(
            &hit("Clonus", 10.5, true),
            Some(&hit("Spasticity", 10.0, true)),
            none
        ));
        // Two collections spell one topic with different capitals.
        assert!(dominates(
            &hit("Heart block", 10.1, true),
            Some(&hit("Heart Block", 10.0, true)),
            none
        ));
        // A withheld answer does not answer alone on its topic's strength before an
        // answered one of it…
        assert!(!dominates(
            &hit("Heart block", 10.1, false),
            Some(&hit("Heart Block", 10.0, true)),
            Some(QuestionType::Information)
        ));
        // …but does before another withheld one when it is of the type asked, or of the
        // type standing in for it: its link is the answer there is.
        let mut precautions = hit("Warfarin", 10.1, false);
        precautions.kind = "precautions".to_string();
        let next = hit("Warfarin", 10.0, false);
        assert!(dominates(
            &precautions,
            Some(&next),
            Some(QuestionType::Interactions)
        ));
        assert!(dominates(&precautions, Some(&next), Some(QuestionType::Safety)));
        assert!(!dominates(&precautions, Some(&next), Some(QuestionType::Usage)));
        assert!(!dominates(&precautions, Some(&next), none));
        assert!(!dominates(
            &precautions,
            Some(&hit("Aspirin", 10.0, false)),
            Some(QuestionType::Safety)
        ));
    }
}
