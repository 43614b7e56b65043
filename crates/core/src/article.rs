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
    #[serde(default)]
    pub specialty: String,
    pub source: Source,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    pub status: Status,
    /// Last update, `YYYY-MM-DD`.
    pub updated: String,
    pub summaries: Summaries,
    #[serde(default)]
    pub sections: Vec<Section>,
    /// Ids of related articles (related conditions, drugs, tests).
    #[serde(default)]
    pub related: Vec<String>,
    /// Suggested follow-ups: an article id (a slug, no spaces) or a question text.
    #[serde(default)]
    pub follow_ups: Vec<String>,
    #[serde(default)]
    pub references: Vec<Reference>,
}

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
    pub clinician: String,
    pub patient: String,
}

/// Who is reading: picks the summary and the wording of the header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    #[default]
    Clinician,
    Patient,
}

impl Audience {
    pub fn toggled(self) -> Self {
        match self {
            Audience::Clinician => Audience::Patient,
            Audience::Patient => Audience::Clinician,
        }
    }

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
    Guideline,
    Research,
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

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    pub heading: String,
    pub role: Role,
    #[serde(default)]
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockKind {
    Paragraph,
    Bullet,
}

/// A paragraph or bullet with the numbers of the references it cites.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Block {
    pub kind: BlockKind,
    pub text: String,
    #[serde(default)]
    pub refs: Vec<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReferenceKind {
    Guideline,
    Research,
    Web,
}

impl ReferenceKind {
    pub fn label(self) -> &'static str {
        match self {
            ReferenceKind::Guideline => "Guideline",
            ReferenceKind::Research => "Research",
            ReferenceKind::Web => "Web",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reference {
    /// The number citations use, from 1.
    pub n: u32,
    pub kind: ReferenceKind,
    pub title: String,
    /// Journal, issuing body or website.
    pub source: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<u16>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authors: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pmid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doi: Option<String>,
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

/// What a question asks about its subject, in one vocabulary for every corpus: the
/// built-in kinds and MedQuAD's 37 question types fold into these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuestionType {
    Information,
    Causes,
    Symptoms,
    Diagnosis,
    Treatment,
    Outlook,
    Prevention,
    Genetics,
    Susceptibility,
    Complications,
    Safety,
    Usage,
    Interactions,
    Research,
    SeekCare,
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
            "information" | "other information" | "considerations" => Information,
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
            | "dietary"
            | "brand names"
            | "brand names of combination products" => Usage,
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
}

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
