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

/// Transferred on day 4, and the police's filing notice received that day (Friday 2025-03-07),
/// recorded on day 5.
fn police_filed() -> Vec<CaseRecord> {
    concat(transferred(), [sample(K::TransferPoliceFiled, 5)])
}

fn received_on(mut record: CaseRecord, on: &str) -> CaseRecord {
    match &mut record.body {
        RecordBody::TransferPoliceFiled(b) => {
            b.notice_received_on = on.parse().unwrap();
            b.filed_on = b.filed_on.min(b.notice_received_on);
        }
        RecordBody::TransferHandedOver(b) => b.notice_received_on = on.parse().unwrap(),
        other => panic!("no filing notice in {other:?}"),
    }
    record
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
        // The police's filing recorded receipt on Friday 2025-03-07; the handover states Saturday:
        // the 3 days run from the earlier, and end on Monday 2025-03-10 (day 7).
        case(
            HANDOVER_3_DAYS,
            "handed over within 3 days of the recorded receipt",
            police_filed(),
            received_on(sample(K::TransferHandedOver, 7), "2025-03-08"),
            &[],
        ),
        case(
            HANDOVER_3_DAYS,
            "handed over within 3 days of the day it states, not of the recorded receipt",
            police_filed(),
            received_on(sample(K::TransferHandedOver, 8), "2025-03-08"),
            &[HANDOVER_3_DAYS],
        ),
        case(
            PROCEDURE,
            "the police's filing of a case with them",
            transferred(),
            sample(K::TransferPoliceFiled, 5),
            &[],
        ),
        case(
            PROCEDURE,
            "the police's filing of a case never transferred",
            approved(),
            sample(K::TransferPoliceFiled, 5),
            &[PROCEDURE],
        ),
        case(
            PROCEDURE,
            "the police's filing of a case they returned",
            concat(transferred(), [sample(K::TransferReturned, 5)]),
            sample(K::TransferPoliceFiled, 6),
            &[PROCEDURE],
        ),
        case(
            PROCEDURE,
            "the police's filing recorded twice",
            police_filed(),
            sample(K::TransferPoliceFiled, 6),
            &[PROCEDURE],
        ),
        case(
            PROCEDURE,
            "a filing notice received after the record of it",
            transferred(),
            received_on(sample(K::TransferPoliceFiled, 5), "2025-03-09"),
            &[PROCEDURE],
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

/// 移送规定 Art. 12 as an open deadline: once the police's filing is recorded, the handover is
/// due 3 days after the notice was received, until the materials are handed over.
#[test]
fn the_handover_is_an_open_deadline_once_the_police_file() {
    let context = context();
    let due = |records: &[CaseRecord]| {
        let state = CaseState::from_records(records).unwrap();
        open_deadlines(&state, &context)
            .into_iter()
            .filter(|d| d.rule == HANDOVER_3_DAYS)
            .map(|d| (d.kind, d.last_day.to_string(), d.ends_before_us))
            .collect::<Vec<_>>()
    };
    assert!(due(&transferred()).is_empty());
    // Received on Friday 2025-03-07: handed over by Monday 2025-03-10 (day 7), calendar days.
    let handover = due(&police_filed());
    assert_eq!(
        handover,
        [(
            DeadlineKind::TransferHandover,
            "2025-03-10".to_owned(),
            day(8) - 10 * 3_600_000_000
        )]
    );
    assert!(due(&concat(police_filed(), [sample(K::TransferHandedOver, 6)])).is_empty());
    assert!(due(&concat(police_filed(), [sample(K::TransferReturned, 6)])).is_empty());
}

/// A filing notice is named, and received no earlier than the police decided to file: a body
/// saying otherwise is refused where it enters, before any rule reads it.
#[test]
fn a_police_filing_is_validated_where_it_enters() {
    let body = |notice: &str, filed_on: &str, received_on: &str| {
        json!({"filing_notice": notice, "filed_on": filed_on, "notice_received_on": received_on})
            .as_object()
            .unwrap()
            .clone()
    };
    let parse = |b| CaseRecord::parse("transfer.police_filed", day(5), "officer-a", &b);
    assert!(parse(body("某公立字〔2025〕1号", "2025-03-06", "2025-03-07")).is_ok());
    for (bad, why) in [
        (body(" ", "2025-03-06", "2025-03-07"), "filing_notice"),
        (
            body("某公立字〔2025〕1号", "2025-03-08", "2025-03-07"),
            "before filed_on",
        ),
        (body("某公立字〔2025〕1号", "2025-03-06", "2025-02-30"), ""),
    ] {
        match parse(bad) {
            Err(LifecycleError::InvalidBody { kind, reason }) => {
                assert_eq!(kind, K::TransferPoliceFiled);
                assert!(reason.contains(why), "{reason}");
            }
            other => panic!("expected an invalid body, got {other:?}"),
        }
    }
}
