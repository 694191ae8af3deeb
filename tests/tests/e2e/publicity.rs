//! Publicity (执法公示) through HTTP: a case decided through `POST /api/v1/records` waits for
//! approval, is published by a reviewer, and is read anonymously with its log leaf proved
//! against the signed checkpoint; the publication deadline counted across a 调休 weekend; a
//! revoked decision withdrawn and shown withdrawn; a leak crawl over every public route and
//! every log leaf; bad input refused with nothing changed.

use custos_api::auth::Role;
use custos_core::checkpoint::Checkpoint;
use custos_core::digest::Sha256Digest;
use custos_core::lifecycle::*;
use custos_core::merkle::{leaf_hash, verify_inclusion};
use custos_core::publicity::is_resident_id;
use custos_tests::recording::*;
use custos_tests::reqwest::StatusCode;
use custos_tests::reqwest::blocking::Response;
use custos_tests::reqwest::header::{ETAG, IF_NONE_MATCH};
use custos_tests::serde_json::{Value, json};
use custos_tests::{TestApp, both_backends, expect_json, expect_problem};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

/// The filing on day `start` of a case against `party`, a natural person.
pub(crate) fn filed_against(office: &Office, party: &Party, start: i64) -> CaseRecord {
    let (a, b) = (office.a.id.as_str(), office.b.id.as_str());
    edited(step(RecordKind::CaseFiled, start, a, b), |body| {
        if let RecordBody::CaseFiled(filed) = body {
            filed.party_kind = PartyKind::Person;
            filed.party = Some(party.clone());
        }
    })
}

/// The ordinary case's steps up to the decision, on days after Monday 2026-03-02: filed,
/// investigated, told (Friday), defended, decided ten days after the notice.
pub(crate) fn decided_steps(
    office: &Office,
    party: &Party,
    facts: &str,
    start: i64,
) -> Vec<CaseRecord> {
    let (a, b) = (office.a.id.as_str(), office.b.id.as_str());
    let filed = filed_against(office, party, start);
    let notice = edited(step(RecordKind::NoticeServed, start + 4, a, b), |body| {
        if let RecordBody::NoticeServed(notice) = body {
            notice.facts = facts.to_owned();
        }
    });
    vec![
        filed,
        step(RecordKind::InvestigationRecord, start + 1, a, b),
        notice,
        step(RecordKind::StatementRecorded, start + 5, a, b),
        step(RecordKind::DecisionIssued, start + 14, a, b),
    ]
}

pub(crate) fn submit_all(app: &TestApp, office: &Office, phone: &mut Phone, steps: &[CaseRecord]) {
    for record in steps {
        let signed = phone.sign(record);
        let response = submit(app, &office.a.token, &[&signed]);
        assert_eq!(outcomes(&response), ["accepted"], "{response}");
    }
}

pub(crate) fn person(name: &str, id_number: &str, phone: &str, address: &str) -> Party {
    Party {
        name: name.into(),
        id_number: Some(id_number.into()),
        phone: Some(phone.into()),
        address: Some(address.into()),
        ..Party::default()
    }
}

pub(crate) fn reviewer(app: &TestApp, office: &Office) -> User {
    user(app, "reviewer.county", Role::Reviewer, &office.county)
}

pub(crate) fn pending(app: &TestApp, token: &str) -> Value {
    expect_json(
        app.get_as(token, "/api/v1/publications/pending"),
        StatusCode::OK,
    )
}

/// Asks as `token` to publish what case `case_id` has to publish.
pub(crate) fn publish_request(app: &TestApp, token: &str, case_id: &str) -> Response {
    app.post("/api/v1/publications")
        .bearer_auth(token)
        .json(&json!({"case_id": case_id}))
        .send()
        .unwrap()
}

pub(crate) fn publish(app: &TestApp, token: &str, case_id: &str) -> Value {
    expect_json(publish_request(app, token, case_id), StatusCode::CREATED)
}

/// Case `case_id` of `party`, recorded from day 0 to its decision on officer A's phone and
/// published by `reviewer`: the phone, to record what follows, and the publication.
pub(crate) fn published_decision(
    app: &TestApp,
    office: &Office,
    reviewer: &User,
    case_id: &str,
    party: &Party,
    facts: &str,
) -> (Phone, Value) {
    let mut phone = office.phone_a(app, case_id);
    submit_all(
        app,
        office,
        &mut phone,
        &decided_steps(office, party, facts, 0),
    );
    let publication = publish(app, &reviewer.token, case_id);
    (phone, publication)
}

/// The case's decision changed on day 20 (Sunday 22 March 2026) after [`decided_steps`] from
/// day 0: revoked, unless `change` says otherwise.
pub(crate) fn decision_changed(
    office: &Office,
    change: impl FnOnce(&mut DecisionChanged),
) -> CaseRecord {
    edited(
        step(RecordKind::DecisionChanged, 20, &office.a.id, &office.b.id),
        |body| {
            if let RecordBody::DecisionChanged(changed) = body {
                change(changed);
            }
        },
    )
}

/// What the pending list offers `token` to publish of case `case_id`, if anything.
pub(crate) fn to_publish(app: &TestApp, token: &str, case_id: &str) -> Option<Value> {
    pending(app, token)["to_publish"]
        .as_array()
        .unwrap()
        .iter()
        .find(|item| item["case_id"] == case_id)
        .cloned()
}

pub(crate) fn log_size(app: &TestApp) -> u64 {
    let text = app
        .get("/api/v1/log/checkpoint")
        .send()
        .unwrap()
        .text()
        .unwrap();
    text.lines().nth(1).unwrap().parse().unwrap()
}

/// Proves `leaf` (base64) at `index` against the signed checkpoint with public routes only.
pub(crate) fn prove(app: &TestApp, index: u64, leaf_base64: &str) -> Vec<u8> {
    let leaf = STANDARD.decode(leaf_base64).unwrap();
    let verifier = app.log_verifier();
    let note = app
        .get("/api/v1/log/checkpoint")
        .send()
        .unwrap()
        .text()
        .unwrap();
    let (checkpoint, _) = Checkpoint::open(&note, &[verifier]).unwrap();
    let proof = expect_json(
        app.get(&format!(
            "/api/v1/log/proof/inclusion?index={index}&size={}",
            checkpoint.size
        ))
        .send()
        .unwrap(),
        StatusCode::OK,
    );
    let hashes: Vec<Sha256Digest> = proof["hashes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| Sha256Digest::from_base64(h.as_str().unwrap()).unwrap())
        .collect();
    verify_inclusion(
        index,
        checkpoint.size,
        &leaf_hash(&leaf),
        &hashes,
        &checkpoint.root_hash,
    )
    .unwrap();
    export_for_go_verifier(app, &note, index, &leaf, &proof);
    leaf
}

/// Where the Go verifier's inputs go, when set (`tests/go-verifier/run.sh` sets it).
const EXPORT_ENV: &str = "CUSTOS_CUSTODY_EXPORT";

/// Saves a published leaf with its proof and checkpoint for `tests/go-verifier`, which checks
/// them with Go's `sumdb/note` and `sumdb/tlog`.
fn export_for_go_verifier(app: &TestApp, note: &str, index: u64, leaf: &[u8], proof: &Value) {
    let Ok(directory) = std::env::var(EXPORT_ENV) else {
        return;
    };
    let exported = json!({
        "origin": app.state().config.log_origin,
        "verifier_key": app.verifier_key(),
        "checkpoint": note,
        "index": index,
        "leaf": STANDARD.encode(leaf),
        "inclusion": proof,
    });
    let path = std::path::Path::new(&directory)
        .join(format!("publication-{index}-{:?}.json", app.backend).to_lowercase());
    std::fs::write(&path, exported.to_string()).unwrap();
}

both_backends!(fn a_decided_case_is_approved_published_and_proved(app) {
    let office = office(&app);
    let reviewer = reviewer(&app, &office);
    let case_id = "case-publicity-1";
    let mut phone = office.phone_a(&app, case_id);
    let party = person("欧阳娜娜", "11010519491231002X", "13812345678", "北京市东城区某胡同1号");
    let steps = decided_steps(&office, &party, "欧阳娜娜（身份证号11010519491231002X）销售过期食品", 0);
    submit_all(&app, &office, &mut phone, &steps);

    // The decision (Monday 16 March 2026) waits for approval, due in 7 working days.
    let waiting = pending(&app, &reviewer.token);
    let item = &waiting["to_publish"][0];
    assert_eq!(item["case_id"], case_id, "{waiting}");
    assert_eq!(item["last_day"], "2026-03-25");
    assert_eq!(item["overdue"], true);
    assert_eq!(item["notice"]["party"]["name"], "欧阳**");
    assert_eq!(item["notice"]["facts"], "欧阳**（身份证号***）销售过期食品");
    // An officer does not approve.
    let refused = app.post("/api/v1/publications").bearer_auth(&office.a.token)
        .json(&json!({"case_id": case_id})).send().unwrap();
    expect_problem(refused, StatusCode::FORBIDDEN, "forbidden");

    let published = publish(&app, &reviewer.token, case_id);
    assert_eq!(published["notice"], item["notice"]);
    assert_eq!(published["published_on_time"], false);
    assert_eq!(published["notice"]["penalty"]["fine_fen"], 500_000);
    assert_eq!(published["notice"]["document_number"], "市监罚〔2026〕1号");
    assert!(published["withdrawal"].is_null());
    assert_eq!(pending(&app, &reviewer.token)["to_publish"], json!([]));

    // Anyone reads it, without logging in, and proves its leaf.
    let path = format!("/api/v1/public/decisions?org_id={}", office.township);
    let response = app.get(&path).send().unwrap();
    let etag = response.headers().get(ETAG).unwrap().clone();
    let listed = expect_json(response, StatusCode::OK);
    assert_eq!(listed, json!([published.clone()]));
    let one = expect_json(app.get(&format!("/api/v1/public/decisions/{}", published["id"].as_str().unwrap())).send().unwrap(), StatusCode::OK);
    assert_eq!(one, published);
    let index = published["log_index"].as_u64().unwrap();
    let leaf = prove(&app, index, published["leaf"].as_str().unwrap());
    let entry: Value = serde_json::from_slice(&leaf).unwrap();
    assert_eq!(entry["type"], "publication");
    assert_eq!(entry["notice"], published["notice"]);
    assert_eq!(entry["approver"], reviewer.id);
    // The public log route serves the same leaf to anyone.
    let served = app.get(&format!("/api/v1/log/entries/{index}")).send().unwrap().bytes().unwrap();
    assert_eq!(served.as_ref(), leaf.as_slice());

    // Mirrors revalidate (304) and page by `since`.
    let again = app.get(&path).header(IF_NONE_MATCH, etag.clone()).send().unwrap();
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    let later = expect_json(app.get(&format!("{path}&since={index}")).send().unwrap(), StatusCode::OK);
    assert_eq!(later, json!([]));
    let sibling = create_org(&app, &office.admin, "Other Township", &office.county, "township");
    assert_eq!(expect_json(app.get(&format!("/api/v1/public/decisions?org_id={sibling}")).send().unwrap(), StatusCode::OK), json!([]));
});

both_backends!(fn a_late_publication_is_overdue_across_a_make_up_weekend(app) {
    let office = office(&app);
    let reviewer = reviewer(&app, &office);
    let case_id = "case-publicity-late";
    let mut phone = office.phone_a(&app, case_id);
    let party = person("张三丰", "11010519491231002X", "13812345678", "某地");
    // Filed Monday 7 September 2026 (day 189), decided Monday 21 September (day 203). Seven
    // working days: 22, 23, 24 September; 中秋 25–27; 28 (Monday), 29, 30; 国庆 1–7 October;
    // 8 October is the seventh. Saturday 10 October, a make-up working day, is not reached;
    // decided Thursday 24 September it would be: the sixth working day, the seventh 12 October.
    let steps = decided_steps(&office, &party, "facts", 189);
    submit_all(&app, &office, &mut phone, &steps);
    let waiting = pending(&app, &reviewer.token);
    assert_eq!(waiting["to_publish"][0]["last_day"], "2026-10-08", "{waiting}");

    let case_id = "case-publicity-late-2";
    let mut phone = phone.on_case(case_id);
    let steps = decided_steps(&office, &party, "facts", 192);
    submit_all(&app, &office, &mut phone, &steps);
    let waiting = pending(&app, &reviewer.token);
    let item = waiting["to_publish"].as_array().unwrap().iter().find(|i| i["case_id"] == case_id).unwrap().clone();
    assert_eq!(item["last_day"], "2026-10-12", "{waiting}");
    let published = publish(&app, &reviewer.token, case_id);
    assert_eq!(published["last_day"], "2026-10-12");
    assert_eq!(published["published_on_time"], false);
});

both_backends!(fn a_revoked_decision_is_withdrawn_and_shown_withdrawn(app) {
    let office = office(&app);
    let reviewer = reviewer(&app, &office);
    let case_id = "case-publicity-revoked";
    let party = person("李四", "11010519491231002X", "13812345678", "某地");
    let (mut phone, published) = published_decision(&app, &office, &reviewer, case_id, &party, "facts");
    let id = published["id"].as_str().unwrap().to_owned();
    let withdraw = |token: &str| app.post(&format!("/api/v1/publications/{id}/withdrawal")).bearer_auth(token).send().unwrap();
    // Nothing to withdraw while the decision stands.
    let before = log_size(&app);
    expect_problem(withdraw(&reviewer.token), StatusCode::CONFLICT, "conflict");
    assert_eq!(log_size(&app), before);

    let changed = decision_changed(&office, |changed| {
        changed.reason = "复议决定撤销：李四 13812345678".into();
    });
    submit_all(&app, &office, &mut phone, &[changed]);
    let waiting = pending(&app, &reviewer.token);
    assert_eq!(waiting["to_withdraw"][0]["publication_id"], id.as_str(), "{waiting}");
    // Changed Sunday 22 March 2026: three working days, 23 to 25 March.
    assert_eq!(waiting["to_withdraw"][0]["last_day"], "2026-03-25");

    // The whole list, read (and so rendered and kept by the server) before the withdrawal.
    let whole = format!("/api/v1/public/decisions?org_id={}", office.township);
    let before_withdrawal = expect_json(app.get(&whole).send().unwrap(), StatusCode::OK);
    assert_eq!(before_withdrawal[0]["withdrawal"], Value::Null, "{before_withdrawal}");

    let withdrawn = expect_json(withdraw(&office.admin), StatusCode::CREATED);
    let withdrawal = &withdrawn["withdrawal"];
    assert_eq!(withdrawal["change"], "revoked");
    assert_eq!(withdrawal["reason"], "复议决定撤销：李*  ***".replace("  ", " "));
    assert_eq!(withdrawn["notice"], published["notice"]);
    assert_eq!(withdrawn["log_index"], published["log_index"]);
    assert_eq!(pending(&app, &reviewer.token)["to_withdraw"], json!([]));
    let entry: Value = serde_json::from_slice(&prove(&app, withdrawal["log_index"].as_u64().unwrap(), withdrawal["leaf"].as_str().unwrap())).unwrap();
    assert_eq!(entry["type"], "withdrawal");
    assert_eq!(entry["published_index"], published["log_index"]);

    // Still public, shown withdrawn; withdrawing twice changes nothing.
    let shown = expect_json(app.get(&format!("/api/v1/public/decisions/{id}")).send().unwrap(), StatusCode::OK);
    assert_eq!(shown, withdrawn);
    let listed = expect_json(app.get(&format!("/api/v1/public/decisions?org_id={}&since={}", office.township, published["log_index"])).send().unwrap(), StatusCode::OK);
    assert_eq!(listed, json!([withdrawn.clone()]));
    // The same page asked again is the page after the change, not the one kept before it.
    assert_eq!(expect_json(app.get(&whole).send().unwrap(), StatusCode::OK), json!([withdrawn.clone()]));
    let before = log_size(&app);
    expect_problem(withdraw(&reviewer.token), StatusCode::CONFLICT, "conflict");
    assert_eq!(log_size(&app), before);
});

/// A letter string from `seed`: markers no masking could produce by chance.
fn marker(seed: u64, len: usize) -> String {
    let mut state = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    (0..len)
        .map(|_| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            char::from(b'a' + ((state >> 33) % 26) as u8)
        })
        .collect()
}

/// A valid resident ID number (GB 11643 check digit) made of `seed`'s digits.
fn id_number(seed: u64) -> String {
    let body = format!("{:017}", 11010519000000000u64 + seed * 7919 % 99_999_999);
    ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "X"]
        .iter()
        .map(|check| format!("{body}{check}"))
        .find(|candidate| is_resident_id(candidate))
        .unwrap()
}

/// Any run of 17 digits and a digit or X standing alone (not inside a longer word).
fn id_shaped(text: &str) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    (0..chars.len().saturating_sub(17)).find_map(|start| {
        let window = &chars[start..start + 18];
        let shaped = window[..17].iter().all(char::is_ascii_digit)
            && matches!(window[17], '0'..='9' | 'X' | 'x');
        let candidate: String = window.iter().collect();
        let alone = |c: Option<&char>| c.is_none_or(|c| !c.is_ascii_alphanumeric());
        (shaped
            && alone(start.checked_sub(1).and_then(|i| chars.get(i)))
            && alone(chars.get(start + 18)))
        .then_some(candidate)
    })
}

both_backends!(fn nothing_personal_leaves_through_public_routes_or_log_leaves(app) {
    let office = office(&app);
    let reviewer = reviewer(&app, &office);
    // The unit publishes its other results too, so their notices are crawled as well.
    let rules = format!("/api/v1/orgs/{}/rules", office.township);
    let body = json!({"publicity": {"other_results": ["no_penalty", "inspection_result"]}});
    let response = app.request(custos_tests::reqwest::Method::PUT, &rules).bearer_auth(&office.admin).json(&body).send().unwrap();
    expect_json(response, StatusCode::OK);
    let mut secrets: Vec<String> = Vec::new();
    let mut ids = Vec::new();
    for n in 0..3u64 {
        let given = marker(n, 8);
        let name = format!("欧阳{given}");
        let number = id_number(n + 1);
        let phone_number = format!("139{:08}", 12_345_678 + n);
        let address = format!("addr-{}", marker(n + 100, 10));
        secrets.extend([name.clone(), given.clone(), number.clone(), phone_number.clone(), address.clone()]);
        let party = person(&name, &number, &phone_number, &address);
        let facts = format!("{name}，身份证{number}，电话{phone_number}，住{address}，另有证人身份证{}", id_number(n + 50));
        let case_id = format!("case-leak-{n}");
        let mut phone = Phone::new(1, &case_id);
        if n == 0 {
            enrol(&app, &office.admin, &phone, &office.township, &office.a.id);
        }
        let steps = decided_steps(&office, &party, &facts, 0);
        submit_all(&app, &office, &mut phone, &steps);
        let published = publish(&app, &reviewer.token, &case_id);
        ids.push(published["id"].as_str().unwrap().to_owned());
        // The same party's case ended without a penalty (不予处罚), its basis naming them all.
        let mut steps = decided_steps(&office, &party, &facts, 0);
        steps.truncate(3);
        steps.push(edited(step(RecordKind::CaseTerminated, 14, &office.a.id, &office.b.id), |body| {
            if let RecordBody::CaseTerminated(terminated) = body {
                terminated.basis = facts.clone();
            }
        }));
        let mut other = phone.on_case(&format!("case-leak-no-penalty-{n}"));
        submit_all(&app, &office, &mut other, &steps);
        let published = publish(&app, &reviewer.token, &format!("case-leak-no-penalty-{n}"));
        assert_eq!(published["notice"]["outcome"], "no_penalty", "{published}");
        ids.push(published["id"].as_str().unwrap().to_owned());
        if n == 2 {
            let changed = edited(step(RecordKind::DecisionChanged, 20, &office.a.id, &office.b.id), |body| {
                if let RecordBody::DecisionChanged(changed) = body {
                    changed.reason = format!("{name} {number} {phone_number} {address}");
                }
            });
            submit_all(&app, &office, &mut phone, &[changed]);
            let response = app.post(&format!("/api/v1/publications/{}/withdrawal", ids[4])).bearer_auth(&reviewer.token).send().unwrap();
            expect_json(response, StatusCode::CREATED);
        }
    }
    let check = |what: &str, text: &str| {
        for secret in &secrets {
            assert!(!text.contains(secret.as_str()), "{secret} in {what}: {text}");
        }
        assert_eq!(id_shaped(text), None, "an ID number in {what}: {text}");
    };
    // Every public route, leaves decoded: each route of the OpenAPI document under
    // /api/v1/public/ is crawled, so a new one cannot be missed.
    let draws = expect_json(app.get(&format!("/api/v1/public/draws?org_id={}", office.township)).send().unwrap(), StatusCode::OK);
    let crawled = [
        "/api/v1/public/decisions", "/api/v1/public/decisions/{id}",
        "/api/v1/public/orgs/{id}/officers", "/api/v1/public/orgs/{id}/benchmarks",
        "/api/v1/public/orgs/{id}/monitoring-devices", "/api/v1/public/orgs/{id}/feed.json",
        "/api/v1/public/orgs/{id}/statistics", "/api/v1/public/draws", "/api/v1/public/draws/{id}",
        "/api/v1/public/certificates/{number}",
    ];
    let document = expect_json(app.get("/api/v1/openapi.json").send().unwrap(), StatusCode::OK);
    for path in document["paths"].as_object().unwrap().keys().filter(|path| path.starts_with("/api/v1/public/")) {
        assert!(crawled.contains(&path.as_str()), "the leak crawl misses {path}");
    }
    let mut pages = vec![
        format!("/api/v1/public/decisions?org_id={}", office.township),
        format!("/api/v1/public/orgs/{}/officers", office.township),
        format!("/api/v1/public/orgs/{}/benchmarks", office.township),
        format!("/api/v1/public/orgs/{}/monitoring-devices", office.township),
        format!("/api/v1/public/orgs/{}/feed.json", office.township),
        format!("/api/v1/public/orgs/{}/statistics", office.township),
        format!("/api/v1/public/orgs/{}/statistics?year=2026", office.county),
        format!("/api/v1/public/draws?org_id={}", office.township),
    ];
    pages.extend(ids.iter().map(|id| format!("/api/v1/public/decisions/{id}")));
    pages.extend(draws.as_array().unwrap().iter().map(|draw| format!("/api/v1/public/draws/{}", draw["id"].as_str().unwrap())));
    pages.extend(["a", "b"].map(|who| format!("/api/v1/public/certificates/CERT-officer-{who}")));
    for path in &pages {
        let body = expect_json(app.get(path).send().unwrap(), StatusCode::OK);
        check(path, &body.to_string());
        let items = if body.is_array() { body.as_array().unwrap().clone() } else { vec![body.clone()] };
        for item in items {
            for leaf in [&item["leaf"], &item["withdrawal"]["leaf"]] {
                if let Some(leaf) = leaf.as_str() {
                    check(path, &String::from_utf8(STANDARD.decode(leaf).unwrap()).unwrap());
                }
            }
        }
    }
    // Every leaf of the log, as the root's admin reads them.
    let admin = app.admin_token();
    for index in 0..log_size(&app) {
        let response = app.get_as(&admin, &format!("/api/v1/log/entries/{index}"));
        assert_eq!(response.status(), StatusCode::OK, "entry {index}");
        check(&format!("leaf {index}"), &response.text().unwrap());
    }
});

both_backends!(fn bad_publicity_input_changes_nothing(app) {
    let office = office(&app);
    let reviewer = reviewer(&app, &office);
    let case_id = "case-publicity-undecided";
    let mut phone = office.phone_a(&app, case_id);
    let party = person("王五", "11010519491231002X", "13812345678", "某地");
    let steps = decided_steps(&office, &party, "facts", 0);
    submit_all(&app, &office, &mut phone, &steps[..4]);
    let before = log_size(&app);
    let post = |body: Value| app.post("/api/v1/publications").bearer_auth(&reviewer.token).json(&body).send().unwrap();
    expect_problem(post(json!({"case_id": case_id})), StatusCode::CONFLICT, "conflict");
    expect_problem(post(json!({"case_id": "no-such-case"})), StatusCode::NOT_FOUND, "not-found");
    expect_problem(post(json!({"case": case_id})), StatusCode::BAD_REQUEST, "invalid-json");
    assert_eq!(log_size(&app), before);
    submit_all(&app, &office, &mut phone, &steps[4..]);
    publish(&app, &reviewer.token, case_id);
    let before = log_size(&app);
    expect_problem(post(json!({"case_id": case_id})), StatusCode::CONFLICT, "conflict");
    assert_eq!(log_size(&app), before);
    // An unknown masking rule, or a misspelt member, is refused and nothing is set.
    let rules = format!("/api/v1/orgs/{}/rules", office.township);
    let put = |body: Value| app.request(custos_tests::reqwest::Method::PUT, &rules).bearer_auth(&office.admin).json(&body).send().unwrap();
    let problem = expect_problem(put(json!({"publicity": {"masking": {"person_name": "initials"}}})), StatusCode::UNPROCESSABLE_ENTITY, "invalid-input");
    assert!(problem["detail"].as_str().unwrap().contains("initials"), "{problem}");
    expect_problem(put(json!({"publicity": {"masking": {"id_numbers": "hidden"}}})), StatusCode::UNPROCESSABLE_ENTITY, "invalid-input");
    expect_problem(put(json!({"publicity": {"statistics_due": "02-30"}})), StatusCode::UNPROCESSABLE_ENTITY, "invalid-input");
    assert_eq!(log_size(&app), before);
    let config = expect_json(app.get_as(&office.admin, &rules), StatusCode::OK);
    assert_eq!(config["config"]["publicity"]["masking"]["person_name"], "surname", "{config}");
});

both_backends!(fn a_units_officers_and_benchmarks_are_public(app) {
    let office = office(&app);
    let officers = expect_json(app.get(&format!("/api/v1/public/orgs/{}/officers", office.township)).send().unwrap(), StatusCode::OK);
    let numbers: Vec<&str> = officers["certificates"].as_array().unwrap().iter().map(|c| c["number"].as_str().unwrap()).collect();
    assert_eq!(numbers, ["CERT-officer-a", "CERT-officer-b"], "{officers}");
    assert_eq!(officers["certificates"][0]["status"], "valid");
    assert_eq!(officers["certificates"][0]["domains"], json!([DOMAIN]));
    // The county's benchmarks apply to the township; each version stays published.
    let rules = format!("/api/v1/orgs/{}/rules", office.county);
    for max in [400_000, 300_000] {
        let body = json!({
            "discretion_benchmarks": [{"id": "food-124", "min_fine_fen": 50_000, "max_fine_fen": max}],
            "publicity": {"powers": ["食品安全行政处罚"]},
        });
        let response = app.request(custos_tests::reqwest::Method::PUT, &rules).bearer_auth(&office.admin).json(&body).send().unwrap();
        expect_json(response, StatusCode::OK);
    }
    let published = expect_json(app.get(&format!("/api/v1/public/orgs/{}/benchmarks", office.township)).send().unwrap(), StatusCode::OK);
    assert_eq!(published["discretion_benchmarks"][0]["max_fine_fen"], 300_000, "{published}");
    assert_eq!(published["powers"], json!(["食品安全行政处罚"]));
    let history: Vec<i64> = published["history"].as_array().unwrap().iter().map(|v| v["discretion_benchmarks"][0]["max_fine_fen"].as_i64().unwrap()).collect();
    assert_eq!(history, [400_000, 300_000], "{published}");
    assert_eq!(published["history"][0]["org_id"], office.county);
    let unknown = app.get("/api/v1/public/orgs/01900000-0000-7000-8000-000000000000/benchmarks").send().unwrap();
    expect_problem(unknown, StatusCode::NOT_FOUND, "not-found");
});
