//! Art. 60: the decision period of 90 days, its extensions and the periods left out of it.

use super::*;

const PERIOD_BASIS: &str = "APL-60-period-basis";

fn excluded(what: &str, from: i64, to: i64) -> CaseRecord {
    edit!(sample(K::PeriodExcluded, to), PeriodExcluded, |b| {
        b.what = what.into();
        b.from_us = day(from);
        b.to_us = day(to);
    })
}

pub(super) fn cases() -> Vec<RuleCase> {
    let extended = concat(defended(), [sample(K::ExtensionApproved, 30)]);

    vec![
        // Art. 60: filed Monday 2025-03-03; day 90 is Sunday 2025-06-01 in the 端午 holiday,
        // so the period ends Tuesday 2025-06-03 (day 92).
        case(
            DECISION_DEADLINE,
            "decided on the last day",
            defended(),
            sample(K::DecisionIssued, 92),
            &[],
        ),
        case(
            DECISION_DEADLINE,
            "decided a day late",
            defended(),
            sample(K::DecisionIssued, 93),
            &[DECISION_DEADLINE],
        ),
        case(
            DECISION_DEADLINE,
            "late but extended",
            extended.clone(),
            sample(K::DecisionIssued, 93),
            &[],
        ),
        case(
            DECISION_DEADLINE,
            "late, extended under no configured regulation",
            extended,
            sample(K::DecisionIssued, 93),
            &[DECISION_DEADLINE],
        )
        .in_context(RuleContext {
            config: OrganisationConfig::default(),
            ..context()
        }),
        // Appraisal from day 10 to day 15 (6 days) is left out: day 96 is Saturday 2025-06-07,
        // so the period ends Monday 2025-06-09 (day 98).
        case(
            DECISION_DEADLINE,
            "appraisal left out",
            concat(defended(), [excluded("appraisal", 10, 15)]),
            sample(K::DecisionIssued, 98),
            &[],
        ),
        case(
            DECISION_DEADLINE,
            "appraisal left out, still late",
            concat(defended(), [excluded("appraisal", 10, 15)]),
            sample(K::DecisionIssued, 99),
            &[DECISION_DEADLINE],
        ),
        case(
            DECISION_DEADLINE,
            "an unconfigured period is not left out",
            concat(defended(), [excluded("appraisal", 10, 15)]),
            sample(K::DecisionIssued, 98),
            &[DECISION_DEADLINE],
        )
        .in_context({
            let mut c = context();
            c.config.decision_excluded_periods.clear();
            c
        }),
        case(
            PERIOD_BASIS,
            "extension under the configured regulation",
            defended(),
            sample(K::ExtensionApproved, 30),
            &[],
        ),
        case(
            PERIOD_BASIS,
            "extension under no configured regulation",
            defended(),
            edit!(sample(K::ExtensionApproved, 30), ExtensionApproved, |b| b
                .regulation =
                "经批准延长".into()),
            &[PERIOD_BASIS],
        ),
        case(
            PERIOD_BASIS,
            "extension approved by the wrong role",
            defended(),
            edit!(sample(K::ExtensionApproved, 30), ExtensionApproved, |b| b
                .approver_role =
                "officer".into()),
            &[PERIOD_BASIS],
        ),
        case(
            PERIOD_BASIS,
            "extensions past the cap",
            concat(defended(), [sample(K::ExtensionApproved, 30)]),
            edit!(sample(K::ExtensionApproved, 60), ExtensionApproved, |b| b
                .days =
                1),
            &[PERIOD_BASIS],
        ),
        case(
            PERIOD_BASIS,
            "excluded period of a configured kind",
            defended(),
            excluded("appraisal", 10, 15),
            &[],
        ),
        case(
            PERIOD_BASIS,
            "excluded period of no configured kind",
            defended(),
            excluded("waiting", 10, 15),
            &[PERIOD_BASIS],
        ),
    ]
}
