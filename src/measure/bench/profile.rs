//! Where the time of `ask` goes: each stage of answering timed on its own over the same
//! questions, so a change can aim at the stage that costs most. The stages are called
//! the way [`answer::ask`] and the `ask` command call them; `ask` itself is timed too, so
//! the stages can be checked against the whole.

use std::time::{Duration, Instant};

use serde::Serialize;

use curbside_core::answer::{self, Answer, Question};
use curbside_core::article::Audience;
use curbside_core::index::{Engine, IndexError, Target};
use curbside_core::render;

/// One stage: how often it ran and what it cost in all.
#[derive(Debug, Clone, Serialize)]
pub struct Stage {
    pub name: &'static str,
    pub calls: usize,
    pub total_ms: f64,
    pub mean_us: f64,
    /// Its total against the total of `answer::ask` itself.
    pub share_of_ask: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct AskProfile {
    pub questions: usize,
    /// Questions one article answered, and those answered with passages from several.
    pub article_answers: usize,
    pub passage_answers: usize,
    pub ask_total_ms: f64,
    pub stages: Vec<Stage>,
}

#[derive(Default)]
struct Clock {
    calls: usize,
    total: Duration,
}

impl Clock {
    fn time<T>(&mut self, f: impl FnOnce() -> T) -> T {
        let started = Instant::now();
        let out = f();
        self.total += started.elapsed();
        self.calls += 1;
        out
    }
}

/// Times every stage of answering each question (after one untimed pass to warm caches).
pub fn ask(engine: &Engine, questions: &[String]) -> Result<AskProfile, IndexError> {
    for text in questions {
        std::hint::black_box(answer::ask(engine, Question { text, context: None })?);
    }
    let mut whole = Clock::default();
    let mut query = Clock::default();
    let mut rank = Clock::default();
    let mut understand = Clock::default();
    let mut article = Clock::default();
    let mut passages = Clock::default();
    let mut passage_articles = Clock::default();
    let mut links = Clock::default();
    let mut text = Clock::default();
    let mut snippet = Clock::default();
    let (mut article_answers, mut passage_answers) = (0, 0);
    for question in questions {
        let asked = whole.time(|| {
            answer::ask(
                engine,
                Question {
                    text: question,
                    context: None,
                },
            )
        })?;
        let searcher = engine.searcher();
        std::hint::black_box(query.time(|| engine.query(&searcher, question, false, Target::Articles)));
        let hits = rank.time(|| answer::rank(engine, question, answer::RESULTS))?;
        std::hint::black_box(understand.time(|| engine.understand(question)));
        match &asked.answer {
            Answer::Article { .. } => {
                article_answers += 1;
                let Some(best) = hits.first() else { continue };
                let Some(found) = article.time(|| engine.article(&best.id))? else {
                    continue;
                };
                std::hint::black_box(links.time(|| -> Result<_, IndexError> {
                    Ok((
                        answer::related(engine, &found)?,
                        answer::follow_ups(engine, &found)?,
                    ))
                })?);
                std::hint::black_box(
                    text.time(|| render::text(&render::Document::article(&found, Audience::Clinician), 100)),
                );
                let source = render::snippet_source(&found);
                std::hint::black_box(
                    snippet.time(|| engine.snippet(question, &source, render::SNIPPET_CHARS)),
                );
            }
            Answer::Passages { passages: shown } => {
                passage_answers += 1;
                std::hint::black_box(passages.time(|| {
                    engine.passages_focused(question, answer::PASSAGE_CANDIDATES, Some(&asked.understood))
                })?);
                for p in shown {
                    std::hint::black_box(passage_articles.time(|| engine.article(&p.article_id))?);
                }
            }
            Answer::None => {}
        }
    }
    let ask_total = whole.total.as_secs_f64();
    let stage = |name, clock: &Clock| Stage {
        name,
        calls: clock.calls,
        total_ms: clock.total.as_secs_f64() * 1e3,
        mean_us: if clock.calls == 0 {
            0.0
        } else {
            clock.total.as_secs_f64() * 1e6 / clock.calls as f64
        },
        share_of_ask: if ask_total > 0.0 {
            clock.total.as_secs_f64() / ask_total
        } else {
            0.0
        },
    };
    Ok(AskProfile {
        questions: questions.len(),
        article_answers,
        passage_answers,
        ask_total_ms: ask_total * 1e3,
        stages: vec![
            stage("answer::ask, whole", &whole),
            stage("  rank: search the articles (top 10, stored fields)", &rank),
            stage("    of which: understand the question (focus, type)", &understand),
            stage("    of which: analyse the question, build the query", &query),
            stage("  article answer: load the best article", &article),
            stage("  passages answer: search the passages", &passages),
            stage(
                "  passages answer: load each passage's article",
                &passage_articles,
            ),
            stage("after ask: resolve related and follow-up links", &links),
            stage("after ask: compose the text answer", &text),
            stage("search command: snippet of one hit", &snippet),
        ],
    })
}
