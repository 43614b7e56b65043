//! `curbside eval --analysis`: how well question analysis ([`Engine::understand`]) finds
//! the focus and the type of consumer questions annotated by NLM, over the evaluation's
//! MedQuAD index.
//!
//! **Focus**: a question counts as right when its main focus, or its second, matches one
//! of the question's annotated foci. Two names match when, lower-cased, split into words,
//! stemmed, without stopwords and without the words that only say "a disorder" (disease,
//! syndrome, ...), the words of one are all among the words of the other; the annotated
//! focus is compared with the words of the question that were recognised, with the
//! library's name for them and with every alias of that article, and an annotated
//! abbreviation with its expansions (`vocab::SYNONYMS`). `focus_main` counts the main
//! focus alone.
//!
//! **Type**: the main type recognised must be among the question's annotated types,
//! mapped onto curbside's kinds by [`annotated_type`]; questions whose every annotated
//! type has no curbside kind (association, effect, ingredient, ...) are left out.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use quick_xml::Reader;
use quick_xml::events::Event;
use serde::Serialize;

use curbside_core::article::QuestionType;
use curbside_core::index::Engine;
use curbside_core::index::understand::{self, Understanding};

use super::eval::EvalError;

/// One annotated question.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Annotated {
    /// The consumer's subject line (may be empty).
    pub subject: String,
    pub message: String,
    /// Every FOCUS of its sub-questions.
    pub foci: Vec<String>,
    /// Every TYPE of its sub-questions, as written.
    pub types: Vec<String>,
}

impl Annotated {
    /// The question as the analysis reads it: the subject line, then the message.
    pub fn text(&self) -> String {
        if self.subject.trim().is_empty() {
            self.message.clone()
        } else {
            format!("{}\n{}", self.subject.trim(), self.message.trim())
        }
    }
}

/// An annotated type on curbside's kinds: the TREC LiveQA training files write
/// `treatment`, `Cause`, `side effects`, the test file `SIDE_EFFECT`, `PERSON_ORGANIZATION`.
/// Organisations and resources are what curbside's support kind answers (MedQuAD's
/// "support groups", "how can I learn more"); usage covers dosage, indication, tapering
/// and storage; contraindications are side effects and safety. Association, effect,
/// ingredient, action, alternative, lifestyle and other questions have no kind.
pub fn annotated_type(annotated: &str) -> Option<QuestionType> {
    use QuestionType::*;
    let key = annotated.trim().to_lowercase().replace('_', " ");
    Some(match key.as_str() {
        "treatment" => Treatment,
        "information" => Information,
        "cause" => Causes,
        "prognosis" => Outlook,
        "diagnosis" | "diagnose me" => Diagnosis,
        "susceptibility" => Susceptibility,
        "symptom" => Symptoms,
        "inheritance" | "genetic changes" => Genetics,
        "side effects" | "side effect" | "contraindication" => Safety,
        "complication" => Complications,
        "prevention" => Prevention,
        "usage" | "dosage" | "indication" | "tapering" | "storage and disposal" | "storage disposal" => Usage,
        "interaction" => Interactions,
        "organization" | "person organization" | "resources" => Support,
        _ => return None,
    })
}

/// Reads every `NLM-QUESTION` of a LiveQA file with its annotations: the training files'
/// two formats (`questionid="Q1"` with `SUB-QUESTION subqid`, and `qid="1.0"`) and the
/// test file's (`Original-Question` and `ANNOTATIONS`).
pub fn read_annotated(path: &Path) -> Result<Vec<Annotated>, EvalError> {
    let text = fs::read_to_string(path).map_err(|source| EvalError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let mut reader = Reader::from_str(&text);
    let mut out = Vec::new();
    let mut current: Option<Annotated> = None;
    let mut field: Option<String> = None;
    let mut buffer = String::new();
    loop {
        let event = reader.read_event().map_err(|e| EvalError::Format {
            file: path.to_path_buf(),
            line: curbside_core::location::line_at(text.as_bytes(), reader.error_position() as usize),
            message: format!("malformed XML: {e}"),
        })?;
        match event {
            Event::Start(start) => {
                let name = start.local_name().as_ref().to_string();
                if name == "NLM-QUESTION" {
                    current = Some(Annotated::default());
                } else if matches!(name.as_str(), "SUBJECT" | "MESSAGE" | "FOCUS" | "TYPE") {
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
                        "SUBJECT" => q.subject = value,
                        "MESSAGE" => q.message = value,
                        "FOCUS" if !value.is_empty() => q.foci.push(value),
                        "TYPE" if !value.is_empty() => q.types.push(value),
                        _ => {}
                    }
                    field = None;
                }
                if name == "NLM-QUESTION"
                    && let Some(q) = current.take()
                {
                    out.push(q);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

/// The figures over one file.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SetReport {
    pub file: PathBuf,
    pub questions: usize,
    /// Questions with an annotated focus, and the share whose main or second focus
    /// matches one.
    pub with_focus: usize,
    pub focus_accuracy: f64,
    /// The same, for the main focus alone.
    pub focus_main: f64,
    /// Questions with an annotated type curbside has a kind for, and the share whose
    /// main type recognised is one of them.
    pub with_type: usize,
    pub type_accuracy: f64,
    /// Questions read as being about something the library does not have.
    pub focus_not_in_library: usize,
    /// Annotated type (mapped) → recognised main type → questions.
    pub type_confusion: BTreeMap<String, BTreeMap<String, usize>>,
    /// The questions whose focus was missed: annotated foci and what was recognised.
    pub focus_misses: Vec<(Vec<String>, Vec<String>)>,
    /// The questions whose type was missed: annotated types, the types recognised, and
    /// the sentence read as asking.
    pub type_misses: Vec<(Vec<String>, Vec<String>, String)>,
}

/// The figures over every file analysed, and over the training files together (every
/// file but the test questions), which is what issue 14's targets are set on.
#[derive(Debug, Clone, Default, Serialize)]
pub struct AnalysisReport {
    pub sets: Vec<SetReport>,
    pub training: Option<Totals>,
}

/// Accuracies over several files' questions together.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Totals {
    pub questions: usize,
    pub with_focus: usize,
    pub focus_accuracy: f64,
    pub focus_main: f64,
    pub with_type: usize,
    pub type_accuracy: f64,
}

impl Totals {
    /// The sets' questions together: each share weighted by the questions it is of.
    pub fn of<'a>(sets: impl IntoIterator<Item = &'a SetReport>) -> Totals {
        let (mut totals, mut focus, mut main, mut typed) = (Totals::default(), 0.0, 0.0, 0.0);
        for set in sets {
            totals.questions += set.questions;
            totals.with_focus += set.with_focus;
            totals.with_type += set.with_type;
            focus += set.focus_accuracy * set.with_focus as f64;
            main += set.focus_main * set.with_focus as f64;
            typed += set.type_accuracy * set.with_type as f64;
        }
        totals.focus_accuracy = focus / totals.with_focus.max(1) as f64;
        totals.focus_main = main / totals.with_focus.max(1) as f64;
        totals.type_accuracy = typed / totals.with_type.max(1) as f64;
        totals
    }
}

fn name_matches(engine: &Engine, annotated: &str, understanding: &Understanding, main_only: bool) -> bool {
    let foci = if main_only {
        &understanding.foci[..understanding.foci.len().min(1)]
    } else {
        &understanding.foci[..]
    };
    foci.iter().any(|focus| {
        let mut names = vec![focus.text.clone()];
        names.extend(focus.name.clone());
        if let Some(id) = &focus.article_id
            && let Ok(Some(article)) = engine.article(id)
        {
            names.extend(article.aliases);
        }
        names.iter().any(|name| understand::names_match(annotated, name))
    })
}

/// Analyses every question of `path` and scores it against its annotations.
pub fn analyse_file(engine: &Engine, path: &Path) -> Result<SetReport, EvalError> {
    let questions = read_annotated(path)?;
    let mut report = SetReport {
        file: path.to_path_buf(),
        questions: questions.len(),
        ..SetReport::default()
    };
    let (mut focus_right, mut main_right, mut type_right) = (0usize, 0usize, 0usize);
    for q in &questions {
        let understanding = engine.understand(&q.text());
        if understanding.foci.iter().any(|f| f.name.is_none()) {
            report.focus_not_in_library += 1;
        }
        if !q.foci.is_empty() {
            report.with_focus += 1;
            if q.foci
                .iter()
                .any(|f| name_matches(engine, f, &understanding, false))
            {
                focus_right += 1;
            } else if report.focus_misses.len() < 400 {
                report.focus_misses.push((
                    q.foci.clone(),
                    understanding.foci.iter().map(|f| f.text.clone()).collect(),
                ));
            }
            if q.foci
                .iter()
                .any(|f| name_matches(engine, f, &understanding, true))
            {
                main_right += 1;
            }
        }
        let types: Vec<QuestionType> = q.types.iter().filter_map(|t| annotated_type(t)).collect();
        if !types.is_empty() {
            report.with_type += 1;
            let main = understanding.main_type();
            if types.contains(&main) {
                type_right += 1;
            } else if report.type_misses.len() < 400 {
                report.type_misses.push((
                    q.types.clone(),
                    understanding
                        .types
                        .iter()
                        .map(|t| understand::type_label(*t).to_string())
                        .collect(),
                    understanding.asking.clone(),
                ));
            }
            *report
                .type_confusion
                .entry(understand::type_label(types[0]).to_string())
                .or_default()
                .entry(understand::type_label(main).to_string())
                .or_default() += 1;
        }
    }
    let share = |right: usize, of: usize| right as f64 / of.max(1) as f64;
    report.focus_accuracy = share(focus_right, report.with_focus);
    report.focus_main = share(main_right, report.with_focus);
    report.type_accuracy = share(type_right, report.with_type);
    Ok(report)
}

/// The training files under `dir` (every `.xml`), in name order.
pub fn training_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "xml"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

/// `curbside eval --analysis`: the figures over `files` (by default the training files
/// beside the test questions and the test questions' own annotations), printed as a table
/// or as JSON.
pub fn run(inputs: &super::eval::Inputs, files: &[PathBuf], cache: &Path, json: bool) -> anyhow::Result<i32> {
    let (engine, _) = super::eval::evaluation_engine(inputs, cache, &mut |_, _, _| {})?;
    let mut report = AnalysisReport::default();
    for file in files {
        report.sets.push(analyse_file(&engine, file)?);
    }
    let training: Vec<&SetReport> = report
        .sets
        .iter()
        .filter(|s| s.file != inputs.questions)
        .collect();
    if training.len() > 1 {
        report.training = Some(Totals::of(training));
    }
    if json {
        let mut out = std::io::stdout().lock();
        serde_json::to_writer_pretty(&mut out, &report)?;
        println!();
        return Ok(0);
    }
    println!(
        "{:<44} {:>9} {:>6} {:>9} {:>9} {:>6} {:>9}",
        "questions", "questions", "focus", "focus", "main only", "type", "type"
    );
    println!(
        "{:<44} {:>9} {:>6} {:>9} {:>9} {:>6} {:>9}",
        "", "", "annot.", "accuracy", "", "annot.", "accuracy"
    );
    for set in &report.sets {
        let name = set
            .file
            .file_name()
            .map_or(String::new(), |n| n.to_string_lossy().to_string());
        println!(
            "{:<44} {:>9} {:>6} {:>9.3} {:>9.3} {:>6} {:>9.3}",
            name,
            set.questions,
            set.with_focus,
            set.focus_accuracy,
            set.focus_main,
            set.with_type,
            set.type_accuracy
        );
    }
    if let Some(t) = &report.training {
        println!(
            "{:<44} {:>9} {:>6} {:>9.3} {:>9.3} {:>6} {:>9.3}",
            "training questions together",
            t.questions,
            t.with_focus,
            t.focus_accuracy,
            t.focus_main,
            t.with_type,
            t.type_accuracy
        );
    }
    Ok(0)
}

/// The files `--analysis` reads by default: every training file in `liveqa-train` beside
/// the folder of the test questions, then the test questions.
pub fn default_files(questions: &Path) -> Vec<PathBuf> {
    let train = questions
        .parent()
        .and_then(Path::parent)
        .map(|shared| shared.join("liveqa-train"))
        .unwrap_or_else(|| PathBuf::from("../shared/liveqa-train"));
    let mut files = training_files(&train);
    files.push(questions.to_path_buf());
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn annotated_types_map_onto_curbsides_kinds() {
        assert_eq!(annotated_type("Treatment"), Some(QuestionType::Treatment));
        assert_eq!(annotated_type("SIDE_EFFECT"), Some(QuestionType::Safety));
        assert_eq!(annotated_type("PERSON_ORGANIZATION"), Some(QuestionType::Support));
        assert_eq!(annotated_type("Association"), None);
    }

    #[test]
    fn training_files_together_weigh_each_share_by_its_questions() {
        let set = |with_focus, focus_accuracy, with_type, type_accuracy| SetReport {
            questions: with_focus,
            with_focus,
            focus_accuracy,
            focus_main: focus_accuracy / 2.0,
            with_type,
            type_accuracy,
            ..SetReport::default()
        };
        let totals = Totals::of(&[set(100, 0.9, 100, 0.6), set(300, 0.7, 200, 0.75)]);
        assert_eq!(totals.questions, 400);
        assert!((totals.focus_accuracy - 0.75).abs() < 1e-9, "{totals:?}");
        assert!((totals.focus_main - 0.375).abs() < 1e-9, "{totals:?}");
        assert!((totals.type_accuracy - 0.7).abs() < 1e-9, "{totals:?}");
    }

    #[test]
    fn both_training_formats_and_the_test_format_are_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("q.xml");
        fs::write(
            &path,
            r#"<NLM-QUESTIONS><NLM-QUESTION questionid="Q1"><SUBJECT /><MESSAGE>Is it &amp; so?</MESSAGE>
<SUB-QUESTIONS><SUB-QUESTION subqid="Q1-S1"><ANNOTATIONS><FOCUS>cardiac amyloidosis</FOCUS><TYPE>information</TYPE></ANNOTATIONS></SUB-QUESTION></SUB-QUESTIONS></NLM-QUESTION>
<NLM-QUESTION qid="TQ1"><Original-Question><SUBJECT>Noonan</SUBJECT><MESSAGE>refs</MESSAGE></Original-Question>
<ANNOTATIONS><FOCUS fid="F1">noonan syndrome</FOCUS><TYPE tid="T1">EFFECT</TYPE></ANNOTATIONS></NLM-QUESTION></NLM-QUESTIONS>"#,
        )
        .unwrap();
        let q = read_annotated(&path).unwrap();
        assert_eq!(q.len(), 2);
        assert_eq!(q[0].message, "Is it & so?");
        assert_eq!(q[0].foci, ["cardiac amyloidosis"]);
        assert_eq!(q[1].text(), "Noonan\nrefs");
        assert_eq!(q[1].types, ["EFFECT"]);
    }
}
