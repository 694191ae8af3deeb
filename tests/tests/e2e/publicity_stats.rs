//! The on-time rate of publication per unit in `GET /api/v1/stats`, through HTTP: decisions
//! published late, one published in time, one waiting, counted by the test from what it did
//! and compared with the figures in JSON and CSV, over the whole time and a shorter period.

use crate::publicity::{decided_steps, pending, person, publish, reviewer, submit_all};
use custos_tests::recording::*;
use custos_tests::reqwest::StatusCode;
use custos_tests::serde_json::Value;
use custos_tests::{TestApp, both_backends, expect_json};

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
    let published = publish(&app, &reviewer.token, "case-rate-on-time");
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
});
