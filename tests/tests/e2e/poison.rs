//! Poison: values that would make a log entry custos cannot hold are refused where they
//! enter, an upload stored with one before that ends in quarantine with its reason instead
//! of a permanent error, and a sweep item that keeps failing holds up none of the others.

use custos_api::auth::Role;
use custos_api::db;
use custos_api::evidence::tus::{MAX_ID_BYTES, MAX_TEXT_BYTES, MAX_TIME_US};
use custos_core::digest::sha256;
use custos_tests::reqwest::StatusCode;
use custos_tests::serde_json::Value;
use custos_tests::tus::{Uploader, content, declaring, header, metadata};
use custos_tests::{TestApp, both_backends, expect_json, expect_problem};
use diesel::prelude::*;

fn officer(app: &TestApp) -> Uploader<'_> {
    Uploader::new(app, "officer", Role::Officer, &app.root_org_id)
}

fn upload_id(path: &str) -> String {
    path.rsplit('/').next().unwrap().to_owned()
}

/// The custody entries (leaf JSON) of an upload, in log order.
fn upload_events(app: &TestApp, upload_id: &str) -> Vec<Value> {
    let upload_id = upload_id.to_owned();
    app.db(move |conn| {
        db::custody::for_upload(conn, &upload_id)
            .unwrap()
            .into_iter()
            .map(|row| {
                let (_, leaf) = db::log::entry(conn, row.log_index as u64).unwrap().unwrap();
                serde_json::from_slice(&leaf).unwrap()
            })
            .collect()
    })
}

/// Runs `change` on the `uploads` row of `id`, as a row written by an earlier version or
/// left by a crash would be.
fn alter_upload(
    app: &TestApp,
    id: &str,
    change: impl FnOnce(&mut db::DbConnection, &str) -> QueryResult<usize> + Send + 'static,
) {
    let id = id.to_owned();
    app.db(move |conn| assert_eq!(change(conn, &id).unwrap(), 1));
}

both_backends!(fn metadata_a_log_entry_cannot_hold_is_refused_at_creation(app) {
    let uploader = officer(&app);
    let bytes = content(40, 16);
    let digest = sha256(&bytes).to_hex();
    let last = MAX_TIME_US.to_string();
    let past = (MAX_TIME_US + 1).to_string();
    let beyond_json = (1i64 << 53).to_string();
    let longest_name = "现".repeat(MAX_TEXT_BYTES / 3) + "a";
    let longest_id = "c".repeat(MAX_ID_BYTES);
    // At its limit each value is taken and logged as sent.
    for (key, value) in [
        ("captured_at_us", last.as_str()),
        ("device_clock_us", last.as_str()),
        ("captured_at_us", "0"),
        ("filename", longest_name.as_str()),
        ("content_type", &"t".repeat(MAX_TEXT_BYTES)),
        ("case", longest_id.as_str()),
    ] {
        let response = uploader.upload(&bytes, &metadata(&[("sha256", &digest), (key, value)]), 16);
        assert_eq!(response.status(), StatusCode::NO_CONTENT, "{key}: {:?}", response.text());
    }
    // One past it, or anything a log entry cannot hold, is a 400 naming the key, before any
    // byte is sent.
    for (key, value) in [
        ("captured_at_us", past.as_str()),
        ("device_clock_us", past.as_str()),
        ("captured_at_us", beyond_json.as_str()),
        ("device_clock_us", "9223372036854775807"),
        ("captured_at_us", "99999999999999999999"),
        ("captured_at_us", "-1"),
        ("filename", &(longest_name.clone() + "a")),
        ("content_type", &"t".repeat(MAX_TEXT_BYTES + 1)),
        ("case", &(longest_id.clone() + "c")),
        ("device", "not/an/id"),
        ("sha256", &digest.to_uppercase()),
        ("sha256", &digest[1..]),
    ] {
        let pairs = if key == "sha256" {
            metadata(&[(key, value)])
        } else {
            metadata(&[("sha256", &digest), (key, value)])
        };
        let response = uploader.create(16, &pairs);
        let body = expect_problem(response, StatusCode::BAD_REQUEST, "invalid-header");
        assert!(body["detail"].as_str().unwrap().contains(key), "{key}: {body}");
    }
    // Upload-Length past what a log entry holds is refused as too large.
    let response = uploader.create(1 << 53, &declaring(&bytes));
    expect_problem(response, StatusCode::PAYLOAD_TOO_LARGE, "payload-too-large");
});

both_backends!(fn an_upload_stored_with_a_time_the_log_cannot_hold_ends_quarantined(app) {
    // Before creation checked times, a capture time of i64::MAX was stored and every finish
    // of the upload answered 500. Such a row must now end as a quarantined item with its
    // reason, told to the client on PATCH and HEAD.
    let uploader = officer(&app);
    let bytes = content(41, 3000);
    let path = uploader.create_ok(3000, &declaring(&bytes));
    let id = upload_id(&path);
    alter_upload(&app, &id, |conn, row| {
        use custos_api::db::schema::uploads::dsl::*;
        diesel::update(uploads.find(row)).set(captured_at_us.eq(i64::MAX)).execute(conn)
    });
    assert_eq!(uploader.patch(&path, 0, &bytes[..1000]).status(), StatusCode::NO_CONTENT);
    let response = uploader.patch(&path, 1000, &bytes[1000..]);
    assert_eq!(header(&response, "upload-offset"), "3000");
    let evidence_id = header(&response, "custos-evidence-id");
    let body = expect_problem(response, StatusCode::UNPROCESSABLE_ENTITY, "metadata-refused");
    let detail = body["detail"].as_str().unwrap();
    assert!(detail.contains("captured_at_us") && detail.contains(&evidence_id), "{body}");

    // Asking again, as a client that lost the answer would, gets the same answer.
    let again = uploader.patch(&path, 3000, &[]);
    assert_eq!(header(&again, "custos-evidence-id"), evidence_id);
    expect_problem(again, StatusCode::UNPROCESSABLE_ENTITY, "metadata-refused");
    let head = uploader.head(&path);
    assert_eq!(head.status(), StatusCode::OK);
    assert_eq!(header(&head, "upload-offset"), "3000");
    assert_eq!(header(&head, "custos-evidence-id"), evidence_id);

    let item = expect_json(
        app.get_as(&uploader.token, &format!("/api/v1/evidence/{evidence_id}")),
        StatusCode::OK,
    );
    assert_eq!(item["status"], "quarantined", "{item}");
    assert_eq!(item["sha256"], sha256(&bytes).to_hex());
    assert_eq!(item["captured_at_us"], Value::Null, "{item}");
    let events = upload_events(&app, &id);
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!(events[0]["event"], "metadata_refused");
    assert_eq!(events[0]["refused"], "captured_at_us");
    assert_eq!(events[0]["evidence"], evidence_id.as_str());
    assert!(events[0].get("captured_at_us").is_none(), "{:?}", events[0]);
});

both_backends!(fn a_finishing_upload_stuck_on_an_unloggable_time_is_told_on_the_next_patch(app) {
    // The state such an upload was left in: every byte in, `finishing`, no item.
    let uploader = officer(&app);
    let bytes = content(42, 500);
    let path = uploader.create_ok(500, &declaring(&bytes));
    let id = upload_id(&path);
    alter_upload(&app, &id, |conn, row| {
        use custos_api::db::schema::uploads::dsl::*;
        diesel::update(uploads.find(row)).set(device_clock_us.eq(1i64 << 53)).execute(conn)
    });
    let response = uploader.patch(&path, 0, &bytes);
    let evidence_id = header(&response, "custos-evidence-id");
    let body = expect_problem(response, StatusCode::UNPROCESSABLE_ENTITY, "metadata-refused");
    assert!(body["detail"].as_str().unwrap().contains("device_clock_us"), "{body}");
    let item = app.db(move |conn| db::evidence::find(conn, &evidence_id).unwrap().unwrap());
    assert_eq!(item.status, "quarantined");
    assert_eq!(item.device_clock_us, None);
    assert_eq!(item.clock_skew_us, None);
});

/// Polls `done` every 20 ms for up to a minute (a loaded machine runs the sweep late).
fn eventually(what: &str, mut done: impl FnMut() -> bool) {
    for _ in 0..3000 {
        if done() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    panic!("{what} did not happen");
}

both_backends!(
    fn a_failing_sweep_item_holds_up_no_other_work(backend: Backend) {
        // It plants files where the local store keeps staged bytes.
        let Some(app) = TestApp::builder(backend)
            .local_blobs()
            .config(|config| config.evidence.sweep_interval_ms = 20)
            .start()
        else {
            return;
        };
        let uploader = officer(&app);
        let staging = |id: &str| app.data_dir.join("blobs/uploads").join(id);
        // A stalled upload whose staged bytes are short of its length, so that finishing
        // it fails on every try, and one that a crash left `finishing` with all its bytes.
        let stalled = |seed: u8, staged: usize| {
            let bytes = content(seed, 2000);
            let path = uploader.create_ok(2000, &declaring(&bytes));
            let id = upload_id(&path);
            std::fs::create_dir_all(app.data_dir.join("blobs/uploads")).unwrap();
            std::fs::write(staging(&id), &bytes[..staged]).unwrap();
            let digest = sha256(&bytes).to_hex();
            alter_upload(&app, &id, move |conn, row| {
                use custos_api::db::schema::uploads::dsl::*;
                diesel::update(uploads.find(row))
                    .set((
                        status.eq("finishing"),
                        upload_offset.eq(2000),
                        computed_sha256.eq(digest),
                        updated_at_us.eq(0),
                    ))
                    .execute(conn)
            });
            (id, bytes)
        };
        let (poisoned, poisoned_bytes) = stalled(43, 1000);
        let (healthy, _) = stalled(44, 2000);

        // Staged bytes a stopped node left behind after finishing an upload.
        let leftover_path = uploader.create_ok(10, &declaring(&content(45, 10)));
        let leftover = upload_id(&leftover_path);
        let response = uploader.patch(&leftover_path, 0, &content(45, 10));
        assert_eq!(response.status(), StatusCode::NO_CONTENT);
        // The answer leaves before its staged bytes are removed and the row's flag cleared:
        // wait for both, or the late clear would hide the leftover made below from the sweep.
        let flagged = |id: &str| {
            let id = id.to_owned();
            app.db(move |conn| {
                db::uploads::find_unscoped(conn, &id)
                    .unwrap()
                    .unwrap()
                    .staging_present
            })
        };
        eventually("the first removal", || {
            !staging(&leftover).exists() && !flagged(&leftover)
        });
        std::fs::write(staging(&leftover), b"left").unwrap();
        alter_upload(&app, &leftover, |conn, row| {
            use custos_api::db::schema::uploads::dsl::*;
            diesel::update(uploads.find(row))
                .set(staging_present.eq(true))
                .execute(conn)
        });

        // A disposal a stopped node left pending.
        let disposed_bytes = content(46, 300);
        let response = uploader.upload(&disposed_bytes, &declaring(&disposed_bytes), 300);
        let disposed = header(&response, "custos-evidence-id");
        let hex = sha256(&disposed_bytes).to_hex();
        let key = format!("sha256/{}/{}/{hex}", &hex[..2], &hex[2..4]);
        let blob = app.data_dir.join("blobs").join(&key);
        app.db(move |conn| {
            assert!(db::evidence::set_disposed(conn, &disposed).unwrap());
            db::evidence::queue_disposal(conn, &disposed, &key, 1).unwrap();
        });

        let status_of = |id: &str| {
            let id = id.to_owned();
            app.db(move |conn| {
                db::uploads::find_unscoped(conn, &id)
                    .unwrap()
                    .unwrap()
                    .status
            })
        };
        eventually("the healthy stalled upload finishing", || {
            status_of(&healthy) == "completed"
        });
        eventually("the leftover staged bytes going", || {
            !staging(&leftover).exists()
        });
        eventually("the pending disposal settling", || !blob.exists());
        let metric = |app: &TestApp| -> u64 {
            let text = app.get("/metrics").send().unwrap().text().unwrap();
            let node = &app.state().config.node.name;
            let series =
                format!("custos_evidence_sweep_failures_total{{work=\"finish\",node=\"{node}\"}}");
            text.lines()
                .find(|line| line.starts_with(&series))
                .and_then(|line| line.rsplit(' ').next()?.parse().ok())
                .unwrap_or(0)
        };
        eventually("the failure counted", || metric(&app) >= 1);
        assert_eq!(status_of(&poisoned), "finishing");

        // Once its bytes are back, a later retry finishes the poisoned upload too.
        std::fs::write(staging(&poisoned), &poisoned_bytes).unwrap();
        eventually("the repaired upload finishing", || {
            status_of(&poisoned) == "completed"
        });
    }
);
