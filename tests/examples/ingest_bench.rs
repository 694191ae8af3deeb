//! Throughput of `POST /api/v1/records` through the real server: lawful ordinary cases signed
//! with custos-core, submitted in batches, each record checked (signature, chain, lifecycle,
//! rules) and appended to the log.
//!
//! ```text
//! tests/bench-records.sh [RECORDS] [BATCH] [CLIENTS]
//! ```
//!
//! `CUSTOS_BENCH_BACKEND=postgres` (with `CUSTOS_TEST_POSTGRES_URL`, as
//! `tests/run-postgres.sh` sets it) measures PostgreSQL; SQLite otherwise. Signing happens
//! before the clock starts; the figure is records accepted per second of wall-clock time.

use custos_core::record::Record;
use custos_tests::recording::*;
use custos_tests::{Backend, TestApp};
use std::time::Instant;

fn arg(position: usize, default: usize) -> usize {
    std::env::args()
        .nth(position)
        .map(|text| text.parse().expect("a number"))
        .unwrap_or(default)
}

fn main() {
    let total = arg(1, 10_000);
    let batch = arg(2, 500);
    let clients = arg(3, 1);
    let backend = match std::env::var("CUSTOS_BENCH_BACKEND").as_deref() {
        Ok("postgres") => Backend::Postgres,
        _ => Backend::Sqlite,
    };
    let app = TestApp::builder(backend).start().expect("test app");
    let admin = app.admin_token();
    let unit = create_org(&app, &admin, "Bench Township", &app.root_org_id, "township");
    let a = officer(&app, &admin, "officer.a", &unit);
    let b = officer(&app, &admin, "officer.b", &unit);
    enrol(&app, &admin, &Phone::new(1, "case-0"), &unit, &a.id);

    // Each case is the nine records of the ordinary case, in order; cases follow each other.
    let cases = total.div_ceil(ORDINARY_CASE.len());
    let signing = Instant::now();
    let records: Vec<Record> = (0..cases)
        .flat_map(|case| {
            let mut phone = Phone::new(1, &format!("case-{case}"));
            (0..ORDINARY_CASE.len())
                .map(|n| phone.sign(&ordinary_step(n, &a.id, &b.id)))
                .collect::<Vec<_>>()
        })
        .collect();
    eprintln!(
        "signed {} records in {:.2?}",
        records.len(),
        signing.elapsed()
    );

    // Clients take batches in turn. A case split between two clients' batches may arrive
    // out of order: its later records are held and released by the earlier ones, so what
    // counts is every record accepted in the end.
    let batches: Vec<&[Record]> = records.chunks(batch).collect();
    let cpu_before = cpu_seconds();
    let started = Instant::now();
    let accepted: usize = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..clients)
            .map(|client| {
                let (app, batches, token) = (&app, &batches, &a.token);
                scope.spawn(move || {
                    let mut accepted = 0;
                    for chunk in batches.iter().skip(client).step_by(clients) {
                        let refs: Vec<&Record> = chunk.iter().collect();
                        let response = submit(app, token, &refs);
                        let released = response["released"].as_array().expect("released");
                        accepted += outcomes(&response)
                            .iter()
                            .filter(|o| *o == "accepted")
                            .count()
                            + released
                                .iter()
                                .filter(|r| r["outcome"] == "accepted")
                                .count();
                    }
                    accepted
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().expect("client")).sum()
    });
    assert_eq!(accepted, records.len(), "every record accepted");
    let elapsed = started.elapsed();
    let cpu = cpu_seconds() - cpu_before;
    println!(
        "{backend:?}: {} records in batches of {batch}, {clients} client(s): {:.2?}, {:.0} records/s; {cpu:.2} s of CPU in this process, {:.0} records per CPU-second",
        records.len(),
        elapsed,
        records.len() as f64 / elapsed.as_secs_f64(),
        records.len() as f64 / cpu
    );
}

/// User and system CPU time of this process so far, from /proc/self/stat (Linux; fields 14
/// and 15, in clock ticks of 1/100 s).
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").expect("/proc/self/stat");
    // The command name (field 2) is in parentheses and may hold spaces.
    let after_name = &stat[stat.rfind(')').expect("stat format") + 2..];
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    let ticks = |n: usize| fields[n - 3].parse::<f64>().expect("clock ticks");
    (ticks(14) + ticks(15)) / 100.0
}
