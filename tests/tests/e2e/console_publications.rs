//! The console's publication approvals through the real server: a reviewer approves a decided
//! case's notice and withdraws it once the decision changed, both through the API's handlers;
//! a supervisor is not offered the page and is refused it.

use crate::publicity::{decided_steps, person, reviewer, submit_all};
use custos_core::lifecycle::{RecordBody, RecordKind};
use custos_tests::both_backends;
use custos_tests::console::Browser;
use custos_tests::recording::{self, PASSWORD, edited, step};
use custos_tests::reqwest::StatusCode;
use custos_tests::serde_json::Value;

both_backends!(fn a_reviewer_approves_and_withdraws_publications_in_the_console(app) {
    let office = recording::office(&app);
    let reviewer = reviewer(&app, &office);
    let case_id = "case-console-publicity";
    let mut phone = office.phone_a(&app, case_id);
    let party = person("李四", "11010519491231002X", "13812345678", "某地");
    submit_all(&app, &office, &mut phone, &decided_steps(&office, &party, "李四销售过期食品", 0));

    let mut browser = Browser::new(&app);
    browser.sign_in(&reviewer.username, PASSWORD);
    let page = browser.page("/console/publications");
    assert!(page.contains("class=\"to-publish\"") && page.contains(case_id) && page.contains("李*"), "{page}");
    assert!(!page.contains("李四"), "{page}");
    let csrf = browser.csrf("/console/publications");
    // Without the form's token: refused, nothing published.
    assert_eq!(browser.post("/console/publications", &[("case_id", case_id)]).status(), StatusCode::FORBIDDEN);
    let published = |app: &custos_tests::TestApp| -> Vec<Value> {
        app.get(&format!("/api/v1/public/decisions?org_id={}", office.township)).send().unwrap().json().unwrap()
    };
    assert!(published(&app).is_empty());
    let approved = browser.post("/console/publications", &[("csrf", &csrf), ("case_id", case_id)]);
    assert_eq!(approved.status(), StatusCode::SEE_OTHER);
    let shown = published(&app);
    assert_eq!(shown.len(), 1);
    assert!(!browser.page("/console/publications").contains("class=\"to-publish\""));
    // Approving again: refused above the lists, nothing more published.
    let again = browser.post("/console/publications", &[("csrf", &csrf), ("case_id", case_id)]);
    assert_eq!(again.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(again.text().unwrap().contains("id=\"publications-error\""));
    assert_eq!(published(&app).len(), 1);

    // The decision changes: the notice is due to be withdrawn, and is.
    let changed = edited(step(RecordKind::DecisionChanged, 20, &office.a.id, &office.b.id), |body| {
        if let RecordBody::DecisionChanged(changed) = body {
            changed.reason = "复议决定撤销".into();
        }
    });
    submit_all(&app, &office, &mut phone, &[changed]);
    let page = browser.page("/console/publications");
    let id = shown[0]["id"].as_str().unwrap();
    assert!(page.contains(&format!("/console/publications/{id}/withdrawal")), "{page}");
    let withdrawn = browser.post(&format!("/console/publications/{id}/withdrawal"), &[("csrf", &csrf)]);
    assert_eq!(withdrawn.status(), StatusCode::SEE_OTHER);
    assert!(published(&app)[0]["withdrawal"].is_object());
    assert!(!browser.page("/console/publications").contains("class=\"to-withdraw\""));

    // A supervisor: no link, and the page is refused.
    let mut supervisor = Browser::new(&app);
    supervisor.sign_in(&office.supervisor.username, PASSWORD);
    assert!(!supervisor.page("/console/").contains("/console/publications"));
    assert_eq!(supervisor.get("/console/publications").status(), StatusCode::FORBIDDEN);
});
