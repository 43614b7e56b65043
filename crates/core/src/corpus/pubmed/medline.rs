//! MEDLINE text, what PubMed's "Save" writes (`.nbib`, `.txt`): records of `TAG - value`
//! lines (the tag padded to four characters), values continued on lines that start with
//! six spaces, records apart by a blank line.

use std::io::BufRead;

use super::record::{Record, clean_doi, is_pmid};
use super::xml::year_in;
use super::{Item, Sink};
use crate::corpus::CorpusError;
use crate::corpus::medquad::FileProblem;

/// Longest line accepted; longer is not MEDLINE text.
pub(super) const MAX_LINE_BYTES: usize = 1024 * 1024;

/// One `TAG - value` of a record.
pub(super) struct Field {
    /// The tag, without its padding.
    pub tag: String,
    /// The value, continuation lines joined.
    pub value: String,
}

/// Reads the lines of a text file, each as UTF-8 or the problem it has, with its
/// number; `None` at the end. A line longer than [`MAX_LINE_BYTES`] is cut and a
/// problem.
pub(super) fn next_line(
    input: &mut impl BufRead,
    number: &mut usize,
    buf: &mut Vec<u8>,
) -> Option<Result<String, String>> {
    buf.clear();
    let read = std::io::Read::take(&mut *input, MAX_LINE_BYTES as u64 + 1).read_until(b'\n', buf);
    *number += 1;
    match read {
        Ok(0) => None,
        Err(e) => Some(Err(format!("cannot be read: {e}"))),
        Ok(_) if buf.len() > MAX_LINE_BYTES && !buf.ends_with(b"\n") => {
            // Skip the rest of the overlong line.
            let mut rest = Vec::new();
            let _ = input.read_until(b'\n', &mut rest);
            Some(Err(format!("a line longer than {MAX_LINE_BYTES} bytes")))
        }
        Ok(_) => {
            let bytes = buf.strip_suffix(b"\n").unwrap_or(buf);
            let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
            let bytes = if *number == 1 {
                bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes)
            } else {
                bytes
            };
            // A stray byte that is not UTF-8 (an abstract saved as Latin-1) costs one
            // character, not the record.
            Some(Ok(String::from_utf8_lossy(bytes).into_owned()))
        }
    }
}

/// The tag and value of a `TAG - value` line: a tag of up to four capitals or digits,
/// padded with spaces to four, then `- `.
fn tagged(line: &str) -> Option<(&str, &str)> {
    let head = line.get(..5)?;
    if !head.ends_with('-') {
        return None;
    }
    let tag = head[..4].trim_end();
    let ok = !tag.is_empty() && tag.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
    ok.then(|| (tag, line[5..].strip_prefix(' ').unwrap_or(&line[5..])))
}

/// Reads one MEDLINE text file into `sink`.
pub fn read(file: &str, mut input: impl BufRead, sink: &mut Sink<'_>) -> Result<(), CorpusError> {
    let problem = |line: usize, message: String| {
        Item::Problem(FileProblem {
            file: file.to_string(),
            line: Some(line),
            message,
        })
    };
    let mut fields: Vec<Field> = Vec::new();
    let mut start = 0;
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
        if line.trim().is_empty() {
            records += flush(file, start, &mut fields, sink)?;
            continue;
        }
        if let Some(rest) = line.strip_prefix("      ")
            && let Some(last) = fields.last_mut()
        {
            last.value.push(' ');
            last.value.push_str(rest.trim());
            continue;
        }
        let Some((tag, value)) = tagged(&line) else {
            sink(problem(
                number,
                "not a MEDLINE field (expected `TAG - value`); the line is skipped".to_string(),
            ))?;
            continue;
        };
        if tag == "PMID" && !fields.is_empty() {
            records += flush(file, start, &mut fields, sink)?;
        }
        if fields.is_empty() {
            start = number;
        }
        fields.push(Field {
            tag: tag.to_string(),
            value: value.trim().to_string(),
        });
    }
    records += flush(file, start, &mut fields, sink)?;
    if records == 0 {
        sink(problem(
            1,
            "no MEDLINE records (`PMID- ` lines) found".to_string(),
        ))?;
    }
    Ok(())
}

/// Sends the record `fields` make, or the problem it has; returns how many records it
/// sent (0 or 1).
fn flush(
    file: &str,
    line: usize,
    fields: &mut Vec<Field>,
    sink: &mut Sink<'_>,
) -> Result<usize, CorpusError> {
    if fields.is_empty() {
        return Ok(0);
    }
    let record = to_record(line, &std::mem::take(fields));
    if record.title.is_empty() {
        sink(Item::Problem(FileProblem {
            file: file.to_string(),
            line: Some(line),
            message: "a record without a title (`TI  - `); skipped".to_string(),
        }))?;
        return Ok(0);
    }
    sink(Item::Citation(Box::new(record)))?;
    Ok(1)
}

/// A MeSH heading as MEDLINE writes it (`Parotid Neoplasms/pathology/*virology`): the
/// descriptor, and whether it or a qualifier is starred as a major topic.
fn heading(value: &str) -> (String, bool) {
    let descriptor = value.split('/').next().unwrap_or(value);
    (
        descriptor.trim_start_matches('*').trim().to_string(),
        value.contains('*'),
    )
}

fn to_record(line: usize, fields: &[Field]) -> Record {
    let mut record = Record {
        line,
        ..Record::default()
    };
    let mut short_authors = Vec::new();
    for Field { tag, value } in fields {
        let value = value.clone();
        match tag.as_str() {
            "PMID" if is_pmid(&value) => record.pmid = Some(value),
            "TI" => record.title = value,
            "AB" => record.abstract_parts.push((None, value)),
            "FAU" => record.authors.push(value),
            "AU" => short_authors.push(value),
            "CN" => record.authors.push(value),
            "JT" => record.journal = value,
            "TA" => record.journal_abbreviation = Some(value),
            "DP" => record.year = year_in(&value),
            "LR" if value.len() == 8 => {
                record.updated = Some(format!("{}-{}-{}", &value[..4], &value[4..6], &value[6..]));
            }
            "VI" => record.volume = Some(value),
            "IP" => record.issue = Some(value),
            "PG" => record.pages = Some(value),
            "LID" | "AID" if value.ends_with("[doi]") && record.doi.is_none() => {
                record.doi = clean_doi(&value)
            }
            "PMC" => record.pmc = Some(value),
            "MH" => {
                let (descriptor, major) = heading(&value);
                if major {
                    record.major_mesh.push(descriptor.clone());
                }
                record.mesh.push(descriptor);
            }
            "OT" => record.keywords.push(value),
            "PT" => record.publication_types.push(value),
            "RIN" => record.retracted = true,
            _ => {}
        }
    }
    if record.authors.is_empty() {
        // `AU` is `Family Initials`: the family name is all but the last word.
        record.authors = short_authors
            .into_iter()
            .map(|a| match a.rsplit_once(' ') {
                Some((family, initials)) => format!("{family}, {initials}"),
                None => a,
            })
            .collect();
    }
    record
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_read_with_their_padding() {
        assert_eq!(tagged("PMID- 17306504"), Some(("PMID", "17306504")));
        assert_eq!(tagged("TI  - Lymphoepithelial"), Some(("TI", "Lymphoepithelial")));
        assert_eq!(tagged("FAU - Manganaris, A"), Some(("FAU", "Manganaris, A")));
        assert_eq!(tagged("just text here"), None);
        assert_eq!(tagged("ab  - lower case"), None);
    }

    #[test]
    fn mesh_headings_lose_their_qualifiers_and_keep_the_major_star() {
        assert_eq!(
            heading("Parotid Neoplasms/pathology/*virology"),
            ("Parotid Neoplasms".to_string(), true)
        );
        assert_eq!(heading("Humans"), ("Humans".to_string(), false));
        assert_eq!(
            heading("*Hospital Administration"),
            ("Hospital Administration".to_string(), true)
        );
    }
}
