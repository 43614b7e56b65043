//! MedQuAD's answer text made into the article model's structure at import, keeping the
//! publisher's words: headings that the collection ran into the text become headings
//! of groups, a list's flattened repeat is dropped, page furniture (video controls,
//! "click here", page dates) is removed, GARD's flattened symptom tables become bullets,
//! and templated questions ("What is (are) Shingles ?") read as questions. Each rule
//! reports whether it changed an answer, so an import can be counted rule by rule.

use crate::article::{Block, BlockKind};

/// Which cleaning rules changed one answer.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Touched {
    /// Headings run into the text ("Blisters The blisters tend…") or standing on a line
    /// of their own became headings of groups.
    pub headings: bool,
    /// Questions inside the answer ("What causes X? X is caused…") became headings.
    pub question_headings: bool,
    /// A list's flattened repeat after its bullets ("- a - b a b") was dropped.
    pub repeated_lists: bool,
    /// Page furniture was removed: video controls, "click here" sentences, page dates.
    pub furniture: bool,
    /// A flattened table ("Malabsorption 90% Ataxia -") became bullets.
    pub tables: bool,
    /// A heading set apart by runs of spaces and taken up again by the text after it
    /// ("…adjuvant therapy.      Radiation therapy    Radiation therapy is…") now heads
    /// the text instead of running into the sentence or bullet before it.
    pub echo_headings: bool,
    /// The items of a list that stand one a line after the line leading into it ("…may
    /// ask you about:" / "Any surgeries you've had" / …) became bullets.
    pub line_lists: bool,
    /// A bullet that ran into the sentence leading into the next list ("… store energy.
    /// Cirrhosis can lead to") ends at its own sentence; the lead-in is a paragraph.
    pub lead_in_tails: bool,
    /// A list run into one paragraph at single-spaced dashes after its sentences ("…
    /// (UTIs). - Wipe from front to back… - Drink lots of fluids…") became bullets, and
    /// an item said twice in a row is read once.
    pub sentence_lists: bool,
    /// The text after a list, set apart from its last bullet only by a run of spaces
    /// ("- Sleep better at night       As kids spend more time…"), is a paragraph of its
    /// own instead of the end of that bullet.
    pub list_ends: bool,
    /// Control characters were removed.
    pub control: bool,
}

impl Touched {
    /// Whether any rule changed the answer.
    pub fn any(self) -> bool {
        self.headings
            || self.question_headings
            || self.repeated_lists
            || self.furniture
            || self.tables
            || self.echo_headings
            || self.line_lists
            || self.lead_in_tails
            || self.sentence_lists
            || self.list_ends
            || self.control
    }
}

/// A run of blocks under an optional heading (the first group of an answer has none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// The heading the answer gave these blocks, if any.
    pub heading: Option<String>,
    /// Paragraphs and bullets, each citing the source page as reference 1.
    pub blocks: Vec<Block>,
}

/// An answer cleaned: its groups and which rules changed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cleaned {
    /// The answer's groups in reading order; empty for an answer with no text.
    pub groups: Vec<Group>,
    /// Which rules changed it.
    pub touched: Touched,
}

/// Words that open a sentence after a heading the collection ran into the text
/// ("How AMD Progresses In some cases…"); a capitalised run ends before one of these.
const SENTENCE_OPENERS: &[&str] = &[
    "A",
    "About",
    "After",
    "All",
    "Also",
    "Although",
    "An",
    "Any",
    "Anyone",
    "As",
    "At",
    "Because",
    "Before",
    "Both",
    "But",
    "Children",
    "Doctors",
    "During",
    "Each",
    "Even",
    "Every",
    "Everyone",
    "For",
    "Having",
    "How",
    "However",
    "If",
    "In",
    "It",
    "Its",
    "Many",
    "Most",
    "No",
    "Not",
    "Older",
    "Once",
    "One",
    "Only",
    "Other",
    "Over",
    "People",
    "Researchers",
    "Scientists",
    "Since",
    "Some",
    "Sometimes",
    "Such",
    "That",
    "The",
    "There",
    "These",
    "They",
    "This",
    "Those",
    "To",
    "Treatment",
    "Usually",
    "What",
    "When",
    "While",
    "With",
    "You",
    "Your",
];

/// Words a heading may hold in lower case between capitalised ones ("Two Forms of AMD",
/// "Diagnosis is Usually Easy for Healthcare Providers").
const SMALL_WORDS: &[&str] = &[
    "a", "about", "an", "and", "are", "as", "at", "by", "can", "do", "for", "from", "in", "is", "of", "on",
    "or", "the", "to", "vs", "with", "your", "you",
];

/// Words after which a numeral still belongs to the name before it ("Type II and type III").
const NAME_GOES_ON: &[&str] = &["and", "at", "by", "for", "from", "of", "on", "or", "to", "with"];

/// Words a heading does not start with: they open ordinary sentences far more often
/// ("The National Eye Institute funds…" is no heading).
const NOT_HEADING_START: &[&str] = &[
    "A", "An", "If", "In", "It", "Its", "Most", "Some", "That", "The", "There", "These", "They", "This",
    "Those", "When", "You", "Your", "Many", "For", "As", "At", "Dr", "Dr.", "See",
];

/// Last words of a line that leads into a list rather than heading it.
const LEAD_IN_ENDINGS: &[&str] = &[
    "following",
    "include",
    "includes",
    "including",
    "if",
    "by",
    "are",
    "is",
    "as",
    "with",
    "to",
    "of",
    "for",
    "when",
    "that",
    "these",
    "can",
    "may",
    "be",
    "such",
    "and",
    "or",
];

/// Words a question heading inside an answer starts with.
const QUESTION_WORDS: &[&str] = &[
    "What", "How", "Who", "Why", "When", "Where", "Which", "Is", "Are", "Can", "Do", "Does", "Should", "Will",
];

/// Where GARD's flattened symptom table starts (its header)…
pub const TABLE_HEAD: &str = "Approximate number of patients (when available)";
/// …and the sentence that follows it.
pub const TABLE_END: &str = "The Human Phenotype Ontology (HPO) has collected";

/// Page furniture in brackets: the video player's instructions, dead links.
const FURNITURE_BRACKETS: &[&str] = &["(Watch the video", "(This short video", "(click here"];
/// Page furniture as words of their own: the page's navigation.
const FURNITURE_PHRASES: &[&str] = &[
    "Top of page",
    "Back to top",
    "Return to top",
    // A photo's caption, without a full stop, before the text.
    "For more images of this bacterium, search the Public Health Image Library",
];
/// Page furniture as sentences of their own.
const FURNITURE_SENTENCES: &[&str] = &[
    "Click here",
    "To enlarge the video",
    "To reduce the video",
    "See a glossary of",
];
/// Page furniture as lines or list items of their own: the page's own dates.
const FURNITURE_ITEMS: &[&str] = &[
    "Page last reviewed:",
    "Page last updated:",
    "Issue date of VIS:",
    "Content source:",
    "CDC review information for",
];

/// `text` without control characters (a tab or line break becomes a space): material
/// is never written raw to a terminal.
pub fn printable(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .filter(|c| !c.is_control())
        .collect()
}

/// Cleans one answer's text.
pub fn clean(answer: &str) -> Cleaned {
    let mut touched = Touched::default();
    let text: String = answer
        .chars()
        .map(|c| if c == '\t' || c == '\r' { ' ' } else { c })
        .filter(|c| *c == '\n' || !c.is_control())
        .collect();
    touched.control = text.len() != answer.len();
    let text = remove_furniture(&text, &mut touched);
    let (text, echoed) = break_echo_headings(&text, &mut touched);
    let mut items: Vec<(BlockKind, String)> = Vec::new();
    // Items that are a line of their own.
    let mut whole_lines: Vec<usize> = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let listed = split_list(line);
        // In a line already read as a list, one such dash is enough.
        let least = if listed.len() > 1 { 1 } else { 2 };
        let parts: Vec<&str> = listed
            .iter()
            .flat_map(|p| split_sentence_list(p, least))
            .collect();
        touched.sentence_lists |= parts.len() > listed.len();
        let mut line_items: Vec<(BlockKind, String)> = Vec::new();
        for (i, part) in parts.iter().enumerate() {
            let (kind, text) = match part.strip_prefix("- ") {
                Some(rest) => (BlockKind::Bullet, rest),
                None if i == 0 => (BlockKind::Paragraph, *part),
                None => (BlockKind::Bullet, *part),
            };
            let (text, after_list) = match kind {
                BlockKind::Bullet => list_end(text),
                _ => (text, None),
            };
            touched.list_ends |= after_list.is_some();
            let after_list = after_list.map(super::collapse);
            let mut text = super::collapse(text);
            if text.is_empty() {
                continue;
            }
            let mut after = None;
            if kind == BlockKind::Bullet
                && let Some((once, rest)) = said_twice(&text)
            {
                touched.sentence_lists = true;
                text = once;
                after = (!rest.is_empty()).then_some(rest);
            }
            // A bullet that runs into the sentence leading into the next list ("- make
            // protein, … store energy. Cirrhosis can lead to - Easy bruising") ends at
            // its sentence; the lead-in is a paragraph of its own.
            let list_follows = parts.get(i + 1).is_some_and(|next| next.starts_with("- "));
            match (kind, list_follows.then(|| lead_in_tail(&text)).flatten()) {
                (BlockKind::Bullet, Some(at)) => {
                    touched.lead_in_tails = true;
                    line_items.push((BlockKind::Bullet, text[..at].trim_end().to_string()));
                    line_items.push((BlockKind::Paragraph, text[at..].trim_start().to_string()));
                }
                _ => line_items.push((kind, text)),
            }
            // What followed the item's repeat is the text after the list.
            if let Some(rest) = after {
                line_items.push((BlockKind::Paragraph, rest));
            }
            if let Some(rest) = after_list.filter(|rest| !rest.is_empty()) {
                line_items.push((BlockKind::Paragraph, rest));
            }
        }
        if line_items.len() == 1 {
            whole_lines.push(items.len());
        }
        drop_flattened_repeat(&mut line_items, &mut touched);
        items.extend(line_items);
    }
    let lead_ins = line_lists(&mut items, &whole_lines, &mut touched);
    let furniture: Vec<bool> = items
        .iter()
        .map(|(_, text)| FURNITURE_ITEMS.iter().any(|p| text.starts_with(p)))
        .collect();
    touched.furniture |= furniture.contains(&true);
    let (skip, forced) = key_points(&items, &whole_lines, &echoed);
    touched.repeated_lists |= skip.contains(&true);

    let mut groups = vec![Group {
        heading: None,
        blocks: Vec::new(),
    }];
    let count = items.len();
    for (i, (kind, text)) in items.into_iter().enumerate() {
        if furniture[i] || skip[i] {
            continue;
        }
        if forced[i] {
            touched.headings = true;
            start_group(&mut groups, text);
            continue;
        }
        if kind == BlockKind::Bullet {
            push(&mut groups, BlockKind::Bullet, &text);
            continue;
        }
        let more_follows = i + 1 < count;
        if more_follows && whole_lines.contains(&i) && !lead_ins.contains(&i) && is_heading_line(&text) {
            touched.headings = true;
            start_group(&mut groups, text);
            continue;
        }
        for piece in split_table(&text, &mut touched) {
            match piece {
                Piece::Bullet(b) => push(&mut groups, BlockKind::Bullet, &b),
                Piece::Text(t) => {
                    let opening = groups.len() == 1 && groups[0].blocks.is_empty();
                    for segment in split_headings(&t, opening, &mut touched) {
                        match segment {
                            Segment::Heading(h) => start_group(&mut groups, h),
                            Segment::Text(t) => push(&mut groups, BlockKind::Paragraph, &t),
                        }
                    }
                }
            }
        }
    }
    // A passage the answer repeats whole (NIHSeniorHealth prints some sections twice)
    // is read once; a group left empty by that goes with its heading.
    let mut seen: Vec<String> = Vec::new();
    for group in &mut groups {
        let had = group.blocks.len();
        group.blocks.retain(|b| {
            let key = b.text.split_whitespace().map(norm).collect::<Vec<_>>().join(" ");
            if key.split(' ').count() < 8 {
                return true;
            }
            let repeated = seen.contains(&key);
            seen.push(key);
            !repeated
        });
        if group.blocks.len() != had {
            touched.repeated_lists = true;
            if group.blocks.is_empty() {
                group.heading = None;
            }
        }
    }
    // A heading with nothing under it is read as a paragraph of the group before (of a
    // first group without a heading when it opens the answer).
    let mut out: Vec<Group> = Vec::new();
    for group in groups {
        if group.blocks.is_empty() {
            if let Some(heading) = group.heading {
                let paragraph = block(BlockKind::Paragraph, heading);
                match out.last_mut() {
                    Some(last) => last.blocks.push(paragraph),
                    None => out.push(Group {
                        heading: None,
                        blocks: vec![paragraph],
                    }),
                }
            }
            continue;
        }
        out.push(group);
    }
    Cleaned { groups: out, touched }
}

/// CancerGov's "Key Points" lists: each point is then repeated as the heading of the text
/// that explains it. The repeated lines become the headings and the list is dropped, so
/// each point is read once. Returns (items to skip, items that are headings).
fn key_points(
    items: &[(BlockKind, String)],
    whole_lines: &[usize],
    echoed: &[String],
) -> (Vec<bool>, Vec<bool>) {
    let mut skip = vec![false; items.len()];
    let mut forced = vec![false; items.len()];
    for (k, (kind, text)) in items.iter().enumerate() {
        if *kind != BlockKind::Paragraph || text != "Key Points" {
            continue;
        }
        let points: Vec<usize> = (k + 1..items.len())
            .take_while(|&i| items[i].0 == BlockKind::Bullet)
            .collect();
        let Some(&last) = points.last() else { continue };
        // Each point repeated later heads its text there and leaves the list; a list
        // left empty takes its "Key Points" heading with it.
        let mut kept = points.len();
        for &p in &points {
            // A heading the text takes up again ("Surgery    Surgery is…") heads its
            // own section whatever the list says, and the list keeps the point.
            let repeat = (last + 1..items.len()).find(|&i| {
                whole_lines.contains(&i)
                    && items[i].0 == BlockKind::Paragraph
                    && items[i].1 == items[p].1
                    && !echoed.contains(&items[i].1)
            });
            if let Some(i) = repeat {
                skip[p] = true;
                forced[i] = true;
                kept -= 1;
            }
        }
        if kept == 0 {
            skip[k] = true;
        }
    }
    (skip, forced)
}

fn block(kind: BlockKind, text: String) -> Block {
    Block {
        kind,
        text,
        refs: vec![1],
    }
}

fn push(groups: &mut [Group], kind: BlockKind, text: &str) {
    let text = super::collapse(text);
    if !text.is_empty()
        && let Some(group) = groups.last_mut()
    {
        group.blocks.push(block(kind, text));
    }
}

fn start_group(groups: &mut Vec<Group>, heading: String) {
    let heading = heading.trim_end_matches(':').trim().to_string();
    groups.push(Group {
        heading: Some(heading),
        blocks: Vec::new(),
    });
}

/// Splits `a    - b    - c` (two or more spaces before a dash) into `a`, `- b`, `- c`.
/// A single-spaced dash before such an item starts a list too ("risk factors include -
/// Smoking  - Obesity"): the part before the item is split at its last ` - `.
pub(super) fn split_list(line: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let bytes = line.as_bytes();
    let mut i = 0;
    while i + 3 < bytes.len() {
        if bytes[i] == b' ' && bytes[i + 1] == b' ' {
            let mut j = i;
            while j < bytes.len() && bytes[j] == b' ' {
                j += 1;
            }
            if j + 1 < bytes.len() && bytes[j] == b'-' && bytes[j + 1] == b' ' {
                parts.push(line[start..i].trim());
                start = j;
            }
            i = j;
        } else {
            i += 1;
        }
    }
    parts.push(line[start..].trim());
    let last = parts.len() - 1;
    let mut out = Vec::with_capacity(parts.len());
    for (k, part) in parts.into_iter().enumerate() {
        let inner = part.strip_prefix("- ").map_or(0, |_| 2);
        let split = (k < last)
            .then(|| part[inner..].rfind(" - ").map(|at| at + inner))
            .flatten()
            .filter(|&at| {
                part[at + 3..]
                    .trim_start()
                    .starts_with(|c: char| c.is_alphabetic())
            });
        match split {
            Some(at) => {
                out.push(part[..at].trim());
                out.push(part[at + 1..].trim());
            }
            None => out.push(part),
        }
    }
    out.retain(|p| !p.is_empty() && *p != "-");
    out
}

/// Splits a paragraph whose list was run into it at single-spaced dashes ("…may help
/// prevent urinary tract infections (UTIs). - Wipe from front to back… - Drink lots of
/// fluids…", as NIHSeniorHealth and NINDS lost their lines) at each ` - ` after a
/// sentence's end (or a lead-in's colon) and before a capital: the text before the first
/// is the paragraph, each part after a dash an item. `least` such dashes at least (two in
/// a paragraph, since one may be the prose's own; one in a line already read as a list).
pub(super) fn split_sentence_list(part: &str, least: usize) -> Vec<&str> {
    let cuts: Vec<usize> = part
        .match_indices(" - ")
        .map(|(at, _)| at)
        .filter(|&at| {
            ends_sentence(&part[..at])
                && part[at + 3..]
                    .trim_start()
                    .starts_with(|c: char| c.is_uppercase())
        })
        .collect();
    if cuts.len() < least.max(1) {
        return vec![part];
    }
    let mut out = Vec::with_capacity(cuts.len() + 1);
    let mut start = 0;
    for at in cuts {
        out.push(part[start..at].trim());
        // The next part keeps its dash: it is an item.
        start = at + 1;
    }
    out.push(part[start..].trim());
    out.retain(|p| !p.is_empty());
    out
}

/// Whether `text` ends a sentence or leads into a list: ".", "?", "!" or ":", a closing
/// bracket or quote after it allowed ("…is the best treatment.)").
fn ends_sentence(text: &str) -> bool {
    text.trim_end_matches([')', '"', '\u{201d}'])
        .ends_with(['.', '?', '!', ':'])
}

/// An item that opens with one passage said twice in a row ("Wipe from front to back
/// after using the toilet. … Wipe from front to back after using the toilet. …":
/// NIHSeniorHealth's list items repeat their text), as the passage once and what follows
/// the repeat (the text after the list, when the item is the list's last). The passage
/// has at least three words and ends a sentence, or the item.
fn said_twice(text: &str) -> Option<(String, String)> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let first = norm(words.first()?);
    // The longest repeat first: a passage may repeat a phrase of its own.
    (3..=words.len() / 2)
        .rev()
        .filter(|&h| norm(words[h]) == first)
        .find(|&h| {
            let ends = 2 * h == words.len() || ends_sentence(words[h - 1]);
            ends && (0..h).all(|i| norm(words[i]) == norm(words[h + i]))
        })
        .map(|h| (words[..h].join(" "), words[2 * h..].join(" ")))
}

/// A word compared loosely: lower case, without the punctuation around it.
fn norm(word: &str) -> String {
    word.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase()
}

/// Words of `text` compared loosely, with the byte offset of each.
fn words_at(text: &str) -> Vec<(usize, String)> {
    text.split_whitespace()
        .map(|w| (w.as_ptr() as usize - text.as_ptr() as usize, norm(w)))
        .filter(|(_, w)| !w.is_empty())
        .collect()
}

/// Drops the collection's flattened repeat of a list: NIHSeniorHealth follows a list's
/// bullets with the same items run together ("- Smoking - Obesity - Race. Whites…
/// Smoking Obesity Race. Whites…"), inside the last bullet or as the paragraph after.
/// What follows the repeat in the last bullet becomes a paragraph of its own.
fn drop_flattened_repeat(items: &mut Vec<(BlockKind, String)>, touched: &mut Touched) {
    let mut run_start = 0;
    let mut b = 0;
    while b < items.len() {
        if items[b].0 != BlockKind::Bullet {
            run_start = b + 1;
            b += 1;
            continue;
        }
        let text = items[b].1.clone();
        let words = words_at(&text);
        let all: Vec<&str> = words.iter().map(|(_, w)| w.as_str()).collect();
        let mut found = None;
        'lists: for a in run_start..b {
            let earlier: Vec<String> = items[a..b]
                .iter()
                .flat_map(|(_, t)| words_at(t).into_iter().map(|(_, w)| w))
                .collect();
            let m = earlier.len();
            if m < 2 {
                continue;
            }
            for t in 1..all.len() {
                if t + m > all.len() || !all[t..t + m].iter().eq(earlier.iter()) {
                    continue;
                }
                let after = &all[t + m..];
                let repeat = if after.starts_with(&all[..t]) {
                    m + t
                } else if after.is_empty() {
                    m
                } else {
                    continue;
                };
                found = Some((t, repeat));
                break 'lists;
            }
        }
        if let Some((t, repeat)) = found {
            items[b].1 = text[..words[t].0].trim().to_string();
            touched.repeated_lists = true;
            if let Some((at, _)) = words.get(t + repeat) {
                items.insert(b + 1, (BlockKind::Paragraph, text[*at..].trim().to_string()));
            }
            b += 1;
            continue;
        }
        // Or the paragraph after the list starts with its items run together.
        if b > run_start
            && let Some((BlockKind::Paragraph, next)) = items.get(b + 1)
        {
            let expected: Vec<String> = items[run_start..=b]
                .iter()
                .flat_map(|(_, t)| words_at(t).into_iter().map(|(_, w)| w))
                .collect();
            let next_words = words_at(next);
            if next_words.len() >= expected.len()
                && next_words[..expected.len()]
                    .iter()
                    .map(|(_, w)| w)
                    .eq(expected.iter())
            {
                let rest = next_words
                    .get(expected.len())
                    .map(|(at, _)| next[*at..].trim().to_string())
                    .unwrap_or_default();
                if rest.is_empty() {
                    items.remove(b + 1);
                } else {
                    items[b + 1].1 = rest;
                }
                touched.repeated_lists = true;
            }
        }
        b += 1;
    }
}

/// GHR's closing list of MedlinePlus pages, the same five links under every condition.
const MEDLINEPLUS_LINKS: &str = "These resources from MedlinePlus offer information about the \
    diagnosis and management of various health conditions:";
const MEDLINEPLUS_PAGES: &[&str] = &[
    "Diagnostic Tests",
    "Drug Therapy",
    "Surgery and Rehabilitation",
    "Genetic Counseling",
    "Palliative Care",
];

/// Where a page's table of contents starts: its items follow, then the body, which opens
/// with the first item again.
const CONTENTS: &str = "On this Page ";
/// The section label MedlinePlus's health topic answers open with.
const SUMMARY_LABEL: &str = "Summary :";

/// The table of contents a page opens with ("On this Page General Information What is
/// X? How is X spread? … General Information What is X? X is…"), up to where the body
/// takes up its first item again: the contents' questions are the body's headings, so
/// listing them first says each twice.
fn remove_contents(text: &mut String, touched: &mut Touched) {
    let Some(at) = text.find(CONTENTS) else {
        return;
    };
    let items = at + CONTENTS.len();
    // The first item's first four words, found again later, mark where the body starts.
    let first: Vec<&str> = text[items..].split_whitespace().take(4).collect();
    if first.len() < 4 {
        return;
    }
    let needle = first.join(" ");
    let Some(again) = text[items + needle.len()..].find(&needle) else {
        return;
    };
    text.replace_range(at..items + needle.len() + again, "");
    touched.furniture = true;
}

/// Removes the furniture that stands in brackets or as sentences of its own.
fn remove_furniture(text: &str, touched: &mut Touched) -> String {
    // MedlinePlus's health topics open 295 answers with the label of the page's section
    // ("Summary : Like adults, kids need exercise…"): the page's layout, not its words.
    let mut out = match text.trim_start().strip_prefix(SUMMARY_LABEL) {
        Some(rest) => {
            touched.furniture = true;
            rest.trim_start().to_string()
        }
        None => text.to_string(),
    };
    remove_contents(&mut out, touched);
    while let Some(at) = out.find(MEDLINEPLUS_LINKS) {
        let mut end = at + MEDLINEPLUS_LINKS.len();
        loop {
            let rest = out[end..].trim_start_matches(' ');
            let Some(item) = rest.strip_prefix("- ") else {
                break;
            };
            let item = item.trim_start_matches(' ');
            let Some(page) = MEDLINEPLUS_PAGES.iter().find(|p| item.starts_with(*p)) else {
                break;
            };
            end = out.len() - item.len() + page.len();
        }
        out.replace_range(at..end, "");
        touched.furniture = true;
    }
    for phrase in FURNITURE_PHRASES {
        if out.contains(phrase) {
            out = out.replace(phrase, "");
            touched.furniture = true;
        }
    }
    // A dead link inside a sentence ("…laboratories, click here.") says where the
    // link was.
    for dead in ["click here", "Click here"] {
        let mut from = 0;
        while let Some(found) = out[from..].find(dead) {
            let at = from + found;
            let starts_sentence = out[..at]
                .trim_end_matches([' ', '-', '('])
                .chars()
                .last()
                .is_none_or(|c| matches!(c, '.' | '!' | '?' | '\n' | ')' | ':'));
            if starts_sentence {
                from = at + dead.len();
                continue;
            }
            out.replace_range(at..at + dead.len(), "see the source page");
            touched.furniture = true;
            from = at;
        }
    }
    for opener in FURNITURE_BRACKETS {
        while let Some(at) = find_ci(&out, opener) {
            let end = matching_bracket(&out, at).unwrap_or(out.len());
            out.replace_range(at..end, "");
            touched.furniture = true;
        }
    }
    for opener in FURNITURE_SENTENCES {
        let mut from = 0;
        while let Some(found) = out[from..].find(opener) {
            let at = from + found;
            let starts_sentence = out[..at]
                .trim_end_matches([' ', '-'])
                .chars()
                .last()
                .is_none_or(|c| matches!(c, '.' | '!' | '?' | '\n' | ')' | ':'));
            if !starts_sentence {
                from = at + opener.len();
                continue;
            }
            let end = sentence_end(&out, at);
            out.replace_range(at..end, "");
            touched.furniture = true;
            from = at;
        }
    }
    out
}

fn find_ci(haystack: &str, needle: &str) -> Option<usize> {
    let lower = haystack.to_ascii_lowercase();
    lower.find(&needle.to_ascii_lowercase())
}

/// The byte just after the bracket closing the one at `open`.
fn matching_bracket(text: &str, open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in text[open..].char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return Some(open + i + 1);
                }
            }
            '\n' => return None,
            _ => {}
        }
    }
    None
}

/// The byte just after the sentence starting at `at` (its full stop and the spaces after).
fn sentence_end(text: &str, at: usize) -> usize {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut i = at;
    while i < bytes.len() {
        match bytes[i] {
            b'(' => depth += 1,
            b')' => depth = depth.saturating_sub(1),
            b'\n' => return i,
            b'.' | b'!' | b'?'
                if depth == 0 && (i + 1 >= bytes.len() || bytes[i + 1].is_ascii_whitespace()) =>
            {
                let mut j = i + 1;
                while j < bytes.len() && bytes[j] == b' ' {
                    j += 1;
                }
                return j;
            }
            _ => {}
        }
        i += 1;
    }
    bytes.len()
}

/// NHLBI's lists stand one item a line, without marks, after a line that leads into them
/// ("…your doctor may ask you detailed questions about:"), up to the next sentence. Those
/// lines become bullets; the last one stays a heading when it reads as one and the text
/// after it takes it up ("Medicines" / "Your doctor may prescribe medicines…"). Returns
/// the lines that lead into such a list: they are no headings.
fn line_lists(items: &mut [(BlockKind, String)], whole_lines: &[usize], touched: &mut Touched) -> Vec<usize> {
    let mut lead_ins = Vec::new();
    let own_line_paragraph = |items: &[(BlockKind, String)], i: usize| {
        items[i].0 == BlockKind::Paragraph && whole_lines.contains(&i)
    };
    let mut i = 0;
    while i < items.len() {
        if !(own_line_paragraph(items, i) && items[i].1.ends_with(':')) {
            i += 1;
            continue;
        }
        let start = i + 1;
        let mut end = start;
        while end < items.len()
            && own_line_paragraph(items, end)
            && items[end].1.split_whitespace().count() <= 25
            && !items[end].1.ends_with(['.', '?', '!', ':'])
        {
            end += 1;
        }
        // A list leads into the text after it; one that ends the answer is left alone.
        if end == start || end == items.len() {
            i = end.max(start);
            continue;
        }
        // The lines that end the run may be headings: the last one when the text after
        // it takes it up, and any in title case ("Diagnostic Tests and Procedures").
        // A last line that repeats an item of the list heads the text about that item
        // ("Medicines" / "Repairing valves" / "Medicines" / "In addition…").
        let mut last = end;
        let final_line = &items[end - 1].1;
        let repeats_item = items[start..end - 1]
            .iter()
            .any(|(_, item)| item.eq_ignore_ascii_case(final_line));
        if reads_as_heading(final_line) && (repeats_item || taken_up(final_line, &items[end].1)) {
            last -= 1;
        }
        while last > start && title_case_line(&items[last - 1].1) {
            last -= 1;
        }
        if last > start {
            lead_ins.push(i);
            touched.line_lists = true;
        }
        for item in &mut items[start..last] {
            item.0 = BlockKind::Bullet;
        }
        i = end;
    }
    lead_ins
}

/// A line that may head what follows: a heading line without commas, or in title case.
fn reads_as_heading(line: &str) -> bool {
    is_heading_line(line) && (!line.contains(',') || line.split_whitespace().all(capitalised))
}

/// Whether `text` takes up a word of four letters or more of `heading` in its first
/// twelve words ("Medicines" / "Your doctor may prescribe medicines…").
fn taken_up(heading: &str, text: &str) -> bool {
    let named: Vec<String> = heading
        .split_whitespace()
        .map(norm)
        .filter(|w| w.chars().count() >= 4)
        .collect();
    text.split_whitespace().take(12).map(norm).any(|w| {
        named
            .iter()
            .any(|n| w.starts_with(n.as_str()) || (w.len() >= 4 && n.starts_with(w.as_str())))
    })
}

/// A heading line of two words or more whose words are capitalised but for small ones
/// ("Medicines To Stimulate Bone Marrow", "Family and Medical Histories").
fn title_case_line(line: &str) -> bool {
    let words: Vec<&str> = line.split_whitespace().collect();
    is_heading_line(line)
        && words.len() >= 2
        && words
            .iter()
            .all(|w| capitalised(w) || SMALL_WORDS.contains(&w.to_lowercase().as_str()))
}

/// Where the last sentence of a bullet starts when that sentence leads into a list
/// ("… store energy. Cirrhosis can lead to"): a capitalised sentence after the bullet's
/// own, without a closing mark, ending on a word that leads into a list or on a colon.
fn lead_in_tail(text: &str) -> Option<usize> {
    let at = text.rfind(". ")? + 2;
    let tail = &text[at..];
    let last = tail.split_whitespace().last()?.to_lowercase();
    // "…; or" and "…, and" join the bullet to the next one: the sentence is the bullet's.
    let joins = matches!(last.as_str(), "and" | "or") || tail.contains(';');
    let leads = last.ends_with(':') || (!joins && LEAD_IN_ENDINGS.contains(&last.as_str()));
    (leads && tail.starts_with(|c: char| c.is_uppercase()) && !tail.ends_with(['.', '?', '!'])).then_some(at)
}

/// A bullet's own text and the text after the list that ran into it: MedQuAD keeps a
/// list's line breaks only as runs of spaces, its items set apart by "  - " and the
/// paragraph after the last one by a longer run before a capital ("- Sleep better at
/// night       As kids spend…", "…cancer cells and viruses.        In ALL, too many…").
/// A run of two spaces is often only the space after a full stop inside an item, so three
/// or more are needed (over MedQuAD: some 1,180 runs of six or more, a dozen of three to
/// five).
fn list_end(item: &str) -> (&str, Option<&str>) {
    let item = item.trim_end();
    let end = space_runs(item, 3)
        .into_iter()
        .find(|&(start, end)| start > 0 && item[end..].starts_with(|c: char| c.is_uppercase()));
    match end {
        Some((start, end)) => (&item[..start], Some(&item[end..])),
        None => (item, None),
    }
}

/// Runs of at least `min` spaces in `line`, as byte ranges.
fn space_runs(line: &str, min: usize) -> Vec<(usize, usize)> {
    let bytes = line.as_bytes();
    let mut runs = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b' ' {
            let start = i;
            while i < bytes.len() && bytes[i] == b' ' {
                i += 1;
            }
            if i - start >= min {
                runs.push((start, i));
            }
        } else {
            i += 1;
        }
    }
    runs
}

/// CancerGov's section headings stand between runs of spaces after the sentence or list
/// item before them, and the text after takes them up again: "…is called adjuvant
/// therapy.       Radiation therapy    Radiation therapy is a cancer treatment…",
/// "…or recurrent.         Newly diagnosed childhood AML    Newly diagnosed childhood
/// AML has not been treated…", "Stage I    In stage I, cancer…". Each such heading is
/// put on a line of its own, where it heads the text after it; otherwise it ran into the
/// paragraph or the last bullet before it. Returns the text and the headings so set apart.
fn break_echo_headings(text: &str, touched: &mut Touched) -> (String, Vec<String>) {
    let mut out = String::with_capacity(text.len() + 16);
    let mut headings = Vec::new();
    for (n, line) in text.split('\n').enumerate() {
        if n > 0 {
            out.push('\n');
        }
        let mut runs = space_runs(line, 2);
        if !line.starts_with(' ') {
            runs.insert(0, (0, 0));
        }
        let mut from = 0;
        for pair in runs.windows(2) {
            let ((before_start, before_end), (after_start, after_end)) = (pair[0], pair[1]);
            if (before_end > 0 && before_end - before_start < 3) || before_start < from {
                continue;
            }
            // After a sentence or list item, or at the start of the line.
            let before = line[..before_start].trim_end();
            let ends_sentence = before.is_empty() || before.ends_with(['.', '?', '!', ':', ')']);
            let heading = &line[before_end..after_start];
            if !ends_sentence || heading.starts_with("- ") || !is_heading_line(heading) {
                continue;
            }
            let rest = &line[after_end..];
            if rest.starts_with("- ") {
                continue;
            }
            let heading_words: Vec<String> = heading.split_whitespace().map(norm).collect();
            let rest_words: Vec<String> = rest
                .split_whitespace()
                .take(heading_words.len() + 1)
                .map(norm)
                .collect();
            // The text takes the heading up at once, or after one word ("In stage I,").
            let takes_up = (0..=1).any(|skip| {
                rest_words.len() >= skip + heading_words.len()
                    && rest_words[skip..skip + heading_words.len()] == heading_words[..]
            });
            if !takes_up {
                continue;
            }
            out.push_str(line[from..before_start].trim_end());
            out.push('\n');
            out.push_str(heading.trim());
            out.push('\n');
            headings.push(heading.trim().to_string());
            from = after_end;
            touched.echo_headings = true;
        }
        out.push_str(&line[from..]);
    }
    (out, headings)
}

/// A line that is a heading by itself ("Key Points", "Signs and Symptoms"): short, no
/// sentence punctuation, capitalised.
fn is_heading_line(text: &str) -> bool {
    let words = text.split_whitespace().count();
    // A line ending "…include the following", "…can be triggered by" leads into a list.
    let last = text
        .split_whitespace()
        .last()
        .unwrap_or("")
        .trim_end_matches(':')
        .to_lowercase();
    let lead_in = LEAD_IN_ENDINGS.contains(&last.as_str());
    !lead_in
        && (1..=10).contains(&words)
        && text.starts_with(|c: char| c.is_uppercase())
        && !text.ends_with(['.', ',', ';', '!'])
        && !text.contains(". ")
}

enum Piece {
    Text(String),
    Bullet(String),
}

/// GARD's flattened symptom table as bullets: "Malabsorption 90% Ataxia - …" (a name,
/// then how often it is seen, or `-` when not known) until the paragraph that explains
/// the frequencies.
fn split_table(text: &str, touched: &mut Touched) -> Vec<Piece> {
    let Some(head) = text.find(TABLE_HEAD) else {
        return vec![Piece::Text(text.to_string())];
    };
    let body_start = head + TABLE_HEAD.len();
    let body_end = text[body_start..]
        .find(TABLE_END)
        .map_or(text.len(), |at| body_start + at);
    let mut pieces = Vec::new();
    let intro = text[..head].trim();
    let (intro, title) = match intro.strip_suffix("Signs and Symptoms") {
        Some(before) => (before.trim(), "Signs and Symptoms"),
        None => (intro, ""),
    };
    if !intro.is_empty() {
        pieces.push(Piece::Text(intro.to_string()));
    }
    pieces.push(Piece::Text(
        format!("{title} — {TABLE_HEAD}:")
            .trim_start_matches(" — ")
            .to_string(),
    ));
    let mut name: Vec<&str> = Vec::new();
    let mut rows = 0;
    for word in text[body_start..body_end].split_whitespace() {
        let frequency = word == "-" || is_frequency(word);
        if frequency && !name.is_empty() {
            let label = name.join(" ");
            pieces.push(Piece::Bullet(if word == "-" {
                label
            } else {
                format!("{label} ({word})")
            }));
            name.clear();
            rows += 1;
        } else {
            name.push(word);
        }
    }
    let rest = format!("{} {}", name.join(" "), &text[body_end..]);
    if !rest.trim().is_empty() {
        pieces.push(Piece::Text(rest.trim().to_string()));
    }
    if rows == 0 {
        return vec![Piece::Text(text.to_string())];
    }
    touched.tables = true;
    pieces
}

/// `90%`, `7.5%`, `25/25`.
fn is_frequency(word: &str) -> bool {
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit() || c == '.');
    match word.strip_suffix('%') {
        Some(number) => digits(number),
        None => word.split_once('/').is_some_and(|(a, b)| digits(a) && digits(b)),
    }
}

enum Segment {
    Heading(String),
    Text(String),
}

/// Splits a paragraph at the headings the collection ran into it: questions
/// ("What causes X? X is…") and capitalised runs before a sentence ("Blisters The
/// blisters tend…", "Two Forms of AMD There are…").
fn split_headings(text: &str, opening: bool, touched: &mut Touched) -> Vec<Segment> {
    let tokens: Vec<&str> = text.split_whitespace().collect();
    let mut headings: Vec<(usize, usize)> = Vec::new(); // token ranges
    let mut skip_to = 0;
    let mut i = 0;
    while i < tokens.len() {
        let at_sentence_start =
            i == 0 || tokens[i - 1].ends_with(['.', '!', '?', ':']) || tokens[i - 1].ends_with(".)");
        if !at_sentence_start {
            i += 1;
            continue;
        }
        if let Some(end) = question_heading(&tokens, i) {
            // An answer opening with its own question (GARD's "What causes X? X is…")
            // asks what the title already asks: the question is dropped, not repeated.
            if i == 0 && opening {
                skip_to = end;
            } else {
                headings.push((i, end));
            }
            touched.question_headings = true;
            i = end;
            continue;
        }
        if let Some(end) = capitalised_heading(&tokens, i) {
            headings.push((i, end));
            touched.headings = true;
            i = end;
            continue;
        }
        i += 1;
    }
    let mut out = Vec::new();
    let mut at = skip_to;
    for (start, end) in headings {
        if start > at {
            out.push(Segment::Text(tokens[at..start].join(" ")));
        }
        out.push(Segment::Heading(tokens[start..end].join(" ")));
        at = end;
    }
    if at < tokens.len() {
        out.push(Segment::Text(tokens[at..].join(" ")));
    }
    out
}

/// A question of up to 25 words starting at token `i` and followed by more text: the
/// token range's end.
fn question_heading(tokens: &[&str], i: usize) -> Option<usize> {
    if !QUESTION_WORDS.contains(&tokens[i]) {
        return None;
    }
    let last = (i..tokens.len().min(i + 25)).find(|&j| tokens[j].ends_with('?'))?;
    // Sentences inside the question mean it is not one.
    if tokens[i..last].iter().any(|t| t.ends_with(['.', '!'])) {
        return None;
    }
    (last + 1 < tokens.len()).then_some(last + 1)
}

fn capitalised(token: &str) -> bool {
    token.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
}

/// A capitalised run starting at token `i` that ends before a capitalised word opening
/// a sentence (itself followed by a lower-case word): the run's end.
fn capitalised_heading(tokens: &[&str], i: usize) -> Option<usize> {
    if !capitalised(tokens[i]) {
        return None;
    }
    // A word that opens ordinary sentences starts a heading only in title case: a small
    // word capitalised inside the run ("If the Diagnosis Is Unclear Some people…").
    let title_case = |run: &[&str]| {
        run.iter()
            .skip(1)
            .any(|t| SMALL_WORDS.contains(&t.to_lowercase().as_str()) && capitalised(t))
    };
    let common_start = NOT_HEADING_START.contains(&tokens[i]);
    let mut k = i;
    while k < tokens.len() && k - i < 14 {
        // A comma may end a word inside a heading ("Burning, Itching, Tingling, Then a Rash").
        let t = tokens[k].strip_suffix(',').unwrap_or(tokens[k]);
        let word_like = t
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '\'' | '’' | '/'));
        if !word_like {
            break;
        }
        let small_inside =
            k > i && SMALL_WORDS.contains(&t) && tokens.get(k + 1).is_some_and(|next| capitalised(next));
        if capitalised(t) || small_inside {
            k += 1;
        } else {
            break;
        }
    }
    // tokens[i..k] are heading-like; tokens[k] must start lower case, and the sentence
    // opens at k - 1.
    if k >= tokens.len() || k < i + 2 || !tokens[k].starts_with(|c: char| c.is_lowercase()) {
        return None;
    }
    let end = k - 1;
    let opener = tokens[end];
    if SMALL_WORDS.contains(&tokens[end - 1]) || tokens[end - 1].ends_with(',') || !capitalised(opener) {
        return None;
    }
    let heading = &tokens[i..end];
    if common_start && (heading.len() < 3 || !title_case(heading) || !SENTENCE_OPENERS.contains(&opener)) {
        return None;
    }
    let repeats = heading.iter().any(|h| norm(h) == norm(opener));
    // A numeral followed by "and", "or", "of"… belongs to the name before it ("Type II
    // and type III", "Laminin 2 and laminin 4"), and opens no sentence.
    let numeral =
        opener.chars().all(|c| c.is_ascii_digit()) || opener.chars().all(|c| matches!(c, 'I' | 'V' | 'X'));
    if numeral && NAME_GOES_ON.contains(&tokens[k]) {
        return None;
    }
    let acronym = opener.len() >= 2 && opener.chars().all(|c| c.is_uppercase() || c.is_ascii_digit());
    // The subject of the text ("Caused By A Virus Shingles is caused…") opens sentences.
    let subject = tokens.iter().filter(|t| norm(t) == norm(opener)).count() >= 3;
    if !(SENTENCE_OPENERS.contains(&opener) || acronym || repeats || subject) {
        return None;
    }
    if heading.len() == 1 {
        // One word is a heading only when the sentence after it takes it up again
        // ("Blisters The blisters tend…"), perhaps inflected ("Pain Shingles can be
        // quite painful").
        let word = norm(heading[0]);
        // Not before a numeral or letter that the word names with ("Stage I is…",
        // "Protein C blocks…"): those open no sentence.
        let word_opener = opener.chars().count() >= 3 && opener.chars().skip(1).all(char::is_lowercase);
        let takes_up = tokens[end..tokens.len().min(end + 8)].iter().any(|t| {
            let t = norm(t);
            t == word || (word_opener && word.chars().count() >= 4 && t.starts_with(&word))
        });
        if !takes_up || SENTENCE_OPENERS.contains(&heading[0]) {
            return None;
        }
    }
    Some(end)
}

/// MedQuAD's templated questions as a person asks them: "What is (are) Diabetes ?" →
/// "What is diabetes?", "Who is at risk for Shingles? ?" → "Who is at risk for
/// shingles?". `focus` is the document's focus, lowered when `text` (its answers) writes
/// it in lower case; the verb follows how the text uses the focus ("kidney stones are").
pub fn tidy_question(question: &str, focus: &str, text: &str) -> String {
    if let Some(clause) = clause_focus_question(question, focus) {
        return clause;
    }
    let mut q = super::collapse(&printable(question));
    let asked = q.contains('?');
    while q.ends_with(['?', ' ']) {
        q.pop();
    }
    let q_body = q.replace(" ?", "");
    let mut q = q_body.replace("? ", " ").replace('?', "");
    let lower = focus.to_lowercase();
    let name = if !focus.is_empty()
        && focus != lower
        && focus.chars().filter(|c| c.is_uppercase()).count()
            < focus.chars().filter(|c| c.is_alphabetic()).count()
        && text.contains(&lower)
    {
        lower.clone()
    } else {
        focus.to_string()
    };
    if q.contains("(are)") {
        // "Kidney stones are…" opening a sentence; not "types of diabetes are…".
        let lowered = text.to_lowercase();
        let plural =
            lowered.starts_with(&format!("{lower} are ")) || lowered.contains(&format!(". {lower} are "));
        q = q.replace("is (are)", if plural { "are" } else { "is" });
        q = q.replace(" (are)", "");
    }
    for (template, rewrite) in [
        ("How to diagnose ", "How is {} diagnosed"),
        ("How to prevent ", "How can {} be prevented"),
    ] {
        if let Some(rest) = q.strip_prefix(template)
            && rest == focus
        {
            q = rewrite.replace("{}", focus);
        }
    }
    if !focus.is_empty() && name != focus {
        q = q.replace(focus, &name);
    }
    // Only a question its publisher wrote in lower case: a templated one keeps the
    // focus as written.
    let lower_case = question
        .chars()
        .find(|c| c.is_alphabetic())
        .is_some_and(char::is_lowercase);
    let q = if lower_case {
        with_answer_capitals(&q, text)
    } else {
        q
    };
    let mut chars = q.chars();
    let mut q = match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    };
    if asked {
        q.push('?');
    }
    q
}

/// A question written in lower case ("what is cdc doing to address visa and vrsa?", as
/// some CDC pages ask) with each word its answer writes only in capitals ("CDC", "VISA")
/// written so. A word the answer also writes in lower case, or never, is left alone.
fn with_answer_capitals(question: &str, text: &str) -> String {
    let lowered = text.to_lowercase();
    // Offsets found in the lowered text must stand for the same bytes of the text.
    if lowered.len() != text.len() {
        return question.to_string();
    }
    let mut out = String::with_capacity(question.len());
    let mut rest = question;
    while let Some(start) = rest.find(|c: char| c.is_alphanumeric()) {
        out.push_str(&rest[..start]);
        let word_len = rest[start..]
            .find(|c: char| !c.is_alphanumeric())
            .unwrap_or(rest.len() - start);
        let word = &rest[start..start + word_len];
        out.push_str(&answer_capitals(word, text, &lowered).unwrap_or_else(|| word.to_string()));
        rest = &rest[start + word_len..];
    }
    out.push_str(rest);
    out
}

/// `word` in capitals, when it is in lower case, has two letters or more, and `text`
/// (`lowered` is it in lower case, of the same length) writes it as a whole word, and only
/// in capitals.
fn answer_capitals(word: &str, text: &str, lowered: &str) -> Option<String> {
    if word.chars().count() < 2 || !word.chars().all(|c| c.is_lowercase()) {
        return None;
    }
    let upper = word.to_uppercase();
    let mut seen_upper = false;
    let mut from = 0;
    while let Some(at) = lowered[from..].find(word) {
        let at = from + at;
        let end = at + word.len();
        let before = text.get(..at)?.chars().next_back();
        let after = text.get(end..)?.chars().next();
        let whole = !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric);
        if whole {
            if text.get(at..end) != Some(upper.as_str()) {
                return None;
            }
            seen_upper = true;
        }
        from = end;
    }
    seen_upper.then_some(upper)
}

/// Words that open a focus which is a question ("What if cancer comes back?"), a clause
/// ("When you have diarrhea", "After a fall in the hospital") or a how-to ("How to use an
/// inhaler"), as A.D.A.M.'s patient instructions and NIDDK's booklets are titled.
const CLAUSE_OPENERS: &[&str] = &[
    "what", "how", "why", "who", "which", "where", "can", "should", "do", "does", "is", "are", "when", "if",
    "while", "after", "before",
];

/// A templated question about a focus that is a question or a clause, which the template
/// cannot take in ("What is (are) When you have diarrhea ?", "Who is at risk for What if
/// cancer comes back?? ?"): the overview is the focus itself ("When you have diarrhea",
/// "What if cancer comes back?"), any other template asks about it, named after it ("What
/// are the treatments for it? (When you have diarrhea)", "Who is at risk for it? (What if
/// cancer comes back?)").
/// None for any other focus.
fn clause_focus_question(question: &str, focus: &str) -> Option<String> {
    let focus = super::collapse(&printable(focus));
    let bare = focus.trim_end_matches(['?', ' ']);
    let first = bare.split_whitespace().next()?.to_lowercase();
    // A question as its publisher wrote it, with its mark; the rest are titles.
    let asks = focus.ends_with('?');
    if !asks && !CLAUSE_OPENERS.contains(&first.as_str()) {
        return None;
    }
    let q = super::collapse(&printable(question));
    let at = q.find(bare)?;
    let template = q[..at].trim_end().replace(" (are)", "");
    let tail = q[at + bare.len()..].trim_matches(['?', ' ']);
    let bare_q = if asks {
        format!("{bare}?")
    } else {
        bare.to_string()
    };
    let overview = template.is_empty()
        || ["what is", "what are", "do you have information about"]
            .iter()
            .any(|t| template.eq_ignore_ascii_case(t));
    if overview && tail.is_empty() {
        return Some(bare_q);
    }
    // "What causes it?", "Is it inherited?", "Who is at risk for it?".
    let asked = if tail.is_empty() {
        match template.as_str() {
            "How to diagnose" => "How is it diagnosed".to_string(),
            "How to prevent" => "How can it be prevented".to_string(),
            _ => format!("{template} it"),
        }
    } else {
        format!("{template} it {tail}")
    };
    // What is asked first, so that a page's questions, listed side by side and cut to
    // a narrow pane, still differ where they are cut.
    Some(format!("{asked}? ({bare_q})"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(cleaned: &Cleaned) -> Vec<(Option<&str>, BlockKind, &str)> {
        cleaned
            .groups
            .iter()
            .flat_map(|g| {
                g.blocks
                    .iter()
                    .map(|b| (g.heading.as_deref(), b.kind, b.text.as_str()))
            })
            .collect()
    }

    #[test]
    fn a_heading_between_runs_of_spaces_that_the_text_takes_up_heads_that_text() {
        let c = clean(
            "Kettle fever is treated in three ways:         - Rest.    - Fluids.    - Whether it came back after a week.         \
             Early kettle fever    Early kettle fever has not spread beyond the hands.    \
             Its treatment is rest.       Cooling wraps    Cooling wraps are cloths soaked in cold water.       \
             Stage B    In stage B, the fever has reached the feet.",
        );
        assert!(c.touched.echo_headings);
        assert_eq!(
            texts(&c),
            [
                (
                    None,
                    BlockKind::Paragraph,
                    "Kettle fever is treated in three ways:"
                ),
                (None, BlockKind::Bullet, "Rest."),
                (None, BlockKind::Bullet, "Fluids."),
                (None, BlockKind::Bullet, "Whether it came back after a week."),
                (
                    Some("Early kettle fever"),
                    BlockKind::Paragraph,
                    "Early kettle fever has not spread beyond the hands. Its treatment is rest."
                ),
                (
                    Some("Cooling wraps"),
                    BlockKind::Paragraph,
                    "Cooling wraps are cloths soaked in cold water."
                ),
                (
                    Some("Stage B"),
                    BlockKind::Paragraph,
                    "In stage B, the fever has reached the feet."
                ),
            ]
        );
        // Set apart the same way but not taken up: left as it was.
        let c = clean("It is rare.       Warm days    Most cases start in spring.");
        assert!(!c.touched.echo_headings, "{:?}", c.groups);
        // At the start of a line, after a line that leads into it.
        let c = clean("Two kinds of care are used:\nCooling wraps      Cooling wraps are cold cloths.");
        assert_eq!(
            texts(&c),
            [
                (None, BlockKind::Paragraph, "Two kinds of care are used"),
                (
                    Some("Cooling wraps"),
                    BlockKind::Paragraph,
                    "Cooling wraps are cold cloths."
                ),
            ]
        );
    }

    #[test]
    fn a_key_points_list_keeps_the_points_that_head_their_own_sections() {
        let c = clean(
            "Key Points\n    - Rest    - Cooling wraps\nKettle fever is treated in two ways.       \
             Cooling wraps    Cooling wraps are cloths soaked in cold water.",
        );
        assert_eq!(
            texts(&c),
            [
                (Some("Key Points"), BlockKind::Bullet, "Rest"),
                (Some("Key Points"), BlockKind::Bullet, "Cooling wraps"),
                (
                    Some("Key Points"),
                    BlockKind::Paragraph,
                    "Kettle fever is treated in two ways."
                ),
                (
                    Some("Cooling wraps"),
                    BlockKind::Paragraph,
                    "Cooling wraps are cloths soaked in cold water."
                ),
            ]
        );
    }

    #[test]
    fn a_list_run_into_a_paragraph_at_dashes_becomes_bullets_each_said_once() {
        let c = clean(
            "A few habits may help prevent lantern knee. - Rest the knee after a long walk. \
             Rest the knee after a long walk. - Drink water often, as the joint needs it. \
             Drink water often, as the joint needs it. Most people need six glasses a day.",
        );
        assert!(c.touched.sentence_lists);
        assert_eq!(
            texts(&c),
            [
                (
                    None,
                    BlockKind::Paragraph,
                    "A few habits may help prevent lantern knee."
                ),
                (None, BlockKind::Bullet, "Rest the knee after a long walk."),
                (
                    None,
                    BlockKind::Bullet,
                    "Drink water often, as the joint needs it."
                ),
                (None, BlockKind::Paragraph, "Most people need six glasses a day."),
            ]
        );
        // One dash after a sentence may be the prose's own, and an item not said twice
        // keeps all its words.
        let prose = clean("Lantern knee is rare. - So rare that few have seen it - in any clinic.");
        assert!(!prose.touched.sentence_lists);
        let listed = clean("Signs include: - Creaks when walking. - Creaks when walking at night.");
        assert_eq!(
            texts(&listed)[1..],
            [
                (None, BlockKind::Bullet, "Creaks when walking."),
                (None, BlockKind::Bullet, "Creaks when walking at night."),
            ]
        );
    }

    #[test]
    fn the_text_after_a_list_is_a_paragraph_and_the_summary_label_goes() {
        let c = clean(
            "Summary : Lantern knee makes walking hard. It helps to      - Rest the knee    \
             - Keep the lamp low       Most people are well in a week.  After that, walk.",
        );
        assert!(c.touched.list_ends && c.touched.furniture);
        assert_eq!(
            texts(&c),
            [
                (
                    None,
                    BlockKind::Paragraph,
                    "Lantern knee makes walking hard. It helps to"
                ),
                (None, BlockKind::Bullet, "Rest the knee"),
                (None, BlockKind::Bullet, "Keep the lamp low"),
                (
                    None,
                    BlockKind::Paragraph,
                    "Most people are well in a week. After that, walk."
                ),
            ]
        );
        // Two spaces after a full stop inside an item do not end the list.
        let item = clean("Signs:    - Creaks at night.  Worse in winter.    - Swelling");
        assert!(!item.touched.list_ends);
        assert_eq!(texts(&item)[1].2, "Creaks at night. Worse in winter.");
    }

    #[test]
    fn a_bullet_running_into_the_lead_in_of_the_next_list_ends_at_its_sentence() {
        let c = clean(
            "A healthy kettle does - boil water, keep it hot and pour it. Kettle fever can lead to    \
             - Warm hands    - Red cheeks. They fade. Most people include    - Rest    \
             - Sleep. Some need a nurse; or    - Wraps",
        );
        assert!(c.touched.lead_in_tails);
        assert_eq!(
            texts(&c),
            [
                (None, BlockKind::Paragraph, "A healthy kettle does"),
                (None, BlockKind::Bullet, "boil water, keep it hot and pour it."),
                (None, BlockKind::Paragraph, "Kettle fever can lead to"),
                (None, BlockKind::Bullet, "Warm hands"),
                (None, BlockKind::Bullet, "Red cheeks. They fade."),
                (None, BlockKind::Paragraph, "Most people include"),
                (None, BlockKind::Bullet, "Rest"),
                (None, BlockKind::Bullet, "Sleep. Some need a nurse; or"),
                (None, BlockKind::Bullet, "Wraps"),
            ]
        );
    }

    #[test]
    fn items_standing_one_a_line_after_a_lead_in_become_bullets() {
        let c = clean(
            "Kettle fever is found with a few questions.\n\
             Your nurse may ask you about:\n\
             Any fever in the last month\n\
             Trips, swims, and any pets you keep\n\
             Rest\n\
             Resting in a cool room helps most people.\n\
             Signs of it include:\n\
             Warm hands\n\
             Red, dry cheeks\n\
             Other Signs to Watch\n\
             A few people feel tired for a day.",
        );
        assert!(c.touched.line_lists);
        assert_eq!(
            texts(&c),
            [
                (
                    None,
                    BlockKind::Paragraph,
                    "Kettle fever is found with a few questions."
                ),
                (None, BlockKind::Paragraph, "Your nurse may ask you about:"),
                (None, BlockKind::Bullet, "Any fever in the last month"),
                (None, BlockKind::Bullet, "Trips, swims, and any pets you keep"),
                (
                    Some("Rest"),
                    BlockKind::Paragraph,
                    "Resting in a cool room helps most people."
                ),
                (Some("Rest"), BlockKind::Paragraph, "Signs of it include:"),
                (Some("Rest"), BlockKind::Bullet, "Warm hands"),
                (Some("Rest"), BlockKind::Bullet, "Red, dry cheeks"),
                (
                    Some("Other Signs to Watch"),
                    BlockKind::Paragraph,
                    "A few people feel tired for a day."
                ),
            ]
        );
    }

    #[test]
    fn a_line_list_ending_in_one_of_its_items_again_leaves_that_line_a_heading() {
        let c = clean(
            "Care may include:\nWraps\nRest in a cool room\nWraps\nA nurse shows you how to fold one and keep it cold.",
        );
        assert_eq!(
            texts(&c),
            [
                (None, BlockKind::Paragraph, "Care may include:"),
                (None, BlockKind::Bullet, "Wraps"),
                (None, BlockKind::Bullet, "Rest in a cool room"),
                (
                    Some("Wraps"),
                    BlockKind::Paragraph,
                    "A nurse shows you how to fold one and keep it cold."
                ),
            ]
        );
    }

    #[test]
    fn a_cross_reference_or_a_numbered_name_is_no_heading() {
        let c = clean(
            "Rest helps. See Rules Approved for Kettle Fever for more about Fever and rest. Fever passes.",
        );
        assert!(!c.touched.headings, "{:?}", c.groups);
        let c = clean("Most kinds are mild. Type II and type III start later in life.");
        assert!(!c.touched.headings, "{:?}", c.groups);
        // A word that is not a numeral may open a sentence before "and", "of"…
        let c = clean(
            "It passes. How Kettle Fever Is Found Blood and skin tests find it. Blood tests are quick. \
             Blood is taken from the arm. Wraps Wraps for the hands help.",
        );
        let headings: Vec<_> = c.groups.iter().filter_map(|g| g.heading.as_deref()).collect();
        assert_eq!(headings, ["How Kettle Fever Is Found", "Wraps"], "{:?}", c.groups);
    }

    #[test]
    fn a_capitalised_run_before_a_sentence_becomes_a_heading() {
        let c = clean(
            "Sores appear on one side. Crusts The crusts fall off in a week. Two Kinds of Sores There are two kinds.",
        );
        assert!(c.touched.headings);
        assert_eq!(
            texts(&c),
            [
                (None, BlockKind::Paragraph, "Sores appear on one side."),
                (
                    Some("Crusts"),
                    BlockKind::Paragraph,
                    "The crusts fall off in a week."
                ),
                (
                    Some("Two Kinds of Sores"),
                    BlockKind::Paragraph,
                    "There are two kinds."
                ),
            ]
        );
    }

    #[test]
    fn a_one_word_heading_taken_up_inflected_and_a_title_case_heading_starting_if_are_headings() {
        let c = clean(
            "Itch Sores can be very itchy at first. Sores heal. Sores fade. \
             If the Rash Is Spreading Some people need a second visit.",
        );
        assert_eq!(
            texts(&c),
            [
                (
                    Some("Itch"),
                    BlockKind::Paragraph,
                    "Sores can be very itchy at first. Sores heal. Sores fade."
                ),
                (
                    Some("If the Rash Is Spreading"),
                    BlockKind::Paragraph,
                    "Some people need a second visit."
                ),
            ]
        );
    }

    #[test]
    fn a_sentence_opening_with_if_in_plain_case_is_no_heading() {
        let c = clean("Rest helps. If the rash spreads Some Clinic staff can see you.");
        assert!(!c.touched.headings, "{:?}", c.groups);
        // Title case, but what follows opens no sentence: a title inside a sentence.
        let c =
            clean("Read more. The Guide to Rest and Your Sleep booklet says more. Sleep helps. Sleep heals.");
        assert!(!c.touched.headings, "{:?}", c.groups);
    }

    #[test]
    fn a_word_named_with_a_numeral_or_letter_is_no_heading() {
        // "I" opens three sentences here, as a text's subject would.
        let c = clean(
            "Sores heal. Stage I is divided into stages IA and IB. Only stage I is mild. Stage I passes.",
        );
        assert!(!c.touched.headings, "{:?}", c.groups);
    }

    #[test]
    fn a_table_of_contents_is_dropped_up_to_the_body_that_repeats_its_first_item() {
        let c = clean(
            "On this Page Basic Facts about Sores What are sores? How do sores spread? \
             Basic Facts about Sores For more images of this bacterium, search the Public Health Image Library \
             What are sores? Sores are breaks in the skin.",
        );
        assert!(c.touched.furniture);
        let all: Vec<&str> = texts(&c).iter().map(|t| t.2).collect();
        assert!(!all.iter().any(|t| t.contains("On this Page")), "{all:?}");
        assert_eq!(
            all.iter().filter(|t| t.contains("How do sores spread")).count(),
            0,
            "{all:?}"
        );
        assert!(
            all.iter().any(|t| t.ends_with("Sores are breaks in the skin.")),
            "{all:?}"
        );
        assert!(
            !all.iter().any(|t| t.contains("Image Library")),
            "the caption goes too: {all:?}"
        );
    }

    #[test]
    fn a_proper_name_opening_a_sentence_is_not_a_heading() {
        let c = clean("The National Eye Institute funds research. Dr. Jones Smith said so.");
        assert!(!c.touched.headings, "{:?}", c.groups);
    }

    #[test]
    fn the_flattened_repeat_after_a_list_is_dropped() {
        let c = clean(
            "Signs include - a red rash  - mild fever  - sore joints. a red rash mild fever sore joints. It passes.",
        );
        assert!(c.touched.repeated_lists);
        assert_eq!(
            texts(&c),
            [
                (None, BlockKind::Paragraph, "Signs include"),
                (None, BlockKind::Bullet, "a red rash"),
                (None, BlockKind::Bullet, "mild fever"),
                (None, BlockKind::Bullet, "sore joints."),
                (None, BlockKind::Paragraph, "It passes."),
            ]
        );
    }

    #[test]
    fn video_controls_and_dead_links_are_removed() {
        let c = clean(
            "Rest helps. (Watch the video about rest. To enlarge the video, click the brackets. To reduce the video, press the Escape (Esc) button.) Click here to see a chart. Drink water.",
        );
        assert!(c.touched.furniture);
        assert_eq!(
            texts(&c),
            [(None, BlockKind::Paragraph, "Rest helps. Drink water.")]
        );
    }

    #[test]
    fn the_same_medlineplus_links_under_every_condition_are_removed() {
        let c = clean(
            "See a registry.   These resources from MedlinePlus offer information about the diagnosis and management of various health conditions:  - Diagnostic Tests  - Drug Therapy  - Surgery and Rehabilitation  - Genetic Counseling   - Palliative Care",
        );
        assert_eq!(texts(&c), [(None, BlockKind::Paragraph, "See a registry.")]);
    }

    #[test]
    fn a_flattened_symptom_table_becomes_bullets() {
        let c = clean(
            "You can look up these terms. Signs and Symptoms Approximate number of patients (when available) Pale skin 90% Tiredness 7.5% Slow growth - The Human Phenotype Ontology (HPO) has collected information.",
        );
        assert!(c.touched.tables);
        let t = texts(&c);
        assert!(t.contains(&(None, BlockKind::Bullet, "Pale skin (90%)")), "{t:?}");
        assert!(t.contains(&(None, BlockKind::Bullet, "Slow growth")), "{t:?}");
        assert_eq!(
            t.last().unwrap().2,
            "The Human Phenotype Ontology (HPO) has collected information."
        );
    }

    #[test]
    fn a_question_inside_the_answer_heads_what_answers_it() {
        let c =
            clean("What causes Foo syndrome? Foo syndrome is caused by a gene. Is Foo inherited? It is not.");
        assert!(c.touched.question_headings);
        // The opening question is the title's; the next one heads a group.
        assert_eq!(c.groups[0].heading, None);
        assert_eq!(c.groups[0].blocks[0].text, "Foo syndrome is caused by a gene.");
        assert_eq!(c.groups[1].heading.as_deref(), Some("Is Foo inherited?"));
    }

    #[test]
    fn a_line_leading_into_a_list_is_not_a_heading() {
        let c = clean("Common causes include the following\n- Rain.\n- Wind.");
        assert!(!c.touched.headings);
        assert_eq!(c.groups.len(), 1);
    }

    #[test]
    fn key_points_repeated_as_headings_are_read_once() {
        let c = clean(
            "Key Points\n - Foo is rare.    - Foo can be treated.\nFoo is rare.\nFew people get it.\nFoo can be treated.\nRest helps.",
        );
        assert_eq!(
            texts(&c),
            [
                (Some("Foo is rare."), BlockKind::Paragraph, "Few people get it."),
                (Some("Foo can be treated."), BlockKind::Paragraph, "Rest helps."),
            ]
        );
    }

    #[test]
    fn a_passage_printed_twice_is_read_once() {
        let c = clean(
            "Eat Well\nEat plenty of fruit and vegetables every day of the week.\nEat Well\nEat plenty of fruit and vegetables every day of the week.",
        );
        assert_eq!(
            texts(&c),
            [(
                Some("Eat Well"),
                BlockKind::Paragraph,
                "Eat plenty of fruit and vegetables every day of the week."
            )]
        );
    }

    #[test]
    fn templated_questions_read_as_questions() {
        let text = "Widget fever is an illness. Anyone can get widget fever.";
        assert_eq!(
            tidy_question("What is (are) Widget Fever ?", "Widget Fever", text),
            "What is widget fever?"
        );
        assert_eq!(
            tidy_question("Who is at risk for Widget Fever? ?", "Widget Fever", text),
            "Who is at risk for widget fever?"
        );
        assert_eq!(
            tidy_question(
                "What is (are) Kidney Pebbles ?",
                "Kidney Pebbles",
                "Kidney pebbles are small. Most kidney pebbles are hard."
            ),
            "What are kidney pebbles?"
        );
        assert_eq!(
            tidy_question("How to diagnose Foo ?", "Foo", ""),
            "How is Foo diagnosed?"
        );
    }

    #[test]
    fn a_lower_case_question_takes_the_capitals_its_answer_writes() {
        let text = "The WDC works on VWF. Visa rules differ; a visa is needed. WDC and VWF \
                    staff can help; an index of who's who.";
        assert_eq!(
            tidy_question("what is wdc doing to address vwf?", "", text),
            "What is WDC doing to address VWF?"
        );
        // Written in lower case in the answer too, or never in it: left alone.
        assert_eq!(tidy_question("do I need a visa?", "", text), "Do I need a visa?");
        assert_eq!(tidy_question("what is xyz?", "", text), "What is xyz?");
        // A word standing inside a longer one ("dex" in "INDEX") is not the word.
        assert_eq!(
            with_answer_capitals("dex and index", "The INDEX"),
            "dex and INDEX"
        );
    }

    #[test]
    fn a_focus_that_is_a_question_or_a_clause_is_the_title_itself() {
        let asked = "What if widgets come back?";
        let tidy = |q: &str, focus: &str| tidy_question(q, focus, "");
        assert_eq!(tidy("What is (are) What if widgets come back? ?", asked), asked);
        assert_eq!(
            tidy("Who is at risk for What if widgets come back?? ?", asked),
            "Who is at risk for it? (What if widgets come back?)"
        );
        let clause = "When you have widget fever";
        assert_eq!(tidy("What is (are) When you have widget fever ?", clause), clause);
        assert_eq!(
            tidy("What are the treatments for When you have widget fever ?", clause),
            "What are the treatments for it? (When you have widget fever)"
        );
        assert_eq!(
            tidy("What causes When you have widget fever ?", clause),
            "What causes it? (When you have widget fever)"
        );
        assert_eq!(
            tidy("How to diagnose When you have widget fever ?", clause),
            "How is it diagnosed? (When you have widget fever)"
        );
        assert_eq!(
            tidy("Is When you have widget fever inherited ?", clause),
            "Is it inherited? (When you have widget fever)"
        );
        // A how-to or a booklet's title is a title, not a question.
        let title = "What I need to know about widget fever";
        assert_eq!(
            tidy("What is (are) What I need to know about widget fever ?", title),
            title
        );
        assert_eq!(
            tidy(
                "Do you have information about What I need to know about widget fever",
                title
            ),
            title
        );
        // A name that merely starts like a clause word is a name: "Whipple disease".
        assert_eq!(
            tidy_question(
                "What is (are) Whipple disease ?",
                "Whipple disease",
                "Whipple disease is rare."
            ),
            "What is Whipple disease?"
        );
    }
}
