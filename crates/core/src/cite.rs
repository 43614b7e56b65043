//! Exports for reference managers: an article's references (a research citation's
//! being the paper itself, with its full record) as RIS or BibTeX, the two formats
//! Zotero, EndNote, Mendeley and LaTeX read.

use crate::article::{Article, Citation, Reference, ReferenceKind};

/// What kind of work an entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    /// A journal article.
    Journal,
    /// A guideline or other report by an issuing body.
    Report,
    /// A web page.
    Web,
}

/// One work to cite, in the terms both formats share.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// What kind of work it is.
    pub kind: EntryKind,
    /// The title.
    pub title: String,
    /// Authors, each `Family, Given` (or a group's name).
    pub authors: Vec<String>,
    /// The journal, issuing body or website.
    pub source: String,
    /// The journal's abbreviation.
    pub abbreviation: Option<String>,
    /// Year of publication.
    pub year: Option<u16>,
    /// The volume.
    pub volume: Option<String>,
    /// The issue.
    pub issue: Option<String>,
    /// The first and last page.
    pub pages: Option<(String, Option<String>)>,
    /// The DOI.
    pub doi: Option<String>,
    /// The PMID.
    pub pmid: Option<String>,
    /// The PubMed Central id.
    pub pmc: Option<String>,
    /// A link to the work.
    pub url: Option<String>,
    /// The abstract.
    pub abstract_text: Option<String>,
    /// Keywords and MeSH headings.
    pub keywords: Vec<String>,
    /// Whether the work was retracted.
    pub retracted: bool,
}

/// The entries an article's references make: a research citation's own full record, or
/// every reference of an answer, in their order.
pub fn entries(article: &Article) -> Vec<Entry> {
    match &article.citation {
        Some(citation) => vec![from_citation(article, citation)],
        None => article.references.iter().map(from_reference).collect(),
    }
}

/// `556-9` → (`556`, `559`): MEDLINE shortens the last page to the digits that change.
fn page_range(pages: &str) -> (String, Option<String>) {
    let Some((first, last)) = pages.split_once('-') else {
        return (pages.trim().to_string(), None);
    };
    let (first, last) = (first.trim(), last.trim());
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let last = if digits(first) && digits(last) && last.len() < first.len() {
        format!("{}{last}", &first[..first.len() - last.len()])
    } else {
        last.to_string()
    };
    (first.to_string(), (!last.is_empty()).then_some(last))
}

fn from_citation(article: &Article, citation: &Citation) -> Entry {
    let abstract_text: Vec<&str> = article
        .sections
        .iter()
        .filter(|s| s.heading != "Retracted")
        .flat_map(|s| s.blocks.iter().map(|b| b.text.as_str()))
        .collect();
    Entry {
        kind: EntryKind::Journal,
        title: article.question.clone(),
        authors: citation.authors.clone(),
        source: citation.journal.clone(),
        abbreviation: citation.journal_abbreviation.clone(),
        year: citation.year,
        volume: citation.volume.clone(),
        issue: citation.issue.clone(),
        pages: citation.pages.as_deref().map(page_range),
        doi: citation.doi.clone(),
        pmid: citation.pmid.clone(),
        pmc: citation.pmc.clone(),
        url: article.url.clone(),
        abstract_text: (!abstract_text.is_empty()).then(|| abstract_text.join(" ")),
        keywords: citation.keywords.iter().chain(&citation.mesh).cloned().collect(),
        retracted: citation.retracted,
    }
}

/// Authors as a reference list writes them (`Ben Abacha A, Demner-Fushman D`), each
/// as `Family, Initials`; "et al." is dropped.
fn split_authors(authors: &str) -> Vec<String> {
    authors
        .split(", ")
        .map(str::trim)
        .filter(|a| !a.is_empty() && !a.eq_ignore_ascii_case("et al.") && !a.eq_ignore_ascii_case("et al"))
        .map(|a| match a.rsplit_once(' ') {
            Some((family, initials)) if initials.chars().all(|c| c.is_uppercase()) => {
                format!("{family}, {initials}")
            }
            _ => a.to_string(),
        })
        .collect()
}

fn from_reference(reference: &Reference) -> Entry {
    Entry {
        kind: match reference.kind {
            ReferenceKind::Research => EntryKind::Journal,
            ReferenceKind::Guideline => EntryKind::Report,
            ReferenceKind::Web => EntryKind::Web,
        },
        title: reference.title.clone(),
        authors: reference
            .authors
            .as_deref()
            .map(split_authors)
            .unwrap_or_default(),
        source: reference.source.clone(),
        abbreviation: None,
        year: reference.year,
        volume: None,
        issue: None,
        pages: None,
        doi: reference.doi.clone(),
        pmid: reference.pmid.clone(),
        pmc: None,
        url: reference
            .url
            .clone()
            .or_else(|| reference.pmid.as_deref().map(crate::corpus::pubmed::pubmed_url)),
        abstract_text: None,
        keywords: Vec::new(),
        retracted: false,
    }
}

/// Line breaks inside a value would start a new RIS field.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The entries as RIS, one `TY` … `ER` record each.
pub fn to_ris(entries: &[Entry]) -> String {
    let mut out = String::new();
    for entry in entries {
        let mut field = |tag: &str, value: &str| {
            if !value.trim().is_empty() {
                out += &format!("{tag}  - {}\n", one_line(value));
            }
        };
        field(
            "TY",
            match entry.kind {
                EntryKind::Journal => "JOUR",
                EntryKind::Report => "RPRT",
                EntryKind::Web => "ELEC",
            },
        );
        field("TI", &entry.title);
        for author in &entry.authors {
            field("AU", author);
        }
        field("T2", &entry.source);
        field("JO", entry.abbreviation.as_deref().unwrap_or_default());
        field("PY", &entry.year.map(|y| y.to_string()).unwrap_or_default());
        field("VL", entry.volume.as_deref().unwrap_or_default());
        field("IS", entry.issue.as_deref().unwrap_or_default());
        if let Some((first, last)) = &entry.pages {
            field("SP", first);
            field("EP", last.as_deref().unwrap_or_default());
        }
        field("DO", entry.doi.as_deref().unwrap_or_default());
        field("AN", entry.pmid.as_deref().unwrap_or_default());
        field("C2", entry.pmc.as_deref().unwrap_or_default());
        field("UR", entry.url.as_deref().unwrap_or_default());
        field("AB", entry.abstract_text.as_deref().unwrap_or_default());
        for keyword in &entry.keywords {
            field("KW", keyword);
        }
        if entry.retracted {
            field("N1", "Retracted publication");
        }
        out += "ER  - \n\n";
    }
    out
}

/// Text as a BibTeX value: LaTeX's special characters escaped, braces kept balanced.
fn bibtex_text(text: &str) -> String {
    let mut out = String::new();
    for c in one_line(text).chars() {
        match c {
            '\\' => out += "\\textbackslash{}",
            '{' | '}' => out.push(if c == '{' { '(' } else { ')' }),
            '&' | '%' | '$' | '#' | '_' => {
                out.push('\\');
                out.push(c);
            }
            '~' => out += "\\textasciitilde{}",
            '^' => out += "\\textasciicircum{}",
            _ => out.push(c),
        }
    }
    out
}

/// A value read verbatim (DOIs, URLs): only braces, which would end it, are dropped.
fn bibtex_verbatim(text: &str) -> String {
    one_line(text).replace(['{', '}'], "")
}

/// A citation key: the first author's family name, the year and the title's first long
/// word, in ASCII lower case (`okafor2021tizanidine`).
fn key_of(entry: &Entry) -> String {
    let ascii = |s: &str| -> String {
        s.chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
            .collect()
    };
    let family = entry
        .authors
        .first()
        .map(|a| {
            a.split(',')
                .next()
                .unwrap_or(a)
                .split_whitespace()
                .next()
                .unwrap_or_default()
                .to_string()
        })
        .map(|f| ascii(&f))
        .filter(|f| !f.is_empty())
        .unwrap_or_else(|| ascii(entry.source.split_whitespace().next().unwrap_or("ref")));
    let word = entry
        .title
        .split(|c: char| !c.is_alphanumeric())
        .find(|w| w.chars().count() > 3)
        .map(ascii)
        .unwrap_or_default();
    let year = entry.year.map(|y| y.to_string()).unwrap_or_default();
    let key = format!("{family}{year}{word}");
    if key.is_empty() { "ref".to_string() } else { key }
}

/// The entries as BibTeX, with keys made unique by a letter where two would clash.
pub fn to_bibtex(entries: &[Entry]) -> String {
    let mut used: Vec<String> = Vec::new();
    let mut out = String::new();
    for entry in entries {
        let base = key_of(entry);
        let mut key = base.clone();
        let mut suffix = b'a';
        while used.contains(&key) && suffix <= b'z' {
            key = format!("{base}{}", suffix as char);
            suffix += 1;
        }
        used.push(key.clone());
        let kind = match entry.kind {
            EntryKind::Journal => "article",
            EntryKind::Report => "techreport",
            EntryKind::Web => "misc",
        };
        let mut fields: Vec<(&str, String)> = Vec::new();
        let authors: Vec<String> = entry
            .authors
            .iter()
            .map(|a| {
                if a.contains(',') {
                    bibtex_text(a)
                } else {
                    format!("{{{}}}", bibtex_text(a))
                }
            })
            .collect();
        if !authors.is_empty() {
            fields.push(("author", authors.join(" and ")));
        }
        fields.push(("title", bibtex_text(&entry.title)));
        let source = match entry.kind {
            EntryKind::Journal => "journal",
            EntryKind::Report => "institution",
            EntryKind::Web => "howpublished",
        };
        fields.push((source, bibtex_text(&entry.source)));
        let optional = [
            ("year", entry.year.map(|y| y.to_string())),
            ("volume", entry.volume.as_deref().map(bibtex_text)),
            ("number", entry.issue.as_deref().map(bibtex_text)),
            (
                "pages",
                entry.pages.as_ref().map(|(first, last)| match last {
                    Some(last) => format!("{}--{}", bibtex_text(first), bibtex_text(last)),
                    None => bibtex_text(first),
                }),
            ),
            ("doi", entry.doi.as_deref().map(bibtex_verbatim)),
            ("pmid", entry.pmid.clone()),
            ("pmcid", entry.pmc.as_deref().map(bibtex_verbatim)),
            ("url", entry.url.as_deref().map(bibtex_verbatim)),
            ("abstract", entry.abstract_text.as_deref().map(bibtex_text)),
            (
                "keywords",
                (!entry.keywords.is_empty()).then(|| bibtex_text(&entry.keywords.join("; "))),
            ),
            (
                "note",
                entry.retracted.then(|| "Retracted publication".to_string()),
            ),
        ];
        fields.extend(
            optional
                .into_iter()
                .filter_map(|(name, value)| value.map(|v| (name, v))),
        );
        out += &format!("@{kind}{{{key},\n");
        let lines: Vec<String> = fields
            .iter()
            .map(|(name, value)| format!("  {name} = {{{value}}}"))
            .collect();
        out += &lines.join(",\n");
        out += "\n}\n\n";
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortened_last_pages_are_written_in_full() {
        assert_eq!(page_range("556-9"), ("556".to_string(), Some("559".to_string())));
        assert_eq!(
            page_range("101-109"),
            ("101".to_string(), Some("109".to_string()))
        );
        assert_eq!(page_range("e1234"), ("e1234".to_string(), None));
    }

    #[test]
    fn bibtex_escapes_what_latex_would_read_as_markup() {
        assert_eq!(
            bibtex_text("walking & self-care, 5% {x}"),
            "walking \\& self-care, 5\\% (x)"
        );
        assert_eq!(bibtex_verbatim("10.1/a_b{"), "10.1/a_b");
    }

    #[test]
    fn a_reference_list_becomes_one_entry_each_with_unique_keys() {
        let reference = |n: u32, kind: ReferenceKind| Reference {
            n,
            kind,
            title: "Clonus: definition, mechanism, treatment".to_string(),
            source: "Medicinski glasnik".to_string(),
            year: Some(2015),
            authors: Some("Boyraz I, Uysal H, et al.".to_string()),
            pmid: None,
            doi: None,
            url: None,
        };
        let entries: Vec<Entry> = [
            reference(1, ReferenceKind::Research),
            reference(2, ReferenceKind::Guideline),
        ]
        .iter()
        .map(from_reference)
        .collect();
        assert_eq!(entries[0].authors, ["Boyraz, I", "Uysal, H"]);
        let bibtex = to_bibtex(&entries);
        assert!(bibtex.contains("@article{boyraz2015clonus,"), "{bibtex}");
        assert!(bibtex.contains("@techreport{boyraz2015clonusa,"), "{bibtex}");
        assert!(bibtex.contains("author = {Boyraz, I and Uysal, H}"), "{bibtex}");
        let ris = to_ris(&entries);
        assert_eq!(ris.matches("ER  - ").count(), 2);
        assert!(
            ris.starts_with("TY  - JOUR\nTI  - Clonus: definition, mechanism, treatment\nAU  - Boyraz, I\n")
        );
    }
}
