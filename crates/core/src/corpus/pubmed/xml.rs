//! PubMed XML, streamed: `PubmedArticleSet` (the current DTD, `<PubmedArticle>` records
//! and an update file's `<DeleteCitation>`), the older `MedlineCitationSet`
//! (`<MedlineCitation>` records), and a single record as its root. One record is held in
//! memory at a time; entities other than XML's own are kept as written, never expanded.

use crate::corpus::medquad::attribute;
use std::io::BufRead;

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::record::{Record, clean_doi, is_pmid};
use super::{Item, Sink};
use crate::corpus::CorpusError;
use crate::corpus::medquad::{FileProblem, collapse, resolve_reference};

/// Deepest element nesting accepted.
const MAX_DEPTH: usize = 64;
/// Most text one element may hold (an abstract is a few kilobytes); more is not PubMed.
const MAX_TEXT_BYTES: usize = 1024 * 1024;

/// Roots a PubMed file may have.
const ROOTS: &[&str] = &[
    "PubmedArticleSet",
    "MedlineCitationSet",
    "PubmedArticle",
    "MedlineCitation",
];

/// Markup inside titles and abstracts (`<i>`, `<sup>`, MathML): its text is kept, the
/// element is not a field of its own.
fn is_inline(tag: &str) -> bool {
    matches!(tag, "i" | "b" | "u" | "sup" | "sub" | "math" | "mml:math") || tag.starts_with("mml:")
}

/// A `BufRead` that counts the lines consumed, so that problems can name a line while
/// the file streams.
struct Lines<R> {
    inner: R,
    newlines: usize,
}

impl<R: BufRead> std::io::Read for Lines<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(buf.len());
        buf[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Lines<R> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, amount: usize) {
        if let Ok(buf) = self.inner.fill_buf() {
            let end = amount.min(buf.len());
            self.newlines += buf[..end].iter().filter(|&&b| b == b'\n').count();
        }
        self.inner.consume(amount);
    }
}

/// An author being read.
#[derive(Default)]
struct Author {
    last: String,
    fore: String,
    initials: String,
    collective: String,
}

impl Author {
    /// `Family, Given` (the initials where no given name is recorded), or the group.
    fn name(self) -> Option<String> {
        if !self.collective.is_empty() {
            return Some(self.collective);
        }
        if self.last.is_empty() {
            return None;
        }
        let given = if self.fore.is_empty() {
            self.initials
        } else {
            self.fore
        };
        Some(if given.is_empty() {
            self.last
        } else {
            format!("{}, {given}", self.last)
        })
    }
}

/// What is being read.
struct State<'a> {
    file: &'a str,
    stack: Vec<String>,
    text: String,
    record: Option<Record>,
    /// The element a record started at (`PubmedArticle` or `MedlineCitation`).
    record_tag: &'static str,
    author: Author,
    /// The attribute that says what the current leaf is (`Label`, `EIdType`, `IdType`).
    attribute: Option<String>,
    /// Whether the current MeSH heading is one of the paper's major topics.
    major: bool,
    /// Year, month and day of the date element being read.
    date: [String; 3],
    deleting: Option<Vec<String>>,
    /// A problem ended the file.
    stopped: bool,
}

/// Reads one XML file into `sink`; a malformed part ends the file with a problem naming
/// its line, and the citations before it are kept.
pub fn read(file: &str, input: impl BufRead, sink: &mut Sink<'_>) -> Result<(), CorpusError> {
    let mut reader = Reader::from_reader(Lines {
        inner: input,
        newlines: 0,
    });
    let mut buf = Vec::new();
    let mut state = State {
        file,
        stack: Vec::new(),
        text: String::new(),
        record: None,
        record_tag: "",
        author: Author::default(),
        attribute: None,
        major: false,
        date: Default::default(),
        deleting: None,
        stopped: false,
    };
    let mut seen_root = false;
    loop {
        let line = reader.get_ref().newlines + 1;
        let event = match reader.read_event_into(&mut buf) {
            Ok(event) => event,
            Err(e) => {
                let line = reader.get_ref().newlines + 1;
                return sink(state.problem(
                    line,
                    format!("malformed XML ({e}); the rest of the file is skipped"),
                ));
            }
        };
        let outcome = match event {
            Event::Start(start) => {
                let tag = start.local_name().as_ref().to_string();
                if !seen_root && !ROOTS.contains(&tag.as_str()) {
                    return sink(state.problem(
                        line,
                        format!("<{tag}> is not PubMed XML (expected <PubmedArticleSet>); skipped"),
                    ));
                }
                seen_root = true;
                state.start(&tag, &start, line)
            }
            Event::Empty(empty) => {
                let tag = empty.local_name().as_ref().to_string();
                state.empty(&tag, &empty);
                None
            }
            Event::End(end) => {
                let tag = end.local_name().as_ref().to_string();
                state.end(&tag, line)
            }
            Event::Text(t) => state.push_text(&t.xml10_content()),
            Event::CData(t) => state.push_text(&t.xml10_content()),
            Event::GeneralRef(r) => state.push_text(&resolve_reference(&r)),
            Event::Eof => {
                if !state.stack.is_empty() {
                    let line = reader.get_ref().newlines + 1;
                    return sink(state.problem(
                        line,
                        "the file ends inside a record (truncated?); the last record is skipped".to_string(),
                    ));
                }
                if !seen_root {
                    return sink(state.problem(1, "no XML elements; skipped".to_string()));
                }
                return Ok(());
            }
            _ => None,
        };
        if let Some(item) = outcome {
            sink(item)?;
            if state.stopped {
                return Ok(());
            }
        }
        buf.clear();
    }
}

/// The first four-digit year in a date as written (`2008 Jul-Aug`, `1998 Fall`).
pub fn year_in(text: &str) -> Option<u16> {
    let bytes = text.as_bytes();
    (0..bytes.len().saturating_sub(3)).find_map(|i| {
        let digits = &bytes[i..i + 4];
        let bounded = (i == 0 || !bytes[i - 1].is_ascii_digit())
            && bytes.get(i + 4).is_none_or(|b| !b.is_ascii_digit());
        if bounded && digits.iter().all(u8::is_ascii_digit) {
            std::str::from_utf8(digits)
                .ok()?
                .parse()
                .ok()
                .filter(|y| (1000..=2999).contains(y))
        } else {
            None
        }
    })
}

impl State<'_> {
    fn problem(&self, line: usize, message: String) -> Item {
        Item::Problem(FileProblem {
            file: self.file.to_string(),
            line: Some(line),
            message,
        })
    }

    fn parent(&self) -> &str {
        self.stack.last().map_or("", String::as_str)
    }

    fn grandparent(&self) -> &str {
        self.stack
            .len()
            .checked_sub(2)
            .map_or("", |i| self.stack[i].as_str())
    }

    fn push_text(&mut self, text: &str) -> Option<Item> {
        if (self.record.is_some() || self.deleting.is_some()) && self.text.len() < MAX_TEXT_BYTES {
            self.text.push_str(text);
        }
        None
    }

    fn start(&mut self, tag: &str, start: &BytesStart<'_>, line: usize) -> Option<Item> {
        if self.stack.len() >= MAX_DEPTH {
            self.stopped = true;
            return Some(self.problem(
                line,
                format!("elements nested deeper than {MAX_DEPTH}; the rest of the file is skipped"),
            ));
        }
        let parent = self.parent().to_string();
        self.stack.push(tag.to_string());
        if is_inline(tag) {
            if tag == "sup" {
                self.text.push('^');
            }
            return None;
        }
        self.text.clear();
        match tag {
            "PubmedArticle" if self.record.is_none() => self.begin(line, "PubmedArticle"),
            "MedlineCitation" if self.record.is_none() => self.begin(line, "MedlineCitation"),
            "DeleteCitation" => self.deleting = Some(Vec::new()),
            "AbstractText" => self.attribute = Some(attribute(start, "Label")).filter(|l| !l.is_empty()),
            "ELocationID" => self.attribute = Some(attribute(start, "EIdType")),
            "ArticleId" => self.attribute = Some(attribute(start, "IdType")),
            "MeshHeading" => self.major = false,
            "DescriptorName" | "QualifierName" if parent == "MeshHeading" => {
                self.major |= attribute(start, "MajorTopicYN") == "Y";
            }
            "CommentsCorrections" => self.comment(start),
            "Author" => self.author = Author::default(),
            "DateRevised" | "DateCompleted" | "DateCreated" => self.date = Default::default(),
            _ => {}
        }
        None
    }

    fn begin(&mut self, line: usize, tag: &'static str) {
        self.record = Some(Record {
            line,
            ..Record::default()
        });
        self.record_tag = tag;
    }

    fn comment(&mut self, start: &BytesStart<'_>) {
        if let Some(record) = self.record.as_mut()
            && attribute(start, "RefType") == "RetractionIn"
        {
            record.retracted = true;
        }
    }

    fn empty(&mut self, tag: &str, element: &BytesStart<'_>) {
        if tag == "CommentsCorrections" {
            self.comment(element);
        }
    }

    fn end(&mut self, tag: &str, line: usize) -> Option<Item> {
        self.stack.pop();
        if is_inline(tag) {
            return None;
        }
        let text = collapse(&std::mem::take(&mut self.text));
        if let Some(deleting) = self.deleting.as_mut() {
            match tag {
                "PMID" if is_pmid(&text) => deleting.push(text),
                "DeleteCitation" => return self.deleting.take().map(Item::Delete),
                _ => {}
            }
            return None;
        }
        if tag == self.record_tag && self.record.is_some() {
            return self.finish(line);
        }
        self.field(tag, text);
        None
    }

    /// Stores a leaf's text where it belongs in the record.
    fn field(&mut self, tag: &str, text: String) {
        let (parent, grandparent) = (self.parent().to_string(), self.grandparent().to_string());
        let attribute = self.attribute.take();
        let Some(record) = self.record.as_mut() else {
            return;
        };
        let keep = |slot: &mut Option<String>, text: String| {
            if slot.is_none() && !text.is_empty() {
                *slot = Some(text);
            }
        };
        match (tag, parent.as_str()) {
            ("PMID", "MedlineCitation") if is_pmid(&text) => keep(&mut record.pmid, text),
            ("ArticleTitle", "Article") => record.title = text,
            ("VernacularTitle", "Article") if record.title.is_empty() => record.title = text,
            ("AbstractText", "Abstract") => record.abstract_parts.push((attribute, text)),
            ("Title", "Journal") => record.journal = text,
            ("ISOAbbreviation", "Journal") => keep(&mut record.journal_abbreviation, text),
            ("MedlineTA", "MedlineJournalInfo") => keep(&mut record.journal_abbreviation, text),
            ("Volume", "JournalIssue") => keep(&mut record.volume, text),
            ("Issue", "JournalIssue") => keep(&mut record.issue, text),
            ("Year" | "MedlineDate", "PubDate") => record.year = record.year.or(year_in(&text)),
            ("Year", "ArticleDate") if record.year.is_none() => record.year = year_in(&text),
            ("MedlinePgn", "Pagination") => keep(&mut record.pages, text),
            ("LastName", "Author") => self.author.last = text,
            ("ForeName", "Author") => self.author.fore = text,
            ("Initials", "Author") => self.author.initials = text,
            ("CollectiveName", "Author") => self.author.collective = text,
            ("Author", "AuthorList") => record.authors.extend(std::mem::take(&mut self.author).name()),
            ("ELocationID", _) if attribute.as_deref() == Some("doi") => {
                keep(&mut record.doi, clean_doi(&text).unwrap_or_default())
            }
            ("ArticleId", "ArticleIdList") if grandparent == "PubmedData" => match attribute.as_deref() {
                Some("doi") => keep(&mut record.doi, clean_doi(&text).unwrap_or_default()),
                Some("pmc") => keep(&mut record.pmc, text),
                _ => {}
            },
            ("OtherID", _) if text.starts_with("PMC") => keep(
                &mut record.pmc,
                text.split_whitespace().next().unwrap_or_default().to_string(),
            ),
            ("DescriptorName", "MeshHeading") if !text.is_empty() => record.mesh.push(text),
            ("MeshHeading", _) if self.major => record.major_mesh.extend(record.mesh.last().cloned()),
            ("Keyword", "KeywordList") => {
                let keyword = text.trim_end_matches([',', ';', '.']).trim().to_string();
                if !keyword.is_empty() {
                    record.keywords.push(keyword);
                }
            }
            ("PublicationType", "PublicationTypeList") if !text.is_empty() => {
                record.publication_types.push(text)
            }
            ("Year", "DateRevised" | "DateCompleted" | "DateCreated") => self.date[0] = text,
            ("Month", "DateRevised" | "DateCompleted" | "DateCreated") => self.date[1] = text,
            ("Day", "DateRevised" | "DateCompleted" | "DateCreated") => self.date[2] = text,
            ("DateRevised" | "DateCompleted" | "DateCreated", "MedlineCitation") => {
                let date = self
                    .date
                    .iter()
                    .filter(|p| !p.is_empty())
                    .cloned()
                    .collect::<Vec<_>>()
                    .join("-");
                // The latest of the record's dates (zero-padded, so they sort as text).
                if record.updated.as_ref().is_none_or(|known| date > *known) {
                    record.updated = Some(date);
                }
            }
            _ => {}
        }
    }

    /// The record just closed, or why it cannot be imported.
    fn finish(&mut self, line: usize) -> Option<Item> {
        let record = self.record.take()?;
        if record.pmid.is_none() {
            return Some(self.problem(record.line, "a citation without a PMID; skipped".to_string()));
        }
        if record.title.is_empty() {
            let pmid = record.pmid.as_deref().unwrap_or_default();
            return Some(self.problem(line, format!("citation {pmid} has no title; skipped")));
        }
        Some(Item::Citation(Box::new(record)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_are_read_from_dates_as_written() {
        assert_eq!(year_in("2008 Jul-Aug"), Some(2008));
        assert_eq!(year_in("Winter 1998-1999"), Some(1998));
        assert_eq!(year_in("12345"), None);
        assert_eq!(year_in(""), None);
    }
}
