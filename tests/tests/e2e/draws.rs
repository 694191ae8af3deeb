//! 双随机 draws through HTTP: a supervisor's draw is redone from the log alone (its leaf, an
//! inclusion proof, a consistency proof to a signed checkpoint) with custos-core; the pool is
//! the unit's certified officers; other units can neither read nor make a unit's draws. The
//! 双随机 inspection scenario (`scenarios.rs`) names a real draw made here.

use crate::log::{checkpoint, hashes};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use custos_api::auth::Role;
use custos_core::digest::Sha256Digest;
use custos_core::draw::{self, DrawInputs};
use custos_core::lifecycle::*;
use custos_core::merkle::{leaf_hash, verify_consistency, verify_inclusion};
use custos_tests::recording::*;
use custos_tests::reqwest::StatusCode;
use custos_tests::serde_json::{Value, json};
use custos_tests::{TestApp, both_backends, expect_json, expect_problem};

fn make_draw(
    app: &TestApp,
    token: &str,
    request: &Value,
) -> custos_tests::reqwest::blocking::Response {
    app.post("/api/v1/draws")
        .bearer_auth(token)
        .json(request)
        .send()
        .expect("request sent")
}

/// A draw of 3 of 10 shops (sent shuffled, one twice) for `org`.
pub fn request(org: &str) -> Value {
    let mut targets: Vec<String> = (0..10).map(|n| format!("91310000MA1K{n:06}")).collect();
    targets.reverse();
    targets.push(targets[0].clone());
    json!({
        "org_id": org,
        "task": "2026年3月食品经营者双随机抽查",
        "domain": DOMAIN,
        "count": 3,
        "targets": targets,
    })
}

fn strings(value: &Value) -> Vec<String> {
    serde_json::from_value(value.clone()).unwrap()
}

/// The county supervisor's draw for the office's county with officers A and B as the pool, so
/// that both inspect every drawn target; redone from the log.
pub fn draw_a_and_b(app: &TestApp, office: &Office) -> Value {
    let mut order = request(&office.county);
    order["inspectors"] = json!([office.a.id, office.b.id]);
    let draw = expect_json(
        make_draw(app, &office.supervisor.token, &order),
        StatusCode::CREATED,
    );
    let mut expected = vec![office.a.id.clone(), office.b.id.clone()];
    expected.sort();
    for assignment in draw["assignments"].as_array().unwrap() {
        let mut sent = strings(&assignment["inspectors"]);
        sent.sort();
        assert_eq!(sent, expected);
    }
    redo_from_the_log(app, &office.supervisor.token, &draw);
    draw
}

/// `record` (an inspection) naming the draw `draw_id` as its task.
pub fn drawn_by(mut record: CaseRecord, draw_id: &str) -> CaseRecord {
    if let RecordBody::InspectionRecord(inspection) = &mut record.body {
        inspection.task = Some(draw_id.to_owned());
    }
    record
}

/// Redoes `draw` (an answer of the server) from the log only, with custos-core, and checks
/// the server's answer against it.
fn redo_from_the_log(app: &TestApp, token: &str, draw: &Value) {
    let index = draw["log_index"].as_u64().unwrap();
    let leaf = app
        .get_as(token, &format!("/api/v1/log/entries/{index}"))
        .bytes()
        .unwrap();
    redo_from_leaf(app, &leaf, draw);
}

/// Redoes `draw` from `leaf`, the bytes of its log entry, checked against the public log
/// routes only.
fn redo_from_leaf(app: &TestApp, leaf: &[u8], draw: &Value) {
    let index = draw["log_index"].as_u64().unwrap();
    let entry: Value = serde_json::from_slice(leaf).unwrap();
    assert_eq!(entry["type"], "draw");
    assert_eq!(entry["draw"], draw["id"]);
    // The leaf is in the log the signed checkpoint commits to.
    let signed = checkpoint(app);
    let inclusion = expect_json(
        app.get(&format!(
            "/api/v1/log/proof/inclusion?index={index}&size={}",
            signed.size
        ))
        .send()
        .unwrap(),
        StatusCode::OK,
    );
    verify_inclusion(
        index,
        signed.size,
        &leaf_hash(leaf),
        &hashes(&inclusion),
        &signed.root_hash,
    )
    .unwrap();
    // The root the seed was drawn from is the root of the log just before the entry: the
    // consistency proof from that size to the checkpoint holds only for the true root.
    let log_size = entry["log_size"].as_u64().unwrap();
    assert_eq!(log_size, index);
    let log_root = Sha256Digest::from_hex(entry["log_root_sha256"].as_str().unwrap()).unwrap();
    let consistency = expect_json(
        app.get(&format!(
            "/api/v1/log/proof/consistency?from={log_size}&to={}",
            signed.size
        ))
        .send()
        .unwrap(),
        StatusCode::OK,
    );
    verify_consistency(
        log_size,
        signed.size,
        &log_root,
        &signed.root_hash,
        &hashes(&consistency),
    )
    .unwrap();
    let mut other_root = log_root;
    other_root.0[0] ^= 1;
    assert!(
        verify_consistency(
            log_size,
            signed.size,
            &other_root,
            &signed.root_hash,
            &hashes(&consistency)
        )
        .is_err()
    );
    // The inputs are canonical (built again from their own lists they are unchanged), and
    // the seed and result follow from them and the root.
    let inputs: DrawInputs = serde_json::from_value(entry["inputs"].clone()).unwrap();
    let rebuilt = DrawInputs::new(
        inputs.draw.clone(),
        inputs.org.clone(),
        inputs.task.clone(),
        inputs.domain.clone(),
        inputs.count,
        inputs.team_size,
        inputs.targets.iter().rev().cloned().collect(),
        inputs.inspectors.clone(),
    )
    .unwrap();
    assert_eq!(rebuilt, inputs);
    let redone = draw::draw_from_log(&inputs, log_size, &log_root).unwrap();
    assert_eq!(entry["inputs_sha256"], redone.inputs_sha256.to_hex());
    assert_eq!(entry["seed"], redone.seed.to_hex());
    assert_eq!(
        entry["result"],
        serde_json::to_value(&redone.result).unwrap()
    );
    // The server's answer says the same.
    assert_eq!(draw["inputs"], entry["inputs"]);
    assert_eq!(draw["seed"]["domain"], draw::SEED_DOMAIN);
    assert_eq!(draw["seed"]["log_size"], log_size);
    assert_eq!(draw["seed"]["log_root_sha256"], log_root.to_hex());
    assert_eq!(draw["seed"]["inputs_sha256"], redone.inputs_sha256.to_hex());
    assert_eq!(draw["seed"]["seed"], redone.seed.to_hex());
    assert_eq!(strings(&draw["targets"]), redone.result.targets);
    assert_eq!(
        draw["assignments"],
        serde_json::to_value(&redone.result.assignments).unwrap()
    );
}

both_backends!(fn a_draw_is_seeded_from_the_log_and_redone_from_it(app) {
    let office = office(&app);
    let c = officer(&app, &office.admin, "officer.c", &office.township);
    // An officer without a certificate is not in the pool.
    let uncertified = user(&app, "officer.uncertified", Role::Officer, &office.township);
    let draw = expect_json(make_draw(&app, &office.supervisor.token, &request(&office.county)), StatusCode::CREATED);
    let mut pool = vec![office.a.id.clone(), office.b.id.clone(), c.id.clone()];
    pool.sort();
    assert_eq!(strings(&draw["inputs"]["inspectors"]), pool);
    assert_eq!(draw["inputs"]["targets"].as_array().unwrap().len(), 10);
    assert_eq!(draw["inputs"]["team_size"], 2);
    assert_eq!(draw["targets"].as_array().unwrap().len(), 3);
    assert_eq!(draw["org_id"], office.county.as_str());
    assert_eq!(draw["actor_id"], office.supervisor.id.as_str());
    redo_from_the_log(&app, &office.supervisor.token, &draw);
    // A second draw with the same request has another id, so another seed.
    let second = expect_json(make_draw(&app, &office.supervisor.token, &request(&office.county)), StatusCode::CREATED);
    assert_ne!(second["seed"]["seed"], draw["seed"]["seed"]);
    redo_from_the_log(&app, &office.supervisor.token, &second);
    // Read back by id and listed for the unit, as made.
    let id = draw["id"].as_str().unwrap();
    assert_eq!(expect_json(app.get_as(&office.supervisor.token, &format!("/api/v1/draws/{id}")), StatusCode::OK), draw);
    let listed = expect_json(
        app.get_as(&office.admin, &format!("/api/v1/draws?org_id={}", office.county)),
        StatusCode::OK,
    );
    assert_eq!(listed, json!([draw, second]));
    // Naming the uncertified officer, a team of one, or more targets than the directory has
    // are refused with the reason.
    let mut named = request(&office.county);
    named["inspectors"] = json!([office.a.id, uncertified.id]);
    let problem = expect_problem(make_draw(&app, &office.supervisor.token, &named), StatusCode::UNPROCESSABLE_ENTITY, "invalid-input");
    assert!(problem["detail"].as_str().unwrap().contains(&uncertified.id), "{problem}");
    let mut alone = request(&office.county);
    alone["team_size"] = json!(1);
    let problem = expect_problem(make_draw(&app, &office.supervisor.token, &alone), StatusCode::UNPROCESSABLE_ENTITY, "invalid-input");
    assert_eq!(problem["detail"], "team size 1 is below the two inspectors Art. 42 requires");
    let mut too_many = request(&office.county);
    too_many["count"] = json!(11);
    expect_problem(make_draw(&app, &office.supervisor.token, &too_many), StatusCode::UNPROCESSABLE_ENTITY, "invalid-input");
    // The seed is not the caller's to give.
    let mut seeded = request(&office.county);
    seeded["seed"] = json!("00".repeat(32));
    let problem = expect_problem(make_draw(&app, &office.supervisor.token, &seeded), StatusCode::BAD_REQUEST, "invalid-json");
    assert!(problem["detail"].as_str().unwrap().contains("unknown field `seed`"), "{problem}");
    let mut bad_target = request(&office.county);
    bad_target["targets"] = json!(["shop-1", "shop/2"]);
    expect_problem(make_draw(&app, &office.supervisor.token, &bad_target), StatusCode::UNPROCESSABLE_ENTITY, "invalid-input");
    // Nothing refused reached the log: the two draws are its last entries.
    assert_eq!(checkpoint(&app).size, second["log_index"].as_u64().unwrap() + 1);
});

both_backends!(fn another_unit_can_neither_read_nor_make_a_units_draws(app) {
    let office = office(&app);
    let draw = expect_json(make_draw(&app, &office.supervisor.token, &request(&office.county)), StatusCode::CREATED);
    let id = draw["id"].as_str().unwrap();
    let other_county = create_org(&app, &office.admin, "Other County", &app.root_org_id, "county");
    let other = user(&app, "supervisor.other", Role::Supervisor, &other_county);
    let below = user(&app, "supervisor.township", Role::Supervisor, &office.township);
    for token in [&other.token, &below.token] {
        expect_problem(app.get_as(token, &format!("/api/v1/draws/{id}")), StatusCode::NOT_FOUND, "not-found");
        assert_eq!(expect_json(app.get_as(token, "/api/v1/draws"), StatusCode::OK), json!([]));
        expect_problem(make_draw(&app, token, &request(&office.county)), StatusCode::NOT_FOUND, "not-found");
    }
    // Officers make no draws; a reviewer of the county reads them.
    expect_problem(make_draw(&app, &office.a.token, &request(&office.county)), StatusCode::FORBIDDEN, "forbidden");
    let reviewer = user(&app, "reviewer.county", Role::Reviewer, &office.county);
    assert_eq!(expect_json(app.get_as(&reviewer.token, &format!("/api/v1/draws/{id}")), StatusCode::OK), draw);
});

both_backends!(fn anyone_reads_and_redoes_a_published_draw_without_logging_in(app) {
    let office = office(&app);
    let draw = expect_json(make_draw(&app, &office.supervisor.token, &request(&office.county)), StatusCode::CREATED);
    let id = draw["id"].as_str().unwrap();
    // No token: the draw as its unit reads it, plus its exact log leaf.
    let response = app.get(&format!("/api/v1/public/draws/{id}")).send().unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let text = response.text().unwrap();
    let published: Value = serde_json::from_str(&text).unwrap();
    let leaf = STANDARD.decode(published["leaf"].as_str().unwrap()).unwrap();
    let mut without_leaf = published.clone();
    without_leaf.as_object_mut().unwrap().remove("leaf");
    assert_eq!(without_leaf, draw);
    redo_from_leaf(&app, &leaf, &published);
    // Ids only: no username, certificate, holder name or unit name of anyone involved.
    let leaf_text = String::from_utf8(leaf).unwrap();
    for personal in [
        office.a.username.as_str(),
        office.b.username.as_str(),
        office.supervisor.username.as_str(),
        "CERT-",
        "张三",
        "Test County",
        "Test Township",
    ] {
        assert!(!text.contains(personal), "{personal} in {text}");
        assert!(!leaf_text.contains(personal), "{personal} in {leaf_text}");
    }
    let mut fields: Vec<&String> = published.as_object().unwrap().keys().collect();
    fields.sort();
    assert_eq!(
        fields,
        ["actor_id", "assignments", "created_at_us", "domain", "id", "inputs", "leaf", "log_index", "org_id", "seed", "targets", "task"]
    );
    // The unit's public listing holds the same answer; another unit's is empty.
    let listed = expect_json(app.get(&format!("/api/v1/public/draws?org_id={}", office.county)).send().unwrap(), StatusCode::OK);
    assert_eq!(listed, json!([published]));
    let below = expect_json(app.get(&format!("/api/v1/public/draws?org_id={}", office.township)).send().unwrap(), StatusCode::OK);
    assert_eq!(below, json!([]));
    // Unknown ids are problem+json 404s; a listing needs a unit id.
    let unknown = "0".repeat(id.len());
    expect_problem(app.get(&format!("/api/v1/public/draws/{unknown}")).send().unwrap(), StatusCode::NOT_FOUND, "not-found");
    expect_problem(app.get("/api/v1/public/draws?org_id=not%20an%20id").send().unwrap(), StatusCode::BAD_REQUEST, "invalid-query");
});

both_backends!(fn an_officer_reads_the_draws_that_send_it_and_no_other(app) {
    let office = office(&app);
    let c = officer(&app, &office.admin, "officer.c", &office.township);
    // A and B go to every target of the first draw; B and C to every target of the second.
    let first = draw_a_and_b(&app, &office);
    let mut order = request(&office.county);
    order["inspectors"] = json!([office.b.id, c.id]);
    let second = expect_json(make_draw(&app, &office.supervisor.token, &order), StatusCode::CREATED);
    let cases = [
        (&office.a, vec![&first]),
        (&office.b, vec![&first, &second]),
        (&c, vec![&second]),
    ];
    for (officer, assigned) in cases {
        // Its assignments, in id order, whole, also for the drawing unit's filter.
        let listed = expect_json(app.get_as(&officer.token, "/api/v1/draws"), StatusCode::OK);
        assert_eq!(listed, json!(assigned), "{}", officer.username);
        let of_county = expect_json(app.get_as(&officer.token, &format!("/api/v1/draws?org_id={}", office.county)), StatusCode::OK);
        assert_eq!(of_county, listed);
        let of_township = expect_json(app.get_as(&officer.token, &format!("/api/v1/draws?org_id={}", office.township)), StatusCode::OK);
        assert_eq!(of_township, json!([]));
        for draw in [&first, &second] {
            let path = format!("/api/v1/draws/{}", draw["id"].as_str().unwrap());
            if assigned.contains(&draw) {
                assert_eq!(expect_json(app.get_as(&officer.token, &path), StatusCode::OK), *draw);
            } else {
                expect_problem(app.get_as(&officer.token, &path), StatusCode::NOT_FOUND, "not-found");
            }
        }
    }
    // An officer no draw sends, of the same township, reads none.
    let d = officer(&app, &office.admin, "officer.d", &office.township);
    assert_eq!(expect_json(app.get_as(&d.token, "/api/v1/draws"), StatusCode::OK), json!([]));
    let path = format!("/api/v1/draws/{}", first["id"].as_str().unwrap());
    expect_problem(app.get_as(&d.token, &path), StatusCode::NOT_FOUND, "not-found");
});
