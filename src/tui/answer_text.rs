//! The Answer pane's text, apart from drawing it: the screen's back end over the one
//! [`Document`] walk (question, source line, audience summary, guideline and research
//! sections with citation marks, follow-ups, disclaimer; or the best passages), as
//! wrapped, styled [`Line`]s with the rows where citations and passages stand. Built by
//! pure functions of the page, width, audience and selection, and cached by
//! [`AnswerCache`] so that a key that only scrolls does not wrap the article again.

use std::cell::RefCell;
use std::rc::Rc;

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::page::{Page, View};
use super::theme::Theme;
use curbside_core::answer::{CitationMark, DISCLAIMER, FollowUp, SourcedPassage};
use curbside_core::article::{Article, Audience, BlockKind};
use curbside_core::render::{self, Document, Node};

/// The answer as lines, with the row where each citation and each passage stands, so the
/// screen can scroll a selected one into view.
#[derive(Debug, Clone, Default)]
pub struct AnswerText {
    pub lines: Vec<Line<'static>>,
    /// Row of each citation, in [`curbside_core::answer::citations`] order.
    pub citation_rows: Vec<usize>,
    /// Row of each passage's heading line in a passages answer.
    pub passage_rows: Vec<usize>,
}

impl AnswerText {
    fn blank(&mut self) {
        self.lines.push(Line::default());
    }

    fn wrapped(&mut self, text: &str, width: usize, style: Style) {
        for line in wrap(text, width, "", "") {
            self.lines.push(Line::styled(line, style));
        }
    }
}

fn wrap(text: &str, width: usize, initial: &str, subsequent: &str) -> Vec<String> {
    render::wrap(text, width, initial, subsequent)
}

/// A fingerprint of what `page` shows: its question and the article or passages open.
fn identity(page: &Page) -> u64 {
    let mut hash = xxhash_rust::xxh3::Xxh3::new();
    hash.update(page.question.as_bytes());
    match &page.view {
        View::Welcome => hash.update(b"\0welcome"),
        View::NotFound => hash.update(b"\0not found"),
        View::Article(opened) => {
            hash.update(b"\0article\0");
            hash.update(opened.article.id.as_bytes());
        }
        View::Passages(passages) => {
            for p in passages {
                hash.update(b"\0passage\0");
                hash.update(p.article_id.as_bytes());
                hash.update(p.text.as_bytes());
            }
        }
    }
    hash.digest()
}

/// The lines of whatever `page` shows, wrapped to `width`.
pub fn page_lines(page: &Page, audience: Audience, width: usize, theme: Theme) -> AnswerText {
    let (doc, selection) = match &page.view {
        View::Welcome => return welcome(width, theme),
        View::NotFound => return not_found(&page.question, page.understood.as_deref(), width, theme),
        View::Article(opened) => (
            Document::article(&opened.article, audience).with_links(Vec::new(), &opened.follow_ups),
            Selection {
                citation: page.citation.and_then(|i| opened.citations.get(i).copied()),
                passage: None,
            },
        ),
        View::Passages(passages) => (
            Document::passages(&page.question, passages),
            Selection {
                citation: None,
                passage: Some(page.passage),
            },
        ),
    };
    // How the question was read (a correction, a focus the library lacks) is said under
    // the byline, as `ask` says it.
    let doc = Document {
        understood: page.understood.clone(),
        ..doc
    };
    document_lines(&doc, width, selection, theme)
}

/// What the Answer pane's lines depend on: the page shown (its question and what it
/// opens), the width, the audience and the selection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct CacheKey {
    page: u64,
    width: usize,
    audience: Audience,
    citation: Option<usize>,
    passage: usize,
}

/// The Answer pane's lines, wrapped once for each change of what they depend on and
/// shared by every key and frame until then.
#[derive(Debug, Default)]
pub struct AnswerCache {
    cached: RefCell<Option<(CacheKey, Rc<AnswerText>)>>,
}

impl AnswerCache {
    /// The lines of `page`, from the cache when nothing they depend on has changed.
    pub fn lines(&self, page: &Page, audience: Audience, width: usize, theme: Theme) -> Rc<AnswerText> {
        let key = CacheKey {
            page: identity(page),
            width,
            audience,
            citation: page.citation,
            passage: page.passage,
        };
        let mut cached = self.cached.borrow_mut();
        if let Some((at, text)) = cached.as_ref()
            && *at == key
        {
            return Rc::clone(text);
        }
        let text = Rc::new(page_lines(page, audience, width, theme));
        *cached = Some((key, Rc::clone(&text)));
        text
    }
}

fn welcome(width: usize, theme: Theme) -> AnswerText {
    let mut out = AnswerText::default();
    out.wrapped("Ask a medical question.", width, theme.headline());
    out.blank();
    out.wrapped(
        "Type in the Ask bar above (/ gets you there): the results follow each keystroke, and \
         Enter answers with the best article, its citations and references side by side.",
        width,
        theme.text(),
    );
    out.blank();
    out.wrapped("Try: what causes clonus", width, theme.dim());
    out.blank();
    out.wrapped(DISCLAIMER, width, theme.dim());
    out
}

fn not_found(question: &str, understood: Option<&str>, width: usize, theme: Theme) -> AnswerText {
    let mut out = AnswerText::default();
    out.wrapped(question, width, theme.headline());
    if let Some(understood) = understood {
        out.wrapped(understood, width, theme.dim());
    }
    out.blank();
    out.wrapped(
        "No article matches this question. Try other words, a synonym, or check the spelling.",
        width,
        theme.text(),
    );
    out
}

/// The article as the reader sees it, wrapped to `width`; `selected` is the citation
/// chosen with `]` / `[`, drawn reversed.
pub fn article_text(
    article: &Article,
    follow_ups: &[FollowUp],
    width: usize,
    audience: Audience,
    selected: Option<CitationMark>,
    theme: Theme,
) -> AnswerText {
    let doc = Document::article(article, audience).with_links(Vec::new(), follow_ups);
    document_lines(
        &doc,
        width,
        Selection {
            citation: selected,
            passage: None,
        },
        theme,
    )
}

/// The best passages from several articles, `selected` marked.
pub fn passages_text(
    question: &str,
    passages: &[SourcedPassage],
    width: usize,
    selected: usize,
    theme: Theme,
) -> AnswerText {
    let doc = Document::passages(question, passages);
    document_lines(
        &doc,
        width,
        Selection {
            citation: None,
            passage: Some(selected),
        },
        theme,
    )
}

/// What the reader has selected in the answer: a citation of an article, a passage.
#[derive(Debug, Clone, Copy, Default)]
pub struct Selection {
    /// The citation chosen with `]` / `[`.
    pub citation: Option<CitationMark>,
    /// The passage chosen in a passages answer, from 0.
    pub passage: Option<usize>,
}

/// The screen's back end over the one [`Document`] walk: the title, source line, summary
/// and body as styled lines, with the rows where citations and passages stand. Related
/// links, references and other results have panes of their own, so they are not here.
pub fn document_lines(doc: &Document, width: usize, selection: Selection, theme: Theme) -> AnswerText {
    let mut out = AnswerText::default();
    out.wrapped(&doc.title, width, theme.headline());
    if let Some(byline) = &doc.byline {
        out.wrapped(byline, width, theme.dim());
    }
    if let Some(understood) = &doc.understood {
        out.wrapped(understood, width, theme.dim());
    }
    out.blank();
    if let Some(summary) = &doc.summary {
        out.wrapped(summary, width, theme.text());
    }
    // Blank lines as a reader expects them: before each section and each paragraph,
    // none between a banner and the heading or block under it.
    let mut after_title = false;
    for node in &doc.body {
        match node {
            Node::Banner(banner) => {
                out.blank();
                out.lines
                    .push(Line::styled(banner.to_uppercase(), theme.banner()));
                after_title = true;
            }
            Node::Heading(heading) => {
                if !after_title {
                    out.blank();
                }
                out.wrapped(heading, width, theme.heading());
                after_title = true;
            }
            Node::Note(note) => out.wrapped(note, width, theme.dim()),
            Node::Block {
                kind,
                text,
                refs,
                index,
                opens_section,
            } => {
                if (*opens_section && !after_title) || (!*opens_section && *kind == BlockKind::Paragraph) {
                    out.blank();
                }
                after_title = false;
                let (initial, subsequent) = match kind {
                    BlockKind::Paragraph => ("", ""),
                    BlockKind::Bullet => ("• ", "  "),
                };
                out.marked(
                    text,
                    refs,
                    width,
                    (initial, subsequent),
                    (*index, selection.citation),
                    theme,
                );
            }
            Node::Passage(p) => {
                out.blank();
                out.passage_rows.push(out.lines.len());
                // The selected passage is marked as a list's selected row is, in words as
                // well as style, so it shows without colour or reverse video too.
                let (style, marker) = if selection.passage == Some(p.number - 1) {
                    (theme.selected(), "▶ ")
                } else {
                    (theme.heading(), "")
                };
                let heading = format!("{marker}{}. {}", p.number, p.question);
                for line in wrap(&heading, width, "", "   ") {
                    out.lines.push(Line::styled(line, style));
                }
                out.wrapped(&format!("   {}", p.context), width, theme.dim());
                let refs: Vec<u32> = p.references.iter().map(|r| r.n).collect();
                out.marked(&p.text, &refs, width, ("   ", "   "), (usize::MAX, None), theme);
            }
        }
    }
    if !doc.follow_ups.is_empty() {
        out.blank();
        out.lines
            .push(Line::styled("HAVE A FOLLOW-UP QUESTION?", theme.banner()));
        for follow_up in &doc.follow_ups {
            for line in wrap(follow_up, width, "› ", "  ") {
                out.lines.push(Line::styled(line, theme.text()));
            }
        }
        out.wrapped(
            "Pick one in Related and press Enter, or type your own above.",
            width,
            theme.dim(),
        );
    }
    if !out.passage_rows.is_empty() {
        out.blank();
        out.wrapped(
            "Enter on a passage, or its number, opens the article it comes from.",
            width,
            theme.dim(),
        );
    }
    out.blank();
    out.wrapped(doc.disclaimer, width, theme.dim());
    out
}

impl AnswerText {
    /// A block's lines, its citation marks styled on the last one and their row noted.
    fn marked(
        &mut self,
        text: &str,
        refs: &[u32],
        width: usize,
        (initial, subsequent): (&str, &str),
        (block, selected): (usize, Option<CitationMark>),
        theme: Theme,
    ) {
        let marks = render::marks(refs);
        let mut lines = wrap(&render::with_marks(text, refs), width, initial, subsequent);
        let last = lines.pop().unwrap_or_default();
        self.lines
            .extend(lines.into_iter().map(|l| Line::styled(l, theme.text())));
        let row = self.lines.len();
        self.lines
            .push(marked_line(&last, &marks, refs, block, selected, theme));
        if block != usize::MAX {
            self.citation_rows.extend(refs.iter().map(|_| row));
        }
    }
}

/// A block's last line with its citation marks styled (the selected one reversed). When a
/// very narrow pane broke the marks across lines, the line stays plain.
fn marked_line(
    line: &str,
    marks: &str,
    refs: &[u32],
    block: usize,
    selected: Option<CitationMark>,
    theme: Theme,
) -> Line<'static> {
    let Some(prefix) = line.strip_suffix(marks).filter(|_| !marks.is_empty()) else {
        return Line::styled(line.to_string(), theme.text());
    };
    let mut spans = vec![Span::styled(prefix.to_string(), theme.text())];
    for &n in refs {
        let chosen = selected.is_some_and(|c| c.block == block && c.reference == n);
        let style = if chosen {
            theme.citation_selected()
        } else {
            theme.citation()
        };
        spans.push(Span::styled(format!("[{n}]"), style));
    }
    Line::from(spans)
}

#[cfg(test)]
mod tests {
    use super::*;
    use curbside_core::article::{Block, Reference, ReferenceKind, Role, Section, Source, Status, Summaries};

    fn article() -> Article {
        let block = |kind, text: &str, refs: Vec<u32>| Block {
            kind,
            text: text.to_string(),
            refs,
        };
        let reference = |n| Reference {
            n,
            kind: ReferenceKind::Research,
            title: format!("Paper {n}"),
            source: "Journal".to_string(),
            year: Some(2020),
            authors: None,
            pmid: None,
            doi: None,
            url: None,
        };
        Article {
            id: "clonus".to_string(),
            question: "What causes clonus?".to_string(),
            asked_as: None,
            topic: "Clonus".to_string(),
            aliases: vec![],
            kind: "causes".to_string(),
            specialty: String::new(),
            source: Source {
                corpus: "builtin".to_string(),
                publisher: "us".to_string(),
                collection: String::new(),
            },
            url: None,
            status: Status::UnderReview,
            updated: "2025-04-20".to_string(),
            summaries: Summaries {
                clinician: "Upper motor neurone lesions.".to_string(),
                patient: "Jerking after a stretch.".to_string(),
            },
            sections: vec![
                Section {
                    heading: "From the Guidelines".to_string(),
                    role: Role::Guideline,
                    blocks: vec![block(
                        BlockKind::Paragraph,
                        "A disinhibited stretch reflex.",
                        vec![1],
                    )],
                },
                Section {
                    heading: "Causes".to_string(),
                    role: Role::Research,
                    blocks: vec![block(
                        BlockKind::Bullet,
                        "stroke and multiple sclerosis",
                        vec![1, 2],
                    )],
                },
            ],
            related: vec![],
            follow_ups: vec![],
            references: vec![reference(1), reference(2)],
            citation: None,
        }
    }

    fn plain(text: &AnswerText) -> Vec<String> {
        text.lines.iter().map(|l| l.to_string()).collect()
    }

    #[test]
    fn the_article_reads_title_status_summary_sections_and_disclaimer() {
        let text = article_text(&article(), &[], 40, Audience::Clinician, None, Theme::default());
        let lines = plain(&text);
        assert_eq!(
            lines[..10],
            [
                "What causes clonus?",
                "Under review · updated 2025-04-20 · us ·",
                "for clinicians",
                "",
                "Upper motor neurone lesions.",
                "",
                "FROM THE GUIDELINES",
                "A disinhibited stretch reflex. [1]",
                "",
                "FROM THE RESEARCH",
            ]
        );
        assert_eq!(
            lines[10..12],
            ["Causes", "• stroke and multiple sclerosis [1][2]"]
        );
        assert!(lines.last().is_some_and(|l| l.contains("emergency")));
    }

    #[test]
    fn bullets_wrap_under_their_marker_to_the_width() {
        let text = article_text(&article(), &[], 20, Audience::Patient, None, Theme::default());
        let lines = plain(&text);
        let at = lines.iter().position(|l| l.starts_with("• stroke")).unwrap_or(0);
        assert_eq!(
            lines[at..at + 3],
            ["• stroke and", "  multiple sclerosis", "  [1][2]"]
        );
        assert!(
            lines
                .iter()
                .all(|l| unicode_width::UnicodeWidthStr::width(l.as_str()) <= 20)
        );
        assert!(lines.contains(&"Jerking after a".to_string()));
    }

    #[test]
    fn adjacent_citation_marks_stay_together_on_one_line() {
        let mut article = article();
        article.sections[1].blocks[0] = Block {
            kind: BlockKind::Paragraph,
            text: "Warning: clonus that is spontaneous, inducible or ocular in a patient taking \
                   serotonergic drugs is a core feature of serotonin toxicity. Under the Hunter \
                   criteria, spontaneous clonus alone, or inducible or ocular clonus with \
                   agitation or sweating, is enough to make the diagnosis."
                .to_string(),
            refs: vec![3, 4],
        };
        // Unicode line breaking allows a break between `]` and `[`, which at some widths
        // would leave `[4]` alone on the last line.
        for width in 20..=100 {
            let text = article_text(&article, &[], width, Audience::Clinician, None, Theme::default());
            let lines = plain(&text);
            assert!(
                lines.iter().any(|l| l.ends_with("[3][4]")),
                "width {width}: {lines:?}"
            );
        }
    }

    #[test]
    fn citation_marks_are_highlighted_and_the_selected_one_reversed() {
        let theme = Theme::default();
        let selected = CitationMark {
            block: 1,
            reference: 2,
        };
        let text = article_text(&article(), &[], 60, Audience::Clinician, Some(selected), theme);
        assert_eq!(text.citation_rows.len(), 3);
        let row = &text.lines[text.citation_rows[2]];
        let spans: Vec<(&str, Style)> = row.spans.iter().map(|s| (s.content.as_ref(), s.style)).collect();
        assert_eq!(
            spans,
            [
                ("• stroke and multiple sclerosis ", theme.text()),
                ("[1]", theme.citation()),
                ("[2]", theme.citation_selected()),
            ]
        );
        assert_eq!(text.citation_rows[1], text.citation_rows[2]);
    }
}
