//! The tantivy schema and a `Fields` struct of its field handles, built once.

use tantivy::Index;
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::{AsciiFoldingFilter, LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer};

use super::stemmer::CachedStemmer;

/// Bumped whenever the schema or the analysis changes, so old indexes are rebuilt.
pub const SCHEMA_VERSION: u32 = 16;

/// English text: split on non-alphanumerics, lower-cased, accents folded, stemmed.
pub const TOKENIZER: &str = "curbside_en";

/// Every field of the index. Article documents and passage documents share one index,
/// told apart by `doc_type`.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// `article` or `passage`.
    pub doc_type: Field,
    /// The article's id (on passages too, so a passage leads to its article).
    pub article_id: Field,
    /// The corpus the article belongs to, as [`Source::corpus`](crate::article::Source::corpus)
    /// names it (on passages too).
    pub corpus: Field,
    /// The article's `kind` as written (on passages too).
    pub kind: Field,
    /// A hash of `URL␟question` when the article says where it was published: a page
    /// answering one question twice (a topic's main text and its FAQ) gives two
    /// articles one value.
    pub page_question: Field,
    /// The article's question, scored and stored.
    pub question: Field,
    /// The article's topic, scored and stored (articles only).
    pub topic: Field,
    /// The topic's synonyms and abbreviations.
    pub aliases: Field,
    /// The clinicians' and the patients' summaries (one text once when they are the same).
    pub summary: Field,
    /// Every section's heading and the text of its blocks.
    pub body: Field,
    /// The titles of the article's references.
    pub refs: Field,
    /// The text of one paragraph or bullet (passage documents only).
    pub passage: Field,
    /// The article's topic on its passages. Apart from `topic` so that each scored
    /// field belongs to one kind of document and BM25's statistics count only those.
    pub passage_topic: Field,
    /// The heading of the passage's section, stored to show with it.
    pub heading: Field,
    /// Block index in reading order and the reference numbers it cites (passages).
    pub block: Field,
    /// The numbers of the references the passage cites, comma-separated, stored.
    pub cites: Field,
    /// 1 when the article carries an answer of its own; withdrawn imports and pages that
    /// only point elsewhere rank below answered ones.
    pub answered: Field,
    /// [`QuestionType::code`](crate::article::QuestionType::code) of the article's kind
    /// (0: none known), so answers of the type a question asks can rank first.
    pub qtype: Field,
    /// The whole article as JSON, so opening one needs nothing but the index. Stored as
    /// text, not bytes: tantivy reads a stored bytes value back one byte at a time, and
    /// every hit read the whole article that way (the profile in BENCHMARKS.md).
    pub json: Field,
    /// A citation's MeSH headings and keywords (articles only): scored with what a
    /// question asks, as what the paper is about.
    pub subjects: Field,
    /// The fields `journal:`, `author:`, `mesh:`, `pmid:`, `type:` and `year:` restrict
    /// to, on articles and their passages alike; never scored.
    pub journal: Field,
    /// Authors' names, `Family, Given` and `Family Initials`.
    pub author: Field,
    /// MeSH headings and keywords, for `mesh:`.
    pub mesh: Field,
    /// The PMID, as written.
    pub pmid: Field,
    /// The [`Evidence`](crate::article::Evidence) slug.
    pub evidence: Field,
    /// Year of publication.
    pub year: Field,
    /// An article's place in the titles side table ([`super::titles`]), on the article
    /// and on each of its passages: what a hit shows and the article's names, read
    /// without a stored document.
    pub ordinal: Field,
}

/// The `u64` fast column of `field` in one segment, found through its handle so that a
/// renamed field cannot silently go unread.
pub fn u64_column(
    segment: &tantivy::SegmentReader,
    field: Field,
) -> tantivy::Result<tantivy::columnar::Column<u64>> {
    segment.fast_fields().u64(segment.schema().get_field_name(field))
}

/// A column's value for each document, read for every document a search matches: the
/// values themselves when every document has one (as every document has `answered` and
/// `qtype`), with no column index to consult per document; else the first value, or
/// `default` for a document without one.
pub fn by_document(
    column: tantivy::columnar::Column<u64>,
    default: u64,
) -> std::sync::Arc<dyn tantivy::columnar::ColumnValues<u64>> {
    match column.index {
        tantivy::columnar::ColumnIndex::Full => column.values,
        _ => column.first_or_default_col(default),
    }
}

/// The `doc_type` value that marks an article document.
pub const ARTICLE: &str = "article";
/// The `doc_type` value that marks a passage document (one paragraph or bullet).
pub const PASSAGE: &str = "passage";

impl Fields {
    /// The index's schema and the handles of its fields, the same for every reader and writer.
    pub fn schema() -> (Schema, Fields) {
        let mut b = Schema::builder();
        let indexing = TextFieldIndexing::default()
            .set_tokenizer(TOKENIZER)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions);
        let text = TextOptions::default().set_indexing_options(indexing);
        let stored_text = text.clone().set_stored();
        let fields = Fields {
            doc_type: b.add_text_field("doc_type", STRING),
            article_id: b.add_text_field("article_id", STRING | STORED),
            corpus: b.add_text_field("corpus", STRING | STORED),
            kind: b.add_text_field("kind", STRING | STORED),
            page_question: b.add_u64_field("page_question", FAST),
            question: b.add_text_field("question", stored_text.clone()),
            topic: b.add_text_field("topic", stored_text.clone()),
            aliases: b.add_text_field("aliases", text.clone()),
            summary: b.add_text_field("summary", text.clone()),
            body: b.add_text_field("body", text.clone()),
            refs: b.add_text_field("refs", text.clone()),
            passage: b.add_text_field("passage", stored_text.clone()),
            passage_topic: b.add_text_field("passage_topic", stored_text),
            heading: b.add_text_field("heading", STORED),
            block: b.add_u64_field("block", STORED),
            cites: b.add_text_field("cites", STORED),
            answered: b.add_u64_field("answered", FAST | INDEXED | STORED),
            qtype: b.add_u64_field("qtype", FAST),
            json: b.add_text_field("json", STORED),
            subjects: b.add_text_field("subjects", text.clone()),
            journal: b.add_text_field("journal", text.clone()),
            author: b.add_text_field("author", text.clone()),
            mesh: b.add_text_field("mesh", text.clone()),
            pmid: b.add_text_field("pmid", STRING),
            evidence: b.add_text_field("evidence", STRING),
            year: b.add_u64_field("year", FAST | INDEXED),
            ordinal: b.add_u64_field("ordinal", FAST),
        };
        (b.build(), fields)
    }

    /// The fields a natural question is matched against, with their weights. Topic and
    /// aliases name what the article is about, so a match there counts most; the question
    /// says what is asked; summaries and body carry the answer, and a citation's subject
    /// headings say what it is about as its summary does; reference titles least.
    pub fn weighted(&self) -> [(Field, f32); 7] {
        [
            (self.topic, 3.0),
            (self.aliases, 2.0),
            (self.question, 2.0),
            (self.summary, 1.0),
            (self.subjects, 1.0),
            (self.body, 0.6),
            (self.refs, 0.3),
        ]
    }
}

/// The analysis [`TOKENIZER`] names: words split on non-alphanumerics, those of 40 bytes or
/// more dropped, lower-cased, accents folded and stemmed as English.
pub fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(CachedStemmer)
        .build()
}

/// The same as [`analyzer`] without stemming: the words as a person typed them.
pub fn word_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// Registers [`TOKENIZER`] with `index`, which must be done before it is read or written.
pub fn register(index: &Index) {
    index.tokenizers().register(TOKENIZER, analyzer());
}
