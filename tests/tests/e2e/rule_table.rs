//! Every statutory rule through HTTP: for each rule a case whose last record breaks it and
//! one whose last record keeps it, signed as a phone signs them and submitted to
//! `POST /api/v1/records`. A broken `block` rule refuses the record, a broken `warn` rule
//! accepts it with the finding; either way the finding names the rule and its article.

use custos_api::auth::Role;
use custos_core::lifecycle::*;
use custos_core::record::Record;
use custos_core::rules::{RULES, Severity};
use custos_tests::recording::*;
use custos_tests::reqwest::{Method, StatusCode};
use custos_tests::serde_json::{Value, json};
use custos_tests::tus::{Uploader, content, metadata};
use custos_tests::{both_backends, expect_json};

use RecordKind as K;

/// Changes the body of a sample record: `edit!(record, Variant, |b| ...)`.
macro_rules! edit {
    ($record:expr, $variant:ident, |$b:ident| $change:expr) => {
        edited($record, |body| match body {
            RecordBody::$variant($b) => {
                $change;
            }
            other => panic!("expected a {} body, got {other:?}", stringify!($variant)),
        })
    };
}

/// A rule, its article, and two cases: records before and the candidate that breaks the
/// rule, and records before and the candidate that keeps it.
struct RuleCase {
    rule: &'static str,
    article: &'static str,
    fail: (Vec<CaseRecord>, CaseRecord),
    pass: (Vec<CaseRecord>, CaseRecord),
}

/// Submits `before` and `candidate` on a fresh chain of case `case_id` and returns the
/// candidate's result, after checking that every record before was accepted.
fn try_candidate(
    app: &custos_tests::TestApp,
    token: &str,
    case_id: &str,
    (before, candidate): &(Vec<CaseRecord>, CaseRecord),
) -> Value {
    let mut phone = Phone::new(1, case_id);
    let mut records: Vec<Record> = phone.sign_all(before);
    records.push(phone.sign(candidate));
    let refs: Vec<&Record> = records.iter().collect();
    let response = submit(app, token, &refs);
    let outcomes = outcomes(&response);
    assert!(
        outcomes[..before.len()].iter().all(|o| o == "accepted"),
        "{case_id}: the records before are refused: {response}"
    );
    response["results"][before.len()].clone()
}

fn rule_ids(result: &Value) -> Vec<&str> {
    result["findings"]
        .as_array()
        .map(|findings| {
            findings
                .iter()
                .map(|f| f["rule"].as_str().unwrap())
                .collect()
        })
        .unwrap_or_default()
}

both_backends!(fn every_rule_refuses_or_flags_a_breaking_record_and_accepts_a_lawful_one(app) {
    let office = office(&app);
    office.phone_a(&app, "any");
    let (a, b) = (office.a.id.as_str(), office.b.id.as_str());
    // D is certified and never investigates; C holds no certificate.
    let d = officer(&app, &office.admin, "officer.d", &office.township).id;
    let c = user(&app, "officer.c", Role::Officer, &office.township).id;
    // Tobacco cases have a benchmark they must cite; 三书同达 is on; the party has 5 working
    // days to state its case; extensions need the head's approval under the regulation.
    let rules = json!({
        "discretion_benchmarks": [
            {"id": "food-124", "min_fine_fen": 50_000, "max_fine_fen": 400_000},
            {"id": "tobacco-32", "min_fine_fen": 100_000, "max_fine_fen": 1_000_000, "categories": ["tobacco"]},
        ],
        "three_documents": true,
        "statement_period_working_days": 5,
        "heads": ["head", "deputy head"],
        "decision_extensions": [{"regulation": REGULATION, "approver_role": "head", "max_days": 30}],
        "decision_excluded_periods": [{"what": "appraisal", "regulation": REGULATION}],
        // A road camera, reviewed (Art. 41) before it was put in use.
        "publicity": {"monitoring_devices": [{"name": "卡口-1", "location": "某路与某街交叉口", "in_use_from": "2026-01-01", "reviewed_on": "2025-12-20"}]},
        // A case is filed within 5 working days of an inspection that found a violation.
        "filing_period": {"working_days": 5, "regulation": "某程序规定 第某条"},
        // Labelling cases: fined ¥1,000 to ¥10,000 by law, with a 减轻 and a 从轻 list item.
        "statutory_fines": [{"categories": ["labelling"], "law": "《某条例》第某条", "min_fine_fen": 100_000, "max_fine_fen": 1_000_000}],
        "leniency_lists": [
            {"id": "M-1", "list": "mitigated", "description": "首次违法、危害后果轻微并及时改正", "categories": ["labelling"]},
            {"id": "L-1", "list": "lighter", "description": "主动消除违法行为危害后果"},
        ],
    });
    expect_json(
        app.request(Method::PUT, &format!("/api/v1/orgs/{}/rules", office.township)).bearer_auth(&office.admin).json(&rules).send().unwrap(),
        StatusCode::OK,
    );

    // Bytes uploaded in the unit that are not what their device hashed ([0xd4; 32]): held in
    // quarantine, so no decision may rest on that digest (Art. 46).
    let uploader = Uploader::new(&app, "officer.upload", Role::Officer, &office.township);
    let declared = "d4".repeat(32);
    let response = uploader.upload(&content(46, 500), &metadata(&[("sha256", &declared), ("kind", "photo")]), 500);
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);

    let s = |kind, on| step(kind, on, a, b);
    let upto = |steps: &[(RecordKind, i64)]| -> Vec<CaseRecord> { steps.iter().map(|&(kind, on)| s(kind, on)).collect() };
    let filed = || upto(&[(K::CaseFiled, 0)]);
    let investigated = || upto(&[(K::CaseFiled, 0), (K::InvestigationRecord, 1)]);
    let noticed = || [investigated(), upto(&[(K::NoticeServed, 4)])].concat();
    let defended = || [noticed(), upto(&[(K::StatementRecorded, 5)])].concat();
    let decided = || [defended(), upto(&[(K::DecisionIssued, 14)])].concat();
    let served = || [decided(), upto(&[(K::DecisionServed, 15)])].concat();
    let with = |before: Vec<CaseRecord>, more: &[(RecordKind, i64)]| [before, upto(more)].concat();
    let investigation_with = |officers: &[&str]| {
        edit!(s(K::InvestigationRecord, 2), InvestigationRecord, |i| i.officers = officers.iter().map(|o| o.to_string()).collect())
    };
    let seizure_on = |kind: &str| edit!(seizure(1, a, b), InvestigationRecord, |i| i.evidence = vec![evidence(kind, 0xee)]);
    // 查封、扣押 "m1" taken on day 1 as `change` leaves it.
    let seizure_as = |change: &dyn Fn(&mut CompulsoryMeasure)| {
        edit!(seizure(1, a, b), InvestigationRecord, |i| change(i.compulsion.as_mut().unwrap()))
    };
    let seized = || [filed(), vec![seizure(1, a, b)]].concat();
    let seized_urgently = || [filed(), vec![seizure_as(&|m| { m.approved_by = None; m.urgent = true; })]].concat();
    // A suspected crime reported on day 2, the transfer approved on day 3, made on day 4.
    let reported = || with(investigated(), &[(K::TransferReported, 2)]);
    let approved = || with(reported(), &[(K::TransferDecided, 3)]);
    // An on-the-spot fine of ¥100 on day 0 (Monday), taken by the officers on receipt "R-1".
    let summary = || vec![s(K::SummaryPenalty, 0)];
    let collected_as = |ground, receipt: &str| {
        edit!(s(K::ExecutionRecorded, 0), ExecutionRecorded, |e| {
            e.paid_fen = 10_000;
            e.collection = Some(OnSpotCollection { ground, receipt: receipt.into(), party_requested: false });
        })
    };
    let collected = || [summary(), vec![collected_as(CollectionGround::SmallFine, "R-1")]].concat();
    let surcharged = |surcharge_fen| edit!(s(K::ExecutionRecorded, 40), ExecutionRecorded, |e| { e.surcharge_fen = surcharge_fen; e.complete = false; });
    // Inspected on day 0; a violation found on Tuesday, day 1: the 5 working days end on day 8.
    let violation_found = || vec![s(K::InspectionRecord, 0), edit!(s(K::InspectionConcluded, 1), InspectionConcluded, |c| c.outcome = InspectionOutcome::ViolationFound)];
    let extended_as = |change: &dyn Fn(&mut CompulsionExtended)| edit!(s(K::CompulsionExtended, 20), CompulsionExtended, |e| change(e));
    let summary_of = |fine_fen| edit!(s(K::SummaryPenalty, 0), SummaryPenalty, |p| p.penalty = fine(fine_fen));
    let decision_of = |fine_fen, on| edit!(s(K::DecisionIssued, on), DecisionIssued, |d| d.penalty = fine(fine_fen));
    let notice_with = |change: &dyn Fn(&mut NoticeServed)| edit!(s(K::NoticeServed, 4), NoticeServed, |n| change(n));
    let benchmarked = |fine_fen, benchmark: &str, reason: Option<&str>| {
        notice_with(&|n| {
            n.penalty = Penalty {
                fine_fen,
                benchmark: Some(benchmark.into()),
                discretion_reason: reason.map(Into::into),
                ..Penalty::default()
            }
        })
    };
    // ¥5,000 for an act breaching a provision with fines up to ¥10,000 and one up to ¥5,000,
    // fined under the first or the second (Art. 29).
    let two_norms = |under_higher: bool| {
        notice_with(&|n| {
            n.penalty = Penalty {
                fine_fen: 500_000,
                breached_norms: vec![
                    FineNorm { law: "《某条例》第某条".into(), max_fine_fen: 1_000_000, applied: under_higher },
                    FineNorm { law: "《某办法》第某条".into(), max_fine_fen: 500_000, applied: !under_higher },
                ],
                ..Penalty::default()
            }
        })
    };
    // Investigated on day 1 and legally reviewed by D on day 2, the facts found unclear or not
    // (Art. 40).
    let reviewed_facts = |unclear: bool| {
        [investigated(), vec![edit!(s(K::ReviewLegal, 2), ReviewLegal, |l| {
            l.reviewer = d.clone();
            l.facts_unclear = unclear;
            if unclear {
                l.outcome = LegalReviewOutcome::ProblemsFound;
            }
        })]].concat()
    };
    let filed_as = |change: &dyn Fn(&mut CaseFiled)| edit!(s(K::CaseFiled, 0), CaseFiled, |f| change(f));
    // The legal reviewer is D, who never investigates.
    let reviewed_case = |filing: CaseRecord, reviews: &[(RecordKind, i64)]| {
        let reviews = upto(reviews).into_iter().map(|r| {
            edited(r, |body| {
                if let RecordBody::ReviewLegal(l) = body {
                    l.reviewer = d.clone();
                }
            })
        });
        [vec![filing], upto(&[(K::InvestigationRecord, 1), (K::NoticeServed, 4), (K::StatementRecorded, 5)]), reviews.collect()].concat()
    };
    let held_by = |presiding: &str| edit!(s(K::HearingHeld, 21), HearingHeld, |h| h.presiding = presiding.into());
    let hearing_notified = || with(noticed(), &[(K::HearingRequested, 7), (K::HearingNotice, 8)]);
    let served_with = |method, documents: &[ServedDocument]| {
        edit!(s(K::DecisionServed, 15), DecisionServed, |d| {
            d.method = method;
            d.documents = documents.to_vec();
        })
    };
    let all_documents = [ServedDocument::Decision, ServedDocument::ComplianceAdvice, ServedDocument::CreditRepairNotice];
    let summary_by_one = edit!(s(K::SummaryPenalty, 0), SummaryPenalty, |p| p.officers.clear());
    let party_application = edit!(s(K::ConflictDeclared, 1), ConflictDeclared, |c| c.raised_by = ConflictSource::Party);
    let statement_made = edit!(s(K::StatementRecorded, 5), StatementRecorded, |r| r.response = StatementResponse::Made);
    // Noticed directly on Friday day 4: the party's 5 working days run to Friday day 11.
    let silence = |on| edit!(s(K::StatementRecorded, on), StatementRecorded, |r| r.response = StatementResponse::NoResponse);
    let tobacco = filed_as(&|f| f.category = "tobacco".into());
    // A filing on day 0 of a capture on 2026-02-28 by `device`, reviewed and the party told.
    let filed_on_capture = |device: &str, change: &dyn Fn(&mut DeviceCapture)| {
        filed_as(&|f| {
            let mut capture = DeviceCapture {
                device: device.into(),
                captured_on: "2026-02-28".parse().unwrap(),
                reviewed_by: Some(d.clone()),
                party_notified: true,
            };
            change(&mut capture);
            f.capture = Some(capture);
        })
    };
    let defended_on_capture = |change: &dyn Fn(&mut DeviceCapture)| {
        let mut records = defended();
        records[0] = filed_on_capture("卡口-1", change);
        records
    };
    let labelling = || vec![filed_as(&|f| f.category = "labelling".into()), s(K::InvestigationRecord, 1)];
    let lightened = |fine_fen, kind, item: &str| {
        notice_with(&|n| {
            n.penalty = Penalty {
                fine_fen,
                leniency: Some(Leniency { kind, ground: "第三十二条第一项".into(), list_item: Some(item.into()) }),
                ..Penalty::default()
            }
        })
    };
    let fined_before = || [vec![filed_as(&|f| f.already_fined_by = Some("某市监罚〔2026〕9号".into()))], upto(&[(K::InvestigationRecord, 1)])].concat();

    let cases = vec![
        RuleCase { rule: "LIFECYCLE-stage-order", article: "Administrative Penalty Law Art. 47 and chapter V (procedure)",
            fail: (filed(), s(K::DecisionIssued, 14)), pass: (filed(), s(K::InvestigationRecord, 1)) },
        RuleCase { rule: "APL-42-two-officers", article: "Administrative Penalty Law Art. 42",
            fail: (vec![], summary_by_one), pass: (filed(), investigation_with(&[b])) },
        RuleCase { rule: "APL-55-credentials-shown", article: "Administrative Penalty Law Art. 52, 55",
            fail: (filed(), edit!(investigation_with(&[b]), InvestigationRecord, |i| i.credentials_shown = false)),
            pass: (filed(), investigation_with(&[b])) },
        RuleCase { rule: "APL-42-certified-officers", article: "Administrative Penalty Law Art. 42",
            fail: (filed(), investigation_with(&[&c])), pass: (filed(), investigation_with(&[&d])) },
        RuleCase { rule: "APL-43-recusal", article: "Administrative Penalty Law Art. 43",
            fail: (with(filed(), &[(K::ConflictDeclared, 1)]), investigation_with(&[b])),
            pass: ([filed(), vec![party_application.clone()]].concat(), investigation_with(&[b])) },
        RuleCase { rule: "APL-47-audio-video", article: "Administrative Penalty Law Art. 47; State Council Office Guideline [2018] No. 118",
            fail: (filed(), seizure_on("photo")), pass: (filed(), seizure_on("video")) },
        RuleCase { rule: "APL-51-summary-limit", article: "Administrative Penalty Law Art. 51",
            fail: (vec![], summary_of(20_001)), pass: (vec![], summary_of(20_000)) },
        RuleCase { rule: "APL-56-preservation-late", article: "Administrative Penalty Law Art. 56, 85",
            fail: (with(investigated(), &[(K::EvidencePreserved, 1)]), s(K::EvidencePreservationResolved, 14)),
            pass: (with(investigated(), &[(K::EvidencePreserved, 1)]), s(K::EvidencePreservationResolved, 10)) },
        RuleCase { rule: "APL-56-preservation-open", article: "Administrative Penalty Law Art. 56",
            fail: (with(filed(), &[(K::EvidencePreserved, 1), (K::CaseTerminated, 2)]), s(K::CaseClosed, 3)),
            pass: (with(filed(), &[(K::EvidencePreserved, 1), (K::EvidencePreservationResolved, 2), (K::CaseTerminated, 2)]), s(K::CaseClosed, 3)) },
        RuleCase { rule: "APL-44-notice-before-decision", article: "Administrative Penalty Law Art. 44, 62",
            fail: (investigated(), s(K::DecisionIssued, 14)), pass: (defended(), s(K::DecisionIssued, 14)) },
        RuleCase { rule: "APL-44-notice-content", article: "Administrative Penalty Law Art. 44",
            fail: (investigated(), notice_with(&|n| n.facts.clear())), pass: (investigated(), s(K::NoticeServed, 4)) },
        RuleCase { rule: "APL-45-statement-recorded", article: "Administrative Penalty Law Art. 45",
            fail: (noticed(), s(K::DecisionIssued, 14)), pass: (defended(), s(K::DecisionIssued, 14)) },
        RuleCase { rule: "APL-45-statement-reviewed", article: "Administrative Penalty Law Art. 45",
            fail: ([noticed(), vec![statement_made.clone()]].concat(), s(K::DecisionIssued, 14)),
            pass: ([noticed(), vec![statement_made.clone()], upto(&[(K::StatementReviewed, 6)])].concat(), s(K::DecisionIssued, 14)) },
        RuleCase { rule: "APL-45-statement-period", article: "Administrative Penalty Law Art. 44, 45",
            fail: (noticed(), silence(9)), pass: (noticed(), silence(12)) },
        RuleCase { rule: "APL-45-no-increase", article: "Administrative Penalty Law Art. 45",
            fail: (defended(), decision_of(600_000, 14)), pass: (defended(), decision_of(500_000, 14)) },
        RuleCase { rule: "APL-58-legal-review", article: "Administrative Penalty Law Art. 58",
            fail: (reviewed_case(filed_as(&|f| f.major = true), &[(K::ReviewCollective, 6)]), s(K::DecisionIssued, 14)),
            pass: (reviewed_case(filed_as(&|f| f.major = true), &[(K::ReviewLegal, 6), (K::ReviewCollective, 7)]), s(K::DecisionIssued, 14)) },
        RuleCase { rule: "APL-57-58-reviewers", article: "Administrative Penalty Law Art. 57, 58",
            fail: (investigated(), s(K::ReviewLegal, 2)), pass: (investigated(), edit!(s(K::ReviewLegal, 2), ReviewLegal, |l| l.reviewer = d.clone())) },
        RuleCase { rule: "APL-57-collective-discussion", article: "Administrative Penalty Law Art. 57",
            fail: (reviewed_case(filed_as(&|f| f.complex = true), &[(K::ReviewLegal, 6)]), s(K::DecisionIssued, 14)),
            pass: (reviewed_case(filed_as(&|f| f.complex = true), &[(K::ReviewLegal, 6), (K::ReviewCollective, 7)]), s(K::DecisionIssued, 14)) },
        RuleCase { rule: "APL-63-hearing-right", article: "Administrative Penalty Law Art. 44, 63",
            fail: (investigated(), notice_with(&|n| { n.penalty = fine(10_000_000); n.rights.retain(|r| *r != PartyRight::Hearing); })),
            pass: (investigated(), notice_with(&|n| n.penalty = fine(10_000_000))) },
        RuleCase { rule: "APL-64-request-deadline", article: "Administrative Penalty Law Art. 64(1), 85",
            fail: (noticed(), s(K::HearingRequested, 14)), pass: (noticed(), s(K::HearingRequested, 7)) },
        RuleCase { rule: "APL-64-request-window", article: "Administrative Penalty Law Art. 64(1), 85",
            fail: (defended(), s(K::DecisionIssued, 7)), pass: (defended(), s(K::DecisionIssued, 14)) },
        RuleCase { rule: "APL-64-notice-7-days", article: "Administrative Penalty Law Art. 64(2), 85",
            fail: (with(noticed(), &[(K::HearingRequested, 7)]), edit!(s(K::HearingNotice, 8), HearingNotice, |h| h.hearing_at_us = day(15))),
            pass: (with(noticed(), &[(K::HearingRequested, 7)]), s(K::HearingNotice, 8)) },
        RuleCase { rule: "APL-64-presiding-officer", article: "Administrative Penalty Law Art. 64(4)",
            fail: (hearing_notified(), held_by(b)), pass: (hearing_notified(), held_by(&d)) },
        RuleCase { rule: "APL-63-hearing-before-decision", article: "Administrative Penalty Law Art. 63, 65",
            fail: (with(defended(), &[(K::HearingRequested, 7)]), s(K::DecisionIssued, 14)),
            pass: (with(defended(), &[(K::HearingRequested, 7), (K::HearingWaived, 8)]), s(K::DecisionIssued, 14)) },
        RuleCase { rule: "APL-60-decision-90-days", article: "Administrative Penalty Law Art. 60",
            fail: (defended(), s(K::DecisionIssued, 100)),
            pass: (with(defended(), &[(K::ExtensionApproved, 30)]), s(K::DecisionIssued, 100)) },
        RuleCase { rule: "APL-60-period-basis", article: "Administrative Penalty Law Art. 60",
            fail: (defended(), edit!(s(K::ExtensionApproved, 30), ExtensionApproved, |e| e.regulation = "经批准延长".into())),
            pass: (defended(), s(K::ExtensionApproved, 30)) },
        RuleCase { rule: "APL-61-service-7-days", article: "Administrative Penalty Law Art. 61, 85",
            fail: (decided(), s(K::DecisionServed, 30)), pass: (decided(), s(K::DecisionServed, 15)) },
        RuleCase { rule: "APL-61-electronic-consent", article: "Administrative Penalty Law Art. 61",
            fail: (decided(), served_with(ServiceMethod::Electronic, &all_documents)),
            pass: (with(decided(), &[(K::ServiceConsent, 14)]), served_with(ServiceMethod::Electronic, &all_documents)) },
        RuleCase { rule: "POL-three-documents", article: "三书同达 (local policy): decision, compliance advice and credit-repair notice served together",
            fail: (decided(), served_with(ServiceMethod::Direct, &[ServedDocument::Decision])), pass: (decided(), s(K::DecisionServed, 15)) },
        RuleCase { rule: "APL-67-payment-late", article: "Administrative Penalty Law Art. 67, 72",
            fail: (served(), s(K::ExecutionRecorded, 40)), pass: (served(), s(K::ExecutionRecorded, 16)) },
        RuleCase { rule: "APL-34-discretion-reason", article: "Administrative Penalty Law Art. 34",
            fail: (investigated(), benchmarked(500_000, "food-124", None)),
            pass: (investigated(), benchmarked(500_000, "food-124", Some("repeated offence"))) },
        RuleCase { rule: "APL-34-benchmark-cited", article: "Administrative Penalty Law Art. 34",
            fail: (vec![tobacco.clone(), s(K::InvestigationRecord, 1)], notice_with(&|n| n.penalty = fine(200_000))),
            pass: (vec![tobacco.clone(), s(K::InvestigationRecord, 1)], benchmarked(200_000, "tobacco-32", None)) },
        // Filed on 2026-03-02: a violation of 2024-03-02 is discovered on the last day of Art. 36's two years.
        RuleCase { rule: "APL-36-limitation", article: "Administrative Penalty Law Art. 36",
            fail: (vec![], filed_as(&|f| f.violation_on = Some("2024-03-01".parse().unwrap()))),
            pass: (vec![], filed_as(&|f| f.violation_on = Some("2024-03-02".parse().unwrap()))) },
        RuleCase { rule: "APL-59-decision-contents", article: "Administrative Penalty Law Art. 59",
            fail: (defended(), edit!(s(K::DecisionIssued, 14), DecisionIssued, |d| d.remedies = None)),
            pass: (defended(), s(K::DecisionIssued, 14)) },
        RuleCase { rule: "APL-38-legal-basis", article: "Administrative Penalty Law Art. 38, 52, 76(1)",
            fail: (vec![], edit!(s(K::SummaryPenalty, 0), SummaryPenalty, |p| p.legal_basis.clear())), pass: (vec![], s(K::SummaryPenalty, 0)) },
        RuleCase { rule: "APL-29-one-fine", article: "Administrative Penalty Law Art. 29",
            fail: (fined_before(), s(K::NoticeServed, 4)),
            pass: (fined_before(), notice_with(&|n| n.penalty = Penalty { warning: true, ..Penalty::default() })) },
        RuleCase { rule: "APL-29-higher-norm", article: "Administrative Penalty Law Art. 29",
            fail: (investigated(), two_norms(false)), pass: (investigated(), two_norms(true)) },
        RuleCase { rule: "APL-40-facts-established", article: "Administrative Penalty Law Art. 40",
            fail: (reviewed_facts(true), s(K::NoticeServed, 4)), pass: (reviewed_facts(false), s(K::NoticeServed, 4)) },
        RuleCase { rule: "APL-76-fine-range", article: "Administrative Penalty Law Art. 76(1), (2)",
            fail: (labelling(), notice_with(&|n| n.penalty = fine(1_000_001))), pass: (labelling(), notice_with(&|n| n.penalty = fine(1_000_000))) },
        RuleCase { rule: "APL-32-mitigation-ground", article: "Administrative Penalty Law Art. 32, 76(2)",
            fail: (labelling(), notice_with(&|n| n.penalty = fine(99_999))), pass: (labelling(), lightened(50_000, LeniencyKind::Mitigated, "M-1")) },
        RuleCase { rule: "APL-32-33-leniency-list", article: "Administrative Penalty Law Art. 32, 33",
            fail: (labelling(), lightened(50_000, LeniencyKind::Mitigated, "L-1")), pass: (labelling(), lightened(200_000, LeniencyKind::Lighter, "L-1")) },
        RuleCase { rule: "ACL-18-19-approval", article: "Administrative Compulsion Law Art. 18(1), 19, 24",
            fail: (filed(), seizure_as(&|m| m.approved_by = None)), pass: (filed(), seizure(1, a, b)) },
        RuleCase { rule: "ACL-18-on-site-record", article: "Administrative Compulsion Law Art. 18(8), (9)",
            fail: (filed(), seizure_as(&|m| m.party_present = false)),
            pass: (filed(), seizure_as(&|m| { m.party_present = false; m.record_signed_by = RecordSignatory::Witness; })) },
        RuleCase { rule: "ACL-24-handover", article: "Administrative Compulsion Law Art. 24",
            fail: (filed(), seizure_as(&|m| m.inventory_handed_over = false)), pass: (filed(), seizure(1, a, b)) },
        RuleCase { rule: "ACL-19-report-24h", article: "Administrative Compulsion Law Art. 19",
            fail: (seized_urgently(), s(K::CompulsionApproved, 3)), pass: (seized_urgently(), s(K::CompulsionApproved, 2)) },
        RuleCase { rule: "ACL-25-extension", article: "Administrative Compulsion Law Art. 25 ¶1–2",
            fail: (seized(), extended_as(&|e| e.days = 31)), pass: (seized(), s(K::CompulsionExtended, 20)) },
        RuleCase { rule: "ACL-25-testing", article: "Administrative Compulsion Law Art. 25 ¶3",
            fail: (seized(), edit!(s(K::CompulsionTesting, 5), CompulsionTesting, |t| t.party_notified = false)), pass: (seized(), s(K::CompulsionTesting, 5)) },
        // Seized on day 1: the 30 days end on day 31.
        RuleCase { rule: "ACL-25-period", article: "Administrative Compulsion Law Art. 25, 27",
            fail: (seized(), s(K::CompulsionEnded, 32)), pass: (seized(), s(K::CompulsionEnded, 31)) },
        RuleCase { rule: "ACL-27-end-decision", article: "Administrative Compulsion Law Art. 27",
            fail: (with(seized(), &[(K::CaseTerminated, 2)]), s(K::CaseClosed, 3)),
            pass: (with(seized(), &[(K::CompulsionEnded, 2), (K::CaseTerminated, 2)]), s(K::CaseClosed, 3)) },
        RuleCase { rule: "TRF-5-6-procedure", article: "Transfer of Suspected Criminal Cases Regulation Art. 5, 6",
            fail: (investigated(), edit!(s(K::TransferReported, 2), TransferReported, |r| r.officers.clear())),
            pass: (investigated(), s(K::TransferReported, 2)) },
        RuleCase { rule: "TRF-5-decision-3-days", article: "Transfer of Suspected Criminal Cases Regulation Art. 5",
            fail: (reported(), s(K::TransferDecided, 6)), pass: (reported(), s(K::TransferDecided, 5)) },
        RuleCase { rule: "TRF-5-transfer-24h", article: "Transfer of Suspected Criminal Cases Regulation Art. 5",
            fail: (approved(), s(K::TransferMade, 5)), pass: (approved(), s(K::TransferMade, 4)) },
        // Transferred on day 4, the filing notice received on day 4 (recorded on day 5 by a
        // transfer.police_filed in the failing case): handed over by day 7.
        RuleCase { rule: "TRF-12-handover-3-days", article: "Transfer of Suspected Criminal Cases Regulation Art. 12",
            fail: (with(approved(), &[(K::TransferMade, 4), (K::TransferPoliceFiled, 5)]), s(K::TransferHandedOver, 8)),
            pass: (with(approved(), &[(K::TransferMade, 4)]), s(K::TransferHandedOver, 7)) },
        RuleCase { rule: "APL-27-penalty-suspended", article: "Administrative Penalty Law Art. 27",
            fail: (with(approved(), &[(K::TransferMade, 4)]), s(K::NoticeServed, 5)),
            pass: (with(approved(), &[(K::TransferMade, 4), (K::TransferReturned, 6)]), s(K::NoticeServed, 7)) },
        RuleCase { rule: "APL-67-69-on-spot-collection", article: "Administrative Penalty Law Art. 67, 68, 69",
            fail: (served(), collected_as(CollectionGround::HardToEnforce, "R-1")), pass: (summary(), collected_as(CollectionGround::SmallFine, "R-1")) },
        RuleCase { rule: "APL-70-receipt", article: "Administrative Penalty Law Art. 70, 71",
            fail: (summary(), collected_as(CollectionGround::SmallFine, "")), pass: (summary(), collected_as(CollectionGround::SmallFine, "R-1")) },
        // Collected on Monday: handed in by Wednesday.
        RuleCase { rule: "APL-71-hand-in", article: "Administrative Penalty Law Art. 71, 85",
            fail: (collected(), s(K::CollectionHandedIn, 3)), pass: (collected(), s(K::CollectionHandedIn, 2)) },
        // The decision fines ¥5,000.
        RuleCase { rule: "APL-72-surcharge-cap", article: "Administrative Penalty Law Art. 72(1)",
            fail: (served(), surcharged(500_001)), pass: (served(), surcharged(500_000)) },
        RuleCase { rule: "APL-46-evidence-verified", article: "Administrative Penalty Law Art. 46",
            fail: (defended(), edit!(s(K::DecisionIssued, 14), DecisionIssued, |d| d.evidence = vec![evidence("photo", 0xd4)])),
            pass: (defended(), s(K::DecisionIssued, 14)) },
        RuleCase { rule: "APL-55-transcript-signed", article: "Administrative Penalty Law Art. 55 ¶2",
            fail: (filed(), edit!(s(K::InvestigationRecord, 1), InvestigationRecord, |i| i.act = Some(act::INQUIRY.into()))),
            pass: (filed(), edit!(s(K::InvestigationRecord, 1), InvestigationRecord, |i| {
                i.act = Some(act::INQUIRY.into());
                i.transcript_signed_by = Some(RecordSignatory::PartyRefused);
            })) },
        RuleCase { rule: "APL-54-timely-filing", article: "Administrative Penalty Law Art. 54 ¶2, 76 ¶2",
            fail: (violation_found(), s(K::CaseFiled, 9)), pass: (violation_found(), s(K::CaseFiled, 8)) },
        RuleCase { rule: "APL-41-device-reviewed", article: "Administrative Penalty Law Art. 41 ¶1",
            fail: (vec![], filed_on_capture("卡口-9", &|_| {})), pass: (vec![], filed_on_capture("卡口-1", &|_| {})) },
        RuleCase { rule: "APL-41-capture-reviewed", article: "Administrative Penalty Law Art. 41 ¶2",
            fail: (vec![], filed_on_capture("卡口-1", &|c| c.reviewed_by = None)), pass: (vec![], filed_on_capture("卡口-1", &|_| {})) },
        RuleCase { rule: "APL-41-party-informed", article: "Administrative Penalty Law Art. 41 ¶3",
            fail: (defended_on_capture(&|c| c.party_notified = false), s(K::DecisionIssued, 14)),
            pass: (defended_on_capture(&|_| {}), s(K::DecisionIssued, 14)) },
        RuleCase { rule: "APL-34-benchmark-unknown", article: "Administrative Penalty Law Art. 34",
            fail: (investigated(), benchmarked(300_000, "food-999", None)), pass: (investigated(), benchmarked(300_000, "food-124", None)) },
    ];
    // Every rule of custos-core, once each.
    let mut covered: Vec<&str> = cases.iter().map(|c| c.rule).collect();
    covered.sort_unstable();
    let mut all: Vec<&str> = RULES.iter().map(|r| r.id).collect();
    all.sort_unstable();
    assert_eq!(covered, all);

    for (n, case) in cases.iter().enumerate() {
        let rule = RULES.iter().find(|r| r.id == case.rule).unwrap();
        let failed = try_candidate(&app, &office.a.token, &format!("rule-{n}-fail"), &case.fail);
        let expected_outcome = match rule.severity {
            Severity::Block => "refused",
            Severity::Warn => "accepted",
        };
        assert_eq!(failed["outcome"], expected_outcome, "{}: {failed}", case.rule);
        let finding = failed["findings"]
            .as_array()
            .and_then(|findings| findings.iter().find(|f| f["rule"] == case.rule))
            .unwrap_or_else(|| panic!("{}: no finding: {failed}", case.rule));
        assert_eq!(finding["article"], case.article, "{}", case.rule);
        assert_eq!(finding["severity"], json!(rule.severity), "{}", case.rule);
        assert!(!finding["message_zh"].as_str().unwrap().is_empty() && !finding["message_en"].as_str().unwrap().is_empty());
        let passed = try_candidate(&app, &office.a.token, &format!("rule-{n}-pass"), &case.pass);
        assert_eq!(passed["outcome"], "accepted", "{}: {passed}", case.rule);
        assert!(!rule_ids(&passed).contains(&case.rule), "{}: {passed}", case.rule);
    }
});
