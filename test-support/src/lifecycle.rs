//! The record fixtures of custos-core's lifecycle and rule tests: officers, times from Monday
//! 2025-03-03 and one lawful sample record of every kind, signed by officer A.

use crate::samples::Samples;
use custos_core::lifecycle::*;
use proptest::prelude::*;

pub use crate::samples::{DOMAIN, REGULATION, evidence, fine};

pub const OFFICER_A: &str = "officer-a";
pub const OFFICER_B: &str = "officer-b";
pub const OFFICER_C: &str = "officer-c";
pub const REVIEWER: &str = "reviewer-1";
pub const PRESIDING: &str = "officer-p";
pub const HEAD: &str = "head-1";

/// 2025-03-03 (a Monday) 10:00 in China Standard Time.
const MONDAY_2025_03_03_10H_US: i64 = 1_740_967_200_000_000;

/// 10:00 China Standard Time, `days` calendar days after Monday 2025-03-03.
pub fn day(days: i64) -> i64 {
    crate::samples::day_after(MONDAY_2025_03_03_10H_US, days)
}

pub fn photo() -> EvidenceRef {
    evidence("photo", 0xaa)
}

pub fn video() -> EvidenceRef {
    evidence("video", 0xbb)
}

/// What the samples of a record on day `on` say: officer B present, the head approving and
/// deciding, officer C in conflict and assigned, officer A (who opens every fixture case, so
/// it is assigned whatever the stage) released; the dates a record names fall on or after `on`.
pub fn samples(on: i64) -> Samples {
    Samples {
        monday_10h_us: MONDAY_2025_03_03_10H_US,
        year: "2025",
        violation_on: "2025-02-20",
        // The 立案通知书 received on day 4.
        filing_notice_received_on: "2025-03-07",
        task: "draw-2025-07",
        officers: vec![OFFICER_B.into()],
        filing_officers: vec![OFFICER_B.into()],
        approver: HEAD.into(),
        decider: HEAD.into(),
        reviewer: REVIEWER.into(),
        presiding: PRESIDING.into(),
        participants: vec![HEAD.into()],
        conflicted: OFFICER_C.into(),
        assigned: vec![OFFICER_C.into()],
        released: vec![OFFICER_A.into()],
        release_reason: "reassigned to another case",
        conflict_reason: "related to the party",
        inspection_outcome: InspectionOutcome::ViolationFound,
        preservation_outcome: PreservationOutcome::Secured,
        summary_fine_fen: 20_000,
        summary_evidence: photo(),
        preserved_evidence: photo(),
        consent_address: "party@example.invalid",
        consent_evidence: vec![],
        legal_opinion: "",
        hearing_evidence: vec![],
        termination: TerminationReason::Withdrawn,
        termination_basis: "facts not established",
        hearing_day: on + 20,
        excluded_days: (on, on),
        delivered_day: on,
        instalment_day: on + 30,
    }
}

/// A lawful record of `kind` signed by officer A on `day`; the preservation it names is "p1".
pub fn sample(kind: RecordKind, on: i64) -> CaseRecord {
    CaseRecord::new(day(on), OFFICER_A, samples(on).body(kind))
}

/// Like [`sample`], but a new preservation is "p2", so it can follow the fixture paths.
pub fn fresh(kind: RecordKind, on: i64) -> CaseRecord {
    let mut record = sample(kind, on);
    if let RecordBody::EvidencePreserved(b) = &mut record.body {
        b.preservation = "p2".into();
    }
    record
}

/// Lawful samples of `kinds`, one a day from day 0.
pub fn records(kinds: &[RecordKind]) -> Vec<CaseRecord> {
    kinds
        .iter()
        .zip(0..)
        .map(|(&kind, on)| sample(kind, on))
        .collect()
}

/// The kinds of a lawful ordinary case up to and including `stage`: with an open preservation
/// "p1" from the investigation on, and a hearing requested and notified in the defence, so
/// that every record the table allows at `stage` also passes the state's guards.
pub fn kinds_to(stage: Stage) -> Vec<RecordKind> {
    use RecordKind as K;
    let ordinary = [
        (Stage::Filed, &[K::CaseFiled][..]),
        (
            Stage::Investigating,
            &[K::InvestigationRecord, K::EvidencePreserved],
        ),
        (Stage::Reviewing, &[K::ReviewLegal]),
        (Stage::Notified, &[K::NoticeServed]),
        (Stage::Defending, &[K::HearingRequested, K::HearingNotice]),
        (Stage::Decided, &[K::DecisionIssued]),
        (Stage::Served, &[K::DecisionServed]),
        (Stage::Executing, &[K::ExecutionRecorded]),
        (Stage::Closed, &[K::CaseClosed]),
        (Stage::Archived, &[K::CaseArchived]),
    ];
    match stage {
        Stage::New => vec![],
        Stage::Inspecting => vec![K::InspectionRecord],
        Stage::InspectionConcluded => vec![K::InspectionRecord, K::InspectionConcluded],
        Stage::Terminated => vec![
            K::CaseFiled,
            K::InvestigationRecord,
            K::EvidencePreserved,
            K::CaseTerminated,
        ],
        _ => ordinary
            .iter()
            .take_while(|(reached, _)| *reached <= stage)
            .flat_map(|(_, kinds)| kinds.iter().copied())
            .collect(),
    }
}

/// A folded case at `stage`, built by [`kinds_to`], whose first investigation is a seizure
/// "m1" (行政强制法), so that the `compulsion.*` records the table allows pass the guards.
pub fn case_at(stage: Stage) -> CaseState {
    let mut path = records(&kinds_to(stage));
    if let Some(body) = path
        .iter_mut()
        .map(|r| &mut r.body)
        .find(|body| matches!(body, RecordBody::InvestigationRecord(_)))
    {
        Samples::seize(body, HEAD, vec![video()]);
    }
    let case = CaseState::from_records(&path)
        .unwrap_or_else(|e| panic!("fixture path to {stage} is refused: {e}"));
    assert_eq!(case.stage, stage, "fixture path ends at the wrong stage");
    case
}

/// One lawful ordinary case, generated: optional inspection, investigation with optional
/// preservation, optional reviews, notice, one of several defences, then either a decision to
/// archive or a termination; conflicts and extensions sprinkled where they may come.
pub fn lawful_order() -> impl Strategy<Value = (Vec<RecordKind>, Stage)> {
    use RecordKind as K;
    (
        any::<bool>(),
        1..4usize,
        any::<bool>(),
        0..4u8,
        0..5u8,
        0..3usize,
        any::<bool>(),
        0..4u8,
    )
        .prop_map(
            |(inspected, investigations, preserve, reviews, defence, executions, side, end)| {
                let mut kinds = Vec::new();
                if inspected {
                    kinds.extend([K::InspectionRecord, K::InspectionConcluded]);
                }
                kinds.push(K::CaseFiled);
                if side {
                    kinds.extend([
                        K::ConflictDeclared,
                        K::ExtensionApproved,
                        K::CaseAssigned,
                        K::CaseReleased,
                    ]);
                }
                kinds.extend(std::iter::repeat_n(K::InvestigationRecord, investigations));
                if preserve {
                    kinds.extend([K::EvidencePreserved, K::EvidencePreservationResolved]);
                }
                if end == 0 {
                    kinds.push(K::CaseTerminated);
                    kinds.push(K::CaseArchived);
                    return (kinds, Stage::Archived);
                }
                match reviews {
                    1 => kinds.push(K::ReviewLegal),
                    2 => kinds.push(K::ReviewCollective),
                    3 => kinds.extend([K::ReviewLegal, K::ReviewCollective]),
                    _ => {}
                }
                kinds.push(K::NoticeServed);
                match defence {
                    1 => kinds.push(K::StatementRecorded),
                    2 => kinds.extend([K::HearingRequested, K::HearingNotice, K::HearingHeld]),
                    3 => kinds.extend([K::HearingWaived, K::StatementRecorded]),
                    4 => {
                        kinds.extend([K::StatementRecorded, K::NoticeServed, K::StatementRecorded])
                    }
                    _ => {}
                }
                if side {
                    kinds.push(K::ServiceConsent);
                }
                if end == 1 {
                    kinds.push(K::CaseTerminated);
                    return (kinds, Stage::Terminated);
                }
                kinds.extend([K::DecisionIssued, K::DecisionServed]);
                kinds.extend(std::iter::repeat_n(K::ExecutionRecorded, executions));
                if end == 2 {
                    return (
                        kinds,
                        if executions > 0 {
                            Stage::Executing
                        } else {
                            Stage::Served
                        },
                    );
                }
                kinds.extend([K::CaseClosed, K::CaseArchived]);
                (kinds, Stage::Archived)
            },
        )
}
