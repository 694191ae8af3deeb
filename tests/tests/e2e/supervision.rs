//! Supervision (督办 and 执法行为统计) through HTTP: every attention kind made to happen by
//! records a phone signs, seen by the county above, cured by later records and then listed as
//! cured with both times; thresholds from the unit's rule configuration; officers see only
//! their own cases' items and a sibling county nothing; statistics checked against counts
//! this test makes from the records it sent; bad input named.

use custos_api::auth::Role;
use custos_core::lifecycle::*;
use custos_core::record::Record;
use custos_tests::recording::*;
use custos_tests::reqwest::StatusCode;
use custos_tests::serde_json::{Value, json};
use custos_tests::{TestApp, both_backends, expect_json, expect_problem};

use RecordKind as K;

/// Submits records in one batch and asserts each is accepted.
fn accept(app: &TestApp, token: &str, records: &[&Record]) -> Value {
    let response = submit(app, token, records);
    assert!(
        outcomes(&response).iter().all(|o| o == "accepted"),
        "{response}"
    );
    response
}

/// The items `token` sees at `query` (after `/api/v1/supervision/attention?`).
fn attention(app: &TestApp, token: &str, query: &str) -> Vec<Value> {
    let body = expect_json(
        app.get_as(
            token,
            &format!("/api/v1/supervision/attention?limit=1000&{query}"),
        ),
        StatusCode::OK,
    );
    body.as_array().expect("array").clone()
}

/// The items of `case` among `items`, as (kind, severity) pairs, but for the report of a
/// township's filing that every case here has (`supervision_filing` tests it).
fn of_case(items: &[Value], case: &str) -> Vec<(String, String)> {
    let mut found: Vec<(String, String)> = items
        .iter()
        .filter(|item| item["case_id"] == case && item["kind"] != "filing_report")
        .map(|item| {
            (
                item["kind"].as_str().unwrap().to_owned(),
                item["severity"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    found.sort();
    found
}

fn pair(kind: &str, severity: &str) -> (String, String) {
    (kind.to_owned(), severity.to_owned())
}

/// A sibling county with its own supervisor.
fn sibling_supervisor(app: &TestApp, admin: &str) -> User {
    let county = create_org(app, admin, "Other County", &app.root_org_id, "county");
    user(app, "supervisor.other", Role::Supervisor, &county)
}

both_backends!(fn every_attention_kind_appears_and_is_cured(app) {
    let office = office(&app);
    let (a, b) = (&office.a.id, &office.b.id);
    let sup = &office.supervisor.token;
    let other = sibling_supervisor(&app, &office.admin);

    // A filing of March 2026, never decided: its 90-day decision deadline has long passed,
    // so the county sees an alarm.
    let base = office.phone_a(&app, "case-late");
    let mut phone = base.on_case("case-late");
    accept(&app, &office.a.token, &[&phone.sign(&office.step(0))]);
    let items = attention(&app, sup, "");
    assert_eq!(of_case(&items, "case-late"), [pair("deadline", "alarm")], "{items:?}");
    let item = items.iter().find(|i| i["case_id"] == "case-late" && i["kind"] == "deadline").unwrap();
    assert_eq!(item["rule"], "APL-60-decision-90-days");
    assert_eq!(item["article_zh"], "《行政处罚法》第六十条");
    assert_eq!(item["state"], "open");
    assert_eq!(item["subject"], json!({"kind": "case", "id": "case-late"}));
    assert_eq!(item["org_id"], office.township.as_str());
    assert!(item["text_zh"].as_str().unwrap().contains("期限"));
    // 90 days from Monday 2 March end on Sunday 31 May, so on Monday 1 June: due before
    // the start of 2 June, China time (day 92 less the 10 hours of `day`'s 10:00).
    assert_eq!(item["due_us"].as_i64(), Some(day(92) - 10 * 3_600_000_000), "{item}");
    let first = item["id"].clone();
    // The officer handling it sees it; its colleague, who does not, and the sibling county
    // see nothing of it.
    assert_eq!(of_case(&attention(&app, &office.a.token, ""), "case-late").len(), 1);
    assert!(of_case(&attention(&app, &office.b.token, ""), "case-late").is_empty());
    assert!(attention(&app, &other.token, "").is_empty());

    // The rest of the case, decided on day 14: the decision deadline is cured, and the case
    // goes on through service and payment to its end with nothing left open but its
    // publication (执法公示), overdue since 25 March and due whether or not the case ended.
    let rest: Vec<Record> = (1..9).map(|n| phone.sign(&office.step(n))).collect();
    accept(&app, &office.a.token, &rest.iter().collect::<Vec<_>>());
    assert_eq!(
        of_case(&attention(&app, sup, ""), "case-late"),
        [pair("publication_overdue", "alarm")]
    );
    let cured = attention(&app, sup, "state=cured");
    let item = cured.iter().find(|i| i["id"] == first).expect("listed as cured");
    assert_eq!(item["state"], "cured");
    let (since, cured_at) = (item["since_us"].as_i64().unwrap(), item["cured_us"].as_i64().unwrap());
    assert!(since < cured_at, "{item}");
    assert_eq!(item["severity"], "alarm", "it was overdue when cured: {item}");

    // A decision served late (day 30, due by day 23) is a warn finding of the service rule,
    // and a second record at a taken place of the chain is a fork: both need attention while
    // the case is open and are cured when it closes.
    let mut phone = base.on_case("case-finding");
    let filed: Vec<Record> = [
        office.step(0),
        office.step(1),
        office.step(2),
        office.step(3),
        office.step(4),
        step(K::DecisionServed, 30, a, b),
    ]
    .iter()
    .map(|r| phone.sign(r))
    .collect();
    accept(&app, &office.a.token, &filed.iter().collect::<Vec<_>>());
    let twin = phone.sign_at(1, Some(filed[0].hash()), &step(K::InvestigationRecord, 2, a, b));
    let response = submit(&app, &office.a.token, &[&twin]);
    assert_eq!(outcomes(&response), ["fork"], "{response}");
    let items = attention(&app, sup, "");
    assert_eq!(
        of_case(&items, "case-finding"),
        [
            pair("deadline", "alarm"),
            pair("fork", "alarm"),
            pair("publication_overdue", "alarm"),
            pair("rule_finding", "alarm"),
        ],
        "{items:?}"
    );
    let finding = items.iter().find(|i| i["case_id"] == "case-finding" && i["kind"] == "rule_finding").unwrap();
    assert_eq!(finding["rule"], "APL-61-service-7-days");
    assert_eq!(finding["subject"]["kind"], "record");
    assert_eq!(finding["subject"]["id"], filed[5].hash().to_hex());
    assert_eq!(attention(&app, sup, "kind=fork").len(), 1);
    let closing: Vec<Record> = [step(K::ExecutionRecorded, 31, a, b), step(K::CaseClosed, 32, a, b)]
        .iter()
        .map(|r| phone.sign(r))
        .collect();
    accept(&app, &office.a.token, &closing.iter().collect::<Vec<_>>());
    // All but the publication, still due.
    assert_eq!(
        of_case(&attention(&app, sup, ""), "case-finding"),
        [pair("publication_overdue", "alarm")]
    );
    let cured = attention(&app, sup, "state=cured");
    assert_eq!(
        of_case(&cured, "case-finding"),
        [pair("deadline", "alarm"), pair("fork", "alarm"), pair("rule_finding", "alarm")],
        "{cured:?}"
    );

    // A major case needs legal review and collective discussion before its decision: pending
    // until the county's reviewer approves and the heads discuss it.
    let reviewer = user(&app, "reviewer.county", Role::Reviewer, &office.county);
    let mut reviewer_phone = Phone::new(2, "case-major");
    enrol(&app, &office.admin, &reviewer_phone, &office.county, &reviewer.id);
    let mut phone = base.on_case("case-major");
    let major = edited(step(K::CaseFiled, 0, a, b), |body| {
        if let RecordBody::CaseFiled(filed) = body {
            filed.major = true;
        }
    });
    accept(&app, &office.a.token, &[&phone.sign(&major), &phone.sign(&step(K::InvestigationRecord, 1, a, b))]);
    assert_eq!(
        of_case(&attention(&app, sup, "kind=review_pending"), "case-major"),
        [pair("review_pending", "warning")]
    );
    accept(&app, &reviewer.token, &[&reviewer_phone.sign(&step(K::ReviewLegal, 2, &reviewer.id, &reviewer.id))]);
    // Still pending: the collective discussion is missing.
    let pending = attention(&app, sup, "kind=review_pending");
    assert_eq!(of_case(&pending, "case-major").len(), 1);
    assert!(pending[0]["detail"].as_str().unwrap().contains("collective"), "{pending:?}");
    accept(&app, &office.a.token, &[&phone.sign(&step(K::ReviewCollective, 3, a, b))]);
    assert!(of_case(&attention(&app, sup, "kind=review_pending"), "case-major").is_empty());
    assert_eq!(
        of_case(&attention(&app, sup, "kind=review_pending&state=cured"), "case-major"),
        [pair("review_pending", "warning")]
    );

    // A deadline not yet passed shows as a warning once it is within the unit's threshold,
    // set on the county and inherited by the township: a filing of yesterday has 89 days to
    // its decision, inside a window of 100 working days but not of the default 3.
    let now = custos_api::clock::now_us();
    let mut phone = base.on_case("case-soon");
    let yesterday = CaseRecord::new(now - 86_400_000_000, a, body(K::CaseFiled, b));
    accept(&app, &office.a.token, &[&phone.sign(&yesterday)]);
    assert!(of_case(&attention(&app, sup, ""), "case-soon").is_empty());
    set_rules(&app, &office.admin, &office.county, &json!({"attention": {"deadline_warning_working_days": 100}}));
    // The threshold applies from the case's next record.
    accept(&app, &office.a.token, &[&phone.sign(&CaseRecord::new(now - 3_600_000_000, a, body(K::InvestigationRecord, b)))]);
    let items = attention(&app, sup, "");
    assert_eq!(of_case(&items, "case-soon"), [pair("deadline", "warning")], "{items:?}");
    assert_eq!(of_case(&attention(&app, sup, "severity=warning"), "case-soon").len(), 1);
    assert!(of_case(&attention(&app, sup, "severity=alarm"), "case-soon").is_empty());
    // It shows from its filing, a day ago, not from 100 working days before its last day.
    assert!(of_case(&attention(&app, sup, "min_age_days=2"), "case-soon").is_empty());
    assert_eq!(of_case(&attention(&app, sup, "min_age_days=1"), "case-soon").len(), 1);

    // Paging: newest first by default, oldest with order=oldest; a page continues after the
    // last id of the one before.
    let all = attention(&app, sup, "state=cured");
    let oldest = attention(&app, sup, "state=cured&order=oldest");
    assert!(all.len() >= 5, "{all:?}");
    let reversed: Vec<_> = oldest.iter().rev().map(|i| i["id"].clone()).collect();
    assert_eq!(all.iter().map(|i| i["id"].clone()).collect::<Vec<_>>(), reversed);
    let page = expect_json(app.get_as(sup, "/api/v1/supervision/attention?state=cured&limit=2"), StatusCode::OK);
    assert_eq!(page.as_array().unwrap().len(), 2);
    let next = attention(&app, sup, &format!("state=cured&after={}", page[1]["id"].as_str().unwrap()));
    assert_eq!(next[0]["id"], all[2]["id"]);
    assert_eq!(next.len(), all.len() - 2);

    // Bad input names the parameter; a unit outside the caller's scope is not found.
    for (query, named) in [
        ("kind=late", "kind"),
        ("severity=red", "severity"),
        ("state=closed", "state"),
        ("order=up", "order"),
        ("min_age_days=-1", "min_age_days"),
        ("limit=0", "limit"),
    ] {
        let problem = expect_problem(
            app.get_as(sup, &format!("/api/v1/supervision/attention?{query}")),
            StatusCode::BAD_REQUEST,
            "invalid-query",
        );
        assert!(problem["detail"].as_str().unwrap().contains(named), "{query}: {problem}");
    }
    expect_problem(
        app.get_as(&other.token, &format!("/api/v1/supervision/attention?org_id={}", office.township)),
        StatusCode::NOT_FOUND,
        "not-found",
    );
    expect_problem(
        app.get_as(&office.admin, "/api/v1/supervision/attention?after=01900000-0000-7000-8000-000000000000"),
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid-input",
    );
});

/// Working days (Monday to Friday: March 2026 has no holiday) after day `from` up to and
/// including day `to`, counted here rather than by custos.
fn working_days(from: i64, to: i64) -> i64 {
    // Day 0 is a Monday.
    (from + 1..=to).filter(|d| d.rem_euclid(7) < 5).count() as i64
}

both_backends!(fn statistics_add_up_to_what_the_records_say(app) {
    let office = office(&app);
    let (a, b) = (&office.a.id, &office.b.id);
    let sup = &office.supervisor.token;
    let reviewer = user(&app, "reviewer.county", Role::Reviewer, &office.county);
    let reviewer_phone = Phone::new(2, "s-major");
    enrol(&app, &office.admin, &reviewer_phone, &office.county, &reviewer.id);
    let phone = office.phone_a(&app, "s-full");

    // s-full: the whole lawful ordinary case, fined ¥5,000, filed d0, decided d14, closed d17.
    let mut full = phone.on_case("s-full");
    let records: Vec<Record> = (0..9).map(|n| full.sign(&office.step(n))).collect();
    accept(&app, &office.a.token, &records.iter().collect::<Vec<_>>());
    // s-summary: an on-the-spot fine of ¥100.
    let mut summary = phone.on_case("s-summary");
    accept(&app, &office.a.token, &[&summary.sign(&step(K::SummaryPenalty, 3, a, b))]);
    // s-open: filed d2, never decided (its decision deadline has passed).
    let mut open = phone.on_case("s-open");
    accept(&app, &office.a.token, &[&open.sign(&step(K::CaseFiled, 2, a, b))]);
    // s-major: major, reviewed and discussed, decided d15 (¥5,000), not yet served (its
    // service deadline has passed).
    let mut major = phone.on_case("s-major");
    let mut reviewer_phone = reviewer_phone.on_case("s-major");
    let filed = edited(step(K::CaseFiled, 0, a, b), |body| {
        if let RecordBody::CaseFiled(filed) = body {
            filed.major = true;
        }
    });
    accept(&app, &office.a.token, &[&major.sign(&filed), &major.sign(&step(K::InvestigationRecord, 1, a, b))]);
    accept(&app, &reviewer.token, &[&reviewer_phone.sign(&step(K::ReviewLegal, 2, &reviewer.id, &reviewer.id))]);
    let rest: Vec<Record> = [
        step(K::ReviewCollective, 3, a, b),
        step(K::NoticeServed, 4, a, b),
        step(K::StatementRecorded, 5, a, b),
        step(K::DecisionIssued, 15, a, b),
    ]
    .iter()
    .map(|r| major.sign(r))
    .collect();
    accept(&app, &office.a.token, &rest.iter().collect::<Vec<_>>());
    // s-late: decided d14, served d30 (late: one warn finding), closed d32.
    let mut late = phone.on_case("s-late");
    let records: Vec<Record> = [
        office.step(0),
        office.step(1),
        office.step(2),
        office.step(3),
        office.step(4),
        step(K::DecisionServed, 30, a, b),
        step(K::ExecutionRecorded, 31, a, b),
        step(K::CaseClosed, 32, a, b),
    ]
    .iter()
    .map(|r| late.sign(r))
    .collect();
    accept(&app, &office.a.token, &records.iter().collect::<Vec<_>>());

    // What the records say, counted here: filed s-full, s-open, s-major, s-late; decided
    // s-full, s-summary, s-major, s-late; closed s-full, s-late; fines 5000 + 100 + 5000 +
    // 5000 yuan; one major decision, reviewed and discussed; overdue s-open (decision) and
    // s-major (service); one finding; working days 10 (d0→d14) twice and 11 (d0→d15).
    let fen = 500_000 + 10_000 + 500_000 + 500_000;
    let mut days = [working_days(0, 14), working_days(0, 15), working_days(0, 14)];
    days.sort();
    let median = days[(days.len() * 50).div_ceil(100) - 1];
    let p90 = days[(days.len() * 90).div_ceil(100) - 1];
    let stats = expect_json(app.get_as(sup, "/api/v1/stats"), StatusCode::OK);
    let total = &stats["total"];
    let figures = &total["figures"];
    for (name, expected) in [
        ("cases_filed", 4),
        ("cases_decided", 4),
        ("cases_closed", 2),
        ("overdue_cases", 2),
        ("major_cases_filed", 1),
        ("penalties_fine", 4),
        ("fine_fen", fen),
        ("penalties_warning", 0),
        ("penalties_confiscation", 0),
        ("hearings_requested", 0),
        ("hearings_held", 0),
        ("major_decisions", 1),
        ("major_decisions_legal_review", 1),
        ("major_decisions_collective_discussion", 1),
        ("decision_working_days_median", median),
        ("decision_working_days_p90", p90),
    ] {
        assert_eq!(figures[name], expected, "{name}: {stats}");
    }
    assert_eq!(total["findings_by_rule"], json!({"APL-61-service-7-days": 1}), "{stats}");
    assert_eq!(stats["org_id"], office.county.as_str());
    assert_eq!(stats["groups"], json!([]));

    // By procedure: the summary penalty apart; by month: the month of each event; by unit: the
    // township, named; by officer: A opened them all.
    let by = |group_by: &str| expect_json(app.get_as(sup, &format!("/api/v1/stats?group_by={group_by}")), StatusCode::OK);
    let procedure = by("procedure");
    let groups = procedure["groups"].as_array().unwrap();
    let ordinary = groups.iter().find(|g| g["key"] == "ordinary").unwrap();
    let summary_group = groups.iter().find(|g| g["key"] == "summary").unwrap();
    assert_eq!(ordinary["figures"]["cases_filed"], 4);
    assert_eq!(ordinary["figures"]["cases_decided"], 3);
    assert_eq!(summary_group["figures"]["cases_decided"], 1);
    assert_eq!(summary_group["figures"]["fine_fen"], 10_000);
    // s-late closed on day 32, 3 April.
    let month = by("month");
    assert_eq!(month["groups"].as_array().unwrap().len(), 2, "{month}");
    assert_eq!(month["groups"][0]["key"], "2026-03");
    assert_eq!(month["groups"][0]["figures"]["cases_decided"], 4);
    assert_eq!(month["groups"][0]["figures"]["cases_closed"], 1);
    assert_eq!(month["groups"][1]["key"], "2026-04");
    assert_eq!(month["groups"][1]["figures"], json!({"cases_closed": 1}));
    let unit = by("unit");
    assert_eq!(unit["groups"][0]["key"], office.township.as_str());
    assert_eq!(unit["groups"][0]["label"], "Test Township");
    let officer = by("officer");
    assert_eq!(officer["groups"][0]["key"], office.a.id.as_str());
    assert_eq!(officer["groups"][0]["figures"]["cases_filed"], 4);
    assert_eq!(by("domain")["groups"][0]["key"], DOMAIN);

    // A period: from day 15 on, only the decision of s-major and the closing of s-full and
    // s-late fall in it.
    let period = expect_json(app.get_as(sup, &format!("/api/v1/stats?from_us={}&to_us={}", day(15), day(40))), StatusCode::OK);
    assert_eq!(period["total"]["figures"]["cases_filed"], json!(null), "{period}");
    assert_eq!(period["total"]["figures"]["cases_decided"], 1, "{period}");
    assert_eq!(period["total"]["figures"]["cases_closed"], 2, "{period}");

    // CSV: a header, a row per group and the total.
    let response = app.get("/api/v1/stats?group_by=procedure").bearer_auth(sup).header("accept", "text/csv").send().unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
    let text = response.text().unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 4, "{text}");
    assert!(lines[0].starts_with("key,label,cases_filed,cases_decided,cases_closed"), "{text}");
    assert!(lines[0].ends_with("finding:APL-61-service-7-days"), "{text}");
    let header: Vec<&str> = lines[0].split(',').collect();
    let total_row: Vec<&str> = lines[3].split(',').collect();
    assert_eq!(total_row[0], "total");
    let column = |name: &str| header.iter().position(|h| *h == name).unwrap();
    assert_eq!(total_row[column("fine_fen")], fen.to_string());
    assert_eq!(total_row[column("cases_filed")], "4");

    // A sibling county's supervisor sees none of it; the township is not in its scope.
    let other = sibling_supervisor(&app, &office.admin);
    let theirs = expect_json(app.get_as(&other.token, "/api/v1/stats?group_by=unit"), StatusCode::OK);
    assert_eq!(theirs["groups"], json!([]), "{theirs}");
    assert_eq!(theirs["total"]["figures"], json!({}), "{theirs}");
    expect_problem(
        app.get_as(&other.token, &format!("/api/v1/stats?org_id={}", office.township)),
        StatusCode::NOT_FOUND,
        "not-found",
    );
    // Officers read no statistics; bad input names the parameter.
    expect_problem(app.get_as(&office.a.token, "/api/v1/stats"), StatusCode::FORBIDDEN, "forbidden");
    for (query, named) in [
        ("group_by=week", "group_by"),
        ("from_us=-5", "from_us"),
        ("org_id=x!", "org_id"),
    ] {
        let problem = expect_problem(
            app.get_as(sup, &format!("/api/v1/stats?{query}")),
            StatusCode::BAD_REQUEST,
            "invalid-query",
        );
        assert!(problem["detail"].as_str().unwrap().contains(named), "{query}: {problem}");
    }
    // Each bound is valid alone; a reversed period is 422 naming to_us.
    let problem = expect_problem(
        app.get_as(sup, "/api/v1/stats?from_us=10&to_us=5"),
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid-input",
    );
    assert!(problem["detail"].as_str().unwrap().contains("to_us"), "{problem}");
});
