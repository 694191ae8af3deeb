//! tus 1.0.0 uploads over HTTP: protocol conformance, the checksum extension, digest
//! verification and quarantine, deduplication, termination, expiry, roles and scope, on the
//! local disk and on an object store.

use custos_api::auth::Role;
use custos_api::config::BlobLocation;
use custos_api::db;
use custos_core::digest::sha256;
use custos_tests::reqwest::{Method, StatusCode};
use custos_tests::serde_json::Value;
use custos_tests::tus::{Uploader, content, declaring, header, location, metadata, sweeping_app};
use custos_tests::{TestApp, both_backends, expect_problem};

fn officer(app: &TestApp) -> Uploader<'_> {
    Uploader::new(app, "officer", Role::Officer, &app.root_org_id)
}

/// The log entries (leaf JSON) recorded for an upload, in log order.
fn upload_events(app: &TestApp, upload_id: &str) -> Vec<Value> {
    let upload_id = upload_id.to_owned();
    app.db(move |conn| {
        db::custody::for_upload(conn, &upload_id)
            .unwrap()
            .into_iter()
            .map(|row| {
                let (entry_type, leaf) =
                    db::log::entry(conn, row.log_index as u64).unwrap().unwrap();
                assert_eq!(entry_type, "custody");
                serde_json::from_slice(&leaf).unwrap()
            })
            .collect()
    })
}

fn upload_id(path: &str) -> &str {
    path.rsplit('/').next().unwrap()
}

both_backends!(fn options_discovers_the_protocol(app) {
    let response = app.request(Method::OPTIONS, "/api/v1/uploads").send().unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(header(&response, "tus-resumable"), "1.0.0");
    assert_eq!(header(&response, "tus-version"), "1.0.0");
    let extensions = header(&response, "tus-extension");
    for extension in ["creation", "creation-with-upload", "termination", "expiration", "checksum"] {
        assert!(extensions.split(',').any(|e| e == extension), "{extensions}");
    }
    assert_eq!(header(&response, "tus-checksum-algorithm"), "sha256");
    assert_eq!(
        header(&response, "tus-max-size"),
        app.state().config.evidence.upload_max_bytes.to_string()
    );
});

/// Uploads `bytes` in `chunk`-sized PATCHes with HEAD between, and checks the item.
fn check_upload(app: &TestApp, uploader: &Uploader, bytes: &[u8], chunk: usize) -> String {
    let path = uploader.create_ok(bytes.len() as u64, &declaring(bytes));
    let head = uploader.head(&path);
    assert_eq!(head.status(), StatusCode::OK);
    assert_eq!(header(&head, "upload-offset"), "0");
    assert_eq!(header(&head, "upload-length"), bytes.len().to_string());
    assert_eq!(header(&head, "cache-control"), "no-store");
    assert!(head.headers().contains_key("upload-expires"));
    let mut offset = 0;
    let mut last = None;
    while offset < bytes.len() {
        let end = (offset + chunk).min(bytes.len());
        let response = uploader.patch(&path, offset as u64, &bytes[offset..end]);
        assert_eq!(
            response.status(),
            StatusCode::NO_CONTENT,
            "{:?}",
            response.text()
        );
        assert_eq!(header(&response, "upload-offset"), end.to_string());
        assert_eq!(header(&response, "tus-resumable"), "1.0.0");
        offset = end;
        if offset < bytes.len() {
            assert_eq!(uploader.offset(&path), offset as u64);
        }
        last = Some(response);
    }
    let evidence_id = header(last.as_ref().unwrap(), "custos-evidence-id");
    let head = uploader.head(&path);
    assert_eq!(header(&head, "upload-offset"), bytes.len().to_string());
    assert_eq!(header(&head, "custos-evidence-id"), evidence_id);
    let item = app.db({
        let id = evidence_id.clone();
        move |conn| db::evidence::find(conn, &id).unwrap().unwrap()
    });
    assert_eq!(item.sha256, sha256(bytes).to_hex());
    assert_eq!(item.status, "verified");
    assert_eq!(item.size, bytes.len() as i64);
    assert_eq!(item.officer_id, uploader.user_id);
    let events = upload_events(app, upload_id(&path));
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!(events[0]["type"], "custody");
    assert_eq!(events[0]["event"], "received");
    assert_eq!(events[0]["evidence"], evidence_id.as_str());
    assert_eq!(events[0]["sha256"], sha256(bytes).to_hex());
    assert_eq!(events[0]["size"], bytes.len());
    evidence_id
}

both_backends!(fn uploads_in_pieces_become_verified_items(app) {
    let uploader = officer(&app);
    for (seed, len, chunk) in [(1, 1, 1), (2, 1000, 333), (3, 200_000, 65_536), (4, 3 << 20, 1 << 20)] {
        let bytes = content(seed, len);
        let evidence_id = check_upload(&app, &uploader, &bytes, chunk);
        let hex = sha256(&bytes).to_hex();
        let stored = app.blob(&format!("sha256/{}/{}/{hex}", &hex[..2], &hex[2..4]));
        assert_eq!(stored.unwrap(), bytes, "{evidence_id}");
    }
    // Nothing is left staged, once the removal that follows each answer is done.
    let staged = || app.blob_keys("uploads").len();
    for _ in 0..500 {
        if staged() == 0 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    assert_eq!(staged(), 0);
});

both_backends!(
    fn bytes_a_machine_crash_took_back_are_resent_not_padded(backend: Backend) {
        // Requests before the last leave their bytes in the page cache; a power loss can take
        // some back while the database kept the offset. HEAD must report what is on the disk,
        // a PATCH at the lost offset must be refused, and the resumed upload must verify. (An
        // object store acknowledges only what it keeps: this is the local disk's own case.)
        let Some(app) = TestApp::builder(backend).local_blobs().start() else {
            return;
        };
        let uploader = officer(&app);
        let bytes = content(11, 300_000);
        let path = uploader.create_ok(bytes.len() as u64, &declaring(&bytes));
        assert_eq!(
            uploader.patch(&path, 0, &bytes[..200_000]).status(),
            StatusCode::NO_CONTENT
        );
        let staged = app.data_dir.join("blobs/uploads").join(upload_id(&path));
        std::fs::OpenOptions::new()
            .write(true)
            .open(&staged)
            .unwrap()
            .set_len(123_457)
            .unwrap();

        let refused = uploader.patch(&path, 200_000, &bytes[200_000..]);
        expect_problem(refused, StatusCode::CONFLICT, "conflict");
        assert_eq!(
            std::fs::metadata(&staged).unwrap().len(),
            123_457,
            "nothing padded"
        );
        assert_eq!(uploader.offset(&path), 123_457);
        let response = uploader.patch(&path, 123_457, &bytes[123_457..]);
        assert_eq!(
            response.status(),
            StatusCode::NO_CONTENT,
            "{:?}",
            response.text()
        );
        let evidence_id = header(&response, "custos-evidence-id");
        let item = app.db(move |conn| db::evidence::find(conn, &evidence_id).unwrap().unwrap());
        assert_eq!(
            (item.status.as_str(), item.sha256),
            ("verified", sha256(&bytes).to_hex())
        );
    }
);

both_backends!(fn back_to_back_patches_find_the_upload_unlocked(app) {
    // A request's answer leaves only once its writer has let go of the upload, so the next
    // request, sent the moment the answer arrives, is never refused with 423.
    let uploader = officer(&app);
    let bytes = content(9, 200 * 50);
    let path = uploader.create_ok(bytes.len() as u64, &declaring(&bytes));
    for (n, piece) in bytes.chunks(50).enumerate() {
        let response = uploader.patch(&path, (n * 50) as u64, piece);
        assert_eq!(response.status(), StatusCode::NO_CONTENT, "PATCH {n}: {:?}", response.text());
    }
});

both_backends!(
    fn object_store_uploads_verify_too(backend: Backend) {
        // The in-memory store, or the real S3 server the test command started.
        let Some(app) = TestApp::builder(backend)
            .config(|config| {
                if !matches!(config.blob, BlobLocation::S3 { .. }) {
                    config.blob = BlobLocation::Memory;
                }
            })
            .start()
        else {
            return;
        };
        let uploader = officer(&app);
        let bytes = content(7, 6 << 20);
        check_upload(&app, &uploader, &bytes, 2 << 20);
        check_upload(&app, &uploader, &content(8, 10), 3);
        // One request far longer than a multipart part, written from the ingest thread.
        check_upload(&app, &uploader, &content(9, 12 << 20), 12 << 20);
    }
);

both_backends!(fn creation_with_upload_and_empty_files(app) {
    let uploader = officer(&app);
    let bytes = content(9, 5000);
    let response = uploader
        .request(Method::POST, "/api/v1/uploads")
        .header("Upload-Length", "5000")
        .header("Upload-Metadata", declaring(&bytes))
        .header("Content-Type", "application/offset+octet-stream")
        .body(bytes[..1200].to_vec())
        .send()
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    assert_eq!(header(&response, "upload-offset"), "1200");
    let path = location(&response);
    let done = uploader.patch(&path, 1200, &bytes[1200..]);
    assert_eq!(done.status(), StatusCode::NO_CONTENT);
    assert!(done.headers().contains_key("custos-evidence-id"));

    let response = uploader.create(0, &declaring(b""));
    assert_eq!(response.status(), StatusCode::CREATED);
    assert!(response.headers().contains_key("custos-evidence-id"));
});

both_backends!(fn checksum_mismatch_is_460_and_appends_nothing(app) {
    let uploader = officer(&app);
    let bytes = content(10, 4096);
    let path = uploader.create_ok(4096, &declaring(&bytes));
    let wrong = sha256(b"something else").to_base64();
    let response = uploader
        .patch_request(&path, 0, &bytes[..2048])
        .header("Upload-Checksum", format!("sha256 {wrong}"))
        .send()
        .unwrap();
    expect_problem(response, StatusCode::from_u16(460).unwrap(), "checksum-mismatch");
    assert_eq!(uploader.offset(&path), 0);
    let right = sha256(&bytes[..2048]).to_base64();
    let response = uploader
        .patch_request(&path, 0, &bytes[..2048])
        .header("Upload-Checksum", format!("sha256 {right}"))
        .send()
        .unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let response = uploader
        .patch_request(&path, 2048, &bytes[2048..])
        .header("Upload-Checksum", format!("md5 {right}"))
        .send()
        .unwrap();
    expect_problem(response, StatusCode::BAD_REQUEST, "invalid-header");
    assert_eq!(uploader.offset(&path), 2048);
    assert_eq!(uploader.patch(&path, 2048, &bytes[2048..]).status(), StatusCode::NO_CONTENT);
});

both_backends!(fn digest_mismatch_is_422_and_quarantined(app) {
    let uploader = officer(&app);
    let bytes = content(11, 10_000);
    let declared = sha256(b"what the device hashed");
    let response = uploader.upload(&bytes, &metadata(&[("sha256", &declared.to_hex())]), 4000);
    let evidence_id = header(&response, "custos-evidence-id");
    let problem = expect_problem(response, StatusCode::UNPROCESSABLE_ENTITY, "digest-mismatch");
    let detail = problem["detail"].as_str().unwrap();
    assert!(detail.contains(&declared.to_hex()) && detail.contains(&sha256(&bytes).to_hex()), "{detail}");
    let item = app.db(move |conn| db::evidence::find(conn, &evidence_id).unwrap().unwrap());
    assert_eq!(item.status, "quarantined");
    assert_eq!(item.declared_sha256, declared.to_hex());
    let hex = sha256(&bytes).to_hex();
    let kept = app.blob(&format!("quarantine/sha256/{}/{}/{hex}", &hex[..2], &hex[2..4]));
    assert_eq!(kept.unwrap(), bytes);
    let events = upload_events(&app, &item.upload_id);
    assert_eq!(events[0]["event"], "digest_mismatch");
    assert_eq!(events[0]["declared_sha256"], declared.to_hex());
    assert_eq!(events[0]["sha256"], hex);
});

both_backends!(fn same_bytes_twice_are_two_items_and_one_blob(app) {
    let uploader = officer(&app);
    let bytes = content(12, 50_000);
    let first = header(&uploader.upload(&bytes, &declaring(&bytes), 50_000), "custos-evidence-id");
    let second = header(&uploader.upload(&bytes, &declaring(&bytes), 20_000), "custos-evidence-id");
    assert_ne!(first, second);
    let stored = app.blob_keys("sha256");
    assert_eq!(stored.len(), 1, "{stored:?}");
});

both_backends!(fn protocol_errors_have_their_statuses(app) {
    let uploader = officer(&app);
    let bytes = content(13, 100);
    let path = uploader.create_ok(100, &declaring(&bytes));
    // Wrong offset.
    expect_problem(uploader.patch(&path, 5, &bytes[5..]), StatusCode::CONFLICT, "conflict");
    // Wrong content type.
    let response = uploader
        .request(Method::PATCH, &path)
        .header("Upload-Offset", "0")
        .header("Content-Type", "application/octet-stream")
        .body(bytes.clone())
        .send()
        .unwrap();
    expect_problem(response, StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type");
    // No protocol version.
    let response = app
        .request(Method::PATCH, &path)
        .bearer_auth(&uploader.token)
        .header("Upload-Offset", "0")
        .header("Content-Type", "application/offset+octet-stream")
        .body(bytes.clone())
        .send()
        .unwrap();
    assert_eq!(header(&response, "tus-resumable"), "1.0.0");
    expect_problem(response, StatusCode::PRECONDITION_FAILED, "tus-version");
    // More bytes than the upload's length.
    let mut long = bytes.clone();
    long.push(0);
    expect_problem(uploader.patch(&path, 0, &long), StatusCode::PAYLOAD_TOO_LARGE, "payload-too-large");
    assert_eq!(uploader.offset(&path), 0);
    // Larger than Tus-Max-Size.
    let max = app.state().config.evidence.upload_max_bytes;
    expect_problem(uploader.create(max + 1, &declaring(&bytes)), StatusCode::PAYLOAD_TOO_LARGE, "payload-too-large");
    // Missing length, missing digest, bad metadata.
    let response = uploader
        .request(Method::POST, "/api/v1/uploads")
        .header("Upload-Metadata", declaring(&bytes))
        .send()
        .unwrap();
    expect_problem(response, StatusCode::BAD_REQUEST, "invalid-header");
    for bad in [
        metadata(&[("filename", "a.jpg")]),
        metadata(&[("sha256", "ABC")]),
        metadata(&[("sha256", &sha256(&bytes).to_hex()), ("kind", "sketch")]),
        metadata(&[("sha256", &sha256(&bytes).to_hex()), ("captured_at_us", "yesterday")]),
        "sha256 %%%".to_owned(),
    ] {
        expect_problem(uploader.create(100, &bad), StatusCode::BAD_REQUEST, "invalid-header");
    }
    // Someone else's upload is not found; no token is 401.
    let other = Uploader::new(&app, "other-officer", Role::Officer, &app.root_org_id);
    expect_problem(other.patch(&path, 0, &bytes), StatusCode::NOT_FOUND, "not-found");
    let response = app
        .request(Method::POST, "/api/v1/uploads")
        .header("Tus-Resumable", "1.0.0")
        .header("Upload-Length", "100")
        .send()
        .unwrap();
    expect_problem(response, StatusCode::UNAUTHORIZED, "unauthorized");
    // Nothing above moved the upload.
    assert_eq!(uploader.patch(&path, 0, &bytes).status(), StatusCode::NO_CONTENT);
});

both_backends!(fn termination_removes_bytes_and_is_logged(app) {
    let uploader = officer(&app);
    let bytes = content(14, 1000);
    let path = uploader.create_ok(1000, &declaring(&bytes));
    assert_eq!(uploader.patch(&path, 0, &bytes[..600]).status(), StatusCode::NO_CONTENT);
    let staged = || app.blob_keys(path.trim_start_matches("/api/v1/"));
    assert!(!staged().is_empty());
    let response = uploader.request(Method::DELETE, &path).send().unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(staged(), Vec::<String>::new());
    assert_eq!(uploader.head(&path).status(), StatusCode::GONE);
    expect_problem(uploader.patch(&path, 600, &bytes[600..]), StatusCode::GONE, "gone");
    let events = upload_events(&app, upload_id(&path));
    assert_eq!(events.len(), 1);
    assert_eq!(events[0]["event"], "upload_terminated");
    assert_eq!(events[0]["offset"], 600);
    assert_eq!(events[0]["actor"], uploader.user_id.as_str());
    // A finished upload is evidence: it cannot be terminated.
    let done = uploader.upload(&bytes, &declaring(&bytes), 1000);
    assert_eq!(done.status(), StatusCode::NO_CONTENT);
    let finished = app
        .db(|conn| {
            use diesel::prelude::*;
            custos_api::db::schema::uploads::table
                .filter(custos_api::db::schema::uploads::status.eq("completed"))
                .select(custos_api::db::schema::uploads::id)
                .first::<String>(conn)
        })
        .unwrap();
    let response = uploader.request(Method::DELETE, &format!("/api/v1/uploads/{finished}")).send().unwrap();
    expect_problem(response, StatusCode::CONFLICT, "conflict");
});

both_backends!(
    fn expired_uploads_are_gone_and_logged(backend: Backend) {
        let Some(app) = TestApp::builder(backend)
            .config(|config| config.evidence.upload_expiry_us = 0)
            .start()
        else {
            return;
        };
        let uploader = officer(&app);
        let bytes = content(15, 10);
        let path = uploader.create_ok(10, &declaring(&bytes));
        expect_problem(uploader.patch(&path, 0, &bytes), StatusCode::GONE, "gone");
        assert_eq!(uploader.head(&path).status(), StatusCode::GONE);
        let events = upload_events(&app, upload_id(&path));
        assert_eq!(events.len(), 1);
        assert_eq!(events[0]["event"], "upload_expired");
        assert_eq!(events[0]["actor"], Value::Null);
    }
);

both_backends!(
    fn the_sweep_expires_unfinished_uploads_and_removes_their_bytes(backend: Backend) {
        let Some(app) = sweeping_app(backend) else {
            return;
        };
        let uploader = officer(&app);
        let bytes = content(18, 1000);
        let path = uploader.create_ok(1000, &declaring(&bytes));
        assert_eq!(
            uploader.patch(&path, 0, &bytes[..600]).status(),
            StatusCode::NO_CONTENT
        );
        let staged = || app.blob_keys(path.trim_start_matches("/api/v1/"));
        let bytes_staged: usize = staged()
            .iter()
            .map(|key| app.blob(key).unwrap().len())
            .sum();
        assert_eq!(bytes_staged, 600);
        // The upload's time runs out while its client is away; only the sweep sees it.
        let id = upload_id(&path).to_owned();
        let status = move |app: &TestApp| {
            let id = id.clone();
            app.db(move |conn| {
                db::uploads::find_unscoped(conn, &id)
                    .unwrap()
                    .unwrap()
                    .status
            })
        };
        let due = upload_id(&path).to_owned();
        app.db(move |conn| {
            use custos_api::db::schema::uploads::dsl::*;
            use diesel::prelude::*;
            diesel::update(uploads.find(due))
                .set(expires_at_us.eq(0))
                .execute(conn)
                .unwrap();
        });
        for _ in 0..500 {
            if status(&app) != "open" {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        assert_eq!(status(&app), "expired");
        for _ in 0..500 {
            if staged().is_empty() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        assert!(
            staged().is_empty(),
            "partial bytes of an expired upload are removed"
        );
        let events = upload_events(&app, upload_id(&path));
        assert_eq!(events.len(), 1);
        assert_eq!(events[0]["event"], "upload_expired");
        assert_eq!(events[0]["offset"], 600);
        assert_eq!(events[0]["length"], 1000);
        assert_eq!(events[0]["actor"], Value::Null);
        expect_problem(
            uploader.patch(&path, 600, &bytes[600..]),
            StatusCode::GONE,
            "gone",
        );
    }
);

both_backends!(fn only_officers_and_docks_upload_and_docks_name_the_wearer(app) {
    let bytes = content(16, 64);
    let supervisor = Uploader::new(&app, "supervisor", Role::Supervisor, &app.root_org_id);
    expect_problem(supervisor.create(64, &declaring(&bytes)), StatusCode::FORBIDDEN, "forbidden");

    let (township, elsewhere) = app.db(|conn| {
        let root = db::orgs::find_unscoped(conn, &app.root_org_id).unwrap().unwrap();
        let county = db::orgs::insert(conn, Some(&root), "County", "county", 1).unwrap();
        let township = db::orgs::insert(conn, Some(&county), "Township", "township", 1).unwrap();
        let elsewhere = db::orgs::insert(conn, Some(&root), "Other county", "county", 1).unwrap();
        (township.id, elsewhere.id)
    });
    let county_id = app.db(|conn| db::orgs::find_unscoped(conn, &township).unwrap().unwrap().parent_id.unwrap());
    let dock = Uploader::new(&app, "dock", Role::Dock, &county_id);
    let wearer = Uploader::new(&app, "wearer", Role::Officer, &township);
    let outsider = Uploader::new(&app, "outsider", Role::Officer, &elsewhere);

    let digest = sha256(&bytes).to_hex();
    expect_problem(dock.create(64, &declaring(&bytes)), StatusCode::BAD_REQUEST, "invalid-header");
    let outside = metadata(&[("sha256", &digest), ("wearer", &outsider.user_id)]);
    expect_problem(dock.create(64, &outside), StatusCode::BAD_REQUEST, "invalid-header");
    let not_officer = metadata(&[("sha256", &digest), ("wearer", &dock.user_id)]);
    expect_problem(dock.create(64, &not_officer), StatusCode::BAD_REQUEST, "invalid-header");

    let worn = metadata(&[("sha256", &digest), ("wearer", &wearer.user_id), ("kind", "video")]);
    let response = dock.upload(&bytes, &worn, 64);
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let evidence_id = header(&response, "custos-evidence-id");
    let item = app.db(move |conn| db::evidence::find(conn, &evidence_id).unwrap().unwrap());
    assert_eq!(item.officer_id, wearer.user_id);
    assert_eq!(item.uploader_id, dock.user_id);
    assert_eq!(item.org_id, township);
    // An officer uploads only as itself.
    let as_other = metadata(&[("sha256", &digest), ("wearer", &outsider.user_id)]);
    expect_problem(wearer.create(64, &as_other), StatusCode::BAD_REQUEST, "invalid-header");
});

both_backends!(fn device_clock_skew_is_recorded_and_flagged(app) {
    let uploader = officer(&app);
    let bytes = content(17, 32);
    let digest = sha256(&bytes).to_hex();
    let now_us = custos_api::clock::now_us();
    let cases = [
        (now_us, false),
        (now_us - 3_600_000_000, true),
        (now_us + 3_600_000_000, true),
    ];
    for (device_clock_us, flagged) in cases {
        let meta = metadata(&[("sha256", &digest), ("device_clock_us", &device_clock_us.to_string())]);
        let response = uploader.upload(&bytes, &meta, 32);
        let evidence_id = header(&response, "custos-evidence-id");
        let item = app.db(move |conn| db::evidence::find(conn, &evidence_id).unwrap().unwrap());
        let skew = item.clock_skew_us.unwrap();
        assert!((skew - (device_clock_us - now_us)).abs() < 60_000_000, "{skew}");
        assert_eq!(item.clock_skew_flagged, flagged, "{skew}");
    }
    // A capture time in the future is flagged even without a device clock.
    let future = metadata(&[("sha256", &digest), ("captured_at_us", &(now_us + 86_400_000_000).to_string())]);
    let evidence_id = header(&uploader.upload(&bytes, &future, 32), "custos-evidence-id");
    let item = app.db(move |conn| db::evidence::find(conn, &evidence_id).unwrap().unwrap());
    assert!(item.clock_skew_flagged);
});

both_backends!(
    fn the_clock_skew_bound_is_configurable(backend: Backend) {
        let Some(app) = TestApp::builder(backend)
            .config(|config| config.evidence.clock_skew_bound_us = 2 * 3_600_000_000)
            .start()
        else {
            return;
        };
        let uploader = officer(&app);
        let bytes = content(19, 32);
        let digest = sha256(&bytes).to_hex();
        let now_us = custos_api::clock::now_us();
        for (off_by_us, flagged) in [(3_600_000_000, false), (-3 * 3_600_000_000, true)] {
            let device_clock_us: i64 = now_us + off_by_us;
            let meta = metadata(&[
                ("sha256", &digest),
                ("device_clock_us", &device_clock_us.to_string()),
            ]);
            let evidence_id = header(&uploader.upload(&bytes, &meta, 32), "custos-evidence-id");
            let item = app.db(move |conn| db::evidence::find(conn, &evidence_id).unwrap().unwrap());
            assert_eq!(item.clock_skew_flagged, flagged, "{off_by_us}");
        }
    }
);

both_backends!(fn creation_also_answers_with_a_trailing_slash(app) {
    // tus clients configured like tusd's `/files/` create at `/api/v1/uploads/`.
    let uploader = officer(&app);
    let options = app.request(Method::OPTIONS, "/api/v1/uploads/").send().unwrap();
    assert_eq!(options.status(), StatusCode::NO_CONTENT);
    assert_eq!(header(&options, "tus-version"), "1.0.0");
    let bytes = content(47, 100);
    let response = uploader
        .request(Method::POST, "/api/v1/uploads/")
        .header("Upload-Length", "100")
        .header("Upload-Metadata", declaring(&bytes))
        .send()
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED, "{:?}", response.text());
    assert_eq!(header(&response, "tus-resumable"), "1.0.0");
    let path = location(&response);
    assert!(path.starts_with("/api/v1/uploads/") && path.len() > "/api/v1/uploads/".len());
    let done = uploader.patch(&path, 0, &bytes);
    assert_eq!(done.status(), StatusCode::NO_CONTENT);
    assert!(done.headers().contains_key("custos-evidence-id"));
});
