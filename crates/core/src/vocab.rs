//! The words curbside knows, kept once: the words that carry a question's grammar
//! (stopwords), abbreviations and lay terms with what they stand for (synonyms), and the
//! words that say what is asked about a subject rather than naming one (question-type
//! cues, and the general asking words that name no type). Question analysis, ranking and
//! follow-up detection all read them from here.

use std::collections::HashSet;
use std::sync::LazyLock;

use crate::article::QuestionType;

/// Words that carry the question's grammar, not its subject. Question-type words
/// (cause, treat, symptom, ...) are kept: they say what is asked and match the kind of
/// article that answers it.
pub const STOPWORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "against",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "anyone",
    "anything",
    "are",
    "aren",
    "as",
    "ask",
    "asked",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "dear",
    "did",
    "do",
    "does",
    "doing",
    "don",
    "down",
    "during",
    "each",
    "else",
    "etc",
    "ever",
    "few",
    "for",
    "from",
    "further",
    "get",
    "gets",
    "getting",
    "got",
    "had",
    "has",
    "have",
    "having",
    "he",
    "hello",
    "her",
    "here",
    "hers",
    "herself",
    "hi",
    "him",
    "himself",
    "his",
    "how",
    "i",
    "if",
    "im",
    "in",
    "into",
    "is",
    "isn",
    "it",
    "its",
    "itself",
    "just",
    "know",
    "let",
    "like",
    "me",
    "might",
    "more",
    "most",
    "much",
    "must",
    "my",
    "myself",
    "need",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "on",
    "once",
    "one",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "please",
    "regarding",
    "s",
    "said",
    "same",
    "say",
    "she",
    "should",
    "so",
    "some",
    "someone",
    "something",
    "such",
    "t",
    "tell",
    "than",
    "thank",
    "thanks",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "thing",
    "things",
    "this",
    "those",
    "through",
    "to",
    "too",
    "under",
    "until",
    "up",
    "us",
    "very",
    "want",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "whose",
    "why",
    "will",
    "with",
    "would",
    "you",
    "your",
    "yours",
    "yourself",
];

/// Whether a word only carries the question's grammar.
pub fn is_stopword(word: &str) -> bool {
    STOPWORDS.binary_search(&word).is_ok()
}

/// Common clinical abbreviations and lay terms with what they stand for. Expansions are
/// searched beside the words typed, never instead of them. Kept general: each entry is
/// an abbreviation or synonym a clinician or patient uses, not a fix for one question.
pub const SYNONYMS: &[(&str, &[&str])] = &[
    ("als", &["amyotrophic lateral sclerosis", "motor neurone disease"]),
    ("mnd", &["motor neurone disease", "amyotrophic lateral sclerosis"]),
    ("motor neuron disease", &["amyotrophic lateral sclerosis"]),
    ("lou gehrig", &["amyotrophic lateral sclerosis"]),
    ("ms", &["multiple sclerosis"]),
    ("mi", &["myocardial infarction", "heart attack"]),
    ("heart attack", &["myocardial infarction"]),
    ("myocardial infarction", &["heart attack"]),
    ("cva", &["stroke"]),
    (
        "tia",
        &["transient ischaemic attack", "transient ischemic attack"],
    ),
    ("tbi", &["traumatic brain injury"]),
    ("sci", &["spinal cord injury"]),
    ("cp", &["cerebral palsy"]),
    ("nms", &["neuroleptic malignant syndrome"]),
    ("mh", &["malignant hyperthermia"]),
    ("umn", &["upper motor neurone", "upper motor neuron"]),
    ("lmn", &["lower motor neurone", "lower motor neuron"]),
    ("ssri", &["selective serotonin reuptake inhibitor"]),
    ("ssris", &["selective serotonin reuptake inhibitor"]),
    ("snri", &["serotonin noradrenaline reuptake inhibitor"]),
    ("maoi", &["monoamine oxidase inhibitor"]),
    ("maois", &["monoamine oxidase inhibitor"]),
    ("tca", &["tricyclic antidepressant"]),
    ("he", &["hepatic encephalopathy"]),
    ("ckd", &["chronic kidney disease"]),
    ("aki", &["acute kidney injury"]),
    ("copd", &["chronic obstructive pulmonary disease"]),
    ("dvt", &["deep vein thrombosis"]),
    ("pe", &["pulmonary embolism"]),
    ("uti", &["urinary tract infection"]),
    ("htn", &["hypertension"]),
    ("high blood pressure", &["hypertension"]),
    ("low blood pressure", &["hypotension"]),
    ("bp", &["blood pressure"]),
    ("dm", &["diabetes mellitus"]),
    ("t2dm", &["type 2 diabetes"]),
    ("afib", &["atrial fibrillation"]),
    ("af", &["atrial fibrillation"]),
    ("chf", &["heart failure"]),
    ("gerd", &["gastroesophageal reflux disease"]),
    ("ibs", &["irritable bowel syndrome"]),
    ("ibd", &["inflammatory bowel disease"]),
    ("ra", &["rheumatoid arthritis"]),
    ("sle", &["systemic lupus erythematosus", "lupus"]),
    ("hiv", &["human immunodeficiency virus"]),
    ("std", &["sexually transmitted disease"]),
    ("sti", &["sexually transmitted infection"]),
    ("adhd", &["attention deficit hyperactivity disorder"]),
    ("ocd", &["obsessive compulsive disorder"]),
    ("ptsd", &["post traumatic stress disorder"]),
    ("botox", &["botulinum toxin"]),
    ("itb", &["intrathecal baclofen"]),
    ("eeg", &["electroencephalogram"]),
    ("emg", &["electromyography"]),
    ("mri", &["magnetic resonance imaging"]),
    ("ct", &["computed tomography"]),
    ("ecg", &["electrocardiogram"]),
    ("ekg", &["electrocardiogram"]),
    ("flu", &["influenza"]),
    ("covid", &["coronavirus"]),
    ("stiff", &["rigidity"]),
    ("stiffness", &["rigidity"]),
    ("fever", &["hyperthermia"]),
    ("jerks", &["myoclonus"]),
    ("jerking", &["myoclonus"]),
    ("twitching", &["myoclonus", "fasciculation"]),
    ("kidney", &["renal"]),
    ("renal", &["kidney"]),
    ("liver", &["hepatic"]),
    ("hepatic", &["liver"]),
    ("cancer", &["tumor", "carcinoma"]),
];

/// Whether a word (lower case) is in an English word list (Wordnik's, about 200,000
/// words with their inflections, through the `wordnik_list` crate): such a word is
/// never corrected to another, even when the library does not use it.
pub fn is_english_word(word: &str) -> bool {
    wordnik_list::word_exists(word)
}

/// Whether a word (lower case) is a country's name or a common short name for it
/// (ISO 3166, through the `celes` crate): where a patient lives is no misspelling of a
/// condition ("malaysia" is not "malaria").
pub fn is_country_name(word: &str) -> bool {
    celes::Country::from_name(word).is_ok() || celes::Country::from_alias(word).is_ok()
}

/// Longest run of words a synonym key spans.
pub const MAX_SYNONYM_WORDS: usize = 3;

/// Word beginnings that say what a question asks, by type. Matched against each word
/// typed with its endings ([`is_cue_word`]), so `treat` covers treat, treated, treating
/// and treatment, and `gene` not general. General
/// English and clinical wording, not any one question's.
const TYPE_CUES: &[(QuestionType, &[&str])] = &[
    (
        QuestionType::Treatment,
        &[
            "treat", "therap", "cure", "curing", "remed", "manag", "surger", "operat", "heal",
        ],
    ),
    (QuestionType::Symptoms, &["symptom", "sign", "feel"]),
    (
        QuestionType::Causes,
        &["cause", "causing", "why", "reason", "trigger"],
    ),
    (
        QuestionType::Diagnosis,
        &[
            "diagnos", "test", "exam", "screen", "detect", "scan", "grade", "graded", "assess",
        ],
    ),
    (
        QuestionType::Outlook,
        &[
            "prognos",
            "outlook",
            "expectancy",
            "surviv",
            "fatal",
            "recover",
            "lifespan",
        ],
    ),
    (QuestionType::Prevention, &["prevent", "avoid", "vaccin"]),
    (
        QuestionType::Genetics,
        &["inherit", "hereditar", "genetic", "gene", "genes"],
    ),
    (
        QuestionType::Susceptibility,
        &["susceptib", "prevalen", "incidence", "frequen"],
    ),
    (QuestionType::Complications, &["complication"]),
    (
        QuestionType::Safety,
        &[
            "side",
            "adverse",
            "safe",
            "danger",
            "warning",
            "contraindicat",
            "withdraw",
        ],
    ),
    (
        QuestionType::Usage,
        &["dose", "dosage", "dosing", "overdose", "brand"],
    ),
    (QuestionType::Interactions, &["interact", "combin", "mix"]),
    (QuestionType::Research, &["research", "trial", "trials"]),
    (QuestionType::Support, &["support"]),
    (QuestionType::SeekCare, &["doctor", "specialist", "physician"]),
];

/// Whether a word says what is asked (a question-type cue such as "treatment" or
/// "side") rather than what it is asked about.
pub fn is_type_cue(word: &str) -> bool {
    TYPE_CUES
        .iter()
        .any(|(_, cues)| cues.iter().any(|cue| is_cue_word(word, cue)))
}

/// The question types the words ask for, in the order first asked. "What is X?" asks
/// for no type in particular: people ask it of anything, and `curbside eval` showed
/// reading it as a request for overview articles made answers worse.
pub fn question_types(words: &[String]) -> Vec<QuestionType> {
    let mut out = Vec::new();
    for word in words {
        for (qtype, cues) in TYPE_CUES {
            if cues.iter().any(|cue| is_cue_word(word, cue)) && !out.contains(qtype) {
                out.push(*qtype);
            }
        }
    }
    out
}

/// Words by which a drug's name says its form or route ("Lidocaine Transdermal Patch",
/// "Fluticasone Nasal Spray", "Bupropion Extended-Release"): MedlinePlus's drug pages
/// are named with them, and people name the drug without them.
pub const DOSAGE_FORM_WORDS: &[&str] = &[
    "injection",
    "topical",
    "oral",
    "ophthalmic",
    "inhalation",
    "nasal",
    "spray",
    "transdermal",
    "patch",
    "vaginal",
    "rectal",
    "otic",
    "viscous",
    "extended",
    "release",
];

/// Words that say only "a disorder of some kind": people and sources use them for one
/// another ("autoimmune illness", "Autoimmune disorders", "Autoimmune Diseases"), so a
/// question using one names a topic using another.
pub const WORDS_FOR_A_DISORDER: &[&str] = &["disease", "disorder", "illness", "sickness", "condition"];

/// Words for the person a question is about ("my kid", "our son", "a 20 kg child"):
/// consumers name who is ill as often as what they have, and such a word alone names no
/// topic ("child" is no "Children's interstitial lung disease", whose alias is "chILD").
/// A name with another word ("Child abuse", "Sudden infant death syndrome") still counts.
pub const WORDS_FOR_A_PERSON: &[&str] = &[
    "aunt",
    "babies",
    "baby",
    "boy",
    "boyfriend",
    "brother",
    "child",
    "children",
    "cousin",
    "dad",
    "daughter",
    "father",
    "friend",
    "girl",
    "girlfriend",
    "granddaughter",
    "grandfather",
    "grandmother",
    "grandson",
    "husband",
    "infant",
    "kid",
    "kids",
    "man",
    "men",
    "mom",
    "mother",
    "mum",
    "nephew",
    "niece",
    "parent",
    "parents",
    "patient",
    "sister",
    "son",
    "toddler",
    "uncle",
    "wife",
    "woman",
    "women",
];

/// Whether a word only says who the question is about ([`WORDS_FOR_A_PERSON`]).
pub fn is_person_word(word: &str) -> bool {
    WORDS_FOR_A_PERSON.binary_search(&word).is_ok()
}

/// Words that ask something of a subject without saying which kind of answer ("is it
/// common", "how long does it last", "which drugs help"): with the type cues, they are
/// what a follow-up question is made of.
const ASKING_WORDS: &[&str] = &[
    "common",
    "drug",
    "drugs",
    "effect",
    "effects",
    "expect",
    "help",
    "last",
    "long",
    "measure",
    "measured",
    "medication",
    "medications",
    "medicine",
    "medicines",
    "normal",
    "risk",
    "risks",
    "serious",
    "take",
    "use",
    "used",
    "work",
    "works",
    "worse",
];

/// Whether a word says what is asked (a type cue or a general asking word) rather than
/// naming what it is asked about.
pub fn says_what_is_asked(word: &str) -> bool {
    is_type_cue(word) || ASKING_WORDS.contains(&word)
}

/// Words that tell a consumer's story as often as they ask ("I was diagnosed with",
/// "my doctor", "after surgery"): outside the sentence that asks, they say little of what
/// is asked. Learned from the LiveQA training questions, where "diagnosed" and "doctor"
/// in the background were the commonest reason the asked type was misread.
pub const STORY_WORDS: &[&str] = &[
    "diagnosed",
    "doctor",
    "doctors",
    "examined",
    "feel",
    "feeling",
    "operation",
    "physician",
    "scan",
    "screened",
    "signs",
    "specialist",
    "surgery",
    "symptoms",
    "tested",
    "treated",
];

/// Words that open a sentence that asks (with a question mark, they are how the asking
/// sentence is told from the background).
pub const ASKING_OPENERS: &[&str] = &[
    "any", "anyone", "are", "can", "could", "did", "do", "does", "has", "have", "how", "is", "please",
    "should", "what", "when", "where", "which", "who", "whom", "why", "will", "would",
];

/// How a text that only sends the reader elsewhere opens (MedQuAD's GARD, CancerGov and
/// NIHSeniorHealth pages that answer with a publication's name): see
/// [`crate::article::Article::only_points_elsewhere`].
pub const REFERRAL_OPENERS: &[&str] = &[
    "for information",
    "for more information",
    "more information",
    "see the",
    "you can read",
    "to learn more",
];

/// Phrases that ask for information in general ("what is", "tell me about"): a question
/// with no type cue and one of these asks for an overview; one with neither (most often
/// "please help", "what can I do") asks what can be done, as most consumer questions in the
/// LiveQA training set do.
pub const OVERVIEW_PHRASES: &[&str] = &[
    "what is",
    "what are",
    "what s",
    "information",
    "info",
    "literature",
    "know more",
    "learn more",
    "more about",
    "tell me about",
    "explain",
    "meaning",
    "mean",
];

/// Function words of the languages other than English that consumers most often write
/// in (Spanish, Portuguese, French, Italian, German): a question made largely of them is
/// told the library is English. None is an English word or a clinical abbreviation, and
/// they are written accent-folded, as [`crate::index::analysis::words`] gives them.
pub const FOREIGN_FUNCTION_WORDS: &[&str] = &[
    "auf", "como", "con", "cual", "cuales", "al", "das", "de", "del", "dem", "der", "durante", "ein", "eine",
    "el", "els", "en", "es", "et", "fur", "hay", "ist", "la", "las", "le", "les", "los", "mais", "mas",
    "mit", "muy", "nicht", "para", "pero", "por", "porque", "pour", "puedo", "que", "quel", "qui", "se",
    "segun", "sind", "sobre", "su", "sus", "tengo", "una", "und", "une", "uno", "von", "y",
];

/// Whether a question's words read as another language: at least two of them, and a
/// quarter, are [`FOREIGN_FUNCTION_WORDS`]. English names borrow some ("de la Chapelle"),
/// so a caller should also ask whether the library knows the other words.
pub fn reads_as_foreign(words: &[String]) -> bool {
    let foreign = words
        .iter()
        .filter(|w| FOREIGN_FUNCTION_WORDS.contains(&w.as_str()))
        .count();
    foreign >= 2 && foreign * 4 >= words.len()
}

/// What may follow a cue in a word that is the cue's word: inflections and the endings
/// that make treatment, diagnosis, surgeries, preventive, inherited. A word that merely
/// begins with a cue is another word: "general" is not "gene", "significant" not
/// "sign", "testicular" not "test", "health" not "heal", "example" not "exam".
const CUE_ENDINGS: &[&str] = &[
    "", "able", "al", "ally", "ance", "ary", "ation", "ations", "ce", "cy", "d", "e", "ed", "er", "ers",
    "es", "eutic", "eutics", "ible", "ic", "ical", "ically", "ics", "ies", "ility", "ination", "ine", "ined",
    "ing", "ings", "ion", "ions", "is", "ist", "ists", "ity", "ive", "ively", "le", "ly", "ment", "ments",
    "n", "ned", "ning", "or", "ors", "ous", "s", "t", "tic", "tly", "ture", "ty", "y",
];

/// Whether `word` is a cue's word: the cue, then one of [`CUE_ENDINGS`].
pub fn is_cue_word(word: &str, cue: &str) -> bool {
    word.strip_prefix(cue)
        .is_some_and(|rest| CUE_ENDINGS.contains(&rest))
}

/// Words that ask for information in general, wherever they stand ("send me
/// information", "any literature"): question analysis reads them as a request for an
/// overview. Learned from the LiveQA training questions, where "information" in the
/// asking sentence was the commonest word of the questions annotated as information.
const INFORMATION_CUES: &[&str] = &[
    "brochure",
    "info",
    "information",
    "leaflet",
    "literature",
    "pamphlet",
];

/// The type cues that `word` is the word of, as question analysis reads them: whole
/// words with their endings ([`is_cue_word`]), and the words asking for information.
pub fn types_cued(word: &str) -> impl Iterator<Item = QuestionType> + '_ {
    TYPE_CUES
        .iter()
        .filter(move |(_, cues)| cues.iter().any(|cue| is_cue_word(word, cue)))
        .map(|(qtype, _)| *qtype)
        .chain(
            INFORMATION_CUES
                .iter()
                .any(|cue| is_cue_word(word, cue))
                .then_some(QuestionType::Information),
        )
}

/// Words of a sentence that only thanks or greets ("Thanks again.", "Thank you and God
/// bless."): such a sentence is never the one that asks.
pub const COURTESY_WORDS: &[&str] = &[
    "advance",
    "again",
    "best",
    "bless",
    "cheers",
    "god",
    "much",
    "regards",
    "sincerely",
    "thank",
    "thanks",
    "wishes",
];

/// Phrases that ask for a type without its cue word ("how do I know if I have …" asks
/// for a diagnosis, "what can I do" for a treatment, "where can I find a clinic" for an
/// organisation). Learned from the LiveQA training questions (their wording for each
/// annotated type, read by hand from the questions the cue words alone misread); matched
/// on whole words.
pub const TYPE_PHRASES: &[(QuestionType, &[&str])] = &[
    (
        QuestionType::Support,
        &[
            "where can i",
            "who can",
            "which hospital",
            "which doctor",
            "which clinic",
            "clinic",
            "clinics",
            "hospital",
            "hospitals",
            "organization",
            "organisation",
            "contact",
            "find a",
            "recommend a",
            "specialist",
            "specialists",
            "specialty",
            "specializes",
            "specialize",
            "whom to consult",
            "who to consult",
            "what doctor",
            "find a doctor",
            "resources",
            "facilities",
            "facility",
            "institution",
            "places",
            "people that have",
            "people who have",
        ],
    ),
    (
        QuestionType::Information,
        &[
            "know about",
            "more about",
            "learn about",
            "tell me about",
            "send me",
            "mail me",
            "anything about",
        ],
    ),
    (
        QuestionType::Diagnosis,
        &[
            "know if i have",
            "do i have",
            "could i have",
            "tested for",
            "test for",
        ],
    ),
    (
        QuestionType::Usage,
        &[
            "how much",
            "how many mg",
            "mg",
            "stop taking",
            "stopping",
            "taper",
            "how long should i take",
        ],
    ),
    (
        QuestionType::Outlook,
        &[
            "how long",
            "life expectancy",
            "get better",
            "will he recover",
            "will she recover",
        ],
    ),
    (
        QuestionType::Susceptibility,
        &[
            "chance",
            "chances",
            "risk of",
            "likely",
            "contagious",
            "catch",
            "can a",
            "can someone get",
            "get pregnant",
            "at risk",
            "risk factors",
            "age range",
            "normal",
        ],
    ),
    (
        QuestionType::Treatment,
        &[
            "what should i do",
            "what can i do",
            "what should we do",
            "what can we do",
            "what can be done",
            "get rid",
            "help",
            "relief",
            "relieve",
            "medicine",
            "medication",
        ],
    ),
];

/// Whether `word` is a word of one of [`TYPE_PHRASES`] ("contagious", "chance", "taper",
/// "specialist", "pregnant"): what a follow-up asks of the open topic as well as the type
/// cues do ("is it contagious?", "can I still get pregnant?").
pub fn is_phrase_word(word: &str) -> bool {
    static WORDS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
        TYPE_PHRASES
            .iter()
            .flat_map(|(_, phrases)| phrases.iter().flat_map(|p| p.split(' ')))
            .collect()
    });
    WORDS.contains(word)
}

/// The types the phrases of `words` (one sentence, as [`crate::index::analysis::words`]
/// gives them) ask for, once per phrase found.
pub fn types_phrased(words: &[String]) -> Vec<QuestionType> {
    let padded = format!(" {} ", words.join(" "));
    let mut out = Vec::new();
    for (qtype, phrase) in TYPE_PHRASES_PADDED.iter() {
        out.extend(std::iter::repeat_n(
            *qtype,
            padded.matches(phrase.as_str()).count(),
        ));
    }
    out
}

/// [`TYPE_PHRASES`] each with a space on either side, made once: every keystroke's search
/// reads them.
static TYPE_PHRASES_PADDED: LazyLock<Vec<(QuestionType, String)>> = LazyLock::new(|| {
    TYPE_PHRASES
        .iter()
        .flat_map(|(qtype, phrases)| phrases.iter().map(|p| (*qtype, format!(" {p} "))))
        .collect()
});

/// Whether `words` (as [`types_phrased`] takes them) ask for an overview: one of
/// [`OVERVIEW_PHRASES`], whole words.
pub fn asks_for_overview(words: &[String]) -> bool {
    static PADDED: LazyLock<Vec<String>> =
        LazyLock::new(|| OVERVIEW_PHRASES.iter().map(|p| format!(" {p} ")).collect());
    let padded = format!(" {} ", words.join(" "));
    PADDED.iter().any(|p| padded.contains(p.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_word_lists_searched_by_halves_are_in_order() {
        for list in [STOPWORDS, WORDS_FOR_A_PERSON] {
            assert!(list.windows(2).all(|w| w[0] < w[1]), "{list:?}");
        }
        assert!(is_person_word("kid") && is_person_word("toddler"));
        assert!(!is_person_word("fever"));
    }

    #[test]
    fn a_cue_is_a_word_with_its_endings_not_any_word_it_begins() {
        assert!(is_cue_word("treatment", "treat"));
        assert!(is_cue_word("diagnosis", "diagnos"));
        assert!(is_cue_word("genes", "gene"));
        assert!(!is_cue_word("general", "gene"));
        assert!(!is_cue_word("significant", "sign"));
        assert!(!is_cue_word("testicular", "test"));
        assert!(!is_cue_word("health", "heal"));
        let cued = |w: &str| types_cued(w).collect::<Vec<_>>();
        assert_eq!(cued("information"), [QuestionType::Information]);
        assert!(cued("general").is_empty());
    }
}
