//! Records held too long through HTTP: a record that arrives before its predecessor is held
//! out of its chain; past the unit's `record_held_hours` it shows as `record_held` to the
//! county above and to the officers of its case, not to a sibling county, and goes when the
//! missing record releases it, listed as cured with both times. Under the default threshold
//! (24 hours) a record held and released at once never shows; a record held for a case that
//! does not exist yet names no case.

use custos_api::auth::Role;
use custos_core::record::Record;
use custos_tests::attention;
use custos_tests::recording::*;
use custos_tests::serde_json::{Value, json};
use custos_tests::{TestApp, both_backends};

/// The `record_held` items about `record` that `token` sees in `state`.
fn items_of(app: &TestApp, token: &str, state: &str, record: &Record) -> Vec<Value> {
    let id = record.hash().to_hex();
    attention::subject_items(app, token, "record_held", state, "record", &id)
}

fn expect_outcome(app: &TestApp, token: &str, record: &Record, outcome: &str) {
    let response = submit(app, token, &[record]);
    assert_eq!(outcomes(&response), [outcome], "{response}");
}

both_backends!(fn records_held_too_long_need_attention_until_released(app) {
    let office = office(&app);
    let sup = &office.supervisor.token;
    let sibling = create_org(&app, &office.admin, "Other County", &app.root_org_id, "county");
    let outsider = user(&app, "supervisor.other", Role::Supervisor, &sibling);
    let base = office.phone_a(&app, "h-0");

    // Under the default threshold a record held and released at once never shows.
    let mut phone = base.on_case("h-0");
    let filed = phone.sign(&office.step(0));
    let investigated = phone.sign(&office.step(1));
    let noticed = phone.sign(&office.step(2));
    expect_outcome(&app, &office.a.token, &filed, "accepted");
    expect_outcome(&app, &office.a.token, &noticed, "held");
    assert!(items_of(&app, sup, "open", &noticed).is_empty());
    expect_outcome(&app, &office.a.token, &investigated, "accepted");
    assert!(items_of(&app, sup, "open", &noticed).is_empty());
    assert!(items_of(&app, sup, "cured", &noticed).is_empty());

    // With 0 hours on the county (inherited by the township) a held record shows at once.
    set_rules(&app, &office.admin, &office.county, &json!({"attention": {"record_held_hours": 0}}));
    let mut phone = base.on_case("h-1");
    let filed = phone.sign(&office.step(0));
    let investigated = phone.sign(&office.step(1));
    let noticed = phone.sign(&office.step(2));
    expect_outcome(&app, &office.a.token, &filed, "accepted");
    let before = custos_api::clock::now_us();
    expect_outcome(&app, &office.a.token, &noticed, "held");
    let seen = items_of(&app, sup, "open", &noticed);
    assert_eq!(seen.len(), 1, "{seen:?}");
    let item = &seen[0];
    assert_eq!(item["severity"], "alarm");
    assert_eq!(item["case_id"], "h-1");
    assert_eq!(item["org_id"], office.township.as_str());
    assert!(item["since_us"].as_i64().unwrap() >= before, "{item}");
    assert!(item["detail"].as_str().unwrap().contains("seq 2"), "{item}");
    assert!(item["text_zh"].as_str().unwrap().contains("前序记录"), "{item}");
    // The officers of the case see it; a sibling county does not.
    assert_eq!(items_of(&app, &office.a.token, "open", &noticed).len(), 1);
    assert!(items_of(&app, &outsider.token, "open", &noticed).is_empty());

    // The missing record releases it: cured, listed as cured.
    expect_outcome(&app, &office.a.token, &investigated, "accepted");
    assert!(items_of(&app, sup, "open", &noticed).is_empty());
    let cured = items_of(&app, sup, "cured", &noticed);
    assert_eq!(cured.len(), 1, "{cured:?}");
    assert_eq!(cured[0]["state"], "cured");
    assert!(cured[0]["cured_us"].as_i64().unwrap() >= cured[0]["since_us"].as_i64().unwrap());
    assert!(items_of(&app, &outsider.token, "cured", &noticed).is_empty());

    // A record held for a case not filed yet names no case, and goes the same way.
    let mut phone = base.on_case("h-2");
    let filed = phone.sign(&office.step(0));
    let investigated = phone.sign(&office.step(1));
    expect_outcome(&app, &office.a.token, &investigated, "held");
    let seen = items_of(&app, sup, "open", &investigated);
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert!(seen[0]["case_id"].is_null(), "{}", seen[0]);
    assert_eq!(seen[0]["org_id"], office.township.as_str());
    assert!(items_of(&app, &outsider.token, "open", &investigated).is_empty());
    expect_outcome(&app, &office.a.token, &filed, "accepted");
    assert!(items_of(&app, sup, "open", &investigated).is_empty());
    assert_eq!(items_of(&app, sup, "cured", &investigated).len(), 1);
});
