//! Offline work replayed: five phones each work twenty cases with no network (1,000 signed
//! records), then send them shuffled, in overlapping batches, twice. The stored cases must be
//! exactly those of sending every record once, in order, to a server of their own.

use custos_core::lifecycle::RecordKind;
use custos_core::record::Record;
use custos_tests::recording::*;
use custos_tests::reqwest::StatusCode;
use custos_tests::serde_json::{Value, json};
use custos_tests::{Backend, TestApp, both_backends, expect_json};

const DEVICES: u8 = 5;
const CASES_PER_DEVICE: usize = 20;
/// Filed, investigated twice, notified, defended, decided, served, paid, closed, archived.
const RECORDS_PER_CASE: usize = 10;
const BATCH: usize = 500;
/// Batches start this far apart, so consecutive batches share 200 records.
const STRIDE: usize = 300;

/// The records of every case of every phone, each case on its own chain, in order.
fn work_offline(office: &Office) -> Vec<Record> {
    let (a, b) = (&office.a.id, &office.b.id);
    let mut steps: Vec<_> = (0..ORDINARY_CASE.len()).map(|n| office.step(n)).collect();
    steps.insert(2, step(RecordKind::InvestigationRecord, 2, a, b));
    assert_eq!(steps.len(), RECORDS_PER_CASE);
    (0..DEVICES)
        .flat_map(|device| (0..CASES_PER_DEVICE).map(move |case| (device, case)))
        .flat_map(|(device, case)| {
            let mut phone = Phone::new(40 + device, &case_id(device, case));
            phone.sign_all(&steps)
        })
        .collect()
}

fn case_id(device: u8, case: usize) -> String {
    format!("replay-{device}-{case:02}")
}

/// A server with the office's five phones enrolled, and the records they signed.
fn start(backend: Backend) -> Option<(TestApp, Office, Vec<Record>)> {
    let app = TestApp::builder(backend).start()?;
    let office = office(&app);
    for device in 0..DEVICES {
        enrol(
            &app,
            &office.admin,
            &Phone::new(40 + device, "any"),
            &office.township,
            &office.a.id,
        );
    }
    let records = work_offline(&office);
    assert_eq!(records.len(), 1000);
    Some((app, office, records))
}

/// Everything stored about every case, without what differs between two servers (user ids
/// inside signed records, hence record hashes, and arrival times).
fn stored_cases(app: &TestApp, office: &Office) -> Vec<Value> {
    let mut cases = Vec::new();
    for device in 0..DEVICES {
        for case in 0..CASES_PER_DEVICE {
            let mut view = case_view(app, &office.supervisor.token, &case_id(device, case));
            let records: Vec<Value> = view["records"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| {
                    json!([
                        r["chain"],
                        r["seq"],
                        r["kind"],
                        r["at_us"],
                        r["device"],
                        r["record"]["body"]["document_number"]
                    ])
                })
                .collect();
            let chains: Vec<Value> = view["chains"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| json!([c["id"], c["device"], c["length"]]))
                .collect();
            let findings: Vec<Value> = view["findings"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| json!([f["rule"], f["severity"]]))
                .collect();
            let object = view.as_object_mut().unwrap();
            for volatile in [
                "records", "chains", "findings", "officers", "assigned", "evidence", "org_id",
            ] {
                object.remove(volatile);
            }
            object.insert("records".into(), json!(records));
            object.insert("chains".into(), json!(chains));
            object.insert("findings".into(), json!(findings));
            cases.push(view);
        }
    }
    cases
}

/// A reproducible shuffle (Fisher–Yates over a 64-bit linear congruential generator).
fn shuffled(records: &[Record], seed: u64) -> Vec<&Record> {
    let mut order: Vec<&Record> = records.iter().collect();
    let mut state = seed;
    for i in (1..order.len()).rev() {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        order.swap(i, (state >> 33) as usize % (i + 1));
    }
    order
}

both_backends!(
    fn offline_records_replayed_shuffled_twice_settle_as_sent_once_in_order(backend: Backend) {
        let Some((in_order, office, records)) = start(backend) else {
            return;
        };
        for batch in records.chunks(BATCH) {
            let refs: Vec<&Record> = batch.iter().collect();
            let response = submit(&in_order, &office.a.token, &refs);
            assert!(
                outcomes(&response).iter().all(|o| o == "accepted"),
                "{response}"
            );
        }
        let expected = stored_cases(&in_order, &office);
        drop(in_order);

        let (replayed, office, records) = start(backend).expect("second server");
        let mut outcome_counts = std::collections::BTreeMap::<String, usize>::new();
        for pass in 0..2u64 {
            let order = shuffled(&records, 0x5eed + pass);
            let mut from = 0;
            while from < order.len() {
                let batch = &order[from..(from + BATCH).min(order.len())];
                let response = submit(&replayed, &office.a.token, batch);
                let released = response["released"].as_array().unwrap();
                for outcome in outcomes(&response).into_iter().chain(
                    released
                        .iter()
                        .map(|r| r["outcome"].as_str().unwrap().to_owned()),
                ) {
                    *outcome_counts.entry(outcome).or_default() += 1;
                }
                from += STRIDE;
            }
        }
        // Nothing lost, nothing duplicated, nothing refused.
        assert_eq!(
            outcome_counts.get("accepted"),
            Some(&records.len()),
            "{outcome_counts:?}"
        );
        assert!(
            outcome_counts.get("duplicate").is_some_and(|&n| n > 0),
            "{outcome_counts:?}"
        );
        assert!(
            outcome_counts
                .keys()
                .all(|o| ["accepted", "duplicate", "held"].contains(&o.as_str())),
            "{outcome_counts:?}"
        );
        assert_eq!(stored_cases(&replayed, &office), expected);
        let listed = expect_json(
            replayed.get_as(
                &office.supervisor.token,
                "/api/v1/cases?stage=archived&limit=1000",
            ),
            StatusCode::OK,
        );
        assert_eq!(
            listed.as_array().unwrap().len(),
            DEVICES as usize * CASES_PER_DEVICE
        );
    }
);
