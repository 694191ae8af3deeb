//! 行政强制法 Arts. 18, 19, 24, 25, 27: 查封、扣押.

use super::*;

const APPROVAL: &str = "ACL-18-19-approval";
const ON_SITE_RECORD: &str = "ACL-18-on-site-record";
const HANDOVER: &str = "ACL-24-handover";
const REPORT_LATE: &str = "ACL-19-report-24h";
const EXTENSION: &str = "ACL-25-extension";
const TESTING: &str = "ACL-25-testing";
const PERIOD: &str = "ACL-25-period";
const END_DECISION: &str = "ACL-27-end-decision";

/// A seizure on day 1 (2025-03-04), on video, approved by the head in advance, the party
/// present and signing, decision and inventory handed over: measure "m1".
fn seizure(change: impl FnOnce(&mut CompulsoryMeasure)) -> CaseRecord {
    edit!(
        sample(K::InvestigationRecord, 1),
        InvestigationRecord,
        |b| {
            b.act = Some(act::SEIZURE.into());
            b.evidence = vec![video()];
            let mut measure = measure("m1");
            change(&mut measure);
            b.compulsion = Some(measure);
        }
    )
}

fn urgent(m: &mut CompulsoryMeasure) {
    m.approved_by = None;
    m.urgent = true;
}

/// Filed on day 0, seized on day 1 as `change` says.
fn seized_with(change: impl FnOnce(&mut CompulsoryMeasure)) -> Vec<CaseRecord> {
    vec![sample(K::CaseFiled, 0), seizure(change)]
}

fn seized() -> Vec<CaseRecord> {
    seized_with(|_| {})
}

fn at(kind: RecordKind, on: i64) -> CaseRecord {
    sample(kind, on)
}

fn extended(on: i64, change: impl FnOnce(&mut CompulsionExtended)) -> CaseRecord {
    edit!(at(K::CompulsionExtended, on), CompulsionExtended, |b| {
        change(b)
    })
}

pub(super) fn cases() -> Vec<RuleCase> {
    let old_form = edit!(seizure(|_| {}), InvestigationRecord, |b| b.compulsion =
        None);
    let ended = |on| at(K::CompulsionEnded, on);
    // Served with the seizure in its investigation, and paid on day 12.
    let executed = |end: Option<i64>| {
        let mut records = served();
        records.insert(2, seizure(|_| {}));
        if let Some(on) = end {
            records.push(ended(on));
        }
        concat(records, [sample(K::ExecutionRecorded, 12)])
    };
    vec![
        case(
            APPROVAL,
            "approved by the head in advance",
            vec![sample(K::CaseFiled, 0)],
            seizure(|_| {}),
            &[],
        ),
        case(
            APPROVAL,
            "urgent, to be reported",
            vec![sample(K::CaseFiled, 0)],
            seizure(urgent),
            &[],
        ),
        case(
            APPROVAL,
            "neither approved nor urgent",
            vec![sample(K::CaseFiled, 0)],
            seizure(|m| m.approved_by = Some(" ".into())),
            &[APPROVAL],
        ),
        case(
            APPROVAL,
            "a seizure stating no measure",
            vec![sample(K::CaseFiled, 0)],
            old_form,
            &[APPROVAL],
        ),
        case(
            ON_SITE_RECORD,
            "the party present refused to sign, and the record notes it",
            vec![sample(K::CaseFiled, 0)],
            seizure(|m| m.record_signed_by = RecordSignatory::PartyRefused),
            &[],
        ),
        case(
            ON_SITE_RECORD,
            "the party absent, a witness signed",
            vec![sample(K::CaseFiled, 0)],
            seizure(|m| {
                m.party_present = false;
                m.record_signed_by = RecordSignatory::Witness;
            }),
            &[],
        ),
        case(
            ON_SITE_RECORD,
            "the party absent and no witness",
            vec![sample(K::CaseFiled, 0)],
            seizure(|m| m.party_present = false),
            &[ON_SITE_RECORD],
        ),
        case(
            ON_SITE_RECORD,
            "the party present, and only a witness signed",
            vec![sample(K::CaseFiled, 0)],
            seizure(|m| m.record_signed_by = RecordSignatory::Witness),
            &[ON_SITE_RECORD],
        ),
        case(
            HANDOVER,
            "the decision and the inventory handed over",
            vec![sample(K::CaseFiled, 0)],
            seizure(|_| {}),
            &[],
        ),
        case(
            HANDOVER,
            "the inventory not handed over",
            vec![sample(K::CaseFiled, 0)],
            seizure(|m| m.inventory_handed_over = false),
            &[HANDOVER],
        ),
        case(
            HANDOVER,
            "the decision not handed over",
            vec![sample(K::CaseFiled, 0)],
            seizure(|m| m.decision_handed_over = false),
            &[HANDOVER],
        ),
        case(
            REPORT_LATE,
            "approved 24 hours after",
            seized_with(urgent),
            at(K::CompulsionApproved, 2),
            &[],
        ),
        case(
            REPORT_LATE,
            "approved two days after",
            seized_with(urgent),
            at(K::CompulsionApproved, 3),
            &[REPORT_LATE],
        ),
        case(
            REPORT_LATE,
            "a measure approved in advance confirmed later is no late report",
            seized(),
            at(K::CompulsionApproved, 5),
            &[],
        ),
        case(
            EXTENSION,
            "30 days more, with reasons, on the 30th day",
            seized(),
            extended(31, |_| {}),
            &[],
        ),
        case(
            EXTENSION,
            "31 days more",
            seized(),
            extended(20, |e| e.days = 31),
            &[EXTENSION],
        ),
        case(
            EXTENSION,
            "without reasons",
            seized(),
            extended(20, |e| e.reasons.clear()),
            &[EXTENSION],
        ),
        case(
            EXTENSION,
            "the party not told in writing",
            seized(),
            extended(20, |e| e.party_notified = false),
            &[EXTENSION],
        ),
        case(
            EXTENSION,
            "after the 30 days lapsed",
            seized(),
            extended(32, |_| {}),
            &[EXTENSION],
        ),
        case(
            EXTENSION,
            "a second extension",
            concat(seized(), [extended(20, |e| e.days = 10)]),
            extended(25, |e| e.days = 10),
            &[EXTENSION],
        ),
        case(
            TESTING,
            "a testing period told in writing",
            seized(),
            at(K::CompulsionTesting, 5),
            &[],
        ),
        case(
            TESTING,
            "one not told",
            seized(),
            edit!(at(K::CompulsionTesting, 5), CompulsionTesting, |t| t
                .party_notified =
                false),
            &[TESTING],
        ),
        case(PERIOD, "decided on the 30th day", seized(), ended(31), &[]),
        case(
            PERIOD,
            "decided on the 31st",
            seized(),
            ended(32),
            &[PERIOD],
        ),
        case(
            PERIOD,
            "the extension and the testing period count",
            concat(
                seized(),
                [extended(20, |_| {}), at(K::CompulsionTesting, 25)],
            ),
            ended(71),
            &[],
        ),
        case(
            PERIOD,
            "and no more",
            concat(
                seized(),
                [extended(20, |_| {}), at(K::CompulsionTesting, 25)],
            ),
            ended(72),
            &[PERIOD],
        ),
        case(
            END_DECISION,
            "closing after the release",
            executed(Some(11)),
            sample(K::CaseClosed, 13),
            &[],
        ),
        case(
            END_DECISION,
            "closing with the seizure open",
            executed(None),
            sample(K::CaseClosed, 13),
            &[END_DECISION],
        ),
        // Art. 56 preservation resolved by seizure: the same measure, the same rules.
        case(
            APPROVAL,
            "preservation resolved by an approved seizure",
            preserved(),
            resolved_by_seizure(Some(|_: &mut CompulsoryMeasure| {})),
            &[],
        ),
        case(
            APPROVAL,
            "preservation resolved by seizure, stating no measure",
            preserved(),
            resolved_by_seizure(None::<fn(&mut CompulsoryMeasure)>),
            &[APPROVAL],
        ),
        case(
            HANDOVER,
            "preservation resolved by seizure, no inventory handed over",
            preserved(),
            resolved_by_seizure(Some(|m: &mut CompulsoryMeasure| {
                m.inventory_handed_over = false
            })),
            &[HANDOVER],
        ),
        case(
            ON_SITE_RECORD,
            "preservation resolved by seizure, party absent and no witness",
            preserved(),
            resolved_by_seizure(Some(|m: &mut CompulsoryMeasure| m.party_present = false)),
            &[ON_SITE_RECORD],
        ),
        // Seized on day 2 (2025-03-05): the 30 days end on day 32.
        case(
            PERIOD,
            "the seizure of a preservation decided on its 30th day",
            seized_on_resolution(),
            ended(32),
            &[],
        ),
        case(
            PERIOD,
            "the seizure of a preservation decided on its 31st day",
            seized_on_resolution(),
            ended(33),
            &[PERIOD],
        ),
        case(
            END_DECISION,
            "closing with the seizure of a preservation open",
            concat(seized_on_resolution(), [sample(K::CaseTerminated, 3)]),
            sample(K::CaseClosed, 4),
            &[END_DECISION],
        ),
    ]
}

/// Filed on day 0, investigated and evidence preserved ("p1") on day 1.
fn preserved() -> Vec<CaseRecord> {
    concat(investigated(), [sample(K::EvidencePreserved, 1)])
}

/// "p1" resolved on day 2 by seizing the goods on video, stating measure "m1" as `change`
/// leaves it, or none.
fn resolved_by_seizure(change: Option<impl FnOnce(&mut CompulsoryMeasure)>) -> CaseRecord {
    edit!(
        sample(K::EvidencePreservationResolved, 2),
        EvidencePreservationResolved,
        |b| {
            b.outcome = PreservationOutcome::Seized;
            b.evidence = vec![video()];
            b.compulsion = change.map(|change| {
                let mut m = measure("m1");
                change(&mut m);
                m
            });
        }
    )
}

fn seized_on_resolution() -> Vec<CaseRecord> {
    concat(
        preserved(),
        [resolved_by_seizure(Some(|_: &mut CompulsoryMeasure| {}))],
    )
}

/// A seizure resolving a preservation starts the measure's period like any other: open from
/// that day, and its id taken.
#[test]
fn a_preservation_resolved_by_seizure_starts_the_measure() {
    assert_eq!(
        measure_deadlines(&seized_on_resolution()),
        vec![(
            DeadlineKind::CompulsionEnd {
                measure: "m1".into()
            },
            "2025-04-04".to_owned()
        )]
    );
    // Another outcome carries no measure, even if it states one.
    let released = edit!(
        resolved_by_seizure(Some(|_: &mut CompulsoryMeasure| {})),
        EvidencePreservationResolved,
        |b| b.outcome = PreservationOutcome::Released
    );
    assert!(measure_deadlines(&concat(preserved(), [released])).is_empty());
    let again = CaseState::from_records(&concat(seized_on_resolution(), [seizure(|_| {})]));
    assert!(
        matches!(again, Err(RecordRefused { error: LifecycleError::Refused { refusal: Refusal::DuplicateMeasure(ref id), .. }, .. }) if id == "m1"),
        "{again:?}"
    );
}

#[test]
fn records_naming_an_unknown_or_ended_measure_are_refused() {
    let unknown = CaseState::from_records(&[
        sample(K::CaseFiled, 0),
        sample(K::InvestigationRecord, 1),
        sample(K::CompulsionEnded, 2),
    ]);
    assert!(
        matches!(unknown, Err(RecordRefused { error: LifecycleError::Refused { refusal: Refusal::UnknownMeasure(ref id), .. }, .. }) if id == "m1"),
        "{unknown:?}"
    );
    let twice = CaseState::from_records(&concat(
        seized(),
        [sample(K::CompulsionEnded, 5), sample(K::CompulsionEnded, 6)],
    ));
    assert!(
        matches!(
            twice,
            Err(RecordRefused {
                error: LifecycleError::Refused {
                    refusal: Refusal::MeasureEnded(_),
                    ..
                },
                ..
            })
        ),
        "{twice:?}"
    );
    let again = CaseState::from_records(&concat(seized(), [seizure(|_| {})]));
    assert!(
        matches!(
            again,
            Err(RecordRefused {
                error: LifecycleError::Refused {
                    refusal: Refusal::DuplicateMeasure(_),
                    ..
                },
                ..
            })
        ),
        "{again:?}"
    );
}

/// The measure's deadlines in the case `records` make, with their last days.
fn measure_deadlines(records: &[CaseRecord]) -> Vec<(DeadlineKind, String)> {
    let state = CaseState::from_records(records).unwrap();
    open_deadlines(&state, &context())
        .into_iter()
        .filter(|d| d.rule == PERIOD)
        .map(|d| (d.kind, d.last_day.to_string()))
        .collect()
}

/// Art. 25: the measure's decision is due from the day it is taken, and the rule that warns of
/// a late one counts the same last day; the extension and the testing period move it, the
/// decision ends it.
#[test]
fn a_measure_is_an_open_deadline_until_its_decision() {
    let m1 = || DeadlineKind::CompulsionEnd {
        measure: "m1".into(),
    };
    // Seized on day 1 (Tuesday 2025-03-04): 30 days end on Thursday 2025-04-03 (day 31).
    assert_eq!(
        measure_deadlines(&seized()),
        vec![(m1(), "2025-04-03".to_owned())]
    );
    // Extended by 30 days and tested for 10: 70 days, to Tuesday 2025-05-13.
    let extended_and_tested = concat(
        seized(),
        [at(K::CompulsionExtended, 20), at(K::CompulsionTesting, 25)],
    );
    assert_eq!(
        measure_deadlines(&extended_and_tested),
        vec![(m1(), "2025-05-13".to_owned())]
    );
    assert!(measure_deadlines(&concat(seized(), [at(K::CompulsionEnded, 40)])).is_empty());
    // The deadline and the rule agree: a decision on the last day is on time, the next day late.
    let state = CaseState::from_records(&seized()).unwrap();
    let rules_of = |on| {
        custos_core::rules::check(&state, &at(K::CompulsionEnded, on), &context())
            .into_iter()
            .map(|f| f.rule)
            .collect::<Vec<_>>()
    };
    assert!(!rules_of(31).contains(&PERIOD));
    assert!(rules_of(32).contains(&PERIOD));
}

/// Art. 19: an urgent measure is due at the head within 24 hours of being taken, the deadline
/// ending where the rule that warns of a late report starts; the approval ends it, and a
/// measure approved in advance never has it.
#[test]
fn an_urgent_measure_is_due_for_approval_within_24_hours() {
    let approval = |records: &[CaseRecord]| -> Vec<(DeadlineKind, String, i64)> {
        let state = CaseState::from_records(records).unwrap();
        open_deadlines(&state, &context())
            .into_iter()
            .filter(|d| d.rule == REPORT_LATE)
            .map(|d| (d.kind, d.last_day.to_string(), d.ends_before_us))
            .collect()
    };
    let m1 = DeadlineKind::CompulsionApproval {
        measure: "m1".into(),
    };
    // Taken on day 1 (Tuesday 2025-03-04) at 10:00: due by 10:00 on Wednesday.
    assert_eq!(
        approval(&seized_with(urgent)),
        vec![(m1, "2025-03-05".to_owned(), day(2) + 1)]
    );
    assert!(approval(&concat(seized_with(urgent), [at(K::CompulsionApproved, 3)])).is_empty());
    assert!(approval(&seized()).is_empty());
    // The deadline and the rule agree: approved at its last instant, on time; a microsecond on,
    // late.
    let state = CaseState::from_records(&seized_with(urgent)).unwrap();
    let approved_at = |at_us| {
        let mut record = at(K::CompulsionApproved, 2);
        record.at_us = at_us;
        custos_core::rules::check(&state, &record, &context())
            .into_iter()
            .map(|f| f.rule)
            .collect::<Vec<_>>()
    };
    assert!(!approved_at(day(2)).contains(&REPORT_LATE));
    assert!(approved_at(day(2) + 1).contains(&REPORT_LATE));
}
