//! The article model: the unit of material every corpus is converted into and every
//! screen is drawn from. Plain serde types, no I/O.

use serde::{Deserialize, Serialize};

/// One answered (or, for withdrawn imports, unanswered) medical question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Article {
    /// Stable slug, unique across all corpora (`clonus-causes`, `medquad-gard-0000001-1`).
    pub id: String,
    /// The question the article answers, shown as its title.
    pub question: String,
    /// The question as the material first asked it, when the title reworded it
    /// (MedQuAD's "What is (are) Shingles ?"); searched like the question.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub asked_as: Option<String>,
    /// The condition, drug or test the article is about.
    pub topic: String,
    /// Synonyms and abbreviations of the topic.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// What sort of question it answers: information, causes, symptoms, diagnosis,
    /// treatment, outlook, prevention, inheritance, ... (lower case).
    pub kind: String,
    /// The medical specialty the article belongs to (`neurology`, `paediatrics`...); empty for
    /// imported material that names none.
    #[serde(default)]
    pub specialty: String,
    /// Which corpus the article comes from and who published it.
    pub source: Source,
    /// The web page the article's material was published on, when the source gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// How far the article has got through review, shown beside the title.
    pub status: Status,
    /// Last update, `YYYY-MM-DD`.
    pub updated: String,
    /// The two short answers, one for clinicians and one for patients, that open the article.
    pub summaries: Summaries,
    /// The full answer, section by section in reading order; none for withdrawn imports.
    #[serde(default)]
    pub sections: Vec<Section>,
    /// Ids of related articles (related conditions, drugs, tests).
    #[serde(default)]
    pub related: Vec<String>,
    /// Suggested follow-ups: an article id (a slug, no spaces) or a question text.
    #[serde(default)]
    pub follow_ups: Vec<String>,
    /// The sources the article cites, numbered from 1 as its blocks cite them.
    #[serde(default)]
    pub references: Vec<Reference>,
    /// The bibliographic record of a research citation (imported PubMed, MEDLINE or RIS);
    /// none for articles written as answers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub citation: Option<Citation>,
}

/// Where an article comes from: the corpus it is part of and who published its material.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The corpus the article belongs to: `builtin`, `medquad`, ...
    pub corpus: String,
    /// Who published the material (for MedQuAD, the agency: NIH or CDC).
    pub publisher: String,
    /// The publisher's collection or website the material comes from
    /// (`NIHSeniorHealth`), when it is not the publisher itself.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub collection: String,
}

/// The review status shown beside the title.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Written for curbside and waiting for review.
    Submitted,
    /// Written for curbside and being reviewed.
    UnderReview,
    /// Written for curbside and approved by its reviewers.
    Approved,
    /// Imported as its publisher wrote it; curbside reviewed nothing, and the source
    /// line names the publisher instead of a status.
    Published,
}

impl Status {
    /// How the status reads beside the title.
    pub fn label(self) -> &'static str {
        match self {
            Status::Published => "Published",
            Status::Submitted => "Submitted",
            Status::UnderReview => "Under review",
            Status::Approved => "Approved",
        }
    }
}

/// The two tailored summaries the audience chooser picks between.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Summaries {
    /// The summary for clinicians, in clinical terms.
    pub clinician: String,
    /// The summary for patients, in plain words.
    pub patient: String,
}

/// Who is reading: picks the summary and the wording of the header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    /// A clinician: the clinical summary and header; the default.
    #[default]
    Clinician,
    /// A patient: the plain-words summary and header.
    Patient,
}

impl Audience {
    /// The other audience: what the screen's `a` key switches to.
    pub fn toggled(self) -> Self {
        match self {
            Audience::Clinician => Audience::Patient,
            Audience::Patient => Audience::Clinician,
        }
    }

    /// How the header names the audience (`for clinicians`, `for patients`).
    pub fn label(self) -> &'static str {
        match self {
            Audience::Clinician => "for clinicians",
            Audience::Patient => "for patients",
        }
    }
}

impl std::str::FromStr for Audience {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "clinician" | "clinicians" => Ok(Audience::Clinician),
            "patient" | "patients" => Ok(Audience::Patient),
            other => Err(format!(
                "unknown audience `{other}` (expected clinician or patient)"
            )),
        }
    }
}

impl Summaries {
    /// The summary written for `audience`.
    pub fn for_audience(&self, audience: Audience) -> &str {
        match audience {
            Audience::Clinician => &self.clinician,
            Audience::Patient => &self.patient,
        }
    }
}

/// What a section is: what guidelines say, what research found, or a plain answer
/// (imported material).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// What practice guidelines recommend.
    Guideline,
    /// What published research found.
    Research,
    /// A plain answer, as imported material gives it.
    Answer,
}

impl Role {
    /// The banner the reader sees above the first section of this role.
    pub fn banner(self) -> &'static str {
        match self {
            Role::Guideline => "From the Guidelines",
            Role::Research => "From the Research",
            Role::Answer => "Answer",
        }
    }
}

/// A headed part of an article's answer: paragraphs and bullets of one role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// The section's heading as the reader sees it.
    pub heading: String,
    /// Whether the section gives guidance, research or a plain answer; it sets the banner above
    /// the first section of each role.
    pub role: Role,
    /// The section's paragraphs and bullets, in reading order.
    #[serde(default)]
    pub blocks: Vec<Block>,
}

/// How a block is drawn: as a paragraph or as a bullet point.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockKind {
    /// Running text, drawn as a paragraph of its own.
    Paragraph,
    /// One item of a list, drawn with a bullet.
    Bullet,
}

/// A paragraph or bullet with the numbers of the references it cites.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Block {
    /// Whether the block is a paragraph or a bullet.
    pub kind: BlockKind,
    /// What the block says, as the reader sees it.
    pub text: String,
    /// The numbers ([`Reference::n`]) of the references the block cites.
    #[serde(default)]
    pub refs: Vec<u32>,
}

/// What sort of source a reference is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReferenceKind {
    /// A practice guideline or consensus statement from an issuing body.
    Guideline,
    /// A research paper in a journal.
    Research,
    /// A web page.
    Web,
}

impl ReferenceKind {
    /// How the reference list names the kind (`Guideline`, `Research`, `Web`).
    pub fn label(self) -> &'static str {
        match self {
            ReferenceKind::Guideline => "Guideline",
            ReferenceKind::Research => "Research",
            ReferenceKind::Web => "Web",
        }
    }
}

/// One entry in an article's reference list, cited from its blocks by number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reference {
    /// The number citations use, from 1.
    pub n: u32,
    /// What sort of source it is: a guideline, research or a web page.
    pub kind: ReferenceKind,
    /// The reference's title as the source gives it.
    pub title: String,
    /// Journal, issuing body or website.
    pub source: String,
    /// Year of publication, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<u16>,
    /// The authors as one line (`Strawn JR, Keck PE Jr, Caroff SN`), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authors: Option<String>,
    /// PubMed's identifier, digits only, when the reference has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pmid: Option<String>,
    /// The DOI without a resolver prefix, when the reference has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doi: Option<String>,
    /// Where the reference can be read online, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

impl Reference {
    /// `Title. Source, Year`: how a reference reads in a list.
    pub fn citation_line(&self) -> String {
        match self.year {
            Some(year) => format!("{}. {}, {}", self.title, self.source, year),
            None => format!("{}. {}", self.title, self.source),
        }
    }
}

/// A research paper as a bibliographic database records it: what a reference manager
/// needs to cite it and what fielded search (`journal:`, `mesh:`, `type:`...) reads.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Citation {
    /// PubMed's identifier, digits only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pmid: Option<String>,
    /// The DOI without a resolver prefix (`10.1016/j.ijom.2006.12.012`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doi: Option<String>,
    /// The PubMed Central id with its prefix (`PMC4380289`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pmc: Option<String>,
    /// The journal's full title.
    pub journal: String,
    /// The journal's abbreviation (ISO or NLM), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub journal_abbreviation: Option<String>,
    /// Year of publication.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<u16>,
    /// Volume, issue and pages as printed (`36`, `6`, `556-9`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub volume: Option<String>,
    /// The issue number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issue: Option<String>,
    /// The page range.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pages: Option<String>,
    /// Authors in order, each `Family, Given` (or a group's name as written).
    #[serde(default)]
    pub authors: Vec<String>,
    /// MeSH descriptors assigned by the indexers.
    #[serde(default)]
    pub mesh: Vec<String>,
    /// The authors' own keywords.
    #[serde(default)]
    pub keywords: Vec<String>,
    /// Publication types as the database names them (`Randomized Controlled Trial`).
    #[serde(default)]
    pub publication_types: Vec<String>,
    /// The level of evidence its publication types put it at.
    #[serde(default)]
    pub evidence: Evidence,
    /// The paper has been retracted: its findings must not be relied on.
    #[serde(default)]
    pub retracted: bool,
}

/// A level of evidence, strongest first: what kind of study a citation reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Evidence {
    /// A practice guideline or consensus statement.
    Guideline,
    /// A meta-analysis.
    MetaAnalysis,
    /// A systematic review.
    SystematicReview,
    /// A randomised controlled trial.
    RandomisedControlledTrial,
    /// An observational study: cohort or case-control.
    CohortOrCaseControl,
    /// A case report or case series.
    CaseReport,
    /// A narrative review.
    Review,
    /// Anything else (a journal article of no stated design, a letter, an editorial).
    #[default]
    Other,
}

impl Evidence {
    /// Every level, strongest first.
    pub const ALL: [Evidence; 8] = [
        Evidence::Guideline,
        Evidence::MetaAnalysis,
        Evidence::SystematicReview,
        Evidence::RandomisedControlledTrial,
        Evidence::CohortOrCaseControl,
        Evidence::CaseReport,
        Evidence::Review,
        Evidence::Other,
    ];

    /// The word `type:` takes for this level and the index stores.
    pub fn slug(self) -> &'static str {
        match self {
            Evidence::Guideline => "guideline",
            Evidence::MetaAnalysis => "meta-analysis",
            Evidence::SystematicReview => "systematic-review",
            Evidence::RandomisedControlledTrial => "rct",
            Evidence::CohortOrCaseControl => "cohort",
            Evidence::CaseReport => "case-report",
            Evidence::Review => "review",
            Evidence::Other => "other",
        }
    }

    /// How a reader sees the level.
    pub fn label(self) -> &'static str {
        match self {
            Evidence::Guideline => "Practice guideline",
            Evidence::MetaAnalysis => "Meta-analysis",
            Evidence::SystematicReview => "Systematic review",
            Evidence::RandomisedControlledTrial => "Randomised controlled trial",
            Evidence::CohortOrCaseControl => "Cohort or case-control study",
            Evidence::CaseReport => "Case report",
            Evidence::Review => "Review",
            Evidence::Other => "Other",
        }
    }

    /// The level a `type:` word names: its slug or a common way of writing it
    /// (`randomized`, `case-control`, `sr`...), case and punctuation aside.
    pub fn from_word(word: &str) -> Option<Evidence> {
        let key: String = word
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
            .collect();
        Some(match key.as_str() {
            "guideline" | "guidelines" | "practiceguideline" | "consensus" => Evidence::Guideline,
            "metaanalysis" | "meta" | "ma" => Evidence::MetaAnalysis,
            "systematicreview" | "systematic" | "sr" => Evidence::SystematicReview,
            "rct"
            | "rcts"
            | "trial"
            | "randomised"
            | "randomized"
            | "randomisedcontrolledtrial"
            | "randomizedcontrolledtrial" => Evidence::RandomisedControlledTrial,
            "cohort" | "casecontrol" | "observational" | "cohortorcasecontrol" => {
                Evidence::CohortOrCaseControl
            }
            "casereport" | "casereports" | "case" | "caseseries" => Evidence::CaseReport,
            "review" | "reviews" => Evidence::Review,
            "other" => Evidence::Other,
            _ => return None,
        })
    }
}

/// What a question asks about its subject, in one vocabulary for every corpus: the
/// built-in kinds and MedQuAD's 37 question types fold into these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuestionType {
    /// What the subject is: general information about it.
    Information,
    /// What causes it.
    Causes,
    /// Its signs and symptoms.
    Symptoms,
    /// How it is diagnosed: examinations and tests.
    Diagnosis,
    /// How it is treated, and how a treatment works and how well.
    Treatment,
    /// What happens to those who have it: prognosis and stages.
    Outlook,
    /// How it is prevented, vaccination included.
    Prevention,
    /// How it is inherited and the genetic changes behind it.
    Genetics,
    /// Who gets it and how common it is.
    Susceptibility,
    /// What it can lead to.
    Complications,
    /// A medicine's side effects, warnings, contraindications and precautions.
    Safety,
    /// How a medicine is used: its indication, dose, a missed dose or an overdose, storage
    /// and brand names.
    Usage,
    /// How a medicine interacts with other medicines, foods, herbs and supplements.
    Interactions,
    /// What research is being done on it.
    Research,
    /// When to contact a medical professional.
    SeekCare,
    /// Where to find support groups and learn more.
    Support,
}

impl QuestionType {
    /// Every type, in code order.
    pub const ALL: [QuestionType; 16] = [
        QuestionType::Information,
        QuestionType::Causes,
        QuestionType::Symptoms,
        QuestionType::Diagnosis,
        QuestionType::Treatment,
        QuestionType::Outlook,
        QuestionType::Prevention,
        QuestionType::Genetics,
        QuestionType::Susceptibility,
        QuestionType::Complications,
        QuestionType::Safety,
        QuestionType::Usage,
        QuestionType::Interactions,
        QuestionType::Research,
        QuestionType::SeekCare,
        QuestionType::Support,
    ];

    /// The type an article's `kind` answers, if it is one curbside knows.
    pub fn of_kind(kind: &str) -> Option<QuestionType> {
        use QuestionType::*;
        Some(match kind.trim().to_ascii_lowercase().as_str() {
            // A drug's brand names say what it is called, not how to take it.
            "information"
            | "other information"
            | "considerations"
            | "brand names"
            | "brand names of combination products" => Information,
            "causes" | "cause" => Causes,
            "symptoms" => Symptoms,
            "diagnosis" | "exams and tests" | "examination" => Diagnosis,
            "treatment" | "how effective is it" | "how does it work" => Treatment,
            "outlook" | "prognosis" | "stages" => Outlook,
            "prevention" | "why get vaccinated" => Prevention,
            "inheritance" | "genetic changes" => Genetics,
            "susceptibility" | "frequency" => Susceptibility,
            "complications" => Complications,
            "side effects" | "severe reaction" | "contraindication" | "important warning" | "drug safety"
            | "precautions" => Safety,
            "usage"
            | "dose"
            | "indication"
            | "forget a dose"
            | "emergency or overdose"
            | "storage and disposal"
            | "dietary" => Usage,
            "interactions"
            | "interactions with medications"
            | "interactions with foods"
            | "interactions with herbs and supplements" => Interactions,
            "research" => Research,
            "when to contact a medical professional" => SeekCare,
            "support groups" | "how can i learn more" => Support,
            _ => return None,
        })
    }

    /// A small number for the index's fast field; 0 stands for no known type.
    pub fn code(self) -> u64 {
        QuestionType::ALL
            .iter()
            .position(|t| *t == self)
            .map_or(0, |i| i as u64 + 1)
    }
}

/// Whether a follow-up string names an article (a slug) rather than asking a question.
pub fn is_article_id(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

impl Article {
    /// Every block in reading order with its section index.
    pub fn blocks(&self) -> impl Iterator<Item = (usize, &Section, &Block)> {
        self.sections
            .iter()
            .enumerate()
            .flat_map(|(i, s)| s.blocks.iter().map(move |b| (i, s, b)))
    }

    /// Whether the two audiences read different text (imported material has one
    /// version for both).
    pub fn has_audiences(&self) -> bool {
        self.summaries.clinician != self.summaries.patient
    }

    /// The reference numbered `n`.
    pub fn reference(&self, n: u32) -> Option<&Reference> {
        self.references.iter().find(|r| r.n == n)
    }

    /// Whether the article carries an answer (imports of withdrawn answers do not).
    pub fn is_answered(&self) -> bool {
        self.sections.iter().any(|s| !s.blocks.is_empty())
    }

    /// Whether the article only points elsewhere instead of answering: a short text
    /// (at most [`POINTER_MAX_WORDS`] words) that opens by sending the reader to another
    /// page ("For information on the treatment of lupus, you can read the NIAMS
    /// publication…", "See the PDQ summary about … for information.").
    pub fn only_points_elsewhere(&self) -> bool {
        let mut blocks = self.sections.iter().flat_map(|s| &s.blocks);
        let Some(first) = blocks.next() else {
            return false;
        };
        let words: usize = std::iter::once(first)
            .chain(blocks)
            .map(|b| b.text.split_whitespace().count())
            .sum();
        let opening = first.text.trim_start().to_lowercase();
        words <= POINTER_MAX_WORDS
            && crate::vocab::REFERRAL_OPENERS
                .iter()
                .any(|o| opening.starts_with(o))
    }
}

/// The longest text [`Article::only_points_elsewhere`] takes for a pointer.
pub const POINTER_MAX_WORDS: usize = 60;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn follow_up_slugs_are_ids_and_questions_are_not() {
        assert!(is_article_id("clonus-causes"));
        assert!(!is_article_id("How is clonus treated?"));
        assert!(!is_article_id(""));
    }

    #[test]
    fn medquad_and_builtin_kinds_fold_into_question_types() {
        assert_eq!(
            QuestionType::of_kind("exams and tests"),
            Some(QuestionType::Diagnosis)
        );
        assert_eq!(
            QuestionType::of_kind("examination"),
            Some(QuestionType::Diagnosis)
        );
        assert_eq!(
            QuestionType::of_kind("genetic changes"),
            Some(QuestionType::Genetics)
        );
        assert_eq!(QuestionType::of_kind("drug safety"), Some(QuestionType::Safety));
        assert_eq!(QuestionType::of_kind("astrology"), None);
        let codes: std::collections::HashSet<u64> = QuestionType::ALL.iter().map(|t| t.code()).collect();
        assert_eq!(codes.len(), QuestionType::ALL.len());
        assert!(!codes.contains(&0));
    }

    #[test]
    fn audience_parses_and_toggles() {
        assert_eq!("Patient".parse::<Audience>(), Ok(Audience::Patient));
        assert!("nurse".parse::<Audience>().is_err());
        assert_eq!(Audience::Clinician.toggled(), Audience::Patient);
    }
}
