//! The periods of the compulsion law (行政强制法 Arts. 19, 25), the transfer regulation (移送规定
//! Arts. 5, 12) and Art. 71 as open deadlines through HTTP: records a phone signs start them, the
//! case's view lists them, the county above sees them as overdue in its attention list, and
//! the record that meets each cures it.

use custos_core::lifecycle::*;
use custos_core::record::Record;
use custos_tests::attention;
use custos_tests::recording::*;
use custos_tests::serde_json::Value;
use custos_tests::{TestApp, both_backends};

use RecordKind as K;

const HOUR_US: i64 = 3_600_000_000;

/// Signs `records` on `phone` and asserts each is accepted.
fn accept(app: &TestApp, token: &str, phone: &mut Phone, records: &[CaseRecord]) {
    let signed: Vec<Record> = phone.sign_all(records);
    let response = submit(app, token, &signed.iter().collect::<Vec<_>>());
    assert!(
        outcomes(&response).iter().all(|o| o == "accepted"),
        "{response}"
    );
}

/// The deadline items of `case` under `rule` that `token` sees in the state `state` (`open`,
/// `cured`); the case's decision deadline (Art. 60) runs beside them.
fn deadline_items(app: &TestApp, token: &str, case: &str, rule: &str, state: &str) -> Vec<Value> {
    attention::items(app, token, "deadline", state)
        .into_iter()
        .filter(|item| item["case_id"] == case && item["rule"] == rule)
        .collect()
}

/// The one open deadline item of `case`, checked to be overdue under `rule`.
fn overdue(app: &TestApp, token: &str, case: &str, rule: &str, due_us: i64) -> Value {
    let items = deadline_items(app, token, case, rule, "open");
    assert_eq!(items.len(), 1, "{items:?}");
    let item = items[0].clone();
    assert_eq!(item["rule"], rule, "{item}");
    assert_eq!(item["severity"], "alarm", "{item}");
    assert_eq!(item["due_us"].as_i64(), Some(due_us), "{item}");
    assert!(item["text_zh"].as_str().unwrap().contains("期限"), "{item}");
    assert!(!item["article_zh"].as_str().unwrap().is_empty(), "{item}");
    item
}

fn cured(app: &TestApp, token: &str, case: &str, item: &Value) {
    let rule = item["rule"].as_str().unwrap();
    let cured = deadline_items(app, token, case, rule, "cured");
    assert!(
        cured.iter().any(|c| c["id"] == item["id"]),
        "{item} not cured: {cured:?}"
    );
    assert!(deadline_items(app, token, case, rule, "open").is_empty());
}

both_backends!(fn seizure_transfer_and_collection_periods_are_open_deadlines(app) {
    let office = office(&app);
    let (a, b) = (office.a.id.as_str(), office.b.id.as_str());
    let sup = &office.supervisor.token;
    let base = office.phone_a(&app, "any");
    let s = |kind, on| step(kind, on, a, b);

    // Seized on Tuesday 3 March 2026 (day 1): its 30 days ended on 2 April, so the decision
    // on the property was due before the start of 3 April, China time.
    let mut phone = base.on_case("case-seized");
    accept(&app, &office.a.token, &mut phone, &[s(K::CaseFiled, 0), seizure(1, a, b)]);
    let item = overdue(&app, sup, "case-seized", "ACL-25-period", day(32) - 10 * HOUR_US);
    assert_eq!(item["article_zh"], "《行政强制法》第二十五条、第二十七条");
    let view = case_view(&app, &office.a.token, "case-seized");
    let deadline = view["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["what"] == "compulsion_end")
        .unwrap_or_else(|| panic!("{view}"));
    assert_eq!(deadline["measure"], "m1");
    assert_eq!(deadline["last_day"], "2026-04-02");
    // The decision that releases the property, late, cures it.
    accept(&app, &office.a.token, &mut phone, &[s(K::CompulsionEnded, 40)]);
    cured(&app, sup, "case-seized", &item);

    // Seized urgently on the spot on day 1 at 10:00 China time (Art. 19): the head's approval
    // was due within 24 hours, by 10:00 on day 2; approved late on day 3, it is cured.
    let mut phone = base.on_case("case-urgent");
    let urgent = edited(seizure(1, a, b), |body| {
        if let RecordBody::InvestigationRecord(i) = body {
            let measure = i.compulsion.as_mut().unwrap();
            measure.approved_by = None;
            measure.urgent = true;
        }
    });
    accept(&app, &office.a.token, &mut phone, &[s(K::CaseFiled, 0), urgent]);
    let item = overdue(&app, sup, "case-urgent", "ACL-19-report-24h", day(2) + 1);
    assert_eq!(item["article_zh"], "《行政强制法》第十九条");
    let view = case_view(&app, &office.a.token, "case-urgent");
    let deadline = view["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["what"] == "compulsion_approval")
        .unwrap_or_else(|| panic!("{view}"));
    assert_eq!(deadline["measure"], "m1");
    assert_eq!(deadline["last_day"], "2026-03-04");
    accept(&app, &office.a.token, &mut phone, &[s(K::CompulsionApproved, 3)]);
    cured(&app, sup, "case-urgent", &item);

    // Evidence preserved on day 1 and resolved by seizing it on day 2 (Art. 56): the seizure
    // is a measure like any other, its 30 days open from then.
    let mut phone = base.on_case("case-preserved");
    let resolved = edited(s(K::EvidencePreservationResolved, 2), |body| {
        if let RecordBody::EvidencePreservationResolved(r) = body {
            let RecordBody::InvestigationRecord(i) = seizure(2, a, b).body else { unreachable!() };
            r.outcome = PreservationOutcome::Seized;
            r.evidence = i.evidence;
            r.compulsion = i.compulsion;
        }
    });
    let preserved = [s(K::CaseFiled, 0), s(K::InvestigationRecord, 1), s(K::EvidencePreserved, 1)];
    let bare = edited(resolved.clone(), |body| {
        if let RecordBody::EvidencePreservationResolved(r) = body {
            r.compulsion = None;
        }
    });
    // Stating no measure, the seizure is refused for want of its approval.
    let mut refused_phone = base.on_case("case-preserved-bare");
    accept(&app, &office.a.token, &mut refused_phone, &preserved);
    let response = submit(&app, &office.a.token, &[&refused_phone.sign(&bare)]);
    assert_eq!(outcomes(&response), ["refused"], "{response}");
    assert!(response.to_string().contains("ACL-18-19-approval"), "{response}");
    accept(&app, &office.a.token, &mut phone, &preserved);
    accept(&app, &office.a.token, &mut phone, &[resolved]);
    let item = overdue(&app, sup, "case-preserved", "ACL-25-period", day(33) - 10 * HOUR_US);
    accept(&app, &office.a.token, &mut phone, &[s(K::CompulsionEnded, 40)]);
    cured(&app, sup, "case-preserved", &item);

    // A suspected crime reported on day 2: the head's decision was due by day 5; approved on
    // day 3 at 10:00, the transfer was due within 24 hours; made on day 4, nothing is open.
    let mut phone = base.on_case("case-transfer");
    accept(&app, &office.a.token, &mut phone, &[s(K::CaseFiled, 0), s(K::InvestigationRecord, 1), s(K::TransferReported, 2)]);
    let decision = overdue(&app, sup, "case-transfer", "TRF-5-decision-3-days", day(6) - 10 * HOUR_US);
    accept(&app, &office.a.token, &mut phone, &[s(K::TransferDecided, 3)]);
    cured(&app, sup, "case-transfer", &decision);
    let transfer = overdue(&app, sup, "case-transfer", "TRF-5-transfer-24h", day(4) + 1);
    accept(&app, &office.a.token, &mut phone, &[s(K::TransferMade, 4)]);
    cured(&app, sup, "case-transfer", &transfer);
    // The police file it, their notice received on Friday 6 March 2026 (day 4) and recorded on
    // day 5: the goods and materials were due to them by Monday 9 March (Art. 12); handed over
    // late on day 9, the deadline is met and the lateness found.
    accept(&app, &office.a.token, &mut phone, &[s(K::TransferPoliceFiled, 5)]);
    let handover = overdue(&app, sup, "case-transfer", "TRF-12-handover-3-days", day(8) - 10 * HOUR_US);
    assert_eq!(handover["article_zh"], "《行政执法机关移送涉嫌犯罪案件的规定》第十二条");
    let view = case_view(&app, &office.a.token, "case-transfer");
    let deadline = view["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["what"] == "transfer_handover")
        .unwrap_or_else(|| panic!("{view}"));
    assert_eq!(deadline["last_day"], "2026-03-09");
    let handed_over = phone.sign(&s(K::TransferHandedOver, 9));
    let response = submit(&app, &office.a.token, &[&handed_over]);
    assert_eq!(outcomes(&response), ["accepted"], "{response}");
    assert!(response.to_string().contains("TRF-12-handover-3-days"), "{response}");
    cured(&app, sup, "case-transfer", &handover);
    // A second record of the police's filing is refused.
    let response = submit(&app, &office.a.token, &[&phone.sign(&s(K::TransferPoliceFiled, 10))]);
    assert_eq!(outcomes(&response), ["refused"], "{response}");
    assert!(response.to_string().contains("TRF-5-6-procedure"), "{response}");

    // ¥100 taken on the spot on Monday (day 0) on receipt R-1: due at the unit by Wednesday.
    let mut phone = base.on_case("case-collected");
    let collected = edited(s(K::ExecutionRecorded, 0), |body| {
        if let RecordBody::ExecutionRecorded(e) = body {
            e.paid_fen = 10_000;
            e.collection = Some(OnSpotCollection {
                ground: CollectionGround::SmallFine,
                receipt: "R-1".into(),
                party_requested: false,
            });
        }
    });
    accept(&app, &office.a.token, &mut phone, &[s(K::SummaryPenalty, 0), collected]);
    let item = overdue(&app, sup, "case-collected", "APL-71-hand-in", day(3) - 10 * HOUR_US);
    let view = case_view(&app, &office.a.token, "case-collected");
    assert_eq!(view["deadlines"][0]["what"], "collection_hand_in", "{view}");
    assert_eq!(view["deadlines"][0]["receipt"], "R-1", "{view}");
    accept(&app, &office.a.token, &mut phone, &[s(K::CollectionHandedIn, 2)]);
    cured(&app, sup, "case-collected", &item);
});
