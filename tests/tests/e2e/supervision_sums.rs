//! The statistics' running sums through HTTP: cases of two townships filed, decided and
//! closed across five months, then every grouping over periods of whole months, of partial
//! months at either end, within one month and with no end, each answer compared with the
//! same statistics counted from the case facts alone (`stats::compute_from_facts`), and again
//! after the sums are rebuilt from the facts as the migration's backfill builds them. Partial
//! months read the day sums for their whole UTC days: periods ending mid-day check those too.

use custos_api::db::case_facts::Grouping;
use custos_api::supervision::{rollup, stats};
use custos_core::lifecycle::*;
use custos_core::record::Record;
use custos_core::rules::LocalDate;
use custos_tests::recording::*;
use custos_tests::reqwest::StatusCode;
use custos_tests::serde_json::{self, Value};
use custos_tests::{TestApp, both_backends, expect_json};

use RecordKind as K;

const DAY_US: i64 = 86_400_000_000;
const CST: i32 = 480;

/// `record` moved `days` calendar days later.
fn later(mut record: CaseRecord, days: i64) -> CaseRecord {
    record.at_us += days * DAY_US;
    record
}

/// The start of a local day in China.
fn local(year: i32, month: u32, day: u32) -> i64 {
    LocalDate::from_ymd(year, month, day)
        .expect("a date")
        .start_us(CST)
}

const GROUPINGS: [Option<(Grouping, &str)>; 6] = [
    None,
    Some((Grouping::Unit, "unit")),
    Some((Grouping::Month, "month")),
    Some((Grouping::Domain, "domain")),
    Some((Grouping::Procedure, "procedure")),
    Some((Grouping::Officer, "officer")),
];

/// Every grouping over every period, as the county's supervisor asks through HTTP, each
/// checked against the facts; returns the answers. `publicity_stats` checks the publication
/// figures with it too.
pub(crate) fn check_all(app: &TestApp, token: &str, county: &str) -> Vec<Value> {
    let periods = [
        (0, i64::MAX),
        // Whole months: April to July 2026.
        (local(2026, 4, 1), local(2026, 8, 1)),
        // Partial months at both ends.
        (local(2026, 3, 9), local(2026, 7, 20) + 3_600_000_000),
        // Within one month, and across one month's end only.
        (local(2026, 5, 4), local(2026, 5, 28)),
        (local(2026, 4, 20), local(2026, 5, 12)),
        // From a month's start with no end.
        (local(2026, 5, 1), i64::MAX),
        // Partial months whose ends fall mid-day: whole days from the day sums, the hours
        // around them from the facts.
        (
            local(2026, 3, 9) + 5 * 3_600_000_000,
            local(2026, 5, 12) + 19 * 3_600_000_000,
        ),
        (
            local(2026, 4, 20) + 9 * 3_600_000_000,
            local(2026, 7, 2) + 3_600_000_000,
        ),
        // Whole months March to October, and the same with ends three hours around the
        // local midnights that end the last days to publish of 25 March and 8 October: those
        // deadlines counted from the rows, the others from the day and month sums.
        (local(2026, 3, 1), local(2026, 11, 1)),
        (
            local(2026, 3, 26) - 3 * 3_600_000_000,
            local(2026, 10, 9) + 3 * 3_600_000_000,
        ),
    ];
    let mut answers = Vec::new();
    for (from_us, to_us) in periods {
        for grouping in GROUPINGS {
            let mut path = format!("/api/v1/stats?from_us={from_us}");
            if to_us != i64::MAX {
                path.push_str(&format!("&to_us={to_us}"));
            }
            if let Some((_, name)) = grouping {
                path.push_str(&format!("&group_by={name}"));
            }
            let answer = expect_json(app.get_as(token, &path), StatusCode::OK);
            let now_us = custos_api::clock::now_us();
            let facts = app.db(|conn| {
                stats::compute_from_facts(conn, county, from_us, to_us, grouping, now_us)
                    .expect("statistics from the facts")
                    .expect("the county")
            });
            assert_eq!(
                answer,
                serde_json::to_value(&facts).expect("json"),
                "{path}: the sums and the facts disagree"
            );
            answers.push(answer);
        }
    }
    answers
}

both_backends!(fn the_sums_agree_with_the_facts_for_every_period_and_grouping(app) {
    let office = office(&app);
    let admin = &office.admin;
    let north = create_org(&app, admin, "North Township", &office.county, "township");
    let c = officer(&app, admin, "officer.c", &north);
    let d = officer(&app, admin, "officer.d", &north);
    for (n, holder) in [&office.a.id, &office.b.id, &c.id, &d.id].into_iter().enumerate() {
        certify_for(&app, admin, holder, &format!("FOOD-{n}"), &["food-safety"]);
    }
    let phone_ab = Phone::new(1, "setup");
    enrol(&app, admin, &phone_ab, &office.township, &office.a.id);
    let phone_cd = Phone::new(3, "setup");
    enrol(&app, admin, &phone_cd, &north, &c.id);

    // Twelve cases, one every eleven days from 2 March 2026: whole ordinary cases, cases
    // decided and not closed, cases only filed (their deadlines pass), and summary
    // penalties; in two domains, two townships and with two openers.
    let mut accepted = 0;
    for n in 0..12i64 {
        let (phone, token, first, second) = if n % 2 == 0 {
            (&phone_ab, &office.a.token, &office.a.id, &office.b.id)
        } else {
            (&phone_cd, &c.token, &c.id, &d.id)
        };
        let steps: Vec<CaseRecord> = match n % 4 {
            0 => (0..9).map(|s| ordinary_step(s, first, second)).collect(),
            1 => (0..6).map(|s| ordinary_step(s, first, second)).collect(),
            2 => (0..2).map(|s| ordinary_step(s, first, second)).collect(),
            _ => vec![step(K::SummaryPenalty, 3, first, second)],
        };
        let steps: Vec<CaseRecord> = steps
            .into_iter()
            .map(|record| {
                let record = edited(record, |body| {
                    if let RecordBody::CaseFiled(filed) = body
                        && n % 3 == 0
                    {
                        filed.domain = "food-safety".into();
                    }
                });
                later(record, n * 11)
            })
            .collect();
        let records: Vec<Record> = phone.on_case(&format!("sums-{n}")).sign_all(&steps);
        // In submissions of three, so each case's facts are rewritten, not only written.
        for part in records.chunks(3) {
            let response = submit(&app, token, &part.iter().collect::<Vec<_>>());
            accepted += outcomes(&response).iter().filter(|o| *o == "accepted").count();
        }
    }
    // A case opened by B that names A to handle it too: a later submission's facts name the
    // first officer assigned (A), and the case stays counted for B, who opened it.
    let phone_b = Phone::new(2, "setup");
    enrol(&app, admin, &phone_b, &office.township, &office.b.id);
    let (a, b) = (&office.a.id, &office.b.id);
    let mut steps = vec![filed_with(0, b, &[a])];
    steps.extend((1..9).map(|s| ordinary_step(s, b, a)));
    let records = phone_b.on_case("sums-by-b").sign_all(&steps);
    for part in records.chunks(3) {
        let response = submit(&app, &office.b.token, &part.iter().collect::<Vec<_>>());
        accepted += outcomes(&response).iter().filter(|o| *o == "accepted").count();
    }

    // Two summary penalties an hour after local midnight: on the first day of a period
    // below, and on the day that ends another. In those hours China's day and the UTC day
    // disagree, and each must count in the day of China it happened on.
    for (n, midnight) in [local(2026, 4, 20), local(2026, 5, 12)].into_iter().enumerate() {
        let mut record = step(K::SummaryPenalty, 0, &office.a.id, &office.b.id);
        record.at_us = midnight + 3_600_000_000;
        let records = phone_ab.on_case(&format!("night-{n}")).sign_all(&[record]);
        let response = submit(&app, &office.a.token, &records.iter().collect::<Vec<_>>());
        assert_eq!(outcomes(&response), ["accepted"], "{response}");
    }

    // A few records land on a holiday or after a deadline and are refused: the statistics
    // count what was accepted, on both sides of the comparison.
    assert!(accepted >= 56, "{accepted} of 63 records accepted");

    let token = &office.supervisor.token;
    let before = check_all(&app, token, &office.county);
    let total = &before[0]["total"]["figures"];
    for figure in ["cases_filed", "cases_decided", "cases_closed", "overdue_cases"] {
        assert!(total[figure].as_i64().unwrap_or(0) > 0, "{figure}: {total}");
    }
    let months = before[2]["groups"].as_array().expect("groups").len();
    assert!(months >= 4, "the cases span {months} months");

    // Built afresh from the facts, the sums answer the same.
    app.db(|conn| {
        custos_api::db::rollups::mark_pending(conn).expect("marked");
        rollup::backfill(conn).expect("rebuilt");
    });
    assert_eq!(check_all(&app, token, &office.county), before);
});
