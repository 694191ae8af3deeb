//! Every console route, read from the console's own route table (`custos_api::console::ROUTES`,
//! the list the routes are registered from, so a new route cannot be left out), against every
//! role custos has: signed out it sends the browser to sign in; each role of this county gets
//! what the route's gate gives it through `access::reach`, the API's own policy table (the
//! page or the form's redirect where the role reaches the unit, or, once an earlier caller
//! did what the form asks, the form with the API's refusal beside it; the refusal page where
//! it has no reach at all; the not-found page for an object of someone else where it reaches
//! only its own); each role of another county gets, for an object of this county, the
//! refusal page or exactly the not-found page a path that does not exist gets; and no
//! refused or hidden post changes anything (the transparency log, where every change of
//! custos is written, does not grow).

use crate::publicity::{decided_steps, person, publish, reviewer, submit_all};
use custos_api::access::{Reach, reach};
use custos_api::auth::Role;
use custos_api::console::{Gate, ROUTES, Route};
use custos_core::lifecycle::RecordKind;
use custos_tests::console::{
    Browser, ConsoleWorld, closed_cases, console_user, seed, supervisor_browser,
};
use custos_tests::recording::{self, PASSWORD, Phone};
use custos_tests::reqwest::StatusCode;
use custos_tests::reqwest::blocking::Response;
use custos_tests::serde_json::{Value, json};
use custos_tests::tus::sweeping_app;
use custos_tests::{TestApp, both_backends, expect_json};
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

/// An object of this county for each kind a route names, by the route's first segment.
struct Samples {
    ids: BTreeMap<&'static str, String>,
    /// The county's calendar as the API reads it, for the calendar form to set again.
    calendar: String,
}

impl Samples {
    fn new(app: &TestApp, world: &ConsoleWorld) -> Samples {
        let office = &world.office;
        let admin = &office.admin;
        let mut ids = BTreeMap::new();
        ids.insert("units", office.county.clone());
        ids.insert("cases", world.case.clone());
        ids.insert("evidence", world.photo.clone());
        // A user of the township for the role and deactivation forms, none other's account.
        let target = recording::user(app, "routes.target", Role::Officer, &office.township);
        ids.insert("users", target.id);
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
        // Its decision revoked since, so the notice may be withdrawn.
        let changed = recording::step(RecordKind::DecisionChanged, 20, &office.a.id, &office.b.id);
        submit_all(app, office, &mut phone, &[changed]);
        // The photo's thumbnail, made in the background.
        let thumbnail = format!("/api/v1/evidence/{}/thumbnail", world.photo);
        let deadline = Instant::now() + Duration::from_secs(20);
        while app.get_as(admin, &thumbnail).status() != StatusCode::OK {
            assert!(Instant::now() < deadline, "no thumbnail of the photo");
            std::thread::sleep(Duration::from_millis(100));
        }
        let current = expect_json(
            app.get_as(admin, &format!("/api/v1/orgs/{}/calendar", office.county)),
            StatusCode::OK,
        );
        let calendar = current
            .get("calendar")
            .cloned()
            .unwrap_or(current)
            .to_string();
        Samples { ids, calendar }
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

/// What a route answers one caller.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Answer {
    /// The page, or the form's redirect to the page it changed.
    Page,
    /// The refusal page (403): the role may not do this at all.
    Refused,
    /// Exactly the page of a path that does not exist (404).
    NotFound,
    /// The form again with the API's refusal beside it (422): the caller may use the form,
    /// but what it asks was done already (sealed, closed, published by an earlier caller).
    Undone,
}

/// What `route` answers a caller of `role`, of this county when `here`, from the route's gate
/// and the policy table: a role without reach is refused; one whose reach is its own gets the
/// not-found page for an object that is not its own (every object of a route but a unit,
/// which is its own unit); another county's caller that may use the route at all gets the
/// not-found page for this county's object.
fn expected(route: &Route, role: Role, here: bool) -> Answer {
    let names_object = route.path.contains('{');
    let reach = match route.gate {
        Gate::Public | Gate::SignedIn => Some(Reach::Subtree),
        Gate::Action(action) => reach(role, action),
    };
    match reach {
        None => Answer::Refused,
        Some(_) if !here => Answer::NotFound,
        // A form of a route naming no object names someone else's (a phone for officer A).
        Some(Reach::Own) if route.method == "post" && !names_object => Answer::Refused,
        Some(Reach::Own) if names_object && !route.path.starts_with("/units/") => Answer::NotFound,
        Some(_) => Answer::Page,
    }
}

/// What the console answered, or why it is none of the three.
fn seen(response: Response, not_found: &str) -> Result<Answer, String> {
    let status = response.status();
    let location = response
        .headers()
        .get("location")
        .map(|l| l.to_str().unwrap().to_owned());
    let body = response.text().unwrap();
    match status {
        StatusCode::OK => Ok(Answer::Page),
        StatusCode::SEE_OTHER if location.as_deref() != Some("/console/sign-in") => {
            Ok(Answer::Page)
        }
        StatusCode::FORBIDDEN if body.contains("无权执行此操作") => Ok(Answer::Refused),
        StatusCode::NOT_FOUND if body == not_found => Ok(Answer::NotFound),
        StatusCode::UNPROCESSABLE_ENTITY if body.contains("role=\"alert\">未") => {
            Ok(Answer::Undone)
        }
        _ => {
            let alerts: Vec<&str> = body
                .split("role=\"alert\">")
                .skip(1)
                .map(|rest| rest.split('<').next().unwrap_or_default())
                .collect();
            Err(format!("{status} {location:?}: {alerts:?}"))
        }
    }
}

/// The size of the transparency log: every change custos makes is an entry of it.
fn log_size(app: &TestApp) -> u64 {
    app.db(|conn| custos_api::db::log::head_size(conn).unwrap())
}

/// A signed-in browser of a new user of `role` in `org`, and its CSRF token.
fn signed_in<'a>(app: &'a TestApp, username: &str, role: Role, org: &str) -> (Browser<'a>, String) {
    console_user(app, username, role, org);
    let mut browser = Browser::new(app);
    browser.sign_in(username, PASSWORD);
    let csrf = browser.csrf("/console/");
    (browser, csrf)
}

both_backends!(
    fn every_console_route_answers_every_role_as_its_gate_says(backend: Backend) {
        // Media analysed at once, so the photo has its thumbnail.
        let Some(app) = sweeping_app(backend) else {
            return;
        };
        let world = seed(&app, None);
        let samples = Samples::new(&app, &world);
        let county = world.office.county.clone();
        let township = world.office.township.clone();
        let far = recording::create_org(
            &app,
            &world.office.admin,
            "Far County",
            &app.root_org_id,
            "county",
        );
        let officer = world.office.a.id.clone();
        let key = Phone::new(77, "unused").key.public_key().to_base64();
        let not_found = Browser::new(&app)
            .get("/console/no-such-page")
            .text()
            .unwrap();

        // Signed out: every route but the public ones sends the browser to sign in.
        let mut anonymous = Browser::new(&app);
        for route in ROUTES.iter().filter(|route| route.gate != Gate::Public) {
            let url = samples.fill(route.path);
            let response = if route.method == "get" {
                anonymous.get(&url)
            } else {
                anonymous.post(&url, &form("x", &county, &officer, &key))
            };
            assert_eq!(
                response.status(),
                StatusCode::SEE_OTHER,
                "{} {url}",
                route.method
            );
            assert_eq!(
                response.headers()["location"],
                "/console/sign-in",
                "{} {url}",
                route.method
            );
        }

        // One session per role and county, kept for every route.
        let mut callers: Vec<(Role, bool, Browser, String)> = Vec::new();
        for role in Role::ALL {
            let (browser, csrf) =
                signed_in(&app, &format!("here.{}", role.as_str()), role, &county);
            callers.push((role, true, browser, csrf));
            let (browser, csrf) = signed_in(&app, &format!("far.{}", role.as_str()), role, &far);
            callers.push((role, false, browser, csrf));
        }
        let mut failures = Vec::new();
        let mut tally: BTreeMap<String, usize> = BTreeMap::new();
        let signed_in_routes = ROUTES
            .iter()
            .filter(|route| route.gate != Gate::Public && route.path != "/sign-out");
        for route in signed_in_routes {
            let url = samples.fill(route.path);
            // Whether a caller got the page: from then on, the form may find its work done.
            let mut served = false;
            for (role, here, browser, csrf) in &mut callers {
                // Another county's caller on a route naming no object sees its own: nothing to hide.
                if !*here && !route.path.contains('{') {
                    continue;
                }
                let want = expected(route, *role, *here);
                // This county's forms name the township, where officer A works.
                let unit = if *here { &township } else { &far };
                let mut fields = form(csrf, unit, &officer, &key);
                if route.path.ends_with("/calendar") {
                    fields.retain(|(name, _)| *name != "document");
                    fields.push(("document", &samples.calendar));
                }
                let before = log_size(&app);
                let response = if route.method == "get" {
                    browser.get(&url)
                } else {
                    browser.post(&url, &fields)
                };
                let got = seen(response, &not_found);
                let grew = log_size(&app) != before;
                let who = format!(
                    "{} of {}",
                    role.as_str(),
                    if *here {
                        "this county"
                    } else {
                        "another county"
                    }
                );
                match got {
                    Ok(got) if got == want => served |= got == Answer::Page,
                    Ok(Answer::Undone) if want == Answer::Page && served => {}
                    Ok(got) => failures.push(format!(
                        "{} {url} as {who}: {got:?}, expected {want:?}",
                        route.method
                    )),
                    Err(other) => failures.push(format!(
                        "{} {url} as {who}: {other}, expected {want:?}",
                        route.method
                    )),
                }
                if want != Answer::Page && grew {
                    failures.push(format!(
                        "{} {url} as {who}: refused, yet the log grew",
                        route.method
                    ));
                }
                *tally.entry(format!("{want:?}")).or_default() += 1;
            }
        }
        // Signing out: every role's session ends.
        for (role, _, browser, csrf) in &mut callers {
            let response = browser.post("/console/sign-out", &[("csrf", csrf.as_str())]);
            assert_eq!(response.status(), StatusCode::SEE_OTHER, "{role:?}");
            assert_eq!(
                browser.get("/console/").headers()["location"],
                "/console/sign-in",
                "{role:?}"
            );
        }
        println!("{:?}: console routes by role: {tally:?}", app.backend);
        assert!(
            failures.is_empty(),
            "{} of the answers are not what the gates say:\n{}",
            failures.len(),
            failures.join("\n")
        );
        // Each answer was seen somewhere, every role and route tried.
        assert!(tally.values().all(|count| *count > 20), "{tally:?}");
    }
);
