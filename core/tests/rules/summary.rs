//! Art. 51: the limits of 简易程序 (summary procedure).

use super::*;

const SUMMARY_LIMIT: &str = "APL-51-summary-limit";

pub(super) fn cases() -> Vec<RuleCase> {
    vec![
        // Art. 51.
        case(
            SUMMARY_LIMIT,
            "¥200 for a person",
            vec![],
            summary_for(PartyKind::Person, fine(20_000)),
            &[],
        ),
        case(
            SUMMARY_LIMIT,
            "¥200.01 for a person",
            vec![],
            summary_for(PartyKind::Person, fine(20_001)),
            &[SUMMARY_LIMIT],
        ),
        case(
            SUMMARY_LIMIT,
            "¥3,000 for an organisation",
            vec![],
            summary_for(PartyKind::Organisation, fine(300_000)),
            &[],
        ),
        case(
            SUMMARY_LIMIT,
            "¥3,000.01 for an organisation",
            vec![],
            summary_for(PartyKind::Organisation, fine(300_001)),
            &[SUMMARY_LIMIT],
        ),
        case(
            SUMMARY_LIMIT,
            "confiscation on the spot",
            vec![],
            summary_for(
                PartyKind::Person,
                Penalty {
                    confiscation_fen: 100,
                    ..Penalty::default()
                },
            ),
            &[SUMMARY_LIMIT],
        ),
    ]
}
