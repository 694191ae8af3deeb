//! Evidence items over HTTP: reading and ranges with RFC 9530 digests, scope across units,
//! custody events whose proofs verify with custos-core against the signed checkpoint, custody
//! actions, and what the background analysis learns from a photo.

use custos_api::auth::Role;
use custos_api::db;
use custos_core::checkpoint::Checkpoint;
use custos_core::digest::{Sha256Digest, sha256};
use custos_core::merkle::{leaf_hash, verify_inclusion};
use custos_tests::reqwest::StatusCode;
use custos_tests::serde_json::{Value, json};
use custos_tests::tus::{Uploader, content, declaring, header, metadata, sweeping_app};
use custos_tests::{TestApp, both_backends, expect_json, expect_problem};

fn officer(app: &TestApp) -> Uploader<'_> {
    Uploader::new(app, "officer", Role::Officer, &app.root_org_id)
}

/// Uploads `bytes` and returns the new item's id.
fn uploaded(uploader: &Uploader, bytes: &[u8], upload_metadata: &str) -> String {
    let response = uploader.upload(bytes, upload_metadata, 1 << 20);
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    header(&response, "custos-evidence-id")
}

fn custody(app: &TestApp, token: &str, id: &str) -> Value {
    expect_json(
        app.get_as(token, &format!("/api/v1/evidence/{id}/custody")),
        StatusCode::OK,
    )
}

/// Checks every event of a custody answer against its checkpoint with custos-core only, and
/// returns the event names in order.
fn verified_events(app: &TestApp, answer: &Value) -> Vec<String> {
    let verifier = app.log_verifier();
    let (checkpoint, _) =
        Checkpoint::open(answer["checkpoint"].as_str().unwrap(), &[verifier]).unwrap();
    assert_eq!(checkpoint.size, answer["size"].as_u64().unwrap());
    let mut names = Vec::new();
    for event in answer["events"].as_array().unwrap() {
        use base64::Engine as _;
        let leaf = base64::engine::general_purpose::STANDARD
            .decode(event["leaf"].as_str().unwrap())
            .unwrap();
        assert_eq!(
            serde_json::from_slice::<Value>(&leaf).unwrap(),
            event["entry"]
        );
        let proof: Vec<Sha256Digest> = event["inclusion"]["hashes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|hash| Sha256Digest::from_base64(hash.as_str().unwrap()).unwrap())
            .collect();
        let index = event["index"].as_u64().unwrap();
        verify_inclusion(
            index,
            checkpoint.size,
            &leaf_hash(&leaf),
            &proof,
            &checkpoint.root_hash,
        )
        .unwrap();
        // A changed leaf does not verify.
        let mut forged = leaf.clone();
        forged[10] ^= 1;
        assert!(
            verify_inclusion(
                index,
                checkpoint.size,
                &leaf_hash(&forged),
                &proof,
                &checkpoint.root_hash
            )
            .is_err()
        );
        names.push(event["entry"]["event"].as_str().unwrap().to_owned());
    }
    names
}

/// Where [`export_for_go_verifier`] writes, when set (`tests/go-verifier/run.sh` sets it).
const CUSTODY_EXPORT_ENV: &str = "CUSTOS_CUSTODY_EXPORT";

/// Writes a custody answer with the log's verifier key and origin to
/// `$CUSTOS_CUSTODY_EXPORT/custody-<backend>.json`, so that the Go verifier checks the same
/// proofs with `sumdb/note` and `sumdb/tlog`, knowing nothing of custos.
fn export_for_go_verifier(app: &TestApp, answer: &Value) {
    let Ok(directory) = std::env::var(CUSTODY_EXPORT_ENV) else {
        return;
    };
    let verifier_key = app.verifier_key();
    let exported = json!({
        "origin": app.state().config.log_origin,
        "verifier_key": verifier_key,
        "custody": answer,
    });
    let path = std::path::Path::new(&directory)
        .join(format!("custody-{:?}.json", app.backend).to_lowercase());
    std::fs::write(&path, exported.to_string()).unwrap();
}

both_backends!(fn items_read_whole_and_in_ranges_with_digests(app) {
    let uploader = officer(&app);
    let bytes = content(21, 300_000);
    let id = uploaded(&uploader, &bytes, &metadata(&[
        ("sha256", &sha256(&bytes).to_hex()),
        ("content_type", "video/mp4"),
        ("kind", "video"),
    ]));
    let item = expect_json(uploader.app.get_as(&uploader.token, &format!("/api/v1/evidence/{id}")), StatusCode::OK);
    assert_eq!(item["sha256"], sha256(&bytes).to_hex());
    assert_eq!(item["status"], "verified");
    assert_eq!(item["size"], 300_000);

    let path = format!("/api/v1/evidence/{id}/content");
    // A client's own X-Forwarded-For is not believed (no trusted proxy is configured).
    let whole = app.get(&path).bearer_auth(&uploader.token).header("X-Forwarded-For", "203.0.113.9").send().unwrap();
    assert_eq!(whole.status(), StatusCode::OK);
    assert_eq!(header(&whole, "repr-digest"), format!("sha-256=:{}:", sha256(&bytes).to_base64()));
    assert_eq!(header(&whole, "etag"), format!("\"{}\"", sha256(&bytes).to_hex()));
    assert_eq!(header(&whole, "content-type"), "video/mp4");
    assert_eq!(header(&whole, "content-length"), "300000");
    assert_eq!(whole.bytes().unwrap().as_ref(), bytes.as_slice());

    for (range, expected) in [("bytes=0-99", 0..100), ("bytes=299000-", 299_000..300_000), ("bytes=-10", 299_990..300_000)] {
        let part = app.get(&path).bearer_auth(&uploader.token).header("Range", range).send().unwrap();
        assert_eq!(part.status(), StatusCode::PARTIAL_CONTENT, "{range}");
        assert_eq!(
            header(&part, "content-range"),
            format!("bytes {}-{}/300000", expected.start, expected.end - 1)
        );
        assert_eq!(header(&part, "repr-digest"), format!("sha-256=:{}:", sha256(&bytes).to_base64()));
        assert_eq!(part.bytes().unwrap().as_ref(), &bytes[expected]);
    }
    for bad in ["bytes=300000-", "bytes=0-1,4-5"] {
        let response = app.get(&path).bearer_auth(&uploader.token).header("Range", bad).send().unwrap();
        expect_problem(response, StatusCode::RANGE_NOT_SATISFIABLE, "range-not-satisfiable");
    }

    let answer = custody(&app, &uploader.token, &id);
    let names = verified_events(&app, &answer);
    assert_eq!(names, ["received", "viewed", "downloaded", "downloaded", "downloaded", "downloaded"]);
    let ranges: Vec<&Value> = answer["events"].as_array().unwrap()[2..]
        .iter()
        .map(|event| &event["entry"]["range"])
        .collect();
    assert_eq!(ranges, [&json!("all"), &json!("0-99"), &json!("299000-299999"), &json!("299990-299999")]);
    // The client's address is in the custody row, only its salted digest in the log.
    let download = &answer["events"][2]["entry"];
    assert!(download["details_sha256"].is_string(), "{download}");
    assert!(!download.to_string().contains("127.0.0.1"));
    let index = answer["events"][2]["index"].as_i64().unwrap();
    let row = app.db(move |conn| {
        use diesel::prelude::*;
        use custos_api::db::schema::custody_events::dsl::*;
        custody_events.filter(log_index.eq(index)).select(details).first::<String>(conn).unwrap()
    });
    let details: Value = serde_json::from_str(&row).unwrap();
    assert_eq!(details["client"], "127.0.0.1");
    let canonical = custos_core::jcs::canonicalize(&details).unwrap();
    assert_eq!(download["details_sha256"], sha256(&canonical).to_hex());
});

both_backends!(fn digest_lookup_and_scope_across_units(app) {
    let (county, sibling) = app.db(|conn| {
        let root = db::orgs::find_unscoped(conn, &app.root_org_id).unwrap().unwrap();
        let county = db::orgs::insert(conn, Some(&root), "County", "county", 1).unwrap();
        let sibling = db::orgs::insert(conn, Some(&root), "Sibling county", "county", 1).unwrap();
        (county.id, sibling.id)
    });
    let uploader = Uploader::new(&app, "county-officer", Role::Officer, &county);
    let bytes = content(22, 1000);
    let first = uploaded(&uploader, &bytes, &declaring(&bytes));
    let second = uploaded(&uploader, &bytes, &declaring(&bytes));
    let lookup = format!("/api/v1/evidence?sha256={}", sha256(&bytes).to_hex());

    let city_supervisor = Uploader::new(&app, "city-supervisor", Role::Supervisor, &app.root_org_id);
    let county_reviewer = Uploader::new(&app, "county-reviewer", Role::Reviewer, &county);
    let sibling_supervisor = Uploader::new(&app, "sibling-supervisor", Role::Supervisor, &sibling);
    let colleague = Uploader::new(&app, "colleague", Role::Officer, &county);
    for (reader, visible) in [
        (&uploader, true),
        (&city_supervisor, true),
        (&county_reviewer, true),
        (&sibling_supervisor, false),
        (&colleague, false),
    ] {
        let found = expect_json(app.get_as(&reader.token, &lookup), StatusCode::OK);
        let ids: Vec<&str> = found.as_array().unwrap().iter().map(|item| item["id"].as_str().unwrap()).collect();
        let expected: Vec<&str> = if visible { vec![&first, &second] } else { vec![] };
        assert_eq!(ids, expected);
        for path in [format!("/api/v1/evidence/{first}"), format!("/api/v1/evidence/{first}/content"), format!("/api/v1/evidence/{first}/custody")] {
            let response = app.get_as(&reader.token, &path);
            if visible {
                assert!(response.status().is_success(), "{path}");
            } else {
                expect_problem(response, StatusCode::NOT_FOUND, "not-found");
            }
        }
    }
    let response = app.get_as(&uploader.token, "/api/v1/evidence?sha256=ABC");
    expect_problem(response, StatusCode::UNPROCESSABLE_ENTITY, "invalid-input");
    expect_problem(app.get("/api/v1/evidence/x").send().unwrap(), StatusCode::UNAUTHORIZED, "unauthorized");
});

both_backends!(fn custody_actions_are_logged_and_enforced(app) {
    let uploader = officer(&app);
    let supervisor = Uploader::new(&app, "supervisor", Role::Supervisor, &app.root_org_id);
    let bytes = content(23, 2000);
    let id = uploaded(&uploader, &bytes, &declaring(&bytes));
    let shared = uploaded(&uploader, &bytes, &declaring(&bytes));
    let action = |who: &Uploader, name: &str, body: Value| {
        app.post(&format!("/api/v1/evidence/{id}/{name}")).bearer_auth(&who.token).json(&body).send().unwrap()
    };
    // A supervisor of another unit does not reach the item (404, as if it did not exist), a
    // reviewer of its unit may not change custody (403), and the log records none of it.
    let sibling = app.db(|conn| {
        let root = db::orgs::find_unscoped(conn, &app.root_org_id).unwrap().unwrap();
        db::orgs::insert(conn, Some(&root), "Sibling county", "county", 1).unwrap().id
    });
    let outsider = Uploader::new(&app, "sibling-supervisor", Role::Supervisor, &sibling);
    let reviewer = Uploader::new(&app, "reviewer", Role::Reviewer, &app.root_org_id);
    let receipt = sha256(b"receipt signed by the police station").to_hex();
    let log_size = || app.db(|conn| db::log::head_size(conn).unwrap());
    let before = log_size();
    for name in ["seal", "transfer", "hold", "release", "dispose"] {
        let body = json!({"receiving_body": "城东派出所", "receipt_sha256": receipt});
        let body = if name == "transfer" { body } else { json!({}) };
        expect_problem(action(&outsider, name, body.clone()), StatusCode::NOT_FOUND, "not-found");
        expect_problem(action(&reviewer, name, body.clone()), StatusCode::FORBIDDEN, "forbidden");
        expect_problem(action(&uploader, name, body), StatusCode::FORBIDDEN, "forbidden");
    }
    assert_eq!(log_size(), before);
    expect_json(action(&supervisor, "seal", json!({"reason": "case 12"})), StatusCode::OK);
    expect_problem(action(&supervisor, "seal", json!({})), StatusCode::CONFLICT, "conflict");
    let content_path = format!("/api/v1/evidence/{id}/content");
    expect_problem(app.get_as(&uploader.token, &content_path), StatusCode::FORBIDDEN, "forbidden");
    assert_eq!(app.get_as(&supervisor.token, &content_path).status(), StatusCode::OK);

    let transferred = expect_json(
        action(&supervisor, "transfer", json!({"receiving_body": "城东派出所", "receipt_sha256": receipt})),
        StatusCode::OK,
    );
    assert!(transferred["log_index"].is_u64());
    expect_problem(action(&supervisor, "transfer", json!({"receiving_body": "", "receipt_sha256": receipt})), StatusCode::UNPROCESSABLE_ENTITY, "invalid-input");

    expect_json(action(&supervisor, "hold", json!({})), StatusCode::OK);
    expect_problem(action(&supervisor, "dispose", json!({})), StatusCode::CONFLICT, "conflict");
    expect_json(action(&supervisor, "release", json!({})), StatusCode::OK);
    let disposed = expect_json(action(&supervisor, "dispose", json!({"reason": "retention ended"})), StatusCode::OK);
    assert_eq!(disposed["evidence"]["status"], "disposed");
    expect_problem(app.get_as(&supervisor.token, &content_path), StatusCode::GONE, "gone");
    // The other item holds the same bytes: they stay until it is disposed of too.
    let shared_content = format!("/api/v1/evidence/{shared}/content");
    assert_eq!(app.get_as(&uploader.token, &shared_content).bytes().unwrap().as_ref(), bytes.as_slice());
    let hex = sha256(&bytes).to_hex();
    let key = format!("sha256/{}/{}/{hex}", &hex[..2], &hex[2..4]);
    assert!(app.blob(&key).is_some());
    let dispose_shared = app
        .post(&format!("/api/v1/evidence/{shared}/dispose"))
        .bearer_auth(&supervisor.token)
        .json(&json!({}))
        .send()
        .unwrap();
    expect_json(dispose_shared, StatusCode::OK);
    assert!(app.blob(&key).is_none());

    let answer = custody(&app, &supervisor.token, &id);
    let names = verified_events(&app, &answer);
    assert_eq!(names, ["received", "sealed", "downloaded", "transferred", "held", "released", "disposed"]);
    export_for_go_verifier(&app, &answer);
    let transfer = &answer["events"][3]["entry"];
    assert_eq!(transfer["receiving_body"], "城东派出所");
    assert_eq!(transfer["receipt_sha256"], receipt);
    assert_eq!(transfer["actor"], supervisor.user_id.as_str());
});

/// The item once the background analysis has looked at it.
fn analysed(uploader: &Uploader, id: &str) -> Value {
    let path = format!("/api/v1/evidence/{id}");
    let mut item = Value::Null;
    for _ in 0..500 {
        item = expect_json(uploader.app.get_as(&uploader.token, &path), StatusCode::OK);
        if item["media"]["status"] != "pending" {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    item
}

/// A minimal ISO base media file: `ftyp`, then `moov` holding a version 0 `mvhd` with this
/// timescale and duration, then an empty `mdat`.
fn mp4(timescale: u32, duration: u32) -> Vec<u8> {
    let mut file = [&16u32.to_be_bytes()[..], b"ftypisom", &[0; 4]].concat();
    let mut mvhd = vec![0u8; 100];
    mvhd[12..16].copy_from_slice(&timescale.to_be_bytes());
    mvhd[16..20].copy_from_slice(&duration.to_be_bytes());
    file.extend_from_slice(&116u32.to_be_bytes());
    file.extend_from_slice(b"moov");
    file.extend_from_slice(&108u32.to_be_bytes());
    file.extend_from_slice(b"mvhd");
    file.extend_from_slice(&mvhd);
    file.extend_from_slice(&[0, 0, 0, 8]);
    file.extend_from_slice(b"mdat");
    file
}

/// `seconds` of 16-bit mono PCM WAV at `rate` samples per second (silence).
fn wav(rate: u32, seconds: u32) -> Vec<u8> {
    let data = rate * 2 * seconds;
    let mut file = b"RIFF".to_vec();
    file.extend_from_slice(&(36 + data).to_le_bytes());
    file.extend_from_slice(b"WAVEfmt ");
    file.extend_from_slice(&16u32.to_le_bytes());
    file.extend_from_slice(&1u16.to_le_bytes()); // PCM
    file.extend_from_slice(&1u16.to_le_bytes()); // mono
    file.extend_from_slice(&rate.to_le_bytes());
    file.extend_from_slice(&(rate * 2).to_le_bytes()); // byte rate
    file.extend_from_slice(&2u16.to_le_bytes()); // block align
    file.extend_from_slice(&16u16.to_le_bytes()); // bits per sample
    file.extend_from_slice(b"data");
    file.extend_from_slice(&data.to_le_bytes());
    file.resize(file.len() + data as usize, 0);
    file
}

/// A 640×480 JPEG with EXIF DateTimeOriginal (no offset) and GPS position.
fn photo_with_exif(taken: &str) -> Vec<u8> {
    let pixels = image::RgbImage::from_fn(640, 480, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 128])
    });
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 85)
        .encode_image(&pixels)
        .unwrap();
    let rational = |num, denom| exif::Rational { num, denom };
    let ascii = |text: &str| exif::Value::Ascii(vec![text.as_bytes().to_vec()]);
    let field = |tag, value| exif::Field {
        tag,
        ifd_num: exif::In::PRIMARY,
        value,
    };
    let fields = [
        field(exif::Tag::DateTimeOriginal, ascii(taken)),
        field(exif::Tag::GPSLatitudeRef, ascii("N")),
        field(
            exif::Tag::GPSLatitude,
            exif::Value::Rational(vec![rational(39, 1), rational(54, 1), rational(2676, 100)]),
        ),
        field(exif::Tag::GPSLongitudeRef, ascii("E")),
        field(
            exif::Tag::GPSLongitude,
            exif::Value::Rational(vec![rational(116, 1), rational(23, 1), rational(2952, 100)]),
        ),
    ];
    let mut writer = exif::experimental::Writer::new();
    for field in &fields {
        writer.push_field(field);
    }
    let mut tiff = std::io::Cursor::new(Vec::new());
    writer.write(&mut tiff, false).unwrap();
    let tiff = tiff.into_inner();
    let mut app1 = vec![0xff, 0xe1];
    app1.extend_from_slice(&((tiff.len() + 8) as u16).to_be_bytes());
    app1.extend_from_slice(b"Exif\0\0");
    app1.extend_from_slice(&tiff);
    [&jpeg[..2], &app1, &jpeg[2..]].concat()
}

both_backends!(
    fn photos_get_thumbnails_exif_time_and_position(backend: Backend) {
        let Some(app) = sweeping_app(backend) else {
            return;
        };
        let uploader = officer(&app);
        let photo = photo_with_exif("2024:05:01 10:00:00");
        // 10:00 at UTC+8 (the configured default) is 02:00 UTC.
        let exif_us: i64 = 1_714_528_800_000_000;
        let declared_us = exif_us + 600_000_000;
        let id = uploaded(
            &uploader,
            &photo,
            &metadata(&[
                ("sha256", &sha256(&photo).to_hex()),
                ("kind", "photo"),
                ("content_type", "image/jpeg"),
                ("captured_at_us", &declared_us.to_string()),
            ]),
        );
        let path = format!("/api/v1/evidence/{id}");
        let item = analysed(&uploader, &id);
        let media = &item["media"];
        assert_eq!(media["status"], "done", "{item}");
        assert_eq!(
            (media["width"].as_i64(), media["height"].as_i64()),
            (Some(640), Some(480))
        );
        assert_eq!(media["exif_captured_at_us"], exif_us);
        assert_eq!(media["exif_skew_us"], -600_000_000);
        assert_eq!(media["lat_e7"], 399_074_333);
        assert_eq!(media["lon_e7"], 1_163_915_333);
        assert_eq!(item["clock_skew_flagged"], true);

        let thumbnail = app.get_as(&uploader.token, &format!("{path}/thumbnail"));
        assert_eq!(thumbnail.status(), StatusCode::OK);
        assert_eq!(header(&thumbnail, "content-type"), "image/jpeg");
        let decoded = image::load_from_memory(&thumbnail.bytes().unwrap()).unwrap();
        assert_eq!((decoded.width(), decoded.height()), (320, 240));
        // The original is untouched.
        let original = app
            .get_as(&uploader.token, &format!("{path}/content"))
            .bytes()
            .unwrap();
        assert_eq!(sha256(&original), sha256(&photo));
        // Showing the thumbnail is a view of the item, logged like any other.
        let answer = custody(&app, &uploader.token, &id);
        let last: Vec<(&Value, &Value)> = answer["events"].as_array().unwrap()[..]
            .iter()
            .rev()
            .take(2)
            .map(|event| (&event["entry"]["event"], &event["entry"]["part"]))
            .collect();
        assert_eq!(
            last,
            [
                (&json!("downloaded"), &Value::Null),
                (&json!("viewed"), &json!("thumbnail"))
            ]
        );
        // Video and audio: their duration, read from the MP4 `mvhd` box and the WAV header.
        for (bytes, kind, duration_us) in [
            (mp4(1000, 2500), "video", 2_500_000),
            (wav(16_000, 3), "audio", 3_000_000),
        ] {
            let id = uploaded(
                &uploader,
                &bytes,
                &metadata(&[("sha256", &sha256(&bytes).to_hex()), ("kind", kind)]),
            );
            let item = analysed(&uploader, &id);
            assert_eq!(item["media"]["status"], "done", "{item}");
            assert_eq!(item["media"]["duration_us"], duration_us, "{item}");
            assert_eq!(item["media"]["thumbnail"], false);
        }
        // Not an image: no thumbnail.
        let bytes = content(24, 100);
        let other = uploaded(&uploader, &bytes, &declaring(&bytes));
        let response = app.get_as(
            &uploader.token,
            &format!("/api/v1/evidence/{other}/thumbnail"),
        );
        expect_problem(response, StatusCode::NOT_FOUND, "not-found");
    }
);

both_backends!(
    fn disposals_a_crash_left_pending_are_finished_by_the_sweep(backend: Backend) {
        let Some(app) = sweeping_app(backend) else {
            return;
        };
        let uploader = officer(&app);
        let bytes = content(31, 5000);
        let first = uploaded(&uploader, &bytes, &declaring(&bytes));
        let second = uploaded(&uploader, &bytes, &declaring(&bytes));
        let hex = sha256(&bytes).to_hex();
        let key = format!("sha256/{}/{}/{hex}", &hex[..2], &hex[2..4]);
        let exists = || app.blob(&key).is_some();
        // What a node that stopped right after committing a disposal leaves behind: the
        // item disposed of and its bytes still to delete.
        let crash_after_commit = |id: &str| {
            let (id, key) = (id.to_owned(), key.clone());
            app.db(move |conn| {
                assert!(db::evidence::set_disposed(conn, &id).unwrap());
                db::evidence::queue_disposal(conn, &id, &key, 1).unwrap();
            });
        };
        let pending = || app.db(|conn| db::evidence::pending_disposals(conn, 10, &[]).unwrap());
        let settled = || {
            for _ in 0..500 {
                if pending().is_empty() {
                    return;
                }
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            panic!("the sweep left {:?} pending", pending());
        };
        crash_after_commit(&first);
        settled();
        assert!(exists(), "the second item still holds the bytes");
        crash_after_commit(&second);
        assert!(exists());
        settled();
        assert!(!exists(), "no item holds the bytes any more");
    }
);
