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

// The rule cases, one file per article family (the rule ids they name are at the top of
// each file, or here when the tests below name them too).
#[path = "rules/decision_period.rs"]
mod decision_period;
#[path = "rules/defence.rs"]
mod defence;
#[path = "rules/discretion.rs"]
mod discretion;
#[path = "rules/officers.rs"]
mod officers;
#[path = "rules/payment.rs"]
mod payment;
#[path = "rules/preservation.rs"]
mod preservation;
#[path = "rules/recording.rs"]
mod recording;
#[path = "rules/review.rs"]
mod review;
#[path = "rules/service.rs"]
mod service;
#[path = "rules/stage.rs"]
mod stage;
#[path = "rules/summary.rs"]
mod summary;
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
const PRESERVATION_LATE: &str = "APL-56-preservation-late";
const REQUEST_DEADLINE: &str = "APL-64-request-deadline";
const HEARING_FIRST: &str = "APL-63-hearing-before-decision";
const DECISION_DEADLINE: &str = "APL-60-decision-90-days";
const SERVICE_DEADLINE: &str = "APL-61-service-7-days";
const PAYMENT_LATE: &str = "APL-67-payment-late";

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

fn hearing_held_by(presiding: &str) -> CaseRecord {
    edit!(sample(K::HearingHeld, 24), HearingHeld, |b| b.presiding =
        presiding.into())
}

fn seizure(evidence: Vec<EvidenceRef>) -> CaseRecord {
    let mut record = sample(K::InvestigationRecord, 2);
    Samples::seize(&mut record.body, HEAD, evidence);
    record
}

fn reviewed(outcome: LegalReviewOutcome) -> CaseRecord {
    edit!(sample(K::ReviewLegal, 24), ReviewLegal, |b| b.outcome =
        outcome)
}

fn with_heads() -> RuleContext {
    let mut c = context();
    c.config.heads = vec![HEAD.into()];
    c
}

/// Every rule case, gathered from the files of each article family.
fn rule_cases() -> Vec<RuleCase> {
    stage::cases()
        .into_iter()
        .chain(officers::cases())
        .chain(recording::cases())
        .chain(summary::cases())
        .chain(preservation::cases())
        .chain(defence::cases())
        .chain(review::cases())
        .chain(decision_period::cases())
        .chain(service::cases())
        .chain(payment::cases())
        .chain(discretion::cases())
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
