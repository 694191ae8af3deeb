//! Who records in a case and who reads it: its assigned officers (the opener, the officers its
//! filing names, `case.assigned` less `case.released`), and the reviewers and supervisors of
//! its unit's line above it. Everyone else is answered exactly as for a case that does not
//! exist, and writing into a case never opens it for reading.

use custos_api::auth::Role;
use custos_core::lifecycle::*;
use custos_core::record::Record;
use custos_tests::recording::*;
use custos_tests::reqwest::StatusCode;
use custos_tests::serde_json::{Value, json};
use custos_tests::{TestApp, both_backends, expect_json, expect_problem};

fn log_size(app: &TestApp) -> u64 {
    let text = app
        .get("/api/v1/log/checkpoint")
        .send()
        .unwrap()
        .text()
        .unwrap();
    text.lines().nth(1).unwrap().parse().unwrap()
}

/// The stage and record count of a case as `token` (who may read it) sees it.
fn stage_of(app: &TestApp, token: &str, case_id: &str) -> (Value, Value) {
    let case = case_view(app, token, case_id);
    (case["stage"].clone(), case["record_count"].clone())
}

/// Asserts that `token` reads neither the case nor its bundle: 404 as for no case at all.
fn reads_nothing(app: &TestApp, token: &str, case_id: &str) {
    for path in [
        format!("/api/v1/cases/{case_id}"),
        format!("/api/v1/cases/{case_id}/bundle"),
    ] {
        expect_problem(app.get_as(token, &path), StatusCode::NOT_FOUND, "not-found");
    }
    let listed = expect_json(app.get_as(token, "/api/v1/cases"), StatusCode::OK);
    assert!(
        listed
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["id"] != case_id),
        "{listed}"
    );
}

/// Asserts that `token` reads the case and its bundle.
fn reads(app: &TestApp, token: &str, case_id: &str) {
    case_view(app, token, case_id);
    expect_json(
        app.get_as(token, &format!("/api/v1/cases/{case_id}/bundle")),
        StatusCode::OK,
    );
}

/// The single result of a submission, refused with `check`.
fn refused(response: &Value, check: &str) {
    assert_eq!(outcomes(response), ["refused"], "{response}");
    assert_eq!(response["results"][0]["check"], check, "{response}");
}

/// An assignment (or, with `release`, its end) of `officers`, signed by `signer` on `on`.
fn assignment(signer: &str, officers: &[&str], release: bool, on: i64) -> CaseRecord {
    let officers: Vec<String> = officers.iter().map(|o| o.to_string()).collect();
    let body: RecordBody = if release {
        CaseReleased {
            officers,
            reason: "moved to another case".into(),
            evidence: vec![],
        }
        .into()
    } else {
        CaseAssigned {
            officers,
            evidence: vec![],
        }
        .into()
    };
    CaseRecord::new(day(on), signer, body)
}

/// A's case filed by A with B, investigated by both: stage `investigating`.
fn filed_case(app: &TestApp, office: &Office, case_id: &str) -> Phone {
    let mut phone = office.phone_a(app, case_id);
    let filed = phone.sign(&filed_with(0, &office.a.id, &[&office.b.id]));
    let investigated = phone.sign(&office.step(1));
    let response = submit(app, &office.a.token, &[&filed, &investigated]);
    assert_eq!(outcomes(&response), ["accepted", "accepted"], "{response}");
    phone
}

both_backends!(fn an_officer_below_cannot_write_into_a_root_case(app) {
    let office = office(&app);
    // A case of the root unit, opened by a root officer.
    let root_officer = officer(&app, &office.admin, "officer.root", &app.root_org_id);
    let case_id = "case-root";
    let mut root_phone = Phone::new(5, case_id);
    enrol(&app, &office.admin, &root_phone, &app.root_org_id, &root_officer.id);
    let records: Vec<Record> =
        (0..2).map(|n| root_phone.sign(&ordinary_step(n, &root_officer.id, &office.b.id))).collect();
    let response = submit(&app, &root_officer.token, &records.iter().collect::<Vec<_>>());
    assert_eq!(outcomes(&response), ["accepted", "accepted"], "{response}");

    // Officer A of the township two levels below, certified, its phone enrolled, writes an
    // investigation and a termination into it: both refused as for a case that does not exist.
    let mut phone = office.phone_a(&app, case_id);
    let before = (stage_of(&app, &root_officer.token, case_id), log_size(&app));
    let investigated = phone.sign(&CaseRecord::new(day(2), &office.a.id, body(RecordKind::InvestigationRecord, &office.b.id)));
    let terminated = phone.sign(&CaseRecord::new(day(3), &office.a.id, body(RecordKind::CaseTerminated, &office.b.id)));
    let response = submit(&app, &office.a.token, &[&investigated, &terminated]);
    assert_eq!(outcomes(&response), ["refused", "held"], "{response}");
    assert_eq!(response["results"][0]["check"], "case.unknown", "{response}");
    assert!(!response.to_string().contains(&app.root_org_id), "{response}");
    // The termination alone, and both again: still nothing.
    let response = submit(&app, &office.a.token, &[&terminated]);
    assert_eq!(outcomes(&response), ["held"], "{response}");
    let mut unchained = Phone::new(1, case_id);
    let terminated_first = unchained.sign(&CaseRecord::new(day(3), &office.a.id, body(RecordKind::CaseTerminated, &office.b.id)));
    refused(&submit(&app, &office.a.token, &[&terminated_first]), "case.unknown");
    assert_eq!((stage_of(&app, &root_officer.token, case_id), log_size(&app)), before);
    assert_eq!(before.0.0, "investigating");
    assert_eq!(case_view(&app, &root_officer.token, case_id)["held"], json!([]));
    reads_nothing(&app, &office.a.token, case_id);
});

both_backends!(fn a_colleague_cannot_join_a_case_by_writing_into_it(app) {
    let office = office(&app);
    let case_id = "case-colleague";
    filed_case(&app, &office, case_id);
    let colleague = officer(&app, &office.admin, "officer.c", &office.township);
    let mut phone = Phone::new(3, case_id);
    enrol(&app, &office.admin, &phone, &office.township, &colleague.id);
    let size = log_size(&app);
    let record = phone.sign(&CaseRecord::new(day(2), &colleague.id, body(RecordKind::InvestigationRecord, &office.a.id)));
    refused(&submit(&app, &colleague.token, &[&record]), "case.unknown");
    assert_eq!(log_size(&app), size);
    reads_nothing(&app, &colleague.token, case_id);
    // A and B, who handle it from its filing, read it; the county supervisor oversees it.
    for token in [&office.a.token, &office.b.token, &office.supervisor.token] {
        reads(&app, token, case_id);
    }
    let mut handlers = vec![office.a.id.clone(), office.b.id.clone()];
    handlers.sort();
    assert_eq!(case_view(&app, &office.a.token, case_id)["assigned"], json!(handlers));
});

both_backends!(fn assignment_opens_a_case_to_an_officer_and_release_closes_it(app) {
    let office = office(&app);
    let case_id = "case-assigned";
    filed_case(&app, &office, case_id);
    let colleague = officer(&app, &office.admin, "officer.c", &office.township);
    let mut colleague_phone = Phone::new(3, case_id);
    enrol(&app, &office.admin, &colleague_phone, &office.township, &colleague.id);
    let mut supervisor_phone = Phone::new(6, case_id);
    enrol(&app, &office.admin, &supervisor_phone, &office.county, &office.supervisor.id);

    // An assigned officer does not assign.
    let mut phone_b = Phone::new(2, case_id);
    enrol(&app, &office.admin, &phone_b, &office.township, &office.b.id);
    let by_b = phone_b.sign(&assignment(&office.b.id, &[&colleague.id], false, 2));
    refused(&submit(&app, &office.b.token, &[&by_b]), "case.assigner");

    let assigned = supervisor_phone.sign(&assignment(&office.supervisor.id, &[&colleague.id], false, 2));
    assert_eq!(outcomes(&submit(&app, &office.supervisor.token, &[&assigned])), ["accepted"]);
    let investigated = colleague_phone.sign(&CaseRecord::new(day(3), &colleague.id, body(RecordKind::InvestigationRecord, &office.a.id)));
    assert_eq!(outcomes(&submit(&app, &colleague.token, &[&investigated])), ["accepted"]);
    reads(&app, &colleague.token, case_id);

    let released = supervisor_phone.sign(&assignment(&office.supervisor.id, &[&colleague.id], true, 4));
    assert_eq!(outcomes(&submit(&app, &office.supervisor.token, &[&released])), ["accepted"]);
    let again = colleague_phone.sign(&CaseRecord::new(day(5), &colleague.id, body(RecordKind::InvestigationRecord, &office.a.id)));
    refused(&submit(&app, &colleague.token, &[&again]), "case.unknown");
    reads_nothing(&app, &colleague.token, case_id);
    let case = case_view(&app, &office.supervisor.token, case_id);
    assert_eq!(case["record_count"], 5, "{case}");
    assert!(case["assigned"].as_array().unwrap().iter().all(|id| id != colleague.id.as_str()), "{case}");
    // Releasing someone not assigned changes nothing the lifecycle would take.
    let twice = supervisor_phone.sign(&assignment(&office.supervisor.id, &[&colleague.id], true, 5));
    refused(&submit(&app, &office.supervisor.token, &[&twice]), "LIFECYCLE-stage-order");
});

both_backends!(fn a_sibling_case_and_an_unknown_case_answer_alike(app) {
    let office = office(&app);
    let admin = &office.admin;
    let other_county = create_org(&app, admin, "Other County", &app.root_org_id, "county");
    let sibling = officer(&app, admin, "officer.sibling", &other_county);
    let sibling_case = "case-sibling";
    let mut sibling_phone = Phone::new(7, sibling_case);
    enrol(&app, admin, &sibling_phone, &other_county, &sibling.id);
    let filed = sibling_phone.sign(&ordinary_step(0, &sibling.id, &office.b.id));
    assert_eq!(outcomes(&submit(&app, &sibling.token, &[&filed])), ["accepted"]);

    // The same record from A's phone into the sibling's case and into one that does not exist.
    let answer = |case_id: &str| {
        let mut phone = Phone::new(1, case_id);
        let record = phone.sign(&CaseRecord::new(day(1), &office.a.id, body(RecordKind::InvestigationRecord, &office.b.id)));
        let response = submit(&app, &office.a.token, &[&record]);
        refused(&response, "case.unknown");
        let text = response.to_string();
        text.replace(&record.hash().to_hex(), "HASH").replace(case_id, "CASE")
    };
    let _ = office.phone_a(&app, "enrolled");
    let size = log_size(&app);
    let sibling_answer = answer(sibling_case);
    let unknown_answer = answer("case-nowhere");
    assert_eq!(sibling_answer, unknown_answer);
    assert!(!sibling_answer.contains(&other_county), "{sibling_answer}");
    assert_eq!(log_size(&app), size);
    // The supervisor of the other line is answered the same way, and reads nothing.
    let mut supervisor_phone = Phone::new(6, sibling_case);
    enrol(&app, admin, &supervisor_phone, &office.county, &office.supervisor.id);
    let assigned = supervisor_phone.sign(&assignment(&office.supervisor.id, &[&office.a.id], false, 1));
    refused(&submit(&app, &office.supervisor.token, &[&assigned]), "case.unknown");
    reads_nothing(&app, &office.supervisor.token, sibling_case);
    // Admins and docks record nothing at all.
    let dock = user(&app, "dock.1", Role::Dock, &office.township);
    for token in [admin, &dock.token] {
        let response = app.post("/api/v1/records").bearer_auth(token).json(&json!([{}])).send().unwrap();
        expect_problem(response, StatusCode::FORBIDDEN, "forbidden");
    }
});

both_backends!(fn only_officers_on_the_case_units_line_are_assigned(app) {
    let office = office(&app);
    let admin = &office.admin;
    // A county case, opened by a county officer.
    let county_officer = officer(&app, admin, "officer.county", &office.county);
    let case_id = "case-county";
    let mut county_phone = Phone::new(8, case_id);
    enrol(&app, admin, &county_phone, &office.county, &county_officer.id);
    let filed = county_phone.sign(&ordinary_step(0, &county_officer.id, &office.b.id));
    assert_eq!(outcomes(&submit(&app, &county_officer.token, &[&filed])), ["accepted"]);
    let mut supervisor_phone = Phone::new(6, case_id);
    enrol(&app, admin, &supervisor_phone, &office.county, &office.supervisor.id);

    // An officer of another county, a supervisor, and a user id that does not exist: refused
    // alike, naming the check.
    let other_county = create_org(&app, admin, "Other County", &app.root_org_id, "county");
    let stranger = officer(&app, admin, "officer.other", &other_county);
    let mut details = Vec::new();
    for (n, id) in [stranger.id.as_str(), office.supervisor.id.as_str(), "0190f4b2-0000-7000-8000-000000000000"].into_iter().enumerate() {
        let record = supervisor_phone.sign(&assignment(&office.supervisor.id, &[id], false, 1 + n as i64));
        let response = submit(&app, &office.supervisor.token, &[&record]);
        refused(&response, "case.assignee");
        details.push(response["results"][0]["detail"].as_str().unwrap().replace(id, "ID"));
        // The refused record leaves the chain where it was.
        supervisor_phone = Phone::new(6, case_id);
    }
    assert!(details.windows(2).all(|pair| pair[0] == pair[1]), "{details:?}");
    // Nor can a filing name the other county's officer as handling a case.
    let mut phone_b = Phone::new(2, "case-filed-across");
    enrol(&app, admin, &phone_b, &office.township, &office.b.id);
    let filed = phone_b.sign(&filed_with(0, &office.b.id, &[&stranger.id]));
    refused(&submit(&app, &office.b.token, &[&filed]), "case.assignee");
    reads_nothing(&app, &stranger.token, case_id);
    reads_nothing(&app, &stranger.token, "case-filed-across");

    // Joint enforcement: officer A of the township below and an officer of the root above.
    let root_officer = officer(&app, admin, "officer.root", &app.root_org_id);
    let assigned = supervisor_phone.sign(&assignment(&office.supervisor.id, &[&office.a.id, &root_officer.id], false, 5));
    assert_eq!(outcomes(&submit(&app, &office.supervisor.token, &[&assigned])), ["accepted"]);
    reads(&app, &office.a.token, case_id);
    reads(&app, &root_officer.token, case_id);
    let mut phone = office.phone_a(&app, case_id);
    let investigated = phone.sign(&CaseRecord::new(day(6), &office.a.id, body(RecordKind::InvestigationRecord, &office.b.id)));
    assert_eq!(outcomes(&submit(&app, &office.a.token, &[&investigated])), ["accepted"]);
});

both_backends!(fn a_phone_enrolled_to_an_officer_signs_only_its_records(app) {
    let office = office(&app);
    let case_id = "case-phones";
    // B signs a filing on A's phone: refused. On a shared phone (no owner): accepted.
    let mut a_phone = office.phone_a(&app, case_id);
    let by_b = a_phone.sign(&ordinary_step(0, &office.b.id, &office.a.id));
    refused(&submit(&app, &office.b.token, &[&by_b]), "device.owner");
    let mut shared = Phone::new(4, case_id);
    let response = app
        .post("/api/v1/devices")
        .bearer_auth(&office.admin)
        .json(&json!({"public_key": shared.key.public_key().to_base64(), "kind": "phone", "org_id": office.township}))
        .send()
        .unwrap();
    expect_json(response, StatusCode::CREATED);
    let filed = shared.sign(&filed_with(0, &office.b.id, &[&office.a.id]));
    let investigated = shared.sign(&ordinary_step(1, &office.a.id, &office.b.id));
    assert_eq!(outcomes(&submit(&app, &office.b.token, &[&filed])), ["accepted"]);
    assert_eq!(outcomes(&submit(&app, &office.a.token, &[&investigated])), ["accepted"]);
});
