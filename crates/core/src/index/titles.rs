//! What a hit shows of each article (id, question, topic, kind, corpus), in a side table
//! beside the index, so that listing ten hits reads no stored document.
//!
//! Reading a hit's stored document decompresses the block it sits in and copies out the
//! whole article, its JSON included, to use five short fields: a third of a keystroke's
//! search on MedQuAD (BENCHMARKS.md). Each article document carries its place in the
//! table (the `ordinal` fast field); the table is one file of the index generation,
//! mapped, not read into memory:
//!
//! ```text
//! record*   one per article, in ordinal order: five strings, each a u32 length (LE)
//!           and its UTF-8 bytes
//! offset*   where each record starts, u64 LE each
//! count     the number of records, u64 LE
//! ```
//!
//! A table that is missing, short or malformed is not an error: the hits are read from
//! the stored documents, as before the table existed.

use std::path::Path;

use tantivy::directory::{Directory, MmapDirectory, OwnedBytes};

use super::IndexError;

/// The file of an index generation that holds the table.
pub const TITLES_FILE: &str = "titles.bin";

/// What a hit shows of one article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TitleRecord<'a> {
    /// The article's id.
    pub id: &'a str,
    /// Its question.
    pub question: &'a str,
    /// Its topic.
    pub topic: &'a str,
    /// Its kind (causes, treatment, …).
    pub kind: &'a str,
    /// The corpus it belongs to.
    pub corpus: &'a str,
}

/// Builds the table, one article after another.
#[derive(Debug, Default)]
pub struct TitlesWriter {
    bytes: Vec<u8>,
    offsets: Vec<u64>,
}

impl TitlesWriter {
    /// Adds the next article; returns its ordinal.
    pub fn push(&mut self, record: TitleRecord<'_>) -> u64 {
        let ordinal = self.offsets.len() as u64;
        self.offsets.push(self.bytes.len() as u64);
        for text in [
            record.id,
            record.question,
            record.topic,
            record.kind,
            record.corpus,
        ] {
            // A field longer than 4 GiB cannot be an article's title; cut rather than fail.
            let text = &text[..floor_char_boundary(text, u32::MAX as usize)];
            self.bytes.extend_from_slice(&(text.len() as u32).to_le_bytes());
            self.bytes.extend_from_slice(text.as_bytes());
        }
        ordinal
    }

    /// The table's bytes.
    pub fn finish(mut self) -> Vec<u8> {
        for offset in &self.offsets {
            self.bytes.extend_from_slice(&offset.to_le_bytes());
        }
        self.bytes
            .extend_from_slice(&(self.offsets.len() as u64).to_le_bytes());
        self.bytes
    }

    /// Writes the table into the index generation `dir`, beside the segments (not through
    /// tantivy's directory, whose garbage collection removes files it did not write).
    pub fn write(self, dir: &Path) -> Result<(), IndexError> {
        super::build::write_atomically(&dir.join(TITLES_FILE), &self.finish())
    }

    /// The table, for an index in memory.
    pub fn into_titles(self) -> Option<Titles> {
        Titles::from_bytes(OwnedBytes::new(self.finish()))
    }
}

fn floor_char_boundary(text: &str, at: usize) -> usize {
    if at >= text.len() {
        return text.len();
    }
    (0..=at).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0)
}

/// The table as read: every look-up bounds-checked, so damaged bytes give no record,
/// never a panic.
#[derive(Clone)]
pub struct Titles {
    bytes: OwnedBytes,
    count: usize,
    offsets_at: usize,
}

impl std::fmt::Debug for Titles {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Titles").field("count", &self.count).finish()
    }
}

impl Titles {
    /// The table of the index generation `dir`, mapped; none when it has none or it
    /// does not add up.
    pub fn open(dir: &Path) -> Option<Titles> {
        let file = MmapDirectory::open(dir)
            .ok()?
            .open_read(Path::new(TITLES_FILE))
            .ok()?;
        Titles::from_bytes(file.read_bytes().ok()?)
    }

    fn from_bytes(bytes: OwnedBytes) -> Option<Titles> {
        let len = bytes.len();
        let count = u64::from_le_bytes(bytes.as_slice().get(len.checked_sub(8)?..)?.try_into().ok()?);
        let count = usize::try_from(count).ok()?;
        let offsets_at = len.checked_sub(8)?.checked_sub(count.checked_mul(8)?)?;
        Some(Titles {
            bytes,
            count,
            offsets_at,
        })
    }

    /// How many articles the table holds.
    pub fn len(&self) -> usize {
        self.count
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// The record of the article with this ordinal.
    pub fn get(&self, ordinal: u64) -> Option<TitleRecord<'_>> {
        let ordinal = usize::try_from(ordinal).ok().filter(|&o| o < self.count)?;
        let data = self.bytes.as_slice();
        let offset = |i: usize| -> Option<usize> {
            let at = self.offsets_at + i * 8;
            let raw = u64::from_le_bytes(data.get(at..at + 8)?.try_into().ok()?);
            usize::try_from(raw).ok()
        };
        let start = offset(ordinal)?;
        let end = if ordinal + 1 < self.count {
            offset(ordinal + 1)?
        } else {
            self.offsets_at
        };
        let mut record = data.get(start..end)?;
        let mut next = || -> Option<&str> {
            let rest: &[u8] = record;
            let len = u32::from_le_bytes(rest.get(..4)?.try_into().ok()?) as usize;
            let text = std::str::from_utf8(rest.get(4..4 + len)?).ok()?;
            record = &rest[4 + len..];
            Some(text)
        };
        Some(TitleRecord {
            id: next()?,
            question: next()?,
            topic: next()?,
            kind: next()?,
            corpus: next()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record<'a>(id: &'a str, question: &'a str) -> TitleRecord<'a> {
        TitleRecord {
            id,
            question,
            topic: "Clonus",
            kind: "information",
            corpus: "builtin",
        }
    }

    #[test]
    fn records_read_back_by_ordinal() {
        let mut writer = TitlesWriter::default();
        assert_eq!(writer.push(record("a", "What is clonus?")), 0);
        assert_eq!(writer.push(record("b", "Wie? — ünïcode")), 1);
        assert_eq!(writer.push(record("", "")), 2);
        let titles = Titles::from_bytes(OwnedBytes::new(writer.finish())).unwrap();
        assert_eq!(titles.len(), 3);
        assert_eq!(titles.get(0), Some(record("a", "What is clonus?")));
        assert_eq!(titles.get(1), Some(record("b", "Wie? — ünïcode")));
        assert_eq!(titles.get(2), Some(record("", "")));
        assert_eq!(titles.get(3), None);
        assert_eq!(titles.get(u64::MAX), None);
    }

    #[test]
    fn damaged_tables_give_no_record_and_never_panic() {
        let mut writer = TitlesWriter::default();
        writer.push(record("a", "What is clonus?"));
        writer.push(record("b", "What causes clonus?"));
        let good = writer.finish();
        assert!(Titles::from_bytes(OwnedBytes::new(Vec::new())).is_none());
        assert!(
            Titles::from_bytes(OwnedBytes::new(vec![0xff; 8])).is_none(),
            "a count beyond the file"
        );
        // Every truncation and every flipped byte: a record or none, no panic.
        for cut in 0..good.len() {
            if let Some(titles) = Titles::from_bytes(OwnedBytes::new(good[..cut].to_vec())) {
                let _ = (titles.get(0), titles.get(1));
            }
        }
        for at in 0..good.len() {
            let mut bad = good.clone();
            bad[at] ^= 0xa5;
            if let Some(titles) = Titles::from_bytes(OwnedBytes::new(bad)) {
                let _ = (titles.get(0), titles.get(1));
            }
        }
    }
}
