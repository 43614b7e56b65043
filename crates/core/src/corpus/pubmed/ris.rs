//! RIS, what Zotero, EndNote and Mendeley export: records from `TY  - ` to `ER  - `, one
//! `XX  - value` line a field (a value wrapped onto untagged lines continues).

use std::io::BufRead;

use super::medline::{Field, next_line};
use super::record::{Record, clean_doi, is_pmid};
use super::xml::year_in;
use super::{Item, Sink};
use crate::corpus::CorpusError;
use crate::corpus::medquad::FileProblem;

/// The tag and value of an `XX  - value` line.
fn tagged(line: &str) -> Option<(&str, &str)> {
    let bytes = line.as_bytes();
    if bytes.len() < 5 || &bytes[2..5] != b"  -" {
        return None;
    }
    let tag = &line[..2];
    let ok = bytes[0].is_ascii_uppercase() && (bytes[1].is_ascii_uppercase() || bytes[1].is_ascii_digit());
    ok.then(|| (tag, line[5..].trim()))
}

/// Reads one RIS file into `sink`.
pub fn read(file: &str, mut input: impl BufRead, sink: &mut Sink<'_>) -> Result<(), CorpusError> {
    let problem = |line: usize, message: String| {
        Item::Problem(FileProblem {
            file: file.to_string(),
            line: Some(line),
            message,
        })
    };
    let mut open: Option<(usize, Vec<Field>)> = None;
    let mut number = 0;
    let mut buf = Vec::new();
    let mut records = 0usize;
    loop {
        let line = match next_line(&mut input, &mut number, &mut buf) {
            None => break,
            Some(Err(message)) => {
                sink(problem(number, format!("{message}; skipped")))?;
                continue;
            }
            Some(Ok(line)) => line,
        };
        match (tagged(&line), open.as_mut()) {
            (Some(("TY", _)), Some((start, _))) => {
                let start = *start;
                sink(problem(
                    start,
                    "the record has no `ER  - ` before the next `TY  - `; kept".to_string(),
                ))?;
                records += flush(file, open.take(), sink)?;
                open = Some((number, Vec::new()));
            }
            (Some(("TY", _)), None) => open = Some((number, Vec::new())),
            (Some(("ER", _)), Some(_)) => records += flush(file, open.take(), sink)?,
            (Some((tag, value)), Some((_, fields))) => fields.push(Field {
                tag: tag.to_string(),
                value: value.to_string(),
            }),
            (None, Some((_, fields))) if !line.trim().is_empty() => match fields.last_mut() {
                Some(last) => {
                    last.value.push(' ');
                    last.value.push_str(line.trim());
                }
                None => sink(problem(
                    number,
                    "not an RIS field (expected `XX  - value`); skipped".to_string(),
                ))?,
            },
            (_, None) if !line.trim().is_empty() => {
                sink(problem(
                    number,
                    "outside a record (expected `TY  - ` to start one); skipped".to_string(),
                ))?;
            }
            _ => {}
        }
    }
    if let Some((start, _)) = &open {
        sink(problem(
            *start,
            "the file ends before the record's `ER  - ` (truncated?); kept".to_string(),
        ))?;
        records += flush(file, open.take(), sink)?;
    }
    if records == 0 {
        sink(problem(
            1,
            "no RIS records (`TY  - ` … `ER  - `) found".to_string(),
        ))?;
    }
    Ok(())
}

/// Sends the record, or the problem it has; returns how many records it sent.
fn flush(file: &str, open: Option<(usize, Vec<Field>)>, sink: &mut Sink<'_>) -> Result<usize, CorpusError> {
    let Some((line, fields)) = open else {
        return Ok(0);
    };
    let record = to_record(line, &fields);
    if record.title.is_empty() {
        sink(Item::Problem(FileProblem {
            file: file.to_string(),
            line: Some(line),
            message: "a record without a title (`TI  - ` or `T1  - `); skipped".to_string(),
        }))?;
        return Ok(0);
    }
    sink(Item::Citation(Box::new(record)))?;
    Ok(1)
}

/// A PMID in the places reference managers put one: `AN  - 123`, `PMID: 123` in a
/// note, a PubMed link.
fn pmid_in(tag: &str, value: &str) -> Option<String> {
    let value = value.trim();
    let candidate = match tag {
        "AN" | "M1" => value.trim_start_matches("PMID:").trim(),
        "N1" | "M2" => value.split("PMID:").nth(1)?.split_whitespace().next()?,
        "UR" | "L2" => {
            let rest = value
                .split_once("pubmed.ncbi.nlm.nih.gov/")
                .or_else(|| value.split_once("ncbi.nlm.nih.gov/pubmed/"))?
                .1;
            rest.split(['/', '?', '#']).next()?
        }
        _ => return None,
    };
    is_pmid(candidate).then(|| candidate.to_string())
}

fn to_record(line: usize, fields: &[Field]) -> Record {
    let mut record = Record {
        line,
        ..Record::default()
    };
    let (mut full, mut short, mut secondary) = (None, None, None);
    let (mut start_page, mut end_page) = (None, None);
    for Field { tag, value } in fields {
        let value = value.clone();
        if record.pmid.is_none() {
            record.pmid = pmid_in(tag, &value);
        }
        match tag.as_str() {
            "TI" | "T1" if record.title.is_empty() => record.title = value,
            "AB" | "N2" if record.abstract_parts.is_empty() => record.abstract_parts.push((None, value)),
            "AU" | "A1" => record.authors.push(value),
            "JF" => full = Some(value),
            "T2" => secondary = Some(value),
            "JO" | "JA" | "J2" => short = short.or(Some(value)),
            "PY" | "Y1" | "DA" if record.year.is_none() => record.year = year_in(&value),
            "VL" => record.volume = Some(value),
            "IS" => record.issue = Some(value),
            "SP" => start_page = Some(value),
            "EP" => end_page = Some(value),
            "DO" => record.doi = clean_doi(&value),
            "KW" => record.keywords.push(value),
            "UR" if record.url.is_none() => record.url = Some(value),
            "C2" if value.starts_with("PMC") => record.pmc = Some(value),
            _ => {}
        }
    }
    record.journal = full.or(secondary).or(short.clone()).unwrap_or_default();
    record.journal_abbreviation = short.filter(|s| *s != record.journal);
    record.pages = match (start_page, end_page) {
        (Some(start), Some(end)) => Some(format!("{start}-{end}")),
        (start, end) => start.or(end),
    };
    // Reference managers keep PubMed's publication types among the keywords when they
    // import from PubMed; those that name a design say what kind of study it is.
    record.publication_types = record
        .keywords
        .iter()
        .filter(|k| {
            super::evidence::evidence_level(std::slice::from_ref(k), &[]) != crate::article::Evidence::Other
        })
        .cloned()
        .collect();
    record
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pmids_are_found_where_reference_managers_put_them() {
        assert_eq!(pmid_in("AN", "17306504").as_deref(), Some("17306504"));
        assert_eq!(pmid_in("N1", "Cited by 3. PMID: 42 more").as_deref(), Some("42"));
        assert_eq!(
            pmid_in("UR", "https://pubmed.ncbi.nlm.nih.gov/973217/").as_deref(),
            Some("973217")
        );
        assert_eq!(pmid_in("AN", "WOS:000123"), None);
    }

    #[test]
    fn tags_need_two_spaces_and_a_dash() {
        assert_eq!(tagged("TY  - JOUR"), Some(("TY", "JOUR")));
        assert_eq!(tagged("ER  -"), Some(("ER", "")));
        assert_eq!(tagged("T1  - A title"), Some(("T1", "A title")));
        assert_eq!(tagged("TY - JOUR"), None);
    }
}
