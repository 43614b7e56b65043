//! From the Research: the citations of the imported literature (the PubMed corpus) about
//! an answer's topic, found when the answer is shown and added to it as research
//! sections, strongest evidence first, each finding cited in the same numbered sequence
//! as the answer's own references.
//!
//! A citation counts only when it is about the answer's topic: every word of the topic
//! (or of one of its aliases) stands in the citation's title, MeSH headings or keywords.
//! Search scores alone cannot say that: a citation that mentions "clonus" once in its
//! abstract scores well on a question about clonus without being about it.

use std::collections::HashSet;

use crate::answer::SourcedPassage;
use crate::article::{
    Article, Block, BlockKind, Evidence, QuestionType, Reference, ReferenceKind, Role, Section,
};
use crate::corpus::pubmed;
use crate::index::{Engine, IndexError, ranking};
use crate::vocab;

/// At most this many findings are added to one answer.
pub const MAX_FINDINGS: usize = 5;

/// Candidates looked at for each answer, before the topic test.
const CANDIDATES: usize = 20;

/// Longest finding quoted, in characters; a longer conclusion is cut at a sentence.
const MAX_FINDING_CHARS: usize = 320;

/// One citation's finding, ready to cite.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Finding {
    /// The citation's article id, to open it.
    pub article_id: String,
    /// Its level of evidence.
    pub evidence: Evidence,
    /// Its publication year.
    pub year: Option<u16>,
    /// What it found: the abstract's conclusions, else its summary.
    pub text: String,
    /// The citation as a reference (PMID, DOI, PubMed URL), numbered 1 until added.
    pub reference: Reference,
    /// Its retrieval score, for order within a level.
    pub score: f32,
}

/// The research citations about `article`'s topic, strongest evidence first, then best
/// matching; empty when no citation in the library is about it (or no literature is
/// imported). A research citation gets none: it is research itself.
pub fn findings(engine: &Engine, article: &Article) -> Result<Vec<Finding>, IndexError> {
    // No literature imported: no search for it each time an answer is shown.
    if article.citation.is_some()
        || article.source.corpus == pubmed::CORPUS
        || !engine.holds_corpus(pubmed::CORPUS)
    {
        return Ok(Vec::new());
    }
    let question = format!("{} {}", article.topic, article.kind);
    let asked = QuestionType::of_kind(&article.kind);
    let names = names(article);
    let mut out = Vec::new();
    for hit in engine.search_corpus(&question, pubmed::CORPUS, CANDIDATES)? {
        let Some(cited) = engine.article(&hit.id)? else {
            continue;
        };
        let Some(citation) = &cited.citation else {
            continue;
        };
        if citation.retracted || !is_about(&cited, &names) {
            continue;
        }
        let Some(reference) = cited.references.first().cloned() else {
            continue;
        };
        // Of two papers on the topic, the one on what the answer is about comes first.
        let same_type = asked.is_some_and(|t| asks_about(&cited, t));
        out.push(Finding {
            article_id: cited.id.clone(),
            evidence: citation.evidence,
            year: citation.year,
            text: finding_text(&finding_of(&cited)),
            reference,
            score: hit.score
                * if same_type {
                    ranking::TYPE_MATCH_FACTOR
                } else {
                    1.0
                },
        });
    }
    out.sort_by(|a, b| a.evidence.cmp(&b.evidence).then(b.score.total_cmp(&a.score)));
    out.truncate(MAX_FINDINGS);
    Ok(out)
}

/// The names an article's topic goes by, as stems: its topic, and each alias of two or
/// more words. A one-word alias (an abbreviation such as "SCI" or "BoNT-A", a brand)
/// also names unrelated things, and stems of one or two letters say nothing.
fn names(article: &Article) -> Vec<Vec<String>> {
    let stems = |name: &String| -> Vec<String> {
        ranking::stems(name)
            .into_iter()
            .filter(|s| s.chars().count() >= 3)
            .collect()
    };
    let topic = stems(&article.topic);
    let aliases = article.aliases.iter().map(stems).filter(|s| s.len() >= 2);
    std::iter::once(topic)
        .chain(aliases)
        .filter(|s| !s.is_empty())
        .collect()
}

/// Whether the citation's title or headings ask what `asked` asks (treatment,
/// diagnosis, ...), by the words that say so.
fn asks_about(cited: &Article, asked: QuestionType) -> bool {
    let citation = cited.citation.as_ref();
    let words: Vec<String> = std::iter::once(&cited.question)
        .chain(citation.map_or(&[][..], |c| &c.mesh[..]))
        .flat_map(|text| crate::index::analysis::words(text))
        .collect();
    vocab::question_types(&words).contains(&asked)
}

/// What a citation found: a structured abstract's conclusions (its summary), else the
/// abstract's last sentences, where an unstructured abstract concludes.
fn finding_of(cited: &Article) -> String {
    let structured = cited.sections.iter().any(|s| {
        let heading = s.heading.to_lowercase();
        ["conclusion", "interpretation", "implications"]
            .iter()
            .any(|w| heading.starts_with(w))
    });
    if structured {
        return cited.summaries.clinician.clone();
    }
    let Some(last) = cited
        .sections
        .iter()
        .rev()
        .flat_map(|s| s.blocks.iter().rev())
        .next()
    else {
        return cited.summaries.clinician.clone();
    };
    let sentences: Vec<&str> = last.text.split_inclusive(". ").collect();
    let mut out = String::new();
    for sentence in sentences.iter().rev() {
        if !out.is_empty() && out.chars().count() + sentence.chars().count() > MAX_FINDING_CHARS {
            break;
        }
        out = format!("{sentence}{out}");
    }
    out.trim().to_string()
}

/// Whether the citation is about one of `names`: its title holds every stem of the
/// name, or one of its MeSH headings or keywords is the name (give or take one word, as
/// in "Botulinum Toxins, Type A"). A heading that only contains the name among other
/// words ("Ras-related C3 Botulinum Toxin Substrate 1") is about something else.
fn is_about(cited: &Article, names: &[Vec<String>]) -> bool {
    let Some(citation) = &cited.citation else {
        return false;
    };
    let stems = |text: &String| -> HashSet<String> {
        ranking::stems(text)
            .into_iter()
            .filter(|s| s.chars().count() >= 3)
            .collect()
    };
    let title = stems(&cited.question);
    let headings: Vec<HashSet<String>> = citation
        .mesh
        .iter()
        .chain(&citation.keywords)
        .map(stems)
        .collect();
    names.iter().any(|name| {
        let within = |words: &HashSet<String>| name.iter().all(|s| words.contains(s));
        within(&title)
            || headings
                .iter()
                .any(|heading| within(heading) && heading.len() <= name.len() + 1)
    })
}

/// A conclusion short enough to quote: whole sentences up to [`MAX_FINDING_CHARS`].
fn finding_text(summary: &str) -> String {
    let summary = summary.trim();
    if summary.chars().count() <= MAX_FINDING_CHARS {
        return summary.to_string();
    }
    let mut out = String::new();
    for sentence in summary.split_inclusive(". ") {
        if !out.is_empty() && out.chars().count() + sentence.chars().count() > MAX_FINDING_CHARS {
            break;
        }
        out += sentence;
    }
    let out = out.trim_end().to_string();
    if out.chars().count() > MAX_FINDING_CHARS {
        let cut: String = out.chars().take(MAX_FINDING_CHARS - 1).collect();
        format!("{}…", cut.trim_end())
    } else {
        out
    }
}

/// The research about a passages answer: the findings about the topic of the article its
/// best passage comes from, as passages of their own to follow the answer's (each citing
/// its paper, opened by its number like any passage). Empty when the answer has no
/// passages or nothing in the library is about that topic.
pub fn for_passages(engine: &Engine, passages: &[SourcedPassage]) -> Result<Vec<SourcedPassage>, IndexError> {
    Ok(as_passages(&for_passages_findings(engine, passages)?))
}

/// The findings [`for_passages`] shows, as findings.
pub fn for_passages_findings(
    engine: &Engine,
    passages: &[SourcedPassage],
) -> Result<Vec<Finding>, IndexError> {
    let Some(best) = passages.iter().find(|p| !p.research) else {
        return Ok(Vec::new());
    };
    match engine.article(&best.article_id)? {
        Some(article) => findings(engine, &article),
        None => Ok(Vec::new()),
    }
}

/// Findings as passages: the paper's title as the question, its level of evidence and
/// year as where the passage stands, the finding as its words, the paper as its one
/// reference.
pub fn as_passages(findings: &[Finding]) -> Vec<SourcedPassage> {
    findings
        .iter()
        .map(|f| SourcedPassage {
            article_id: f.article_id.clone(),
            question: f.reference.title.clone(),
            topic: f.evidence.label().to_string(),
            heading: f.year.map(|y| y.to_string()).unwrap_or_default(),
            text: f.text.clone(),
            references: vec![Reference {
                n: 1,
                kind: ReferenceKind::Research,
                ..f.reference.clone()
            }],
            score: f.score,
            research: true,
        })
        .collect()
}

/// `article` with its findings added: a research section for each level of evidence
/// found, strongest first, each finding a bullet citing its paper, numbered after the
/// article's own references. The stored article is unchanged; this is what is shown.
pub fn with_findings(article: &Article, findings: &[Finding]) -> Article {
    let mut out = article.clone();
    let first = out.references.iter().map(|r| r.n).max().unwrap_or(0) + 1;
    for (n, finding) in (first..).zip(findings) {
        out.references.push(Reference {
            n,
            kind: ReferenceKind::Research,
            ..finding.reference.clone()
        });
        let heading = format!("In your library: {}", plural(finding.evidence));
        let block = Block {
            kind: BlockKind::Bullet,
            text: match finding.year {
                Some(year) => format!("{} ({}, {year})", finding.text, finding.evidence.label()),
                None => format!("{} ({})", finding.text, finding.evidence.label()),
            },
            refs: vec![n],
        };
        match out.sections.last_mut() {
            Some(last) if last.heading == heading => last.blocks.push(block),
            _ => out.sections.push(Section {
                heading,
                role: Role::Research,
                blocks: vec![block],
            }),
        }
    }
    out
}

/// How a section of findings of one level is headed.
fn plural(level: Evidence) -> &'static str {
    match level {
        Evidence::Guideline => "practice guidelines",
        Evidence::MetaAnalysis => "meta-analyses",
        Evidence::SystematicReview => "systematic reviews",
        Evidence::RandomisedControlledTrial => "randomised controlled trials",
        Evidence::CohortOrCaseControl => "cohort and case-control studies",
        Evidence::CaseReport => "case reports",
        Evidence::Review => "reviews",
        Evidence::Other => "other studies",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_conclusion_is_cut_at_a_sentence() {
        let long = format!("{} Second sentence here.", "First sentence is long. ".repeat(20));
        let cut = finding_text(&long);
        assert!(cut.chars().count() <= MAX_FINDING_CHARS, "{cut}");
        assert!(cut.ends_with('.'), "{cut}");
        assert_eq!(finding_text("Short."), "Short.");
    }
}
