//! The lawful body of a record of every kind, written once. The two suites that use it tell
//! their cases apart only by data ([`Samples`]): the calendar their days count from, who takes
//! part (the second officer, the head, the reviewer…) and the few values their assertions read.

use custos_core::digest::Sha256Digest;
use custos_core::lifecycle::*;

/// The enforcement domain of every sample case.
pub const DOMAIN: &str = "market-supervision";
/// The regulation that provides the extension of the samples' decision period.
pub const REGULATION: &str = "市场监督管理行政处罚程序规定 第六十四条";

const DAY_US: i64 = 86_400_000_000;

/// `days` calendar days after `monday_10h_us` (10:00 China Standard Time on a Monday).
pub fn day_after(monday_10h_us: i64, days: i64) -> i64 {
    monday_10h_us + days * DAY_US
}

/// A reference to 1 KiB of evidence of `kind` whose digest is 32 bytes of `fill`.
pub fn evidence(kind: &str, fill: u8) -> EvidenceRef {
    EvidenceRef {
        sha256: Sha256Digest([fill; 32]),
        size: 1024,
        kind: kind.to_owned(),
    }
}

/// A penalty of a fine alone.
pub fn fine(fine_fen: u64) -> Penalty {
    Penalty {
        fine_fen,
        ..Penalty::default()
    }
}

/// What a suite's sample records say where the suites differ: the calendar, the people, and
/// the values its tests read back.
#[derive(Clone, Debug)]
pub struct Samples {
    /// 10:00 China Standard Time on the Monday day 0 of the sample cases is.
    pub monday_10h_us: i64,
    /// The year of the document numbers (文号).
    pub year: &'static str,
    /// The date of the violation a filing names, a few days before day 0.
    pub violation_on: &'static str,
    /// The date the police's 立案通知书 is dated and received (`transfer.police_filed`,
    /// `transfer.handed_over`).
    pub filing_notice_received_on: &'static str,
    /// The 双随机 task an inspection is part of.
    pub task: &'static str,
    /// The officers besides the signer that a record names as present.
    pub officers: Vec<String>,
    /// The officers a filing names as handling the case with the signer.
    pub filing_officers: Vec<String>,
    /// Who approves a preservation and an extension of the decision period.
    pub approver: String,
    /// Who decides a recusal and approves a deferral, a compulsory measure and a transfer.
    pub decider: String,
    pub reviewer: String,
    pub presiding: String,
    pub participants: Vec<String>,
    /// The officer of a conflict of interest and of a recusal.
    pub conflicted: String,
    pub assigned: Vec<String>,
    pub released: Vec<String>,
    pub release_reason: &'static str,
    pub conflict_reason: &'static str,
    pub inspection_outcome: InspectionOutcome,
    pub preservation_outcome: PreservationOutcome,
    pub summary_fine_fen: u64,
    pub summary_evidence: EvidenceRef,
    pub preserved_evidence: EvidenceRef,
    pub consent_address: &'static str,
    pub consent_evidence: Vec<EvidenceRef>,
    pub legal_opinion: &'static str,
    pub hearing_evidence: Vec<EvidenceRef>,
    pub termination: TerminationReason,
    pub termination_basis: &'static str,
    /// Days (counted from day 0) of the hearing a notice sets, of a period excluded from the
    /// decision period, of a notice's delivery and of a deferred instalment's due date.
    pub hearing_day: i64,
    pub excluded_days: (i64, i64),
    pub delivered_day: i64,
    pub instalment_day: i64,
}

impl Samples {
    /// `days` calendar days after day 0.
    pub fn day(&self, days: i64) -> i64 {
        day_after(self.monday_10h_us, days)
    }

    /// The lawful body of a record of `kind`.
    pub fn body(&self, kind: RecordKind) -> RecordBody {
        let officers = || self.officers.clone();
        let year = self.year;
        match kind {
            RecordKind::CaseFiled => CaseFiled {
                domain: DOMAIN.into(),
                category: "food-safety".into(),
                party_kind: PartyKind::Organisation,
                complex: false,
                major: false,
                major_rights: false,
                officers: self.filing_officers.clone(),
                party: Some(Party {
                    name: "某某食品有限公司".into(),
                    address: Some("某市某区某路1号".into()),
                    ..Party::default()
                }),
                // A few days before the filing: well within Art. 36's two years.
                violation_on: Some(self.violation_on.parse().expect("a date")),
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
                task: Some(self.task.into()),
                location: Some(Location {
                    lat_e7: 312_304_160,
                    lon_e7: 1_214_737_010,
                }),
                evidence: vec![evidence("photo", 0xaa)],
            }
            .into(),
            RecordKind::InspectionConcluded => InspectionConcluded {
                outcome: self.inspection_outcome,
                evidence: vec![],
            }
            .into(),
            RecordKind::SummaryPenalty => SummaryPenalty {
                domain: DOMAIN.into(),
                party_kind: PartyKind::Person,
                penalty: fine(self.summary_fine_fen),
                legal_basis: "《城市市容和环境卫生管理条例》第三十四条".into(),
                officers: officers(),
                credentials_shown: true,
                location: None,
                evidence: vec![self.summary_evidence.clone()],
            }
            .into(),
            RecordKind::InvestigationRecord => InvestigationRecord {
                officers: officers(),
                credentials_shown: true,
                act: None,
                compulsion: None,
                transcript_signed_by: None,
                location: None,
                evidence: vec![evidence("photo", 0xaa)],
            }
            .into(),
            RecordKind::EvidencePreserved => EvidencePreserved {
                preservation: "p1".into(),
                approved_by: self.approver.clone(),
                officers: officers(),
                credentials_shown: true,
                evidence: vec![self.preserved_evidence.clone()],
            }
            .into(),
            RecordKind::EvidencePreservationResolved => EvidencePreservationResolved {
                preservation: "p1".into(),
                outcome: self.preservation_outcome,
                compulsion: None,
                officers: officers(),
                credentials_shown: true,
                evidence: vec![],
            }
            .into(),
            RecordKind::ConflictDeclared => ConflictDeclared {
                officer: self.conflicted.clone(),
                reason: self.conflict_reason.into(),
                raised_by: ConflictSource::Officer,
                evidence: vec![],
            }
            .into(),
            RecordKind::ExtensionApproved => ExtensionApproved {
                days: 30,
                approved_by: self.approver.clone(),
                approver_role: "head".into(),
                regulation: REGULATION.into(),
                reason: "appraisal pending".into(),
                evidence: vec![],
            }
            .into(),
            RecordKind::ServiceConsent => ServiceConsent {
                address: self.consent_address.into(),
                evidence: self.consent_evidence.clone(),
            }
            .into(),
            RecordKind::ReviewLegal => ReviewLegal {
                reviewer: self.reviewer.clone(),
                outcome: LegalReviewOutcome::Approved,
                opinion: self.legal_opinion.into(),
                facts_unclear: false,
                evidence: vec![],
            }
            .into(),
            RecordKind::ReviewCollective => ReviewCollective {
                participants: self.participants.clone(),
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
                hearing_at_us: self.day(self.hearing_day),
                method: ServiceMethod::Direct,
                evidence: vec![],
            }
            .into(),
            RecordKind::HearingHeld => HearingHeld {
                presiding: self.presiding.clone(),
                evidence: self.hearing_evidence.clone(),
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
                document_number: format!("市监罚〔{year}〕1号"),
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
                reason: self.termination,
                basis: self.termination_basis.into(),
                transferred_to: None,
                evidence: vec![],
            }
            .into(),
            RecordKind::CaseAssigned => CaseAssigned {
                officers: self.assigned.clone(),
                evidence: vec![],
            }
            .into(),
            RecordKind::CaseReleased => CaseReleased {
                officers: self.released.clone(),
                reason: self.release_reason.into(),
                evidence: vec![],
            }
            .into(),
            RecordKind::RecusalDecided => RecusalDecided {
                officer: self.conflicted.clone(),
                recused: true,
                decided_by: self.decider.clone(),
                reason: "spouse of the party's manager".into(),
                evidence: vec![],
            }
            .into(),
            RecordKind::PeriodExcluded => PeriodExcluded {
                what: "appraisal".into(),
                from_us: self.day(self.excluded_days.0),
                to_us: self.day(self.excluded_days.1),
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
                received_at_us: self.day(self.delivered_day),
                evidence: vec![],
            }
            .into(),
            RecordKind::PaymentDeferred => PaymentDeferred {
                approved_by: self.decider.clone(),
                reason: "the party's hardship is proven".into(),
                instalments: vec![Instalment {
                    due_at_us: self.day(self.instalment_day),
                    amount_fen: 500_000,
                }],
                evidence: vec![],
            }
            .into(),
            // The seizure these name is "m1" (see the suites' seizures).
            RecordKind::CompulsionApproved => CompulsionApproved {
                measure: "m1".into(),
                approved_by: self.decider.clone(),
                evidence: vec![],
            }
            .into(),
            RecordKind::CompulsionExtended => CompulsionExtended {
                measure: "m1".into(),
                approved_by: self.decider.clone(),
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
                decided_by: self.decider.clone(),
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
                notice: format!("某公不立字〔{year}〕1号"),
                evidence: vec![],
            }
            .into(),
            RecordKind::TransferPoliceFiled => TransferPoliceFiled {
                filing_notice: format!("某公立字〔{year}〕1号"),
                filed_on: self.filing_notice_received_on.parse().expect("a date"),
                notice_received_on: self.filing_notice_received_on.parse().expect("a date"),
                evidence: vec![],
            }
            .into(),
            RecordKind::TransferHandedOver => TransferHandedOver {
                filing_notice: format!("某公立字〔{year}〕1号"),
                notice_received_on: self.filing_notice_received_on.parse().expect("a date"),
                evidence: vec![],
            }
            .into(),
        }
    }

    /// A seizure (扣押) "m1" as the law asks it be taken (行政强制法 Arts. 18, 24), written into
    /// the body of an investigation record: on `footage` (video), approved in advance by
    /// `approved_by`, the party present and signing, the decision and inventory handed over on
    /// the spot.
    pub fn seize(body: &mut RecordBody, approved_by: &str, footage: Vec<EvidenceRef>) {
        if let RecordBody::InvestigationRecord(b) = body {
            b.act = Some(act::SEIZURE.into());
            b.evidence = footage;
            b.compulsion = Some(CompulsoryMeasure {
                measure: "m1".into(),
                approved_by: Some(approved_by.into()),
                urgent: false,
                party_present: true,
                record_signed_by: RecordSignatory::Party,
                decision_handed_over: true,
                inventory_handed_over: true,
            });
        }
    }
}
