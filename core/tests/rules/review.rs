//! Arts. 57, 58: the legal review and collective discussion a major or complex case needs, and who
//! may review.

use super::*;

const LEGAL_REVIEW: &str = "APL-58-legal-review";
const COLLECTIVE: &str = "APL-57-collective-discussion";
const REVIEWERS: &str = "APL-57-58-reviewers";

fn with_reviewer(certificate: Option<&str>, since: &str) -> RuleContext {
    let mut c = context();
    c.config.legal_reviewers = vec![LegalReviewer {
        user: REVIEWER.into(),
        legal_profession_certificate: certificate.map(Into::into),
        reviewing_since: since.parse().unwrap(),
    }];
    c
}

pub(super) fn cases() -> Vec<RuleCase> {
    let major_category = {
        let mut c = context();
        c.config.major_case_categories = vec!["food-safety".into()];
        c
    };
    let complex = concat(
        vec![filed_as(|b| b.complex = true)],
        defended().into_iter().skip(1),
    );

    vec![
        // Art. 57, 58.
        case(
            LEGAL_REVIEW,
            "major rights, approved after the hearing",
            concat(
                heard_major_rights(),
                [reviewed(LegalReviewOutcome::Approved)],
            ),
            sample(K::DecisionIssued, 25),
            &[],
        ),
        case(
            LEGAL_REVIEW,
            "major rights, decided after a hearing, unreviewed",
            heard_major_rights(),
            sample(K::DecisionIssued, 25),
            &[LEGAL_REVIEW],
        ),
        // Art. 58(2) is "直接关系当事人或者第三人重大权益，经过听证程序的": both, so a hearing alone
        // does not make a case major.
        case(
            LEGAL_REVIEW,
            "decided after a hearing, no major rights",
            heard(),
            sample(K::DecisionIssued, 25),
            &[],
        ),
        case(
            LEGAL_REVIEW,
            "review found problems",
            concat(
                heard_major_rights(),
                [reviewed(LegalReviewOutcome::ProblemsFound)],
            ),
            sample(K::DecisionIssued, 25),
            &[LEGAL_REVIEW],
        ),
        case(
            LEGAL_REVIEW,
            "major category",
            defended(),
            sample(K::DecisionIssued, 10),
            &[LEGAL_REVIEW, COLLECTIVE],
        )
        .in_context(major_category),
        case(
            COLLECTIVE,
            "complex, reviewed and discussed",
            concat(
                complex.clone(),
                [sample(K::ReviewLegal, 9), sample(K::ReviewCollective, 9)],
            ),
            sample(K::DecisionIssued, 10),
            &[],
        ),
        case(
            COLLECTIVE,
            "complex, not discussed",
            concat(complex.clone(), [sample(K::ReviewLegal, 9)]),
            sample(K::DecisionIssued, 10),
            &[COLLECTIVE],
        ),
        // Art. 57, 58: who reviews.
        case(
            REVIEWERS,
            "heads discuss",
            investigated(),
            sample(K::ReviewCollective, 2),
            &[],
        )
        .in_context(with_heads()),
        case(
            REVIEWERS,
            "an officer in the collective discussion",
            investigated(),
            edit!(sample(K::ReviewCollective, 2), ReviewCollective, |b| b
                .participants
                .push(OFFICER_C.into())),
            &[REVIEWERS],
        )
        .in_context(with_heads()),
        case(
            REVIEWERS,
            "the investigator reviews",
            investigated(),
            edit!(sample(K::ReviewLegal, 2), ReviewLegal, |b| b.reviewer =
                OFFICER_B.into()),
            &[REVIEWERS],
        ),
        case(
            REVIEWERS,
            "a qualified reviewer",
            investigated(),
            sample(K::ReviewLegal, 2),
            &[],
        )
        .in_context(with_reviewer(Some("A20213101000001"), "2023-01-01")),
        case(
            REVIEWERS,
            "a reviewer since before 2021 without the qualification",
            investigated(),
            sample(K::ReviewLegal, 2),
            &[],
        )
        .in_context(with_reviewer(None, "2019-05-01")),
        case(
            REVIEWERS,
            "a first-time reviewer without the qualification",
            investigated(),
            sample(K::ReviewLegal, 2),
            &[REVIEWERS],
        )
        .in_context(with_reviewer(None, "2023-01-01")),
        case(
            COLLECTIVE,
            "discussed before the legal review",
            concat(
                complex.clone(),
                [sample(K::ReviewCollective, 9), sample(K::ReviewLegal, 9)],
            ),
            sample(K::DecisionIssued, 10),
            &[COLLECTIVE],
        ),
    ]
}
