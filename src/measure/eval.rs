//! `curbside eval`: answer quality on the TREC 2017 LiveQA medical questions, judged
//! against MedQuAD answers, with the metrics LiveQA and the MedQuAD paper report.
//!
//! The evaluation index is built from a MedQuAD folder (plus, optionally, the judged
//! answers whose text MedQuAD withheld) in a cache directory of its own, never the
//! user's files, and reused while what it was built from is unchanged.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use quick_xml::events::Event;
use quick_xml::{Reader, XmlVersion};
use serde::Serialize;
use xxhash_rust::xxh3::Xxh3;

use curbside_core::article::{Article, Role, Section};
use curbside_core::corpus::medquad;
use curbside_core::index::{Engine, IndexError};

/// How many answers are ranked and scored per question.
pub const DEPTH: usize = 10;
/// Bumped when the way the evaluation index is made changes.
const EVAL_FORMAT: u32 = 1;

#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error("reading {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{file}:{line}: {message}")]
    Format {
        file: PathBuf,
        line: usize,
        message: String,
    },
    #[error(transparent)]
    Medquad(#[from] medquad::MedquadError),
    #[error(transparent)]
    Index(#[from] IndexError),
}

/// One LiveQA question in its two forms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveQuestion {
    /// `N` of `qid="TQN"`, as the judgments name it.
    pub number: u32,
    /// The consumer's own SUBJECT and MESSAGE.
    pub original: String,
    /// NLM's one-sentence summary.
    pub summary: String,
}

/// Which form of the questions is asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Form {
    Original,
    Summary,
}

impl Form {
    pub fn text(self, q: &LiveQuestion) -> &str {
        match self {
            Form::Original => &q.original,
            Form::Summary => &q.summary,
        }
    }
}

/// Grades of judged answers per question: answer article id → score 0-3
/// (1-Incorrect = 0, 2-Related = 1, 3-Incomplete = 2, 4-Excellent = 3).
pub type Judgments = HashMap<u32, HashMap<String, u8>>;

/// Largest evaluation file read (the questions, qrels and judged answers are a few MB).
const MAX_EVAL_FILE_BYTES: u64 = 512 * 1024 * 1024;

/// An evaluation file's text, read as every file is: a regular file only, within a size.
fn read_text(path: &Path) -> Result<String, EvalError> {
    curbside_core::files::read_to_string(path, MAX_EVAL_FILE_BYTES).map_err(|source| EvalError::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// Reads the LiveQA test questions (`<NLM-QUESTION qid="TQ1">` with
/// `<Original-Question><SUBJECT/><MESSAGE/>` and `<NLM-Summary>`).
pub fn read_questions(path: &Path) -> Result<Vec<LiveQuestion>, EvalError> {
    let text = read_text(path)?;
    parse_questions(path, &text)
}

pub fn parse_questions(path: &Path, text: &str) -> Result<Vec<LiveQuestion>, EvalError> {
    let mut reader = Reader::from_str(text);
    let mut out = Vec::new();
    let mut current: Option<(u32, String, String, String)> = None;
    let mut field: Option<String> = None;
    let mut buffer = String::new();
    let format = |line: usize, message: String| EvalError::Format {
        file: path.to_path_buf(),
        line,
        message,
    };
    loop {
        let event = reader.read_event().map_err(|e| {
            format(
                curbside_core::location::line_at(text.as_bytes(), reader.error_position() as usize),
                format!("malformed XML: {e}"),
            )
        })?;
        match event {
            Event::Start(start) => {
                let name = start.local_name().as_ref().to_string();
                if name == "NLM-QUESTION" {
                    let qid = start
                        .attributes()
                        .flatten()
                        .find(|a| a.key.as_ref() == "qid")
                        .and_then(|a| a.normalized_value(XmlVersion::Implicit1_0).ok())
                        .unwrap_or_default();
                    let number = qid.trim_start_matches("TQ").parse().map_err(|_| {
                        format(
                            curbside_core::location::line_at(
                                text.as_bytes(),
                                reader.buffer_position() as usize,
                            ),
                            format!("question id `{qid}` is not of the form TQ<number>"),
                        )
                    })?;
                    current = Some((number, String::new(), String::new(), String::new()));
                } else if matches!(name.as_str(), "SUBJECT" | "MESSAGE" | "NLM-Summary") {
                    field = Some(name);
                    buffer.clear();
                }
            }
            Event::Text(_) | Event::CData(_) | Event::GeneralRef(_) if field.is_some() => {
                super::push_text(&event, &mut buffer);
            }
            Event::End(end) => {
                let name = end.local_name().as_ref().to_string();
                if let (Some(f), Some(q)) = (&field, current.as_mut())
                    && *f == name
                {
                    let value = buffer.split_whitespace().collect::<Vec<_>>().join(" ");
                    match name.as_str() {
                        "SUBJECT" => q.1 = value,
                        "MESSAGE" => q.2 = value,
                        _ => q.3 = value,
                    }
                    field = None;
                }
                if name == "NLM-QUESTION"
                    && let Some((number, subject, message, summary)) = current.take()
                {
                    let original = format!("{subject} {message}").trim().to_string();
                    out.push(LiveQuestion {
                        number,
                        summary: if summary.is_empty() {
                            original.clone()
                        } else {
                            summary
                        },
                        original,
                    });
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if out.is_empty() {
        return Err(format(
            1,
            "no <NLM-QUESTION> elements: not a LiveQA question file".to_string(),
        ));
    }
    Ok(out)
}

/// The article id a judged answer id names: `GHR_0000804_Sec2.txt` is pair 2 of GHR
/// document 0000804; the judgments spell one collection `MPlusHerbsSuppls`.
pub fn answer_article_id(answer_id: &str) -> Option<String> {
    let stem = answer_id.trim().trim_end_matches(".txt");
    let (prefix, pid) = stem.rsplit_once("_Sec")?;
    let (source, doc_id) = prefix.split_once('_')?;
    let source = match source {
        "MPlusHerbsSuppls" => "MPlusHerbsSupplements",
        other => other,
    };
    (!doc_id.is_empty() && !pid.is_empty()).then(|| medquad::article_id(source, doc_id, pid))
}

/// Reads judgments: one `N GRADE ANSWER_ID` a line, GRADE `1-Incorrect` to `4-Excellent`.
pub fn read_qrels(path: &Path) -> Result<Judgments, EvalError> {
    let text = read_text(path)?;
    parse_qrels(path, &text)
}

pub fn parse_qrels(path: &Path, text: &str) -> Result<Judgments, EvalError> {
    let mut out: Judgments = HashMap::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let bad = |message: String| EvalError::Format {
            file: path.to_path_buf(),
            line: i + 1,
            message,
        };
        let fields: Vec<&str> = line.split_whitespace().collect();
        let [number, grade, answer] = fields.as_slice() else {
            return Err(bad(format!(
                "expected `QUESTION GRADE ANSWER_ID`, found {} fields",
                fields.len()
            )));
        };
        let number: u32 = number
            .parse()
            .map_err(|_| bad(format!("question `{number}` is not a number")))?;
        let score = match grade.split('-').next().and_then(|g| g.parse::<u8>().ok()) {
            Some(g @ 1..=4) => g - 1,
            _ => {
                return Err(bad(format!(
                    "grade `{grade}` is not one of 1-Incorrect … 4-Excellent"
                )));
            }
        };
        let id = answer_article_id(answer)
            .ok_or_else(|| bad(format!("answer id `{answer}` is not SOURCE_DOCID_SecN.txt")))?;
        out.entry(number).or_default().insert(id, score);
    }
    Ok(out)
}

/// Reads `judged-answers.csv` (`AnswerID,Answer`, the answer text holding
/// `Question: … URL: … Answer: …`): article id → answer text.
pub fn read_extra_answers(path: &Path) -> Result<HashMap<String, String>, EvalError> {
    let mut reader = csv::Reader::from_path(path).map_err(|e| EvalError::Io {
        path: path.to_path_buf(),
        source: std::io::Error::other(e),
    })?;
    let mut out = HashMap::new();
    for record in reader.records() {
        let record = record.map_err(|e| EvalError::Format {
            file: path.to_path_buf(),
            line: e.position().map_or(0, |p| p.line() as usize),
            message: e.to_string(),
        })?;
        let (Some(answer_id), Some(text)) = (record.get(0), record.get(1)) else {
            continue;
        };
        let Some(id) = answer_article_id(answer_id) else {
            continue;
        };
        let answer = match text.find("\nAnswer:") {
            Some(at) => &text[at + "\nAnswer:".len()..],
            None => text,
        };
        out.insert(id, answer.trim().to_string());
    }
    Ok(out)
}

/// The articles of the evaluation index: MedQuAD, with withheld answers filled in from
/// `extra` where it has them.
pub fn evaluation_articles(
    collection: &medquad::Collection,
    extra: &HashMap<String, String>,
) -> Vec<Article> {
    let mut articles = medquad::to_articles(&collection.documents);
    for article in &mut articles {
        if article.is_answered() {
            continue;
        }
        if let Some(text) = extra.get(&article.id) {
            let blocks = medquad::answer_blocks(text);
            if blocks.is_empty() {
                continue;
            }
            let summary = blocks[0].text.clone();
            article.summaries.clinician = summary.clone();
            article.summaries.patient = summary;
            article.sections = vec![Section {
                heading: "Answer".to_string(),
                role: Role::Answer,
                blocks,
            }];
        }
    }
    articles
}

/// A fingerprint of the articles, so a cached evaluation index is reused only when it
/// was built from the same material.
pub fn fingerprint(articles: &[Article]) -> u64 {
    let mut hasher = Xxh3::new();
    hasher.update(&EVAL_FORMAT.to_le_bytes());
    for article in articles {
        if let Ok(bytes) = serde_json::to_vec(article) {
            hasher.update(&bytes);
        }
    }
    hasher.digest()
}

/// The metrics of one run over one form of the questions.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Metrics {
    pub questions: usize,
    /// Questions with at least one answer returned.
    pub answered: usize,
    /// Mean score (0-3) of the first answer; unjudged and missing answers score 0.
    pub avg_score: f64,
    /// Share of questions whose first answer is graded at least 2, 3, 4 (of all).
    pub succ_2: f64,
    pub succ_3: f64,
    pub succ_4: f64,
    /// The same, of the questions answered.
    pub prec_2: f64,
    pub prec_3: f64,
    pub prec_4: f64,
    /// Related or better (grade ≥ 2) counts as relevant.
    pub mrr_10: f64,
    pub map_10: f64,
    /// Graded gains 0-3.
    pub ndcg_10: f64,
    /// Share of the returned top-10 answers that were judged at all.
    pub judged_10: f64,
    /// Mean score (0-3) of the answer the best passage comes from: what the screen shows
    /// first when no single article stands out and it answers with passages.
    pub passage_score: f64,
}

/// Scores ranked answer ids (best first) for each question against `judgments`.
pub fn score(rankings: &[(u32, Vec<String>)], judgments: &Judgments) -> Metrics {
    let empty = HashMap::new();
    let mut m = Metrics {
        questions: rankings.len(),
        ..Metrics::default()
    };
    let mut returned = 0usize;
    let mut judged = 0usize;
    for (number, ranked) in rankings {
        let grades = judgments.get(number).unwrap_or(&empty);
        let ranked = &ranked[..ranked.len().min(DEPTH)];
        let gain = |id: &String| grades.get(id).copied().unwrap_or(0);
        if let Some(first) = ranked.first() {
            m.answered += 1;
            let s = gain(first);
            m.avg_score += f64::from(s);
            m.succ_2 += f64::from(u8::from(s >= 1));
            m.succ_3 += f64::from(u8::from(s >= 2));
            m.succ_4 += f64::from(u8::from(s >= 3));
        }
        returned += ranked.len();
        judged += ranked.iter().filter(|id| grades.contains_key(*id)).count();
        if let Some(rank) = ranked.iter().position(|id| gain(id) >= 1) {
            m.mrr_10 += 1.0 / (rank + 1) as f64;
        }
        let relevant = grades.values().filter(|&&g| g >= 1).count();
        if relevant > 0 {
            let mut hits = 0;
            let mut sum = 0.0;
            for (i, id) in ranked.iter().enumerate() {
                if gain(id) >= 1 {
                    hits += 1;
                    sum += f64::from(hits) / (i + 1) as f64;
                }
            }
            m.map_10 += sum / relevant as f64;
        }
        let dcg = |gains: &mut dyn Iterator<Item = u8>| -> f64 {
            gains
                .take(DEPTH)
                .enumerate()
                .map(|(i, g)| f64::from(g) / ((i + 2) as f64).log2())
                .sum()
        };
        let mut ideal: Vec<u8> = grades.values().copied().collect();
        ideal.sort_unstable_by(|a, b| b.cmp(a));
        let idcg = dcg(&mut ideal.into_iter());
        if idcg > 0.0 {
            m.ndcg_10 += dcg(&mut ranked.iter().map(gain)) / idcg;
        }
    }
    let n = m.questions.max(1) as f64;
    let a = m.answered.max(1) as f64;
    m.prec_2 = m.succ_2 / a;
    m.prec_3 = m.succ_3 / a;
    m.prec_4 = m.succ_4 / a;
    m.avg_score /= n;
    m.succ_2 /= n;
    m.succ_3 /= n;
    m.succ_4 /= n;
    m.mrr_10 /= n;
    m.map_10 /= n;
    m.ndcg_10 /= n;
    m.judged_10 = if returned == 0 {
        0.0
    } else {
        judged as f64 / returned as f64
    };
    m
}

/// The article each question's best passage comes from, as `ask` ranks passages.
pub fn first_passages(
    engine: &Engine,
    questions: &[LiveQuestion],
    form: Form,
) -> Result<Vec<(u32, Option<String>)>, IndexError> {
    questions
        .iter()
        .map(|q| {
            let text = form.text(q);
            let understood = engine.understand(text);
            let passages = engine.passages_focused(
                text,
                curbside_core::answer::PASSAGE_CANDIDATES,
                Some(&understood),
            )?;
            Ok((q.number, passages.into_iter().next().map(|p| p.article_id)))
        })
        .collect()
}

/// Mean score of the articles given for each question (0 for none or unjudged).
pub fn mean_score(firsts: &[(u32, Option<String>)], judgments: &Judgments) -> f64 {
    let total: f64 = firsts
        .iter()
        .map(|(number, id)| {
            id.as_ref()
                .and_then(|id| judgments.get(number)?.get(id))
                .map_or(0.0, |&s| f64::from(s))
        })
        .sum();
    total / firsts.len().max(1) as f64
}

/// Ranks the answers to each question as curbside ranks results for `ask`.
pub fn rank_questions(
    engine: &Engine,
    questions: &[LiveQuestion],
    form: Form,
) -> Result<Vec<(u32, Vec<String>)>, IndexError> {
    questions
        .iter()
        .map(|q| {
            let hits = curbside_core::answer::rank(engine, form.text(q), DEPTH)?;
            Ok((q.number, hits.into_iter().map(|h| h.id).collect()))
        })
        .collect()
}

/// Where the files of an evaluation come from.
#[derive(Debug, Clone)]
pub struct Inputs {
    pub medquad: PathBuf,
    pub questions: PathBuf,
    pub qrels: PathBuf,
    pub extra_answers: Option<PathBuf>,
}

/// How one question fared: for reading what went wrong, not for scoring.
#[derive(Debug, Clone, Serialize)]
pub struct QuestionResult {
    pub number: u32,
    pub form: Form,
    pub question: String,
    /// The first answer and its score (0 when unjudged).
    pub first: Option<String>,
    pub first_score: u8,
    /// Rank (from 1) of the first Related-or-better answer in the top 10.
    pub first_relevant: Option<usize>,
    /// The best score any judged answer of this question has.
    pub best_judged: u8,
}

/// A finished evaluation: metrics per form, and per question when asked for.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub articles: usize,
    pub answered: usize,
    pub questions: usize,
    pub judged_questions: usize,
    /// Metrics per form (`original`, `summary`) and per fold of each (`original A`,
    /// `original B`, ...: see [`Fold`]).
    pub forms: BTreeMap<String, Metrics>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub details: Vec<QuestionResult>,
}

/// Each question's first answer and first relevant rank.
pub fn details(
    questions: &[LiveQuestion],
    form: Form,
    rankings: &[(u32, Vec<String>)],
    judgments: &Judgments,
) -> Vec<QuestionResult> {
    let empty = HashMap::new();
    questions
        .iter()
        .zip(rankings)
        .map(|(q, (_, ranked))| {
            let grades = judgments.get(&q.number).unwrap_or(&empty);
            let gain = |id: &String| grades.get(id).copied().unwrap_or(0);
            QuestionResult {
                number: q.number,
                form,
                question: form.text(q).to_string(),
                first: ranked.first().cloned(),
                first_score: ranked.first().map_or(0, gain),
                first_relevant: ranked
                    .iter()
                    .take(DEPTH)
                    .position(|id| gain(id) >= 1)
                    .map(|i| i + 1),
                best_judged: grades.values().copied().max().unwrap_or(0),
            }
        })
        .collect()
}

/// One of the two halves a change is judged on, so that a change fit to some questions
/// shows as helping one fold and not the other: fold A holds the 1st, 3rd, 5th …
/// question in file order, fold B the 2nd, 4th, 6th …
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fold {
    A,
    B,
}

impl Fold {
    /// `A` or `B`.
    pub fn name(self) -> &'static str {
        match self {
            Fold::A => "A",
            Fold::B => "B",
        }
    }

    /// The entries of this fold, from entries in the questions' file order.
    pub fn of<T: Clone>(self, entries: &[T]) -> Vec<T> {
        let first = match self {
            Fold::A => 0,
            Fold::B => 1,
        };
        entries.iter().skip(first).step_by(2).cloned().collect()
    }
}

/// The evaluation index (built in `cache_dir`, or reused), and the articles in it.
pub fn evaluation_engine(
    inputs: &Inputs,
    cache_dir: &Path,
    progress: &mut dyn FnMut(&str, u64, u64),
) -> Result<(Engine, Vec<Article>), EvalError> {
    let extra = match &inputs.extra_answers {
        Some(path) => read_extra_answers(path)?,
        None => HashMap::new(),
    };
    let collection = medquad::read(&inputs.medquad, &mut |done, total| {
        progress("reading MedQuAD", done, total)
    })?;
    let articles = evaluation_articles(&collection, &extra);
    let engine = Engine::open_articles(
        cache_dir,
        fingerprint(&articles),
        &articles,
        &mut |done, total| progress("indexing", done, total),
    )?
    .0;
    Ok((engine, articles))
}

/// Builds (or reuses) the evaluation index in `cache_dir` and scores every form.
pub fn evaluate(
    inputs: &Inputs,
    forms: &[Form],
    with_details: bool,
    cache_dir: &Path,
    progress: &mut dyn FnMut(&str, u64, u64),
) -> Result<Report, EvalError> {
    let questions = read_questions(&inputs.questions)?;
    let judgments = read_qrels(&inputs.qrels)?;
    let (engine, articles) = evaluation_engine(inputs, cache_dir, progress)?;
    let mut report = Report {
        articles: articles.len(),
        answered: articles.iter().filter(|a| a.is_answered()).count(),
        questions: questions.len(),
        judged_questions: questions
            .iter()
            .filter(|q| judgments.contains_key(&q.number))
            .count(),
        forms: BTreeMap::new(),
        details: Vec::new(),
    };
    for &form in forms {
        let rankings = rank_questions(&engine, &questions, form)?;
        let name = match form {
            Form::Original => "original",
            Form::Summary => "summary",
        };
        let passages = first_passages(&engine, &questions, form)?;
        let mut metrics = score(&rankings, &judgments);
        metrics.passage_score = mean_score(&passages, &judgments);
        report.forms.insert(name.to_string(), metrics);
        for fold in [Fold::A, Fold::B] {
            let mut metrics = score(&fold.of(&rankings), &judgments);
            metrics.passage_score = mean_score(&fold.of(&passages), &judgments);
            report.forms.insert(format!("{name} {}", fold.name()), metrics);
        }
        if with_details {
            report
                .details
                .extend(details(&questions, form, &rankings, &judgments));
        }
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn judgments(entries: &[(u32, &str, u8)]) -> Judgments {
        let mut j: Judgments = HashMap::new();
        for (q, id, s) in entries {
            j.entry(*q).or_default().insert(id.to_string(), *s);
        }
        j
    }

    fn ranking(q: u32, ids: &[&str]) -> (u32, Vec<String>) {
        (q, ids.iter().map(|s| s.to_string()).collect())
    }

    #[test]
    fn the_passage_score_is_the_mean_grade_of_each_first_passages_article() {
        let j = judgments(&[(1, "a", 3), (2, "b", 1)]);
        let firsts = vec![
            (1, Some("a".to_string())),
            (2, Some("unjudged".to_string())),
            (3, None),
        ];
        assert!((mean_score(&firsts, &j) - 1.0).abs() < 1e-9);
        assert_eq!(mean_score(&[], &j), 0.0);
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn metrics_on_a_hand_made_ranking() {
        // Question 1: a (3) ranked 2nd after an unjudged answer, b (1) 3rd; c (2) never
        // returned. Question 2: first answer incorrect (0), nothing relevant returned.
        let j = judgments(&[(1, "a", 3), (1, "b", 1), (1, "c", 2), (2, "d", 0), (2, "e", 1)]);
        let runs = [ranking(1, &["x", "a", "b"]), ranking(2, &["d"])];
        let m = score(&runs, &j);
        assert_eq!((m.questions, m.answered), (2, 2));
        assert!(close(m.avg_score, 0.0));
        assert!(close(m.mrr_10, (0.5 + 0.0) / 2.0));
        // AP(1) = (1/2 + 2/3) / 3 relevant; AP(2) = 0.
        assert!(close(m.map_10, ((0.5 + 2.0 / 3.0) / 3.0) / 2.0));
        // nDCG(1) = (3/log2 3 + 1/log2 4) / (3 + 2/log2 3 + 1/log2 4); nDCG(2) = 0.
        let dcg = 3.0 / 3f64.log2() + 1.0 / 2.0;
        let idcg = 3.0 + 2.0 / 3f64.log2() + 1.0 / 2.0;
        assert!(close(m.ndcg_10, dcg / idcg / 2.0));
        assert!(close(m.judged_10, 3.0 / 4.0));
    }

    #[test]
    fn first_answer_scores_and_success_rates() {
        let j = judgments(&[(1, "a", 3), (2, "b", 1), (3, "c", 2)]);
        let runs = [
            ranking(1, &["a"]),
            ranking(2, &["b"]),
            ranking(3, &[]),
            ranking(4, &["z"]),
        ];
        let m = score(&runs, &j);
        assert!(close(m.avg_score, 4.0 / 4.0));
        assert!(close(m.succ_2, 2.0 / 4.0));
        assert!(close(m.succ_3, 1.0 / 4.0));
        assert!(close(m.succ_4, 1.0 / 4.0));
        assert!(close(m.prec_2, 2.0 / 3.0));
        assert!(close(m.mrr_10, (1.0 + 1.0) / 4.0));
    }

    #[test]
    fn folds_alternate_in_file_order() {
        let entries = [1, 2, 3, 4, 5];
        assert_eq!(Fold::A.of(&entries), [1, 3, 5]);
        assert_eq!(Fold::B.of(&entries), [2, 4]);
    }

    #[test]
    fn a_perfect_ranking_scores_one() {
        let j = judgments(&[(1, "a", 3), (1, "b", 2), (1, "c", 0)]);
        let m = score(&[ranking(1, &["a", "b", "c"])], &j);
        assert!(close(m.ndcg_10, 1.0) && close(m.map_10, 1.0) && close(m.mrr_10, 1.0));
    }

    #[test]
    fn answer_ids_map_to_medquad_articles() {
        assert_eq!(
            answer_article_id("GHR_0000804_Sec2.txt").as_deref(),
            Some("medquad-ghr-0000804-2")
        );
        assert_eq!(
            answer_article_id("CancerGov_0000007_3_Sec1.txt").as_deref(),
            Some("medquad-cancergov-0000007-3-1")
        );
        assert_eq!(
            answer_article_id("MPlusHerbsSuppls_0000012_Sec4.txt").as_deref(),
            Some("medquad-mplusherbssupplements-0000012-4")
        );
        assert_eq!(answer_article_id("nonsense"), None);
    }

    #[test]
    fn qrels_errors_name_the_line() {
        let err = parse_qrels(
            Path::new("q.txt"),
            "1 2-Related GHR_1_Sec1.txt\n1 9-Great GHR_1_Sec2.txt\n",
        )
        .unwrap_err()
        .to_string();
        assert!(err.starts_with("q.txt:2:"), "{err}");
    }

    #[test]
    fn questions_parse_in_both_forms() {
        let xml = r#"<LiveQA2017-Medical-Test-Set-Full><NLM-QUESTION qid="TQ3">
<Original-Question><SUBJECT>amphetamine salts</SUBJECT><MESSAGE> are they gluten free &amp; safe</MESSAGE></Original-Question>
<NLM-Summary>Do amphetamine salts contain gluten?</NLM-Summary></NLM-QUESTION></LiveQA2017-Medical-Test-Set-Full>"#;
        let q = parse_questions(Path::new("q.xml"), xml).unwrap();
        assert_eq!(
            q,
            [LiveQuestion {
                number: 3,
                original: "amphetamine salts are they gluten free & safe".to_string(),
                summary: "Do amphetamine salts contain gluten?".to_string(),
            }]
        );
    }
}
