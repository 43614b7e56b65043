//! The one walk from an answer to what a person reads. An article, a passages answer or
//! "nothing found" becomes a [`Document`] once: title, source line, summary, headed
//! sections of paragraphs and bullets with their citation marks, passages with their
//! own references, the reference list, related links, follow-ups and the disclaimer.
//! Each front end is a thin back end over it: [`text`] for `ask`/`show` and pipes,
//! [`markdown`] for exports, and the screen's Answer pane in the `curbside` binary.
//! Widths and styles belong to the back ends; what is said, and in which order, is
//! decided here.

use crate::answer::{Asked, DISCLAIMER, FollowUp, Link, SourcedPassage};
use crate::article::{Article, Audience, BlockKind, Reference, Role, Status};

/// `text` with every control character but newline and tab removed: text from the
/// material, a query, a file name or a setting never reaches a terminal raw, so an
/// escape sequence hidden in an imported answer (a clipboard write, a title change)
/// is shown as the harmless text around it. Borrowed when there is nothing to remove.
pub fn clean(text: &str) -> std::borrow::Cow<'_, str> {
    let unwanted = |c: char| c.is_control() && c != '\n' && c != '\t';
    if text.chars().any(unwanted) {
        std::borrow::Cow::Owned(text.chars().filter(|&c| !unwanted(c)).collect())
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// `article` with [`clean`] applied to every text a reader sees: question, topic,
/// summaries, headings, blocks and references.
pub fn clean_article(article: &Article) -> Article {
    let c = |s: &String| clean(s).into_owned();
    let mut out = article.clone();
    out.question = c(&article.question);
    out.topic = c(&article.topic);
    out.summaries.clinician = c(&article.summaries.clinician);
    out.summaries.patient = c(&article.summaries.patient);
    out.source.publisher = c(&article.source.publisher);
    for section in &mut out.sections {
        section.heading = c(&section.heading);
        for block in &mut section.blocks {
            block.text = c(&block.text);
        }
    }
    for r in &mut out.references {
        r.title = c(&r.title);
        r.source = c(&r.source);
        r.authors = r.authors.as_ref().map(c);
        r.url = r.url.as_ref().map(c);
    }
    out
}

/// An answer as a person reads it, independent of where it is shown.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// The question the answer is for (an article's own question, or what was asked).
    pub title: String,
    /// Status, date, publisher and audience; none for a passages or empty answer.
    pub byline: Option<String>,
    /// The topic a follow-up question inherited, if it did.
    pub follow_up_on: Option<String>,
    /// How the question was read, when not as typed ("Read as: gabapentin, for
    /// gabamentine.", "Nothing on 'fildena' here …"): every back end shows it under the
    /// byline, where the answer starts.
    pub understood: Option<String>,
    /// The audience summary shown above the sections, when it says something new.
    pub summary: Option<String>,
    /// The body in reading order.
    pub body: Vec<Node>,
    /// The numbered references the body cites.
    pub references: Vec<Reference>,
    /// Related articles the reader can open.
    pub related: Vec<Link>,
    /// Follow-up questions the reader can ask.
    pub follow_ups: Vec<String>,
    /// Other results for the question, as `(question, article id)`.
    pub others: Vec<(String, String)>,
    /// The professional disclaimer every answer ends with.
    pub disclaimer: &'static str,
}

/// One piece of a [`Document`]'s body.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// A change of role: "From the Guidelines", "From the Research", "Answer".
    Banner(String),
    /// A section's own heading.
    Heading(String),
    /// A line that says what kind of answer follows ("No single article answers this…").
    Note(String),
    /// A paragraph or bullet with the references it cites.
    Block {
        /// Paragraph or bullet.
        kind: BlockKind,
        /// The block's words, without citation marks.
        text: String,
        /// The references cited, in order.
        refs: Vec<u32>,
        /// Position among the article's blocks, as [`Article::blocks`] yields them, so a
        /// back end can tell which citation is selected.
        index: usize,
        /// Whether the block is the first of its section.
        opens_section: bool,
    },
    /// One passage of a passages answer, with the article it comes from.
    Passage(Passage),
}

/// A passage of a passages answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Passage {
    /// Its number, from 1, as the reader presses it to open the article.
    pub number: usize,
    /// The question of the article it comes from.
    pub question: String,
    /// The id of that article.
    pub article_id: String,
    /// Where in the article: topic and section heading.
    pub context: String,
    /// The passage's words.
    pub text: String,
    /// The references it cites, numbered as in its own article.
    pub references: Vec<Reference>,
}

/// What a passages answer says before its passages.
pub const PASSAGES_NOTE: &str = "No single article answers this; the best passages from several:";

/// What an empty answer says.
pub const NOTHING_NOTE: &str =
    "No article matches this question. Try other words, a synonym, or check the spelling.";

impl Document {
    /// An article as the given audience reads it.
    pub fn article(article: &Article, audience: Audience) -> Document {
        let article = &clean_article(article);
        let mut body = Vec::new();
        let mut role: Option<Role> = None;
        for (index, (_, section, block)) in article.blocks().enumerate() {
            let first_in_section = section.blocks.first().is_some_and(|b| std::ptr::eq(b, block));
            if first_in_section {
                if role != Some(section.role) {
                    body.push(Node::Banner(section.role.banner().to_string()));
                    role = Some(section.role);
                }
                if section.heading != section.role.banner() {
                    body.push(Node::Heading(section.heading.clone()));
                }
            }
            body.push(Node::Block {
                kind: block.kind,
                text: block.text.clone(),
                refs: block.refs.clone(),
                index,
                opens_section: first_in_section,
            });
        }
        Document {
            title: article.question.clone(),
            byline: Some(byline(article, audience)),
            follow_up_on: None,
            understood: None,
            summary: crate::answer::summary(article, audience).map(str::to_string),
            body,
            references: article.references.clone(),
            related: Vec::new(),
            follow_ups: Vec::new(),
            others: Vec::new(),
            disclaimer: disclaimer(article),
        }
    }

    /// The best passages from several articles for `question`.
    pub fn passages(question: &str, passages: &[SourcedPassage]) -> Document {
        let c = |s: &str| clean(s).into_owned();
        let mut body = vec![Node::Note(PASSAGES_NOTE.to_string())];
        let mut in_research = false;
        for (i, p) in passages.iter().enumerate() {
            // The research that follows the answer's passages stands under its banner.
            if p.research && !in_research {
                body.push(Node::Banner(Role::Research.banner().to_string()));
                in_research = true;
            }
            body.push(Node::Passage(Passage {
                number: i + 1,
                question: c(&p.question),
                article_id: c(&p.article_id),
                context: c(&if p.heading.is_empty() {
                    p.topic.clone()
                } else {
                    format!("{} · {}", p.topic, p.heading)
                }),
                text: c(&p.text),
                references: p
                    .references
                    .iter()
                    .map(|r| Reference {
                        title: c(&r.title),
                        source: c(&r.source),
                        ..r.clone()
                    })
                    .collect(),
            }));
        }
        Document {
            body,
            ..Document::nothing(question)
        }
    }

    /// No article matched `question`.
    pub fn nothing(question: &str) -> Document {
        Document {
            title: clean(question).into_owned(),
            byline: None,
            follow_up_on: None,
            understood: None,
            summary: None,
            body: vec![Node::Note(NOTHING_NOTE.to_string())],
            references: Vec::new(),
            related: Vec::new(),
            follow_ups: Vec::new(),
            others: Vec::new(),
            disclaimer: DISCLAIMER,
        }
    }

    /// A question answered, with the follow-up topic it inherited and up to `others`
    /// further results named.
    pub fn asked(asked: &Asked, audience: Audience, others: usize) -> Document {
        let mut doc = match &asked.answer {
            crate::answer::Answer::Article { article } => Document::article(article, audience),
            crate::answer::Answer::Passages { passages } => Document::passages(&asked.question, passages),
            crate::answer::Answer::None => Document::nothing(&asked.question),
        };
        doc.understood = asked.note().map(|n| clean(&n).into_owned());
        if matches!(asked.answer, crate::answer::Answer::None) {
            return doc;
        }
        doc.follow_up_on = asked.follow_up_on.clone();
        doc.others = asked
            .results
            .iter()
            .skip(1)
            .take(others)
            .map(|hit| (hit.question.clone(), hit.id.clone()))
            .collect();
        doc
    }

    /// The same document with its related links and follow-up questions.
    pub fn with_links(mut self, related: Vec<Link>, follow_ups: &[FollowUp]) -> Document {
        self.related = related;
        self.follow_ups = follow_ups.iter().map(|f| f.label().to_string()).collect();
        self
    }

    /// Every citation mark of the body in reading order, as `[n]` strings: what each back
    /// end must show, in the same order.
    pub fn marks(&self) -> Vec<String> {
        let mut out = Vec::new();
        for node in &self.body {
            match node {
                Node::Block { refs, .. } => out.extend(refs.iter().map(|n| format!("[{n}]"))),
                Node::Passage(p) => out.extend(p.references.iter().map(|r| format!("[{}]", r.n))),
                _ => {}
            }
        }
        out
    }
}

/// What an imported MedQuAD answer ends with: whose words they are, the collection's
/// credit (CC BY 4.0), and that curbside reviewed nothing.
pub const MEDQUAD_DISCLAIMER: &str = "Shown as its publisher wrote it, from MedQuAD (Ben Abacha & \
     Demner-Fushman, 2019; CC BY 4.0); not reviewed by curbside, not medical advice. It does \
     not replace the judgement of a clinician who knows the patient; in an emergency call your \
     local emergency number.";

/// What other published material ends with.
pub const PUBLISHED_DISCLAIMER: &str = "Shown as its publisher wrote it; not reviewed by \
     curbside, not medical advice. It does not replace the judgement of a clinician who knows \
     the patient; in an emergency call your local emergency number.";

/// The disclaimer an article ends with: curbside's own material is under review;
/// imported material is its publisher's, and says so.
pub fn disclaimer(article: &Article) -> &'static str {
    match (article.status, article.source.corpus.as_str()) {
        (Status::Published, crate::corpus::medquad::CORPUS) => MEDQUAD_DISCLAIMER,
        (Status::Published, _) => PUBLISHED_DISCLAIMER,
        _ => DISCLAIMER,
    }
}

/// The source line under the title. Curbside's own articles: review status, date,
/// publisher and audience. Published material: publisher, collection and date
/// ("NIH · NIHSeniorHealth · 2017"), with no review status it never had; the audience
/// only where the article has text for both.
pub fn byline(article: &Article, audience: Audience) -> String {
    if article.status != Status::Published {
        return format!(
            "{} · updated {} · {} · {}",
            article.status.label(),
            article.updated,
            article.source.publisher,
            audience.label()
        );
    }
    let source = &article.source;
    let mut parts = vec![source.publisher.as_str()];
    if !source.collection.is_empty() && source.collection != source.publisher {
        parts.push(&source.collection);
    }
    parts.push(&article.updated);
    if article.has_audiences() {
        parts.push(audience.label());
    }
    parts.retain(|p| !p.is_empty());
    parts.join(" · ")
}

/// `[1][2]` for the references `[1, 2]`.
pub fn marks(refs: &[u32]) -> String {
    refs.iter().map(|n| format!("[{n}]")).collect()
}

/// A block's words followed by its citation marks.
pub fn with_marks(text: &str, refs: &[u32]) -> String {
    if refs.is_empty() {
        text.to_string()
    } else {
        format!("{text} {}", marks(refs))
    }
}

/// How many characters of an article a search result's snippet shows.
pub const SNIPPET_CHARS: usize = 160;

/// The text a search result's snippet is cut from: the clinician summary (unless the body
/// opens with it), then the body.
pub fn snippet_source(article: &Article) -> String {
    // An imported answer's summary is its own opening: read once, not twice.
    let mut text = crate::answer::summary(article, Audience::Clinician)
        .unwrap_or_default()
        .to_string();
    for (_, _, block) in article.blocks() {
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(&block.text);
    }
    text
}

/// A reference as a list reads it: `Title. Source, Year. Authors. URL`.
pub fn reference_line(r: &Reference) -> String {
    let mut line = r.citation_line();
    if let Some(authors) = &r.authors {
        line += &format!(". {authors}");
    }
    if let Some(pmid) = &r.pmid {
        line += &format!(". PMID {pmid}");
    }
    if let Some(doi) = &r.doi {
        line += &format!(". doi:{doi}");
    }
    if let Some(url) = &r.url {
        line += &format!(". {url}");
    }
    line
}

/// `text` wrapped to `width` columns, breaking only at spaces so that citation marks
/// such as `[3][4]` stay together; the first line starts with `initial`, the rest with
/// `subsequent`. Every back end that wraps uses this.
pub fn wrap(text: &str, width: usize, initial: &str, subsequent: &str) -> Vec<String> {
    wrap_words(text, width, (initial, subsequent), true)
}

/// [`wrap`], choosing whether a word longer than the line (a URL, a DOI) may be broken,
/// at its hyphens or anywhere, or is left whole so that it can be copied.
fn wrap_words(
    text: &str,
    width: usize,
    (initial, subsequent): (&str, &str),
    break_words: bool,
) -> Vec<String> {
    let options = textwrap::Options::new(width.max(10))
        .initial_indent(initial)
        .subsequent_indent(subsequent)
        .break_words(break_words)
        .word_separator(textwrap::WordSeparator::AsciiSpace);
    let options = if break_words {
        options
    } else {
        options.word_splitter(textwrap::WordSplitter::NoHyphenation)
    };
    textwrap::wrap(text, options)
        .into_iter()
        .map(|l| l.into_owned())
        .collect()
}

/// The document as plain text for a terminal or a pipe, wrapped to `width`; a URL or
/// DOI longer than a line is left whole, so that it can be copied.
pub fn text(doc: &Document, width: usize) -> String {
    let width = width.max(20);
    let mut out = String::new();
    let mut put = |text: &str, initial: &str, subsequent: &str| {
        for line in wrap_words(text, width, (initial, subsequent), false) {
            out += &line;
            out.push('\n');
        }
    };
    if let Some(topic) = &doc.follow_up_on {
        put(&format!("(follow-up on: {topic})"), "", "");
        put("", "", "");
    }
    put(&doc.title, "", "");
    if let Some(byline) = &doc.byline {
        put(byline, "", "");
    }
    if let Some(understood) = &doc.understood {
        put(understood, "", "");
    }
    put("", "", "");
    if let Some(summary) = &doc.summary {
        put(summary, "", "");
    }
    let mut previous: Option<&Node> = None;
    for node in &doc.body {
        match node {
            Node::Banner(banner) => {
                put("", "", "");
                put(&banner.to_uppercase(), "", "");
            }
            Node::Heading(heading) => {
                // A blank line before a heading, except right under its banner.
                if !matches!(previous, Some(Node::Banner(_))) {
                    put("", "", "");
                }
                put(heading, "", "");
            }
            Node::Note(note) => put(note, "", ""),
            Node::Block { kind, text, refs, .. } => match kind {
                BlockKind::Paragraph => put(&with_marks(text, refs), "", ""),
                BlockKind::Bullet => put(&with_marks(text, refs), "  • ", "    "),
            },
            Node::Passage(p) => {
                put("", "", "");
                put(
                    &format!("{}. {} ({})", p.number, p.question, p.article_id),
                    "",
                    "   ",
                );
                put(&p.context, "   ", "   ");
                let refs: Vec<u32> = p.references.iter().map(|r| r.n).collect();
                put(&with_marks(&p.text, &refs), "   ", "   ");
                for r in &p.references {
                    put(&reference_line(r), &format!("     [{}] ", r.n), "         ");
                }
            }
        }
        previous = Some(node);
    }
    if !doc.references.is_empty() {
        put("", "", "");
        put("REFERENCES", "", "");
        for r in &doc.references {
            put(&reference_line(r), &format!("[{}] ", r.n), "    ");
        }
    }
    for (title, items) in lists(doc, |id| format!("({id})")) {
        if !items.is_empty() {
            put("", "", "");
            put(&title.to_uppercase(), "", "");
            for item in items {
                put(&item, "  ", "    ");
            }
        }
    }
    put("", "", "");
    put(doc.disclaimer, "", "");
    clean(&out).into_owned()
}

/// The document as Markdown: citations linked to the numbered reference list (a
/// passage's to the references listed under it, each passage numbering its own),
/// references with their PMID, DOI and URL as links.
pub fn markdown(doc: &Document) -> String {
    let cite = |refs: &[u32]| -> String { refs.iter().map(|n| format!(" [\\[{n}\\]](#ref-{n})")).collect() };
    let mut out = String::new();
    if let Some(topic) = &doc.follow_up_on {
        out += &format!("*(follow-up on: {topic})*\n\n");
    }
    out += &format!("# {}\n\n", doc.title);
    if let Some(byline) = &doc.byline {
        out += &format!("*{byline}*\n\n");
    }
    if let Some(understood) = &doc.understood {
        out += &format!("*{understood}*\n\n");
    }
    if let Some(summary) = &doc.summary {
        out += &format!("{summary}\n");
    }
    let mut previous_bullet = false;
    for node in &doc.body {
        let bullet = matches!(
            node,
            Node::Block {
                kind: BlockKind::Bullet,
                ..
            }
        );
        if previous_bullet && !bullet {
            out += "\n";
        }
        match node {
            Node::Banner(banner) => out += &format!("\n## {banner}\n\n"),
            Node::Heading(heading) => out += &format!("### {heading}\n\n"),
            Node::Note(note) => out += &format!("{note}\n\n"),
            Node::Block { kind, text, refs, .. } => match kind {
                BlockKind::Paragraph => out += &format!("{text}{}\n\n", cite(refs)),
                BlockKind::Bullet => out += &format!("- {text}{}\n", cite(refs)),
            },
            Node::Passage(p) => {
                out += &format!(
                    "## {}. {}\n\n*{}* (`{}`)\n\n",
                    p.number, p.question, p.context, p.article_id
                );
                let anchor = |n: u32| format!("passage-{}-ref-{n}", p.number);
                let cites: String = p
                    .references
                    .iter()
                    .map(|r| format!(" [\\[{}\\]](#{})", r.n, anchor(r.n)))
                    .collect();
                out += &format!("{}{cites}\n\n", p.text);
                for r in &p.references {
                    out += &format!(
                        "- [{}] <a id=\"{}\"></a>{}\n",
                        r.n,
                        anchor(r.n),
                        reference_markdown(r)
                    );
                }
                if !p.references.is_empty() {
                    out += "\n";
                }
            }
        }
        previous_bullet = bullet;
    }
    if previous_bullet {
        out += "\n";
    }
    if !doc.references.is_empty() {
        out += "## References\n\n";
        for r in &doc.references {
            out += &format!("{}. <a id=\"ref-{}\"></a>{}\n", r.n, r.n, reference_markdown(r));
        }
        out += "\n";
    }
    for (title, items) in lists(doc, |id| format!("(`{id}`)")) {
        if !items.is_empty() {
            out += &format!("## {title}\n\n");
            for item in items {
                out += &format!("- {item}\n");
            }
            out += "\n";
        }
    }
    out += &format!("---\n*{}*\n", doc.disclaimer);
    clean(&out).into_owned()
}

/// The lists under an answer, each titled: related articles and other results (their
/// ids written by `id`), and follow-up questions.
fn lists(doc: &Document, id: fn(&str) -> String) -> [(&'static str, Vec<String>); 3] {
    [
        (
            "Related",
            doc.related
                .iter()
                .map(|l| format!("{} {}", l.question, id(&l.id)))
                .collect(),
        ),
        ("Follow-up questions", doc.follow_ups.clone()),
        (
            "Other results",
            doc.others.iter().map(|(q, i)| format!("{q} {}", id(i))).collect(),
        ),
    ]
}

/// A reference in Markdown, its PMID, DOI and URL as links.
fn reference_markdown(r: &Reference) -> String {
    let mut line = r.citation_line();
    if let Some(authors) = &r.authors {
        line += &format!(". {authors}");
    }
    if let Some(pmid) = &r.pmid {
        line += &format!(". [PMID {pmid}](https://pubmed.ncbi.nlm.nih.gov/{pmid}/)");
    }
    if let Some(doi) = &r.doi {
        line += &format!(". [doi:{doi}](https://doi.org/{doi})");
    }
    if let Some(url) = &r.url {
        line += &format!(". <{url}>");
    }
    line
}
