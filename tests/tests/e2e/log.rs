//! The transparency log over HTTP: signed checkpoints, proofs that verify with custos-core
//! against a log rebuilt independently from the entries, admin entries, concurrent appends
//! from several server nodes, batched appends, and append-only storage.

use custos_api::auth::Role;
use custos_api::db::{self, DbConnection};
use custos_api::log::entry::AppendAdmin;
use custos_api::log::{self as translog, AdminEntry};
use custos_core::checkpoint::Checkpoint;
use custos_core::digest::Sha256Digest;
use custos_core::merkle::{HashStore, MemoryLog, leaf_hash, verify_consistency, verify_inclusion};
use custos_tests::reqwest::StatusCode;
use custos_tests::serde_json::Value;
use custos_tests::{TestApp, both_backends, expect_json, expect_problem};
use diesel::connection::SimpleConnection;

/// Opens the served checkpoint with the served verifier key.
pub fn checkpoint(app: &TestApp) -> Checkpoint {
    let verifier = app.log_verifier();
    let response = app.get("/api/v1/log/checkpoint").send().unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain")
    );
    let (checkpoint, _) = Checkpoint::open(response.text().unwrap(), &[verifier]).unwrap();
    assert_eq!(checkpoint.origin, app.state().config.log_origin);
    checkpoint
}

/// Every leaf, fetched one by one, rebuilt into an in-memory log.
pub fn rebuild(app: &TestApp, token: &str, size: u64) -> (MemoryLog, Vec<Value>) {
    let mut log = MemoryLog::new();
    let mut entries = Vec::new();
    for index in 0..size {
        let response = app.get_as(token, &format!("/api/v1/log/entries/{index}"));
        assert_eq!(response.status(), StatusCode::OK);
        let bytes = response.bytes().unwrap();
        log.append(&bytes);
        entries.push(serde_json::from_slice(&bytes).unwrap());
    }
    (log, entries)
}

pub fn hashes(body: &Value) -> Vec<Sha256Digest> {
    body["hashes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|hash| Sha256Digest::from_base64(hash.as_str().unwrap()).unwrap())
        .collect()
}

both_backends!(fn init_is_logged_as_admin_entries(app) {
    let checkpoint = checkpoint(&app);
    assert_eq!(checkpoint.size, 2);
    let (log, entries) = rebuild(&app, &app.admin_token(), 2);
    assert_eq!(log.root(), checkpoint.root_hash);
    assert_eq!(entries[0]["type"], "admin");
    assert_eq!(entries[0]["action"], "org.create");
    assert_eq!(entries[0]["actor"], Value::Null);
    assert_eq!(entries[0]["subject"], app.root_org_id);
    assert_eq!(entries[1]["action"], "user.create");
    assert_eq!(entries[1]["subject"], app.admin_id);
    assert_eq!(entries[1]["role"], "admin");
    // Usernames are personal data and stay out of the log.
    let officer = app.add_user("officer.zhang", "officer password", Role::Officer, &app.root_org_id);
    let (_, entries) = rebuild(&app, &app.admin_token(), 3);
    assert_eq!(entries[2]["subject"], officer);
    assert_eq!(entries[2]["role"], "officer");
    assert!(!entries[2].to_string().contains("zhang"), "{}", entries[2]);
});

both_backends!(fn proofs_verify_for_every_index_and_size(app) {
    for n in 0..6 {
        app.add_user(&format!("officer.{n}"), "officer password", Role::Officer, &app.root_org_id);
    }
    let size = checkpoint(&app).size;
    assert_eq!(size, 8);
    let (log, _) = rebuild(&app, &app.admin_token(), size);
    for n in 1..=size {
        let root = log.root_at(n).unwrap();
        for index in 0..n {
            let body = expect_json(
                app.get(&format!("/api/v1/log/proof/inclusion?index={index}&size={n}")).send().unwrap(),
                StatusCode::OK,
            );
            assert_eq!((body["index"].as_u64(), body["size"].as_u64()), (Some(index), Some(n)));
            verify_inclusion(index, n, &log.leaf_hash(index).unwrap(), &hashes(&body), &root)
                .unwrap_or_else(|error| panic!("inclusion {index} in {n}: {error}"));
        }
        for m in 1..=n {
            let body = expect_json(
                app.get(&format!("/api/v1/log/proof/consistency?from={m}&to={n}")).send().unwrap(),
                StatusCode::OK,
            );
            assert_eq!((body["from"].as_u64(), body["to"].as_u64()), (Some(m), Some(n)));
            verify_consistency(m, n, &log.root_at(m).unwrap(), &root, &hashes(&body))
                .unwrap_or_else(|error| panic!("consistency {m} to {n}: {error}"));
        }
    }
    // A proof for a different leaf must not verify (the check above can fail).
    let body = expect_json(app.get("/api/v1/log/proof/inclusion?index=0&size=8").send().unwrap(), StatusCode::OK);
    assert!(verify_inclusion(0, 8, &leaf_hash(b"{}"), &hashes(&body), &log.root()).is_err());
});

/// (query, status, problem slug) for the proof routes.
fn check(app: &TestApp, query: &str, status: StatusCode, slug: &str) {
    let response = app
        .get(&format!("/api/v1/log/proof/{query}"))
        .send()
        .unwrap();
    expect_problem(response, status, slug);
}

both_backends!(fn impossible_proof_requests_are_4xx(app) {
    let cases = [
        ("inclusion?index=0&size=3", StatusCode::UNPROCESSABLE_ENTITY, "invalid-input"),
        ("inclusion?index=2&size=2", StatusCode::UNPROCESSABLE_ENTITY, "invalid-input"),
        ("inclusion?index=0&size=0", StatusCode::UNPROCESSABLE_ENTITY, "invalid-input"),
        ("inclusion?index=-1&size=2", StatusCode::BAD_REQUEST, "invalid-query"),
        ("inclusion?index=x&size=2", StatusCode::BAD_REQUEST, "invalid-query"),
        ("inclusion?index=0", StatusCode::BAD_REQUEST, "invalid-query"),
        ("inclusion?index=0&size=2&extra=1", StatusCode::BAD_REQUEST, "invalid-query"),
        ("inclusion?index=0&size=18446744073709551615", StatusCode::UNPROCESSABLE_ENTITY, "invalid-input"),
        ("consistency?from=0&to=2", StatusCode::UNPROCESSABLE_ENTITY, "invalid-input"),
        ("consistency?from=2&to=1", StatusCode::UNPROCESSABLE_ENTITY, "invalid-input"),
        ("consistency?from=1&to=3", StatusCode::UNPROCESSABLE_ENTITY, "invalid-input"),
        ("consistency?from=1&to=99999999999999999999", StatusCode::BAD_REQUEST, "invalid-query"),
    ];
    for (query, status, slug) in cases {
        check(&app, query, status, slug);
    }
});

both_backends!(fn entries_need_a_reader_and_an_existing_index(app) {
    // Entry 0 (an admin entry) is not public: without a token it is as absent as entry 2.
    expect_problem(app.get("/api/v1/log/entries/0").send().unwrap(), StatusCode::NOT_FOUND, "not-found");
    expect_problem(app.get("/api/v1/log/entries/2").send().unwrap(), StatusCode::NOT_FOUND, "not-found");
    let token = app.admin_token();
    expect_problem(app.get_as(&token, "/api/v1/log/entries/2"), StatusCode::NOT_FOUND, "not-found");
    expect_problem(app.get_as(&token, "/api/v1/log/entries/-1"), StatusCode::BAD_REQUEST, "invalid-path");
    expect_problem(app.get_as(&token, "/api/v1/log/entries/one"), StatusCode::BAD_REQUEST, "invalid-path");
});

both_backends!(fn concurrent_appends_from_two_nodes_stay_one_log(app) {
    // A second node: its own pool on the same database, as a second server process has.
    let second_node = db::connect(&app.state().config.database, None).unwrap();
    let pools = [app.state().pool.clone(), second_node];
    // Entries of a unit the admin's scope covers, so it reads them back.
    let org = &app.root_org_id;
    const WRITERS_PER_NODE: usize = 3;
    const APPENDS_PER_WRITER: usize = 10;
    std::thread::scope(|scope| {
        for (node, pool) in pools.iter().enumerate() {
            for writer in 0..WRITERS_PER_NODE {
                scope.spawn(move || {
                    let mut conn = pool.get().unwrap();
                    for n in 0..APPENDS_PER_WRITER {
                        let entry = AdminEntry {
                            action: "test.append".into(),
                            actor: None,
                            subject: format!("node{node}-writer{writer}-{n}"),
                            org: org.clone(),
                            role: None,
                            at_us: custos_api::clock::now_us(),
                        };
                        db::write_transaction(&mut conn, |conn| entry.append(conn)).unwrap();
                    }
                });
            }
        }
    });
    let expected = 2 + 2 * WRITERS_PER_NODE * APPENDS_PER_WRITER;
    let checkpoint = checkpoint(&app);
    assert_eq!(checkpoint.size, expected as u64);
    let (log, entries) = rebuild(&app, &app.admin_token(), checkpoint.size);
    assert_eq!(log.root(), checkpoint.root_hash);
    let mut subjects: Vec<&str> = entries.iter().filter_map(|e| e["subject"].as_str()).collect();
    subjects.sort();
    subjects.dedup();
    assert_eq!(subjects.len(), expected, "every append is there exactly once");
    // The stored hashes agree with the rebuilt log at every size.
    app.db(|conn| {
        for size in 1..=checkpoint.size {
            assert_eq!(translog::root_at(conn, size).unwrap(), log.root_at(size).unwrap(), "size {size}");
        }
    });
});

both_backends!(fn log_rows_are_append_only(app) {
    let attempts = [
        "UPDATE log_entries SET entry_type = 'forged' WHERE idx = 0",
        "DELETE FROM log_entries WHERE idx = 1",
        "UPDATE log_hashes SET idx = idx WHERE idx = 0",
        "DELETE FROM log_hashes",
    ];
    for statement in attempts {
        let result = app.db(|conn: &mut DbConnection| conn.batch_execute(statement));
        let error = result.expect_err(statement).to_string();
        assert!(error.contains("append-only"), "{statement}: {error}");
    }
    let (log, _) = rebuild(&app, &app.admin_token(), 2);
    assert_eq!(log.root(), checkpoint(&app).root_hash);
});

both_backends!(
    fn checkpoint_of_an_empty_log_is_the_empty_root(backend: Backend) {
        let Some(app) = TestApp::builder(backend).uninitialised().start() else {
            return;
        };
        let checkpoint = checkpoint(&app);
        assert_eq!(checkpoint.size, 0);
        assert_eq!(checkpoint.root_hash, custos_core::merkle::EMPTY_TREE_ROOT);
    }
);

both_backends!(fn appends_outside_a_transaction_are_refused(app) {
    let entry = AdminEntry {
        action: "test.append".into(),
        actor: None,
        subject: "s".to_owned(),
        org: "o".to_owned(),
        role: None,
        at_us: 1,
    };
    let result = app.db(|conn| entry.append(conn));
    assert!(matches!(result, Err(translog::AppendError::NotInTransaction)), "{result:?}");
    assert_eq!(checkpoint(&app).size, 2);
});

both_backends!(fn batched_appends_store_the_hashes_of_one_leaf_at_a_time(app) {
    // Batches of every size from 1 to 12 and two larger ones, so batches start and end at
    // every alignment of the tree and complete subtrees that span several batches.
    let sizes: Vec<usize> = (1..=12).chain([31, 64]).collect();
    let mut expected = MemoryLog::new();
    let (existing, _) = rebuild(&app, &app.admin_token(), checkpoint(&app).size);
    for index in 0..existing.size() {
        expected.append_leaf_hash(existing.leaf_hash(index).unwrap());
    }
    let mut next = 0;
    for size in sizes {
        let leaves: Vec<(&str, Vec<u8>)> = (0..size)
            .map(|_| {
                next += 1;
                ("admin", format!("{{\"batch\":{size},\"n\":{next}}}").into_bytes())
            })
            .collect();
        let range = app.db(|conn| {
            db::write_transaction(conn, |conn| translog::append_leaves(conn, &leaves, 1))
        }).unwrap();
        assert_eq!(range, expected.size()..expected.size() + size as u64);
        for (_, leaf) in &leaves {
            expected.append(leaf);
        }
    }
    let stored = expected.stored_hashes();
    let indexes: Vec<u64> = (0..stored.len() as u64).collect();
    app.db(|conn| {
        let rows = db::log::DbHashStore::new(conn).read_hashes(&indexes).unwrap();
        assert_eq!(rows, stored, "stored hashes");
        for size in 1..=expected.size() {
            assert_eq!(translog::root_at(conn, size).unwrap(), expected.root_at(size).unwrap(), "size {size}");
        }
    });
    assert_eq!(checkpoint(&app).root_hash, expected.root());
});
