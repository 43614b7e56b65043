//! One citation as any of the formats records it, and how it becomes an [`Article`] of
//! kind research: its abstract as headed groups, its reference itself.

use xxhash_rust::xxh3::xxh3_64;

use super::CORPUS;
use super::evidence::{evidence_level, is_retraction_type};
use crate::article::{
    Article, Block, BlockKind, Citation, Evidence, Reference, ReferenceKind, Role, Section, Source, Status,
    Summaries,
};
use crate::corpus::medquad::{collapse, summary_of};

/// A citation as read, before it becomes an article. Every format fills what it has.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Record {
    /// Line of the file where the record starts.
    pub line: usize,
    /// PubMed's id, digits only.
    pub pmid: Option<String>,
    /// The DOI, without a resolver prefix.
    pub doi: Option<String>,
    /// PubMed Central id (`PMC…`).
    pub pmc: Option<String>,
    /// The article's title.
    pub title: String,
    /// The abstract's parts in order: a label (`BACKGROUND`) where the abstract is
    /// structured, and the text.
    pub abstract_parts: Vec<(Option<String>, String)>,
    /// The journal's full title.
    pub journal: String,
    /// The journal's abbreviation.
    pub journal_abbreviation: Option<String>,
    /// Year of publication.
    pub year: Option<u16>,
    /// When the record was last revised, `YYYY-MM-DD` or a part of it.
    pub updated: Option<String>,
    /// The volume.
    pub volume: Option<String>,
    /// The issue.
    pub issue: Option<String>,
    /// The pages.
    pub pages: Option<String>,
    /// Authors, each `Family, Given` or a group's name.
    pub authors: Vec<String>,
    /// MeSH descriptors, in the order assigned.
    pub mesh: Vec<String>,
    /// The descriptors marked as the paper's major topics.
    pub major_mesh: Vec<String>,
    /// Author keywords.
    pub keywords: Vec<String>,
    /// Publication types.
    pub publication_types: Vec<String>,
    /// A retraction notice names this paper.
    pub retracted: bool,
    /// A link the record gives (RIS `UR`).
    pub url: Option<String>,
}

/// MeSH headings that say who or what was studied, not what the paper is about (NLM's
/// "check tags"): never a citation's topic.
const CHECK_TAGS: &[&str] = &[
    "adolescent",
    "adult",
    "aged",
    "aged, 80 and over",
    "animals",
    "child",
    "child, preschool",
    "female",
    "humans",
    "infant",
    "infant, newborn",
    "male",
    "mice",
    "middle aged",
    "pregnancy",
    "rats",
    "young adult",
];

/// Abstract labels whose text says what a paper concluded: its summary.
const CONCLUSION_LABELS: &[&str] = &["CONCLUSION", "CONCLUSIONS", "INTERPRETATION", "IMPLICATIONS"];

/// PubMed's page for a PMID.
pub fn pubmed_url(pmid: &str) -> String {
    format!("https://pubmed.ncbi.nlm.nih.gov/{pmid}/")
}

/// The article id of the citation with this PMID.
pub fn article_id_for_pmid(pmid: &str) -> String {
    format!("{CORPUS}-{pmid}")
}

/// Lower-case letters and digits, every other run as one `-`.
fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_string()
}

/// Whether a PMID is one: digits, at most 12 of them.
pub fn is_pmid(text: &str) -> bool {
    !text.is_empty() && text.len() <= 12 && text.bytes().all(|b| b.is_ascii_digit())
}

/// A DOI as written in any of the usual forms (`doi:…`, a resolver URL), bare.
pub fn clean_doi(text: &str) -> Option<String> {
    let text = text.trim();
    let lower = text.to_ascii_lowercase();
    let start = lower.find("10.")?;
    let doi = text[start..].split_whitespace().next()?;
    (doi.contains('/')).then(|| doi.trim_end_matches(['.', ',', ';']).to_string())
}

/// `Manganaris, A` → `Manganaris A`: how a reference list names an author.
pub fn vancouver(author: &str) -> String {
    let Some((family, given)) = author.split_once(',') else {
        return author.trim().to_string();
    };
    let given = given.trim();
    let initials: String = if given.len() <= 3 && given.chars().all(|c| c.is_uppercase() || c == ' ') {
        given.chars().filter(|c| !c.is_whitespace()).collect()
    } else {
        given
            .split(|c: char| c.is_whitespace() || c == '-' || c == '.')
            .filter_map(|part| part.chars().next())
            .filter(|c| c.is_alphabetic())
            .flat_map(char::to_uppercase)
            .collect()
    };
    format!("{} {initials}", family.trim()).trim().to_string()
}

/// Authors as a reference list writes them: six, then "et al.".
fn author_line(authors: &[String]) -> Option<String> {
    if authors.is_empty() {
        return None;
    }
    let mut names: Vec<String> = authors.iter().take(6).map(|a| vancouver(a)).collect();
    if authors.len() > 6 {
        names.push("et al.".to_string());
    }
    Some(names.join(", "))
}

/// `BACKGROUND` → `Background`, `MATERIALS AND METHODS` → `Materials and methods`.
fn heading_of(label: &str) -> String {
    let lower = label.trim().trim_end_matches(':').to_lowercase();
    let mut chars = lower.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Splits an abstract written as one text with labels in capitals ("BACKGROUND: … METHODS:
/// …", as MEDLINE text and RIS carry a structured abstract) into its parts.
pub fn split_labels(text: &str) -> Vec<(Option<String>, String)> {
    let mut parts: Vec<(Option<String>, String)> = Vec::new();
    let mut label: Option<String> = None;
    let mut start = 0;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let at_start =
            i == 0 || (i >= 2 && bytes[i - 1] == b' ' && matches!(bytes[i - 2], b'.' | b'?' | b'!' | b')'));
        if at_start && let Some(len) = label_len(&text[i..]) {
            let before = text[start..i].trim();
            if !before.is_empty() || label.is_some() {
                parts.push((label.take(), before.to_string()));
            }
            label = Some(text[i..i + len - 1].trim().to_string());
            i += len;
            start = i;
            continue;
        }
        i += 1;
    }
    let rest = text[start..].trim();
    if !rest.is_empty() || label.is_some() {
        parts.push((label, rest.to_string()));
    }
    parts.retain(|(_, text)| !text.is_empty());
    parts
}

/// The length of a label (`METHODS:`, `MATERIALS AND METHODS:`) opening `text`, colon
/// included: two or more capitals, and spaces between words, at most 40 characters.
fn label_len(text: &str) -> Option<usize> {
    let colon = text
        .char_indices()
        .take(41)
        .find(|(_, c)| *c == ':')
        .map(|(i, _)| i)?;
    let label = &text[..colon];
    let letters = label.chars().filter(char::is_ascii_uppercase).count();
    let ok = letters >= 2
        && label
            .chars()
            .all(|c| c.is_ascii_uppercase() || matches!(c, ' ' | '&' | '/' | '-' | ','))
        && !label.starts_with(' ')
        && text[colon + 1..].starts_with(' ');
    ok.then_some(colon + 1)
}

impl Record {
    /// The article id: `pubmed-PMID`, else one made from the DOI, else from title and
    /// year, so a re-import finds the same citation again.
    pub fn article_id(&self) -> String {
        if let Some(pmid) = &self.pmid {
            return article_id_for_pmid(pmid);
        }
        if let Some(doi) = &self.doi {
            return format!("{CORPUS}-doi-{}", slug(doi));
        }
        let key = format!("{}|{:?}", slug(&self.title), self.year);
        format!("{CORPUS}-ref-{:016x}", xxh3_64(key.as_bytes()))
    }

    /// The abstract's parts, structured where the text carries labels.
    fn parts(&self) -> Vec<(Option<String>, String)> {
        let parts: Vec<(Option<String>, String)> = self
            .abstract_parts
            .iter()
            .map(|(label, text)| (label.clone(), collapse(text)))
            .filter(|(_, text)| !text.is_empty())
            .collect();
        match parts.as_slice() {
            [(None, text)] => split_labels(text),
            _ => parts,
        }
    }

    /// The abstract as sections: one per label (a structured abstract's BACKGROUND,
    /// METHODS, RESULTS, CONCLUSIONS as headed groups), or one "Abstract"; each block
    /// cites the paper itself.
    fn sections(&self) -> Vec<Section> {
        let mut sections: Vec<Section> = Vec::new();
        if self.retracted {
            sections.push(Section {
                heading: "Retracted".to_string(),
                role: Role::Research,
                blocks: vec![Block {
                    kind: BlockKind::Paragraph,
                    text: "This paper has been retracted; do not rely on its findings.".to_string(),
                    refs: vec![1],
                }],
            });
        }
        for (label, text) in self.parts() {
            let heading = label
                .as_deref()
                .map_or_else(|| "Abstract".to_string(), heading_of);
            let block = Block {
                kind: BlockKind::Paragraph,
                text,
                refs: vec![1],
            };
            match sections.last_mut() {
                Some(last) if last.heading == heading && last.heading != "Retracted" => {
                    last.blocks.push(block);
                }
                _ => sections.push(Section {
                    heading,
                    role: Role::Research,
                    blocks: vec![block],
                }),
            }
        }
        sections
    }

    /// What the paper is about: its first major MeSH topic, else its first subject
    /// heading or keyword, else its title.
    fn topic(&self) -> String {
        let subject = |name: &&String| !CHECK_TAGS.contains(&name.to_lowercase().as_str());
        self.major_mesh
            .iter()
            .find(subject)
            .or_else(|| self.mesh.iter().find(subject))
            .or_else(|| self.keywords.first())
            .cloned()
            .unwrap_or_else(|| self.title.clone())
    }

    /// The summary both audiences read: the conclusions of a structured abstract, else
    /// its first sentences.
    fn summary(&self, sections: &[Section]) -> String {
        let parts = self.parts();
        let concluded = parts.iter().rev().find(|(label, _)| {
            label
                .as_deref()
                .is_some_and(|l| CONCLUSION_LABELS.contains(&l.trim().to_ascii_uppercase().as_str()))
        });
        let summary = match concluded {
            Some((_, text)) => text.clone(),
            None => {
                let blocks: Vec<Block> = sections
                    .iter()
                    .filter(|s| s.heading != "Retracted")
                    .flat_map(|s| s.blocks.iter().cloned())
                    .collect();
                summary_of(&blocks)
            }
        };
        let summary = if summary.is_empty() {
            "No abstract is available; the citation is below.".to_string()
        } else {
            summary
        };
        if self.retracted {
            format!("Retracted. {summary}")
        } else {
            summary
        }
    }

    /// The bibliographic record kept with the article.
    fn citation(&self) -> Citation {
        let retracted = self.retracted || self.publication_types.iter().any(|t| is_retraction_type(t));
        Citation {
            pmid: self.pmid.clone(),
            doi: self.doi.clone(),
            pmc: self.pmc.clone(),
            journal: self.journal.clone(),
            journal_abbreviation: self.journal_abbreviation.clone(),
            year: self.year,
            volume: self.volume.clone(),
            issue: self.issue.clone(),
            pages: self.pages.clone(),
            authors: self.authors.clone(),
            mesh: self.mesh.clone(),
            keywords: self.keywords.clone(),
            publication_types: self.publication_types.clone(),
            evidence: evidence_level(&self.publication_types, &self.mesh),
            retracted,
        }
    }

    /// The article a reader opens for this citation: kind research, the abstract as its
    /// sections, and its one reference the paper itself.
    pub fn to_article(&self) -> Article {
        let mut record = self.clone();
        record.retracted = self.retracted || self.publication_types.iter().any(|t| is_retraction_type(t));
        let citation = record.citation();
        let sections = record.sections();
        let summary = record.summary(&sections);
        let pubmed = record.pmid.as_deref().map(pubmed_url);
        let doi_url = record.doi.as_ref().map(|doi| format!("https://doi.org/{doi}"));
        let url = pubmed.or(doi_url).or_else(|| record.url.clone());
        let journal = if record.journal.is_empty() {
            record.journal_abbreviation.clone().unwrap_or_default()
        } else {
            record.journal.clone()
        };
        // MEDLINE ends every title with a full stop; a reference list adds its own.
        let title = collapse(&record.title);
        let title = title.strip_suffix('.').unwrap_or(&title).to_string();
        Article {
            id: record.article_id(),
            question: title.clone(),
            asked_as: None,
            topic: record.topic(),
            aliases: Vec::new(),
            kind: "research".to_string(),
            specialty: String::new(),
            source: Source {
                corpus: CORPUS.to_string(),
                publisher: if journal.is_empty() {
                    "PubMed".to_string()
                } else {
                    journal.clone()
                },
                // What kind of study it is, beside the journal in the source line.
                collection: match citation.evidence {
                    Evidence::Other => String::new(),
                    level => level.label().to_string(),
                },
            },
            url: url.clone(),
            // Published in a journal, never reviewed by curbside.
            status: Status::Published,
            updated: record
                .updated
                .clone()
                .or_else(|| record.year.map(|y| y.to_string()))
                .unwrap_or_default(),
            summaries: Summaries {
                clinician: summary.clone(),
                patient: summary,
            },
            sections,
            related: Vec::new(),
            follow_ups: Vec::new(),
            references: vec![Reference {
                n: 1,
                kind: ReferenceKind::Research,
                title,
                source: journal,
                year: record.year,
                authors: author_line(&record.authors),
                pmid: record.pmid.clone(),
                doi: record.doi.clone(),
                url,
            }],
            citation: Some(citation),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_in_capitals_split_an_abstract_into_parts() {
        let parts = split_labels(
            "BACKGROUND: Clonus is common. MATERIALS AND METHODS: We counted beats (5-8 Hz). RESULTS: \
             Ratio 2:1 held. CONCLUSIONS: It works.",
        );
        let labels: Vec<_> = parts.iter().map(|(l, _)| l.as_deref().unwrap_or("-")).collect();
        assert_eq!(
            labels,
            ["BACKGROUND", "MATERIALS AND METHODS", "RESULTS", "CONCLUSIONS"]
        );
        assert_eq!(parts[2].1, "Ratio 2:1 held.");
        let plain = split_labels("We studied 12 patients: all improved. Time: 10:30.");
        assert_eq!(
            plain,
            [(
                None,
                "We studied 12 patients: all improved. Time: 10:30.".to_string()
            )]
        );
    }

    #[test]
    fn authors_read_as_a_reference_list_names_them() {
        assert_eq!(vancouver("Chandrasekaran, Bharath"), "Chandrasekaran B");
        assert_eq!(vancouver("Gandour, Jackson T"), "Gandour JT");
        assert_eq!(vancouver("Blume, F R"), "Blume FR");
        assert_eq!(vancouver("NICE Guideline Group"), "NICE Guideline Group");
    }

    #[test]
    fn ids_come_from_the_pmid_else_the_doi_else_title_and_year() {
        let mut record = Record {
            title: "A title".to_string(),
            doi: Some("10.1000/XYZ.1".to_string()),
            ..Record::default()
        };
        assert_eq!(record.article_id(), "pubmed-doi-10-1000-xyz-1");
        record.pmid = Some("123".to_string());
        assert_eq!(record.article_id(), "pubmed-123");
        record.pmid = None;
        record.doi = None;
        assert!(crate::article::is_article_id(&record.article_id()));
    }

    #[test]
    fn dois_are_found_in_their_usual_forms() {
        assert_eq!(
            clean_doi("https://doi.org/10.1/ab.c").as_deref(),
            Some("10.1/ab.c")
        );
        assert_eq!(
            clean_doi("10.1016/j.x.2006.12.012 [doi]").as_deref(),
            Some("10.1016/j.x.2006.12.012")
        );
        assert_eq!(clean_doi("S0901-5027(06)00510-8 [pii]"), None);
    }
}
