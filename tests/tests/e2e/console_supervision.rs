//! The console's supervision pages through the real server: the unit tree's open attention
//! counts, a unit's attention items, its statistics as charts with the numbers and the API's
//! CSV, and another unit's pages the same not-found page as a unit that does not exist.

use custos_tests::console::{seed, supervisor_browser};
use custos_tests::reqwest::StatusCode;
use custos_tests::serde_json::Value;
use custos_tests::{TestApp, both_backends};

/// The id of the unit named `name`, read over the API.
fn unit_id(app: &TestApp, name: &str) -> String {
    let units: Value = app
        .get_as(&app.admin_token(), "/api/v1/orgs?limit=1000")
        .json()
        .unwrap();
    units
        .as_array()
        .unwrap()
        .iter()
        .find(|unit| unit["name"] == name)
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

both_backends!(fn attention_and_statistics_pages_read_the_supervision_routes(app) {
    let world = seed(&app, None);
    let mut browser = supervisor_browser(&app, &world);
    let township = world.office.township.as_str();
    let county = world.office.county.as_str();

    // The tree counts each unit's open items, and the unit's page lists them.
    let items: Value = app
        .get_as(&app.login(&world.supervisor, custos_tests::recording::PASSWORD).access, &format!("/api/v1/supervision/attention?org_id={township}&limit=1000"))
        .json().unwrap();
    let open = items.as_array().unwrap().iter().filter(|item| item["org_id"] == township).count();
    assert!(open > 0, "{items}");
    let home = browser.page("/console/");
    assert!(home.contains(&format!("href=\"/console/units/{township}/attention\">{open} 项待办")), "{home}");
    let page = browser.page(&format!("/console/units/{township}/attention"));
    assert_eq!(page.matches("class=\"attention-item\"").count(), items.as_array().unwrap().len(), "{page}");
    assert!(page.contains(&format!("/console/cases/{}", world.case)), "{page}");

    // Statistics: charts with their numbers, by month and by unit, and the API's own CSV.
    let stats = browser.page(&format!("/console/units/{county}/stats"));
    assert!(stats.contains("<svg") && stats.contains("<polyline") && stats.contains("decision_working_days_median"), "{stats}");
    let by_unit = browser.page(&format!("/console/units/{county}/stats?group_by=unit"));
    assert!(by_unit.contains("<rect") && by_unit.contains("Test Township"), "{by_unit}");
    let csv = browser.get(&format!("/console/units/{county}/stats.csv?group_by=unit"));
    assert_eq!(csv.status(), StatusCode::OK);
    assert!(csv.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
    assert!(csv.headers()["content-disposition"].to_str().unwrap().contains("attachment"));
    let csv = csv.text().unwrap();
    let api = app
        .get(&format!("/api/v1/stats?org_id={county}&group_by=unit"))
        .bearer_auth(app.admin_token())
        .header("Accept", "text/csv")
        .send().unwrap().text().unwrap();
    assert_eq!(csv, api);
    assert!(csv.starts_with("key,label,cases_filed"), "{csv}");

    // Another county: the not-found page, as for a unit that does not exist.
    let other = unit_id(&app, "Other County");
    let absent = browser.get("/console/units/01a24e08-0000-7000-8000-000000000000/attention");
    assert_eq!(absent.status(), StatusCode::NOT_FOUND);
    let absent = absent.text().unwrap();
    for path in [format!("/console/units/{other}/attention"), format!("/console/units/{other}/stats"), format!("/console/units/{other}/stats.csv")] {
        let hidden = browser.get(&path);
        assert_eq!(hidden.status(), StatusCode::NOT_FOUND, "{path}");
        assert_eq!(hidden.text().unwrap(), absent, "{path}");
    }
});
