//! Ranking over small hand-made collections: misspelt names corrected from the index's
//! own vocabulary, topics the question names in full ranked first, and a question one
//! page answers twice listed once.

use curbside_core::article::{Article, QuestionType};
use curbside_core::index::Engine;
use serde_json::json;

/// An imported-style article: one answer section, no references.
fn article(id: &str, topic: &str, aliases: &[&str], kind: &str, question: &str, answer: &str) -> Article {
    page_article(id, topic, aliases, kind, question, answer, None)
}

fn page_article(
    id: &str,
    topic: &str,
    aliases: &[&str],
    kind: &str,
    question: &str,
    answer: &str,
    url: Option<&str>,
) -> Article {
    let mut value = json!({
        "id": id,
        "question": question,
        "topic": topic,
        "aliases": aliases,
        "kind": kind,
        "source": {"corpus": "test", "publisher": "test"},
        "status": "under_review",
        "updated": "2026-01-01",
        "summaries": {"clinician": answer, "patient": answer},
        "sections": [{
            "heading": "Answer",
            "role": "answer",
            "blocks": [{"kind": "paragraph", "text": answer}]
        }]
    });
    if let Some(url) = url {
        value["url"] = json!(url);
    }
    serde_json::from_value(value).expect("a valid article")
}

fn ids(engine: &Engine, question: &str) -> Vec<String> {
    engine
        .search(question, 10, false)
        .expect("search runs")
        .into_iter()
        .map(|hit| hit.id)
        .collect()
}

/// The ids `answer::rank` ranks for a question (understood first, as `ask` ranks), best
/// first.
fn ranked_ids(engine: &Engine, question: &str) -> Vec<String> {
    curbside_core::answer::rank(engine, question, 10)
        .expect("ranking runs")
        .into_iter()
        .map(|hit| hit.id)
        .collect()
}

fn drugs() -> Vec<Article> {
    vec![
        article(
            "gabapentin-usage",
            "Gabapentin",
            &[],
            "usage",
            "How should gabapentin be used?",
            "Gabapentin is taken by mouth, usually three times a day, with or without food.",
        ),
        article(
            "hydrocodone-warning",
            "Hydrocodone",
            &[],
            "important warning",
            "What should I know about hydrocodone?",
            "Hydrocodone can slow breathing, more so with other drugs that cause drowsiness.",
        ),
        article(
            "together-safely",
            "Taking several medicines safely",
            &[],
            "information",
            "How do I take several medicines safely?",
            "Keep a list of what you take together and when you take it, and bring it to every visit.",
        ),
        article(
            "sella",
            "Empty sella syndrome",
            &[],
            "information",
            "What is empty sella syndrome?",
            "The sella is the bony seat of the pituitary gland; in this syndrome it looks empty on a scan.",
        ),
        article(
            "sella-symptoms",
            "Empty sella syndrome",
            &[],
            "symptoms",
            "What are the symptoms of empty sella syndrome?",
            "Most people with an empty sella have no symptoms; some have headaches.",
        ),
    ]
}

#[test]
fn a_misspelt_drug_name_finds_the_drug() {
    let engine = Engine::in_ram(&drugs()).unwrap();
    // "Gabamentine" is one letter from gabapentin once stemmed; the index has never seen it.
    assert_eq!(
        ids(
            &engine,
            "what happens if you take Gabamentine and hydrocodene together"
        )[..2]
            .iter()
            .filter(|id| ["gabapentin-usage", "hydrocodone-warning"].contains(&id.as_str()))
            .count(),
        2,
        "{:?}",
        ids(
            &engine,
            "what happens if you take Gabamentine and hydrocodene together"
        )
    );
    assert_eq!(ids(&engine, "gabapentn")[0], "gabapentin-usage");
    // A dose typed onto the name, spelt right or wrong.
    assert_eq!(ids(&engine, "hydrocodone10")[0], "hydrocodone-warning");
    assert_eq!(ids(&engine, "hydrocodene10")[0], "hydrocodone-warning");
}

#[test]
fn a_correction_keeps_the_first_letter_and_leaves_known_words_alone() {
    let engine = Engine::in_ram(&drugs()).unwrap();
    // "osella" (a brand name) is one letter from "sella" but does not begin like it.
    assert!(ids(&engine, "osella").is_empty(), "{:?}", ids(&engine, "osella"));
    // A word the index knows is searched as typed, not "corrected" to a neighbour.
    assert_eq!(ids(&engine, "several medicines")[0], "together-safely");
}

#[test]
fn a_topic_the_question_names_in_full_comes_before_a_narrower_one() {
    let articles = vec![
        article(
            "dementia",
            "Dementia",
            &[],
            "information",
            "What is dementia?",
            "Dementia is a loss of memory and thinking severe enough to affect daily life. \
             A few forms of it run in families.",
        ),
        article(
            "ftd-genes",
            "CHMP2B-related frontotemporal dementia",
            &["FTD-3"],
            "genetic changes",
            "What are the genetic changes related to CHMP2B-related frontotemporal dementia?",
            "Mutations in the CHMP2B gene cause this dementia; they are passed down.",
        ),
    ];
    let engine = Engine::in_ram(&articles).unwrap();
    assert_eq!(
        ids(&engine, "is dementia passed down in families?")[0],
        "dementia",
        "the whole topic named outweighs a narrower topic's closer wording"
    );
    // Naming the narrower topic in full brings it first again.
    assert_eq!(
        ids(
            &engine,
            "is CHMP2B frontotemporal dementia passed down in families?"
        )[0],
        "ftd-genes"
    );
    // An alias named in full counts as the topic.
    assert_eq!(ids(&engine, "FTD-3 dementia families")[0], "ftd-genes");
}

#[test]
fn passages_are_ranked_again_by_the_topic_their_article_has() {
    let articles = vec![
        article(
            "asthma",
            "Asthma",
            &[],
            "information",
            "What is asthma?",
            "Asthma narrows the airways; exercise, cold air and smoke can each set off an attack.",
        ),
        article(
            "athletes",
            "Exercise-induced bronchoconstriction in athletes",
            &[],
            "information",
            "What is exercise-induced bronchoconstriction?",
            "Hard exercise narrows the airways of some athletes with asthma; warming up makes exercise safe.",
        ),
    ];
    let engine = Engine::in_ram(&articles).unwrap();
    let passages = engine
        .passages("which exercise is safe with asthma?", 10)
        .unwrap();
    assert_eq!(passages[0].article_id, "asthma", "{passages:?}");
}

#[test]
fn a_question_one_page_answers_twice_is_listed_once_with_the_fuller_answer() {
    let url = Some("https://example.org/shingles");
    let articles = vec![
        page_article(
            "shingles-3",
            "Shingles",
            &[],
            "prevention",
            "How to prevent shingles?",
            "A vaccine for adults lowers the chance of shingles and of the nerve pain that can \
             follow it; ask about it at sixty, or earlier if your doctor advises.",
            url,
        ),
        page_article(
            "shingles-25",
            "Shingles",
            &[],
            "prevention",
            "How to prevent shingles?",
            "Yes. A shingles vaccine exists.",
            url,
        ),
        page_article(
            "shingles-other-site",
            "Shingles",
            &[],
            "prevention",
            "How to prevent shingles?",
            "Vaccination prevents shingles.",
            Some("https://example.org/elsewhere"),
        ),
    ];
    let engine = Engine::in_ram(&articles).unwrap();
    let found = ids(&engine, "how to prevent shingles vaccine");
    assert!(found.contains(&"shingles-3".to_string()), "{found:?}");
    assert!(!found.contains(&"shingles-25".to_string()), "{found:?}");
    assert!(
        found.contains(&"shingles-other-site".to_string()),
        "the same question from another page stays: {found:?}"
    );
    assert_eq!(found.len(), 2);

    // A withheld twin (question only) gives way to the answered one, which is marked
    // answered and listed before withheld material.
    let mut withheld = page_article(
        "shingles-withheld",
        "Shingles",
        &[],
        "prevention",
        "How to prevent shingles?",
        "",
        url,
    );
    withheld.sections.clear();
    // Its stand-in text matches the question far better than the short answer does.
    withheld.aliases = vec!["shingles vaccine".into(), "shingles prevention".into()];
    withheld.summaries.clinician =
        "Answer not included: how to prevent shingles with the shingles vaccine; vaccine prevents shingles"
            .into();
    let engine = Engine::in_ram(&[withheld, articles[1].clone()]).unwrap();
    let hits = engine
        .search("how to prevent shingles vaccine", 10, false)
        .unwrap();
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(hits[0].id, "shingles-25");
    assert!(hits[0].answered);
}

#[test]
fn words_typed_apart_match_a_name_the_index_writes_as_one() {
    let articles = vec![
        article(
            "ribcage-pain",
            "Ribcage pain",
            &[],
            "information",
            "What is ribcage pain?",
            "Pain felt in the chest wall, from bruised muscles or inflamed cartilage.",
        ),
        article(
            "rib-fracture",
            "Rib fracture",
            &[],
            "information",
            "What is a rib fracture?",
            "A broken rib hurts with every breath; the pain eases over about six weeks.",
        ),
        article(
            "chickenpox",
            "Chickenpox",
            &[],
            "information",
            "What is chickenpox?",
            "An itchy rash of blisters caused by the varicella-zoster virus.",
        ),
        article(
            "chicken-allergy",
            "Food allergy",
            &[],
            "information",
            "What is a food allergy?",
            "Eggs, milk, peanuts and, rarely, chicken meat can cause a rash.",
        ),
    ];
    let engine = Engine::in_ram(&articles).unwrap();
    assert_eq!(ids(&engine, "rib cage pain")[0], "ribcage-pain");
    assert_eq!(ids(&engine, "chicken pox rash")[0], "chickenpox");
}

#[test]
fn a_follow_up_naming_a_misspelt_subject_of_its_own_does_not_inherit_the_open_one() {
    use curbside_core::answer::{self, Question};
    let articles = drugs();
    let engine = Engine::in_ram(&articles).unwrap();
    let gabapentin = engine.article("gabapentin-usage").unwrap().unwrap();
    let follow_up = |text| {
        answer::ask(
            &engine,
            Question {
                text,
                context: Some(&gabapentin),
            },
        )
        .unwrap()
    };
    let asked = follow_up("and what about hydrocodene?");
    assert_eq!(asked.follow_up_on, None);
    assert_eq!(asked.results[0].id, "hydrocodone-warning");
    // A follow-up naming nothing still inherits the open article's topic.
    let asked = follow_up("how should it be used?");
    assert_eq!(asked.follow_up_on.as_deref(), Some("Gabapentin"));
    assert_eq!(asked.results[0].id, "gabapentin-usage");
}

#[test]
fn a_short_name_the_question_holds_whole_beats_a_long_one_sharing_a_phrase_with_it() {
    let articles = vec![
        article(
            "appendicitis",
            "Appendicitis",
            &[],
            "information",
            "What is appendicitis?",
            "Inflammation of the appendix: pain that moves to the lower right belly, nausea, \
             often a mild fever.",
        ),
        article(
            "candle",
            "Chronic atypical neutrophilic dermatosis with lipodystrophy and elevated temperature",
            &["CANDLE syndrome"],
            "information",
            "What is chronic atypical neutrophilic dermatosis with lipodystrophy and elevated temperature?",
            "A rare inherited inflammatory disorder with recurrent fevers, skin lesions and loss \
             of fat tissue.",
        ),
        article(
            "fever",
            "Fever",
            &[],
            "information",
            "What is a fever?",
            "A body temperature above the normal range, most often from an infection.",
        ),
    ];
    let engine = Engine::in_ram(&articles).unwrap();
    assert_eq!(
        ids(
            &engine,
            "is there always an elevated temperature with appendicitis?"
        )[0],
        "appendicitis"
    );
}

#[test]
fn a_question_in_another_language_is_searched_as_typed_without_its_function_words() {
    let articles = vec![
        article(
            "diabetes",
            "Diabetes",
            &[],
            "information",
            "What is diabetes?",
            "Diabetes is a disease in which blood sugar stays too high.",
        ),
        article(
            "dysplasia",
            "Atelosteogenesis",
            &["De la Chapelle dysplasia"],
            "information",
            "What is atelosteogenesis?",
            "A rare disorder of bone growth before birth.",
        ),
        article(
            "stoma",
            "Stoma",
            &[],
            "information",
            "What is a stoma?",
            "An opening made in the belly in surgery, to let waste out.",
        ),
    ];
    let engine = Engine::in_ram(&articles).unwrap();
    // "síntomas" is no misspelling of "stoma", and "de la" is Spanish, not a name here.
    assert_eq!(ids(&engine, "síntomas de la diabetes"), ["diabetes"]);
    assert!(
        engine
            .understand("síntomas de la diabetes")
            .corrections
            .is_empty()
    );
    // Asked in English, the borrowed words still name what they name.
    assert_eq!(ids(&engine, "de la chapelle dysplasia")[0], "dysplasia");
}

#[test]
fn the_type_a_question_is_understood_to_ask_ranks_first_among_its_focus_answers() {
    let articles = vec![
        article(
            "diabetes",
            "Diabetes",
            &[],
            "information",
            "What is diabetes?",
            "Diabetes means that blood sugar stays too high for too long.",
        ),
        article(
            "diabetes-diagnosis",
            "Diabetes",
            &[],
            "diagnosis",
            "How is diabetes diagnosed?",
            "A fasting blood sugar test or an A1C test shows whether you have diabetes.",
        ),
    ];
    let engine = Engine::in_ram(&articles).unwrap();
    let question = "how do i know if i have diabetes";
    let understood = engine.understand(question);
    assert_eq!(understood.main_type(), QuestionType::Diagnosis, "{understood:?}");
    assert!(!understood.type_guessed);
    let ranked = ranked_ids(&engine, question);
    assert_eq!(ranked[0], "diabetes-diagnosis", "{ranked:?}");
    // Plain search has no understanding of the question: the words alone decide.
    let plain = ids(&engine, question);
    assert_eq!(plain[0], "diabetes", "{plain:?}");
}

/// An overview page of gout, for the tests of what a question about gout opens.
fn gout_overview() -> Article {
    article(
        "gout",
        "Gout",
        &[],
        "information",
        "What is gout?",
        "Gout is a kind of arthritis in which uric acid crystals gather in a joint.",
    )
}

#[test]
fn what_is_asks_for_the_overview_over_a_page_that_names_the_focus_more() {
    let articles = vec![
        gout_overview(),
        article(
            "gout-causes",
            "Gout",
            &[],
            "causes",
            "What causes gout?",
            "Gout comes from too much uric acid, and gout runs in families.",
        ),
    ];
    let engine = Engine::in_ram(&articles).unwrap();
    let understood = engine.understand("what is gout");
    assert_eq!(understood.main_type(), QuestionType::Information);
    assert!(!understood.type_guessed, "{understood:?}");
    let hits = curbside_core::answer::rank(&engine, "what is gout", 10).unwrap();
    let scores: Vec<(String, f32)> = hits.iter().map(|h| (h.id.clone(), h.score)).collect();
    assert_eq!(hits[0].id, "gout", "{scores:?}");
    // Named alone, the focus says nothing of what is asked.
    assert!(engine.understand("gout").type_guessed);
    // The results list as one types reads it the same way, and a cue still decides.
    assert_eq!(ids(&engine, "what is gout")[0], "gout");
    assert_eq!(ids(&engine, "what causes gout")[0], "gout-causes");
}

#[test]
fn with_no_diagnosis_page_on_the_focus_its_symptoms_page_stands_in() {
    let articles = vec![
        gout_overview(),
        article(
            "gout-symptoms",
            "Gout",
            &[],
            "symptoms",
            "What are the symptoms of gout?",
            "An attack of gout is a sudden hot, swollen and very tender big toe, often at night.",
        ),
        article(
            "gout-treatment",
            "Gout",
            &[],
            "treatment",
            "What are the treatments for gout?",
            "Anti-inflammatory drugs ease an attack of gout.",
        ),
    ];
    let engine = Engine::in_ram(&articles).unwrap();
    let question = "how do i know if i have gout";
    assert_eq!(engine.understand(question).main_type(), QuestionType::Diagnosis);
    let ranked = ranked_ids(&engine, question);
    assert_eq!(ranked[0], "gout-symptoms", "{ranked:?}");
    // Asked what it is, the overview still comes first.
    assert_eq!(ranked_ids(&engine, "what is gout")[0], "gout");
}

#[test]
fn with_no_interactions_page_the_drugs_precautions_stand_in() {
    let articles = vec![
        article(
            "warfarin-usage",
            "Warfarin",
            &[],
            "usage",
            "How should warfarin be used?",
            "Take warfarin once a day; warfarin taken with aspirin is dosed by blood tests.",
        ),
        article(
            "warfarin-precautions",
            "Warfarin",
            &[],
            "precautions",
            "Are there special precautions about warfarin?",
            "Tell your doctor about every medicine you take with warfarin, aspirin above all.",
        ),
    ];
    let engine = Engine::in_ram(&articles).unwrap();
    let question = "interaction between warfarin and aspirin";
    assert_eq!(
        engine.understand(question).main_type(),
        QuestionType::Interactions
    );
    let ranked = ranked_ids(&engine, question);
    assert_eq!(ranked[0], "warfarin-precautions", "{ranked:?}");
}

#[test]
fn a_drugs_brand_names_page_is_no_answer_to_how_it_is_taken() {
    let articles = vec![
        article(
            "glucagon-brand-names",
            "Glucagon",
            &[],
            "brand names",
            "What are the brand names of glucagon?",
            "GlucaGen; glucagon emergency kit.",
        ),
        article(
            "glucagon-usage",
            "Glucagon",
            &[],
            "usage",
            "How should glucagon be used and what is the dosage?",
            "Glucagon is injected under the skin when blood sugar falls very low; a helper \
             gives the dose the doctor set.",
        ),
    ];
    let engine = Engine::in_ram(&articles).unwrap();
    let question = "how much glucagon should be given";
    assert_eq!(engine.understand(question).main_type(), QuestionType::Usage);
    let ranked = ranked_ids(&engine, question);
    assert_eq!(ranked[0], "glucagon-usage", "{ranked:?}");
}

#[test]
fn a_page_that_only_points_elsewhere_ranks_below_one_that_answers() {
    let articles = vec![
        article(
            "gout-pointer",
            "Gout",
            &[],
            "treatment",
            "What are the treatments for gout?",
            "For information on the treatment of gout, you can read the arthritis institute's \
             booklet on gout.",
        ),
        article(
            "gout-answer",
            "Gouty arthritis",
            &[],
            "treatment",
            "What are the treatments for gouty arthritis?",
            "Anti-inflammatory drugs ease an attack; lowering uric acid over months prevents \
             the next one.",
        ),
    ];
    assert!(articles[0].only_points_elsewhere());
    assert!(!articles[1].only_points_elsewhere());
    let engine = Engine::in_ram(&articles).unwrap();
    assert_eq!(
        ids(&engine, "what is the treatment for gout"),
        ["gout-answer", "gout-pointer"]
    );
}

#[test]
fn of_two_names_a_question_uses_as_well_the_one_it_uses_in_full_is_its_focus() {
    let articles = vec![
        article(
            "fetal-warfarin",
            "Warfarin syndrome",
            &["Fetal warfarin syndrome", "Warfarin embryopathy"],
            "information",
            "What is warfarin syndrome?",
            "A pattern of birth defects in babies exposed to warfarin before birth.",
        ),
        article(
            "warfarin",
            "Warfarin",
            &[],
            "side effects",
            "What are the side effects of warfarin?",
            "Bleeding is the main risk; bruising and blood in the urine need a doctor.",
        ),
    ];
    let engine = Engine::in_ram(&articles).unwrap();
    let understood = engine.understand("side effects of warfarin");
    let focus = understood.foci.first().expect("warfarin is named");
    assert_eq!(focus.name.as_deref(), Some("Warfarin"), "{understood:?}");
    // Asked in full, the syndrome is the focus.
    let understood = engine.understand("what is warfarin syndrome");
    assert_eq!(understood.foci[0].name.as_deref(), Some("Warfarin syndrome"));
}

#[test]
fn a_withheld_page_on_the_focus_is_not_pushed_below_answers_about_something_else() {
    let mut withheld = article(
        "warfarin-side-effects",
        "Warfarin",
        &[],
        "side effects",
        "What are the side effects of warfarin?",
        "withheld",
    );
    withheld.sections.clear();
    let articles = vec![
        withheld,
        article(
            "drug-reactions",
            "Drug reactions",
            &[],
            "information",
            "What are drug reactions?",
            "Side effects of medicines such as warfarin range from mild to serious.",
        ),
    ];
    let engine = Engine::in_ram(&articles).unwrap();
    // About the drug asked of, its page comes first even without its text.
    assert_eq!(
        ranked_ids(&engine, "side effects of warfarin")[0],
        "warfarin-side-effects"
    );
    // A question that names no topic of theirs still gets the answered page first.
    assert_eq!(
        ranked_ids(&engine, "side effects of medicines")[0],
        "drug-reactions"
    );
    // With an answered page on the focus too, that one comes before the withheld.
    let mut with_answer = articles.clone();
    with_answer.push(article(
        "warfarin-use",
        "Warfarin",
        &[],
        "usage",
        "How is warfarin taken?",
        "Warfarin is taken once a day, with blood tests to set the dose.",
    ));
    let engine = Engine::in_ram(&with_answer).unwrap();
    let first = ranked_ids(&engine, "side effects of warfarin");
    assert_eq!(first[0], "warfarin-use", "{first:?}");
    // An answered page on something named after the drug, scored above the drug's own
    // withheld page, still comes after it: all of the focus first.
    let mut named_after = articles.clone();
    named_after.push(article(
        "warfarin-sensitivity",
        "Warfarin sensitivity",
        &[],
        "side effects",
        "What are the side effects of warfarin sensitivity?",
        "In warfarin sensitivity a small dose of warfarin has strong side effects: warfarin \
         side effects such as bleeding come at doses of warfarin others need.",
    ));
    let engine = Engine::in_ram(&named_after).unwrap();
    let plain = ids(&engine, "side effects of warfarin");
    assert_eq!(plain[0], "warfarin-sensitivity", "scored first: {plain:?}");
    let first = ranked_ids(&engine, "side effects of warfarin");
    assert_eq!(first[0], "warfarin-side-effects", "{first:?}");
}

/// The article search runs without restricting its query to articles, and the passage
/// search without restricting to passages, because the two kinds share no scored field
/// (BENCHMARKS.md, issue 18). Every word of the test articles is in both kinds here (each
/// answer is a passage too): should a scored field ever be shared, passages would come
/// back from the article search (with no stored question) or articles from the passage
/// search (with no passage text).
#[test]
fn the_article_and_passage_searches_find_only_their_own_kind() {
    let engine = Engine::in_ram(&drugs()).unwrap();
    for question in [
        "gabapentin",
        "what should I know about hydrocodone breathing",
        "symptoms headaches",
        "empty sella",
    ] {
        let hits = engine.search(question, 50, false).expect("search runs");
        assert!(!hits.is_empty(), "{question}: something is found");
        for hit in &hits {
            assert!(
                !hit.question.is_empty() && engine.article(&hit.id).unwrap().is_some(),
                "{question}: {hit:?} is an article"
            );
        }
        let passages = engine.passages(question, 50).expect("passage search runs");
        assert!(!passages.is_empty(), "{question}: some passage is found");
        for passage in &passages {
            assert!(!passage.text.is_empty(), "{question}: {passage:?} is a passage");
        }
        // Restrictions alone still keep to the kind searched.
        for hit in engine.search("corpus:test", 50, false).expect("search runs") {
            assert!(!hit.question.is_empty(), "corpus:test: {hit:?} is an article");
        }
    }
}

/// A misspelt focus counts as the library spells it: the articles about it are raised as
/// when it is typed right.
#[test]
fn a_misspelt_focus_raises_its_articles_as_if_spelt_right() {
    let articles = vec![
        article(
            "reactions",
            "Side effects",
            &["Drug reactions"],
            "side effects",
            "What are the side effects of drugs?",
            "Side effects are unwanted effects of a medicine such as gabapentin. Most side effects are mild; \
             some side effects, of gabapentin or of other drugs, are serious side effects.",
        ),
        article(
            "gabapentin-effects",
            "Gabapentin",
            &[],
            "side effects",
            "What are the side effects of gabapentin?",
            "Gabapentin may cause drowsiness, dizziness and swelling of the legs.",
        ),
        article(
            "gabapentin-use",
            "Gabapentin",
            &[],
            "usage",
            "How should gabapentin be used?",
            "Gabapentin is taken by mouth, usually three times a day.",
        ),
    ];
    let engine = Engine::in_ram(&articles).unwrap();
    let right = ranked_ids(&engine, "gabapentin side effects");
    assert_eq!(right[0], "gabapentin-effects", "{right:?}");
    let misspelt = ranked_ids(&engine, "gabapentn side effects");
    assert_eq!(misspelt[0], "gabapentin-effects", "{misspelt:?}");
}

#[test]
fn a_name_standing_as_a_sentence_of_its_own_heads_the_question() {
    let articles = vec![
        article(
            "sps",
            "Stiff person syndrome",
            &[],
            "symptoms",
            "What are the symptoms of stiff person syndrome?",
            "Stiffness comes and goes in the trunk and the legs.",
        ),
        article(
            "spasms",
            "Muscle spasms",
            &[],
            "information",
            "What are muscle spasms?",
            "A spasm is a muscle tightening that one does not mean.",
        ),
    ];
    let engine = Engine::in_ram(&articles).unwrap();
    // The condition stands as a heading; the asking sentence names another.
    let understood = engine
        .understand("Stiff person syndrome. Please can you tell me the first signs, I have muscle spasms?");
    assert_eq!(
        understood.foci.first().and_then(|f| f.name.as_deref()),
        Some("Stiff person syndrome"),
        "{understood:?}"
    );
}

#[test]
fn a_subject_line_name_is_found_however_many_names_the_message_uses() {
    // More names than the focus search reads at once share the message's words, each
    // used by one page; the subject line's drug has two pages, so it scores lower.
    let (first, second) = (
        [
            "bra", "cle", "dro", "fli", "gru", "ple", "sna", "tro", "vle", "zwi",
        ],
        [
            "mako", "neto", "rilo", "sapo", "tuvo", "wero", "xelo", "yimo", "zoko", "kafo", "lumo",
        ],
    );
    let names: Vec<String> = first
        .iter()
        .flat_map(|a| second.iter().map(move |b| format!("{a}{b}")))
        .collect();
    assert!(names.len() > 100);
    let mut articles: Vec<Article> = names
        .iter()
        .map(|name| {
            article(
                name,
                name,
                &[],
                "information",
                &format!("What is {name}?"),
                "A rare thing.",
            )
        })
        .collect();
    for kind in ["usage", "safety"] {
        articles.push(article(
            &format!("letrozole-{kind}"),
            "Letrozole",
            &[],
            kind,
            "How is letrozole taken?",
            "Once a day.",
        ));
    }
    let engine = Engine::in_ram(&articles).unwrap();
    let question = format!(
        "Letrozole\nI read of {} and more. What should I know?",
        names.join(", ")
    );
    let understood = engine.understand(&question);
    assert_eq!(
        understood.foci.first().and_then(|f| f.name.as_deref()),
        Some("Letrozole"),
        "{:?}",
        understood.foci
    );
}

#[test]
fn an_english_word_the_library_lacks_is_not_read_as_a_neighbour_but_one_made_from_a_term_is() {
    let articles = vec![
        article(
            "grading",
            "Tumor grade",
            &[],
            "diagnosis",
            "How is a tumor graded?",
            "The grade says how abnormal the cells look; a high grade grows faster.",
        ),
        article(
            "grade-2",
            "Grade of a sprain",
            &[],
            "information",
            "What does the grade of a sprain mean?",
            "A grade one sprain stretches the ligament; grade three tears it.",
        ),
        article(
            "asthma",
            "Asthma",
            &[],
            "treatment",
            "How is asthma treated?",
            "Inhaled steroids calm the airways in asthma.",
        ),
        article(
            "asthma-2",
            "Asthma attack",
            &[],
            "information",
            "What is an asthma attack?",
            "In an asthma attack the airways narrow.",
        ),
        article(
            "malaria",
            "Malaria",
            &[],
            "information",
            "What is malaria?",
            "Malaria is a fever spread by mosquitoes.",
        ),
        article(
            "malaria-2",
            "Malaria",
            &[],
            "prevention",
            "How is malaria prevented?",
            "Nets and tablets prevent malaria.",
        ),
    ];
    let engine = Engine::in_ram(&articles).unwrap();
    // "Grateful" (stem `grate`) is one letter from `grade`, but it is an English word.
    let thanks = engine.understand("I would be grateful");
    assert!(thanks.corrections.is_empty(), "{:?}", thanks.corrections);
    assert!(thanks.unknown.contains(&"grateful".to_string()), "{thanks:?}");
    // "Malaysia" is two edits from `malaria` and no English word, but a country's name.
    let abroad = engine.understand("i live in malaysia and have a cough");
    assert!(abroad.corrections.is_empty(), "{:?}", abroad.corrections);
    // "Asthmatics" is one too, made from a term the library uses: it reads as that term.
    let asthmatics = engine.understand("exercise for asthmatics");
    assert_eq!(
        asthmatics
            .corrections
            .iter()
            .map(|c| (c.typed.as_str(), c.read_as.as_str()))
            .collect::<Vec<_>>(),
        [("asthmatics", "asthma")]
    );
    // A misspelling is still corrected.
    let misspelt = engine.understand("astma");
    assert_eq!(
        misspelt.foci.first().and_then(|f| f.name.as_deref()),
        Some("Asthma")
    );
}

#[test]
fn a_drug_is_named_without_the_words_for_its_form_and_a_condition_is_not() {
    let articles = vec![
        article(
            "lidocaine-patch-usage",
            "Lidocaine Transdermal Patch",
            &[],
            "usage",
            "How should Lidocaine Transdermal Patch be used?",
            "Put the patch on clean, dry skin over the painful place.",
        ),
        article(
            "oral-health",
            "Oral Health",
            &[],
            "information",
            "What is oral health?",
            "Teeth and gums stay healthy with brushing and flossing.",
        ),
    ];
    let engine = Engine::in_ram(&articles).unwrap();
    let patch = engine.understand("can I shower while wearing the lidocaine patch?");
    assert_eq!(
        patch.foci.first().and_then(|f| f.name.as_deref()),
        Some("Lidocaine Transdermal Patch"),
        "{:?}",
        patch.foci
    );
    // "Oral" says a drug's route, but "Oral Health" is no drug: "health" alone does not
    // name it.
    let health = engine.understand("my health has been poor since the winter");
    assert!(
        health
            .foci
            .iter()
            .all(|f| f.name.as_deref() != Some("Oral Health")),
        "{:?}",
        health.foci
    );
}

#[test]
fn an_english_word_is_no_name_of_a_syndrome_the_question_does_not_name() {
    let articles = vec![
        article(
            "cant",
            "Cant syndrome",
            &[],
            "information",
            "What is Cant syndrome?",
            "A rare condition of extra hair and a large heart.",
        ),
        article(
            "sleeping-sickness",
            "Sleeping sickness",
            &[],
            "information",
            "What is sleeping sickness?",
            "An infection passed on by the tsetse fly.",
        ),
        article(
            "antisynthetase",
            "Antisynthetase syndrome",
            // "As" is a stopword: this alias's only word searched is "syndrome".
            &["AS syndrome"],
            "information",
            "What is antisynthetase syndrome?",
            "Inflamed muscles and lungs with certain antibodies.",
        ),
    ];
    let engine = Engine::in_ram(&articles).unwrap();
    let foci =
        |q: &str| -> Vec<Option<String>> { engine.understand(q).foci.into_iter().map(|f| f.name).collect() };
    // Read as typed, "can't" and "sleeping" name nothing here, and nor does "syndrome".
    for question in [
        "I can't get to sleep at night",
        "is this syndrome sleeping in me?",
    ] {
        assert!(
            foci(question).iter().all(|name| name.is_none()),
            "{question}: {:?}",
            foci(question)
        );
    }
    // Named with their disorder words, they are the focus.
    assert_eq!(foci("what is cant syndrome")[0].as_deref(), Some("Cant syndrome"));
    assert_eq!(
        foci("sleeping sickness after a trip")[0].as_deref(),
        Some("Sleeping sickness")
    );
}

#[test]
fn a_name_is_found_however_many_pages_of_other_names_the_question_uses() {
    // More one-page names than a hundred, each used once in the question; the focus
    // named first has two pages, so it scores below them all.
    let (first, second) = (
        [
            "bra", "cle", "dro", "fli", "gru", "ple", "sna", "tro", "vle", "zwi",
        ],
        [
            "mako", "neto", "rilo", "sapo", "tuvo", "wero", "xelo", "yimo", "zoko", "kafo", "lumo",
        ],
    );
    let names: Vec<String> = first
        .iter()
        .flat_map(|a| second.iter().map(move |b| format!("{a}{b}")))
        .collect();
    let mut articles: Vec<Article> = names
        .iter()
        .map(|name| {
            article(
                name,
                name,
                &[],
                "information",
                &format!("What is {name}?"),
                "A rare thing.",
            )
        })
        .collect();
    for kind in ["information", "treatment"] {
        articles.push(article(
            &format!("hypertension-{kind}"),
            "Hypertension",
            &[],
            kind,
            "What is hypertension?",
            "Blood pressure that stays high.",
        ));
    }
    let engine = Engine::in_ram(&articles).unwrap();
    let question = format!("I read of hypertension and {} all in one day", names.join(" "));
    let understood = engine.understand(&question);
    assert_eq!(
        understood.foci.first().and_then(|f| f.name.as_deref()),
        Some("Hypertension"),
        "{:?}",
        understood.foci
    );
}

/// High blood pressure's overview, alias "hypertension", and its treatment page, which
/// does not use the alias.
fn high_blood_pressure(overview: &str, treatment: &str) -> Vec<Article> {
    vec![
        article(
            "hbp",
            "High blood pressure",
            &["hypertension"],
            "information",
            "What is high blood pressure?",
            overview,
        ),
        article(
            "hbp-treatment",
            "High blood pressure",
            &[],
            "treatment",
            "What are the treatments for high blood pressure?",
            treatment,
        ),
    ]
}

#[test]
fn the_pages_of_a_focus_named_by_an_alias_they_do_not_use_are_ranked() {
    // "hypertension" names High blood pressure through its overview's alias; its
    // treatment page never says "hypertension", while two dozen pages on other
    // hypertensions do, in their topics. The first search keeps only the best 20 by
    // plain score, none of the focus's pages among them.
    let mut articles = high_blood_pressure(
        "High blood pressure is blood pressure that stays above the normal range.",
        "Treatment starts with less salt, more exercise and, for most, a medicine that lowers \
         blood pressure.",
    );
    let kinds = [
        "information",
        "causes",
        "symptoms",
        "treatment",
        "exams and tests",
        "outlook",
    ];
    for other in ["Pulmonary", "Portal", "Ocular", "Intracranial"] {
        for kind in kinds {
            articles.push(article(
                &format!("{other}-{kind}"),
                &format!("{other} hypertension"),
                &[],
                kind,
                &format!("What about {kind} of {other} hypertension?"),
                &format!("{other} hypertension ({kind}): its treatment differs from other hypertension."),
            ));
        }
    }
    for n in 0..30 {
        articles.push(article(
            &format!("filler-{n}"),
            &format!("Condition {n}"),
            &[],
            "information",
            &format!("What is condition {n}?"),
            "A condition of the kind that needs a doctor's care.",
        ));
    }
    let engine = Engine::in_ram(&articles).unwrap();
    let understood = engine.understand("hypertension treatment");
    assert_eq!(
        understood.foci[0].name.as_deref(),
        Some("High blood pressure"),
        "{understood:?}"
    );
    let ranked = ranked_ids(&engine, "hypertension treatment");
    assert!(
        ranked.iter().any(|id| id == "hbp-treatment"),
        "the focus's treatment page is among the results: {ranked:?}"
    );
}

#[test]
fn a_focus_named_by_an_alias_is_searched_by_its_own_name_too() {
    // "hypertension" names High blood pressure through its overview's alias, and the
    // overview says it once; its treatment page never does, while pulmonary
    // hypertension's has it in its topic and thirty pages on other conditions'
    // treatment mention it (or high blood pressure) in passing.
    let mut articles = high_blood_pressure(
        "High blood pressure, also called hypertension, is blood pressure that stays above the \
         normal range; treatment lowers it.",
        "Treatment of high blood pressure starts with less salt and more exercise; most people \
         with high blood pressure also take a medicine that lowers it.",
    );
    articles.push(article(
        "ph-treatment",
        "Pulmonary hypertension",
        &[],
        "treatment",
        "What are the treatments for pulmonary hypertension?",
        "Its treatment depends on the cause, and specialists in the lungs' arteries give it.",
    ));
    // As in MedQuAD, many other pages use both names in passing.
    for n in 0..30 {
        let with = if n % 2 == 0 {
            "hypertension"
        } else {
            "high blood pressure"
        };
        articles.push(article(
            &format!("filler-{n}"),
            &format!("Condition {n}"),
            &[],
            "treatment",
            &format!("What are the treatments for condition {n}?"),
            &format!("Treatment of this condition needs a doctor's care; it can come with {with}."),
        ));
    }
    let engine = Engine::in_ram(&articles).unwrap();
    let ranked = ranked_ids(&engine, "hypertension treatment");
    let place = |id: &str| ranked.iter().position(|r| r == id).unwrap_or(usize::MAX);
    let first_other = ranked
        .iter()
        .position(|r| r.starts_with("filler"))
        .unwrap_or(usize::MAX);
    assert!(
        place("hbp-treatment") < first_other && place("hbp") < first_other,
        "the focus's pages come before pages that only mention it: {ranked:?}"
    );
    // The passages `ask` shows when no article answers alone are drawn the same way.
    let understood = engine.understand("hypertension treatment");
    let passages: Vec<String> = engine
        .passages_focused("hypertension treatment", 10, Some(&understood))
        .unwrap()
        .into_iter()
        .map(|p| p.article_id)
        .collect();
    let first_other = passages
        .iter()
        .position(|r| r.starts_with("filler"))
        .unwrap_or(usize::MAX);
    let treatment = passages
        .iter()
        .position(|r| r == "hbp-treatment")
        .unwrap_or(usize::MAX);
    assert!(treatment < first_other, "{passages:?}");
}

#[test]
fn withheld_answers_that_match_better_do_not_crowd_out_one_that_answers() {
    // MedQuAD withholds some collections' answers: their pages, with a link only, match
    // the words better here than the one page that answers, and outnumber the results
    // ranked again; scored down as they are found, they leave it room.
    let mut articles = vec![article(
        "answered",
        "Lupus",
        &[],
        "treatment",
        "What are the treatments for lupus?",
        "Medicines calm the immune system; the plan depends on the organs involved.",
    )];
    for n in 0..30 {
        let mut withheld = article(
            &format!("withheld-{n}"),
            &format!("Lupus {n}"),
            &[],
            "treatment",
            "What are the lupus treatments and lupus medicines for lupus?",
            "Lupus treatment with lupus medicines.",
        );
        for section in &mut withheld.sections {
            section.blocks.clear();
        }
        assert!(!withheld.is_answered());
        articles.push(withheld);
    }
    let engine = Engine::in_ram(&articles).unwrap();
    assert_eq!(
        ids(&engine, "lupus treatment medicines")
            .first()
            .map(String::as_str),
        Some("answered")
    );
}

#[test]
fn who_is_ill_and_how_much_they_weigh_name_no_topic() {
    // "child" is the alias "chILD" lower-cased and "20" half of "Ring 20": neither is
    // what "paracetamol for a 20 kg child" asks about, so no article answers it alone.
    let articles = vec![
        article(
            "child-ild",
            "Children's interstitial lung disease",
            &["chILD"],
            "information",
            "What is children's interstitial lung disease?",
            "A group of rare lung diseases of infants and children that scar the lungs.",
        ),
        article(
            "ring-20",
            "Ring chromosome 20",
            &["Ring 20"],
            "information",
            "What is ring chromosome 20?",
            "A chromosome abnormality that causes seizures in a child of any weight.",
        ),
        article(
            "fever",
            "Fever",
            &[],
            "information",
            "What is fever?",
            "A temperature above normal, most often from an infection; paracetamol eases it.",
        ),
    ];
    let engine = Engine::in_ram(&articles).unwrap();
    let question = "paracetamol for a 20 kg child";
    let understood = engine.understand(question);
    assert!(
        understood.foci.iter().all(|f| f.name.is_none()),
        "{:?}",
        understood.foci
    );
    assert_eq!(understood.foci[0].text, "paracetamol");
    let asked = curbside_core::answer::ask(
        &engine,
        curbside_core::answer::Question {
            text: question,
            context: None,
        },
    )
    .unwrap();
    assert!(
        matches!(asked.answer, curbside_core::answer::Answer::Passages { .. }),
        "{:?}",
        asked.results
    );
    assert!(asked.no_article_on_it);
    // A name with another word still counts, and a number still counts in a name.
    let named = engine.understand("my child has ring chromosome 20");
    assert_eq!(named.foci[0].name.as_deref(), Some("Ring chromosome 20"));
    // A number is never a focus, even where the question says "of".
    let fever = engine.understand("my kid has a fever of 39");
    assert_eq!(fever.foci[0].name.as_deref(), Some("Fever"));
}

#[test]
fn half_a_name_through_an_expansion_is_not_what_was_asked() {
    // "fever" is searched also as "hyperthermia", half of "Malignant hyperthermia": the
    // article is found, and ranks first, but is not given as the answer.
    let articles = vec![
        article(
            "mh",
            "Malignant hyperthermia",
            &[],
            "treatment",
            "How is malignant hyperthermia treated?",
            "Stop the anaesthetic trigger and give dantrolene; cool the patient.",
        ),
        article(
            "tremor",
            "Essential tremor",
            &[],
            "treatment",
            "How is essential tremor treated?",
            "Propranolol or primidone reduce the shaking.",
        ),
    ];
    let engine = Engine::in_ram(&articles).unwrap();
    let ask = |text| {
        curbside_core::answer::ask(&engine, curbside_core::answer::Question { text, context: None }).unwrap()
    };
    let fever = ask("my kid has a fever, how do we treat it");
    assert_eq!(fever.results[0].id, "mh");
    assert!(fever.results[0].coverage >= 0.5 && fever.results[0].named < 0.5);
    assert!(matches!(
        fever.answer,
        curbside_core::answer::Answer::Passages { .. }
    ));
    assert!(fever.no_article_on_it);
    // Named by the words typed, the same article answers.
    let mh = ask("how is malignant hyperthermia treated");
    assert!(matches!(mh.answer, curbside_core::answer::Answer::Article { .. }));
}

#[test]
fn two_drugs_named_together_are_asked_how_they_interact() {
    let engine = Engine::in_ram(&drugs()).unwrap();
    let together = engine.understand("gabapentin and hydrocodone");
    assert_eq!(together.foci.len(), 2, "{:?}", together.foci);
    assert_eq!(together.main_type(), QuestionType::Interactions);
    // One drug alone, with no cue, asks how it is used.
    assert_eq!(engine.understand("gabapentin").main_type(), QuestionType::Usage);
}
