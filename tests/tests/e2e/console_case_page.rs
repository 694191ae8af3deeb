//! The case page of a large case through the real server: a case of 200 records, each naming
//! evidence of its own, is shown whole (every record's signature and chain position checked)
//! in under 200 KB, and costs the database no more statements than a case of six records:
//! the devices that signed and the evidence named are read in one query each, never one per
//! record.

use custos_core::digest::{Sha256Digest, sha256};
use custos_core::lifecycle::{EvidenceRef, RecordBody, RecordKind};
use custos_core::record::Record;
use custos_tests::console::{Browser, seed, supervisor_browser};
use custos_tests::recording::{self, Phone, outcomes, submit};
use custos_tests::reqwest::StatusCode;
use custos_tests::{TestApp, both_backends};

/// The records of a case.
const RECORDS: usize = 200;

/// Opens `path` and answers the page and the statements the server sent to make it.
fn view(app: &TestApp, browser: &mut Browser, path: &str) -> (String, u64) {
    let before = app.state().pool.statements();
    let response = browser.get(path);
    let after = app.state().pool.statements();
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    (response.text().unwrap(), after - before)
}

both_backends!(fn a_case_of_200_records_is_one_page_in_a_fixed_number_of_queries(app) {
    let world = seed(&app, None);
    let office = &world.office;
    let case = "console-large";
    // Officer A's phone, enrolled by `seed`, on a chain of the new case.
    let mut phone = Phone::new(1, case);
    let mut records: Vec<Record> = Vec::with_capacity(RECORDS);
    for n in 0..RECORDS {
        let mut record = office.step(usize::from(n > 0));
        // A second apart, one investigation after another, each naming an item of its own.
        record.at_us = recording::day(1) + n as i64 * 1_000_000;
        if let RecordBody::InvestigationRecord(investigation) = &mut record.body {
            investigation.evidence = vec![EvidenceRef {
                sha256: Sha256Digest::from_hex(&sha256(&n.to_be_bytes()).to_hex()).unwrap(),
                size: 1024 + n as u64,
                kind: "photo".to_owned(),
            }];
        }
        assert_eq!(record.kind(), if n == 0 { RecordKind::CaseFiled } else { RecordKind::InvestigationRecord });
        records.push(phone.sign(&record));
    }
    for batch in records.chunks(50) {
        let answer = submit(&app, &office.a.token, &batch.iter().collect::<Vec<_>>());
        assert!(outcomes(&answer).iter().all(|outcome| outcome == "accepted"), "{answer}");
    }

    let mut browser = supervisor_browser(&app, &world);
    // Once each first, so nothing either reads once per server (a cache) is counted.
    browser.get(&format!("/console/cases/{}", world.case));
    browser.get(&format!("/console/cases/{case}"));
    let (_, small) = view(&app, &mut browser, &format!("/console/cases/{}", world.case));
    let started = std::time::Instant::now();
    let (page, large) = view(&app, &mut browser, &format!("/console/cases/{case}"));
    let elapsed = started.elapsed();
    println!("{:?}: case page statements, 6 records: {small}, {RECORDS} records: {large}; {} bytes in {elapsed:?}", app.backend, page.len());

    // Every record is there, its signature and its place in the chain checked.
    assert_eq!(page.matches("✓ 有效").count(), 2 * RECORDS, "signature and chain of each record");
    assert!(!page.contains("✗"), "{page}");
    // Every item the records name, none of them received.
    assert_eq!(page.matches("尚未收到或不在范围内").count(), RECORDS - 1);
    assert!(page.len() < 200_000, "{} bytes", page.len());
    // No statement per record: the same as for the case of six.
    assert!(large <= small + 1, "{large} statements for {RECORDS} records, {small} for 6");
});
