//! Publication types (and the study-design MeSH headings) → a level of evidence.

use crate::article::Evidence;

/// Publication types, lower case, and the level each puts a paper at.
const TYPES: &[(&str, Evidence)] = &[
    ("practice guideline", Evidence::Guideline),
    ("guideline", Evidence::Guideline),
    ("consensus development conference", Evidence::Guideline),
    ("consensus development conference, nih", Evidence::Guideline),
    ("meta-analysis", Evidence::MetaAnalysis),
    ("network meta-analysis", Evidence::MetaAnalysis),
    ("systematic review", Evidence::SystematicReview),
    ("randomized controlled trial", Evidence::RandomisedControlledTrial),
    ("randomised controlled trial", Evidence::RandomisedControlledTrial),
    (
        "randomized controlled trial, veterinary",
        Evidence::RandomisedControlledTrial,
    ),
    ("pragmatic clinical trial", Evidence::RandomisedControlledTrial),
    ("observational study", Evidence::CohortOrCaseControl),
    ("observational study, veterinary", Evidence::CohortOrCaseControl),
    ("case reports", Evidence::CaseReport),
    ("case report", Evidence::CaseReport),
    ("review", Evidence::Review),
    ("scoping review", Evidence::Review),
];

/// MeSH headings that name an observational design, for the many cohort and
/// case-control studies whose publication type says only "Journal Article".
const OBSERVATIONAL_MESH: &[&str] = &[
    "case-control studies",
    "cohort studies",
    "longitudinal studies",
    "prospective studies",
    "retrospective studies",
];

/// The strongest level the publication types (or, for observational designs, the MeSH
/// headings) name; [`Evidence::Other`] when none does.
pub fn evidence_level(publication_types: &[String], mesh: &[String]) -> Evidence {
    let by_type = publication_types.iter().filter_map(|t| {
        let t = t.trim().to_lowercase();
        TYPES.iter().find(|(name, _)| *name == t).map(|(_, level)| *level)
    });
    let by_mesh = mesh
        .iter()
        .any(|m| OBSERVATIONAL_MESH.contains(&m.trim().to_lowercase().as_str()))
        .then_some(Evidence::CohortOrCaseControl);
    by_type.chain(by_mesh).min().unwrap_or(Evidence::Other)
}

/// Whether a publication type marks the paper itself as retracted (not a retraction
/// notice, which is "Retraction of Publication").
pub fn is_retraction_type(publication_type: &str) -> bool {
    publication_type
        .trim()
        .eq_ignore_ascii_case("retracted publication")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn types(names: &[&str]) -> Vec<String> {
        names.iter().map(|n| n.to_string()).collect()
    }

    #[test]
    fn the_strongest_design_named_sets_the_level() {
        let rct = types(&["Journal Article", "Randomized Controlled Trial", "Review"]);
        assert_eq!(evidence_level(&rct, &[]), Evidence::RandomisedControlledTrial);
        assert_eq!(
            evidence_level(&types(&["Meta-Analysis", "Systematic Review"]), &[]),
            Evidence::MetaAnalysis
        );
        assert_eq!(
            evidence_level(&types(&["Case Reports", "Review"]), &[]),
            Evidence::CaseReport
        );
        assert_eq!(
            evidence_level(&types(&["Practice Guideline"]), &[]),
            Evidence::Guideline
        );
        assert_eq!(evidence_level(&types(&["Letter"]), &[]), Evidence::Other);
    }

    #[test]
    fn observational_designs_are_read_from_mesh_when_the_type_does_not_say() {
        let level = evidence_level(
            &types(&["Journal Article"]),
            &types(&["Humans", "Cohort Studies"]),
        );
        assert_eq!(level, Evidence::CohortOrCaseControl);
    }

    #[test]
    fn only_the_retracted_paper_is_marked_not_the_notice() {
        assert!(is_retraction_type("Retracted Publication"));
        assert!(!is_retraction_type("Retraction of Publication"));
    }
}
