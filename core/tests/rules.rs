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

// The families added with issue 18's second round, one file each.
#[path = "rules/collection.rs"]
mod collection;
#[path = "rules/compulsion.rs"]
mod compulsion;
#[path = "rules/device.rs"]
mod device;
#[path = "rules/document.rs"]
mod document;
#[path = "rules/evidence.rs"]
mod evidence;
#[path = "rules/fines.rs"]
mod fines;
#[path = "rules/limitation.rs"]
mod limitation;
#[path = "rules/transfer.rs"]
mod transfer;

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
                categories: vec![],
            }],
            decision_extensions: vec![DecisionExtension {
                regulation: REGULATION.into(),
                approver_role: "head".into(),
                max_days: 30,
            }],
            decision_excluded_periods: vec![ExcludedPeriodRule {
                what: "appraisal".into(),
                regulation: "市场监督管理行政处罚程序规定 第六十四条".into(),
            }],
            ..OrganisationConfig::default()
        },
        unverified_evidence: Default::default(),
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

/// The party waived its statement on day 3.
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

/// [`heard`] in a case that directly concerns the party's major rights (Art. 58(2)).
fn heard_major_rights() -> Vec<CaseRecord> {
    concat(
        vec![filed_as(|b| b.major_rights = true)],
        heard().into_iter().skip(1),
    )
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
const PERIOD_BASIS: &str = "APL-60-period-basis";
const CREDENTIALS: &str = "APL-55-credentials-shown";
const STATEMENT_REVIEWED: &str = "APL-45-statement-reviewed";
const STATEMENT_PERIOD: &str = "APL-45-statement-period";
const REVIEWERS: &str = "APL-57-58-reviewers";
const BENCHMARK_CITED: &str = "APL-34-benchmark-cited";
const SERVICE_DEADLINE: &str = "APL-61-service-7-days";
const ELECTRONIC: &str = "APL-61-electronic-consent";
const THREE_DOCUMENTS: &str = "POL-three-documents";
const PAYMENT_LATE: &str = "APL-67-payment-late";
const DISCRETION: &str = "APL-34-discretion-reason";
const BENCHMARK_UNKNOWN: &str = "APL-34-benchmark-unknown";

fn excluded(what: &str, from: i64, to: i64) -> CaseRecord {
    edit!(sample(K::PeriodExcluded, to), PeriodExcluded, |b| {
        b.what = what.into();
        b.from_us = day(from);
        b.to_us = day(to);
    })
}

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
        let mut record = sample(K::InvestigationRecord, 2);
        Samples::seize(&mut record.body, HEAD, evidence);
        record
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
    let food_benchmark = {
        let mut c = context();
        c.config.discretion_benchmarks[0].categories = vec!["food-safety".into()];
        c
    };
    let with_heads = {
        let mut c = context();
        c.config.heads = vec![HEAD.into()];
        c
    };
    let with_statement_period = {
        let mut c = context();
        c.config.statement_period_working_days = Some(5);
        c
    };
    let with_three_documents = {
        let mut c = context();
        c.config.three_documents = true;
        c
    };
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
            conflict_of_c.clone(),
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
                |b| {
                    b.outcome = PreservationOutcome::Seized;
                    b.compulsion = Some(measure("m1"));
                }
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
            "major rights, approved after the hearing",
            concat(
                heard_major_rights(),
                [reviewed(LegalReviewOutcome::Approved)],
            ),
            sample(K::DecisionIssued, 25),
            &[],
        ),
        case(
            LEGAL_REVIEW,
            "major rights, decided after a hearing, unreviewed",
            heard_major_rights(),
            sample(K::DecisionIssued, 25),
            &[LEGAL_REVIEW],
        ),
        // Art. 58(2) is "直接关系当事人或者第三人重大权益，经过听证程序的": both, so a hearing alone
        // does not make a case major.
        case(
            LEGAL_REVIEW,
            "decided after a hearing, no major rights",
            heard(),
            sample(K::DecisionIssued, 25),
            &[],
        ),
        case(
            LEGAL_REVIEW,
            "review found problems",
            concat(
                heard_major_rights(),
                [reviewed(LegalReviewOutcome::ProblemsFound)],
            ),
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
            concat(complex.clone(), [sample(K::ReviewLegal, 9)]),
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
        )
        .in_context(with_three_documents.clone()),
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
        // Art. 34: the unit has a benchmark for food-safety cases.
        case(
            BENCHMARK_CITED,
            "benchmark cited",
            investigated(),
            benchmarked(300_000, None),
            &[],
        )
        .in_context(food_benchmark.clone()),
        case(
            BENCHMARK_CITED,
            "no benchmark cited",
            investigated(),
            sample(K::NoticeServed, 2),
            &[BENCHMARK_CITED],
        )
        .in_context(food_benchmark),
        // Art. 42 covers 简易程序 unless a law provides otherwise, and 查封/扣押.
        case(
            TWO_OFFICERS,
            "on-the-spot penalty by one officer",
            vec![],
            edit!(sample(K::SummaryPenalty, 0), SummaryPenalty, |b| b
                .officers
                .clear()),
            &[TWO_OFFICERS],
        ),
        case(
            TWO_OFFICERS,
            "on-the-spot penalty by one officer where a law allows it",
            vec![],
            edit!(sample(K::SummaryPenalty, 0), SummaryPenalty, |b| b
                .officers
                .clear()),
            &[],
        )
        .in_context({
            let mut c = context();
            c.config.single_officer_exemptions = vec![SingleOfficerExemption {
                domain: DOMAIN.into(),
                law: "道路交通安全法 第一百零七条".into(),
            }];
            c
        }),
        case(
            TWO_OFFICERS,
            "seizure of preserved goods by one officer",
            preserved_then(investigated()),
            seized(&[]),
            &[TWO_OFFICERS],
        ),
        case(
            TWO_OFFICERS,
            "seizure of preserved goods by two officers",
            preserved_then(investigated()),
            seized(&[OFFICER_B]),
            &[],
        ),
        // Art. 55.
        case(
            CREDENTIALS,
            "credentials shown",
            filed(),
            sample(K::InvestigationRecord, 1),
            &[],
        ),
        case(
            CREDENTIALS,
            "credentials not recorded",
            filed(),
            edit!(
                sample(K::InvestigationRecord, 1),
                InvestigationRecord,
                |b| b.credentials_shown = false
            ),
            &[CREDENTIALS],
        ),
        // Art. 43: a party's application does not bar the officer until the head decides.
        case(
            RECUSAL,
            "party's application pending, investigation goes on",
            concat(filed(), [party_application(OFFICER_B)]),
            sample(K::InvestigationRecord, 1),
            &[],
        ),
        case(
            RECUSAL,
            "party's application pending at the decision",
            concat(
                concat(filed(), [party_application(OFFICER_B)]),
                defended().into_iter().skip(1),
            ),
            sample(K::DecisionIssued, 10),
            &[RECUSAL],
        ),
        case(
            RECUSAL,
            "recused by the head",
            concat(
                filed(),
                [party_application(OFFICER_B), recusal_of(OFFICER_B, true)],
            ),
            sample(K::InvestigationRecord, 1),
            &[RECUSAL],
        ),
        case(
            RECUSAL,
            "application refused by the head",
            concat(
                filed(),
                [party_application(OFFICER_B), recusal_of(OFFICER_B, false)],
            ),
            sample(K::InvestigationRecord, 1),
            &[],
        ),
        case(
            RECUSAL,
            "decided by someone not a head",
            concat(filed(), [party_application(OFFICER_B)]),
            edit!(recusal_of(OFFICER_B, true), RecusalDecided, |b| b
                .decided_by =
                OFFICER_A.into()),
            &[RECUSAL],
        )
        .in_context(with_heads.clone()),
        case(
            RECUSAL,
            "conflicted head in the collective discussion",
            concat(conflict_of_c.clone(), [sample(K::InvestigationRecord, 1)]),
            edit!(sample(K::ReviewCollective, 2), ReviewCollective, |b| b
                .participants
                .push(OFFICER_C.into())),
            &[RECUSAL],
        ),
        // Art. 45: 复核, and the statement period the unit gives.
        case(
            STATEMENT_REVIEWED,
            "statement reviewed",
            concat(
                notified(),
                [statement_made(3), sample(K::StatementReviewed, 4)],
            ),
            sample(K::DecisionIssued, 10),
            &[],
        ),
        case(
            STATEMENT_REVIEWED,
            "statement not reviewed",
            concat(notified(), [statement_made(3)]),
            sample(K::DecisionIssued, 10),
            &[STATEMENT_REVIEWED],
        ),
        case(
            STATEMENT_REVIEWED,
            "a new statement after the review",
            concat(
                notified(),
                [
                    statement_made(3),
                    sample(K::StatementReviewed, 4),
                    statement_made(5),
                ],
            ),
            sample(K::DecisionIssued, 10),
            &[STATEMENT_REVIEWED],
        ),
        case(
            STATEMENT_PERIOD,
            "silence after the period",
            notified(),
            silence(10),
            &[],
        )
        .in_context(with_statement_period.clone()),
        case(
            STATEMENT_PERIOD,
            "silence recorded within the period",
            notified(),
            silence(9),
            &[STATEMENT_PERIOD],
        )
        .in_context(with_statement_period),
        // Art. 57, 58: who reviews.
        case(
            REVIEWERS,
            "heads discuss",
            investigated(),
            sample(K::ReviewCollective, 2),
            &[],
        )
        .in_context(with_heads.clone()),
        case(
            REVIEWERS,
            "an officer in the collective discussion",
            investigated(),
            edit!(sample(K::ReviewCollective, 2), ReviewCollective, |b| b
                .participants
                .push(OFFICER_C.into())),
            &[REVIEWERS],
        )
        .in_context(with_heads),
        case(
            REVIEWERS,
            "the investigator reviews",
            investigated(),
            edit!(sample(K::ReviewLegal, 2), ReviewLegal, |b| b.reviewer =
                OFFICER_B.into()),
            &[REVIEWERS],
        ),
        case(
            REVIEWERS,
            "a qualified reviewer",
            investigated(),
            sample(K::ReviewLegal, 2),
            &[],
        )
        .in_context(with_reviewer(Some("A20213101000001"), "2023-01-01")),
        case(
            REVIEWERS,
            "a reviewer since before 2021 without the qualification",
            investigated(),
            sample(K::ReviewLegal, 2),
            &[],
        )
        .in_context(with_reviewer(None, "2019-05-01")),
        case(
            REVIEWERS,
            "a first-time reviewer without the qualification",
            investigated(),
            sample(K::ReviewLegal, 2),
            &[REVIEWERS],
        )
        .in_context(with_reviewer(None, "2023-01-01")),
        case(
            COLLECTIVE,
            "discussed before the legal review",
            concat(
                complex.clone(),
                [sample(K::ReviewCollective, 9), sample(K::ReviewLegal, 9)],
            ),
            sample(K::DecisionIssued, 10),
            &[COLLECTIVE],
        ),
        // Art. 64: from receipt of the notice; posted Wednesday day 2, received Monday day 7,
        // the request period closes Monday 2025-03-17 (day 14).
        case(
            REQUEST_DEADLINE,
            "requested on the 5th working day after receipt",
            posted_notice_received(7),
            sample(K::HearingRequested, 14),
            &[],
        ),
        case(
            REQUEST_DEADLINE,
            "requested on the 6th working day after receipt",
            posted_notice_received(7),
            sample(K::HearingRequested, 15),
            &[REQUEST_DEADLINE],
        ),
        case(
            REQUEST_WINDOW,
            "posted notice, receipt not recorded",
            concat(posted_notice(), [silence(20)]),
            sample(K::DecisionIssued, 30),
            &[REQUEST_WINDOW],
        ),
        case(
            PRESIDING_OFFICER,
            "presided by the inspector before filing",
            concat(
                concat(
                    vec![edit!(
                        sample(K::InspectionRecord, 0),
                        InspectionRecord,
                        |b| b.officers = vec![PRESIDING.into()]
                    )],
                    hearing_notified(),
                ),
                [],
            ),
            sample(K::HearingHeld, 24),
            &[PRESIDING_OFFICER],
        ),
        // 三书同达 applies where the unit turns it on, to organisations.
        case(
            THREE_DOCUMENTS,
            "decision alone where the unit does not apply it",
            decided(),
            served_with(ServiceMethod::Direct, &[ServedDocument::Decision]),
            &[],
        ),
        case(
            THREE_DOCUMENTS,
            "decision alone on a person",
            concat(
                vec![filed_as(|b| b.party_kind = PartyKind::Person)],
                decided().into_iter().skip(1),
            ),
            served_with(ServiceMethod::Direct, &[ServedDocument::Decision]),
            &[],
        )
        .in_context(with_three_documents.clone()),
        // Art. 66: payment deferred to day 42 (Monday 2025-04-14).
        case(
            PAYMENT_LATE,
            "paid by the deferred date",
            concat(served(), [deferred(42)]),
            sample(K::ExecutionRecorded, 42),
            &[],
        ),
        case(
            PAYMENT_LATE,
            "paid after the deferred date",
            concat(served(), [deferred(42)]),
            sample(K::ExecutionRecorded, 43),
            &[PAYMENT_LATE],
        ),
    ]
    .into_iter()
    .chain(document::cases())
    .chain(limitation::cases())
    .chain(limitation::timely_filing::cases())
    .chain(fines::cases())
    .chain(compulsion::cases())
    .chain(transfer::cases())
    .chain(collection::cases())
    .chain(evidence::cases())
    .chain(device::cases())
    .collect()
}

fn seized(officers: &[&str]) -> CaseRecord {
    edit!(
        sample(K::EvidencePreservationResolved, 2),
        EvidencePreservationResolved,
        |b| {
            b.outcome = PreservationOutcome::Seized;
            b.compulsion = Some(measure("m1"));
            b.officers = officers.iter().map(|o| o.to_string()).collect();
            b.evidence = vec![video()];
        }
    )
}

/// A sealing or seizure `id` approved by the head in advance, the party present and signing,
/// decision and inventory handed over (行政强制法 Arts. 18, 24).
fn measure(id: &str) -> CompulsoryMeasure {
    CompulsoryMeasure {
        measure: id.into(),
        approved_by: Some(HEAD.into()),
        urgent: false,
        party_present: true,
        record_signed_by: RecordSignatory::Party,
        decision_handed_over: true,
        inventory_handed_over: true,
    }
}

fn party_application(officer: &str) -> CaseRecord {
    edit!(sample(K::ConflictDeclared, 1), ConflictDeclared, |b| {
        b.officer = officer.into();
        b.raised_by = ConflictSource::Party;
    })
}

fn recusal_of(officer: &str, recused: bool) -> CaseRecord {
    edit!(sample(K::RecusalDecided, 1), RecusalDecided, |b| {
        b.officer = officer.into();
        b.recused = recused;
    })
}

fn statement_made(on: i64) -> CaseRecord {
    edit!(sample(K::StatementRecorded, on), StatementRecorded, |b| b
        .response =
        StatementResponse::Made)
}

fn silence(on: i64) -> CaseRecord {
    edit!(sample(K::StatementRecorded, on), StatementRecorded, |b| b
        .response =
        StatementResponse::NoResponse)
}

/// Filed, investigated, and noticed by post on Wednesday day 2.
fn posted_notice() -> Vec<CaseRecord> {
    concat(
        investigated(),
        [notice_with(|b| b.method = ServiceMethod::Post, 2)],
    )
}

fn posted_notice_received(on: i64) -> Vec<CaseRecord> {
    concat(posted_notice(), [sample(K::NoticeDelivered, on)])
}

fn deferred(until: i64) -> CaseRecord {
    edit!(sample(K::PaymentDeferred, 12), PaymentDeferred, |b| b
        .instalments[0]
        .due_at_us =
        day(until))
}

fn with_reviewer(certificate: Option<&str>, since: &str) -> RuleContext {
    let mut c = context();
    c.config.legal_reviewers = vec![LegalReviewer {
        user: REVIEWER.into(),
        legal_profession_certificate: certificate.map(Into::into),
        reviewing_since: since.parse().unwrap(),
    }];
    c
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

#[test]
fn a_unit_chooses_the_severity_of_configurable_rules_only() {
    let mut context = context();
    let severities = &mut context.config.severities;
    severities.insert(DECISION_DEADLINE.into(), Severity::Block);
    severities.insert(TWO_OFFICERS.into(), Severity::Warn);
    let late = custos_core::rules::check(
        &CaseState::from_records(&defended()).unwrap(),
        &sample(K::DecisionIssued, 93),
        &context,
    );
    assert_eq!(late[0].rule, DECISION_DEADLINE);
    assert_eq!(late[0].severity, Severity::Block);
    assert_eq!(rule(DECISION_DEADLINE).unwrap().severity, Severity::Warn);
    let alone = custos_core::rules::check(
        &CaseState::from_records(&filed()).unwrap(),
        &investigation_with(&[], 1),
        &context,
    );
    assert_eq!(alone[0].rule, TWO_OFFICERS);
    assert_eq!(alone[0].severity, Severity::Block);
    let configurable: Vec<&str> = RULES
        .iter()
        .filter(|r| r.severity_configurable)
        .map(|r| r.id)
        .collect();
    assert_eq!(configurable, [DECISION_DEADLINE]);
}

/// Filed on Monday 2026-11-02 (day 609): the 90 days end on Sunday 2027-01-31, in a year the
/// built-in calendar does not cover, so the deadline and a late decision are flagged.
#[test]
fn periods_reaching_an_unpublished_year_are_flagged() {
    let context = context();
    let filed_late_2026 = |records: Vec<CaseRecord>| -> Vec<CaseRecord> {
        records
            .into_iter()
            .map(|mut r| {
                r.at_us += day(609) - day(0);
                r
            })
            .collect()
    };
    let case = filed_late_2026(defended());
    let state = CaseState::from_records(&case).unwrap();
    let deadlines = open_deadlines(&state, &context);
    let decision = deadlines
        .iter()
        .find(|d| d.kind == DeadlineKind::Decision)
        .unwrap();
    assert_eq!(decision.last_day.to_string(), "2027-02-01");
    assert!(decision.calendar_unpublished);
    let request = deadlines
        .iter()
        .find(|d| d.kind == DeadlineKind::HearingRequest)
        .unwrap();
    assert!(!request.calendar_unpublished, "{request:?}");
    let late = filed_late_2026(vec![sample(K::DecisionIssued, 95)]);
    let findings = custos_core::rules::check(&state, &late[0], &context);
    assert_eq!(findings[0].rule, DECISION_DEADLINE);
    assert!(findings[0].calendar_unpublished, "{findings:?}");
    let json = serde_json::to_value(&findings[0]).unwrap();
    assert_eq!(json["calendar_unpublished"], true);
    // A case inside the covered years is not flagged, and says nothing of it.
    let state = CaseState::from_records(&defended()).unwrap();
    assert!(
        open_deadlines(&state, &context)
            .iter()
            .all(|d| !d.calendar_unpublished)
    );
    let findings = custos_core::rules::check(&state, &sample(K::DecisionIssued, 93), &context);
    assert!(!findings[0].calendar_unpublished);
    assert!(
        serde_json::to_value(&findings[0])
            .unwrap()
            .get("calendar_unpublished")
            .is_none()
    );
}
