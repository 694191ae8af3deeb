//! Test support for the supervisor console: a seeded world to audit (a case with evidence, a
//! finding, an open deadline and a fork; a case of a sibling unit), and a [`Browser`] that
//! keeps the console's cookies as a browser would.

use crate::TestApp;
use crate::recording::{self, Office, PASSWORD, Phone, outcomes, submit};
use crate::tus::{Uploader, header, metadata};
use custos_api::auth::Role;
use custos_core::digest::Sha256Digest;
use custos_core::lifecycle::{CaseRecord, EvidenceRef, RecordBody, RecordKind};
use reqwest::StatusCode;
use reqwest::blocking::{RequestBuilder, Response};
use std::collections::BTreeMap;

/// What the console tests audit.
pub struct ConsoleWorld {
    pub office: Office,
    /// The county supervisor's username (password [`PASSWORD`]).
    pub supervisor: String,
    /// A case of the township: evidence (a photo), a late service (a finding), an open
    /// payment deadline, and a fork.
    pub case: String,
    /// The photo the case's investigation names.
    pub photo: String,
    /// A video of the case, when one was given.
    pub video: Option<String>,
    /// A case of another county, out of the supervisor's reach.
    pub sibling_case: String,
}

/// A small PNG photo.
pub fn photo_bytes() -> Vec<u8> {
    let pixels = image::RgbImage::from_fn(64, 48, |x, y| {
        image::Rgb([(x * 4) as u8, (y * 5) as u8, 160])
    });
    let mut png = Vec::new();
    image::DynamicImage::ImageRgb8(pixels)
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .expect("png encodes");
    png
}

/// Uploads `bytes` as `kind` for `case` and returns the item id.
pub fn upload(
    uploader: &Uploader,
    bytes: &[u8],
    kind: &str,
    content_type: &str,
    case: &str,
) -> String {
    let digest = custos_core::digest::sha256(bytes).to_hex();
    let meta = metadata(&[
        ("sha256", &digest),
        ("kind", kind),
        ("content_type", content_type),
        ("case", case),
    ]);
    let response = uploader.upload(bytes, &meta, 1 << 20);
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    header(&response, "custos-evidence-id")
}

/// Builds the world; `video` (WebM bytes) is uploaded to the case when given.
pub fn seed(app: &TestApp, video: Option<&[u8]>) -> ConsoleWorld {
    let office = recording::office(app);
    let case = "console-1".to_owned();
    let uploader = Uploader {
        app,
        token: office.a.token.clone(),
        user_id: office.a.id.clone(),
    };
    let png = photo_bytes();
    let photo = upload(&uploader, &png, "photo", "image/png", &case);
    let video = video.map(|bytes| upload(&uploader, bytes, "video", "video/webm", &case));
    let mut phone = office.phone_a(app, &case);
    let photo_ref = EvidenceRef {
        sha256: Sha256Digest::from_hex(&custos_core::digest::sha256(&png).to_hex()).unwrap(),
        size: png.len() as u64,
        kind: "photo".to_owned(),
    };
    let mut records = Vec::new();
    for n in 0..6 {
        let mut record = office.step(n);
        if let RecordBody::InvestigationRecord(investigation) = &mut record.body {
            investigation.evidence = vec![photo_ref.clone()];
        }
        // Served sixteen days after the decision: a late service, recorded with a warning.
        if n == 5 {
            record.at_us = recording::day(30);
        }
        records.push(phone.sign(&record));
    }
    let answer = submit(app, &office.a.token, &records.iter().collect::<Vec<_>>());
    assert!(
        outcomes(&answer)
            .iter()
            .all(|outcome| outcome == "accepted"),
        "{answer}"
    );
    // A second record at seq 1: fork evidence.
    let fork = phone.sign_at(
        1,
        Some(records[0].hash()),
        &CaseRecord::new(
            recording::day(2),
            &office.a.id,
            recording::body(RecordKind::StatementRecorded, &office.b.id),
        ),
    );
    let answer = submit(app, &office.a.token, &[&fork]);
    assert_eq!(outcomes(&answer), ["fork"], "{answer}");

    let other = recording::create_org(
        app,
        &office.admin,
        "Other County",
        &app.root_org_id,
        "county",
    );
    let stranger = recording::officer(app, &office.admin, "officer.other", &other);
    let sibling_case = "console-other".to_owned();
    let mut other_phone = Phone::new(9, &sibling_case);
    recording::enrol(app, &office.admin, &other_phone, &other, &stranger.id);
    let filed = other_phone.sign(&recording::step(
        RecordKind::CaseFiled,
        0,
        &stranger.id,
        &stranger.id,
    ));
    assert_eq!(
        outcomes(&submit(app, &stranger.token, &[&filed])),
        ["accepted"]
    );
    ConsoleWorld {
        supervisor: office.supervisor.username.clone(),
        office,
        case,
        photo,
        video,
        sibling_case,
    }
}

/// A browser's view of the console: its cookies, sent back on every request.
pub struct Browser<'a> {
    pub app: &'a TestApp,
    pub cookies: BTreeMap<String, String>,
}

impl<'a> Browser<'a> {
    pub fn new(app: &'a TestApp) -> Browser<'a> {
        Browser {
            app,
            cookies: BTreeMap::new(),
        }
    }

    fn with_cookies(&self, request: RequestBuilder) -> RequestBuilder {
        if self.cookies.is_empty() {
            return request;
        }
        let cookie = self
            .cookies
            .iter()
            .map(|(name, value)| format!("{name}={value}"))
            .collect::<Vec<_>>()
            .join("; ");
        request.header("Cookie", cookie)
    }

    /// Keeps (or, when emptied, drops) the cookies a response sets.
    fn keep(&mut self, response: &Response) {
        for set in response.headers().get_all("set-cookie") {
            let text = set.to_str().unwrap_or_default();
            let pair = text.split(';').next().unwrap_or_default();
            if let Some((name, value)) = pair.split_once('=') {
                if value.is_empty() {
                    self.cookies.remove(name);
                } else {
                    self.cookies.insert(name.to_owned(), value.to_owned());
                }
            }
        }
    }

    pub fn get(&mut self, path: &str) -> Response {
        let response = self
            .with_cookies(self.app.get(path))
            .send()
            .expect("request sent");
        self.keep(&response);
        response
    }

    pub fn post(&mut self, path: &str, form: &[(&str, &str)]) -> Response {
        let response = self
            .with_cookies(self.app.post(path))
            .form(form)
            .send()
            .expect("request sent");
        self.keep(&response);
        response
    }

    /// A GET with a `Range` header.
    pub fn with_range(&mut self, path: &str, range: &str) -> Response {
        let response = self
            .with_cookies(self.app.get(path))
            .header("Range", range)
            .send()
            .expect("request sent");
        self.keep(&response);
        response
    }

    /// Opens the sign-in form (which sets its pre-session cookie) and posts it with the
    /// form's token, as a browser filling it in does.
    pub fn post_sign_in(&mut self, username: &str, password: &str) -> Response {
        let token = self.csrf("/console/sign-in");
        self.post(
            "/console/sign-in",
            &[
                ("username", username),
                ("password", password),
                ("csrf", &token),
            ],
        )
    }

    /// Signs in; asserts the redirect to the unit tree.
    pub fn sign_in(&mut self, username: &str, password: &str) -> Response {
        let response = self.post_sign_in(username, password);
        assert_eq!(
            response.status(),
            StatusCode::SEE_OTHER,
            "{:?}",
            response.headers()
        );
        response
    }

    /// The page at `path`, asserting 200 and HTML.
    pub fn page(&mut self, path: &str) -> String {
        let response = self.get(path);
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert!(
            response.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/html"),
            "{path}"
        );
        response.text().unwrap()
    }

    /// The CSRF token the forms of a page carry.
    pub fn csrf(&mut self, path: &str) -> String {
        let page = self.page(path);
        let at = page
            .find("name=\"csrf\" value=\"")
            .expect("a form with its token")
            + 19;
        page[at..at + 64].to_owned()
    }
}

/// Signs a supervisor in and returns the browser, with the supervisor's password.
pub fn supervisor_browser<'a>(app: &'a TestApp, world: &ConsoleWorld) -> Browser<'a> {
    let mut browser = Browser::new(app);
    browser.sign_in(&world.supervisor, PASSWORD);
    browser
}

/// A user of `role` in `org_id` who can sign in with [`PASSWORD`].
pub fn console_user(app: &TestApp, username: &str, role: Role, org_id: &str) -> String {
    app.add_user(username, PASSWORD, role, org_id)
}

/// Closes `cases` of the township: each the whole lawful ordinary case (filed on
/// [`recording::day`] 0, closed on day 17) signed on officer A's phone, enrolled by [`seed`];
/// the case files a 案卷评查 campaign of the county reviews.
pub fn closed_cases(app: &TestApp, world: &ConsoleWorld, cases: &[&str]) {
    for case in cases {
        let mut phone = Phone::new(1, case);
        let records: Vec<_> = (0..recording::ORDINARY_CASE.len())
            .map(|n| phone.sign(&world.office.step(n)))
            .collect();
        let answer = submit(
            app,
            &world.office.a.token,
            &records.iter().collect::<Vec<_>>(),
        );
        assert!(
            outcomes(&answer)
                .iter()
                .all(|outcome| outcome == "accepted"),
            "{answer}"
        );
    }
}
