//! Validation of articles: every problem with the file, the line and column (for JSON that
//! does not parse or does not fit the model) or the JSON path (for content that is wrong).

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::article::{Article, Reference, is_article_id};

/// How serious a problem is: whether the articles can still be loaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth fixing, but the article is still loaded and shown.
    Warning,
    /// The article cannot be used: the corpus holding it fails to load.
    Error,
}

/// One thing wrong with an article, located as precisely as the input allows.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Problem {
    /// Whether the problem stops the corpus loading or is only a warning.
    pub severity: Severity,
    /// The article file the problem is in.
    pub file: PathBuf,
    /// The line the problem is on, from 1, when the input locates it (JSON that does not
    /// parse or does not fit the model).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// The column on that line, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    /// JSON path inside the file, such as `sections[1].blocks[3].refs[0]`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// What is wrong, in words for the article's author.
    pub message: String,
}

impl Problem {
    fn error(file: &Path, path: impl Into<String>, message: impl Into<String>) -> Self {
        Problem {
            severity: Severity::Error,
            file: file.to_path_buf(),
            line: None,
            column: None,
            path: Some(path.into()),
            message: message.into(),
        }
    }

    fn warning(file: &Path, path: impl Into<String>, message: impl Into<String>) -> Self {
        Problem {
            severity: Severity::Warning,
            ..Problem::error(file, path, message)
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, ": {label}")?;
        if let Some(path) = &self.path {
            write!(f, ": {path}")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Fields an article cannot do without, checked before deserialising so that every
/// missing one is reported, not just the first.
const REQUIRED: &[&str] = &[
    "id",
    "question",
    "topic",
    "kind",
    "source",
    "status",
    "updated",
    "summaries",
];

/// Parses one article file. On failure returns every problem found in it.
pub fn parse_article(file: &Path, text: &str) -> Result<Article, Vec<Problem>> {
    let value: Value = serde_json::from_str(text).map_err(|e| vec![json_problem(file, &e, None)])?;
    let Some(object) = value.as_object() else {
        return Err(vec![Problem::error(
            file,
            "$",
            "an article must be a JSON object",
        )]);
    };
    let missing: Vec<Problem> = REQUIRED
        .iter()
        .filter(|key| !object.contains_key(**key))
        .map(|key| Problem::error(file, *key, format!("missing required field `{key}`")))
        .collect();
    if !missing.is_empty() {
        return Err(missing);
    }
    let mut de = serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize::<_, Article>(&mut de).map_err(|e| {
        let path = e.path().to_string();
        vec![json_problem(file, e.inner(), Some(path))]
    })
}

fn json_problem(file: &Path, e: &serde_json::Error, path: Option<String>) -> Problem {
    Problem {
        severity: Severity::Error,
        file: file.to_path_buf(),
        line: Some(e.line()),
        column: Some(e.column()),
        path: path.filter(|p| p != "."),
        message: crate::location::json_message(e),
    }
}

/// Checks articles that parsed: content, references, links. `known_ids` are ids outside
/// `articles` that links may also point to (other corpora).
pub fn check_articles(articles: &[(PathBuf, Article)], known_ids: &HashSet<String>) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut seen: HashMap<&str, &Path> = HashMap::new();
    for (file, article) in articles {
        if let Some(first) = seen.insert(&article.id, file) {
            problems.push(Problem::error(
                file,
                "id",
                format!("duplicate id `{}` (also in {})", article.id, first.display()),
            ));
        }
    }
    let ids: HashSet<&str> = articles.iter().map(|(_, a)| a.id.as_str()).collect();
    let resolves = |id: &str| ids.contains(id) || known_ids.contains(id);
    for (file, article) in articles {
        check_one(file, article, &resolves, &mut problems);
    }
    problems
}

fn check_one(file: &Path, a: &Article, resolves: &dyn Fn(&str) -> bool, out: &mut Vec<Problem>) {
    if !is_article_id(&a.id) {
        out.push(Problem::error(
            file,
            "id",
            format!("`{}` is not a slug (lower-case letters, digits, `-`, `_`)", a.id),
        ));
    }
    let stem = file.file_stem().and_then(|s| s.to_str());
    if file.extension().is_some_and(|x| x == "json") && stem.is_some_and(|s| s != a.id) {
        out.push(Problem::warning(
            file,
            "id",
            format!("id `{}` differs from the file name", a.id),
        ));
    }
    for (field, value) in [
        ("question", &a.question),
        ("topic", &a.topic),
        ("kind", &a.kind),
        ("source.corpus", &a.source.corpus),
        ("source.publisher", &a.source.publisher),
        ("summaries.clinician", &a.summaries.clinician),
        ("summaries.patient", &a.summaries.patient),
    ] {
        if value.trim().is_empty() {
            out.push(Problem::error(file, field, "must not be empty"));
        }
    }
    if !is_partial_date(&a.updated) {
        out.push(Problem::error(
            file,
            "updated",
            format!("`{}` is not a date (YYYY-MM-DD, YYYY-MM or YYYY)", a.updated),
        ));
    }

    let numbers: HashSet<u32> = a.references.iter().map(|r| r.n).collect();
    let mut cited = HashSet::new();
    for (si, section) in a.sections.iter().enumerate() {
        if section.heading.trim().is_empty() {
            out.push(Problem::error(
                file,
                format!("sections[{si}].heading"),
                "must not be empty",
            ));
        }
        for (bi, block) in section.blocks.iter().enumerate() {
            let at = format!("sections[{si}].blocks[{bi}]");
            if block.text.trim().is_empty() {
                out.push(Problem::error(file, format!("{at}.text"), "must not be empty"));
            }
            for (ri, n) in block.refs.iter().enumerate() {
                cited.insert(*n);
                if !numbers.contains(n) {
                    out.push(Problem::error(
                        file,
                        format!("{at}.refs[{ri}]"),
                        format!("cites reference {n}, which the article does not list"),
                    ));
                }
            }
        }
    }

    let mut numbered = HashSet::new();
    for (i, r) in a.references.iter().enumerate() {
        if !numbered.insert(r.n) {
            out.push(Problem::error(
                file,
                format!("references[{i}].n"),
                format!("reference number {} is used twice", r.n),
            ));
        }
        let uncited = !cited.contains(&r.n) && a.is_answered();
        check_reference(file, i, r, uncited, out);
    }

    for (i, id) in a.related.iter().enumerate() {
        if id == &a.id {
            out.push(Problem::error(
                file,
                format!("related[{i}]"),
                "an article cannot be related to itself",
            ));
        } else if !resolves(id) {
            out.push(Problem::error(
                file,
                format!("related[{i}]"),
                format!("related id `{id}` resolves to no article"),
            ));
        }
    }
    for (i, follow_up) in a.follow_ups.iter().enumerate() {
        if follow_up.trim().is_empty() {
            out.push(Problem::error(
                file,
                format!("follow_ups[{i}]"),
                "must not be empty",
            ));
        } else if is_article_id(follow_up) && !resolves(follow_up) {
            out.push(Problem::error(
                file,
                format!("follow_ups[{i}]"),
                format!("follow-up id `{follow_up}` resolves to no article"),
            ));
        }
    }
}

/// One reference: numbered from 1, a title and source, cited when the article answers,
/// and checkable: a well-formed PMID, DOI or URL, and a warning when it has none.
fn check_reference(file: &Path, i: usize, r: &Reference, uncited: bool, out: &mut Vec<Problem>) {
    let at = format!("references[{i}]");
    if r.n == 0 {
        out.push(Problem::error(
            file,
            format!("{at}.n"),
            "reference numbers start at 1",
        ));
    }
    if r.title.trim().is_empty() {
        out.push(Problem::error(file, format!("{at}.title"), "must not be empty"));
    }
    if r.source.trim().is_empty() {
        out.push(Problem::error(file, format!("{at}.source"), "must not be empty"));
    }
    if uncited {
        out.push(Problem::warning(
            file,
            at.clone(),
            format!("reference {} is never cited", r.n),
        ));
    }
    if let Some(pmid) = &r.pmid
        && !is_pmid(pmid)
    {
        out.push(Problem::error(
            file,
            format!("{at}.pmid"),
            format!("`{pmid}` is not a PMID (digits only)"),
        ));
    }
    if let Some(doi) = &r.doi
        && !is_doi(doi)
    {
        out.push(Problem::error(
            file,
            format!("{at}.doi"),
            format!("`{doi}` is not a DOI (10.NNNN/…)"),
        ));
    }
    if let Some(url) = &r.url
        && !(url.starts_with("https://") || url.starts_with("http://"))
    {
        out.push(Problem::error(
            file,
            format!("{at}.url"),
            format!("`{url}` is not a web address"),
        ));
    }
    if r.pmid.is_none() && r.doi.is_none() && r.url.is_none() {
        out.push(Problem::warning(
            file,
            at,
            format!(
                "reference {} has no PMID, DOI or URL a reader could check it by",
                r.n
            ),
        ));
    }
}

/// A PMID as PubMed writes it: digits, at most nine, not starting with 0.
pub fn is_pmid(s: &str) -> bool {
    (1..=9).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()) && !s.starts_with('0')
}

/// A DOI: `10.` then a registrant code of digits (and dots), a slash and a suffix.
pub fn is_doi(s: &str) -> bool {
    let Some((prefix, suffix)) = s.split_once('/') else {
        return false;
    };
    let Some(registrant) = prefix.strip_prefix("10.") else {
        return false;
    };
    !registrant.is_empty()
        && registrant.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && !suffix.is_empty()
        && !suffix.chars().any(char::is_whitespace)
}

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD` with plausible numbers.
fn is_partial_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let number = |p: &str, len: usize| p.len() == len && p.bytes().all(|b| b.is_ascii_digit());
    let in_range = |p: &str, lo: u32, hi: u32| p.parse::<u32>().is_ok_and(|v| (lo..=hi).contains(&v));
    match parts.as_slice() {
        [y] => number(y, 4),
        [y, m] => number(y, 4) && number(m, 2) && in_range(m, 1, 12),
        [y, m, d] => number(y, 4) && number(m, 2) && in_range(m, 1, 12) && number(d, 2) && in_range(d, 1, 31),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pmids_and_dois_are_told_from_look_alikes() {
        assert!(is_pmid("15784664") && !is_pmid("PMID: 15784664") && !is_pmid("0123") && !is_pmid(""));
        assert!(is_doi("10.1136/pgmj.2004.024463") && is_doi("10.1080/10790268.2021.1925058"));
        assert!(!is_doi("doi:10.1136/x") && !is_doi("10.1136") && !is_doi("10./x") && !is_doi("10.1/a b"));
    }

    #[test]
    fn a_reference_with_no_identifier_is_warned_about_and_a_bad_pmid_is_an_error() {
        let text = |reference: &str| {
            format!(
                r#"{{"id":"x","question":"q","topic":"t","kind":"causes",
                "source":{{"corpus":"builtin","publisher":"p"}},"status":"under_review","updated":"2026",
                "summaries":{{"clinician":"c","patient":"p"}},
                "sections":[{{"heading":"h","role":"guideline","blocks":[{{"kind":"paragraph","text":"t","refs":[1]}}]}}],
                "references":[{reference}]}}"#
            )
        };
        let problems = |reference: &str| {
            let article = parse_article(Path::new("x.json"), &text(reference)).unwrap();
            check_articles(&[(PathBuf::from("x.json"), article)], &HashSet::new())
                .into_iter()
                .map(|p| (p.severity, p.message))
                .collect::<Vec<_>>()
        };
        let bare = r#"{"n":1,"kind":"research","title":"T","source":"J","year":2020}"#;
        assert_eq!(
            problems(bare),
            [(
                Severity::Warning,
                "reference 1 has no PMID, DOI or URL a reader could check it by".to_string()
            )]
        );
        let with_pmid = r#"{"n":1,"kind":"research","title":"T","source":"J","year":2020,"pmid":"15784664"}"#;
        assert!(problems(with_pmid).is_empty());
        let bad = r#"{"n":1,"kind":"research","title":"T","source":"J","year":2020,"pmid":"PMID 1"}"#;
        assert_eq!(problems(bad)[0].0, Severity::Error);
    }

    #[test]
    fn partial_dates_are_accepted_and_nonsense_is_not() {
        assert!(is_partial_date("2026-11-24"));
        assert!(is_partial_date("2017"));
        assert!(is_partial_date("2017-03"));
        assert!(!is_partial_date("2017-13"));
        assert!(!is_partial_date("24/11/2026"));
        assert!(!is_partial_date(""));
    }

    #[test]
    fn syntax_error_names_line_and_column() {
        let problems = parse_article(Path::new("x.json"), "{\n  \"id\": \"a\",\n  oops\n}").unwrap_err();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].line, Some(3));
        assert_eq!(problems[0].column, Some(3));
    }

    #[test]
    fn every_missing_required_field_is_reported() {
        let problems = parse_article(Path::new("x.json"), r#"{"id": "a", "question": "q?"}"#).unwrap_err();
        let paths: Vec<_> = problems.iter().filter_map(|p| p.path.as_deref()).collect();
        assert_eq!(
            paths,
            ["topic", "kind", "source", "status", "updated", "summaries"]
        );
    }

    #[test]
    fn wrong_type_names_the_json_path() {
        let text = r#"{"id":"a","question":"q","topic":"t","kind":"causes",
            "source":{"corpus":"builtin","publisher":"p"},"status":"under_review","updated":"2026",
            "summaries":{"clinician":"c","patient":"p"},
            "sections":[{"heading":"h","role":"guideline","blocks":[{"kind":"bullet","text":"t","refs":["one"]}]}]}"#;
        let problems = parse_article(Path::new("x.json"), text).unwrap_err();
        assert_eq!(problems[0].path.as_deref(), Some("sections[0].blocks[0].refs[0]"));
        assert_eq!(problems[0].line, Some(4));
    }
}
