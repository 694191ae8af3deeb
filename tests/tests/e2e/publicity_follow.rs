//! What follows a decision in publicity (执法公示), through HTTP: a missed publication
//! deadline is a `publication_overdue` attention item on the unit's working-day calendar
//! (across the 中秋 and 国庆 holidays and a 调休 weekend), cured by the publication; a
//! published decision revoked and not withdrawn within three working days is a
//! `withdrawal_overdue` item, cured by the withdrawal; and a unit configured to publish
//! automatically has a decision published with the record that made it, its leaf proved.

use crate::publicity::{
    decided_steps, decision_changed, pending, person, prove, publish, published_decision, reviewer,
    submit_all,
};
use custos_tests::attention::case_items;
use custos_tests::recording::*;
use custos_tests::reqwest::{Method, StatusCode};
use custos_tests::serde_json::{Value, json};
use custos_tests::{both_backends, expect_json};

both_backends!(fn a_late_publication_is_an_overdue_item_across_a_make_up_weekend(app) {
    let office = office(&app);
    let reviewer = reviewer(&app, &office);
    let sup = &office.supervisor.token;
    let party = person("张三丰", "11010519491231002X", "13812345678", "某地");
    // Decided Monday 21 September 2026: seven working days skip 中秋 and 国庆 and end on
    // 8 October. Decided Thursday 24 September: the make-up Saturday 10 October counts as
    // the sixth working day and 12 October is the seventh.
    let mut phone = office.phone_a(&app, "case-overdue-1");
    submit_all(&app, &office, &mut phone, &decided_steps(&office, &party, "facts", 189));
    let mut phone = phone.on_case("case-overdue-2");
    submit_all(&app, &office, &mut phone, &decided_steps(&office, &party, "facts", 192));
    let waiting = pending(&app, &reviewer.token);
    for (case_id, last_day) in [("case-overdue-1", "2026-10-08"), ("case-overdue-2", "2026-10-12")] {
        let open = case_items(&app, sup, "publication_overdue", "open", case_id);
        assert_eq!(open.len(), 1, "{case_id}: {open:?}");
        assert_eq!(open[0]["severity"], "alarm");
        assert_eq!(open[0]["detail"], format!("decision not published by {last_day}"));
        assert_eq!(open[0]["text_zh"], "执法决定未按期公示");
        // It shows from the end of the last day, as the pending list counts it.
        let listed = waiting["to_publish"].as_array().unwrap().iter()
            .find(|item| item["case_id"] == case_id).unwrap();
        assert_eq!(listed["last_day"], last_day);
        assert_eq!(open[0]["due_us"], listed["due_before_us"]);
        assert_eq!(open[0]["since_us"], listed["due_before_us"]);
    }
    // The assigned officer sees the item of their case too.
    assert_eq!(case_items(&app, &office.a.token, "publication_overdue", "open", "case-overdue-2").len(), 1);

    // Publishing cures it; the other stays open.
    publish(&app, &reviewer.token, "case-overdue-2");
    assert!(case_items(&app, sup, "publication_overdue", "open", "case-overdue-2").is_empty());
    let cured = case_items(&app, sup, "publication_overdue", "cured", "case-overdue-2");
    assert_eq!(cured.len(), 1, "{cured:?}");
    assert_eq!(cured[0]["state"], "cured");
    assert_eq!(case_items(&app, sup, "publication_overdue", "open", "case-overdue-1").len(), 1);
});

both_backends!(fn a_revoked_decision_not_withdrawn_in_time_is_an_overdue_item(app) {
    let office = office(&app);
    let reviewer = reviewer(&app, &office);
    let sup = &office.supervisor.token;
    let case_id = "case-withdrawal-late";
    let party = person("李四", "11010519491231002X", "13812345678", "某地");
    let (mut phone, published) = published_decision(&app, &office, &reviewer, case_id, &party, "facts");
    assert!(case_items(&app, sup, "withdrawal_overdue", "open", case_id).is_empty());

    // Revoked Sunday 22 March 2026: to be withdrawn by Wednesday 25 March.
    let changed = decision_changed(&office, |changed| {
        changed.reason = "复议决定撤销".into();
    });
    submit_all(&app, &office, &mut phone, &[changed]);
    let open = case_items(&app, sup, "withdrawal_overdue", "open", case_id);
    assert_eq!(open.len(), 1, "{open:?}");
    assert_eq!(open[0]["severity"], "alarm");
    let id = published["id"].as_str().unwrap();
    assert_eq!(open[0]["detail"], format!("publication {id} not withdrawn by 2026-03-25"));
    let waiting = pending(&app, &reviewer.token);
    assert_eq!(open[0]["due_us"], waiting["to_withdraw"][0]["due_before_us"]);

    let response = app.post(&format!("/api/v1/publications/{id}/withdrawal")).bearer_auth(&reviewer.token).send().unwrap();
    expect_json(response, StatusCode::CREATED);
    assert!(case_items(&app, sup, "withdrawal_overdue", "open", case_id).is_empty());
    assert_eq!(case_items(&app, sup, "withdrawal_overdue", "cured", case_id).len(), 1);
});

both_backends!(fn a_unit_that_publishes_automatically_publishes_with_the_decision(app) {
    let office = office(&app);
    let reviewer = reviewer(&app, &office);
    let rules = format!("/api/v1/orgs/{}/rules", office.township);
    let body = json!({"publicity": {"auto_publish": true}});
    let response = app.request(Method::PUT, &rules).bearer_auth(&office.admin).json(&body).send().unwrap();
    expect_json(response, StatusCode::OK);

    let case_id = "case-auto";
    let mut phone = office.phone_a(&app, case_id);
    let party = person("欧阳娜娜", "11010519491231002X", "13812345678", "某地");
    let steps = decided_steps(&office, &party, "欧阳娜娜销售过期食品", 0);
    submit_all(&app, &office, &mut phone, &steps[..4]);
    let path = format!("/api/v1/public/decisions?org_id={}", office.township);
    assert_eq!(expect_json(app.get(&path).send().unwrap(), StatusCode::OK), json!([]));

    // The decision's record and the publication commit together: nothing waits, nothing is
    // overdue.
    submit_all(&app, &office, &mut phone, &steps[4..]);
    let listed = expect_json(app.get(&path).send().unwrap(), StatusCode::OK);
    assert_eq!(listed.as_array().unwrap().len(), 1, "{listed}");
    let published = &listed[0];
    assert_eq!(published["case_id"], case_id);
    assert_eq!(published["notice"]["party"]["name"], "欧阳**");
    assert_eq!(published["notice"]["facts"], "欧阳**销售过期食品");
    assert_eq!(pending(&app, &reviewer.token)["to_publish"], json!([]));
    for state in ["open", "cured"] {
        assert!(case_items(&app, &office.supervisor.token, "publication_overdue", state, case_id).is_empty());
    }
    let leaf = prove(&app, published["log_index"].as_u64().unwrap(), published["leaf"].as_str().unwrap());
    let entry: Value = serde_json::from_slice(&leaf).unwrap();
    assert_eq!(entry["type"], "publication");
    assert_eq!(entry["automatic"], true);
    assert_eq!(entry["approver"], office.a.id);
    // Publishing again is refused: it is published already.
    let again = app.post("/api/v1/publications").bearer_auth(&reviewer.token)
        .json(&json!({"case_id": case_id})).send().unwrap();
    assert_eq!(again.status(), StatusCode::CONFLICT);
});
