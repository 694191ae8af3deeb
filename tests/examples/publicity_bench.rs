//! Seeds a unit with published decision notices for `tests/bench/publicity.sh`: one decided
//! case published through the real API (records, approval), then `N` more publications written
//! straight through custos-api's own log append and publication rows (the same functions the
//! approval route calls, without building each case's records), so the public list serves
//! `N + 1` real leaves. Prints `BASE_URL ORG_ID` and serves until stdin closes.
//!
//! ```text
//! cargo run --release -p custos-tests --example publicity_bench -- [N]
//! ```

use custos_api::db::{self, cases::CaseRow, publications::PublicationRow};
use custos_api::log;
use custos_api::publicity::entry::{PUBLICATION, PublicationEntry};
use custos_core::lifecycle::*;
use custos_tests::recording::*;
use custos_tests::reqwest::StatusCode;
use custos_tests::serde_json::json;
use custos_tests::{Backend, TestApp, expect_json};
use std::io::Read;
use std::time::Instant;

const BATCH: usize = 1_000;

fn main() {
    let total: usize = std::env::args()
        .nth(1)
        .map(|text| text.parse().expect("a number"))
        .unwrap_or(100_000);
    let app = TestApp::builder(Backend::Sqlite).start().expect("test app");
    let office = office(&app);
    let reviewer = user(
        &app,
        "reviewer.bench",
        custos_api::auth::Role::Reviewer,
        &office.county,
    );
    let case_id = "bench-case-real";
    let mut phone = office.phone_a(&app, case_id);
    let (a, b) = (office.a.id.as_str(), office.b.id.as_str());
    let filed = edited(step(RecordKind::CaseFiled, 0, a, b), |body| {
        if let RecordBody::CaseFiled(filed) = body {
            filed.party_kind = PartyKind::Person;
            filed.party = Some(Party {
                name: "欧阳娜娜".into(),
                id_number: Some("11010519491231002X".into()),
                // Art. 59 needs the party's address before a decision is accepted.
                address: Some("北京市东城区某胡同1号".into()),
                ..Party::default()
            });
        }
    });
    let steps = [
        filed,
        step(RecordKind::InvestigationRecord, 1, a, b),
        step(RecordKind::NoticeServed, 4, a, b),
        step(RecordKind::StatementRecorded, 5, a, b),
        step(RecordKind::DecisionIssued, 14, a, b),
    ];
    for record in &steps {
        submit(&app, &office.a.token, &[&phone.sign(record)]);
    }
    let response = app
        .post("/api/v1/publications")
        .bearer_auth(&reviewer.token)
        .json(&json!({"case_id": case_id}))
        .send()
        .expect("request sent");
    let published = expect_json(response, StatusCode::CREATED);
    let template: PublicationEntry = custos_api::publicity::entry::parse(&base64_decode(
        published["leaf"].as_str().expect("leaf"),
    ))
    .expect("a publication leaf");

    let seeding = Instant::now();
    let township = office.township.clone();
    app.db(|conn| {
        for start in (0..total).step_by(BATCH) {
            let end = (start + BATCH).min(total);
            db::write_transaction(conn, |conn| -> Result<(), custos_api::error::ApiError> {
                let now_us = custos_api::clock::now_us();
                let cases: Vec<CaseRow> = (start..end)
                    .map(|n| CaseRow {
                        id: format!("bench-case-{n}"),
                        org_id: township.clone(),
                        procedure: Some("ordinary".into()),
                        stage: "decided".into(),
                        domain: Some(DOMAIN.into()),
                        category: Some("food-safety".into()),
                        major: false,
                        complex: false,
                        filed_at_us: Some(template.notice.decided_at_us),
                        next_deadline_us: None,
                        record_count: 5,
                        fork_count: 0,
                        opened_at_us: now_us,
                        updated_at_us: now_us,
                    })
                    .collect();
                db::cases::insert_all(conn, &cases)?;
                let entries: Vec<PublicationEntry> = cases
                    .iter()
                    .map(|case| {
                        let mut entry = template.clone();
                        entry.publication = db::new_id();
                        entry.case = case.id.clone();
                        entry.notice.case = case.id.clone();
                        entry.at_us = now_us;
                        entry
                    })
                    .collect();
                let leaves = entries
                    .iter()
                    .map(|entry| Ok((PUBLICATION, log::leaf_bytes(PUBLICATION, entry)?)))
                    .collect::<Result<Vec<_>, log::AppendError>>()?;
                let range = log::append_leaves(conn, &leaves, now_us)?;
                for (entry, index) in entries.into_iter().zip(range) {
                    db::publications::insert(
                        conn,
                        &PublicationRow {
                            id: entry.publication,
                            org_id: township.clone(),
                            case_id: entry.case,
                            decided_at_us: entry.notice.decided_at_us,
                            due_before_us: entry.at_us,
                            approver_id: reviewer.id.clone(),
                            log_index: index as i64,
                            published_at_us: now_us,
                        },
                    )?;
                }
                Ok(())
            })
            .expect("seeded");
        }
    });
    eprintln!(
        "seeded {total} publications in {:.1?} (log of {} leaves)",
        seeding.elapsed(),
        app.get("/api/v1/log/checkpoint")
            .send()
            .expect("checkpoint")
            .text()
            .expect("text")
            .lines()
            .nth(1)
            .unwrap_or_default()
    );
    println!("{} {}", app.base_url, office.township);
    // Serve until the bench script is done with us.
    let _ = std::io::stdin().read_to_end(&mut Vec::new());
}

fn base64_decode(text: &str) -> Vec<u8> {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD
        .decode(text)
        .expect("base64")
}
