//! Lifecycle state machine: every legal transition, a sample of illegal ones with their typed
//! refusals, body parsing, and a property test over lawful orders.

mod common;

use common::*;
use custos_core::lifecycle::*;
use proptest::prelude::*;
use serde_json::{Value, json};

/// Applies `kind` to a case at `stage` and compares the outcome with `expected`.
fn check(stage: Stage, kind: RecordKind, expected: Result<Stage, Refusal>) {
    let mut case = case_at(stage);
    let before = case.clone();
    let outcome = case.apply(&fresh(kind, 40)).map(|()| case.stage);
    let expected = expected.map_err(|refusal| LifecycleError::Refused {
        kind,
        stage,
        refusal,
    });
    assert_eq!(outcome, expected, "{kind} at {stage}");
    if outcome.is_err() {
        assert_eq!(case, before, "a refused {kind} changed the state");
    }
}

#[test]
fn every_transition_of_the_table_is_accepted() {
    let mut count = 0;
    for t in transitions() {
        check(t.from, t.kind, Ok(t.to));
        count += 1;
    }
    assert!(count > 60, "the table lost transitions: {count}");
}

#[test]
fn every_move_outside_the_table_is_refused_and_changes_nothing() {
    for &stage in Stage::ALL {
        for &kind in RecordKind::ALL {
            if next_stage(stage, kind).is_none() {
                let mut case = case_at(stage);
                let before = case.clone();
                assert!(case.apply(&fresh(kind, 40)).is_err(), "{kind} at {stage}");
                assert_eq!(case, before);
            }
        }
    }
}

#[test]
fn illegal_moves_are_refused_with_their_reason() {
    use RecordKind as K;
    use Refusal::*;
    let cases = [
        (Stage::New, K::InvestigationRecord, NotStarted),
        (Stage::New, K::ConflictDeclared, NotStarted),
        (Stage::Filed, K::CaseFiled, AlreadyStarted),
        (Stage::Investigating, K::SummaryPenalty, AlreadyStarted),
        (
            Stage::Filed,
            K::NoticeServed,
            SkipsStage {
                needs: Stage::Investigating,
            },
        ),
        (
            Stage::Filed,
            K::DecisionIssued,
            SkipsStage {
                needs: Stage::Investigating,
            },
        ),
        (
            Stage::Investigating,
            K::DecisionIssued,
            SkipsStage {
                needs: Stage::Notified,
            },
        ),
        (
            Stage::Reviewing,
            K::StatementRecorded,
            SkipsStage {
                needs: Stage::Notified,
            },
        ),
        (
            Stage::Investigating,
            K::DecisionServed,
            SkipsStage {
                needs: Stage::Notified,
            },
        ),
        (
            Stage::Decided,
            K::ExecutionRecorded,
            SkipsStage {
                needs: Stage::Served,
            },
        ),
        (
            Stage::Decided,
            K::CaseClosed,
            SkipsStage {
                needs: Stage::Served,
            },
        ),
        (
            Stage::Served,
            K::CaseArchived,
            SkipsStage {
                needs: Stage::Closed,
            },
        ),
        (
            Stage::Filed,
            K::CaseArchived,
            SkipsStage {
                needs: Stage::Investigating,
            },
        ),
        (
            Stage::Decided,
            K::CaseArchived,
            SkipsStage {
                needs: Stage::Served,
            },
        ),
        (
            Stage::Inspecting,
            K::InvestigationRecord,
            SkipsStage {
                needs: Stage::Filed,
            },
        ),
        (
            Stage::Inspecting,
            K::CaseArchived,
            SkipsStage {
                needs: Stage::InspectionConcluded,
            },
        ),
        (Stage::Decided, K::NoticeServed, StagePassed),
        (Stage::Served, K::DecisionIssued, StagePassed),
        (Stage::Decided, K::CaseTerminated, StagePassed),
        (Stage::Executing, K::ExtensionApproved, StagePassed),
        (Stage::Closed, K::ExecutionRecorded, CaseClosed),
        (Stage::Terminated, K::DecisionIssued, CaseTerminated),
        (Stage::Archived, K::ConflictDeclared, CaseArchived),
        (Stage::Archived, K::CaseArchived, CaseArchived),
        (
            Stage::Notified,
            K::HearingNotice,
            SkipsStage {
                needs: Stage::Defending,
            },
        ),
        (
            Stage::Notified,
            K::HearingHeld,
            SkipsStage {
                needs: Stage::Defending,
            },
        ),
    ];
    for (stage, kind, refusal) in cases {
        check(stage, kind, Err(refusal));
    }
}

#[test]
fn hearing_steps_keep_their_order() {
    let mut case = case_at(Stage::Notified);
    case.apply(&sample(RecordKind::HearingRequested, 11))
        .unwrap();
    let held = sample(RecordKind::HearingHeld, 12);
    assert_eq!(
        case.apply(&held),
        Err(LifecycleError::Refused {
            kind: RecordKind::HearingHeld,
            stage: Stage::Defending,
            refusal: Refusal::HearingNotNotified,
        })
    );
    case.apply(&sample(RecordKind::HearingNotice, 12)).unwrap();
    case.apply(&held).unwrap();
    assert!(case.hearing_held);
    // A waived hearing cannot be notified.
    let mut waived = case_at(Stage::Notified);
    waived
        .apply(&sample(RecordKind::HearingRequested, 11))
        .unwrap();
    waived
        .apply(&sample(RecordKind::HearingWaived, 12))
        .unwrap();
    let refused = waived.apply(&sample(RecordKind::HearingNotice, 13));
    assert!(matches!(
        refused,
        Err(LifecycleError::Refused {
            refusal: Refusal::HearingNotRequested,
            ..
        })
    ));
}

#[test]
fn a_new_notice_restarts_the_defence() {
    let mut case = case_at(Stage::Defending);
    assert!(matches!(case.defence.hearing, Hearing::Notified { .. }));
    case.apply(&sample(RecordKind::NoticeServed, 20)).unwrap();
    assert_eq!(case.stage, Stage::Notified);
    assert_eq!(case.defence, Defence::default());
}

#[test]
fn preservations_are_tracked_by_id() {
    let mut case = case_at(Stage::Investigating);
    let refused = |refusal| {
        Err(LifecycleError::Refused {
            kind: RecordKind::EvidencePreserved,
            stage: Stage::Investigating,
            refusal,
        })
    };
    assert_eq!(
        case.apply(&sample(RecordKind::EvidencePreserved, 3)),
        refused(Refusal::DuplicatePreservation("p1".into()))
    );
    assert_eq!(case.open_preservations().count(), 1);
    let resolve = sample(RecordKind::EvidencePreservationResolved, 4);
    case.apply(&resolve).unwrap();
    assert_eq!(case.preservations["p1"].resolved_at_us, Some(day(4)));
    assert_eq!(case.open_preservations().count(), 0);
    assert!(matches!(
        case.apply(&resolve),
        Err(LifecycleError::Refused { refusal: Refusal::PreservationResolved(id), .. }) if id == "p1"
    ));
    let mut unknown = resolve.clone();
    if let RecordBody::EvidencePreservationResolved(b) = &mut unknown.body {
        b.preservation = "p9".into();
    }
    assert!(matches!(
        case.apply(&unknown),
        Err(LifecycleError::Refused { refusal: Refusal::UnknownPreservation(id), .. }) if id == "p9"
    ));
}

#[test]
fn summary_procedure_is_decided_and_served_at_once() {
    use RecordKind as K;
    let case = CaseState::from_records(&records(&[
        K::SummaryPenalty,
        K::ExecutionRecorded,
        K::CaseClosed,
        K::CaseArchived,
    ]))
    .unwrap();
    assert_eq!(case.procedure, Some(Procedure::Summary));
    assert_eq!(case.stage, Stage::Archived);
    assert_eq!(
        case.decision.as_ref().map(|d| d.penalty.fine_fen),
        Some(20_000)
    );
    assert_eq!(case.served_at_us, Some(day(0)));
}

#[test]
fn an_inspection_can_lead_to_a_case() {
    use RecordKind as K;
    let case = CaseState::from_records(&records(&[
        K::InspectionRecord,
        K::InspectionRecord,
        K::InspectionConcluded,
        K::CaseFiled,
        K::InvestigationRecord,
    ]))
    .unwrap();
    assert_eq!(case.procedure, Some(Procedure::Ordinary));
    assert_eq!(case.stage, Stage::Investigating);
    assert_eq!(case.filed_at_us, Some(day(3)));
}

#[test]
fn from_records_names_the_refused_record() {
    use RecordKind as K;
    let refused = CaseState::from_records(&records(&[K::CaseFiled, K::DecisionIssued]));
    assert_eq!(
        refused,
        Err(RecordRefused {
            index: 1,
            error: LifecycleError::Refused {
                kind: K::DecisionIssued,
                stage: Stage::Filed,
                refusal: Refusal::SkipsStage {
                    needs: Stage::Investigating
                },
            },
        })
    );
}

#[test]
fn the_assigned_officers_are_the_opener_the_filing_and_assignments_less_releases() {
    use RecordKind as K;
    let inspected = CaseState::from_records(&records(&[K::InspectionRecord])).unwrap();
    // The inspection names B as present, but only the signer of the first record handles it.
    assert_eq!(inspected.assigned, [OFFICER_A.to_owned()].into());
    let mut case = CaseState::from_records(&records(&[K::CaseFiled])).unwrap();
    assert_eq!(
        case.assigned,
        [OFFICER_A, OFFICER_B].map(str::to_owned).into()
    );
    let assign = |officers: &[&str]| {
        CaseRecord::new(
            day(1),
            REVIEWER,
            CaseAssigned {
                officers: officers.iter().map(|o| o.to_string()).collect(),
                evidence: vec![],
            },
        )
    };
    let release = |officers: &[&str]| {
        CaseRecord::new(
            day(2),
            REVIEWER,
            CaseReleased {
                officers: officers.iter().map(|o| o.to_string()).collect(),
                reason: "transferred".into(),
                evidence: vec![],
            },
        )
    };
    case.apply(&assign(&[OFFICER_C])).unwrap();
    // Assigning is no record of acting: the reviewer who signs it is not assigned.
    assert_eq!(
        case.assigned,
        [OFFICER_A, OFFICER_B, OFFICER_C].map(str::to_owned).into()
    );
    case.apply(&release(&[OFFICER_A, OFFICER_B])).unwrap();
    assert_eq!(case.assigned, [OFFICER_C.to_owned()].into());
    assert_eq!(case.stage, Stage::Filed);
    let refused = |refusal| {
        Err(LifecycleError::Refused {
            kind: K::CaseReleased,
            stage: Stage::Filed,
            refusal,
        })
    };
    let before = case.clone();
    assert_eq!(
        case.apply(&release(&[OFFICER_A])),
        refused(Refusal::NotAssigned(OFFICER_A.into()))
    );
    assert_eq!(case.apply(&release(&[])), refused(Refusal::NoOfficerNamed));
    assert_eq!(
        case.apply(&assign(&[OFFICER_B, OFFICER_C])),
        Err(LifecycleError::Refused {
            kind: K::CaseAssigned,
            stage: Stage::Filed,
            refusal: Refusal::AlreadyAssigned(OFFICER_C.into()),
        })
    );
    assert_eq!(case, before, "refused assignments changed the case");
    // Nothing to assign to before a case starts, nor after it is archived.
    let mut new = CaseState::new();
    assert!(new.apply(&assign(&[OFFICER_C])).is_err());
    assert!(
        case_at(Stage::Archived)
            .apply(&assign(&[OFFICER_C]))
            .is_err()
    );
}

#[test]
fn kind_names_are_unique_ascii_and_round_trip() {
    let mut names: Vec<&str> = RecordKind::ALL.iter().map(|k| k.name()).collect();
    for (&kind, name) in RecordKind::ALL.iter().zip(&names) {
        assert!(name.is_ascii() && name.contains('.'), "{name}");
        assert_eq!(RecordKind::from_name(name), Some(kind));
        assert_eq!(serde_json::to_value(kind).unwrap(), json!(name));
    }
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), RecordKind::ALL.len());
    assert_eq!(RecordKind::from_name("case.reopened"), None);
}

#[test]
fn every_sample_body_round_trips_through_json() {
    for &kind in RecordKind::ALL {
        let record = sample(kind, 0);
        let body = record.body.to_body().unwrap();
        let parsed = CaseRecord::parse(kind.name(), record.at_us, OFFICER_A, &body).unwrap();
        assert_eq!(parsed, record, "{kind}");
    }
}

#[test]
fn bodies_are_parsed_strictly() {
    let parse = |kind: &str, body: Value| {
        let Value::Object(body) = body else {
            panic!("test bodies are objects")
        };
        CaseRecord::parse(kind, 0, OFFICER_A, &body).map(|_| ())
    };
    assert_eq!(
        parse("case.reopened", json!({})),
        Err(LifecycleError::UnknownKind("case.reopened".into()))
    );
    assert!(matches!(
        parse("case.filed", json!({"category": "x", "party_kind": "person"})),
        Err(LifecycleError::InvalidBody { kind: RecordKind::CaseFiled, reason }) if reason.contains("domain")
    ));
    let float_fine = json!({"document_number": "1", "penalty": {"fine_fen": 100.5}});
    assert!(matches!(
        parse("decision.issued", float_fine),
        Err(LifecycleError::InvalidBody {
            kind: RecordKind::DecisionIssued,
            ..
        })
    ));
    let upper_digest =
        json!({"evidence": [{"sha256": "A".repeat(64), "size": 1, "kind": "photo"}]});
    assert!(matches!(
        parse("case.closed", upper_digest),
        Err(LifecycleError::InvalidBody {
            kind: RecordKind::CaseClosed,
            ..
        })
    ));
    // The assignment bodies are new and take no member they do not know.
    assert!(parse("case.assigned", json!({"officers": ["o"], "unit": "u"})).is_err());
    assert!(parse("case.released", json!({"officers": ["o"]})).is_err());
    assert_eq!(
        parse("case.released", json!({"officers": ["o"], "reason": "r"})),
        Ok(())
    );
    let empty_evidence_kind =
        json!({"evidence": [{"sha256": "a".repeat(64), "size": 1, "kind": ""}]});
    assert!(parse("case.closed", empty_evidence_kind).is_err());
    assert_eq!(parse("case.closed", json!({})), Ok(()));
}

proptest! {
    #[test]
    fn lawful_orders_are_never_refused((kinds, last) in lawful_order()) {
        let mut case = CaseState::new();
        for (i, record) in records(&kinds).iter().enumerate() {
            let stage = case.check_transition(record);
            prop_assert!(stage.is_ok(), "record {} ({}) refused: {:?}", i, record.kind(), stage);
            case.apply(record).unwrap();
            prop_assert_eq!(Ok(case.stage), stage);
        }
        prop_assert_eq!(case.stage, last);
        prop_assert_eq!(case.records, kinds.len() as u64);
    }
}
