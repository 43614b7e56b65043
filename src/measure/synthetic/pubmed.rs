//! Synthetic PubMed citations for measuring the literature import at scale: any number
//! of `PubmedArticle` records in `PubmedArticleSet` XML as NLM publishes it, written as
//! the annual baseline is, [`CITATIONS_PER_FILE`] to a file, optionally gzipped.
//!
//! Each citation takes a MedQuAD focus as its major MeSH heading and its title's
//! subject, a few other foci as minor headings, and an abstract of MedQuAD answer
//! sentences (mostly structured: BACKGROUND, METHODS, RESULTS, CONCLUSIONS), half about
//! its focus and half from anywhere, as the passages of [`super::Articles`] are. The
//! publication types are spread over every level of evidence the importer tells apart,
//! and the journal, year, authors and DOI vary. Citations are made one at a time and
//! written as they are made: memory stays the same whatever the number.

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use flate2::Compression;
use flate2::write::GzEncoder;

use super::{SentencePool, SplitMix64, Topic};

/// Citations per file: NLM's annual baseline files hold 30,000 each.
pub const CITATIONS_PER_FILE: u64 = 30_000;
/// The first synthetic PMID less one: nine digits, far above any real PMID, so a
/// synthetic citation is never taken for a real one.
const PMID_BASE: u64 = 900_000_000;

/// Publication types after "Journal Article", with how many in 100 citations have
/// them: every level of evidence the importer reads, and plain journal articles.
const DESIGNS: &[(u64, Option<&str>, &str)] = &[
    (2, Some("Practice Guideline"), "a clinical practice guideline"),
    (4, Some("Meta-Analysis"), "a meta-analysis"),
    (6, Some("Systematic Review"), "a systematic review"),
    (
        12,
        Some("Randomized Controlled Trial"),
        "a randomised controlled trial",
    ),
    (14, Some("Observational Study"), "a cohort study"),
    (12, Some("Case Reports"), "a case report"),
    (15, Some("Review"), "a review"),
    (35, None, ""),
];

const LEADS: &[&str] = &[
    "Outcomes of",
    "Management of",
    "Risk factors for",
    "Diagnosis of",
    "The long-term course of",
    "Genetic findings in",
    "Treatment of",
    "Quality of life in",
    "Early signs of",
];

const JOURNALS: &[(&str, &str)] = &[
    ("Journal of Synthetic Medicine", "J Synth Med"),
    ("Synthetic Clinical Neurology", "Synth Clin Neurol"),
    ("Annals of Recombined Research", "Ann Recomb Res"),
    ("Archives of Benchmark Paediatrics", "Arch Bench Paediatr"),
    ("Synthetic Journal of Genetics", "Synth J Genet"),
    ("International Journal of Generated Oncology", "Int J Gener Oncol"),
    ("Benchmark Cardiology Reports", "Bench Cardiol Rep"),
    ("Recombined Practice in Primary Care", "Recomb Pract Prim Care"),
];

const FAMILY_NAMES: &[&str] = &[
    "Okafor",
    "Lindqvist",
    "Tanaka",
    "Garcia",
    "Novak",
    "Mensah",
    "Kowalski",
    "Haddad",
    "Chen",
    "O'Brien",
    "Singh",
    "Moreau",
    "Ivanova",
    "Adeyemi",
    "Rossi",
    "Nakamura",
    "Schmidt",
    "Costa",
    "Kim",
    "Papadopoulos",
    "Jensen",
    "Abebe",
    "Fischer",
    "Silva",
];
const GIVEN_NAMES: &[&str] = &[
    "Adaeze", "Per", "Kenji", "Lucia", "Tomas", "Kwame", "Anna", "Rania", "Wei", "Siobhan", "Arjun",
    "Claire", "Olga", "Tunde", "Marco", "Yuki", "Jonas", "Beatriz", "Min-jun", "Eleni",
];

/// Headings NLM adds to most human studies, beside the subject.
const CHECK_TAGS: &[&str] = &["Humans", "Adult", "Female", "Male", "Middle Aged", "Aged"];

/// What [`write`] wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// The files, in order.
    pub files: Vec<PathBuf>,
    pub citations: u64,
    /// Bytes on disk (compressed when gzipped).
    pub bytes: u64,
}

/// The synthetic citations, each one `<PubmedArticle>` element, made one at a time.
pub struct Citations<'a> {
    pool: &'a SentencePool,
    rng: SplitMix64,
    left: u64,
    made: u64,
}

impl SentencePool {
    /// `citations` synthetic PubMed citations made from `seed`, as XML elements.
    pub fn citations(&self, citations: u64, seed: u64) -> Citations<'_> {
        Citations {
            pool: self,
            rng: SplitMix64(seed),
            left: citations,
            made: 0,
        }
    }
}

impl Iterator for Citations<'_> {
    type Item = String;

    fn next(&mut self) -> Option<String> {
        if self.left == 0 {
            return None;
        }
        self.left -= 1;
        self.made += 1;
        let mut xml = String::with_capacity(4096);
        self.citation(PMID_BASE + self.made, &mut xml);
        Some(xml)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = usize::try_from(self.left).unwrap_or(usize::MAX);
        (left, Some(left))
    }
}

impl Citations<'_> {
    fn topic(&mut self) -> &Topic {
        let pool = self.pool;
        &pool.topics[self.rng.below(pool.topics.len())]
    }

    fn design(&mut self) -> (Option<&'static str>, &'static str) {
        let total: u64 = DESIGNS.iter().map(|(weight, ..)| weight).sum();
        let mut at = self.rng.next() % total;
        for &(weight, publication_type, phrase) in DESIGNS {
            if at < weight {
                return (publication_type, phrase);
            }
            at -= weight;
        }
        (None, "")
    }

    /// `count` sentences about `topic` (half of them; the rest from anywhere), joined.
    fn sentences(&mut self, topic: &Topic, count: usize) -> String {
        let mut text = String::new();
        for _ in 0..count {
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(super::pick_sentence(self.pool, &mut self.rng, topic));
        }
        text
    }

    /// Writes one `<PubmedArticle>` with PMID `pmid` into `xml`.
    fn citation(&mut self, pmid: u64, xml: &mut String) {
        use std::fmt::Write as _;
        let pool = self.pool;
        let topic = &pool.topics[self.rng.below(pool.topics.len())];
        let (publication_type, phrase) = self.design();
        let lead = LEADS[self.rng.below(LEADS.len())];
        let other = (self.rng.below(3) == 0).then(|| self.topic().focus.clone());
        let mut title = format!("{lead} {}", topic.focus);
        if let Some(other) = &other {
            let _ = write!(title, " and {other}");
        }
        if !phrase.is_empty() {
            let _ = write!(title, ": {phrase}");
        }
        title.push('.');
        let year = 1995 + self.rng.below(32) as u64;
        let revised = (year + 1 + self.rng.below(3) as u64).min(2026);
        let (month, day) = (1 + self.rng.below(12), 1 + self.rng.below(28));
        let (journal, abbreviation) = JOURNALS[self.rng.below(JOURNALS.len())];
        let volume = 1 + (year - 1995) as usize;
        let first_page = 1 + self.rng.below(900);
        let doi = format!("10.5555/synth.{year}.{pmid}");

        let _ = write!(
            xml,
            "  <PubmedArticle>\n    <MedlineCitation Status=\"MEDLINE\" Owner=\"NLM\">\n      \
             <PMID Version=\"1\">{pmid}</PMID>\n      \
             <DateCompleted><Year>{year}</Year><Month>{month:02}</Month><Day>{day:02}</Day></DateCompleted>\n      \
             <DateRevised><Year>{revised}</Year><Month>{month:02}</Month><Day>{day:02}</Day></DateRevised>\n      \
             <Article PubModel=\"Print\">\n        <Journal>\n          \
             <JournalIssue CitedMedium=\"Print\">\n            <Volume>{volume}</Volume>\n            \
             <Issue>{}</Issue>\n            <PubDate><Year>{year}</Year><Month>{}</Month></PubDate>\n          \
             </JournalIssue>\n          <Title>{journal}</Title>\n          \
             <ISOAbbreviation>{abbreviation}</ISOAbbreviation>\n        </Journal>\n        \
             <ArticleTitle>{}</ArticleTitle>\n        \
             <Pagination><MedlinePgn>{first_page}-{}</MedlinePgn></Pagination>\n        \
             <ELocationID EIdType=\"doi\" ValidYN=\"Y\">{doi}</ELocationID>\n",
            1 + self.rng.below(12),
            MONTHS[month - 1],
            escape(&title),
            first_page + 3 + self.rng.below(12),
        );

        // Most abstracts are structured, some are one paragraph, a few are missing (a
        // letter, an old citation), as in MEDLINE.
        match self.rng.below(20) {
            0 => {}
            1..=3 => {
                let count = 4 + self.rng.below(6);
                let text = self.sentences(topic, count);
                let _ = write!(
                    xml,
                    "        <Abstract>\n          <AbstractText>{}</AbstractText>\n        </Abstract>\n",
                    escape(&text)
                );
            }
            _ => {
                xml.push_str("        <Abstract>\n");
                for label in ["BACKGROUND", "METHODS", "RESULTS", "CONCLUSIONS"] {
                    let count = 1 + self.rng.below(3);
                    let text = self.sentences(topic, count);
                    let _ = writeln!(
                        xml,
                        "          <AbstractText Label=\"{label}\" NlmCategory=\"{label}\">{}</AbstractText>",
                        escape(&text)
                    );
                }
                xml.push_str("        </Abstract>\n");
            }
        }

        xml.push_str("        <AuthorList CompleteYN=\"Y\">\n");
        for _ in 0..1 + self.rng.below(8) {
            let family = FAMILY_NAMES[self.rng.below(FAMILY_NAMES.len())];
            let given = GIVEN_NAMES[self.rng.below(GIVEN_NAMES.len())];
            let initial = given.chars().next().unwrap_or('X');
            let _ = writeln!(
                xml,
                "          <Author ValidYN=\"Y\"><LastName>{}</LastName><ForeName>{given}</ForeName>\
                 <Initials>{initial}</Initials></Author>",
                escape(family)
            );
        }
        if self.rng.below(25) == 0 {
            let _ = writeln!(
                xml,
                "          <Author ValidYN=\"Y\"><CollectiveName>{} Study Group</CollectiveName></Author>",
                escape(&topic.focus)
            );
        }
        xml.push_str(
            "        </AuthorList>\n        <Language>eng</Language>\n        <PublicationTypeList>\n",
        );
        xml.push_str("          <PublicationType UI=\"D016428\">Journal Article</PublicationType>\n");
        if let Some(publication_type) = publication_type {
            let _ = writeln!(
                xml,
                "          <PublicationType>{publication_type}</PublicationType>"
            );
        }
        let _ = write!(
            xml,
            "        </PublicationTypeList>\n      </Article>\n      \
             <MedlineJournalInfo><Country>Nowhere</Country><MedlineTA>{abbreviation}</MedlineTA></MedlineJournalInfo>\n      \
             <MeshHeadingList>\n"
        );
        let mut mesh = |name: &str, major: bool| {
            let _ = writeln!(
                xml,
                "        <MeshHeading><DescriptorName MajorTopicYN=\"{}\">{}</DescriptorName></MeshHeading>",
                if major { 'Y' } else { 'N' },
                escape(name)
            );
        };
        mesh(CHECK_TAGS[0], false);
        for _ in 0..self.rng.below(3) {
            mesh(CHECK_TAGS[1 + self.rng.below(CHECK_TAGS.len() - 1)], false);
        }
        mesh(&topic.focus, true);
        if let Some(other) = &other {
            mesh(other, false);
        }
        for _ in 0..self.rng.below(3) {
            let focus = self.topic().focus.clone();
            mesh(&focus, false);
        }
        let _ = write!(
            xml,
            "      </MeshHeadingList>\n    </MedlineCitation>\n    <PubmedData>\n      \
             <PublicationStatus>ppublish</PublicationStatus>\n      <ArticleIdList>\n        \
             <ArticleId IdType=\"pubmed\">{pmid}</ArticleId>\n        \
             <ArticleId IdType=\"doi\">{doi}</ArticleId>\n      </ArticleIdList>\n    \
             </PubmedData>\n  </PubmedArticle>\n"
        );
    }
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Text as XML character data.
fn escape(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains(['&', '<', '>', '"']) {
        return text.into();
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out.into()
}

const HEADER: &str = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!DOCTYPE PubmedArticleSet PUBLIC \
                      \"-//NLM//DTD PubMedArticle, 1st January 2025//EN\" \
                      \"https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd\">\n<PubmedArticleSet>\n";
const FOOTER: &str = "</PubmedArticleSet>\n";

/// One output file, plain or gzipped.
enum Out {
    Plain(BufWriter<File>),
    Gzip(Box<GzEncoder<BufWriter<File>>>),
}

impl Out {
    fn create(path: &Path, gzip: bool) -> io::Result<Out> {
        let file = BufWriter::with_capacity(1 << 20, File::create(path)?);
        Ok(if gzip {
            Out::Gzip(Box::new(GzEncoder::new(file, Compression::fast())))
        } else {
            Out::Plain(file)
        })
    }

    fn write_all(&mut self, bytes: &[u8]) -> io::Result<()> {
        match self {
            Out::Plain(out) => out.write_all(bytes),
            Out::Gzip(out) => out.write_all(bytes),
        }
    }

    fn finish(self) -> io::Result<()> {
        let file = match self {
            Out::Plain(out) => out,
            Out::Gzip(out) => out.finish()?,
        };
        file.into_inner()
            .map_err(io::IntoInnerError::into_error)?
            .sync_all()
    }
}

/// Writes `citations` synthetic citations made from `seed` into `dir` (made if
/// missing) as `synth26n0001.xml[.gz]` and on, [`CITATIONS_PER_FILE`] to a file.
/// `progress` is (citations written, total).
pub fn write(
    pool: &SentencePool,
    citations: u64,
    seed: u64,
    dir: &Path,
    gzip: bool,
    progress: &mut dyn FnMut(u64, u64),
) -> io::Result<Written> {
    write_files(pool, citations, seed, dir, gzip, CITATIONS_PER_FILE, progress)
}

fn write_files(
    pool: &SentencePool,
    citations: u64,
    seed: u64,
    dir: &Path,
    gzip: bool,
    per_file: u64,
    progress: &mut dyn FnMut(u64, u64),
) -> io::Result<Written> {
    fs::create_dir_all(dir)?;
    let extension = if gzip { "xml.gz" } else { "xml" };
    let mut written = Written {
        files: Vec::new(),
        citations: 0,
        bytes: 0,
    };
    let mut out: Option<Out> = None;
    for xml in pool.citations(citations, seed) {
        let file = match out.as_mut() {
            Some(file) => file,
            None => {
                let path = dir.join(format!("synth26n{:04}.{extension}", written.files.len() + 1));
                let mut file = Out::create(&path, gzip)?;
                file.write_all(HEADER.as_bytes())?;
                written.files.push(path);
                out.insert(file)
            }
        };
        file.write_all(xml.as_bytes())?;
        written.citations += 1;
        if written.citations.is_multiple_of(per_file) {
            finish(out.take())?;
        }
        if written.citations.is_multiple_of(1024) {
            progress(written.citations, citations);
        }
    }
    finish(out.take())?;
    progress(written.citations, citations);
    written.bytes = written
        .files
        .iter()
        .map(|f| fs::metadata(f).map_or(0, |m| m.len()))
        .sum();
    Ok(written)
}

fn finish(out: Option<Out>) -> io::Result<()> {
    match out {
        Some(mut out) => {
            out.write_all(FOOTER.as_bytes())?;
            out.finish()
        }
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::measure::synthetic::SEED;
    use curbside_core::article::{Article, Evidence};
    use curbside_core::corpus::{load_jsonl, pubmed, store::ImportLock};
    use std::collections::HashSet;

    fn pool() -> SentencePool {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/medquad");
        SentencePool::read(&dir).expect("the fixture collection has sentences")
    }

    fn import(files: &[PathBuf]) -> (tempfile::TempDir, pubmed::Imported, Vec<Article>) {
        let corpora = tempfile::tempdir().unwrap();
        let lock = ImportLock::acquire(corpora.path()).unwrap();
        let imported = pubmed::import(corpora.path(), files, &lock, &mut |_, _| {}).unwrap();
        let articles = load_jsonl(&corpora.path().join(&imported.installed.file), pubmed::CORPUS)
            .unwrap()
            .articles;
        (corpora, imported, articles)
    }

    #[test]
    fn the_same_seed_writes_the_same_files() {
        let pool = pool();
        let read = |seed, gzip| {
            let dir = tempfile::tempdir().unwrap();
            let written = write_files(&pool, 120, seed, dir.path(), gzip, 50, &mut |_, _| {}).unwrap();
            let bytes: Vec<Vec<u8>> = written.files.iter().map(|f| fs::read(f).unwrap()).collect();
            (written.files.len(), bytes)
        };
        let (files, a) = read(7, false);
        assert_eq!(files, 3);
        assert_eq!(a, read(7, false).1);
        assert_ne!(a, read(8, false).1);
        assert_eq!(read(7, true).1, read(7, true).1);
    }

    #[test]
    fn our_importer_reads_exactly_the_citations_written_with_their_fields() {
        let pool = pool();
        let dir = tempfile::tempdir().unwrap();
        let written = write_files(&pool, 250, SEED, dir.path(), true, 100, &mut |_, _| {}).unwrap();
        assert_eq!(written.citations, 250);
        let names: Vec<String> = written
            .files
            .iter()
            .map(|f| f.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            names,
            [
                "synth26n0001.xml.gz",
                "synth26n0002.xml.gz",
                "synth26n0003.xml.gz"
            ]
        );
        let (_corpora, imported, articles) = import(&[dir.path().to_path_buf()]);
        assert!(imported.problems.is_empty(), "{:?}", imported.problems);
        assert_eq!(
            (imported.files, imported.citations, imported.replaced),
            (3, 250, 0)
        );
        assert_eq!(articles.len(), 250);
        let ids: HashSet<&str> = articles.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids.len(), 250, "every PMID is its own");
        let foci: HashSet<&str> = pool.topics.iter().map(|t| t.focus.as_str()).collect();
        let mut levels = HashSet::new();
        let mut structured = 0;
        for article in &articles {
            let citation = article.citation.as_ref().expect("a research citation");
            let pmid = citation.pmid.as_deref().expect("a PMID");
            assert_eq!(article.id, format!("pubmed-{pmid}"));
            assert!(pmid.parse::<u64>().unwrap() > PMID_BASE);
            assert!(!article.question.is_empty() && !article.question.ends_with('.'));
            assert!(foci.contains(article.topic.as_str()), "{}", article.topic);
            assert!(article.question.contains(&article.topic));
            assert!(citation.mesh.iter().any(|m| m == "Humans"));
            assert!(citation.mesh.contains(&article.topic));
            assert!(JOURNALS.iter().any(|(name, _)| citation.journal == *name));
            assert!(citation.year.is_some_and(|y| (1995..=2026).contains(&y)));
            assert!(!citation.authors.is_empty());
            assert!(citation.publication_types.iter().any(|t| t == "Journal Article"));
            assert_eq!(
                citation.doi.as_deref(),
                Some(format!("10.5555/synth.{}.{pmid}", citation.year.unwrap()).as_str())
            );
            levels.insert(citation.evidence);
            let headings: Vec<&str> = article.sections.iter().map(|s| s.heading.as_str()).collect();
            if headings == ["Background", "Methods", "Results", "Conclusions"] {
                structured += 1;
            }
        }
        assert!(
            structured > 150,
            "most abstracts are structured ({structured} of 250)"
        );
        assert!(
            articles.iter().filter(|a| a.is_answered()).count() > 200,
            "most citations have an abstract"
        );
        for level in Evidence::ALL {
            assert!(levels.contains(&level), "{level:?} in {levels:?}");
        }
    }

    #[test]
    fn abstracts_are_medquad_sentences_escaped_as_xml() {
        let pool = pool();
        let known: HashSet<&str> = pool.sentences.iter().map(String::as_str).collect();
        let dir = tempfile::tempdir().unwrap();
        let written = write_files(&pool, 60, SEED, dir.path(), false, 100, &mut |_, _| {}).unwrap();
        let (_corpora, _, articles) = import(&written.files);
        for article in articles {
            for (_, _, block) in article.blocks() {
                assert!(known.iter().any(|s| block.text.starts_with(s)), "{}", block.text);
            }
        }
        assert_eq!(escape("a < b & \"c\""), "a &lt; b &amp; &quot;c&quot;");
    }

    #[test]
    fn citations_are_made_one_at_a_time_whatever_the_number() {
        // Nothing is made ahead: asking for more citations than could ever be held costs
        // only the ones taken, and each file is closed once it holds its share.
        let pool = pool();
        let first: Vec<String> = pool.citations(u64::MAX, SEED).take(3).collect();
        assert_eq!(first, pool.citations(3, SEED).collect::<Vec<_>>());
        assert!(first[0].contains(&format!("<PMID Version=\"1\">{}</PMID>", PMID_BASE + 1)));
        assert_eq!(pool.citations(u64::MAX, SEED).size_hint().0, usize::MAX);
        let dir = tempfile::tempdir().unwrap();
        let written = write_files(&pool, 10, SEED, dir.path(), false, 4, &mut |_, _| {}).unwrap();
        let per_file: Vec<usize> = written
            .files
            .iter()
            .map(|f| fs::read_to_string(f).unwrap().matches("<PubmedArticle>").count())
            .collect();
        assert_eq!(per_file, [4, 4, 2]);
        assert!(
            written
                .files
                .iter()
                .all(|f| fs::read_to_string(f).unwrap().ends_with(FOOTER))
        );
    }
}
