//! What a hit shows of each article (id, question, topic, kind, corpus) and the names
//! ranking reads of it, in a side table beside the index.
//!
//! Reading a hit's stored document decompresses the block it sits in and copies out the
//! whole article, its JSON included, to use five short fields: a third of a keystroke's
//! search on MedQuAD (BENCHMARKS.md). The names (topic and aliases as
//! [`name_values`](super::ranking::name_values) encodes them) were a multi-valued fast
//! column on every article and passage, and merging that column was most of the memory
//! an index build of a million passages took. Each article document and each of its
//! passages carries the article's place in the table (the `ordinal` fast field); the
//! table is one file of the index generation, mapped, not read into memory:
//!
//! ```text
//! record*   one per article, in ordinal order: five strings, each a u32 length (LE)
//!           and its UTF-8 bytes; then a u32 count of name values and the values, u64 LE
//! offset*   where each record starts, u64 LE each
//! count     the number of records, u64 LE
//! checksum  XXH3-64 of every byte before it, u64 LE
//! ```
//!
//! The table is part of the index: a generation whose table is missing, fails its
//! checksum or does not add up is rebuilt like any other damage (RELIABILITY.md).
//! Look-ups are bounds-checked all the same, so damaged bytes give no record, never a
//! panic.

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

/// An article's name values, as [`super::ranking::name_values`] made them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct NameValues<'a>(&'a [u8]);

impl<'a> NameValues<'a> {
    /// Each value.
    pub fn iter(&self) -> impl Iterator<Item = u64> + 'a {
        self.0
            .chunks_exact(8)
            .map(|chunk| u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8])))
    }
}

/// Builds the table, one article after another.
#[derive(Debug, Default)]
pub struct TitlesWriter {
    bytes: Vec<u8>,
    offsets: Vec<u64>,
}

impl TitlesWriter {
    /// Adds the next article and its name values; returns its ordinal.
    pub fn push(&mut self, record: TitleRecord<'_>, names: &[u64]) -> u64 {
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
        let names = &names[..names.len().min(u32::MAX as usize)];
        self.bytes.extend_from_slice(&(names.len() as u32).to_le_bytes());
        for value in names {
            self.bytes.extend_from_slice(&value.to_le_bytes());
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
        let checksum = xxhash_rust::xxh3::xxh3_64(&self.bytes);
        self.bytes.extend_from_slice(&checksum.to_le_bytes());
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

/// The next length-prefixed field of a record, the record moved past it.
fn take_field<'a>(record: &mut &'a [u8]) -> Option<&'a [u8]> {
    let rest: &'a [u8] = record;
    let len = u32::from_le_bytes(rest.get(..4)?.try_into().ok()?) as usize;
    let field = rest.get(4..4 + len)?;
    *record = &rest[4 + len..];
    Some(field)
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
        let data = bytes.as_slice();
        let len = data.len().checked_sub(8)?;
        let checksum = u64::from_le_bytes(data.get(len..)?.try_into().ok()?);
        if xxhash_rust::xxh3::xxh3_64(&data[..len]) != checksum {
            return None;
        }
        let count = u64::from_le_bytes(data.get(len.checked_sub(8)?..len)?.try_into().ok()?);
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
        let mut record = self.record(ordinal)?;
        let mut text = || std::str::from_utf8(take_field(&mut record)?).ok();
        Some(TitleRecord {
            id: text()?,
            question: text()?,
            topic: text()?,
            kind: text()?,
            corpus: text()?,
        })
    }

    /// The name values of the article with this ordinal (none for an ordinal the table
    /// does not hold). Ranking reads them for a hundred candidates a question, so the
    /// five strings before them are stepped over, not read.
    pub fn names(&self, ordinal: u64) -> NameValues<'_> {
        let names = || -> Option<NameValues<'_>> {
            let mut record = self.record(ordinal)?;
            for _ in 0..5 {
                take_field(&mut record)?;
            }
            let count = u32::from_le_bytes(record.get(..4)?.try_into().ok()?) as usize;
            Some(NameValues(record.get(4..4 + count.checked_mul(8)?)?))
        };
        names().unwrap_or_default()
    }

    /// The bytes of the record with this ordinal.
    fn record(&self, ordinal: u64) -> Option<&[u8]> {
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
        data.get(start..end)
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
        assert_eq!(writer.push(record("a", "What is clonus?"), &[7, u64::MAX]), 0);
        assert_eq!(writer.push(record("b", "Wie? — ünïcode"), &[]), 1);
        assert_eq!(writer.push(record("", ""), &[1 << 48]), 2);
        let titles = Titles::from_bytes(OwnedBytes::new(writer.finish())).unwrap();
        assert_eq!(titles.len(), 3);
        assert_eq!(titles.get(0), Some(record("a", "What is clonus?")));
        assert_eq!(titles.get(1), Some(record("b", "Wie? — ünïcode")));
        assert_eq!(titles.get(2), Some(record("", "")));
        assert_eq!(titles.get(3), None);
        assert_eq!(titles.get(u64::MAX), None);
        let names = |o: u64| titles.names(o).iter().collect::<Vec<u64>>();
        assert_eq!(names(0), [7, u64::MAX]);
        assert!(names(1).is_empty());
        assert_eq!(names(2), [1 << 48]);
        assert!(names(3).is_empty());
    }

    #[test]
    fn damaged_tables_give_no_record_and_never_panic() {
        let mut writer = TitlesWriter::default();
        writer.push(record("a", "What is clonus?"), &[1, 2, 3]);
        writer.push(record("b", "What causes clonus?"), &[4]);
        let good = writer.finish();
        assert!(Titles::from_bytes(OwnedBytes::new(Vec::new())).is_none());
        assert!(
            Titles::from_bytes(OwnedBytes::new(vec![0xff; 8])).is_none(),
            "a count beyond the file"
        );
        // Every truncation and every flipped byte fails the checksum.
        for cut in 0..good.len() {
            assert!(
                Titles::from_bytes(OwnedBytes::new(good[..cut].to_vec())).is_none(),
                "cut at {cut}"
            );
        }
        for at in 0..good.len() {
            let mut bad = good.clone();
            bad[at] ^= 0xa5;
            assert!(
                Titles::from_bytes(OwnedBytes::new(bad)).is_none(),
                "byte {at} flipped"
            );
        }
        // A table whose checksum is right but whose count is not: no record, no panic.
        let mut lying = good[..good.len() - 16].to_vec();
        lying.extend_from_slice(&u64::MAX.to_le_bytes());
        let checksum = xxhash_rust::xxh3::xxh3_64(&lying);
        lying.extend_from_slice(&checksum.to_le_bytes());
        assert!(Titles::from_bytes(OwnedBytes::new(lying)).is_none());
        let mut short = good[..good.len() - 16].to_vec();
        short.extend_from_slice(&1u64.to_le_bytes());
        let checksum = xxhash_rust::xxh3::xxh3_64(&short);
        short.extend_from_slice(&checksum.to_le_bytes());
        if let Some(titles) = Titles::from_bytes(OwnedBytes::new(short)) {
            let _ = (titles.get(0), titles.get(1), titles.names(0).iter().count());
        }
    }
}
