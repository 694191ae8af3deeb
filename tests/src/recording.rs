//! Test support for full-process recording: units, certified officers and enrolled phones
//! set up through the admin routes, and signed records submitted as a phone submits them. The
//! record fixtures themselves (sample bodies, the ordinary case, the signing [`Phone`]) live
//! in `custos-test-support`, shared with custos-core's tests, and are re-exported here.

use crate::{TestApp, expect_json};
use custos_api::auth::Role;
use custos_core::lifecycle::CaseRecord;
use custos_core::record::Record;
use reqwest::StatusCode;
use serde_json::{Value, json};

pub use custos_test_support::recording::*;

/// Password of every user the recording tests create.
pub const PASSWORD: &str = "officer password 1";

/// A user of a test app with its access token.
#[derive(Clone, Debug)]
pub struct User {
    pub id: String,
    pub username: String,
    pub token: String,
}

/// Creates a unit below `parent_id` through `POST /api/v1/orgs`.
pub fn create_org(app: &TestApp, admin: &str, name: &str, parent_id: &str, kind: &str) -> String {
    let response = app
        .post("/api/v1/orgs")
        .bearer_auth(admin)
        .json(&json!({"name": name, "parent_id": parent_id, "kind": kind}))
        .send()
        .expect("request sent");
    id_of(&expect_json(response, StatusCode::CREATED))
}

/// Sets unit `org_id`'s rule configuration through `PUT /api/v1/orgs/{id}/rules` as `admin`
/// and answers the configuration in force.
pub fn set_rules(app: &TestApp, admin: &str, org_id: &str, rules: &Value) -> Value {
    let response = app
        .request(
            reqwest::Method::PUT,
            &format!("/api/v1/orgs/{org_id}/rules"),
        )
        .bearer_auth(admin)
        .json(rules)
        .send()
        .expect("request sent");
    expect_json(response, StatusCode::OK)
}

/// Adds a user in `org_id` and logs it in.
pub fn user(app: &TestApp, username: &str, role: Role, org_id: &str) -> User {
    let id = app.add_user(username, PASSWORD, role, org_id);
    User {
        id,
        username: username.to_owned(),
        token: app.login(username, PASSWORD).access,
    }
}

/// Adds an officer in `org_id` with a certificate for [`DOMAIN`] valid 2024 to 2027.
pub fn officer(app: &TestApp, admin: &str, username: &str, org_id: &str) -> User {
    let officer = user(app, username, Role::Officer, org_id);
    certify(app, admin, &officer.id, &format!("CERT-{username}"));
    officer
}

/// Registers a certificate for [`DOMAIN`] valid 2024 to 2027 through `POST /api/v1/certificates`.
pub fn certify(app: &TestApp, admin: &str, holder_id: &str, number: &str) -> String {
    certify_for(app, admin, holder_id, number, &[DOMAIN])
}

/// Registers a certificate for `domains` valid 2024 to 2027 through `POST /api/v1/certificates`.
pub fn certify_for(
    app: &TestApp,
    admin: &str,
    holder_id: &str,
    number: &str,
    domains: &[&str],
) -> String {
    let number: String = number
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let response = app
        .post("/api/v1/certificates")
        .bearer_auth(admin)
        .json(&json!({
            "number": number,
            "holder_id": holder_id,
            "holder_name": "张三",
            "issuer": "市人民政府",
            "domains": domains,
            "valid_from": "2024-01-01",
            "valid_until": "2027-12-31",
        }))
        .send()
        .expect("request sent");
    id_of(&expect_json(response, StatusCode::CREATED))
}

/// Enrols `phone` as `owner`'s phone in `org_id` through `POST /api/v1/devices`.
pub fn enrol(app: &TestApp, admin: &str, phone: &Phone, org_id: &str, owner: &str) {
    let response = app
        .post("/api/v1/devices")
        .bearer_auth(admin)
        .json(&json!({
            "public_key": phone.key.public_key().to_base64(),
            "kind": "phone",
            "org_id": org_id,
            "owner_id": owner,
        }))
        .send()
        .expect("request sent");
    let body = expect_json(response, StatusCode::CREATED);
    assert_eq!(body["id"], phone.device_id(), "{body}");
}

/// Revokes a device from `revoked_at_us` on through `POST /api/v1/devices/{id}/revoke`.
pub fn revoke(app: &TestApp, admin: &str, device_id: &str, revoked_at_us: i64) {
    let response = app
        .post(&format!("/api/v1/devices/{device_id}/revoke"))
        .bearer_auth(admin)
        .json(&json!({"revoked_at_us": revoked_at_us}))
        .send()
        .expect("request sent");
    expect_json(response, StatusCode::OK);
}

/// The JSON array of signed records, as a phone sends them.
pub fn batch(records: &[&Record]) -> Value {
    Value::Array(
        records
            .iter()
            .map(|record| serde_json::from_slice(&record.to_json()).expect("record JSON"))
            .collect(),
    )
}

/// Submits records as `token` and returns the response body (status 200).
pub fn submit(app: &TestApp, token: &str, records: &[&Record]) -> Value {
    submit_json(app, token, &batch(records))
}

/// Submits a JSON body as `token` and returns the response body (status 200).
pub fn submit_json(app: &TestApp, token: &str, body: &Value) -> Value {
    let response = app
        .post("/api/v1/records")
        .bearer_auth(token)
        .json(body)
        .send()
        .expect("request sent");
    expect_json(response, StatusCode::OK)
}

/// The outcome names of a submission's results, in order.
pub fn outcomes(response: &Value) -> Vec<String> {
    response["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|result| result["outcome"].as_str().expect("outcome").to_owned())
        .collect()
}

fn id_of(body: &Value) -> String {
    body["id"].as_str().expect("id").to_owned()
}

/// A county with a township, two certified officers of the township with their phones
/// enrolled, and a county supervisor.
pub struct Office {
    pub admin: String,
    pub county: String,
    pub township: String,
    pub a: User,
    pub b: User,
    pub supervisor: User,
}

pub fn office(app: &TestApp) -> Office {
    let admin = app.admin_token();
    let county = create_org(app, &admin, "Test County", &app.root_org_id, "county");
    let township = create_org(app, &admin, "Test Township", &county, "township");
    let a = officer(app, &admin, "officer.a", &township);
    let b = officer(app, &admin, "officer.b", &township);
    let supervisor = user(app, "supervisor.county", Role::Supervisor, &county);
    Office {
        admin,
        county,
        township,
        a,
        b,
        supervisor,
    }
}

impl Office {
    /// Officer A's phone (seed 1) on `case_id`, enrolled.
    pub fn phone_a(&self, app: &TestApp, case_id: &str) -> Phone {
        let phone = Phone::new(1, case_id);
        enrol(app, &self.admin, &phone, &self.township, &self.a.id);
        phone
    }

    /// Step `n` of the ordinary case, signed by A with B present.
    pub fn step(&self, n: usize) -> CaseRecord {
        ordinary_step(n, &self.a.id, &self.b.id)
    }
}

pub fn case_view(app: &TestApp, token: &str, case_id: &str) -> Value {
    expect_json(
        app.get_as(token, &format!("/api/v1/cases/{case_id}")),
        StatusCode::OK,
    )
}
