//! Arts. 67 to 72: 罚缴分离, collection on the spot, receipts, handing in, the surcharge cap.

use super::*;

const ON_SPOT: &str = "APL-67-69-on-spot-collection";
const RECEIPT: &str = "APL-70-receipt";
const HAND_IN: &str = "APL-71-hand-in";
const SURCHARGE_CAP: &str = "APL-72-surcharge-cap";
/// A surcharge is for a late payment, which Art. 67's rule flags too.
const LATE: &str = "APL-67-payment-late";

/// An on-the-spot penalty of `fine_fen` on day 0 (Monday 2025-03-03).
fn summary(fine_fen: u64) -> Vec<CaseRecord> {
    vec![edit!(sample(K::SummaryPenalty, 0), SummaryPenalty, |p| p
        .penalty =
        fine(fine_fen))]
}

/// The fine paid to the officers on day 0 on receipt "R-1".
fn collected(ground: CollectionGround, change: impl FnOnce(&mut OnSpotCollection)) -> CaseRecord {
    edit!(sample(K::ExecutionRecorded, 0), ExecutionRecorded, |e| {
        let mut collection = OnSpotCollection {
            ground,
            receipt: "R-1".into(),
            party_requested: false,
        };
        change(&mut collection);
        e.paid_fen = 10_000;
        e.collection = Some(collection);
    })
}

fn surcharged(surcharge_fen: u64, on: i64) -> CaseRecord {
    edit!(sample(K::ExecutionRecorded, on), ExecutionRecorded, |e| {
        e.surcharge_fen = surcharge_fen;
        e.complete = false;
    })
}

pub(super) fn cases() -> Vec<RuleCase> {
    let small = || collected(CollectionGround::SmallFine, |_| {});
    let handed_in_on = |on| sample(K::CollectionHandedIn, on);
    vec![
        case(ON_SPOT, "¥100 on the spot", summary(10_000), small(), &[]),
        case(
            ON_SPOT,
            "¥100.01 as a small fine",
            summary(10_001),
            small(),
            &[ON_SPOT],
        ),
        case(
            ON_SPOT,
            "more, hard to enforce later",
            summary(20_000),
            collected(CollectionGround::HardToEnforce, |_| {}),
            &[],
        ),
        case(
            ON_SPOT,
            "hard to enforce, in an ordinary case",
            served(),
            collected(CollectionGround::HardToEnforce, |_| {}),
            &[ON_SPOT],
        ),
        case(
            ON_SPOT,
            "a remote area, at the party's request, in an ordinary case",
            served(),
            collected(CollectionGround::RemoteArea, |c| c.party_requested = true),
            &[],
        ),
        case(
            ON_SPOT,
            "a remote area, not asked by the party",
            served(),
            collected(CollectionGround::RemoteArea, |_| {}),
            &[ON_SPOT],
        ),
        case(
            RECEIPT,
            "without a receipt number",
            summary(10_000),
            collected(CollectionGround::SmallFine, |c| c.receipt = " ".into()),
            &[RECEIPT],
        ),
        case(
            RECEIPT,
            "a receipt used twice",
            concat(summary(10_000), [small()]),
            small(),
            &[RECEIPT],
        ),
        case(
            RECEIPT,
            "handing in what was collected",
            concat(summary(10_000), [small()]),
            handed_in_on(1),
            &[],
        ),
        case(
            RECEIPT,
            "handing in a receipt never issued",
            concat(summary(10_000), [small()]),
            edit!(handed_in_on(1), CollectionHandedIn, |h| h.receipts =
                vec!["R-9".into()]),
            &[RECEIPT],
        ),
        // Collected on Monday: the 2 working days end on Wednesday.
        case(
            HAND_IN,
            "handed in on the second working day",
            concat(summary(10_000), [small()]),
            handed_in_on(2),
            &[],
        ),
        case(
            HAND_IN,
            "on the third",
            concat(summary(10_000), [small()]),
            handed_in_on(3),
            &[HAND_IN],
        ),
        // The sample decision fines ¥5,000 (500,000 fen).
        case(
            SURCHARGE_CAP,
            "a surcharge up to the fine",
            served(),
            surcharged(500_000, 40),
            &[LATE],
        ),
        case(
            SURCHARGE_CAP,
            "surcharges beyond it, together",
            concat(served(), [surcharged(300_000, 40)]),
            surcharged(200_001, 41),
            &[LATE, SURCHARGE_CAP],
        ),
    ]
}

/// Art. 71 as an open deadline: money collected on the spot is due at the unit 2 working days
/// after, on the unit's calendar, until a hand-in names its receipt.
#[test]
fn a_collection_is_an_open_deadline_until_handed_in() {
    let context = context();
    let due = |records: &[CaseRecord]| {
        let state = CaseState::from_records(records).unwrap();
        open_deadlines(&state, &context)
            .into_iter()
            .filter(|d| d.rule == HAND_IN)
            .map(|d| (d.kind, d.last_day.to_string()))
            .collect::<Vec<_>>()
    };
    let r1 = || DeadlineKind::CollectionHandIn {
        receipt: "R-1".into(),
    };
    let collected_on = |on: i64| {
        let mut records = summary(10_000);
        records[0].at_us = day(on);
        let mut paid = collected(CollectionGround::SmallFine, |_| {});
        paid.at_us = day(on);
        records.push(paid);
        records
    };
    // Collected on Monday 2025-03-03: due by Wednesday.
    assert_eq!(due(&collected_on(0)), vec![(r1(), "2025-03-05".to_owned())]);
    // On Friday 2025-03-07: the weekend does not count, due by Tuesday.
    assert_eq!(due(&collected_on(4)), vec![(r1(), "2025-03-11".to_owned())]);
    // On Wednesday 2025-04-30, before the 劳动节 holiday of 1 to 5 May: due by Wednesday 7 May.
    assert_eq!(
        due(&collected_on(58)),
        vec![(r1(), "2025-05-07".to_owned())]
    );
    let mut handed_in = sample(K::CollectionHandedIn, 0);
    handed_in.at_us = day(59);
    assert!(due(&concat(collected_on(58), [handed_in])).is_empty());
}
