//! Art. 61: the decision served within 7 days, electronically only with consent, and 三书同达
//! where the unit turns it on.

use super::*;

const ELECTRONIC: &str = "APL-61-electronic-consent";
const THREE_DOCUMENTS: &str = "POL-three-documents";

pub(super) fn cases() -> Vec<RuleCase> {
    let served_with = |method, documents: &[ServedDocument]| {
        edit!(sample(K::DecisionServed, 11), DecisionServed, |b| {
            b.method = method;
            b.documents = documents.to_vec();
        })
    };
    let all_documents = [
        ServedDocument::Decision,
        ServedDocument::ComplianceAdvice,
        ServedDocument::CreditRepairNotice,
    ];
    let with_three_documents = {
        let mut c = context();
        c.config.three_documents = true;
        c
    };

    vec![
        // Art. 61: decided Thursday 2025-03-13, served by Monday 2025-03-24 (day 21).
        case(
            SERVICE_DEADLINE,
            "served on the 7th working day",
            decided(),
            sample(K::DecisionServed, 21),
            &[],
        ),
        case(
            SERVICE_DEADLINE,
            "served on the 8th working day",
            decided(),
            sample(K::DecisionServed, 22),
            &[SERVICE_DEADLINE],
        ),
        case(
            ELECTRONIC,
            "electronic with consent",
            concat(
                defended(),
                [sample(K::ServiceConsent, 4), sample(K::DecisionIssued, 10)],
            ),
            served_with(ServiceMethod::Electronic, &all_documents),
            &[],
        ),
        case(
            ELECTRONIC,
            "electronic without consent",
            decided(),
            served_with(ServiceMethod::Electronic, &all_documents),
            &[ELECTRONIC],
        ),
        case(
            THREE_DOCUMENTS,
            "three documents together",
            decided(),
            served_with(ServiceMethod::Post, &all_documents),
            &[],
        ),
        case(
            THREE_DOCUMENTS,
            "decision alone",
            decided(),
            served_with(ServiceMethod::Direct, &[ServedDocument::Decision]),
            &[THREE_DOCUMENTS],
        )
        .in_context(with_three_documents.clone()),
        // 三书同达 applies where the unit turns it on, to organisations.
        case(
            THREE_DOCUMENTS,
            "decision alone where the unit does not apply it",
            decided(),
            served_with(ServiceMethod::Direct, &[ServedDocument::Decision]),
            &[],
        ),
        case(
            THREE_DOCUMENTS,
            "decision alone on a person",
            concat(
                vec![filed_as(|b| b.party_kind = PartyKind::Person)],
                decided().into_iter().skip(1),
            ),
            served_with(ServiceMethod::Direct, &[ServedDocument::Decision]),
            &[],
        )
        .in_context(with_three_documents.clone()),
    ]
}
