//! A small organisation tree and the requests the domain tests make against it.
//!
//! ```text
//! root (city, the initial admin)
//! ├── a (county)       ← the callers of the scope tests live here
//! │   └── a1 (township)
//! └── b (county)
//! ```

use custos_api::auth::Role;
use custos_core::device::DeviceSigningKey;
use custos_tests::reqwest::blocking::Response;
use custos_tests::reqwest::{Method, StatusCode};
use custos_tests::serde_json::{Value, json};
use custos_tests::{TestApp, expect_json};
use std::sync::atomic::{AtomicU64, Ordering};

/// Password of every user the domain tests create.
pub const PASSWORD: &str = "domain password 1";

pub struct Tree {
    /// Access token of the initial admin of the root unit.
    pub root_admin: String,
    pub root: String,
    pub a: String,
    pub a1: String,
    pub b: String,
}

impl Tree {
    pub fn build(app: &TestApp) -> Tree {
        let root_admin = app.admin_token();
        let root = app.root_org_id.clone();
        let a = create_org(app, &root_admin, &root, "County A", "county");
        let a1 = create_org(app, &root_admin, &a, "Township A1", "township");
        let b = create_org(app, &root_admin, &root, "County B", "county");
        Tree {
            root_admin,
            root,
            a,
            a1,
            b,
        }
    }
}

/// A fresh name for anything that must be unique.
pub fn unique(prefix: &str) -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    format!("{prefix}{}", COUNTER.fetch_add(1, Ordering::Relaxed))
}

/// Sends `body` (if any) as JSON with a bearer token.
pub fn send(
    app: &TestApp,
    token: &str,
    method: Method,
    path: &str,
    body: Option<&Value>,
) -> Response {
    let mut request = app.request(method, path).bearer_auth(token);
    if let Some(body) = body {
        request = request.json(body);
    }
    request.send().expect("request sent")
}

pub fn post_as(app: &TestApp, token: &str, path: &str, body: &Value) -> Response {
    send(app, token, Method::POST, path, Some(body))
}

/// Creates a unit as `token` and returns its id.
pub fn create_org(app: &TestApp, token: &str, parent: &str, name: &str, kind: &str) -> String {
    let body = json!({"name": name, "parent_id": parent, "kind": kind});
    id_of(
        post_as(app, token, "/api/v1/orgs", &body),
        StatusCode::CREATED,
    )
}

/// Creates a user as `token` and returns its id.
pub fn create_user(app: &TestApp, token: &str, username: &str, role: Role, org: &str) -> String {
    let body = json!({"username": username, "password": PASSWORD, "role": role, "org_id": org});
    id_of(
        post_as(app, token, "/api/v1/users", &body),
        StatusCode::CREATED,
    )
}

/// A new user of `role` in `org` (created by the root admin) and its access token.
pub fn user_with_token(app: &TestApp, tree: &Tree, role: Role, org: &str) -> (String, String) {
    let username = unique(&format!("{role}."));
    let id = create_user(app, &tree.root_admin, &username, role, org);
    (id, app.login(&username, PASSWORD).access)
}

/// The body of a certificate for `holder`.
pub fn certificate_body(holder: &str, number: &str) -> Value {
    json!({
        "number": number,
        "holder_id": holder,
        "holder_name": "张三",
        "issuer": "Test City Justice Bureau",
        "domains": ["urban management"],
        "valid_from": "2025-01-01",
        "valid_until": "2099-12-31",
    })
}

/// Issues a certificate as `token`; returns its id.
pub fn issue_certificate(app: &TestApp, token: &str, holder: &str, number: &str) -> String {
    let body = certificate_body(holder, number);
    id_of(
        post_as(app, token, "/api/v1/certificates", &body),
        StatusCode::CREATED,
    )
}

/// Enrols a fresh key as `token`; returns the device id and its signing key.
pub fn enrol_device(
    app: &TestApp,
    token: &str,
    kind: &str,
    org: &str,
    owner: Option<&str>,
) -> (String, DeviceSigningKey) {
    let key = DeviceSigningKey::generate().unwrap();
    let body = json!({
        "public_key": key.public_key().to_base64(),
        "kind": kind,
        "org_id": org,
        "owner_id": owner,
    });
    let id = id_of(
        post_as(app, token, "/api/v1/devices", &body),
        StatusCode::CREATED,
    );
    (id, key)
}

/// Asserts the status and returns the body's `id`.
pub fn id_of(response: Response, status: StatusCode) -> String {
    let body = expect_json(response, status);
    body["id"].as_str().expect("id").to_owned()
}

/// Every row custos keeps about units, users, certificates and devices, and the log size:
/// what bad input must leave exactly as it was.
pub fn dump(app: &TestApp) -> String {
    use custos_api::db::certificates::{CertificateRow, StatusChangeRow};
    use custos_api::db::devices::DeviceRow;
    use custos_api::db::orgs::Organisation;
    use custos_api::db::schema::*;
    use custos_api::db::users::User;
    use diesel::prelude::*;
    app.db(|conn| {
        let orgs: Vec<Organisation> = organisations::table
            .select(Organisation::as_select())
            .order(organisations::id)
            .load(conn)
            .unwrap();
        let users: Vec<User> = users::table
            .select(User::as_select())
            .order(users::id)
            .load(conn)
            .unwrap();
        let certificates: Vec<CertificateRow> = certificates::table
            .select(CertificateRow::as_select())
            .order(certificates::id)
            .load(conn)
            .unwrap();
        let changes: Vec<StatusChangeRow> = certificate_status_changes::table
            .select(StatusChangeRow::as_select())
            .order(certificate_status_changes::id)
            .load(conn)
            .unwrap();
        let devices: Vec<DeviceRow> = devices::table
            .select(DeviceRow::as_select())
            .order(devices::id)
            .load(conn)
            .unwrap();
        let log_size: i64 = log_entries::table.count().get_result(conn).unwrap();
        format!("{orgs:#?}\n{users:#?}\n{certificates:#?}\n{changes:#?}\n{devices:#?}\nlog size {log_size}")
    })
}
