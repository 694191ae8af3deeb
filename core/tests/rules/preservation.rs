//! Art. 56: preserved evidence is dealt with within 7 days.

use super::*;

const PRESERVATION_OPEN: &str = "APL-56-preservation-open";

pub(super) fn cases() -> Vec<RuleCase> {
    vec![
        // Art. 56: preserved Tuesday 2025-03-04, due Thursday 2025-03-13 (day 10).
        case(
            PRESERVATION_LATE,
            "resolved on the 7th working day",
            preserved_then(investigated()),
            sample(K::EvidencePreservationResolved, 10),
            &[],
        ),
        case(
            PRESERVATION_LATE,
            "resolved on the 8th working day",
            preserved_then(investigated()),
            sample(K::EvidencePreservationResolved, 11),
            &[PRESERVATION_LATE],
        ),
        case(
            PRESERVATION_OPEN,
            "closing with all resolved",
            concat(served(), [sample(K::ExecutionRecorded, 12)]),
            sample(K::CaseClosed, 13),
            &[],
        ),
        case(
            PRESERVATION_OPEN,
            "closing with an open preservation",
            concat(preserved_then(served()), [sample(K::ExecutionRecorded, 12)]),
            sample(K::CaseClosed, 13),
            &[PRESERVATION_OPEN],
        ),
    ]
}
