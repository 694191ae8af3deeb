//! The supervisor console through the real server: its session cookie, CSRF tokens, the case
//! page with core's checks, and not-found pages that do not tell out of scope from absent.

use custos_api::auth::Role;
use custos_tests::console::{Browser, console_user, seed, supervisor_browser};
use custos_tests::recording::PASSWORD;
use custos_tests::reqwest::StatusCode;
use custos_tests::{ADMIN_PASSWORD, ADMIN_USERNAME, both_backends};

both_backends!(fn sessions_are_cookies_that_sign_out_revokes(app) {
    let mut browser = Browser::new(&app);
    // Without a session every page sends the browser to sign in.
    let response = browser.get("/console/");
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(response.headers()["location"], "/console/sign-in");

    let form = browser.get("/console/sign-in");
    assert_eq!(form.status(), StatusCode::OK);
    let csp = form.headers()["content-security-policy"].to_str().unwrap().to_owned();
    assert!(csp.contains("default-src 'none'") && !csp.contains("script-src"), "{csp}");

    // A wrong password is the form again, with why beside it, and no cookie.
    let wrong = browser.post_sign_in(ADMIN_USERNAME, "nope");
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    assert!(wrong.text().unwrap().contains("sign-in-error"));
    assert!(!browser.cookies.contains_key("custos_console"));

    let signed_in = browser.sign_in(ADMIN_USERNAME, ADMIN_PASSWORD);
    let cookie = session_cookie(&signed_in, "custos_console=");
    for attribute in ["HttpOnly", "SameSite=Strict", "Path=/console"] {
        assert!(cookie.contains(attribute), "{cookie}");
    }
    assert!(!cookie.contains("Secure"), "{cookie}");
    let home = browser.page("/console/");
    assert!(home.contains(custos_tests::ROOT_ORG_NAME), "{home}");

    // Signing out without the form's CSRF token is refused and changes nothing.
    let forged = browser.post("/console/sign-out", &[]);
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    browser.page("/console/");
    let csrf = browser.csrf("/console/");
    let forged = browser.post("/console/sign-out", &[("csrf", &"0".repeat(64))]);
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    browser.page("/console/");

    // With it, the session is dead: the old cookie no longer opens anything.
    let old = browser.cookies.clone();
    let out = browser.post("/console/sign-out", &[("csrf", &csrf)]);
    assert_eq!(out.status(), StatusCode::SEE_OTHER);
    browser.cookies = old;
    let response = browser.get("/console/");
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(response.headers()["location"], "/console/sign-in");
});

both_backends!(
    fn secure_cookies_when_configured(backend: Backend) {
        let Some(app) = custos_tests::TestApp::builder(backend)
            .config(|config| config.http.secure_cookies = true)
            .start()
        else {
            return;
        };
        let mut browser = Browser::new(&app);
        let form = browser.get("/console/sign-in");
        let pre_session = session_cookie(&form, "custos_sign_in=");
        assert!(pre_session.contains("Secure"), "{pre_session}");
        let signed_in = browser.sign_in(ADMIN_USERNAME, ADMIN_PASSWORD);
        let cookie = session_cookie(&signed_in, "custos_console=");
        assert!(cookie.contains("Secure"), "{cookie}");
    }
);

/// The `Set-Cookie` header of `response` that sets the cookie `prefix` names.
fn session_cookie(response: &custos_tests::reqwest::blocking::Response, prefix: &str) -> String {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|value| value.to_str().unwrap().to_owned())
        .find(|value| value.starts_with(prefix))
        .unwrap_or_else(|| panic!("no {prefix} cookie in {:?}", response.headers()))
}

/// Posts the sign-in form and asserts that it is refused as a forgery: the form again with why,
/// no session.
fn refused(browser: &mut Browser, form: &[(&str, &str)]) {
    let response = browser.post("/console/sign-in", form);
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert!(
        !browser.cookies.contains_key("custos_console"),
        "{:?}",
        browser.cookies
    );
    let page = response.text().unwrap();
    assert!(
        page.contains("id=\"sign-in-error\"") && page.contains("登录表单已失效"),
        "{page}"
    );
}

both_backends!(fn sign_in_needs_its_forms_token(app) {
    let mut browser = Browser::new(&app);
    // The form sets a short-lived pre-session cookie for its own path and a field derived
    // from it.
    let form = browser.get("/console/sign-in");
    let cookie = session_cookie(&form, "custos_sign_in=");
    for attribute in ["HttpOnly", "SameSite=Strict", "Path=/console/sign-in", "Max-Age=1200"] {
        assert!(cookie.contains(attribute), "{cookie}");
    }
    let stale = browser.csrf("/console/sign-in");
    let right = [("username", ADMIN_USERNAME), ("password", ADMIN_PASSWORD)];
    // Without the field, with a field of another token, and with the field but no cookie
    // (a forged cross-site post): refused, even with the right password.
    refused(&mut browser, &right);
    refused(&mut browser, &[right[0], right[1], ("csrf", &"0".repeat(64))]);
    let fresh = browser.csrf("/console/sign-in");
    assert_ne!(stale, fresh, "each form has a token of its own");
    refused(&mut browser, &[right[0], right[1], ("csrf", &stale)]);
    let fresh = browser.csrf("/console/sign-in");
    browser.cookies.remove("custos_sign_in").expect("the form's cookie");
    refused(&mut browser, &[right[0], right[1], ("csrf", &fresh)]);

    // None of the refusals counted against the throttle (which forgives four failures): after
    // six more forged posts with a wrong password, the right one still opens the API.
    for _ in 0..6 {
        refused(&mut browser, &[("username", ADMIN_USERNAME), ("password", "wrong")]);
    }
    let api = app.post_json(
        "/api/v1/auth/login",
        &custos_tests::serde_json::json!({"username": ADMIN_USERNAME, "password": ADMIN_PASSWORD}),
    );
    assert_eq!(api.status(), StatusCode::OK, "{:?}", api.text());

    // With the form's own token: signed in, and the pre-session cookie removed.
    let signed_in = browser.sign_in(ADMIN_USERNAME, ADMIN_PASSWORD);
    let removed = session_cookie(&signed_in, "custos_sign_in=");
    assert!(removed.contains("Max-Age=0"), "{removed}");
    assert!(!browser.cookies.contains_key("custos_sign_in"));
    let home = browser.page("/console/");
    assert!(home.contains(custos_tests::ROOT_ORG_NAME), "{home}");
});

both_backends!(fn sign_in_is_throttled_like_the_api(app) {
    let mut browser = Browser::new(&app);
    // The API's allowance: four failures of one account at one address are free.
    for _ in 0..5 {
        let response = browser.post_sign_in(ADMIN_USERNAME, "wrong");
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    }
    let throttled = browser.post_sign_in(ADMIN_USERNAME, ADMIN_PASSWORD);
    assert_eq!(throttled.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(throttled.headers().contains_key("retry-after"));
    assert!(throttled.text().unwrap().contains("sign-in-error"));
    // One count for both doors: the API's login waits too.
    let api = app.post_json(
        "/api/v1/auth/login",
        &custos_tests::serde_json::json!({"username": ADMIN_USERNAME, "password": ADMIN_PASSWORD}),
    );
    assert_eq!(api.status(), StatusCode::TOO_MANY_REQUESTS);
});

both_backends!(fn the_case_page_shows_what_core_checked(app) {
    let world = seed(&app, None);
    let mut browser = supervisor_browser(&app, &world);
    let page = browser.page(&format!("/console/cases/{}", world.case));
    // Six records, each signature and chain position verified at render time.
    assert_eq!(page.matches("✓ 有效").count(), 12, "{page}");
    assert!(!page.contains("✗"), "{page}");
    for text in [
        "case.filed",
        "decision.served",
        "APL-61-service-7-days",
        "《行政处罚法》第六十一条、第八十五条",
        "缴纳罚款",
        "已逾期",
        "分叉",
        &format!("/console/evidence/{}", world.photo),
        &format!("/console/cases/{}/bundle", world.case),
        "custos verify",
    ] {
        assert!(page.contains(text), "{text} missing");
    }
    // English on request, for the whole session.
    browser.get(&format!("/console/lang?to=en&back=/console/cases/{}", world.case));
    let page = browser.page(&format!("/console/cases/{}", world.case));
    assert!(page.contains("Open deadlines") && page.contains("the decision is served on the party within 7 working days"));

    // The bundle downloads as a file.
    let bundle = browser.get(&format!("/console/cases/{}/bundle", world.case));
    assert_eq!(bundle.status(), StatusCode::OK);
    assert!(bundle.headers()["content-disposition"].to_str().unwrap().contains("case-console-1.bundle.json"));
});

both_backends!(fn another_units_case_is_the_not_found_page(app) {
    let world = seed(&app, None);
    let mut browser = supervisor_browser(&app, &world);
    let out_of_scope = browser.get(&format!("/console/cases/{}", world.sibling_case));
    assert_eq!(out_of_scope.status(), StatusCode::NOT_FOUND);
    assert!(out_of_scope.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
    let out_of_scope = out_of_scope.text().unwrap();
    let absent = browser.get("/console/cases/no-such-case");
    assert_eq!(absent.status(), StatusCode::NOT_FOUND);
    assert_eq!(absent.text().unwrap(), out_of_scope);
    let bundle = browser.get(&format!("/console/cases/{}/bundle", world.sibling_case));
    assert_eq!(bundle.status(), StatusCode::NOT_FOUND);
    assert_eq!(bundle.text().unwrap(), out_of_scope);

    // An officer who does not handle the case gets the same page.
    console_user(&app, "officer.idle", Role::Officer, &world.office.township);
    let mut officer = Browser::new(&app);
    officer.sign_in("officer.idle", PASSWORD);
    let response = officer.get(&format!("/console/cases/{}", world.case));
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(response.text().unwrap(), out_of_scope);
});

/// The number of custody events the item page lists.
fn custody_rows(page: &str) -> usize {
    page.matches("class=\"custody-event\"").count()
}

both_backends!(fn custody_forms_act_through_the_api_and_refuse_bad_input(app) {
    let world = seed(&app, Some(b"not really a video, but bytes to play"));
    let mut browser = supervisor_browser(&app, &world);
    let item = format!("/console/evidence/{}", world.photo);
    let page = browser.page(&item);
    // Opening the page is itself a custody event, as over the API.
    let before = custody_rows(&page);
    assert!(page.contains("接收") && before >= 2, "{page}");
    let csrf = browser.csrf(&item);
    let rows = |browser: &mut Browser| custody_rows(&browser.page(&item));

    // Bad input: the page again with the error beside the field, nothing changed.
    let bad = browser.post(&format!("{item}/transfer"), &[("csrf", &csrf), ("receiving_body", "区公安分局"), ("receipt_sha256", "not hex")]);
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let bad = bad.text().unwrap();
    assert!(bad.contains("id=\"receipt_sha256-error\""), "{bad}");
    let hold = browser.post(&format!("{item}/hold"), &[("csrf", &csrf), ("reason", "  ")]);
    assert_eq!(hold.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(hold.text().unwrap().contains("id=\"hold-reason-error\""));
    // Without the form's token: refused before anything is looked at.
    let forged = browser.post(&format!("{item}/seal"), &[("reason", "x")]);
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    // Each refused post showed the page (a view each), and changed nothing else.
    let after_refusals = rows(&mut browser);
    assert!(!browser.page(&item).contains("已封存"));

    let sealed = browser.post(&format!("{item}/seal"), &[("csrf", &csrf), ("reason", "court")]);
    assert_eq!(sealed.status(), StatusCode::SEE_OTHER);
    let receipt = "ab".repeat(32);
    let moved = browser.post(&format!("{item}/transfer"), &[("csrf", &csrf), ("receiving_body", "区公安分局"), ("receipt_sha256", &receipt)]);
    assert_eq!(moved.status(), StatusCode::SEE_OTHER);
    let page = browser.page(&item);
    assert!(page.contains("封存") && page.contains("移交") && page.contains(&receipt), "{page}");
    assert!(custody_rows(&page) >= after_refusals + 3, "{page}");
    assert!(before < after_refusals);

    // Downloads: the custody entries with proofs, and the checkpoint.
    let custody = browser.get(&format!("{item}/custody.json"));
    assert_eq!(custody.status(), StatusCode::OK);
    let custody: custos_tests::serde_json::Value = custody.json().unwrap();
    assert!(custody["events"].as_array().unwrap().len() >= 3);
    let checkpoint = browser.get(&format!("{item}/checkpoint")).text().unwrap();
    assert_eq!(checkpoint, custody["checkpoint"].as_str().unwrap());

    // The video plays through Range requests, typed for the player.
    let video = world.video.as_deref().unwrap();
    let page = browser.page(&format!("/console/evidence/{video}"));
    assert!(page.contains("<video"), "{page}");
    let part = browser
        .with_range(&format!("/console/evidence/{video}/content"), "bytes=0-9");
    assert_eq!(part.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(part.headers()["content-type"], "video/webm");
    assert_eq!(part.bytes().unwrap().as_ref(), b"not really");
});

both_backends!(fn officers_see_no_custody_forms_and_cannot_post_them(app) {
    let world = seed(&app, None);
    let mut officer = Browser::new(&app);
    officer.sign_in(&world.office.a.username, PASSWORD);
    let item = format!("/console/evidence/{}", world.photo);
    let page = officer.page(&item);
    assert!(!page.contains("/seal\""), "{page}");
    let csrf = officer.csrf("/console/");
    let refused = officer.post(&format!("{item}/seal"), &[("csrf", &csrf)]);
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert!(!officer.page(&item).contains("已封存"));
});

both_backends!(fn draws_are_made_and_read_through_the_api(app) {
    let world = seed(&app, None);
    let mut browser = supervisor_browser(&app, &world);
    let csrf = browser.csrf("/console/draws");
    let county = world.office.county.as_str();
    let form = |count: &'static str| {
        vec![
            ("csrf", csrf.clone()),
            ("org_id", county.to_owned()),
            ("task", "2026年12月抽查".to_owned()),
            ("domain", custos_tests::recording::DOMAIN.to_owned()),
            ("count", count.to_owned()),
            ("team_size", "2".to_owned()),
            ("targets", "商户甲\n商户乙\n商户丙".to_owned()),
        ]
    };
    let post = |browser: &mut Browser, fields: Vec<(&'static str, String)>| {
        let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        browser.post("/console/draws", &fields)
    };
    // A count that is not a number: beside its field, and no draw made.
    let bad = post(&mut browser, form("many"));
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.text().unwrap().contains("id=\"count-error\""));
    assert!(browser.page("/console/draws").contains("尚无抽查"));

    let made = post(&mut browser, form("1"));
    assert_eq!(made.status(), StatusCode::SEE_OTHER);
    let location = made.headers()["location"].to_str().unwrap().to_owned();
    let page = browser.page(&location);
    assert!(page.contains("种子") && page.contains("商户"), "{page}");
    assert!(browser.page("/console/draws").contains(&location));

    // Another county's officer: the same not-found page as a draw that does not exist.
    let mut stranger = Browser::new(&app);
    stranger.sign_in("officer.other", PASSWORD);
    let hidden = stranger.get(&location);
    assert_eq!(hidden.status(), StatusCode::NOT_FOUND);
    let absent = stranger.get("/console/draws/01a24e08-0000-7000-8000-000000000000");
    assert_eq!(absent.status(), StatusCode::NOT_FOUND);
    assert_eq!(hidden.text().unwrap(), absent.text().unwrap());
});
