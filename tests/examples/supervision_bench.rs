//! Seeds a city's enforcement history for `tests/bench/supervision.sh`: a tree of units (the
//! root city, counties, townships), and in the townships `CASES` cases holding about `RECORDS`
//! records in all, a mix of what a year brings: closed ordinary cases, cases stopped after
//! the notice (their decision deadline overdue when old enough), decisions served late (a
//! warn finding), inspections, summary penalties, terminated and major cases, a few forks and
//! a few records held behind a gap in their chain, filed week after week from March to
//! October 2026. Then opens a 案卷评查 campaign over the root drawing `BENCH_REVIEW_FILES`
//! (default 200, at most the closed cases) of the closed case files. Prints `BASE_URL
//! ROOT_ORG_ID TOKEN CAMPAIGN_ID` (a root supervisor's access token) and serves until stdin
//! closes.
//!
//! ```text
//! cargo run --release -p custos-tests --example supervision_bench -- [CASES] [RECORDS] [UNITS]
//! ```
//!
//! Every record goes through the real `POST /api/v1/records`, signed by an enrolled phone:
//! attention items, case facts and findings are then written by the very transaction code
//! that writes them in production (`supervision::cases::record`), which a bench of what that
//! code leaves behind must not imitate. Ingest runs at thousands of records a second in
//! release (tests/bench/cluster.sh), so a million records take minutes; batches hold whole
//! cases and several clients submit at once, each for its own townships.
//!
//! `CUSTOS_BENCH_BACKEND=postgres` (with `CUSTOS_TEST_POSTGRES_URL`) seeds PostgreSQL; SQLite
//! otherwise.

use custos_api::auth::Role;
use custos_core::lifecycle::{CaseRecord, RecordBody, RecordKind as K};
use custos_core::record::Record;
use custos_core::rules::WorkingCalendar;
use custos_tests::recording::*;
use custos_tests::reqwest::StatusCode;
use custos_tests::serde_json::{Value, json};
use custos_tests::{Backend, TestApp, expect_json};
use std::collections::BTreeMap;
use std::io::Read;
use std::time::Instant;

const DAY_US: i64 = 86_400_000_000;
const MINUTE_US: i64 = 60_000_000;
/// Cases are filed on Mondays of the 35 weeks from 2 March 2026 (to late October).
const WEEKS: i64 = 35;
/// Records per submission, rounded up to whole cases.
const BATCH: usize = 500;

fn arg(position: usize, default: usize) -> usize {
    std::env::args()
        .nth(position)
        .map(|text| text.parse().expect("a number"))
        .unwrap_or(default)
}

/// What happens in a case. Of every twenty cases (see [`Shape::of`]) ten are closed, two wait
/// for their decision, two were served late, and one is of each other shape.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Shape {
    /// The whole ordinary case, filed to archived.
    Closed,
    /// Filed, investigated, noticed, the statement waived: waiting for its decision.
    Noticed,
    /// Decided and the decision served on day 30, late (a warn finding), not yet paid.
    ServedLate,
    /// An inspection, concluded compliant.
    Inspection,
    /// A summary penalty (one record).
    Summary,
    /// Filed, investigated and terminated.
    Terminated,
    /// A major case under investigation.
    Major,
    /// Noticed (no statement yet), and a second record at the place of its investigation (a
    /// fork).
    Forked,
    /// Filed and investigated; the statement sent without the notice before it (held).
    Held,
}

impl Shape {
    fn of(case: usize) -> Shape {
        match case % 20 {
            0..=9 => Shape::Closed,
            10..=11 => Shape::Noticed,
            12..=13 => Shape::ServedLate,
            14 => Shape::Inspection,
            15 => Shape::Summary,
            16 => Shape::Terminated,
            17 => Shape::Major,
            18 => Shape::Forked,
            _ => Shape::Held,
        }
    }

    /// The case's records before padding, days after its filing Monday.
    fn steps(self, a: &str, b: &str) -> Vec<CaseRecord> {
        let ordinary = |n: usize| ordinary_step(n, a, b);
        match self {
            Shape::Closed => (0..ORDINARY_CASE.len()).map(ordinary).collect(),
            Shape::Noticed | Shape::Held => (0..4).map(ordinary).collect(),
            Shape::ServedLate => {
                let mut steps: Vec<_> = (0..5).map(ordinary).collect();
                steps.push(step(K::DecisionServed, 30, a, b));
                steps
            }
            Shape::Inspection => vec![
                step(K::InspectionRecord, 0, a, b),
                step(K::InspectionConcluded, 1, a, b),
            ],
            Shape::Summary => vec![step(K::SummaryPenalty, 0, a, b)],
            Shape::Terminated => vec![ordinary(0), ordinary(1), step(K::CaseTerminated, 3, a, b)],
            Shape::Major => vec![
                edited(ordinary(0), |body| {
                    if let RecordBody::CaseFiled(filed) = body {
                        filed.major = true;
                    }
                }),
                ordinary(1),
            ],
            Shape::Forked => (0..3).map(ordinary).collect(),
        }
    }

    /// Whether extra records of its first kind of work (investigation or inspection) can be
    /// added to the case to reach the number of records asked for.
    fn padded(self) -> bool {
        self != Shape::Summary
    }
}

/// One case of the plan: where, when, what, and how many extra records.
struct Planned {
    id: usize,
    township: usize,
    week: i64,
    shape: Shape,
    extra: usize,
}

/// A township with its officers (A signs and submits, B is named) and A's phone.
struct Township {
    a: User,
    b: String,
    phone: Phone,
}

/// The weeks (after the one of 2 March 2026) whose Monday a lawful ordinary case can be filed
/// on with the days of [`ORDINARY_CASE`]: its decision (day 14) comes after the party's 5
/// working days to ask for a hearing from the notice (day 4), which a public holiday in
/// between would still keep open (Art. 64; the server refuses such a decision).
fn lawful_weeks() -> Vec<i64> {
    let calendar = WorkingCalendar::china();
    (0..WEEKS)
        .filter(|week| {
            let date = |on: i64| calendar.date_of(day(on + 7 * week));
            calendar.add_working_days(date(4), 5) < date(14)
        })
        .collect()
}

fn plan(cases: usize, records: usize, townships: usize) -> Vec<Planned> {
    let weeks = lawful_weeks();
    let base: usize = (0..cases).map(|n| Shape::of(n).steps("a", "b").len()).sum();
    let padded = (0..cases).filter(|n| Shape::of(*n).padded()).count().max(1);
    let extra = records.saturating_sub(base);
    let mut k = 0;
    (0..cases)
        .map(|id| {
            let shape = Shape::of(id);
            // Spread the extra records evenly over the cases that take them.
            let extra = if shape.padded() {
                k += 1;
                (k * extra / padded) - ((k - 1) * extra / padded)
            } else {
                0
            };
            Planned {
                id,
                township: id % townships,
                week: weeks[(id / townships) % weeks.len()],
                shape,
                extra,
            }
        })
        .collect()
}

/// The signed records of a case to submit now, and a fork to submit once they are in.
fn sign_case(case: &Planned, township: &Township) -> (Vec<Record>, Option<Record>) {
    let (a, b) = (township.a.id.as_str(), township.b.as_str());
    let mut steps = case.shape.steps(a, b);
    // Extra records of the first kind of work (the inspection, else the investigation),
    // right after it and a minute apart, before the next step of the case.
    let (work, position) = if case.shape == Shape::Inspection {
        (0, 1)
    } else {
        (1, 2)
    };
    for n in (0..case.extra).rev() {
        let mut more = steps[work].clone();
        more.at_us += (n as i64 + 1) * MINUTE_US;
        steps.insert(position, more);
    }
    let shift = case.week * 7 * DAY_US;
    let mut phone = township.phone.on_case(&format!("case-{}", case.id));
    let mut signed: Vec<Record> = steps
        .iter()
        .map(|record| {
            let mut record = record.clone();
            record.at_us += shift;
            phone.sign(&record)
        })
        .collect();
    let fork = match case.shape {
        // The notice never arrives: the statement after it waits for it.
        Shape::Held => {
            let notice = signed.len() - 2;
            signed.remove(notice);
            None
        }
        Shape::Forked => {
            let mut twin = step(K::InvestigationRecord, 2, a, b);
            twin.at_us += shift;
            Some(phone.sign_at(1, Some(signed[0].hash()), &twin))
        }
        _ => None,
    };
    (signed, fork)
}

fn tally(response: &Value, counts: &mut BTreeMap<String, usize>) {
    for result in response["results"].as_array().into_iter().flatten() {
        let outcome = result["outcome"].as_str().unwrap_or("?");
        // A refusal names its check: the seeding is meant to be lawful but for its findings.
        let outcome = match result["check"].as_str() {
            Some(check) if outcome == "refused" => format!("refused {check}"),
            _ => outcome.to_owned(),
        };
        *counts.entry(outcome).or_default() += 1;
    }
    for released in response["released"].as_array().into_iter().flatten() {
        let outcome = released["outcome"].as_str().unwrap_or("?");
        *counts.entry(format!("released {outcome}")).or_default() += 1;
    }
}

fn main() {
    let cases = arg(1, 100_000);
    let records = arg(2, 1_000_000);
    let units = arg(3, 200).max(3);
    let clients = std::env::var("BENCH_SEED_CLIENTS")
        .ok()
        .and_then(|text| text.parse().ok())
        .unwrap_or(4usize);
    let backend = match std::env::var("CUSTOS_BENCH_BACKEND").as_deref() {
        Ok("postgres") => Backend::Postgres,
        _ => Backend::Sqlite,
    };
    // Seeding a million records outlasts the default 15-minute access token.
    let app = TestApp::builder(backend)
        .config(|config| config.access_token_ttl_secs = 24 * 60 * 60)
        .start()
        .expect("test app");
    let admin = app.admin_token();

    // The root is the city; one county per 15 units, the rest townships shared among them.
    let started = Instant::now();
    let county_count = ((units - 1) / 15).max(1);
    let counties: Vec<String> = (0..county_count)
        .map(|n| {
            create_org(
                &app,
                &admin,
                &format!("County {n}"),
                &app.root_org_id,
                "county",
            )
        })
        .collect();
    let townships: Vec<Township> = (0..units - 1 - county_count)
        .map(|n| {
            let county = &counties[n % county_count];
            let org = create_org(&app, &admin, &format!("Township {n}"), county, "township");
            let a = officer(&app, &admin, &format!("officer.{n}.a"), &org);
            let b = app.add_user(&format!("officer.{n}.b"), PASSWORD, Role::Officer, &org);
            certify(&app, &admin, &b, &format!("CERT-officer.{n}.b"));
            let phone = Phone::generated("setup");
            enrol(&app, &admin, &phone, &org, &a.id);
            Township { a, b, phone }
        })
        .collect();
    let supervisor = user(&app, "supervisor.city", Role::Supervisor, &app.root_org_id);
    eprintln!(
        "{backend:?}: {units} units ({county_count} counties, {} townships) in {:.1?}",
        townships.len(),
        started.elapsed()
    );

    let planned = plan(cases, records, townships.len());
    let seeding = Instant::now();
    let counts = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..clients)
            .map(|client| {
                let (app, planned, townships) = (&app, &planned, &townships);
                scope.spawn(move || {
                    let mut counts = BTreeMap::new();
                    let mut forks = Vec::new();
                    // This client's townships, case after case, in batches of whole cases.
                    let mut mine = planned
                        .iter()
                        .filter(|case| case.township % clients == client)
                        .peekable();
                    while mine.peek().is_some() {
                        let township = mine.peek().expect("a case").township;
                        let mut batch = Vec::new();
                        while batch.len() < BATCH
                            && mine.peek().is_some_and(|case| case.township == township)
                        {
                            let (records, fork) =
                                sign_case(mine.next().expect("a case"), &townships[township]);
                            batch.extend(records);
                            forks.extend(fork.map(|fork| (township, fork)));
                        }
                        let refs: Vec<&Record> = batch.iter().collect();
                        tally(
                            &submit(app, &townships[township].a.token, &refs),
                            &mut counts,
                        );
                    }
                    for (township, fork) in &forks {
                        tally(
                            &submit(app, &townships[*township].a.token, &[fork]),
                            &mut counts,
                        );
                    }
                    counts
                })
            })
            .collect();
        let mut total = BTreeMap::new();
        for worker in workers {
            for (outcome, count) in worker.join().expect("client") {
                *total.entry(outcome).or_insert(0) += count;
            }
        }
        total
    });
    let sent: usize = counts.values().sum();
    eprintln!(
        "seeded {cases} cases, {sent} records in {:.1?} ({:.0} records/s): {counts:?}",
        seeding.elapsed(),
        sent as f64 / seeding.elapsed().as_secs_f64()
    );
    let campaign = open_campaign(&app, &supervisor.token, &planned);
    println!(
        "{} {} {} {campaign}",
        app.base_url, app.root_org_id, supervisor.token
    );
    // Serve until the bench script is done with us.
    let _ = std::io::stdin().read_to_end(&mut Vec::new());
}

/// Opens a campaign over the root by a draw of `BENCH_REVIEW_FILES` closed case files (at
/// most as many as the plan closes) and returns its id.
fn open_campaign(app: &TestApp, token: &str, planned: &[Planned]) -> String {
    let closed = planned
        .iter()
        .filter(|case| matches!(case.shape, Shape::Closed | Shape::Terminated))
        .count();
    let files = std::env::var("BENCH_REVIEW_FILES")
        .ok()
        .and_then(|text| text.parse().ok())
        .unwrap_or(200usize)
        .min(closed)
        .max(1);
    let order = json!({
        "org_id": app.root_org_id, "title": "bench 案卷评查", "from_us": 0,
        "to_us": 4_102_444_800_000_000i64, "draw": {"count": files},
    });
    let started = Instant::now();
    let response = app
        .post("/api/v1/supervision/reviews")
        .bearer_auth(token)
        .json(&order)
        .send()
        .expect("campaign request");
    let opened = expect_json(response, StatusCode::CREATED);
    eprintln!(
        "campaign of {files} files drawn from {closed} closed in {:.1?}",
        started.elapsed()
    );
    opened["id"].as_str().expect("campaign id").to_owned()
}
