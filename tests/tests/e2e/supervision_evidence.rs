//! Attention items of evidence items through HTTP: an upload whose bytes differ from the
//! digest its device declared (quarantine) and one whose device clock is off beyond the
//! bound each show to the supervisor of its unit and to the officer it names, not to a
//! sibling unit's supervisor, and go when the item is disposed of, listed as cured. A
//! reviewer or supervisor of the unit who checked a mistimed item also clears its clock
//! item by acknowledging it; an officer, an admin and a sibling unit cannot.

use custos_api::auth::Role;
use custos_api::db;
use custos_core::digest::sha256;
use custos_tests::attention::{acknowledge, evidence_items};
use custos_tests::reqwest::StatusCode;
use custos_tests::serde_json::json;
use custos_tests::tus::{Uploader, content, header, metadata};
use custos_tests::{both_backends, expect_json, expect_problem};

both_backends!(fn quarantined_and_mistimed_evidence_need_attention_until_disposed(app) {
    let officer = Uploader::new(&app, "officer", Role::Officer, &app.root_org_id);
    let supervisor = Uploader::new(&app, "supervisor", Role::Supervisor, &app.root_org_id);
    let sibling = app.db(|conn| {
        let root = db::orgs::find_unscoped(conn, &app.root_org_id).unwrap().unwrap();
        db::orgs::insert(conn, Some(&root), "Sibling county", "county", 1).unwrap().id
    });
    let outsider = Uploader::new(&app, "sibling-supervisor", Role::Supervisor, &sibling);
    let colleague = Uploader::new(&app, "colleague", Role::Officer, &app.root_org_id);

    // Bytes that are not what the device hashed: kept in quarantine.
    let bytes = content(31, 5000);
    let declared = sha256(b"what the device hashed").to_hex();
    let response = officer.upload(&bytes, &metadata(&[("sha256", &declared)]), 5000);
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let quarantined = header(&response, "custos-evidence-id");
    // A device clock two hours behind the server's (the bound is one hour by default).
    let good = content(32, 64);
    let behind = custos_api::clock::now_us() - 2 * 3_600_000_000;
    let meta = metadata(&[("sha256", &sha256(&good).to_hex()), ("device_clock_us", &behind.to_string())]);
    let response = officer.upload(&good, &meta, 64);
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let mistimed = header(&response, "custos-evidence-id");
    // An honest upload needs no attention.
    let fine = content(33, 64);
    let meta = metadata(&[("sha256", &sha256(&fine).to_hex())]);
    let fine_id = header(&officer.upload(&fine, &meta, 64), "custos-evidence-id");

    let seen = evidence_items(&app, &supervisor.token, "evidence_quarantined", "open", &quarantined);
    assert_eq!(seen.len(), 1, "{seen:?}");
    let item = &seen[0];
    assert_eq!(item["severity"], "alarm");
    assert_eq!(item["org_id"], app.root_org_id.as_str());
    assert_eq!(item["officer_id"], officer.user_id.as_str());
    assert!(item["detail"].as_str().unwrap().contains(&declared), "{item}");
    assert!(item["text_zh"].as_str().unwrap().contains("隔离"), "{item}");
    let skewed = evidence_items(&app, &supervisor.token, "clock_skew", "open", &mistimed);
    assert_eq!(skewed.len(), 1, "{skewed:?}");
    assert!(skewed[0]["detail"].as_str().unwrap().contains("off by -7"), "{}", skewed[0]);
    for kind in ["evidence_quarantined", "clock_skew"] {
        assert!(evidence_items(&app, &supervisor.token, kind, "open", &fine_id).is_empty());
    }
    // The officer named sees its own items; a colleague and a sibling unit see none.
    assert_eq!(evidence_items(&app, &officer.token, "evidence_quarantined", "open", &quarantined).len(), 1);
    assert_eq!(evidence_items(&app, &officer.token, "clock_skew", "open", &mistimed).len(), 1);
    assert!(evidence_items(&app, &colleague.token, "evidence_quarantined", "open", &quarantined).is_empty());
    assert!(evidence_items(&app, &outsider.token, "clock_skew", "open", &mistimed).is_empty());

    // Disposing of each item cures its item, which is then listed as cured with both times.
    for id in [&quarantined, &mistimed] {
        let response = app
            .post(&format!("/api/v1/evidence/{id}/dispose"))
            .bearer_auth(&supervisor.token)
            .json(&json!({"reason": "checked and discarded"}))
            .send()
            .unwrap();
        expect_json(response, StatusCode::OK);
    }
    assert!(evidence_items(&app, &supervisor.token, "evidence_quarantined", "open", &quarantined).is_empty());
    assert!(evidence_items(&app, &supervisor.token, "clock_skew", "open", &mistimed).is_empty());
    for (kind, id) in [("evidence_quarantined", &quarantined), ("clock_skew", &mistimed)] {
        let cured = evidence_items(&app, &supervisor.token, kind, "cured", id);
        assert_eq!(cured.len(), 1, "{kind}: {cured:?}");
        assert_eq!(cured[0]["state"], "cured");
        assert!(cured[0]["cured_us"].as_i64().unwrap() >= cured[0]["since_us"].as_i64().unwrap());
    }
});

both_backends!(fn a_reviewer_who_checked_a_mistimed_item_cures_its_clock_skew(app) {
    let officer = Uploader::new(&app, "officer", Role::Officer, &app.root_org_id);
    let reviewer = Uploader::new(&app, "reviewer", Role::Reviewer, &app.root_org_id);
    let supervisor = Uploader::new(&app, "supervisor", Role::Supervisor, &app.root_org_id);
    let admin = Uploader::new(&app, "unit-admin", Role::Admin, &app.root_org_id);
    let sibling = app.db(|conn| {
        let root = db::orgs::find_unscoped(conn, &app.root_org_id).unwrap().unwrap();
        db::orgs::insert(conn, Some(&root), "Sibling county", "county", 1).unwrap().id
    });
    let outsider = Uploader::new(&app, "sibling-supervisor", Role::Supervisor, &sibling);

    // Two files from a device whose clock is three hours ahead of the server's.
    let ahead = custos_api::clock::now_us() + 3 * 3_600_000_000;
    let mut mistimed = Vec::new();
    for seed in [41, 42] {
        let bytes = content(seed, 64);
        let meta = metadata(&[("sha256", &sha256(&bytes).to_hex()), ("device_clock_us", &ahead.to_string())]);
        let response = officer.upload(&bytes, &meta, 64);
        assert_eq!(response.status(), StatusCode::NO_CONTENT);
        mistimed.push(header(&response, "custos-evidence-id"));
    }
    let item_of = |evidence: &str| {
        let open = evidence_items(&app, &supervisor.token, "clock_skew", "open", evidence);
        assert_eq!(open.len(), 1, "{open:?}");
        open[0]["id"].as_str().unwrap().to_owned()
    };
    let (first, second) = (item_of(&mistimed[0]), item_of(&mistimed[1]));

    // The officer it names, an admin, and a sibling county's supervisor cannot clear it: the
    // roles that acknowledge nothing of the kind as their role's refusal, the sibling as if the
    // item did not exist.
    expect_problem(acknowledge(&app, &officer.token, &first), StatusCode::FORBIDDEN, "forbidden");
    expect_problem(acknowledge(&app, &admin.token, &first), StatusCode::FORBIDDEN, "forbidden");
    let unknown = expect_problem(acknowledge(&app, &outsider.token, "01900000-0000-7000-8000-000000000000"), StatusCode::NOT_FOUND, "not-found");
    let hidden = expect_problem(acknowledge(&app, &outsider.token, &first), StatusCode::NOT_FOUND, "not-found");
    assert_eq!(hidden["detail"], unknown["detail"]);
    assert_eq!(item_of(&mistimed[0]), first, "still open");

    // A reviewer of the item's own unit who checked the capture time clears it.
    let before = custos_api::clock::now_us();
    let cured = expect_json(acknowledge(&app, &reviewer.token, &first), StatusCode::OK);
    assert_eq!(cured["id"], first.as_str());
    assert_eq!(cured["kind"], "clock_skew");
    assert_eq!(cured["state"], "cured");
    assert_eq!(cured["acknowledged_by"], reviewer.user_id.as_str());
    assert!(cured["cured_us"].as_i64().unwrap() >= before, "{cured}");
    assert!(evidence_items(&app, &supervisor.token, "clock_skew", "open", &mistimed[0]).is_empty());
    let listed = evidence_items(&app, &supervisor.token, "clock_skew", "cured", &mistimed[0]);
    assert_eq!(listed.len(), 1, "{listed:?}");
    assert_eq!(listed[0]["acknowledged_by"], reviewer.user_id.as_str());
    assert_eq!(listed[0]["cured_us"], cured["cured_us"]);
    // The officer sees its item cured too.
    assert_eq!(evidence_items(&app, &officer.token, "clock_skew", "cured", &mistimed[0]).len(), 1);
    // Once is enough: again is 409, by anyone.
    expect_problem(acknowledge(&app, &supervisor.token, &first), StatusCode::CONFLICT, "conflict");

    // The evidence keeps its flag and its skew: only the supervision item is cured.
    let evidence = expect_json(app.get_as(&supervisor.token, &format!("/api/v1/evidence/{}", mistimed[0])), StatusCode::OK);
    assert_eq!(evidence["clock_skew_flagged"], true, "{evidence}");
    let skew = evidence["clock_skew_us"].as_i64().unwrap();
    assert!(skew > 2 * 3_600_000_000, "{evidence}");

    // A supervisor of the unit clears the other.
    let cured = expect_json(acknowledge(&app, &supervisor.token, &second), StatusCode::OK);
    assert_eq!(cured["acknowledged_by"], supervisor.user_id.as_str());

    // A reviewer acknowledges no other kind: a quarantined item stays with its disposal.
    let bytes = content(43, 500);
    let response = officer.upload(&bytes, &metadata(&[("sha256", &sha256(b"not these").to_hex())]), 500);
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let quarantined = header(&response, "custos-evidence-id");
    let open = evidence_items(&app, &supervisor.token, "evidence_quarantined", "open", &quarantined);
    let quarantine_item = open[0]["id"].as_str().unwrap();
    expect_problem(acknowledge(&app, &reviewer.token, quarantine_item), StatusCode::CONFLICT, "conflict");
    assert_eq!(evidence_items(&app, &supervisor.token, "evidence_quarantined", "open", &quarantined).len(), 1);
});
