//! Rule checks: for every rule a passing and a failing case (asserting the exact rule ids),
//! lawful scenarios with no findings at all, rule metadata, and a property over lawful orders.

mod common;

use common::*;
use custos_core::device::DeviceSigningKey;
use custos_core::digest::Sha256Digest;
use custos_core::lifecycle::*;
use custos_core::record::{Record, UnsignedRecord};
use custos_core::rules::*;
use proptest::prelude::*;
use serde_json::json;

use RecordKind as K;

/// Changes the body of a sample record in place: `edit!(record, Variant, |b| ...)`.
macro_rules! edit {
    ($record:expr, $variant:ident, |$b:ident| $change:expr) => {{
        let mut record = $record;
        match &mut record.body {
            RecordBody::$variant($b) => $change,
            other => panic!("expected a {} body, got {other:?}", stringify!($variant)),
        }
        record
    }};
}

fn certificate(number: &str, holder: &str) -> Certificate {
    Certificate {
        number: number.into(),
        holder: holder.into(),
        issuer: "市市场监督管理局".into(),
        domains: vec![DOMAIN.into()],
        valid_from: "2024-01-01".parse().unwrap(),
        valid_until: "2027-12-31".parse().unwrap(),
        status: CertificateStatus::Valid,
        status_since: None,
    }
}

/// Officers A, B, C and the presiding officer hold certificates; food-124 is a benchmark.
fn context() -> RuleContext {
    RuleContext {
        certificates: [OFFICER_A, OFFICER_B, OFFICER_C, PRESIDING]
            .iter()
            .zip(1..)
            .map(|(holder, n)| certificate(&format!("CERT-{n}"), holder))
            .collect(),
        conflicts: vec![],
        config: OrganisationConfig {
            discretion_benchmarks: vec![DiscretionBenchmark {
                id: "food-124".into(),
                min_fine_fen: 50_000,
                max_fine_fen: 400_000,
            }],
            ..OrganisationConfig::default()
        },
        calendar: None,
    }
}

fn with_certificate_of_b(change: impl FnOnce(&mut Certificate)) -> RuleContext {
    let mut context = context();
    let b = context
        .certificates
        .iter_mut()
        .find(|c| c.holder == OFFICER_B)
        .unwrap();
    change(b);
    context
}

/// Lawful samples of kinds on the given days (days after Monday 2025-03-03).
fn on(steps: &[(RecordKind, i64)]) -> Vec<CaseRecord> {
    steps.iter().map(|&(kind, d)| sample(kind, d)).collect()
}

fn filed() -> Vec<CaseRecord> {
    on(&[(K::CaseFiled, 0)])
}

fn investigated() -> Vec<CaseRecord> {
    on(&[(K::CaseFiled, 0), (K::InvestigationRecord, 1)])
}

/// Noticed on Wednesday 2025-03-05 (day 2): the hearing request window closes on
/// Wednesday 2025-03-12 (day 9).
fn notified() -> Vec<CaseRecord> {
    on(&[
        (K::CaseFiled, 0),
        (K::InvestigationRecord, 1),
        (K::NoticeServed, 2),
    ])
}

fn defended() -> Vec<CaseRecord> {
    [notified(), on(&[(K::StatementRecorded, 3)])].concat()
}

/// Decided on Thursday 2025-03-13 (day 10).
fn decided() -> Vec<CaseRecord> {
    [defended(), on(&[(K::DecisionIssued, 10)])].concat()
}

/// Served on Friday 2025-03-14 (day 11).
fn served() -> Vec<CaseRecord> {
    [decided(), on(&[(K::DecisionServed, 11)])].concat()
}

/// A hearing requested on day 3, notified on Friday 2025-03-07 (day 4) for day 24, held then.
fn heard() -> Vec<CaseRecord> {
    [
        notified(),
        on(&[
            (K::HearingRequested, 3),
            (K::HearingNotice, 4),
            (K::HearingHeld, 24),
        ]),
    ]
    .concat()
}

/// [`heard`] before the hearing is held.
fn hearing_notified() -> Vec<CaseRecord> {
    let mut records = heard();
    records.pop();
    records
}

fn concat(before: Vec<CaseRecord>, more: impl IntoIterator<Item = CaseRecord>) -> Vec<CaseRecord> {
    before.into_iter().chain(more).collect()
}

/// One data-driven case: the records before, the candidate, the context, the rule ids found.
struct RuleCase {
    /// The rule the case is about; a case passes it when `expected` lacks it.
    rule: &'static str,
    name: &'static str,
    before: Vec<CaseRecord>,
    candidate: CaseRecord,
    context: RuleContext,
    expected: Vec<&'static str>,
}

fn case(
    rule: &'static str,
    name: &'static str,
    before: Vec<CaseRecord>,
    candidate: CaseRecord,
    expected: &[&'static str],
) -> RuleCase {
    RuleCase {
        rule,
        name,
        before,
        candidate,
        context: context(),
        expected: expected.to_vec(),
    }
}

impl RuleCase {
    fn in_context(mut self, context: RuleContext) -> RuleCase {
        self.context = context;
        self
    }
}

/// Folds `before`, checks `candidate`, and compares the ids of the findings with `expected`.
fn check(case: &RuleCase) {
    let state = CaseState::from_records(&case.before)
        .unwrap_or_else(|e| panic!("{}: the records before are refused: {e}", case.name));
    let findings = custos_core::rules::check(&state, &case.candidate, &case.context);
    let found: Vec<&str> = findings.iter().map(|f| f.rule).collect();
    assert_eq!(found, case.expected, "{}: {findings:#?}", case.name);
    for finding in &findings {
        assert!(!finding.detail.is_empty(), "{}: empty detail", case.name);
    }
}

const STAGE_ORDER: &str = "LIFECYCLE-stage-order";
const TWO_OFFICERS: &str = "APL-42-two-officers";
const CERTIFIED: &str = "APL-42-certified-officers";
const RECUSAL: &str = "APL-43-recusal";
const AUDIO_VIDEO: &str = "APL-47-audio-video";
const SUMMARY_LIMIT: &str = "APL-51-summary-limit";
const PRESERVATION_LATE: &str = "APL-56-preservation-late";
const PRESERVATION_OPEN: &str = "APL-56-preservation-open";
const NOTICE_BEFORE_DECISION: &str = "APL-44-notice-before-decision";
const NOTICE_CONTENT: &str = "APL-44-notice-content";
const STATEMENT: &str = "APL-45-statement-recorded";
const NO_INCREASE: &str = "APL-45-no-increase";
const LEGAL_REVIEW: &str = "APL-58-legal-review";
const COLLECTIVE: &str = "APL-57-collective-discussion";
const HEARING_RIGHT: &str = "APL-63-hearing-right";
const REQUEST_DEADLINE: &str = "APL-64-request-deadline";
const REQUEST_WINDOW: &str = "APL-64-request-window";
const NOTICE_AHEAD: &str = "APL-64-notice-7-days";
const PRESIDING_OFFICER: &str = "APL-64-presiding-officer";
const HEARING_FIRST: &str = "APL-63-hearing-before-decision";
const DECISION_DEADLINE: &str = "APL-60-decision-90-days";
const SERVICE_DEADLINE: &str = "APL-61-service-7-days";
const ELECTRONIC: &str = "APL-61-electronic-consent";
const THREE_DOCUMENTS: &str = "POL-three-documents";
const PAYMENT_LATE: &str = "APL-67-payment-late";
const DISCRETION: &str = "APL-34-discretion-reason";
const BENCHMARK_UNKNOWN: &str = "APL-34-benchmark-unknown";

fn investigation_with(officers: &[&str], on: i64) -> CaseRecord {
    edit!(
        sample(K::InvestigationRecord, on),
        InvestigationRecord,
        |b| { b.officers = officers.iter().map(|o| o.to_string()).collect() }
    )
}

fn decision_with(penalty: Penalty, on: i64) -> CaseRecord {
    edit!(sample(K::DecisionIssued, on), DecisionIssued, |b| b
        .penalty =
        penalty)
}

fn notice_with(change: impl FnOnce(&mut NoticeServed), on: i64) -> CaseRecord {
    edit!(sample(K::NoticeServed, on), NoticeServed, |b| change(b))
}

fn summary_for(party_kind: PartyKind, penalty: Penalty) -> CaseRecord {
    edit!(sample(K::SummaryPenalty, 0), SummaryPenalty, |b| {
        b.party_kind = party_kind;
        b.penalty = penalty;
    })
}

fn filed_as(change: impl FnOnce(&mut CaseFiled)) -> CaseRecord {
    edit!(sample(K::CaseFiled, 0), CaseFiled, |b| change(b))
}

fn preserved_then(records: Vec<CaseRecord>) -> Vec<CaseRecord> {
    concat(investigated(), [sample(K::EvidencePreserved, 1)])
        .into_iter()
        .chain(records.into_iter().skip(2))
        .collect()
}

fn rule_cases() -> Vec<RuleCase> {
    let hearing_held_by = |presiding: &str| {
        edit!(sample(K::HearingHeld, 24), HearingHeld, |b| b.presiding =
            presiding.into())
    };
    let served_with = |method, documents: &[ServedDocument]| {
        edit!(sample(K::DecisionServed, 11), DecisionServed, |b| {
            b.method = method;
            b.documents = documents.to_vec();
        })
    };
    let all_documents = [
        ServedDocument::Decision,
        ServedDocument::ComplianceAdvice,
        ServedDocument::CreditRepairNotice,
    ];
    let seizure = |evidence: Vec<EvidenceRef>| {
        edit!(
            sample(K::InvestigationRecord, 2),
            InvestigationRecord,
            |b| {
                b.act = Some(act::SEIZURE.into());
                b.evidence = evidence;
            }
        )
    };
    let with_extra_recorded_act = {
        let mut c = context();
        c.config.mandatory_recording_acts = vec![act::HEARING.into()];
        c
    };
    let mut b_conflicted = context();
    b_conflicted.conflicts.push(Conflict {
        officer: OFFICER_B.into(),
        reason: "spouse of the party's manager".into(),
    });
    let conflict_of_c = concat(filed(), [sample(K::ConflictDeclared, 1)]);
    let large = fine(10_000_000);
    let revocation = Penalty {
        sanctions: vec![Sanction::LicenceRevocation],
        ..Penalty::default()
    };
    let hearing_at = |days: i64| {
        edit!(sample(K::HearingNotice, 4), HearingNotice, |b| b
            .hearing_at_us =
            day(days))
    };
    let reviewed = |outcome| {
        edit!(sample(K::ReviewLegal, 24), ReviewLegal, |b| b.outcome =
            outcome)
    };
    let major_category = {
        let mut c = context();
        c.config.major_case_categories = vec!["food-safety".into()];
        c
    };
    let complex = concat(
        vec![filed_as(|b| b.complex = true)],
        defended().into_iter().skip(1),
    );
    let extended = concat(defended(), [sample(K::ExtensionApproved, 30)]);
    let benchmarked = |fine_fen, reason: Option<&str>| {
        notice_with(
            |b| {
                b.penalty = Penalty {
                    fine_fen,
                    benchmark: Some("food-124".into()),
                    discretion_reason: reason.map(Into::into),
                    ..Penalty::default()
                }
            },
            2,
        )
    };

    vec![
        // The lifecycle.
        case(
            STAGE_ORDER,
            "investigation after filing",
            filed(),
            sample(K::InvestigationRecord, 1),
            &[],
        ),
        case(
            STAGE_ORDER,
            "archive right after filing",
            filed(),
            sample(K::CaseArchived, 1),
            &[STAGE_ORDER],
        ),
        // Art. 42, 52, 55.
        case(
            TWO_OFFICERS,
            "two officers",
            filed(),
            investigation_with(&[OFFICER_B], 1),
            &[],
        ),
        case(
            TWO_OFFICERS,
            "signer alone",
            filed(),
            investigation_with(&[], 1),
            &[TWO_OFFICERS],
        ),
        case(
            TWO_OFFICERS,
            "signer named twice",
            filed(),
            investigation_with(&[OFFICER_A], 1),
            &[TWO_OFFICERS],
        ),
        case(
            CERTIFIED,
            "all certified",
            vec![],
            sample(K::InspectionRecord, 0),
            &[],
        ),
        case(
            CERTIFIED,
            "no certificate",
            filed(),
            investigation_with(&["officer-d"], 1),
            &[CERTIFIED],
        ),
        case(
            CERTIFIED,
            "lapsed",
            filed(),
            sample(K::InvestigationRecord, 1),
            &[CERTIFIED],
        )
        .in_context(with_certificate_of_b(|c| {
            c.valid_until = "2025-03-03".parse().unwrap()
        })),
        case(
            CERTIFIED,
            "last valid day",
            filed(),
            sample(K::InvestigationRecord, 1),
            &[],
        )
        .in_context(with_certificate_of_b(|c| {
            c.valid_until = "2025-03-04".parse().unwrap()
        })),
        case(
            CERTIFIED,
            "other domain",
            filed(),
            sample(K::InvestigationRecord, 1),
            &[CERTIFIED],
        )
        .in_context(with_certificate_of_b(|c| {
            c.domains = vec!["transport".into()]
        })),
        case(
            CERTIFIED,
            "suspended",
            filed(),
            sample(K::InvestigationRecord, 1),
            &[CERTIFIED],
        )
        .in_context(with_certificate_of_b(|c| {
            c.status = CertificateStatus::Suspended
        })),
        case(
            CERTIFIED,
            "revoked after the act",
            filed(),
            sample(K::InvestigationRecord, 1),
            &[],
        )
        .in_context(with_certificate_of_b(|c| {
            c.status = CertificateStatus::Revoked;
            c.status_since = Some("2025-03-05".parse().unwrap());
        })),
        case(
            CERTIFIED,
            "on the spot, uncertified",
            vec![],
            summary_for(PartyKind::Person, fine(100)),
            &[CERTIFIED],
        )
        .in_context(with_certificate_of_b(|c| {
            c.status = CertificateStatus::Expired
        })),
        // Art. 43.
        case(
            RECUSAL,
            "others act",
            conflict_of_c.clone(),
            investigation_with(&[OFFICER_B], 2),
            &[],
        ),
        case(
            RECUSAL,
            "declared conflict",
            conflict_of_c,
            investigation_with(&[OFFICER_C], 2),
            &[RECUSAL],
        ),
        case(
            RECUSAL,
            "conflicted signer",
            concat(investigated(), [sample(K::ConflictDeclared, 1)]),
            CaseRecord {
                officer: OFFICER_C.into(),
                ..sample(K::NoticeServed, 2)
            },
            &[RECUSAL],
        ),
        case(
            RECUSAL,
            "known conflict",
            filed(),
            sample(K::InvestigationRecord, 1),
            &[RECUSAL],
        )
        .in_context(b_conflicted.clone()),
        case(
            RECUSAL,
            "the conflicted officer declares",
            filed(),
            CaseRecord {
                officer: OFFICER_B.into(),
                ..sample(K::ConflictDeclared, 1)
            },
            &[],
        )
        .in_context(b_conflicted),
        // Mandatory audio/video.
        case(
            AUDIO_VIDEO,
            "seizure on video",
            investigated(),
            seizure(vec![photo(), video()]),
            &[],
        ),
        case(
            AUDIO_VIDEO,
            "seizure on photos only",
            investigated(),
            seizure(vec![photo()]),
            &[AUDIO_VIDEO],
        ),
        case(
            AUDIO_VIDEO,
            "seizure after preservation",
            preserved_then(investigated()),
            edit!(
                sample(K::EvidencePreservationResolved, 2),
                EvidencePreservationResolved,
                |b| b.outcome = PreservationOutcome::Seized
            ),
            &[AUDIO_VIDEO],
        ),
        case(
            AUDIO_VIDEO,
            "hearing not configured",
            hearing_notified(),
            hearing_held_by(PRESIDING),
            &[],
        ),
        case(
            AUDIO_VIDEO,
            "configured hearing unrecorded",
            hearing_notified(),
            hearing_held_by(PRESIDING),
            &[AUDIO_VIDEO],
        )
        .in_context(with_extra_recorded_act),
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
        // Art. 56: preserved Tuesday 2025-03-04, due Thursday 2025-03-13 (day 10).
        case(
            PRESERVATION_LATE,
            "resolved on the 7th working day",
            preserved_then(investigated()),
            sample(K::EvidencePreservationResolved, 10),
            &[],
        ),
        case(
            PRESERVATION_LATE,
            "resolved on the 8th working day",
            preserved_then(investigated()),
            sample(K::EvidencePreservationResolved, 11),
            &[PRESERVATION_LATE],
        ),
        case(
            PRESERVATION_OPEN,
            "closing with all resolved",
            concat(served(), [sample(K::ExecutionRecorded, 12)]),
            sample(K::CaseClosed, 13),
            &[],
        ),
        case(
            PRESERVATION_OPEN,
            "closing with an open preservation",
            concat(preserved_then(served()), [sample(K::ExecutionRecorded, 12)]),
            sample(K::CaseClosed, 13),
            &[PRESERVATION_OPEN],
        ),
        // Art. 44, 45.
        case(
            NOTICE_BEFORE_DECISION,
            "decision after notice and defence",
            defended(),
            sample(K::DecisionIssued, 10),
            &[],
        ),
        case(
            NOTICE_BEFORE_DECISION,
            "decision without notice",
            investigated(),
            sample(K::DecisionIssued, 10),
            &[STAGE_ORDER, NOTICE_BEFORE_DECISION],
        ),
        case(
            NOTICE_CONTENT,
            "complete notice",
            investigated(),
            sample(K::NoticeServed, 2),
            &[],
        ),
        case(
            NOTICE_CONTENT,
            "no facts, no defence right",
            investigated(),
            notice_with(
                |b| {
                    b.facts = " ".into();
                    b.rights = vec![PartyRight::Statement, PartyRight::Hearing];
                },
                2,
            ),
            &[NOTICE_CONTENT],
        ),
        case(
            STATEMENT,
            "decision without a statement",
            notified(),
            sample(K::DecisionIssued, 10),
            &[STATEMENT],
        ),
        case(
            STATEMENT,
            "silence recorded",
            concat(
                notified(),
                [edit!(
                    sample(K::StatementRecorded, 9),
                    StatementRecorded,
                    |b| b.response = StatementResponse::NoResponse
                )],
            ),
            sample(K::DecisionIssued, 10),
            &[],
        ),
        case(
            NO_INCREASE,
            "lighter decision",
            defended(),
            decision_with(fine(400_000), 10),
            &[],
        ),
        case(
            NO_INCREASE,
            "heavier fine",
            defended(),
            decision_with(fine(500_001), 10),
            &[NO_INCREASE],
        ),
        case(
            NO_INCREASE,
            "added sanction",
            defended(),
            decision_with(
                Penalty {
                    sanctions: vec![Sanction::LicenceSuspension],
                    ..fine(500_000)
                },
                10,
            ),
            &[NO_INCREASE],
        ),
        // Art. 57, 58.
        case(
            LEGAL_REVIEW,
            "approved after the hearing",
            concat(heard(), [reviewed(LegalReviewOutcome::Approved)]),
            sample(K::DecisionIssued, 25),
            &[],
        ),
        case(
            LEGAL_REVIEW,
            "decided after a hearing, unreviewed",
            heard(),
            sample(K::DecisionIssued, 25),
            &[LEGAL_REVIEW],
        ),
        case(
            LEGAL_REVIEW,
            "review found problems",
            concat(heard(), [reviewed(LegalReviewOutcome::ProblemsFound)]),
            sample(K::DecisionIssued, 25),
            &[LEGAL_REVIEW],
        ),
        case(
            LEGAL_REVIEW,
            "major category",
            defended(),
            sample(K::DecisionIssued, 10),
            &[LEGAL_REVIEW, COLLECTIVE],
        )
        .in_context(major_category),
        case(
            COLLECTIVE,
            "complex, reviewed and discussed",
            concat(
                complex.clone(),
                [sample(K::ReviewLegal, 9), sample(K::ReviewCollective, 9)],
            ),
            sample(K::DecisionIssued, 10),
            &[],
        ),
        case(
            COLLECTIVE,
            "complex, not discussed",
            concat(complex, [sample(K::ReviewLegal, 9)]),
            sample(K::DecisionIssued, 10),
            &[COLLECTIVE],
        ),
        // Art. 63, 64.
        case(
            HEARING_RIGHT,
            "below the threshold",
            investigated(),
            notice_with(
                |b| {
                    b.penalty = fine(9_999_999);
                    b.rights.pop();
                },
                2,
            ),
            &[],
        ),
        case(
            HEARING_RIGHT,
            "large fine, hearing not offered",
            investigated(),
            notice_with(
                |b| {
                    b.penalty = large.clone();
                    b.rights.pop();
                },
                2,
            ),
            &[HEARING_RIGHT],
        ),
        case(
            HEARING_RIGHT,
            "revocation, hearing not offered",
            investigated(),
            notice_with(
                |b| {
                    b.penalty = revocation.clone();
                    b.rights.pop();
                },
                2,
            ),
            &[HEARING_RIGHT],
        ),
        case(
            REQUEST_DEADLINE,
            "requested on the 5th working day",
            notified(),
            sample(K::HearingRequested, 9),
            &[],
        ),
        case(
            REQUEST_DEADLINE,
            "requested on the 6th working day",
            notified(),
            sample(K::HearingRequested, 10),
            &[REQUEST_DEADLINE],
        ),
        case(
            REQUEST_WINDOW,
            "decision while the window is open",
            defended(),
            sample(K::DecisionIssued, 9),
            &[REQUEST_WINDOW],
        ),
        case(
            REQUEST_WINDOW,
            "decision after the party waived",
            concat(defended(), [sample(K::HearingWaived, 3)]),
            sample(K::DecisionIssued, 4),
            &[],
        ),
        case(
            NOTICE_AHEAD,
            "seven working days between",
            concat(notified(), [sample(K::HearingRequested, 3)]),
            hearing_at(16),
            &[],
        ),
        case(
            NOTICE_AHEAD,
            "six working days between",
            concat(notified(), [sample(K::HearingRequested, 3)]),
            hearing_at(15),
            &[NOTICE_AHEAD],
        ),
        case(
            PRESIDING_OFFICER,
            "presided by a non-investigator",
            hearing_notified(),
            hearing_held_by(PRESIDING),
            &[],
        ),
        case(
            PRESIDING_OFFICER,
            "presided by an investigator",
            hearing_notified(),
            hearing_held_by(OFFICER_B),
            &[PRESIDING_OFFICER],
        ),
        case(
            HEARING_FIRST,
            "hearing held",
            concat(heard(), [sample(K::ReviewLegal, 24)]),
            sample(K::DecisionIssued, 25),
            &[],
        ),
        case(
            HEARING_FIRST,
            "notified hearing not held",
            concat(hearing_notified(), [sample(K::StatementRecorded, 5)]),
            sample(K::DecisionIssued, 25),
            &[HEARING_FIRST],
        ),
        case(
            HEARING_FIRST,
            "requested hearing not notified",
            concat(
                notified(),
                [
                    sample(K::HearingRequested, 3),
                    sample(K::StatementRecorded, 3),
                ],
            ),
            sample(K::DecisionIssued, 25),
            &[HEARING_FIRST],
        ),
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
            extended,
            sample(K::DecisionIssued, 93),
            &[],
        ),
        // Art. 61: decided Thursday 2025-03-13, served by Monday 2025-03-24 (day 21).
        case(
            SERVICE_DEADLINE,
            "served on the 7th working day",
            decided(),
            sample(K::DecisionServed, 21),
            &[],
        ),
        case(
            SERVICE_DEADLINE,
            "served on the 8th working day",
            decided(),
            sample(K::DecisionServed, 22),
            &[SERVICE_DEADLINE],
        ),
        case(
            ELECTRONIC,
            "electronic with consent",
            concat(
                defended(),
                [sample(K::ServiceConsent, 4), sample(K::DecisionIssued, 10)],
            ),
            served_with(ServiceMethod::Electronic, &all_documents),
            &[],
        ),
        case(
            ELECTRONIC,
            "electronic without consent",
            decided(),
            served_with(ServiceMethod::Electronic, &all_documents),
            &[ELECTRONIC],
        ),
        case(
            THREE_DOCUMENTS,
            "three documents together",
            decided(),
            served_with(ServiceMethod::Post, &all_documents),
            &[],
        ),
        case(
            THREE_DOCUMENTS,
            "decision alone",
            decided(),
            served_with(ServiceMethod::Direct, &[ServedDocument::Decision]),
            &[THREE_DOCUMENTS],
        ),
        // Art. 67: served Friday 2025-03-14; day 15 is Saturday 2025-03-29, so Monday 03-31.
        case(
            PAYMENT_LATE,
            "paid on the last day",
            served(),
            sample(K::ExecutionRecorded, 28),
            &[],
        ),
        case(
            PAYMENT_LATE,
            "paid a day late",
            served(),
            sample(K::ExecutionRecorded, 29),
            &[PAYMENT_LATE],
        ),
        // Art. 34.
        case(
            DISCRETION,
            "inside the benchmark",
            investigated(),
            benchmarked(400_000, None),
            &[],
        ),
        case(
            DISCRETION,
            "outside, with a reason",
            investigated(),
            benchmarked(500_000, Some("repeated offence")),
            &[],
        ),
        case(
            DISCRETION,
            "outside, no reason",
            investigated(),
            benchmarked(500_000, None),
            &[DISCRETION],
        ),
        case(
            BENCHMARK_UNKNOWN,
            "no benchmark cited",
            investigated(),
            sample(K::NoticeServed, 2),
            &[],
        ),
        case(
            BENCHMARK_UNKNOWN,
            "unknown benchmark",
            investigated(),
            notice_with(|b| b.penalty.benchmark = Some("food-999".into()), 2),
            &[BENCHMARK_UNKNOWN],
        ),
    ]
}

#[test]
fn every_rule_case_finds_exactly_its_rules() {
    for case in rule_cases() {
        check(&case);
    }
}

#[test]
fn every_rule_has_a_passing_and_a_failing_case() {
    let cases = rule_cases();
    for rule in RULES {
        let of_rule = || cases.iter().filter(|c| c.rule == rule.id);
        assert!(
            of_rule().any(|c| c.expected.contains(&rule.id)),
            "{} has no failing case",
            rule.id
        );
        assert!(
            of_rule().any(|c| !c.expected.contains(&rule.id)),
            "{} has no passing case",
            rule.id
        );
    }
}

#[test]
fn rule_ids_are_unique_and_messages_present() {
    let mut ids: Vec<&str> = RULES.iter().map(|r| r.id).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), RULES.len());
    for rule in RULES {
        assert!(rule.id.is_ascii() && !rule.id.contains(' '), "{}", rule.id);
        for text in [
            rule.article,
            rule.article_zh,
            rule.message_zh,
            rule.message_en,
        ] {
            assert!(!text.trim().is_empty(), "{} has an empty text", rule.id);
        }
        assert!(
            rule.message_zh
                .chars()
                .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{} has no Chinese message",
            rule.id
        );
        assert_eq!(
            custos_core::rules::rule(rule.id).map(|r| r.id),
            Some(rule.id)
        );
    }
    assert_eq!(custos_core::rules::rule("APL-99-none").map(|r| r.id), None);
}

/// Every record of these scenarios passes every rule.
#[test]
fn lawful_scenarios_have_no_findings() {
    let major = vec![filed_as(|b| b.major = true)];
    let scenarios: Vec<(&str, Vec<CaseRecord>)> = vec![
        (
            "ordinary case with preservation",
            concat(
                preserved_then(investigated()),
                [
                    sample(K::EvidencePreservationResolved, 3),
                    sample(K::NoticeServed, 4),
                    sample(K::StatementRecorded, 5),
                    sample(K::DecisionIssued, 14),
                    sample(K::DecisionServed, 15),
                    sample(K::ExecutionRecorded, 16),
                    sample(K::CaseClosed, 17),
                    sample(K::CaseArchived, 18),
                ],
            ),
        ),
        (
            "major case with hearing, review and discussion",
            concat(
                concat(major, heard().into_iter().skip(1)),
                [
                    sample(K::ReviewLegal, 25),
                    sample(K::ReviewCollective, 26),
                    sample(K::DecisionIssued, 27),
                    sample(K::DecisionServed, 28),
                    sample(K::ExecutionRecorded, 30),
                    sample(K::CaseClosed, 31),
                    sample(K::CaseArchived, 32),
                ],
            ),
        ),
        (
            "on-the-spot penalty",
            on(&[
                (K::SummaryPenalty, 0),
                (K::ExecutionRecorded, 0),
                (K::CaseClosed, 1),
                (K::CaseArchived, 2),
            ]),
        ),
        (
            "inspection from a random draw",
            on(&[
                (K::InspectionRecord, 0),
                (K::InspectionRecord, 0),
                (K::InspectionConcluded, 1),
                (K::CaseArchived, 2),
            ]),
        ),
        (
            "withdrawn case",
            on(&[
                (K::CaseFiled, 0),
                (K::InvestigationRecord, 1),
                (K::CaseTerminated, 2),
                (K::CaseClosed, 3),
                (K::CaseArchived, 4),
            ]),
        ),
    ];
    let context = context();
    for (name, records) in scenarios {
        let mut state = CaseState::new();
        for record in &records {
            let findings = custos_core::rules::check(&state, record, &context);
            assert_eq!(findings, vec![], "{name}: {}", record.kind());
            state.apply(record).unwrap();
        }
        assert_eq!(state.stage, Stage::Archived, "{name}");
    }
}

fn unsigned(record: &CaseRecord, seq: u64, prev: Option<Sha256Digest>) -> UnsignedRecord {
    let device = DeviceSigningKey::from_seed([7; 32]).device_id().clone();
    record
        .to_unsigned("case-1".into(), seq, prev, device)
        .unwrap()
}

#[test]
fn unparsable_records_fail_the_schema_rule_alone() {
    let state = CaseState::from_records(&notified()).unwrap();
    let mut record = unsigned(&sample(K::DecisionIssued, 10), 3, None);
    record
        .body
        .insert("penalty".into(), json!({"fine_fen": 1.5}));
    let findings = custos_core::rules::check(&state, &record, &context());
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0].rule, RECORD_SCHEMA.id);
    assert_eq!(findings[0].severity, Severity::Block);
    assert!(blocks(&findings));
    record.kind = "decision.revoked".into();
    let findings = custos_core::rules::check(&state, &record, &context());
    assert_eq!(
        findings[0].detail,
        "unknown record kind \"decision.revoked\""
    );
}

/// Signed records fold to the same case as their typed contents, and are checked alike.
#[test]
fn signed_records_fold_like_their_contents() {
    let key = DeviceSigningKey::from_seed([7; 32]);
    let typed = served();
    let mut prev = None;
    let signed: Vec<Record> = typed
        .iter()
        .zip(0..)
        .map(|(record, seq)| {
            let record = unsigned(record, seq, prev).sign(&key).unwrap();
            prev = Some(record.hash());
            record
        })
        .collect();
    let from_signed = CaseState::from_records(&signed).unwrap();
    assert_eq!(from_signed, CaseState::from_records(&typed).unwrap());
    let mut state = CaseState::from_records(&signed[..4]).unwrap();
    assert_eq!(
        custos_core::rules::check(&state, &signed[5], &context())[0].rule,
        STAGE_ORDER
    );
    assert_eq!(
        custos_core::rules::check(&state, &signed[4], &context()),
        vec![]
    );
    state.apply(&signed[4]).unwrap();
    assert_eq!(state.stage, Stage::Decided);
}

#[test]
fn certificates_answer_who_may_act() {
    let cert = certificate("CERT-9", OFFICER_A);
    let date = |text: &str| text.parse::<LocalDate>().unwrap();
    let certificates = [cert.clone()];
    let ask = |on: &str, domain: &str| {
        authorise(&certificates, OFFICER_A, date(on), domain).map(|c| c.number.clone())
    };
    assert_eq!(ask("2024-01-01", DOMAIN), Ok("CERT-9".into()));
    assert_eq!(ask("2027-12-31", DOMAIN), Ok("CERT-9".into()));
    assert_eq!(
        ask("2023-12-31", DOMAIN),
        Err(CertificateRefusal::NotYetValid {
            number: "CERT-9".into(),
            valid_from: date("2024-01-01")
        })
    );
    assert_eq!(
        ask("2028-01-01", DOMAIN),
        Err(CertificateRefusal::Lapsed {
            number: "CERT-9".into(),
            valid_until: date("2027-12-31")
        })
    );
    assert_eq!(
        ask("2025-01-01", "transport"),
        Err(CertificateRefusal::WrongDomain {
            officer: OFFICER_A.into(),
            domain: "transport".into()
        })
    );
    assert_eq!(
        authorise(&certificates, OFFICER_B, date("2025-01-01"), DOMAIN),
        Err(CertificateRefusal::NoCertificate {
            officer: OFFICER_B.into()
        })
    );
    // A second certificate for another domain does not hide the first one's refusal.
    let transport = Certificate {
        number: "CERT-10".into(),
        domains: vec!["transport".into()],
        ..cert.clone()
    };
    let suspended = Certificate {
        status: CertificateStatus::Suspended,
        status_since: Some(date("2025-06-01")),
        ..cert
    };
    let both = [suspended, transport];
    assert_eq!(
        authorise(&both, OFFICER_A, date("2025-06-01"), DOMAIN),
        Err(CertificateRefusal::Withdrawn {
            number: "CERT-9".into(),
            status: CertificateStatus::Suspended
        })
    );
    assert!(authorise(&both, OFFICER_A, date("2025-05-31"), DOMAIN).is_ok());
    assert!(authorise(&both, OFFICER_A, date("2025-06-01"), "transport").is_ok());
}

#[test]
fn open_deadlines_list_what_is_due() {
    let context = context();
    let deadlines = |records: &[CaseRecord]| {
        let state = CaseState::from_records(records).unwrap();
        open_deadlines(&state, &context)
            .into_iter()
            .map(|d| (d.kind, d.rule, d.last_day.to_string()))
            .collect::<Vec<_>>()
    };
    let decision = (
        DeadlineKind::Decision,
        DECISION_DEADLINE,
        "2025-06-03".to_owned(),
    );
    assert_eq!(deadlines(&filed()), vec![decision.clone()]);
    assert_eq!(
        deadlines(&preserved_then(notified())),
        vec![
            (
                DeadlineKind::HearingRequest,
                REQUEST_DEADLINE,
                "2025-03-12".to_owned()
            ),
            (
                DeadlineKind::PreservationResolution {
                    preservation: "p1".into()
                },
                PRESERVATION_LATE,
                "2025-03-13".to_owned()
            ),
            decision.clone(),
        ]
    );
    assert_eq!(
        deadlines(&hearing_notified()),
        vec![
            (
                DeadlineKind::Hearing,
                HEARING_FIRST,
                "2025-03-27".to_owned()
            ),
            decision
        ]
    );
    assert_eq!(
        deadlines(&decided()),
        vec![(
            DeadlineKind::Service,
            SERVICE_DEADLINE,
            "2025-03-24".to_owned()
        )]
    );
    assert_eq!(
        deadlines(&served()),
        vec![(DeadlineKind::Payment, PAYMENT_LATE, "2025-03-31".to_owned())]
    );
    assert_eq!(
        deadlines(&concat(served(), [sample(K::ExecutionRecorded, 12)])),
        vec![]
    );
    let state = CaseState::from_records(&filed()).unwrap();
    let due = &open_deadlines(&state, &context)[0];
    // The end of 2025-06-03 in China Standard Time is 2025-06-03T16:00:00Z.
    assert_eq!(due.ends_before_us, 1_748_966_400_000_000);
}

#[test]
fn context_round_trips_through_json() {
    let mut context = context();
    context.calendar = Some(WorkingCalendar::china().clone());
    let text = serde_json::to_string(&context).unwrap();
    let back: RuleContext = serde_json::from_str(&text).unwrap();
    assert_eq!(back, context);
}

proptest! {
    #[test]
    fn lawful_orders_never_fail_the_lifecycle_rule((kinds, _) in lawful_order()) {
        let context = context();
        let mut state = CaseState::new();
        for record in records(&kinds) {
            let findings = custos_core::rules::check(&state, &record, &context);
            prop_assert!(
                findings.iter().all(|f| f.rule != STAGE_ORDER),
                "{}: {:?}", record.kind(), findings
            );
            state.apply(&record).unwrap();
        }
    }
}
