//! The console's 案卷评查 pages through the real server: a unit's campaigns and opening one by
//! draw and by list (a bad form shown beside its field, nothing opened), a campaign page with
//! its files, automatic scores, ranking and 通报, scoring a manual item with a remark, closing,
//! the CSV and printable report, and another unit's campaign the same not-found page as one
//! that does not exist.

use custos_api::auth::Role;
use custos_tests::console::{Browser, closed_cases, console_user, seed, supervisor_browser};
use custos_tests::recording::{self, PASSWORD};
use custos_tests::reqwest::StatusCode;
use custos_tests::serde_json::{Value, json};
use custos_tests::{TestApp, both_backends, expect_json};

/// The campaigns the API lists to `token`.
fn api_campaigns(app: &TestApp, token: &str) -> Vec<Value> {
    let list = expect_json(
        app.get_as(token, "/api/v1/supervision/reviews"),
        StatusCode::OK,
    );
    list.as_array().unwrap().clone()
}

/// The campaign id a redirect to its page names.
fn campaign_of(response: &custos_tests::reqwest::blocking::Response) -> String {
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let location = response.headers()["location"].to_str().unwrap();
    location
        .strip_prefix("/console/reviews/")
        .expect("the campaign's page")
        .to_owned()
}

both_backends!(fn campaigns_open_score_close_and_report_in_the_console(app) {
    let world = seed(&app, None);
    closed_cases(&app, &world, &["rv-1", "rv-2"]);
    let county = world.office.county.clone();
    let supervisor_token = app.login(&world.supervisor, PASSWORD).access;
    let mut browser = supervisor_browser(&app, &world);

    // The top bar and the unit page lead to the campaigns.
    let home = browser.page("/console/");
    assert!(home.contains("href=\"/console/reviews\""), "{home}");
    let unit = browser.page(&format!("/console/units/{county}"));
    assert!(unit.contains(&format!("href=\"/console/units/{county}/reviews\"")), "{unit}");
    let reviews = format!("/console/units/{county}/reviews");
    let page = browser.page(&reviews);
    assert!(page.contains("尚无评查活动") && page.contains("name=\"title\""), "{page}");
    let csrf = browser.csrf(&reviews);

    // Bad forms: the error beside the field, nothing opened.
    let form = |title: &str, from: &str, to: &str, selection: &str, count: &str, cases: &str| {
        vec![
            ("csrf".to_owned(), csrf.clone()), ("title".to_owned(), title.to_owned()),
            ("from".to_owned(), from.to_owned()), ("to".to_owned(), to.to_owned()),
            ("selection".to_owned(), selection.to_owned()), ("count".to_owned(), count.to_owned()),
            ("cases".to_owned(), cases.to_owned()),
        ]
    };
    let post = |browser: &mut Browser, path: &str, fields: &[(String, String)]| {
        let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        browser.post(path, &fields)
    };
    for (fields, field) in [
        (form("评查", "2026-02-30", "2026-04-30", "draw", "1", ""), "from"),
        (form("评查", "2026-04-30", "2026-03-01", "draw", "1", ""), "to"),
        (form("评查", "2026-03-01", "2026-04-30", "draw", "9", ""), "count"),
        (form("评查", "2026-03-01", "2026-04-30", "draw", "x", ""), "count"),
        (form("评查", "2026-03-01", "2026-04-30", "list", "", "rv-1\nno-such-case"), "cases"),
        (form("", "2026-03-01", "2026-04-30", "draw", "1", ""), "title"),
    ] {
        let refused = post(&mut browser, &reviews, &fields);
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY, "{field}");
        let page = refused.text().unwrap();
        assert!(page.contains(&format!("id=\"{field}-error\"")), "{field}: {page}");
    }
    // Without the form's token: refused before anything is looked at.
    let forged = post(&mut browser, &reviews, &form("评查", "2026-03-01", "2026-04-30", "draw", "1", "")[1..]);
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    assert!(api_campaigns(&app, &supervisor_token).is_empty());

    // Opened by a draw of one file, and by list of both.
    let drawn = campaign_of(&post(&mut browser, &reviews, &form("2026年第一季度抽查评查", "2026-03-01", "2026-04-30", "draw", "1", "")));
    let listed = campaign_of(&post(&mut browser, &reviews, &form("2026年第一季度指定评查", "2026-03-01", "2026-04-30", "list", "", "rv-1\nrv-2\n")));
    let api = api_campaigns(&app, &supervisor_token);
    assert_eq!(api.len(), 2);
    let drawn_api = expect_json(app.get_as(&supervisor_token, &format!("/api/v1/supervision/reviews/{drawn}")), StatusCode::OK);
    assert_eq!(drawn_api["cases"].as_array().unwrap().len(), 1);
    // 2026-03-01 00:00 China Standard Time.
    assert_eq!(drawn_api["from_us"], json!(1_772_294_400_000_000_i64));
    let page = browser.page(&reviews);
    assert!(page.contains("2026年第一季度抽查评查") && page.contains(&format!("/console/reviews/{listed}")), "{page}");
    let all = browser.page("/console/reviews");
    assert!(all.contains(&format!("/console/reviews/{drawn}")), "{all}");

    // The campaign page: files with their automatic scores, the ranking, 通报, as the API says.
    let campaign = format!("/console/reviews/{listed}");
    let page = browser.page(&campaign);
    let view = expect_json(app.get_as(&supervisor_token, &format!("/api/v1/supervision/reviews/{listed}")), StatusCode::OK);
    assert_eq!(page.matches("class=\"review-file\"").count(), 2, "{page}");
    for case in &view["findings"]["cases"].as_array().unwrap()[..] {
        let row = format!("<a href=\"/console/cases/{}\">", case["case"].as_str().unwrap());
        assert!(page.contains(&row), "{row}");
        assert!(page.contains(&format!("<td class=\"num\">{}</td>", case["automatic_score"])), "{page}");
    }
    assert_eq!(page.matches("class=\"rank\"").count(), view["findings"]["ranking"].as_array().unwrap().len());
    assert!(page.contains("Test Township") && page.contains("进行中"), "{page}");
    assert!(page.contains(&format!("href=\"{campaign}/report.csv\"")) && page.contains(&format!("href=\"{campaign}/print\"")));

    // A manual score: bad input beside its field and nothing stored, then stored with its remark.
    let csrf = browser.csrf(&campaign);
    let score = |case: &str, item: &str, points: &str, remark: &str| {
        vec![
            ("csrf".to_owned(), csrf.clone()), ("case_id".to_owned(), case.to_owned()),
            ("item".to_owned(), item.to_owned()), ("score".to_owned(), points.to_owned()),
            ("remark".to_owned(), remark.to_owned()),
        ]
    };
    let scores = format!("{campaign}/scores");
    for (fields, field) in [
        (score("rv-1", "basis.law", "999", "too many"), "score"),
        (score("rv-1", "basis.law", "-1", "negative"), "score"),
        (score("console-1", "basis.law", "1", "not in the campaign"), "case_id"),
        (score("rv-1", "no.such.item", "1", "unknown item"), "item"),
        (score("rv-1", "basis.law", "1", " "), "remark"),
    ] {
        let refused = post(&mut browser, &scores, &fields);
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY, "{field}");
        let page = refused.text().unwrap();
        assert!(page.contains(&format!("id=\"{field}-error\"")), "{field}: {page}");
    }
    assert_eq!(expect_json(app.get_as(&supervisor_token, &format!("/api/v1/supervision/reviews/{listed}")), StatusCode::OK)["scores"], json!([]));
    let stored = post(&mut browser, &scores, &score("rv-1", "basis.law", "1", "法律依据引用不完整"));
    assert_eq!(stored.status(), StatusCode::SEE_OTHER);
    let page = browser.page(&campaign);
    assert!(page.contains("法律依据引用不完整") && page.matches("class=\"manual-score\"").count() == 1, "{page}");
    let view = expect_json(app.get_as(&supervisor_token, &format!("/api/v1/supervision/reviews/{listed}")), StatusCode::OK);
    assert_eq!(view["scores"][0]["remark"], "法律依据引用不完整");

    // The CSV and the printable page are the API's.
    let csv = browser.get(&format!("{campaign}/report.csv"));
    assert_eq!(csv.status(), StatusCode::OK);
    assert!(csv.headers()["content-disposition"].to_str().unwrap().contains(&format!("review-{listed}.csv")));
    let csv = csv.text().unwrap();
    let api_csv = app.get(&format!("/api/v1/supervision/reviews/{listed}"))
        .bearer_auth(&supervisor_token).header("Accept", "text/csv").send().unwrap().text().unwrap();
    assert_eq!(csv, api_csv);
    let print = browser.page(&format!("{campaign}/print"));
    assert!(print.contains("案卷评查通报"), "{print}");

    // A reviewer scores but does not close; closing ends scoring.
    console_user(&app, "reviewer.console", Role::Reviewer, &county);
    let mut reviewer = Browser::new(&app);
    reviewer.sign_in("reviewer.console", PASSWORD);
    let page = reviewer.page(&campaign);
    assert!(page.contains(&format!("action=\"{campaign}/scores\"")) && !page.contains(&format!("action=\"{campaign}/close\"")), "{page}");
    let token = reviewer.csrf(&campaign);
    let refused = reviewer.post(&format!("{campaign}/close"), &[("csrf", &token)]);
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let closed = browser.post(&format!("{campaign}/close"), &[("csrf", &csrf)]);
    assert_eq!(closed.status(), StatusCode::SEE_OTHER);
    let page = browser.page(&campaign);
    assert!(page.contains("已结束") && !page.contains(&format!("action=\"{campaign}/scores\"")), "{page}");
    let again = browser.post(&format!("{campaign}/close"), &[("csrf", &csrf)]);
    assert_eq!(again.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(again.text().unwrap().contains("id=\"close-form-error\""));
    let late = post(&mut browser, &scores, &score("rv-2", "basis.law", "1", "too late"));
    assert_eq!(late.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(late.text().unwrap().contains("id=\"score-form-error\""));
});

both_backends!(fn another_units_campaign_is_the_not_found_page(app) {
    let world = seed(&app, None);
    closed_cases(&app, &world, &["rv-1"]);
    let supervisor_token = app.login(&world.supervisor, PASSWORD).access;
    let opened = expect_json(
        app.post("/api/v1/supervision/reviews")
            .bearer_auth(&supervisor_token)
            .json(&json!({"org_id": world.office.county, "title": "评查", "from_us": recording::day(0), "to_us": recording::day(40), "cases": ["rv-1"]}))
            .send()
            .unwrap(),
        StatusCode::CREATED,
    );
    let id = opened["id"].as_str().unwrap();
    let mut browser = supervisor_browser(&app, &world);
    let not_found = browser.get("/console/reviews/no-such-campaign");
    assert_eq!(not_found.status(), StatusCode::NOT_FOUND);
    let not_found = not_found.text().unwrap();

    // A supervisor of the township below and one of another county see the same page for the
    // campaign, its downloads and its forms; an officer is refused.
    let other_county = recording::create_org(&app, &world.office.admin, "Far County", &app.root_org_id, "county");
    console_user(&app, "supervisor.far", Role::Supervisor, &other_county);
    console_user(&app, "supervisor.township", Role::Supervisor, &world.office.township);
    for username in ["supervisor.far", "supervisor.township"] {
        let mut stranger = Browser::new(&app);
        stranger.sign_in(username, PASSWORD);
        let csrf = stranger.csrf("/console/");
        for path in [format!("/console/reviews/{id}"), format!("/console/reviews/{id}/report.csv"), format!("/console/reviews/{id}/print")] {
            let response = stranger.get(&path);
            assert_eq!(response.status(), StatusCode::NOT_FOUND, "{username} {path}");
            assert_eq!(response.text().unwrap(), not_found, "{username} {path}");
        }
        for path in [format!("/console/reviews/{id}/scores"), format!("/console/reviews/{id}/close")] {
            let response = stranger.post(&path, &[("csrf", &csrf), ("case_id", "rv-1"), ("item", "basis.law"), ("score", "1"), ("remark", "x")]);
            assert_eq!(response.status(), StatusCode::NOT_FOUND, "{username} {path}");
            assert_eq!(response.text().unwrap(), not_found, "{username} {path}");
        }
        let list = stranger.page("/console/reviews");
        assert!(!list.contains(id), "{list}");
    }
    let county_reviews = format!("/console/units/{}/reviews", world.office.county);
    let mut far = Browser::new(&app);
    far.sign_in("supervisor.far", PASSWORD);
    assert_eq!(far.get(&county_reviews).status(), StatusCode::NOT_FOUND);

    console_user(&app, "officer.reviews", Role::Officer, &world.office.township);
    let mut officer = Browser::new(&app);
    officer.sign_in("officer.reviews", PASSWORD);
    assert!(!officer.page("/console/").contains("href=\"/console/reviews\""));
    assert_eq!(officer.get(&format!("/console/reviews/{id}")).status(), StatusCode::FORBIDDEN);
    assert_eq!(officer.get(&county_reviews).status(), StatusCode::FORBIDDEN);
    assert_eq!(expect_json(app.get_as(&supervisor_token, &format!("/api/v1/supervision/reviews/{id}")), StatusCode::OK)["scores"], json!([]));
});
