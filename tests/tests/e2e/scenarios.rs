//! Whole procedures through HTTP with records signed as phones sign them: a major ordinary
//! case (普通程序) with a hearing, legal review and collective discussion from 立案 to 归档,
//! written by an officer's phone and a reviewer's phone; an on-the-spot penalty (简易程序);
//! inspections sent by a real 双随机 draw, one compliant and one that leads to a case; the
//! filings and deadlines the units above list; and a unit's working-day calendar set by an
//! admin moving a deadline.

use custos_api::auth::Role;
use custos_core::lifecycle::*;
use custos_core::record::Record;
use custos_tests::recording::*;
use custos_tests::reqwest::{Method, StatusCode};
use custos_tests::serde_json::{Value, json};
use custos_tests::{TestApp, both_backends, expect_json, expect_problem};

use crate::draws::{draw_a_and_b, drawn_by};

use RecordKind as K;

/// Submits each record alone, in order, and asserts it is accepted without findings.
fn accept_each(app: &TestApp, token: &str, records: &[Record]) {
    for record in records {
        let response = submit(app, token, &[record]);
        assert_eq!(
            outcomes(&response),
            ["accepted"],
            "{}: {response}",
            record.kind()
        );
        assert_eq!(
            response["results"][0]["findings"],
            json!([]),
            "{}: {response}",
            record.kind()
        );
    }
}

fn kinds(case: &Value) -> Vec<String> {
    case["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["kind"].as_str().unwrap().to_owned())
        .collect()
}

both_backends!(fn a_major_ordinary_case_with_hearing_and_legal_review_from_filing_to_archive(app) {
    let office = office(&app);
    let reviewer = user(&app, "reviewer.county", Role::Reviewer, &office.county);
    let presiding = officer(&app, &office.admin, "officer.presiding", &office.township);
    let case_id = "case-major-1";
    let mut phone = office.phone_a(&app, case_id);
    let mut reviewer_phone = Phone::new(2, case_id);
    enrol(&app, &office.admin, &reviewer_phone, &office.county, &reviewer.id);
    let (a, b) = (&office.a.id, &office.b.id);
    let major = edited(step(K::CaseFiled, 0, a, b), |body| {
        if let RecordBody::CaseFiled(filed) = body {
            filed.major = true;
        }
    });
    // Days after Monday 2026-03-02: filed, investigated with evidence preserved and dealt
    // with in time, notified on Friday (d4) with the right to a hearing, which the party
    // asks for on Monday (d7); notified on Tuesday (d8) for Monday 23 March (d21), held.
    let before_review = [
        major,
        step(K::InvestigationRecord, 1, a, b),
        step(K::EvidencePreserved, 2, a, b),
        step(K::EvidencePreservationResolved, 3, a, b),
        step(K::NoticeServed, 4, a, b),
        step(K::HearingRequested, 7, a, b),
        step(K::HearingNotice, 8, a, b),
        step(K::HearingHeld, 21, a, &presiding.id),
    ];
    let records: Vec<Record> = phone.sign_all(&before_review);
    accept_each(&app, &office.a.token, &records);
    let case = case_view(&app, &office.supervisor.token, case_id);
    assert_eq!(case["stage"], "defending", "{case}");
    assert_eq!(case["major"], true);

    // Not yet lawful: the decision of a major case needs the legal reviewer's approval and
    // a collective discussion first.
    let decision = step(K::DecisionIssued, 24, a, b);
    let early = phone.sign_at(8, Some(records[7].hash()), &decision);
    let response = submit(&app, &office.a.token, &[&early]);
    assert_eq!(response["results"][0]["check"], "APL-58-legal-review", "{response}");
    let found: Vec<&str> = response["results"][0]["findings"].as_array().unwrap().iter().map(|f| f["rule"].as_str().unwrap()).collect();
    assert_eq!(found, ["APL-58-legal-review", "APL-57-collective-discussion"]);

    // The reviewer approves from its own phone: a second chain in the same case.
    let review = reviewer_phone.sign(&step(K::ReviewLegal, 22, &reviewer.id, &reviewer.id));
    accept_each(&app, &reviewer.token, &[review]);
    let after_review = [
        step(K::ReviewCollective, 23, a, b),
        decision,
        step(K::DecisionServed, 25, a, b),
        step(K::ExecutionRecorded, 28, a, b),
        step(K::CaseClosed, 29, a, b),
        step(K::CaseArchived, 30, a, b),
    ];
    let records: Vec<Record> = phone.sign_all(&after_review);
    accept_each(&app, &office.a.token, &records);

    let case = case_view(&app, &office.supervisor.token, case_id);
    assert_eq!(case["stage"], "archived", "{case}");
    assert_eq!(case["procedure"], "ordinary");
    assert_eq!(case["record_count"], 15);
    assert_eq!(case["chains"].as_array().unwrap().len(), 2, "{case}");
    assert_eq!(case["deadlines"], json!([]));
    assert_eq!(case["findings"], json!([]));
    let mut officers = vec![office.a.id.clone(), office.b.id.clone(), presiding.id.clone(), reviewer.id.clone()];
    officers.sort();
    assert_eq!(case["officers"], json!(officers));
    assert_eq!(
        kinds(&case),
        [
            "case.filed", "investigation.record", "evidence.preserved",
            "evidence.preservation_resolved", "notice.served", "hearing.requested",
            "hearing.notice", "hearing.held", "review.legal", "review.collective",
            "decision.issued", "decision.served", "execution.recorded", "case.closed",
            "case.archived",
        ]
    );
    // The reviewer reads the case it acted in; nothing may follow the archive.
    assert_eq!(case_view(&app, &reviewer.token, case_id)["stage"], "archived");
    let late = phone.sign(&step(K::InvestigationRecord, 31, a, b));
    let response = submit(&app, &office.a.token, &[&late]);
    assert_eq!(response["results"][0]["check"], "LIFECYCLE-stage-order", "{response}");
});

both_backends!(fn a_summary_case_is_decided_served_and_archived_on_the_spot(app) {
    let office = office(&app);
    let (a, b) = (&office.a.id, &office.b.id);
    let case_id = "case-summary-1";
    let mut phone = office.phone_a(&app, case_id);
    let records: Vec<Record> = [
        step(K::SummaryPenalty, 0, a, b),
        edited(step(K::ExecutionRecorded, 0, a, b), |body| {
            if let RecordBody::ExecutionRecorded(paid) = body {
                paid.paid_fen = 10_000;
            }
        }),
        step(K::CaseClosed, 1, a, b),
        step(K::CaseArchived, 2, a, b),
    ]
    .iter()
    .map(|r| phone.sign(r))
    .collect();
    accept_each(&app, &office.a.token, &records[..1]);
    let case = case_view(&app, &office.a.token, case_id);
    assert_eq!(case["procedure"], "summary", "{case}");
    assert_eq!(case["stage"], "served");
    assert_eq!(case["party"]["kind"], "person");
    accept_each(&app, &office.a.token, &records[1..]);
    assert_eq!(case_view(&app, &office.a.token, case_id)["stage"], "archived");

    // ¥300 on a person is beyond what may be imposed on the spot (Art. 51); and a summary
    // case has no notice or hearing to record.
    let mut other = Phone::new(1, "case-summary-2");
    let too_much = other.sign(&edited(step(K::SummaryPenalty, 0, a, b), |body| {
        if let RecordBody::SummaryPenalty(summary) = body {
            summary.penalty = fine(30_000);
        }
    }));
    let response = submit(&app, &office.a.token, &[&too_much]);
    assert_eq!(response["results"][0]["check"], "APL-51-summary-limit", "{response}");
    assert_eq!(response["results"][0]["findings"][0]["article"], "Administrative Penalty Law Art. 51");
    let summary = other.sign_at(0, None, &step(K::SummaryPenalty, 0, a, b));
    let notice = other.sign_at(1, Some(summary.hash()), &step(K::NoticeServed, 1, a, b));
    let response = submit(&app, &office.a.token, &[&summary, &notice]);
    assert_eq!(outcomes(&response), ["accepted", "refused"], "{response}");
    assert_eq!(response["results"][1]["check"], "LIFECYCLE-stage-order", "{response}");
});

both_backends!(fn inspections_drawn_by_a_random_task(app) {
    let office = office(&app);
    let (a, b) = (&office.a.id, &office.b.id);
    // The county's 双随机 draw sends A and B; each inspection names it as its task.
    let draw = draw_a_and_b(&app, &office);
    let draw_id = draw["id"].as_str().unwrap();
    // A compliant inspection: inspected, concluded, archived.
    let mut phone = office.phone_a(&app, "inspection-draw-1");
    let compliant: Vec<Record> = [
        drawn_by(step(K::InspectionRecord, 0, a, b), draw_id),
        step(K::InspectionConcluded, 0, a, b),
        step(K::CaseArchived, 1, a, b),
    ]
    .iter()
    .map(|r| phone.sign(r))
    .collect();
    accept_each(&app, &office.a.token, &compliant);
    let case = case_view(&app, &office.supervisor.token, "inspection-draw-1");
    assert_eq!(case["procedure"], "inspection", "{case}");
    assert_eq!(case["stage"], "archived");
    // From the inspection to the draw that sent its inspectors.
    let task = case["records"][0]["record"]["body"]["task"].as_str().unwrap();
    let linked = expect_json(app.get_as(&office.supervisor.token, &format!("/api/v1/draws/{task}")), StatusCode::OK);
    assert_eq!(linked, draw);
    // One inspector alone is refused (Art. 42).
    let mut second = Phone::new(1, "inspection-draw-2");
    let alone = second.sign_at(0, None, &edited(step(K::InspectionRecord, 0, a, b), |body| {
        if let RecordBody::InspectionRecord(inspection) = body {
            inspection.officers.clear();
        }
    }));
    let response = submit(&app, &office.a.token, &[&alone]);
    assert_eq!(response["results"][0]["check"], "APL-42-two-officers", "{response}");
    // A violation found: the inspection becomes an ordinary case.
    let found: Vec<Record> = [
        drawn_by(step(K::InspectionRecord, 0, a, b), draw_id),
        edited(step(K::InspectionConcluded, 0, a, b), |body| {
            if let RecordBody::InspectionConcluded(concluded) = body {
                concluded.outcome = InspectionOutcome::ViolationFound;
            }
        }),
        step(K::CaseFiled, 1, a, b),
        step(K::InvestigationRecord, 2, a, b),
    ]
    .iter()
    .map(|r| second.sign(r))
    .collect();
    accept_each(&app, &office.a.token, &found);
    let case = case_view(&app, &office.supervisor.token, "inspection-draw-2");
    assert_eq!(case["procedure"], "ordinary", "{case}");
    assert_eq!(case["stage"], "investigating");
    assert_eq!(case["filed_at_us"], day(1));
});

both_backends!(fn the_units_above_list_filings_and_deadlines(app) {
    let office = office(&app);
    let (a, b) = (&office.a.id, &office.b.id);
    // Three township cases: filed on days 0 and 3 (with a preservation due on day 11), and
    // an inspection with no deadline.
    let mut first = office.phone_a(&app, "case-list-1");
    let mut second = Phone::new(1, "case-list-2");
    let mut third = Phone::new(1, "case-list-3");
    let records = [
        first.sign(&step(K::CaseFiled, 0, a, b)),
        second.sign(&step(K::CaseFiled, 3, a, b)),
        second.sign(&step(K::EvidencePreserved, 3, a, b)),
        third.sign(&step(K::InspectionRecord, 4, a, b)),
    ];
    let refs: Vec<&Record> = records.iter().collect();
    assert!(outcomes(&submit(&app, &office.a.token, &refs)).iter().all(|o| o == "accepted"));
    let list = |token: &str, query: &str| -> Vec<String> {
        let listed = expect_json(app.get_as(token, &format!("/api/v1/cases?{query}")), StatusCode::OK);
        listed.as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap().to_owned()).collect()
    };
    let county = &office.supervisor.token;
    // 立案报备: the county sees the township's filings, since a given day too.
    assert_eq!(list(county, &format!("org_id={}", office.township)), ["case-list-1", "case-list-2", "case-list-3"]);
    assert_eq!(list(county, &format!("filed_since_us={}", day(1))), ["case-list-2"]);
    assert_eq!(list(county, "stage=filed"), ["case-list-1"]);
    assert_eq!(list(county, "stage=investigating"), ["case-list-2"]);
    assert_eq!(list(county, &format!("officer={b}")), ["case-list-2", "case-list-3"]);
    // Earliest deadline first: case 2's preservation (7 working days from Thursday 5 March,
    // so Monday 16 March) before case 1's decision (90 days from 2 March).
    assert_eq!(list(county, "order=deadline"), ["case-list-2", "case-list-1"]);
    assert_eq!(list(county, &format!("deadline_before_us={}", day(30))), ["case-list-2"]);
    expect_problem(app.get_as(county, "/api/v1/cases?order=stage"), StatusCode::UNPROCESSABLE_ENTITY, "invalid-input");
    expect_problem(app.get_as(county, "/api/v1/cases?order=deadline&after=x"), StatusCode::UNPROCESSABLE_ENTITY, "invalid-input");
    // A sibling township's supervisor sees none of them.
    let sibling = create_org(&app, &office.admin, "Sibling Township", &office.county, "township");
    let stranger = user(&app, "supervisor.sibling", Role::Supervisor, &sibling);
    assert!(list(&stranger.token, "").is_empty());
    let case = case_view(&app, county, "case-list-2");
    assert_eq!(case["deadlines"][0]["what"], "preservation_resolution", "{case}");
    assert_eq!(case["deadlines"][0]["last_day"], "2026-03-16");
});

both_backends!(fn an_admin_updates_the_working_day_calendar(app) {
    let office = office(&app);
    let (a, b) = (&office.a.id, &office.b.id);
    let path = format!("/api/v1/orgs/{}/calendar", office.county);
    let put = |token: &str, body: &Value| app.request(Method::PUT, &path).bearer_auth(token).json(body).send().unwrap();
    // The built-in calendar is in force until an admin replaces it; phones read it.
    let builtin = expect_json(app.get_as(&office.a.token, &format!("/api/v1/orgs/{}/calendar", office.township)), StatusCode::OK);
    assert_eq!(builtin["calendar"]["years"], json!([2025, 2026]), "{builtin}");
    // A local holiday week from Monday 9 March: the preservation period of 7 working days
    // from Tuesday 3 March then ends on Thursday 19 March instead of Thursday 12 March.
    let mut calendar = builtin["calendar"].clone();
    calendar["holidays"].as_array_mut().unwrap().push(json!({"name": "local", "from": "2026-03-09", "to": "2026-03-13"}));
    expect_problem(put(&office.a.token, &calendar), StatusCode::FORBIDDEN, "forbidden");
    let mut bad = calendar.clone();
    bad["workdays"] = json!([{"name": "not a weekend", "date": "2026-03-10"}]);
    expect_problem(put(&office.admin, &bad), StatusCode::UNPROCESSABLE_ENTITY, "invalid-input");
    expect_json(put(&office.admin, &calendar), StatusCode::OK);
    let inherited = expect_json(app.get_as(&office.a.token, &format!("/api/v1/orgs/{}/calendar", office.township)), StatusCode::OK);
    assert_eq!(inherited["calendar"], calendar, "{inherited}");

    let mut phone = office.phone_a(&app, "case-calendar");
    let records = [
        phone.sign(&step(K::CaseFiled, 0, a, b)),
        phone.sign(&step(K::EvidencePreserved, 1, a, b)),
    ];
    let refs: Vec<&Record> = records.iter().collect();
    assert!(outcomes(&submit(&app, &office.a.token, &refs)).iter().all(|o| o == "accepted"));
    let case = case_view(&app, &office.a.token, "case-calendar");
    assert_eq!(case["deadlines"][0]["what"], "preservation_resolution", "{case}");
    assert_eq!(case["deadlines"][0]["last_day"], "2026-03-19", "{case}");
    // Resolved on Wednesday 18 March: in time on this calendar, late on the built-in one.
    let resolved = phone.sign(&step(K::EvidencePreservationResolved, 16, a, b));
    let response = submit(&app, &office.a.token, &[&resolved]);
    assert_eq!(outcomes(&response), ["accepted"], "{response}");
    assert_eq!(response["results"][0]["findings"], json!([]), "{response}");
});
