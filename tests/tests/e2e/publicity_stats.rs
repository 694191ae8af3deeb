//! The on-time rate of publication per unit in `GET /api/v1/stats`, through HTTP: decisions
//! published late, one published in time, one waiting, counted by the test from what it did
//! and compared with the figures in JSON and CSV, over the whole time and a shorter period.
//! A unit's yearly statistics read without login: last year's over its subtree from the due
//! day, this year's pending, the default due day 31 January, revalidated by ETag. Every
//! grouping and period of `supervision_sums` is compared with the figures counted from the rows
//! after each publication, changed decision, withdrawal, and a case filed after its inspection.

use crate::publicity::{
    decided_steps, decision_changed, filed_against, pending, person, publish, reviewer, submit_all,
};
use crate::supervision_sums::check_all;
use custos_core::lifecycle::{DecisionChange, NewDecision, Penalty, RecordKind};
use custos_core::rules::{LocalDate, WorkingCalendar};
use custos_tests::recording::*;
use custos_tests::reqwest::header::{ETAG, IF_NONE_MATCH};
use custos_tests::reqwest::{Method, StatusCode};
use custos_tests::serde_json::{Value, json};
use custos_tests::{TestApp, both_backends, expect_json, expect_problem};

const DAY_US: i64 = 86_400_000_000;

fn stats(app: &TestApp, token: &str, query: &str) -> Value {
    expect_json(
        app.get_as(token, &format!("/api/v1/stats?{query}")),
        StatusCode::OK,
    )
}

both_backends!(fn the_on_time_rate_of_publication_is_in_the_statistics(app) {
    let office = office(&app);
    let reviewer = reviewer(&app, &office);
    let sup = &office.supervisor.token;
    let party = person("张三丰", "11010519491231002X", "13812345678", "某地");
    // Decided Monday 16 March 2026 (due 25 March), published now: late.
    let mut phone = office.phone_a(&app, "case-rate-late");
    submit_all(&app, &office, &mut phone, &decided_steps(&office, &party, "facts", 0));
    publish(&app, &reviewer.token, "case-rate-late");
    // Decided Monday 21 September 2026 (due 8 October), still waiting.
    let mut phone = phone.on_case("case-rate-open");
    submit_all(&app, &office, &mut phone, &decided_steps(&office, &party, "facts", 189));
    // Decided yesterday, whatever the day: seven working days are still ahead, so publishing
    // now is in time.
    let now_us = custos_api::clock::now_us();
    let mut phone = phone.on_case("case-rate-on-time");
    let mut steps = decided_steps(&office, &party, "facts", 0);
    let shift = now_us - DAY_US - steps[4].at_us;
    for record in &mut steps {
        record.at_us += shift;
    }
    submit_all(&app, &office, &mut phone, &steps);
    let waiting = pending(&app, &reviewer.token);
    let due_before = |case_id: &str| {
        waiting["to_publish"].as_array().unwrap().iter()
            .find(|item| item["case_id"] == case_id).unwrap()["due_before_us"].as_i64().unwrap()
    };
    let open_due = due_before("case-rate-open");
    assert!(due_before("case-rate-on-time") > now_us);
    // Every publication figure of every grouping and period, from the sums and from the
    // rows, agrees after each change: one late and two waiting here.
    check_all(&app, sup, &office.county);
    let published = publish(&app, &reviewer.token, "case-rate-on-time");
    check_all(&app, sup, &office.county);
    assert_eq!(published["published_on_time"], true, "{published}");

    // What the test did: three due, one in time, one late, one waiting.
    let all = stats(&app, sup, &format!("org_id={}&group_by=unit", office.county));
    let township = all["groups"].as_array().unwrap().iter()
        .find(|group| group["key"] == office.township.as_str()).expect("the township's group").clone();
    for figures in [&township["figures"], &all["total"]["figures"]] {
        assert_eq!(figures["publications_due"], 3, "{all}");
        assert_eq!(figures["publications_on_time"], 1, "{all}");
        assert_eq!(figures["publications_late"], 1, "{all}");
        assert_eq!(figures["publications_open"], 1, "{all}");
        assert_eq!(figures["publications_on_time_percent"], 33, "{all}");
    }
    // A period ending before the waiting decision's last day: only the late one is due.
    let before = stats(&app, sup, &format!("org_id={}&to_us={open_due}", office.county));
    let figures = &before["total"]["figures"];
    assert_eq!(figures["publications_due"], 1, "{before}");
    assert_eq!(figures["publications_late"], 1, "{before}");
    assert_eq!(figures["publications_on_time_percent"], 0, "{before}");
    assert!(figures.get("publications_open").is_none(), "{before}");
    // By month of the last day: March, October and the on-time one's month.
    let by_month = stats(&app, sup, "group_by=month");
    let march = by_month["groups"].as_array().unwrap().iter()
        .find(|group| group["key"] == "2026-03").expect("March").clone();
    assert_eq!(march["figures"]["publications_late"], 1, "{by_month}");
    let october = by_month["groups"].as_array().unwrap().iter()
        .find(|group| group["key"] == "2026-10").expect("October").clone();
    assert_eq!(october["figures"]["publications_open"], 1, "{by_month}");

    // The same figures in the CSV.
    let response = app.get(&format!("/api/v1/stats?org_id={}&group_by=unit", office.county))
        .bearer_auth(sup).header("accept", "text/csv").send().unwrap();
    let text = response.text().unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let header: Vec<&str> = lines[0].split(',').collect();
    let row: Vec<&str> = lines.iter().find(|line| line.starts_with(office.township.as_str())).unwrap().split(',').collect();
    let column = |name: &str| header.iter().position(|h| *h == name).unwrap_or_else(|| panic!("{name} in {text}"));
    for (name, value) in [("publications_due", "3"), ("publications_on_time", "1"), ("publications_late", "1"), ("publications_open", "1"), ("publications_on_time_percent", "33")] {
        assert_eq!(row[column(name)], value, "{name}: {text}");
    }

    // A decision published late, then changed (a new decision due 31 March, waiting), its
    // notice withdrawn, and the new one published late too: the sums follow each step.
    let mut phone = phone.on_case("case-rate-changed");
    submit_all(&app, &office, &mut phone, &decided_steps(&office, &party, "facts", 0));
    let first = publish(&app, &reviewer.token, "case-rate-changed");
    check_all(&app, sup, &office.county);
    let changed = decision_changed(&office, |changed| {
        changed.change = DecisionChange::Changed;
        changed.reason = "复议决定变更罚款数额".into();
        changed.decision = Some(NewDecision {
            document_number: "市监罚〔2026〕2号".into(),
            penalty: Penalty { fine_fen: 300_000, ..Penalty::default() },
        });
    });
    submit_all(&app, &office, &mut phone, &[changed]);
    let with_change = check_all(&app, sup, &office.county);
    assert_eq!(with_change[0]["total"]["figures"]["publications_open"], 2, "{}", with_change[0]);
    let response = app.post(&format!("/api/v1/publications/{}/withdrawal", first["id"].as_str().unwrap()))
        .bearer_auth(&reviewer.token).send().unwrap();
    expect_json(response, StatusCode::CREATED);
    check_all(&app, sup, &office.county);
    publish(&app, &reviewer.token, "case-rate-changed");
    let after = check_all(&app, sup, &office.county);
    let total = &after[0]["total"]["figures"];
    assert_eq!(total["publications_due"], 5, "{total}");
    assert_eq!(total["publications_late"], 3, "{total}");
    assert_eq!(total["publications_open"], 1, "{total}");
    // Built afresh from the rows, as a store that had publications before the sums builds
    // them, the sums answer the same.
    app.db(|conn| {
        custos_api::db::rollups::mark_pending(conn).expect("marked");
        custos_api::supervision::rollup::backfill(conn).expect("rebuilt");
    });
    assert_eq!(check_all(&app, sup, &office.county), after);
});

both_backends!(fn a_case_filed_after_its_inspection_moves_its_publication_figures(app) {
    let office = office(&app);
    let reviewer = reviewer(&app, &office);
    let sup = &office.supervisor.token;
    let party = person("张三丰", "11010519491231002X", "13812345678", "某地");
    let rules = format!("/api/v1/orgs/{}/rules", office.township);
    let body = json!({"publicity": {"other_results": ["inspection_result"]}});
    expect_json(app.request(Method::PUT, &rules).bearer_auth(&office.admin).json(&body).send().unwrap(), StatusCode::OK);
    // Two inspections concluded Wednesday 4 March, their results due by 1 April: one
    // published (late), one waiting, both counted under the inspection procedure.
    let (a, b) = (office.a.id.as_str(), office.b.id.as_str());
    let concluded = step(RecordKind::InspectionConcluded, 2, a, b);
    let mut phone = office.phone_a(&app, "case-inspected-published");
    submit_all(&app, &office, &mut phone, &[step(RecordKind::InspectionRecord, 0, a, b), concluded.clone()]);
    publish(&app, &reviewer.token, "case-inspected-published");
    let mut other = phone.on_case("case-inspected-waiting");
    submit_all(&app, &office, &mut other, &[step(RecordKind::InspectionRecord, 0, a, b), concluded]);
    let before = check_all(&app, sup, &office.county);
    let by_procedure = &before[4]["groups"];
    assert!(by_procedure.to_string().contains("inspection"), "{by_procedure}");
    // A case is filed after each inspection: the cases' procedure is now ordinary, and the
    // figures of their results move with it, in the sums as in the rows.
    submit_all(&app, &office, &mut phone, &[filed_against(&office, &party, 5)]);
    submit_all(&app, &office, &mut other, &[filed_against(&office, &party, 5)]);
    let after = check_all(&app, sup, &office.county);
    assert_ne!(after[4], before[4], "the procedure grouping changed");
});

both_backends!(fn a_units_yearly_statistics_are_public_from_their_due_day(app) {
    let office = office(&app);
    let party = person("张三丰", "11010519491231002X", "13812345678", "某地");
    // Last year, whatever this one is: the ordinary case's steps moved to March of last year.
    let calendar = WorkingCalendar::china();
    let this_year = calendar.date_of(custos_api::clock::now_us()).ymd().0;
    let offset = calendar.utc_offset_minutes();
    let start = |year: i32| LocalDate::from_ymd(year, 3, 2).unwrap().start_us(offset);
    let mut steps = decided_steps(&office, &party, "facts", 0);
    for record in &mut steps {
        record.at_us += start(this_year - 1) - start(2026);
    }
    let mut phone = office.phone_a(&app, "case-yearly");
    submit_all(&app, &office, &mut phone, &steps);
    let fine_fen = match &steps[4].body {
        custos_core::lifecycle::RecordBody::DecisionIssued(decision) => decision.penalty.fine_fen,
        _ => unreachable!(),
    };

    // The county publishes on 1 January: last year's figures are out, over the township too.
    let rules = format!("/api/v1/orgs/{}/rules", office.county);
    let body = json!({"publicity": {"statistics_due": "01-01"}});
    expect_json(app.request(Method::PUT, &rules).bearer_auth(&office.admin).json(&body).send().unwrap(), StatusCode::OK);
    let path = format!("/api/v1/public/orgs/{}/statistics", office.county);
    let response = app.get(&path).send().unwrap();
    let etag = response.headers().get(ETAG).unwrap().clone();
    let last = expect_json(response, StatusCode::OK);
    assert_eq!(last["year"], this_year - 1, "{last}");
    assert_eq!(last["due_on"], format!("{this_year}-01-01"));
    assert_eq!(last["published"], true);
    let figures = &last["figures"];
    assert_eq!(figures["cases_filed"], 1, "{last}");
    assert_eq!(figures["cases_decided"], 1, "{last}");
    assert_eq!(figures["fine_fen"], fine_fen, "{last}");
    assert_eq!(figures["publications_due"], 1, "{last}");
    assert_eq!(figures["publications_open"], 1, "{last}");
    assert!(figures.get("overdue_cases").is_none(), "{last}");
    assert!(last.get("findings_by_rule").is_none(), "{last}");
    let again = app.get(&path).header(IF_NONE_MATCH, etag.clone()).send().unwrap();
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    // The same year asked by number; a later publication changes the answer and its ETag.
    let asked = expect_json(app.get(&format!("{path}?year={}", this_year - 1)).send().unwrap(), StatusCode::OK);
    assert_eq!(asked, last);
    let reviewer = reviewer(&app, &office);
    publish(&app, &reviewer.token, "case-yearly");
    let changed = app.get(&path).header(IF_NONE_MATCH, etag).send().unwrap();
    let changed = expect_json(changed, StatusCode::OK);
    assert_eq!(changed["figures"]["publications_late"], 1, "{changed}");
    assert_eq!(changed["figures"]["publications_on_time_percent"], 0, "{changed}");

    // This year's are pending until 1 January next year: no figures.
    let now = expect_json(app.get(&format!("{path}?year={this_year}")).send().unwrap(), StatusCode::OK);
    assert_eq!(now["published"], false, "{now}");
    assert_eq!(now["due_on"], format!("{}-01-01", this_year + 1));
    assert!(now["figures"].is_null(), "{now}");

    // A unit that configures nothing publishes on 31 January; its subtree holds no case.
    let other = create_org(&app, &office.admin, "Other County", &app.root_org_id, "county");
    let default = expect_json(app.get(&format!("/api/v1/public/orgs/{other}/statistics")).send().unwrap(), StatusCode::OK);
    assert_eq!(default["due_on"], format!("{this_year}-01-31"), "{default}");
    let today = calendar.date_of(custos_api::clock::now_us());
    let due = LocalDate::from_ymd(this_year, 1, 31).unwrap();
    assert_eq!(default["published"], today >= due, "{default}");
    if today >= due {
        assert_eq!(default["figures"], json!({}), "{default}");
    }

    // Bad input.
    expect_problem(app.get(&format!("{path}?year=twenty")).send().unwrap(), StatusCode::BAD_REQUEST, "invalid-query");
    expect_problem(app.get(&format!("{path}?year=1969")).send().unwrap(), StatusCode::BAD_REQUEST, "invalid-query");
    expect_problem(app.get("/api/v1/public/orgs/01900000-0000-7000-8000-000000000000/statistics").send().unwrap(), StatusCode::NOT_FOUND, "not-found");
});
