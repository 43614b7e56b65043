//! The commands that answer: `ask`, `search` (one query or a batch) and `show`, each
//! printing the one render walk's text or Markdown, or JSON for scripts.

use anyhow::{Context, Result, bail};
use curbside_core::answer::{self, Answer, Asked, Question};
use curbside_core::article::{Article, Audience};
use curbside_core::home::Home;
use curbside_core::index::{Engine, analysis};
use curbside_core::render::{self, Document};
use curbside_core::research;
use serde::Serialize;
use std::io::{self, BufRead, IsTerminal, Write};

use super::shared::*;

/// `(json, markdown, explain)`: how `ask` prints.
pub(super) type AskOutput = (bool, bool, bool);

pub(super) fn ask(
    home: &Home,
    text: &str,
    (json, markdown, explain): AskOutput,
    follow_up_of: Option<&str>,
    audience: Audience,
) -> Result<i32> {
    let engine = open_engine(home)?;
    let (text, shortened) = Shortened::read(text);
    if let Some(shortened) = shortened.filter(|_| !explain) {
        eprintln!("note: {}", shortened.note());
    }
    print_query_notes(text);
    let context = match follow_up_of {
        Some(id) => Some(
            engine
                .article(id)?
                .with_context(|| format!("--follow-up-of: no article has the id `{id}`"))?,
        ),
        None => None,
    };
    let asked = answer::ask(
        &engine,
        Question {
            text,
            context: context.as_ref(),
        },
    )?;
    let found = !matches!(asked.answer, Answer::None);
    if json {
        print_json(&AskedJson::new(&engine, &asked, audience, shortened)?)?;
    } else {
        if explain {
            let mut explained = asked.understood.explain();
            if let Some(shortened) = shortened {
                explained += &format!("{:<12} {}\n", "shortened:", shortened.note());
            }
            sayln!("{explained}");
        }
        let doc = asked_document(&engine, &asked, audience)?;
        say!(
            "{}",
            if markdown {
                render::markdown(&doc)
            } else {
                render::text(&doc, text_width())
            }
        );
    }
    Ok(if found { 0 } else { 1 })
}

/// A question longer than is read ([`analysis::MAX_QUERY_CHARS`]), cut at the end of a
/// word: what `ask` and `search` say about it, and write in their JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub(super) struct Shortened {
    /// How many characters the question has.
    typed_chars: usize,
    /// How many of them are read.
    read_chars: usize,
}

impl Shortened {
    /// The part of `text` that is read, and how it was shortened if it was.
    fn read(text: &str) -> (&str, Option<Shortened>) {
        let read = analysis::read_part(text);
        let shortened = (read.len() < text.len()).then(|| Shortened {
            typed_chars: text.chars().count(),
            read_chars: read.chars().count(),
        });
        (read, shortened)
    }

    /// The shortening in words.
    fn note(&self) -> String {
        format!(
            "the question was shortened to its first {} of {} characters, cut at the end of a word \
             (at most {} are read)",
            self.read_chars,
            self.typed_chars,
            analysis::MAX_QUERY_CHARS
        )
    }
}

/// `ask --json`: the answer with its references, related links and follow-ups resolved.
#[derive(Serialize)]
pub(super) struct AskedJson<'a> {
    #[serde(flatten)]
    asked: &'a Asked,
    /// Whether the question was cut to the length read (`null` when it was not).
    shortened: Option<Shortened>,
    audience: Audience,
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<&'a str>,
    related: Vec<answer::Link>,
    follow_ups: Vec<answer::FollowUp>,
    /// The library's research about the answer's topic, strongest evidence first.
    research: Vec<research::Finding>,
}

impl<'a> AskedJson<'a> {
    fn new(
        engine: &Engine,
        asked: &'a Asked,
        audience: Audience,
        shortened: Option<Shortened>,
    ) -> Result<Self> {
        let (summary, related, follow_ups, research) = match &asked.answer {
            Answer::Article { article } => (
                Some(article.summaries.for_audience(audience)),
                answer::related(engine, article)?,
                answer::follow_ups(engine, article)?,
                research::findings(engine, article)?,
            ),
            Answer::Passages { passages } => (
                None,
                Vec::new(),
                Vec::new(),
                research::for_passages_findings(engine, passages)?,
            ),
            Answer::None => (None, Vec::new(), Vec::new(), Vec::new()),
        };
        Ok(AskedJson {
            asked,
            shortened,
            audience,
            summary,
            related,
            follow_ups,
            research,
        })
    }
}

/// The answer's document, with the library's research, and the related links and
/// follow-ups when it is one article.
fn asked_document(engine: &Engine, asked: &Asked, audience: Audience) -> Result<Document> {
    if let Answer::Passages { passages } = &asked.answer {
        let mut passages = passages.clone();
        passages.extend(research::for_passages(engine, &passages)?);
        let shown = Asked {
            answer: Answer::Passages { passages },
            ..asked.clone()
        };
        return Ok(Document::asked(&shown, audience, OTHER_RESULTS));
    }
    let doc = Document::asked(asked, audience, OTHER_RESULTS);
    Ok(match &asked.answer {
        Answer::Article { article } => {
            let shown = with_research(engine, article)?;
            Document {
                follow_up_on: doc.follow_up_on,
                others: doc.others,
                understood: doc.understood,
                ..Document::article(&shown, audience)
            }
            .with_links(
                answer::related(engine, article)?,
                &answer::follow_ups(engine, article)?,
            )
        }
        _ => doc,
    })
}

/// The article with the library's research about its topic added (From the Research).
fn with_research(engine: &Engine, article: &Article) -> Result<Article> {
    Ok(research::with_findings(
        article,
        &research::findings(engine, article)?,
    ))
}

/// How many further results `ask` names under its answer.
pub(super) const OTHER_RESULTS: usize = 5;

#[derive(Serialize)]
pub(super) struct SearchHitJson {
    rank: usize,
    id: String,
    question: String,
    topic: String,
    kind: String,
    corpus: String,
    score: f32,
    answered: bool,
    snippet: curbside_core::index::Snippet,
}

pub(super) fn search_hits(engine: &Engine, query: &str, limit: usize) -> Result<Vec<SearchHitJson>> {
    let hits = engine.search(query, limit, false)?;
    let mut out = Vec::with_capacity(hits.len());
    for (i, hit) in hits.into_iter().enumerate() {
        let text = match engine.article(&hit.id)? {
            Some(article) => render::snippet_source(&article),
            None => String::new(),
        };
        out.push(SearchHitJson {
            rank: i + 1,
            snippet: engine.snippet(query, &text, render::SNIPPET_CHARS),
            id: hit.id,
            question: hit.question,
            topic: hit.topic,
            kind: hit.kind,
            corpus: hit.corpus,
            score: hit.score,
            answered: hit.answered,
        });
    }
    Ok(out)
}

/// Says on stderr which restrictions (`year:`, `type:`, ...) could not be read and were
/// left out of the search.
fn print_query_notes(query: &str) {
    for note in Engine::notes(query) {
        eprintln!("note: {}", render::clean(&note));
    }
}

pub(super) fn search(home: &Home, query: &str, limit: usize, json: bool) -> Result<i32> {
    let engine = open_engine(home)?;
    let (query, shortened) = Shortened::read(query);
    if let Some(shortened) = shortened {
        eprintln!("note: {}", shortened.note());
    }
    print_query_notes(query);
    let hits = search_hits(&engine, query, limit)?;
    if json {
        print_json(&serde_json::json!({ "query": query, "shortened": shortened, "hits": hits }))?;
    } else {
        let color = io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
        let mut out = io::stdout().lock();
        for hit in &hits {
            writeln!(
                out,
                "{:>2}. {}  ({}, {:.2})",
                hit.rank,
                render::clean(&hit.question),
                render::clean(&hit.id),
                hit.score
            )?;
            writeln!(out, "    {}", highlight(&hit.snippet, color))?;
        }
        if hits.is_empty() {
            writeln!(out, "No article matches `{}`.", render::clean(query))?;
        }
    }
    Ok(if hits.is_empty() { 1 } else { 0 })
}

/// The snippet with its matches in bold (on a colour terminal) or between `**`.
pub(super) fn highlight(snippet: &curbside_core::index::Snippet, color: bool) -> String {
    let (open, close) = if color {
        ("\x1b[1m", "\x1b[0m")
    } else {
        ("**", "**")
    };
    // The snippet's own text is cleaned piece by piece, so the only escape codes are ours.
    let piece = |range: std::ops::Range<usize>| render::clean(&snippet.text[range]).into_owned();
    let mut out = String::new();
    let mut at = 0;
    for range in &snippet.highlights {
        if range.start < at || range.end > snippet.text.len() {
            continue;
        }
        out += &piece(at..range.start);
        out += open;
        out += &piece(range.clone());
        out += close;
        at = range.end;
    }
    out += &piece(at..snippet.text.len());
    out.replace('\n', " ")
}

/// The longest query line `search --batch` reads; the rest of a longer line is skipped.
const MAX_BATCH_LINE: usize = 64 * 1024;

/// Reads one line (without its newline) into `line`, at most [`MAX_BATCH_LINE`] bytes of
/// it; `false` at the end of the input.
fn read_capped_line(input: &mut impl BufRead, line: &mut Vec<u8>) -> io::Result<bool> {
    line.clear();
    let mut any = false;
    loop {
        let buf = input.fill_buf()?;
        if buf.is_empty() {
            return Ok(any);
        }
        any = true;
        let (take, newline) = match buf.iter().position(|&b| b == b'\n') {
            Some(at) => (at, true),
            None => (buf.len(), false),
        };
        let room = MAX_BATCH_LINE.saturating_sub(line.len());
        line.extend_from_slice(&buf[..take.min(room)]);
        input.consume(take + usize::from(newline));
        if newline {
            return Ok(true);
        }
    }
}

pub(super) fn search_batch(home: &Home, limit: usize) -> Result<i32> {
    let engine = open_engine(home)?;
    let mut stdin = io::stdin().lock();
    let mut out = io::BufWriter::new(io::stdout().lock());
    let mut line = Vec::new();
    for i in 0.. {
        // A line is read up to MAX_BATCH_LINE bytes; the rest of a longer one is skipped,
        // so a stream with no newline costs no more memory than one line.
        if !read_capped_line(&mut stdin, &mut line).context("reading queries from standard input")? {
            break;
        }
        // Queries are text; bytes that are not UTF-8 are replaced, never fatal.
        let query = String::from_utf8_lossy(&line);
        let query = query.trim_end_matches('\r');
        let hits = engine.search(query, limit, false)?;
        let hits: Vec<_> = hits
            .into_iter()
            .map(|h| serde_json::json!({ "id": h.id, "question": h.question, "score": h.score }))
            .collect();
        serde_json::to_writer(
            &mut out,
            &serde_json::json!({ "line": i + 1, "query": query, "hits": hits }),
        )?;
        writeln!(out)?;
    }
    out.flush()?;
    Ok(0)
}

pub(super) fn show(home: &Home, id: &str, audience: Audience, json: bool, markdown: bool) -> Result<i32> {
    let engine = open_engine(home)?;
    let Some(article) = engine.article(id)? else {
        bail!("no article has the id `{id}` (try `curbside search WORDS` to find one)");
    };
    if json {
        print_json(&article)?;
        return Ok(0);
    }
    let doc = Document::article(&with_research(&engine, &article)?, audience);
    if markdown {
        say!("{}", render::markdown(&doc));
    } else {
        say!("{}", render::text(&doc, text_width()));
    }
    Ok(0)
}

/// `show ID --ris` / `--bibtex`: the article's references for a reference manager.
pub(super) fn show_references(home: &Home, id: &str, bibtex: bool) -> Result<i32> {
    use curbside_core::cite;
    let engine = open_engine(home)?;
    let Some(article) = engine.article(id)? else {
        bail!("no article has the id `{id}` (try `curbside search WORDS` to find one)");
    };
    let entries = cite::entries(&with_research(&engine, &article)?);
    say!(
        "{}",
        if bibtex {
            cite::to_bibtex(&entries)
        } else {
            cite::to_ris(&entries)
        }
    );
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_snippets_text_after_its_last_match_is_cleaned_too() {
        let text = "may decide between them. \u{1b}]0;owned\u{7} trailing \u{1b}[31m red";
        let range = |word: &str| {
            let at = text.find(word).unwrap_or(0);
            at..at + word.len()
        };
        let snippet = curbside_core::index::Snippet {
            text: text.to_string(),
            highlights: vec![range("decide"), range("them")],
        };
        for color in [false, true] {
            let shown = highlight(&snippet, color);
            let raw: Vec<char> = shown
                .replace("\u{1b}[1m", "")
                .replace("\u{1b}[0m", "")
                .chars()
                .filter(|c| c.is_control())
                .collect();
            assert!(raw.is_empty(), "{shown:?}");
            assert!(shown.contains("trailing") && shown.ends_with(" red"), "{shown:?}");
        }
    }
}
