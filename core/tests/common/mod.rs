//! Shared fixtures for the lifecycle and rule tests: officers, times and one lawful sample
//! record of every kind.
#![allow(dead_code)]

use custos_core::digest::Sha256Digest;
use custos_core::lifecycle::*;
use proptest::prelude::*;

pub const OFFICER_A: &str = "officer-a";
pub const OFFICER_B: &str = "officer-b";
pub const OFFICER_C: &str = "officer-c";
pub const REVIEWER: &str = "reviewer-1";
pub const PRESIDING: &str = "officer-p";
pub const HEAD: &str = "head-1";
pub const DOMAIN: &str = "market-supervision";
/// The regulation that provides the extension of the samples' decision period.
pub const REGULATION: &str = "市场监督管理行政处罚程序规定 第六十四条";

const DAY_US: i64 = 86_400_000_000;
/// 2025-03-03 (a Monday) 10:00 in China Standard Time.
const MONDAY_2025_03_03_10H_US: i64 = 1_740_967_200_000_000;

/// 10:00 China Standard Time, `days` calendar days after Monday 2025-03-03.
pub fn day(days: i64) -> i64 {
    MONDAY_2025_03_03_10H_US + days * DAY_US
}

pub fn evidence(kind: &str, fill: u8) -> EvidenceRef {
    EvidenceRef {
        sha256: Sha256Digest([fill; 32]),
        size: 1024,
        kind: kind.to_owned(),
    }
}

pub fn photo() -> EvidenceRef {
    evidence("photo", 0xaa)
}

pub fn video() -> EvidenceRef {
    evidence("video", 0xbb)
}

pub fn fine(fine_fen: u64) -> Penalty {
    Penalty {
        fine_fen,
        ..Penalty::default()
    }
}

/// A lawful record of `kind` signed by officer A on `day`; the preservation it names is "p1".
pub fn sample(kind: RecordKind, on: i64) -> CaseRecord {
    let officers = || vec![OFFICER_B.to_owned()];
    let body: RecordBody = match kind {
        RecordKind::CaseFiled => CaseFiled {
            domain: DOMAIN.into(),
            category: "food-safety".into(),
            party_kind: PartyKind::Organisation,
            complex: false,
            major: false,
            major_rights: false,
            officers: officers(),
            party: Some(Party {
                name: "某某食品有限公司".into(),
                address: Some("某市某区某路1号".into()),
                ..Party::default()
            }),
            // A few days before the filing: well within Art. 36's two years.
            violation_on: Some("2025-02-20".parse().expect("a date")),
            grave_harm: false,
            already_fined_by: None,
            capture: None,
            evidence: vec![],
        }
        .into(),
        RecordKind::InspectionRecord => InspectionRecord {
            domain: DOMAIN.into(),
            officers: officers(),
            credentials_shown: true,
            act: None,
            task: Some("draw-2025-07".into()),
            location: Some(Location {
                lat_e7: 312_304_160,
                lon_e7: 1_214_737_010,
            }),
            evidence: vec![photo()],
        }
        .into(),
        RecordKind::InspectionConcluded => InspectionConcluded {
            outcome: InspectionOutcome::ViolationFound,
            evidence: vec![],
        }
        .into(),
        RecordKind::SummaryPenalty => SummaryPenalty {
            domain: DOMAIN.into(),
            party_kind: PartyKind::Person,
            penalty: fine(20_000),
            legal_basis: "《城市市容和环境卫生管理条例》第三十四条".into(),
            officers: officers(),
            credentials_shown: true,
            location: None,
            evidence: vec![photo()],
        }
        .into(),
        RecordKind::InvestigationRecord => InvestigationRecord {
            officers: officers(),
            credentials_shown: true,
            act: None,
            compulsion: None,
            transcript_signed_by: None,
            location: None,
            evidence: vec![photo()],
        }
        .into(),
        RecordKind::EvidencePreserved => EvidencePreserved {
            preservation: "p1".into(),
            approved_by: HEAD.into(),
            officers: officers(),
            credentials_shown: true,
            evidence: vec![photo()],
        }
        .into(),
        RecordKind::EvidencePreservationResolved => EvidencePreservationResolved {
            preservation: "p1".into(),
            outcome: PreservationOutcome::Secured,
            compulsion: None,
            officers: officers(),
            credentials_shown: true,
            evidence: vec![],
        }
        .into(),
        RecordKind::ConflictDeclared => ConflictDeclared {
            officer: OFFICER_C.into(),
            reason: "related to the party".into(),
            raised_by: ConflictSource::Officer,
            evidence: vec![],
        }
        .into(),
        RecordKind::ExtensionApproved => ExtensionApproved {
            days: 30,
            approved_by: HEAD.into(),
            approver_role: "head".into(),
            regulation: REGULATION.into(),
            reason: "appraisal pending".into(),
            evidence: vec![],
        }
        .into(),
        RecordKind::ServiceConsent => ServiceConsent {
            address: "party@example.invalid".into(),
            evidence: vec![],
        }
        .into(),
        RecordKind::ReviewLegal => ReviewLegal {
            reviewer: REVIEWER.into(),
            outcome: LegalReviewOutcome::Approved,
            opinion: String::new(),
            facts_unclear: false,
            evidence: vec![],
        }
        .into(),
        RecordKind::ReviewCollective => ReviewCollective {
            participants: vec![HEAD.into()],
            conclusion: "impose the proposed fine".into(),
            evidence: vec![],
        }
        .into(),
        RecordKind::NoticeServed => NoticeServed {
            facts: "sold expired food".into(),
            reasons: "facts established by inspection".into(),
            legal_basis: "食品安全法 第一百二十四条".into(),
            penalty: fine(500_000),
            rights: vec![
                PartyRight::Statement,
                PartyRight::Defence,
                PartyRight::Hearing,
            ],
            method: ServiceMethod::Direct,
            evidence: vec![],
        }
        .into(),
        RecordKind::StatementRecorded => StatementRecorded {
            response: StatementResponse::Waived,
            evidence: vec![],
        }
        .into(),
        RecordKind::HearingRequested => HearingRequested::default().into(),
        RecordKind::HearingNotice => HearingNotice {
            hearing_at_us: day(on + 20),
            method: ServiceMethod::Direct,
            evidence: vec![],
        }
        .into(),
        RecordKind::HearingHeld => HearingHeld {
            presiding: PRESIDING.into(),
            evidence: vec![],
        }
        .into(),
        RecordKind::HearingWaived => HearingWaived::default().into(),
        RecordKind::DecisionChanged => DecisionChanged {
            change: DecisionChange::Revoked,
            reason: "revoked on administrative reconsideration".into(),
            decision: None,
            evidence: vec![],
        }
        .into(),
        RecordKind::DecisionIssued => DecisionIssued {
            document_number: "市监罚〔2025〕1号".into(),
            penalty: fine(500_000),
            facts: "sold expired food".into(),
            legal_basis: "食品安全法 第一百二十四条".into(),
            compliance: "自收到本决定书之日起十五日内缴纳罚款".into(),
            remedies: Some(Remedies {
                reconsideration_body: "某市人民政府".into(),
                reconsideration_days: 60,
                court: "某区人民法院".into(),
                litigation_months: 6,
            }),
            unit: "某市市场监督管理局".into(),
            sealed: true,
            evidence: vec![evidence("photo", 0xaa)],
        }
        .into(),
        RecordKind::DecisionServed => DecisionServed {
            method: ServiceMethod::Direct,
            documents: vec![
                ServedDocument::Decision,
                ServedDocument::ComplianceAdvice,
                ServedDocument::CreditRepairNotice,
            ],
            evidence: vec![],
        }
        .into(),
        RecordKind::ExecutionRecorded => ExecutionRecorded {
            paid_fen: 500_000,
            act: None,
            officers: vec![],
            complete: true,
            collection: None,
            surcharge_fen: 0,
            evidence: vec![],
        }
        .into(),
        RecordKind::CaseClosed => CaseClosed::default().into(),
        RecordKind::CaseArchived => CaseArchived::default().into(),
        RecordKind::CaseTerminated => CaseTerminated {
            reason: TerminationReason::Withdrawn,
            basis: "facts not established".into(),
            transferred_to: None,
            evidence: vec![],
        }
        .into(),
        // Officer A opens every fixture case, so it is assigned whatever the stage; C never is.
        RecordKind::CaseAssigned => CaseAssigned {
            officers: vec![OFFICER_C.into()],
            evidence: vec![],
        }
        .into(),
        RecordKind::CaseReleased => CaseReleased {
            officers: vec![OFFICER_A.into()],
            reason: "reassigned to another case".into(),
            evidence: vec![],
        }
        .into(),
        RecordKind::RecusalDecided => RecusalDecided {
            officer: OFFICER_C.into(),
            recused: true,
            decided_by: HEAD.into(),
            reason: "spouse of the party's manager".into(),
            evidence: vec![],
        }
        .into(),
        RecordKind::PeriodExcluded => PeriodExcluded {
            what: "appraisal".into(),
            from_us: day(on),
            to_us: day(on),
            evidence: vec![],
        }
        .into(),
        RecordKind::StatementReviewed => StatementReviewed {
            adopted: false,
            opinion: "the party's account does not change the facts".into(),
            evidence: vec![],
        }
        .into(),
        RecordKind::NoticeDelivered => NoticeDelivered {
            received_at_us: day(on),
            evidence: vec![],
        }
        .into(),
        RecordKind::PaymentDeferred => PaymentDeferred {
            approved_by: HEAD.into(),
            reason: "the party's hardship is proven".into(),
            instalments: vec![Instalment {
                due_at_us: day(on + 30),
                amount_fen: 500_000,
            }],
            evidence: vec![],
        }
        .into(),
        RecordKind::CompulsionApproved => CompulsionApproved {
            measure: "m1".into(),
            approved_by: HEAD.into(),
            evidence: vec![],
        }
        .into(),
        RecordKind::CompulsionExtended => CompulsionExtended {
            measure: "m1".into(),
            approved_by: HEAD.into(),
            days: 30,
            reasons: "the facts are complex: the goods' origin is being traced".into(),
            party_notified: true,
            evidence: vec![],
        }
        .into(),
        RecordKind::CompulsionTesting => CompulsionTesting {
            measure: "m1".into(),
            days: 10,
            party_notified: true,
            evidence: vec![],
        }
        .into(),
        RecordKind::CompulsionEnded => CompulsionEnded {
            measure: "m1".into(),
            outcome: CompulsionOutcome::Released,
            evidence: vec![],
        }
        .into(),
        RecordKind::TransferReported => TransferReported {
            suspicion: "生产、销售不符合安全标准的食品罪".into(),
            officers: officers(),
            evidence: vec![],
        }
        .into(),
        RecordKind::TransferDecided => TransferDecided {
            approved: true,
            decided_by: HEAD.into(),
            reasons: String::new(),
            evidence: vec![],
        }
        .into(),
        RecordKind::TransferMade => TransferMade {
            police: "某市公安局".into(),
            materials: vec![
                TransferMaterial::TransferLetter,
                TransferMaterial::InvestigationReport,
                TransferMaterial::Inventory,
            ],
            evidence: vec![],
        }
        .into(),
        RecordKind::CollectionHandedIn => CollectionHandedIn {
            receipts: vec!["R-1".into()],
            evidence: vec![],
        }
        .into(),
        RecordKind::TransferReturned => TransferReturned {
            notice: "某公不立字〔2025〕1号".into(),
            evidence: vec![],
        }
        .into(),
        // The 立案通知书 received on day 4.
        RecordKind::TransferHandedOver => TransferHandedOver {
            filing_notice: "某公立字〔2025〕1号".into(),
            notice_received_on: "2025-03-07".parse().unwrap(),
            evidence: vec![],
        }
        .into(),
    };
    CaseRecord::new(day(on), OFFICER_A, body)
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
    if let Some(RecordBody::InvestigationRecord(b)) = path
        .iter_mut()
        .map(|r| &mut r.body)
        .find(|body| matches!(body, RecordBody::InvestigationRecord(_)))
    {
        b.act = Some(act::SEIZURE.into());
        b.evidence = vec![video()];
        b.compulsion = Some(CompulsoryMeasure {
            measure: "m1".into(),
            approved_by: Some(HEAD.into()),
            urgent: false,
            party_present: true,
            record_signed_by: RecordSignatory::Party,
            decision_handed_over: true,
            inventory_handed_over: true,
        });
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
