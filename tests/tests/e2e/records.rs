//! Full-process recording through HTTP: records signed with custos-core as a phone signs
//! them, submitted to `POST /api/v1/records`, read back through `GET /api/v1/cases`, and
//! their log entries proved against the signed checkpoint.

use custos_api::auth::Role;
use custos_core::checkpoint::Checkpoint;
use custos_core::digest::Sha256Digest;
use custos_core::lifecycle::*;
use custos_core::merkle::{InclusionProof, leaf_hash};
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

/// Checks that each `(index, record hash)` is a `record` entry of the log, proved against the
/// current checkpoint under the log's verifier key.
fn check_logged(app: &TestApp, token: &str, case_id: &str, logged: &[(u64, String)]) {
    let verifier = app.log_verifier();
    let note = app
        .get("/api/v1/log/checkpoint")
        .send()
        .unwrap()
        .text()
        .unwrap();
    let (checkpoint, _) = Checkpoint::open(&note, &[verifier]).unwrap();
    for (index, hash) in logged {
        let leaf = app
            .get_as(token, &format!("/api/v1/log/entries/{index}"))
            .bytes()
            .unwrap();
        let entry: Value = serde_json::from_slice(&leaf).unwrap();
        assert_eq!(entry["type"], "record", "{entry}");
        assert_eq!(&entry["hash"], hash.as_str(), "{entry}");
        assert_eq!(entry["case"], case_id, "{entry}");
        let proof = expect_json(
            app.get(&format!(
                "/api/v1/log/proof/inclusion?index={index}&size={}",
                checkpoint.size
            ))
            .send()
            .unwrap(),
            StatusCode::OK,
        );
        let hashes = proof["hashes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| Sha256Digest::from_base64(h.as_str().unwrap()).unwrap())
            .collect();
        let proof = InclusionProof {
            index: *index,
            size: checkpoint.size,
            hashes,
        };
        proof
            .verify(&leaf_hash(&leaf), &checkpoint.root_hash)
            .unwrap_or_else(|error| panic!("entry {index}: {error}"));
    }
}

both_backends!(fn an_ordinary_case_from_filing_to_archive(app) {
    let office = office(&app);
    let case_id = "case-ordinary-1";
    let mut phone = office.phone_a(&app, case_id);
    let mut logged = Vec::new();
    for n in 0..ORDINARY_CASE.len() {
        let record = phone.sign(&office.step(n));
        let response = submit(&app, &office.a.token, &[&record]);
        assert_eq!(outcomes(&response), ["accepted"], "step {n}: {response}");
        let result = &response["results"][0];
        assert_eq!(result["hash"], record.hash().to_hex());
        assert_eq!(result["case"], case_id);
        assert_eq!(result["findings"], json!([]), "step {n}: {response}");
        logged.push((result["log_index"].as_u64().unwrap(), record.hash().to_hex()));
    }
    assert!(logged.windows(2).all(|w| w[0].0 < w[1].0), "{logged:?}");
    check_logged(&app, &office.a.token, case_id, &logged);

    let case = case_view(&app, &office.a.token, case_id);
    assert_eq!(case["stage"], "archived", "{case}");
    assert_eq!(case["stage_zh"], "归档");
    assert_eq!(case["procedure"], "ordinary");
    assert_eq!(case["org_id"], office.township);
    assert_eq!(case["domain"], DOMAIN);
    assert_eq!(case["major"], false);
    assert_eq!(case["record_count"], 9);
    let mut officers = vec![office.a.id.clone(), office.b.id.clone()];
    officers.sort();
    assert_eq!(case["officers"], json!(officers));
    let kinds: Vec<&str> = case["records"].as_array().unwrap().iter().map(|r| r["kind"].as_str().unwrap()).collect();
    let expected: Vec<&str> = ORDINARY_CASE.iter().map(|(kind, _)| kind.name()).collect();
    assert_eq!(kinds, expected);
    assert_eq!(case["records"][0]["record"], serde_json::from_slice::<Value>(&Record::to_json(&phone.sign_at(0, None, &office.step(0)))).unwrap());
    // The investigation's photo, and the decision naming it (Art. 59(2)).
    assert_eq!(case["evidence"], json!([
        {"sha256": "aa".repeat(32), "size": 1024, "kind": "photo", "record": logged[1].1},
        {"sha256": "aa".repeat(32), "size": 1024, "kind": "photo", "record": logged[4].1},
    ]));
    assert_eq!(case["deadlines"], json!([]));
    assert_eq!(case["findings"], json!([]));
    assert_eq!(case["forks"], json!([]));
    assert_eq!(case["chains"], json!([{"id": phone.chain, "device": phone.device_id(), "head": logged[8].1, "length": 9}]));
    assert_eq!(case["party"]["kind"], "organisation");

    // The county supervisor sees the township's case (立案报备), in the listing too.
    assert_eq!(case_view(&app, &office.supervisor.token, case_id)["stage"], "archived");
    let listed = expect_json(app.get_as(&office.supervisor.token, "/api/v1/cases?stage=archived"), StatusCode::OK);
    assert_eq!(listed.as_array().unwrap().len(), 1, "{listed}");
    assert_eq!(listed[0]["id"], case_id);
    assert!(listed[0].get("party").is_none() && listed[0].get("records").is_none(), "{listed}");
    let other_stage = expect_json(app.get_as(&office.supervisor.token, "/api/v1/cases?stage=filed"), StatusCode::OK);
    assert_eq!(other_stage, json!([]));
    let by_officer = expect_json(
        app.get_as(&office.supervisor.token, &format!("/api/v1/cases?officer={}&org_id={}", office.b.id, office.township)),
        StatusCode::OK,
    );
    assert_eq!(by_officer.as_array().unwrap().len(), 1, "{by_officer}");
});

both_backends!(fn every_outcome_of_a_submission(app) {
    let office = office(&app);
    let case_id = "case-outcomes";
    let mut phone = office.phone_a(&app, case_id);
    let filed = phone.sign(&office.step(0));
    let investigated = phone.sign(&office.step(1));
    let noticed = phone.sign(&office.step(2));

    // Accepted, then the same record again: a duplicate with the same log index.
    let first = submit(&app, &office.a.token, &[&filed]);
    assert_eq!(outcomes(&first), ["accepted"], "{first}");
    let again = submit(&app, &office.a.token, &[&filed]);
    assert_eq!(outcomes(&again), ["duplicate"], "{again}");
    assert_eq!(again["results"][0]["stored_as"], "accepted");
    assert_eq!(again["results"][0]["log_index"], first["results"][0]["log_index"]);

    // Seq 2 before seq 1: held, with the gap named; then seq 1 releases it.
    let held = submit(&app, &office.a.token, &[&noticed]);
    assert_eq!(outcomes(&held), ["held"], "{held}");
    assert_eq!(held["results"][0]["missing_from"], 1);
    assert_eq!(held["results"][0]["missing_to"], 1);
    assert_eq!(case_view(&app, &office.a.token, case_id)["held"][0]["seq"], 2);
    let filled = submit(&app, &office.a.token, &[&investigated]);
    assert_eq!(outcomes(&filled), ["accepted"], "{filled}");
    let released = filled["released"].as_array().unwrap();
    assert_eq!(released.len(), 1, "{filled}");
    assert_eq!(released[0]["outcome"], "accepted");
    assert_eq!(released[0]["hash"], noticed.hash().to_hex());
    assert!(released[0].get("index").is_none(), "{filled}");
    let case = case_view(&app, &office.a.token, case_id);
    assert_eq!(case["stage"], "notified", "{case}");
    assert_eq!(case["held"], json!([]));

    // A different record at seq 1, signed by the same phone: fork evidence, never accepted.
    let other = CaseRecord::new(day(1), &office.a.id, InvestigationRecord {
        officers: vec![office.b.id.clone()],
        credentials_shown: true,
        act: None,
        compulsion: None,
        transcript_signed_by: None,
        location: None,
        evidence: vec![evidence("photo", 0xcc)],
    });
    let forked = phone.sign_at(1, Some(filed.hash()), &other);
    let fork = submit(&app, &office.a.token, &[&forked]);
    assert_eq!(outcomes(&fork), ["fork"], "{fork}");
    assert_eq!(fork["results"][0]["conflicts_with"], investigated.hash().to_hex());
    let resent = submit(&app, &office.a.token, &[&forked]);
    assert_eq!(outcomes(&resent), ["duplicate"], "{resent}");
    assert_eq!(resent["results"][0]["stored_as"], "fork");
    let case = case_view(&app, &office.supervisor.token, case_id);
    assert_eq!(case["fork_count"], 1);
    assert_eq!(case["forks"][0]["hash"], forked.hash().to_hex());
    assert_eq!(case["records"].as_array().unwrap().len(), 3, "the first record stays");
    let flagged = expect_json(app.get_as(&office.supervisor.token, "/api/v1/cases?forked=true"), StatusCode::OK);
    assert_eq!(flagged[0]["id"], case_id, "{flagged}");

    // Refused by a rule: an investigation record with one officer breaks Art. 42.
    let mut phone_two = Phone::new(3, "case-refused");
    enrol(&app, &office.admin, &phone_two, &office.township, &office.a.id);
    let filed_two = phone_two.sign(&office.step(0));
    let alone = CaseRecord::new(day(1), &office.a.id, InvestigationRecord {
        officers: vec![],
        credentials_shown: true,
        act: None,
        compulsion: None,
        transcript_signed_by: None,
        location: None,
        evidence: vec![],
    });
    let alone = phone_two.sign(&alone);
    let response = submit(&app, &office.a.token, &[&filed_two, &alone]);
    assert_eq!(outcomes(&response), ["accepted", "refused"], "{response}");
    let refused = &response["results"][1];
    assert_eq!(refused["check"], "APL-42-two-officers", "{response}");
    assert_eq!(refused["findings"][0]["rule"], "APL-42-two-officers");
    assert_eq!(refused["findings"][0]["article"], "Administrative Penalty Law Art. 42");
    assert_eq!(refused["findings"][0]["severity"], "block");
    // A record that skips a stage: the lifecycle rule refuses it.
    let skipping = phone_two.sign_at(1, Some(filed_two.hash()), &office.step(4));
    let response = submit(&app, &office.a.token, &[&skipping]);
    assert_eq!(response["results"][0]["check"], "LIFECYCLE-stage-order", "{response}");
});

both_backends!(fn records_of_a_batch_in_any_order_settle_the_same(app) {
    let office = office(&app);
    let case_id = "case-shuffled";
    let mut phone = office.phone_a(&app, case_id);
    let records: Vec<Record> = (0..ORDINARY_CASE.len()).map(|n| phone.sign(&office.step(n))).collect();
    let mut shuffled: Vec<&Record> = records.iter().rev().collect();
    shuffled.swap(0, 4);
    let response = submit(&app, &office.a.token, &shuffled);
    assert!(outcomes(&response).iter().all(|o| o == "accepted"), "{response}");
    // Sent again, all duplicates.
    let again = submit(&app, &office.a.token, &shuffled);
    assert!(outcomes(&again).iter().all(|o| o == "duplicate"), "{again}");
    let case = case_view(&app, &office.a.token, case_id);
    assert_eq!(case["stage"], "archived", "{case}");
    let seqs: Vec<i64> = case["records"].as_array().unwrap().iter().map(|r| r["seq"].as_i64().unwrap()).collect();
    assert_eq!(seqs, (0..9).collect::<Vec<i64>>());
});

both_backends!(fn a_revoked_device_is_refused_from_its_revocation_on(app) {
    let office = office(&app);
    let case_id = "case-revoked";
    let mut phone = office.phone_a(&app, case_id);
    let filed = phone.sign(&office.step(0));
    let investigated = phone.sign(&office.step(1));
    let noticed = phone.sign(&office.step(2));
    // Lost on day 2: what it signed before stays good, what it signed after is refused.
    revoke(&app, &office.admin, &phone.device_id(), day(2));
    let response = submit(&app, &office.a.token, &[&filed, &investigated, &noticed]);
    assert_eq!(outcomes(&response), ["accepted", "accepted", "refused"], "{response}");
    assert_eq!(response["results"][2]["check"], "device.revoked", "{response}");
    let case = case_view(&app, &office.a.token, case_id);
    assert_eq!(case["record_count"], 2);

    // A device never enrolled.
    let mut stranger = Phone::new(9, "case-stranger");
    let record = stranger.sign(&office.step(0));
    let response = submit(&app, &office.a.token, &[&record]);
    assert_eq!(response["results"][0]["check"], "device.not_enrolled", "{response}");
});

both_backends!(fn only_those_in_scope_read_a_case(app) {
    let office = office(&app);
    let case_id = "case-scoped";
    let mut phone = office.phone_a(&app, case_id);
    let filed = phone.sign(&office.step(0));
    assert_eq!(outcomes(&submit(&app, &office.a.token, &[&filed])), ["accepted"]);
    let path = format!("/api/v1/cases/{case_id}");

    // A supervisor of a sibling county, an officer of the same township who does not work on
    // the case: as if it did not exist.
    let other_county = create_org(&app, &office.admin, "Other County", &app.root_org_id, "county");
    let stranger = user(&app, "supervisor.other", Role::Supervisor, &other_county);
    expect_problem(app.get_as(&stranger.token, &path), StatusCode::NOT_FOUND, "not-found");
    let colleague = officer(&app, &office.admin, "officer.c", &office.township);
    expect_problem(app.get_as(&colleague.token, &path), StatusCode::NOT_FOUND, "not-found");
    assert_eq!(expect_json(app.get_as(&colleague.token, "/api/v1/cases"), StatusCode::OK), json!([]));
    assert_eq!(expect_json(app.get_as(&stranger.token, "/api/v1/cases"), StatusCode::OK), json!([]));
    expect_problem(
        app.get_as(&stranger.token, &format!("/api/v1/cases?org_id={}", office.county)),
        StatusCode::NOT_FOUND,
        "not-found",
    );
    // A dock reads no cases at all.
    let dock = user(&app, "dock.1", Role::Dock, &office.township);
    expect_problem(app.get_as(&dock.token, &path), StatusCode::FORBIDDEN, "forbidden");
    // B acted in the case (named in no record yet): not visible; A and the county are.
    expect_problem(app.get_as(&office.b.token, &path), StatusCode::NOT_FOUND, "not-found");
    case_view(&app, &office.a.token, case_id);
    case_view(&app, &office.supervisor.token, case_id);
    case_view(&app, &office.admin, case_id);
    // Without a token: 401.
    expect_problem(app.get(&path).send().unwrap(), StatusCode::UNAUTHORIZED, "unauthorized");
});

both_backends!(fn bad_submissions_change_nothing(app) {
    let office = office(&app);
    let case_id = "case-bad";
    let mut phone = office.phone_a(&app, case_id);
    let dock = user(&app, "dock.2", Role::Dock, &office.township);
    let size_before = log_size(&app);
    let post = |body: &str, content_type: &str| {
        app.post("/api/v1/records")
            .bearer_auth(&office.a.token)
            .header("content-type", content_type)
            .body(body.to_owned())
            .send()
            .unwrap()
    };
    expect_problem(post("{}", "application/json"), StatusCode::BAD_REQUEST, "invalid-json");
    expect_problem(post("[1, ", "application/json"), StatusCode::BAD_REQUEST, "invalid-json");
    expect_problem(post("[]", "application/json"), StatusCode::UNPROCESSABLE_ENTITY, "invalid-input");
    expect_problem(post("[]", "text/plain"), StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type");
    let too_many = format!("[{}]", vec!["{}"; 1001].join(","));
    expect_problem(post(&too_many, "application/json"), StatusCode::PAYLOAD_TOO_LARGE, "payload-too-large");
    // A role that does not record.
    let response = app.post("/api/v1/records").bearer_auth(&dock.token).json(&json!([{}])).send().unwrap();
    expect_problem(response, StatusCode::FORBIDDEN, "forbidden");

    // Records that are not well formed, signed or the caller's are refused one by one.
    let filed = phone.sign(&office.step(0));
    let good: Value = serde_json::from_slice(&filed.to_json()).unwrap();
    let mut edited = good.clone();
    edited["body"]["category"] = json!("something else");
    let mut float = good.clone();
    float["body"]["fine"] = json!(1.5);
    let repeated = String::from_utf8(filed.to_json()).unwrap().replacen("{", "{\"v\":1,", 1);
    let mut no_case = good.clone();
    no_case["chain"] = json!("no-case-here");
    let body = format!(
        "[{edited}, {float}, {repeated}, 7, {no_case}]"
    );
    let response = post(&body, "application/json");
    let response = expect_json(response, StatusCode::OK);
    let checks: Vec<&str> = response["results"].as_array().unwrap().iter().map(|r| r["check"].as_str().unwrap()).collect();
    assert_eq!(checks, ["record.signature", "record.format", "record.format", "record.format", "record.chain_id"], "{response}");
    // A seq far beyond the chain's head is not held.
    let far = phone.sign_at(1_000_000, Some(filed.hash()), &office.step(1));
    let response = submit(&app, &office.a.token, &[&far]);
    assert_eq!(response["results"][0]["check"], "chain.gap", "{response}");
    // Another officer may not submit A's records.
    let response = submit(&app, &office.b.token, &[&filed]);
    assert_eq!(response["results"][0]["check"], "record.officer", "{response}");

    assert_eq!(log_size(&app), size_before);
    expect_problem(
        app.get_as(&office.a.token, &format!("/api/v1/cases/{case_id}")),
        StatusCode::NOT_FOUND,
        "not-found",
    );
});

both_backends!(fn concurrent_submissions_keep_one_consistent_log(app) {
    const THREADS: usize = 4;
    const STEPS: usize = 6;
    let office = office(&app);
    let phones: Vec<Phone> = (0..THREADS)
        .map(|t| {
            let phone = Phone::new(20 + t as u8, &format!("case-concurrent-{t}"));
            enrol(&app, &office.admin, &phone, &office.township, &office.a.id);
            phone
        })
        .collect();
    let logged: Vec<(String, Vec<(u64, String)>)> = std::thread::scope(|scope| {
        let workers: Vec<_> = phones
            .into_iter()
            .enumerate()
            .map(|(t, mut phone)| {
                let (app, office) = (&app, &office);
                scope.spawn(move || {
                    let mut logged = Vec::new();
                    for n in 0..STEPS {
                        let record = phone.sign(&office.step(n));
                        let response = submit(app, &office.a.token, &[&record]);
                        assert_eq!(outcomes(&response), ["accepted"], "thread {t} step {n}: {response}");
                        logged.push((response["results"][0]["log_index"].as_u64().unwrap(), record.hash().to_hex()));
                    }
                    (format!("case-concurrent-{t}"), logged)
                })
            })
            .collect();
        workers.into_iter().map(|worker| worker.join().unwrap()).collect()
    });
    let mut indexes: Vec<u64> = logged.iter().flat_map(|(_, l)| l.iter().map(|(i, _)| *i)).collect();
    indexes.sort();
    indexes.dedup();
    assert_eq!(indexes.len(), THREADS * STEPS, "every record has its own leaf");
    for (case_id, entries) in &logged {
        check_logged(&app, &office.a.token, case_id, entries);
        assert_eq!(case_view(&app, &office.a.token, case_id)["record_count"], STEPS);
    }
});

both_backends!(fn the_rules_see_the_units_configuration_and_certificates(app) {
    let office = office(&app);
    let config = json!({
        "mandatory_recording_acts": ["site_inspection"],
        "major_case_categories": ["food-safety"],
    });
    let path = format!("/api/v1/orgs/{}/rules", office.county);
    let put = |token: &str, body: &Value| app.request(custos_tests::reqwest::Method::PUT, &path).bearer_auth(token).json(body).send().unwrap();
    expect_problem(put(&office.a.token, &config), StatusCode::FORBIDDEN, "forbidden");
    expect_problem(put(&office.admin, &json!({"major_categories": []})), StatusCode::UNPROCESSABLE_ENTITY, "invalid-input");
    expect_problem(
        put(&office.admin, &json!({"discretion_benchmarks": [{"id": "x", "min_fine_fen": 2, "max_fine_fen": 1}]})),
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid-input",
    );
    expect_json(put(&office.admin, &config), StatusCode::OK);
    // The township has none of its own: the county's applies, and its officers can read it.
    let inherited = expect_json(app.get_as(&office.a.token, &format!("/api/v1/orgs/{}/rules", office.township)), StatusCode::OK);
    assert_eq!(inherited["config"]["major_case_categories"], json!(["food-safety"]), "{inherited}");

    let case_id = "case-configured";
    let phone = office.phone_a(&app, case_id);
    let filed = phone.sign_at(0, None, &office.step(0));
    assert_eq!(outcomes(&submit(&app, &office.a.token, &[&filed])), ["accepted"]);
    assert_eq!(case_view(&app, &office.a.token, case_id)["major"], true, "a configured major category");
    let site_inspection = |evidence_kind: &str, second: &str| {
        CaseRecord::new(day(1), &office.a.id, InvestigationRecord {
            officers: vec![second.to_owned()],
            credentials_shown: true,
            act: Some("site_inspection".into()),
            compulsion: None,
            transcript_signed_by: Some(RecordSignatory::Party),
            location: None,
            evidence: vec![evidence(evidence_kind, 0xdd)],
        })
    };
    let head = Some(filed.hash());
    let photographed = phone.sign_at(1, head, &site_inspection("photo", &office.b.id));
    let response = submit(&app, &office.a.token, &[&photographed]);
    assert_eq!(response["results"][0]["check"], "APL-47-audio-video", "{response}");
    // Officer C holds no certificate.
    let uncertified = user(&app, "officer.c", Role::Officer, &office.township);
    let with_c = phone.sign_at(1, head, &site_inspection("video", &uncertified.id));
    let response = submit(&app, &office.a.token, &[&with_c]);
    assert_eq!(response["results"][0]["check"], "APL-42-certified-officers", "{response}");
    let filmed = phone.sign_at(1, head, &site_inspection("video", &office.b.id));
    assert_eq!(outcomes(&submit(&app, &office.a.token, &[&filmed])), ["accepted"]);
    let noticed = phone.sign_at(2, Some(filmed.hash()), &office.step(2));
    let defended = phone.sign_at(3, Some(noticed.hash()), &office.step(3));
    let decided = phone.sign_at(4, Some(defended.hash()), &office.step(4));
    let response = submit(&app, &office.a.token, &[&noticed, &defended, &decided]);
    assert_eq!(outcomes(&response), ["accepted", "accepted", "refused"], "{response}");
    let refused = &response["results"][2];
    assert_eq!(refused["check"], "APL-58-legal-review", "{response}");
    let rules: Vec<&str> = refused["findings"].as_array().unwrap().iter().map(|f| f["rule"].as_str().unwrap()).collect();
    assert_eq!(rules, ["APL-58-legal-review", "APL-57-collective-discussion"], "{response}");
});

both_backends!(fn a_late_step_is_accepted_with_its_warning(app) {
    let office = office(&app);
    let case_id = "case-late";
    let mut phone = office.phone_a(&app, case_id);
    let mut records: Vec<Record> = (0..5).map(|n| phone.sign(&office.step(n))).collect();
    // Served on day 30, long after the 7 working days of Art. 61.
    records.push(phone.sign(&CaseRecord::new(day(30), &office.a.id, body(RecordKind::DecisionServed, &office.b.id))));
    let refs: Vec<&Record> = records.iter().collect();
    let response = submit(&app, &office.a.token, &refs);
    assert!(outcomes(&response).iter().all(|o| o == "accepted"), "{response}");
    let warned = &response["results"][5];
    assert_eq!(warned["findings"][0]["rule"], "APL-61-service-7-days", "{response}");
    assert_eq!(warned["findings"][0]["severity"], "warn");
    let case = case_view(&app, &office.supervisor.token, case_id);
    assert_eq!(case["stage"], "served");
    assert_eq!(case["findings"].as_array().unwrap().len(), 1, "{case}");
    assert_eq!(case["findings"][0]["rule"], "APL-61-service-7-days");
    assert_eq!(case["findings"][0]["record"], records[5].hash().to_hex());
    assert_eq!(case["findings"][0]["article"], "Administrative Penalty Law Art. 61, 85");
    // Fined and served: the payment deadline (Art. 67) is open.
    assert_eq!(case["deadlines"][0]["what"], "payment", "{case}");
});
