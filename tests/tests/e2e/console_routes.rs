//! Every console route, read from the console's own route table (`custos_api::console::ROUTES`,
//! the list the routes are registered from, so a new route cannot be left out): signed out it
//! sends the browser to sign in; a role that may not use it is refused (403); and a caller of
//! another county whose role may use it gets, for an object of this county, exactly the
//! not-found page a path that does not exist gets. A route without its row below fails the test.

use crate::publicity::{decided_steps, person, publish, reviewer, submit_all};
use custos_api::auth::Role::{self, Admin, Dock, Officer, Reviewer, Supervisor};
use custos_api::console::ROUTES;
use custos_tests::console::{
    Browser, ConsoleWorld, closed_cases, console_user, seed, supervisor_browser,
};
use custos_tests::recording::{self, PASSWORD, Phone};
use custos_tests::reqwest::StatusCode;
use custos_tests::serde_json::{Value, json};
use custos_tests::{TestApp, both_backends, expect_json};
use std::collections::{BTreeMap, BTreeSet};

/// Routes anyone may use signed out.
const PUBLIC: &[(&str, &str)] = &[
    ("get", "/console.css"),
    ("get", "/lang"),
    ("get", "/sign-in"),
    ("post", "/sign-in"),
];

/// Each signed-in route: (method, path, the role a caller of another county uses it with,
/// for routes naming an object; a role of this county that may not use it at all).
const EXPECTED: &[(&str, &str, Option<Role>, Option<Role>)] = &[
    ("get", "/", None, None),
    ("post", "/sign-out", None, None),
    ("get", "/units/{id}", Some(Supervisor), None),
    ("get", "/cases/{id}", Some(Supervisor), Some(Dock)),
    ("get", "/cases/{id}/bundle", Some(Supervisor), Some(Dock)),
    ("get", "/evidence/{id}", Some(Supervisor), None),
    ("get", "/evidence/{id}/content", Some(Supervisor), None),
    ("get", "/evidence/{id}/thumbnail", Some(Supervisor), None),
    ("get", "/evidence/{id}/custody.json", Some(Supervisor), None),
    ("get", "/evidence/{id}/checkpoint", Some(Supervisor), None),
    (
        "post",
        "/evidence/{id}/{action}",
        Some(Supervisor),
        Some(Reviewer),
    ),
    ("get", "/draws", None, Some(Dock)),
    ("post", "/draws", None, Some(Reviewer)),
    ("get", "/draws/{id}", Some(Supervisor), Some(Dock)),
    ("get", "/users", None, None),
    ("post", "/users", None, Some(Supervisor)),
    ("post", "/users/{id}/role", Some(Admin), Some(Supervisor)),
    (
        "post",
        "/users/{id}/deactivate",
        Some(Admin),
        Some(Supervisor),
    ),
    ("get", "/certificates", None, Some(Dock)),
    ("post", "/certificates", None, Some(Supervisor)),
    ("post", "/certificates/{id}", Some(Admin), Some(Supervisor)),
    ("get", "/devices", None, Some(Reviewer)),
    ("post", "/devices", None, Some(Reviewer)),
    ("post", "/devices/{id}/revoke", Some(Admin), Some(Reviewer)),
    ("get", "/units/{id}/rules", Some(Supervisor), None),
    ("post", "/units/{id}/rules", Some(Admin), Some(Supervisor)),
    (
        "post",
        "/units/{id}/calendar",
        Some(Admin),
        Some(Supervisor),
    ),
    ("get", "/units/{id}/attention", Some(Supervisor), Some(Dock)),
    ("get", "/units/{id}/stats", Some(Supervisor), Some(Officer)),
    (
        "get",
        "/units/{id}/stats.csv",
        Some(Supervisor),
        Some(Officer),
    ),
    (
        "get",
        "/units/{id}/reviews",
        Some(Supervisor),
        Some(Officer),
    ),
    (
        "post",
        "/units/{id}/reviews",
        Some(Supervisor),
        Some(Reviewer),
    ),
    ("get", "/reviews", None, Some(Officer)),
    ("get", "/reviews/{id}", Some(Supervisor), Some(Officer)),
    (
        "post",
        "/reviews/{id}/scores",
        Some(Supervisor),
        Some(Admin),
    ),
    (
        "post",
        "/reviews/{id}/close",
        Some(Supervisor),
        Some(Reviewer),
    ),
    (
        "get",
        "/reviews/{id}/report.csv",
        Some(Supervisor),
        Some(Officer),
    ),
    (
        "get",
        "/reviews/{id}/print",
        Some(Supervisor),
        Some(Officer),
    ),
    ("get", "/publications", None, Some(Supervisor)),
    ("post", "/publications", None, Some(Supervisor)),
    (
        "post",
        "/publications/{id}/withdrawal",
        Some(Admin),
        Some(Supervisor),
    ),
];

/// An object of this county for each kind a route names, by the route's first segment.
struct Samples {
    ids: BTreeMap<&'static str, String>,
}

impl Samples {
    fn new(app: &TestApp, world: &ConsoleWorld) -> Samples {
        let office = &world.office;
        let admin = &office.admin;
        let mut ids = BTreeMap::new();
        ids.insert("units", office.county.clone());
        ids.insert("cases", world.case.clone());
        ids.insert("evidence", world.photo.clone());
        ids.insert("users", office.a.id.clone());
        // Officer A's certificate and phone.
        let first_of = |path: &str, member: &str, value: &str| -> String {
            let list = expect_json(app.get_as(admin, path), StatusCode::OK);
            list.as_array()
                .unwrap()
                .iter()
                .find(|row| row[member] == value)
                .unwrap_or_else(|| panic!("none in {path}: {list}"))["id"]
                .as_str()
                .unwrap()
                .to_owned()
        };
        let certificate = first_of(
            "/api/v1/certificates?limit=1000",
            "number",
            "CERT-officer-a",
        );
        ids.insert("certificates", certificate);
        let device = first_of("/api/v1/devices?limit=1000", "owner_id", &office.a.id);
        ids.insert("devices", device);
        // A draw of the county, made in the console.
        let mut supervisor = supervisor_browser(app, world);
        let csrf = supervisor.csrf("/console/draws");
        let made = supervisor.post(
            "/console/draws",
            &[
                ("csrf", &csrf),
                ("org_id", &office.county),
                ("task", "抽查"),
                ("domain", "market-supervision"),
                ("count", "1"),
                ("team_size", "2"),
                ("targets", "商户甲\n商户乙"),
            ],
        );
        assert_eq!(made.status(), StatusCode::SEE_OTHER);
        let draw = made.headers()["location"]
            .to_str()
            .unwrap()
            .rsplit('/')
            .next()
            .unwrap()
            .to_owned();
        ids.insert("draws", draw);
        // A 案卷评查 campaign of the county.
        closed_cases(app, world, &["routes-closed"]);
        let token = app.login(&world.supervisor, PASSWORD).access;
        let opened = expect_json(
            app.post("/api/v1/supervision/reviews").bearer_auth(&token)
                .json(&json!({"org_id": office.county, "title": "评查", "from_us": recording::day(0), "to_us": recording::day(40), "cases": ["routes-closed"]}))
                .send().unwrap(),
            StatusCode::CREATED,
        );
        ids.insert("reviews", opened["id"].as_str().unwrap().to_owned());
        // A published decision of the township.
        let case = "routes-published";
        let mut phone = Phone::new(1, case);
        let party = person("王五", "11010519491231002X", "13812345678", "某地");
        submit_all(
            app,
            office,
            &mut phone,
            &decided_steps(office, &party, "王五销售过期食品", 0),
        );
        let reviewer = reviewer(app, office);
        let published: Value = publish(app, &reviewer.token, case);
        ids.insert("publications", published["id"].as_str().unwrap().to_owned());
        Samples { ids }
    }

    /// `path` with its placeholders filled with this county's objects.
    fn fill(&self, path: &str) -> String {
        if !path.contains('{') {
            return format!("/console{path}");
        }
        let kind = path.trim_start_matches('/').split('/').next().unwrap();
        let id = self
            .ids
            .get(kind)
            .unwrap_or_else(|| panic!("no sample object for {path}: add one"));
        let path = path.replace("{id}", id).replace("{action}", "seal");
        format!("/console{path}")
    }
}

/// A form with every field the console's forms read, each valid, so that only who posts it
/// decides the answer: `org` the unit, `user` a user of it, `key` a new device's public key.
fn form<'a>(csrf: &'a str, org: &'a str, user: &'a str, key: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("csrf", csrf),
        ("reason", "检查"),
        ("org_id", org),
        ("task", "抽查"),
        ("domain", "market-supervision"),
        ("count", "1"),
        ("team_size", "2"),
        ("targets", "商户甲\n商户乙"),
        ("username", "new.user"),
        ("password", "a long enough password"),
        ("role", "reviewer"),
        ("action", "suspend"),
        ("document", "{}"),
        ("title", "评查"),
        ("from", "2026-03-01"),
        ("to", "2026-04-30"),
        ("selection", "draw"),
        ("case_id", "routes-closed"),
        ("item", "basis.law"),
        ("score", "1"),
        ("remark", "x"),
        ("number", "CERT-new"),
        ("holder_id", user),
        ("holder_name", "李四"),
        ("issuer", "市人民政府"),
        ("domains", "market-supervision"),
        ("valid_from", "2024-01-01"),
        ("valid_until", "2027-12-31"),
        ("public_key", key),
        ("kind", "phone"),
        ("owner_id", user),
    ]
}

/// Signs `role` of `org` in (a new user each time) and answers the browser and its CSRF token.
fn signed_in<'a>(app: &'a TestApp, username: &str, role: Role, org: &str) -> (Browser<'a>, String) {
    console_user(app, username, role, org);
    let mut browser = Browser::new(app);
    browser.sign_in(username, PASSWORD);
    let csrf = browser.csrf("/console/");
    (browser, csrf)
}

both_backends!(fn every_console_route_is_signed_in_refused_or_not_found(app) {
    // The table and the route table name the same routes.
    let registered: BTreeSet<(&str, &str)> = ROUTES.iter().copied().collect();
    let listed: BTreeSet<(&str, &str)> = EXPECTED.iter().map(|(m, p, _, _)| (*m, *p)).chain(PUBLIC.iter().copied()).collect();
    assert_eq!(registered, listed, "every console route needs its row here, and only those");

    let world = seed(&app, None);
    let samples = Samples::new(&app, &world);
    let county = world.office.county.clone();
    let officer = world.office.a.id.clone();
    let key = Phone::new(77, "unused").key.public_key().to_base64();
    let not_found = Browser::new(&app).get("/console/no-such-page").text().unwrap();

    // Signed out: every route but the public ones sends the browser to sign in.
    let mut anonymous = Browser::new(&app);
    for (method, path, _, _) in EXPECTED {
        let url = samples.fill(path);
        let response = if *method == "get" { anonymous.get(&url) } else { anonymous.post(&url, &form("x", &county, &officer, &key)) };
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{method} {url}");
        assert_eq!(response.headers()["location"], "/console/sign-in", "{method} {url}");
    }

    // A role that may not use the route: refused, whatever the object.
    let far = recording::create_org(&app, &world.office.admin, "Far County", &app.root_org_id, "county");
    let mut refused_checked = 0;
    let mut hidden_checked = 0;
    for (n, (method, path, outsider, refused)) in EXPECTED.iter().enumerate() {
        let url = samples.fill(path);
        if let Some(role) = refused {
            let (mut browser, csrf) = signed_in(&app, &format!("refused.{n}"), *role, &county);
            let response = if *method == "get" { browser.get(&url) } else { browser.post(&url, &form(&csrf, &county, &officer, &key)) };
            assert_eq!(response.status(), StatusCode::FORBIDDEN, "{role:?}: {method} {url}");
            let page = response.text().unwrap();
            assert!(page.contains("无权执行此操作"), "{role:?}: {method} {url}: {page}");
            refused_checked += 1;
        }
        // Another county's caller whose role may use the route: this county's object is not
        // there for it.
        if let Some(role) = outsider {
            let (mut browser, csrf) = signed_in(&app, &format!("outsider.{n}"), *role, &far);
            let response = if *method == "get" { browser.get(&url) } else { browser.post(&url, &form(&csrf, &far, &officer, &key)) };
            assert_eq!(response.status(), StatusCode::NOT_FOUND, "{role:?}: {method} {url}");
            assert_eq!(response.text().unwrap(), not_found, "{role:?}: {method} {url}");
            hidden_checked += 1;
        }
    }
    // Every route that names an object was tried from outside; most refuse some role.
    let naming = ROUTES.iter().filter(|(_, path)| path.contains('{')).count();
    assert_eq!(hidden_checked, naming);
    assert!(refused_checked >= 30, "{refused_checked} refused");
    // Nothing the refused and hidden posts named changed.
    let token = app.login(&world.supervisor, PASSWORD).access;
    let campaign = expect_json(app.get_as(&token, &format!("/api/v1/supervision/reviews/{}", samples.ids["reviews"])), StatusCode::OK);
    assert_eq!((campaign["state"].as_str(), campaign["scores"].as_array().map(Vec::len)), (Some("open"), Some(0)));
});
