//! The lifecycle's stage order, as a rule: a record the stage does not allow is a finding.

use super::*;

pub(super) fn cases() -> Vec<RuleCase> {
    vec![
        // The lifecycle.
        case(
            STAGE_ORDER,
            "investigation after filing",
            filed(),
            sample(K::InvestigationRecord, 1),
            &[],
        ),
        case(
            STAGE_ORDER,
            "archive right after filing",
            filed(),
            sample(K::CaseArchived, 1),
            &[STAGE_ORDER],
        ),
    ]
}
