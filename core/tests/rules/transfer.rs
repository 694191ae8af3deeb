//! 行政处罚法 Art. 27 and 行政执法机关移送涉嫌犯罪案件的规定 Arts. 5, 6: a suspected crime goes
//! to the police.

use super::*;

const PROCEDURE: &str = "TRF-5-6-procedure";
const DECISION_3_DAYS: &str = "TRF-5-decision-3-days";
const TRANSFER_24H: &str = "TRF-5-transfer-24h";
const PENALTY_SUSPENDED: &str = "APL-27-penalty-suspended";
const HANDOVER_3_DAYS: &str = "TRF-12-handover-3-days";

/// Filed on day 0, investigated on day 1, reported on day 2 (Wednesday 2025-03-05).
fn reported() -> Vec<CaseRecord> {
    concat(investigated(), [sample(K::TransferReported, 2)])
}

fn declined(reasons: &str) -> CaseRecord {
    edit!(sample(K::TransferDecided, 3), TransferDecided, |d| {
        d.approved = false;
        d.reasons = reasons.into();
    })
}

fn approved() -> Vec<CaseRecord> {
    concat(reported(), [sample(K::TransferDecided, 3)])
}

fn transferred() -> Vec<CaseRecord> {
    concat(approved(), [sample(K::TransferMade, 4)])
}

pub(super) fn cases() -> Vec<RuleCase> {
    let made_at = |at_us: i64| {
        let mut made = sample(K::TransferMade, 0);
        made.at_us = at_us;
        made
    };
    vec![
        // Transferred on day 4, the police's filing notice received that day (Friday
        // 2025-03-07): the materials are handed over by Monday 2025-03-10 (day 7).
        case(
            HANDOVER_3_DAYS,
            "handed over on the third day after the filing notice",
            transferred(),
            sample(K::TransferHandedOver, 7),
            &[],
        ),
        case(
            HANDOVER_3_DAYS,
            "handed over on the fourth day",
            transferred(),
            sample(K::TransferHandedOver, 8),
            &[HANDOVER_3_DAYS],
        ),
        case(
            PROCEDURE,
            "materials handed over for a case never transferred",
            approved(),
            sample(K::TransferHandedOver, 5),
            &[PROCEDURE],
        ),
        case(
            PROCEDURE,
            "reported by two officers",
            investigated(),
            sample(K::TransferReported, 2),
            &[],
        ),
        case(
            PROCEDURE,
            "reported by one",
            investigated(),
            edit!(sample(K::TransferReported, 2), TransferReported, |r| r
                .officers
                .clear()),
            &[PROCEDURE],
        ),
        case(
            PROCEDURE,
            "declined with reasons",
            reported(),
            declined("情节显著轻微，不构成犯罪"),
            &[],
        ),
        case(
            PROCEDURE,
            "declined without",
            reported(),
            declined(" "),
            &[PROCEDURE],
        ),
        case(
            PROCEDURE,
            "a decision with no report",
            investigated(),
            sample(K::TransferDecided, 3),
            &[PROCEDURE],
        ),
        case(
            PROCEDURE,
            "transferred with its materials",
            approved(),
            sample(K::TransferMade, 4),
            &[],
        ),
        case(
            PROCEDURE,
            "transferred without the inventory",
            approved(),
            edit!(sample(K::TransferMade, 4), TransferMade, |m| m
                .materials
                .retain(|m| *m != TransferMaterial::Inventory)),
            &[PROCEDURE],
        ),
        case(
            PROCEDURE,
            "transferred though declined",
            concat(reported(), [declined("不构成犯罪")]),
            sample(K::TransferMade, 4),
            &[PROCEDURE],
        ),
        case(
            PROCEDURE,
            "returned by the police",
            transferred(),
            sample(K::TransferReturned, 20),
            &[],
        ),
        case(
            PROCEDURE,
            "returned though never sent",
            approved(),
            sample(K::TransferReturned, 20),
            &[PROCEDURE],
        ),
        // Reported on day 2: the 3 days end on day 5.
        case(
            DECISION_3_DAYS,
            "decided on the third day",
            reported(),
            sample(K::TransferDecided, 5),
            &[],
        ),
        case(
            DECISION_3_DAYS,
            "decided on the fourth",
            reported(),
            sample(K::TransferDecided, 6),
            &[DECISION_3_DAYS],
        ),
        // Approved on day 3.
        case(
            TRANSFER_24H,
            "transferred 24 hours after the approval",
            approved(),
            made_at(day(4)),
            &[],
        ),
        case(
            TRANSFER_24H,
            "a minute later",
            approved(),
            made_at(day(4) + 60_000_000),
            &[TRANSFER_24H],
        ),
        case(
            PENALTY_SUSPENDED,
            "no notice while the report waits",
            reported(),
            sample(K::NoticeServed, 4),
            &[PENALTY_SUSPENDED],
        ),
        case(
            PENALTY_SUSPENDED,
            "nor while the police have the case",
            transferred(),
            sample(K::NoticeServed, 5),
            &[PENALTY_SUSPENDED],
        ),
        case(
            PENALTY_SUSPENDED,
            "a notice once the transfer is declined",
            concat(reported(), [declined("不构成犯罪")]),
            sample(K::NoticeServed, 4),
            &[],
        ),
        case(
            PENALTY_SUSPENDED,
            "and once the police return the case",
            concat(transferred(), [sample(K::TransferReturned, 20)]),
            sample(K::NoticeServed, 21),
            &[],
        ),
    ]
}

/// 移送规定 Art. 5 as open deadlines: the head's decision is due 3 days after the report, the
/// transfer 24 hours after the approval, each ended by the record that meets it.
#[test]
fn a_transfer_is_an_open_deadline_until_decided_and_made() {
    let context = context();
    let due = |records: &[CaseRecord]| {
        let state = CaseState::from_records(records).unwrap();
        open_deadlines(&state, &context)
            .into_iter()
            .filter(|d| d.rule == DECISION_3_DAYS || d.rule == TRANSFER_24H)
            .map(|d| (d.kind, d.rule, d.last_day.to_string(), d.ends_before_us))
            .collect::<Vec<_>>()
    };
    // Reported on Wednesday 2025-03-05: decided by Saturday 2025-03-08 (calendar days).
    let decision = due(&reported());
    assert_eq!(decision.len(), 1, "{decision:?}");
    assert_eq!(
        (&decision[0].0, decision[0].1, decision[0].2.as_str()),
        (
            &DeadlineKind::TransferDecision,
            DECISION_3_DAYS,
            "2025-03-08"
        )
    );
    // Approved on day 3 at 10:00: transferred by day 4 at 10:00, to the microsecond.
    let transfer = due(&approved());
    assert_eq!(transfer.len(), 1, "{transfer:?}");
    assert_eq!(
        (&transfer[0].0, transfer[0].1, transfer[0].2.as_str()),
        (&DeadlineKind::Transfer, TRANSFER_24H, "2025-03-07")
    );
    assert_eq!(transfer[0].3, day(4) + 1);
    assert!(due(&transferred()).is_empty());
    assert!(due(&concat(reported(), [declined("不构成犯罪")])).is_empty());
}
