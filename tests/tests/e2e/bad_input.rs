//! Bad input to every organisation, user, certificate and device route: malformed JSON,
//! wrong types, unknown fields, huge bodies, and SQL, path and shell metacharacters in every
//! string parameter (body fields, path segments, query parameters). Each must be answered
//! with a 4xx problem and leave every row exactly as it was.

use crate::tree::{
    PASSWORD, Tree, certificate_body, create_user, dump, enrol_device, issue_certificate, unique,
};
use custos_api::auth::Role;
use custos_tests::reqwest::Method;
use custos_tests::serde_json::{Value, json};
use custos_tests::{TestApp, both_backends};

/// Strings that mean something to SQL, paths, shells, templates or terminals.
const METACHARACTERS: &[&str] = &[
    "'",
    "''",
    "' OR '1'='1",
    "'; DROP TABLE users; --",
    "\" OR \"\"=\"",
    "1; SELECT pg_sleep(5)",
    "%",
    "%%",
    "%00",
    "\u{0}",
    "a\u{0}b",
    "\\",
    "../../../../etc/passwd",
    "..\\..\\windows\\win.ini",
    "/",
    "%2e%2e%2f",
    "<script>alert(1)</script>",
    "${jndi:ldap://x/a}",
    "$(id)",
    "`id`",
    "| id",
    "*",
    "a\r\nb",
    "\u{202e}gnp.exe",
    "",
    " ",
];

/// Percent-encodes every byte, so the metacharacters reach the router as they are.
fn path_segment(text: &str) -> String {
    text.bytes().map(|b| format!("%{b:02X}")).collect()
}

/// One request with an expected 4xx answer.
struct Probe {
    method: Method,
    path: String,
    content_type: &'static str,
    body: Option<Vec<u8>>,
}

impl Probe {
    fn json(method: Method, path: &str, body: &Value) -> Probe {
        Probe::raw(method, path, body.to_string().into_bytes())
    }

    fn raw(method: Method, path: &str, body: Vec<u8>) -> Probe {
        Probe {
            method,
            path: path.to_owned(),
            content_type: "application/json",
            body: Some(body),
        }
    }

    fn get(path: &str) -> Probe {
        Probe {
            method: Method::GET,
            path: path.to_owned(),
            content_type: "application/json",
            body: None,
        }
    }
}

/// Sends every probe as `token`; returns a description of each that was not a 4xx
/// problem+json.
fn run(app: &TestApp, token: &str, probes: &[Probe]) -> Vec<String> {
    let mut failures = Vec::new();
    for probe in probes {
        let mut request = app
            .request(probe.method.clone(), &probe.path)
            .bearer_auth(token);
        if let Some(body) = &probe.body {
            request = request
                .header("content-type", probe.content_type)
                .body(body.clone());
        }
        let response = request.send().unwrap();
        let status = response.status();
        let content_type = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        let text = response.text().unwrap_or_default();
        let is_problem = content_type == custos_api::error::PROBLEM_JSON
            && serde_json::from_str::<Value>(&text)
                .is_ok_and(|body| body["status"] == status.as_u16() && body["type"].is_string());
        if !status.is_client_error() || !is_problem {
            let shown = String::from_utf8_lossy(probe.body.as_deref().unwrap_or_default())
                .chars()
                .take(200)
                .collect::<String>();
            failures.push(format!(
                "{} {} {shown:?} → {status} {content_type} {text}",
                probe.method, probe.path
            ));
        }
    }
    failures
}

/// Every way to spoil a JSON body: not JSON, not an object, each field with the wrong type,
/// missing or replaced by each metacharacter string (if a string field), and an unknown
/// field. `strings` names the fields that take a string; `skip_meta` the string fields whose
/// every value is legitimate (passwords).
fn body_probes(method: Method, path: &str, valid: &Value, skip_meta: &[&str]) -> Vec<Probe> {
    let mut probes = vec![
        Probe::raw(method.clone(), path, b"{".to_vec()),
        Probe::raw(method.clone(), path, b"[]".to_vec()),
        Probe::raw(method.clone(), path, b"null".to_vec()),
        Probe::raw(method.clone(), path, b"\"text\"".to_vec()),
        Probe::raw(method.clone(), path, b"\xff\xfe{}".to_vec()),
        Probe::raw(method.clone(), path, vec![b' '; 2 << 20]),
        Probe::raw(
            method.clone(),
            path,
            format!("{{\"x\": \"{}\"}}", "a".repeat(100_000)).into_bytes(),
        ),
        Probe {
            content_type: "text/plain",
            ..Probe::json(method.clone(), path, valid)
        },
    ];
    let mut with_unknown = valid.clone();
    with_unknown["is_admin"] = json!(true);
    probes.push(Probe::json(method.clone(), path, &with_unknown));
    let fields = valid.as_object().unwrap();
    for (field, value) in fields {
        let wrong_types: Vec<Value> = match value {
            Value::String(_) => vec![json!(5), json!(true), json!([]), json!({})],
            Value::Array(_) => vec![json!("text"), json!([5]), json!({})],
            Value::Number(_) => vec![
                json!("5"),
                json!(1.5),
                json!(i128::MAX.to_string()),
                json!([]),
            ],
            _ => vec![],
        };
        for wrong in wrong_types {
            let mut body = valid.clone();
            body[field] = wrong;
            probes.push(Probe::json(method.clone(), path, &body));
        }
        let mut missing = valid.clone();
        missing.as_object_mut().unwrap().remove(field);
        // Optional fields may be left out; the rest must be there.
        if !matches!(
            field.as_str(),
            "kind" | "owner_id" | "since" | "revoked_at_us"
        ) {
            probes.push(Probe::json(method.clone(), path, &missing));
        }
        if skip_meta.contains(&field.as_str()) {
            continue;
        }
        for meta in METACHARACTERS {
            let mut body = valid.clone();
            match value {
                Value::String(_) => body[field] = json!(meta),
                Value::Array(_) => body[field] = json!([meta]),
                _ => continue,
            }
            probes.push(Probe::json(method.clone(), path, &body));
        }
        if value.is_string() {
            let mut long = valid.clone();
            long[field] = json!("名".repeat(5000));
            probes.push(Probe::json(method.clone(), path, &long));
        }
    }
    probes
}

both_backends!(fn bad_input_is_4xx_and_changes_nothing(app) {
    let tree = Tree::build(&app);
    let admin = tree.root_admin.clone();
    let user = create_user(&app, &admin, &unique("holder."), Role::Officer, &tree.a);
    let certificate = issue_certificate(&app, &admin, &user, &unique("B-"));
    let (device, _) = enrol_device(&app, &admin, "recorder", &tree.a, None);
    let fresh_key = custos_core::device::DeviceSigningKey::generate().unwrap();

    let mut probes = Vec::new();
    probes.extend(body_probes(
        Method::POST,
        "/api/v1/orgs",
        &json!({"name": "Unit", "parent_id": tree.a, "kind": "department"}),
        &[],
    ));
    probes.extend(body_probes(
        Method::POST,
        "/api/v1/users",
        &json!({"username": "someone", "password": PASSWORD, "role": "officer", "org_id": tree.a}),
        &["password"],
    ));
    probes.extend(body_probes(
        Method::PUT,
        &format!("/api/v1/users/{user}/role"),
        &json!({"role": "supervisor"}),
        &[],
    ));
    probes.extend(body_probes(
        Method::POST,
        "/api/v1/certificates",
        &certificate_body(&user, "NEW-1"),
        &[],
    ));
    for verb in ["suspend", "revoke"] {
        probes.extend(body_probes(
            Method::POST,
            &format!("/api/v1/certificates/{certificate}/{verb}"),
            &json!({"reason": "misconduct", "since": "2025-06-01"}),
            &[],
        ));
    }
    probes.extend(body_probes(
        Method::POST,
        "/api/v1/devices",
        &json!({"public_key": fresh_key.public_key().to_base64(), "kind": "phone", "org_id": tree.a, "owner_id": user}),
        &[],
    ));
    probes.extend(body_probes(
        Method::POST,
        &format!("/api/v1/devices/{device}/revoke"),
        &json!({"revoked_at_us": 1_700_000_000_000_000i64}),
        &[],
    ));
    // Out-of-range numbers and dates that parse but cannot be.
    for body in [
        json!({"revoked_at_us": -1}),
        json!({"revoked_at_us": i64::MAX}),
    ] {
        probes.push(Probe::json(Method::POST, &format!("/api/v1/devices/{device}/revoke"), &body));
    }
    let mut inverted = certificate_body(&user, "NEW-2");
    inverted["valid_until"] = json!("2024-12-31");
    probes.push(Probe::json(Method::POST, "/api/v1/certificates", &inverted));
    for date in ["2025-02-30", "2025-13-01", "20250101", "2025-1-1", "9999999-01-01"] {
        let mut body = certificate_body(&user, "NEW-3");
        body["valid_from"] = json!(date);
        probes.push(Probe::json(Method::POST, "/api/v1/certificates", &body));
    }

    // Metacharacters in every path parameter.
    for meta in METACHARACTERS.iter().filter(|m| !m.is_empty()) {
        let segment = path_segment(meta);
        for path in [
            format!("/api/v1/orgs/{segment}"),
            format!("/api/v1/users/{segment}"),
            format!("/api/v1/certificates/{segment}"),
            format!("/api/v1/devices/{segment}"),
            format!("/api/v1/public/certificates/{segment}"),
        ] {
            probes.push(Probe::get(&path));
        }
        probes.push(Probe::json(Method::PUT, &format!("/api/v1/users/{segment}/role"), &json!({"role": "admin"})));
        probes.push(Probe::raw(Method::POST, &format!("/api/v1/users/{segment}/deactivate"), Vec::new()));
        for verb in ["suspend", "revoke", "reinstate"] {
            probes.push(Probe::json(
                Method::POST,
                &format!("/api/v1/certificates/{segment}/{verb}"),
                &json!({"reason": "misconduct"}),
            ));
        }
        probes.push(Probe::json(Method::POST, &format!("/api/v1/devices/{segment}/revoke"), &json!({})));
        // And in every query parameter.
        for (path, parameter) in [
            ("/api/v1/orgs", "parent_id"),
            ("/api/v1/users", "org_id"),
            ("/api/v1/certificates", "holder_id"),
            ("/api/v1/devices", "org_id"),
        ] {
            probes.push(Probe::get(&format!("{path}?{parameter}={segment}")));
            probes.push(Probe::get(&format!("{path}?after={segment}")));
            probes.push(Probe::get(&format!("{path}?limit={segment}")));
        }
    }
    for path in ["/api/v1/orgs", "/api/v1/users", "/api/v1/certificates", "/api/v1/devices"] {
        for query in ["limit=0", "limit=-1", "limit=1001", "limit=99999999999999999999", "unknown=1", "limit=1&limit=2"] {
            probes.push(Probe::get(&format!("{path}?{query}")));
        }
    }

    // The authentication routes take strings too; a wrong login is 401 (or 429 once throttled).
    for meta in METACHARACTERS {
        for body in [
            json!({"username": meta, "password": PASSWORD}),
            json!({"username": "nobody", "password": meta}),
        ] {
            probes.push(Probe::json(Method::POST, "/api/v1/auth/login", &body));
        }
        for path in ["/api/v1/auth/refresh", "/api/v1/auth/logout"] {
            probes.push(Probe::json(Method::POST, path, &json!({"refresh_token": meta})));
        }
    }

    let before = dump(&app);
    let failures = run(&app, &admin, &probes);
    let after = dump(&app);
    assert!(failures.is_empty(), "{} of {} probes were not 4xx problems:\n{}", failures.len(), probes.len(), failures.join("\n"));
    assert_eq!(before, after, "bad input changed the database");
});
