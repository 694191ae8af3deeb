//! The authorisation matrix: every organisation, user, certificate and device route × every
//! role × a target in the caller's own unit, a child, a sibling and the parent → allowed or
//! denied, against a policy written out here independently of the server's. The test prints
//! the matrix and fails on any leak (allowed where it must be denied) and on any refusal
//! where the policy allows.

use crate::tree::{
    PASSWORD, Relation, Tree, create_user, enrol_device, issue_certificate, post_as, send, unique,
    user_with_token,
};
use custos_api::auth::Role;
use custos_tests::reqwest::{Method, StatusCode};
use custos_tests::serde_json::{Value, json};
use custos_tests::{TestApp, both_backends};
use std::fmt::Write;

/// Targets in one unit, shared by the read routes.
struct Targets {
    org: String,
    user: String,
    certificate: String,
    certificate_number: String,
    device: String,
}

impl Targets {
    fn new(app: &TestApp, tree: &Tree, relation: Relation) -> Targets {
        let org = tree.org(relation).to_owned();
        let user = create_user(
            app,
            &tree.root_admin,
            &unique("target."),
            Role::Officer,
            &org,
        );
        let certificate_number = unique("M-");
        let certificate = issue_certificate(app, &tree.root_admin, &user, &certificate_number);
        let (device, _) = enrol_device(app, &tree.root_admin, "recorder", &org, None);
        Targets {
            org,
            user,
            certificate,
            certificate_number,
            device,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Route {
    CreateOrg,
    ListOrgs,
    ReadOrg,
    CreateUser,
    ListUsers,
    ReadUser,
    ChangeRole,
    Deactivate,
    IssueCertificate,
    ListCertificates,
    ReadCertificate,
    Suspend,
    Revoke,
    Reinstate,
    PublicCertificate,
    EnrolDevice,
    ListDevices,
    ReadDevice,
    RevokeDevice,
}

impl Route {
    const ALL: [Route; 19] = [
        Route::CreateOrg,
        Route::ListOrgs,
        Route::ReadOrg,
        Route::CreateUser,
        Route::ListUsers,
        Route::ReadUser,
        Route::ChangeRole,
        Route::Deactivate,
        Route::IssueCertificate,
        Route::ListCertificates,
        Route::ReadCertificate,
        Route::Suspend,
        Route::Revoke,
        Route::Reinstate,
        Route::PublicCertificate,
        Route::EnrolDevice,
        Route::ListDevices,
        Route::ReadDevice,
        Route::RevokeDevice,
    ];

    fn label(self) -> &'static str {
        match self {
            Route::CreateOrg => "POST /orgs",
            Route::ListOrgs => "GET /orgs",
            Route::ReadOrg => "GET /orgs/{id}",
            Route::CreateUser => "POST /users",
            Route::ListUsers => "GET /users",
            Route::ReadUser => "GET /users/{id}",
            Route::ChangeRole => "PUT /users/{id}/role",
            Route::Deactivate => "POST /users/{id}/deactivate",
            Route::IssueCertificate => "POST /certificates",
            Route::ListCertificates => "GET /certificates",
            Route::ReadCertificate => "GET /certificates/{id}",
            Route::Suspend => "POST /certificates/{id}/suspend",
            Route::Revoke => "POST /certificates/{id}/revoke",
            Route::Reinstate => "POST /certificates/{id}/reinstate",
            Route::PublicCertificate => "GET /public/certificates/{n}",
            Route::EnrolDevice => "POST /devices",
            Route::ListDevices => "GET /devices",
            Route::ReadDevice => "GET /devices/{id}",
            Route::RevokeDevice => "POST /devices/{id}/revoke",
        }
    }

    /// The policy: may `role`, in unit `a`, use this route on a target related by `relation`?
    /// Targets belong to other users, so an officer's own-things rights do not apply here
    /// (they are tested in `users`, `certificates` and `devices`), except enrolling a phone
    /// in its own unit.
    fn allowed(self, role: Role, relation: Relation) -> bool {
        use Role::*;
        use Route::*;
        let roles: &[Role] = match self {
            PublicCertificate => return true,
            EnrolDevice if role == Officer => return relation == Relation::Own,
            ListOrgs | ReadOrg => &[Officer, Dock, Reviewer, Supervisor, Admin],
            ListCertificates | ReadCertificate => &[Reviewer, Supervisor, Admin],
            ListUsers | ReadUser | ListDevices | ReadDevice => &[Supervisor, Admin],
            CreateOrg | CreateUser | ChangeRole | Deactivate | IssueCertificate | Suspend
            | Revoke | Reinstate | EnrolDevice | RevokeDevice => &[Admin],
        };
        roles.contains(&role) && relation.in_scope()
    }

    /// Runs the route as `token` on targets in `targets.org`: whether it was allowed, and
    /// the status.
    fn run(self, app: &TestApp, tree: &Tree, targets: &Targets, token: &str) -> (bool, StatusCode) {
        let admin = &tree.root_admin;
        let org = &targets.org;
        let (method, path, body): (Method, String, Option<Value>) = match self {
            Route::CreateOrg => (
                Method::POST,
                "/api/v1/orgs".into(),
                Some(json!({"name": unique("Unit "), "parent_id": org})),
            ),
            Route::ListOrgs => return listed(app, token, "/api/v1/orgs", org),
            Route::ReadOrg => (Method::GET, format!("/api/v1/orgs/{org}"), None),
            Route::CreateUser => (
                Method::POST,
                "/api/v1/users".into(),
                Some(
                    json!({"username": unique("new."), "password": PASSWORD, "role": "officer", "org_id": org}),
                ),
            ),
            Route::ListUsers => return listed(app, token, "/api/v1/users", &targets.user),
            Route::ReadUser => (Method::GET, format!("/api/v1/users/{}", targets.user), None),
            Route::ChangeRole => (
                Method::PUT,
                format!("/api/v1/users/{}/role", targets.user),
                Some(json!({"role": "officer"})),
            ),
            Route::Deactivate => {
                let user = create_user(app, admin, &unique("leaver."), Role::Officer, org);
                (
                    Method::POST,
                    format!("/api/v1/users/{user}/deactivate"),
                    None,
                )
            }
            Route::IssueCertificate => (
                Method::POST,
                "/api/v1/certificates".into(),
                Some(crate::tree::certificate_body(&targets.user, &unique("I-"))),
            ),
            Route::ListCertificates => {
                return listed(app, token, "/api/v1/certificates", &targets.certificate);
            }
            Route::ReadCertificate => (
                Method::GET,
                format!("/api/v1/certificates/{}", targets.certificate),
                None,
            ),
            Route::Suspend | Route::Revoke | Route::Reinstate => {
                let certificate = issue_certificate(app, admin, &targets.user, &unique("S-"));
                let reason = json!({"reason": "matrix"});
                if self == Route::Reinstate {
                    let path = format!("/api/v1/certificates/{certificate}/suspend");
                    assert!(post_as(app, admin, &path, &reason).status().is_success());
                }
                let verb = match self {
                    Route::Suspend => "suspend",
                    Route::Revoke => "revoke",
                    _ => "reinstate",
                };
                (
                    Method::POST,
                    format!("/api/v1/certificates/{certificate}/{verb}"),
                    Some(reason),
                )
            }
            Route::PublicCertificate => (
                Method::GET,
                format!("/api/v1/public/certificates/{}", targets.certificate_number),
                None,
            ),
            Route::EnrolDevice => {
                let key = custos_core::device::DeviceSigningKey::generate().unwrap();
                (
                    Method::POST,
                    "/api/v1/devices".into(),
                    Some(
                        json!({"public_key": key.public_key().to_base64(), "kind": "phone", "org_id": org}),
                    ),
                )
            }
            Route::ListDevices => return listed(app, token, "/api/v1/devices", &targets.device),
            Route::ReadDevice => (
                Method::GET,
                format!("/api/v1/devices/{}", targets.device),
                None,
            ),
            Route::RevokeDevice => {
                let (device, _) = enrol_device(app, admin, "dock", org, None);
                (
                    Method::POST,
                    format!("/api/v1/devices/{device}/revoke"),
                    Some(json!({})),
                )
            }
        };
        let token = (self != Route::PublicCertificate).then_some(token);
        let mut request = app.request(method, &path);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = &body {
            request = request.json(body);
        }
        let status = request.send().unwrap().status();
        (status.is_success(), status)
    }
}

/// A list route "allows" a target when the target is in the list it returns.
fn listed(app: &TestApp, token: &str, path: &str, id: &str) -> (bool, StatusCode) {
    let response = send(app, token, Method::GET, &format!("{path}?limit=1000"), None);
    let status = response.status();
    if !status.is_success() {
        return (false, status);
    }
    let items: Vec<Value> = response.json().unwrap();
    (items.iter().any(|item| item["id"] == id), status)
}

both_backends!(fn every_route_every_role_every_relation(app) {
    let tree = Tree::build(&app);
    let targets: Vec<Targets> = Relation::ALL.iter().map(|&r| Targets::new(&app, &tree, r)).collect();
    let callers: Vec<(Role, String)> = Role::ALL
        .iter()
        .map(|&role| (role, user_with_token(&app, &tree, role, &tree.a).1))
        .collect();

    let mut matrix = String::new();
    let mut failures = Vec::new();
    write!(matrix, "{:<34}", "route \\ role: own child sibling parent").unwrap();
    for (role, _) in &callers {
        write!(matrix, "| {:<27}", role.as_str()).unwrap();
    }
    matrix.push('\n');
    for route in Route::ALL {
        write!(matrix, "{:<34}", route.label()).unwrap();
        for (role, token) in &callers {
            matrix.push_str("| ");
            for (relation, targets) in Relation::ALL.iter().zip(&targets) {
                let expected = route.allowed(*role, *relation);
                let (allowed, status) = route.run(&app, &tree, targets, token);
                let denied_properly = !allowed
                    && matches!(status, StatusCode::OK | StatusCode::FORBIDDEN | StatusCode::NOT_FOUND);
                let correct = if expected { allowed } else { denied_properly };
                let mark = match (allowed, correct) {
                    (true, true) => "+",
                    (false, true) => "-",
                    (true, false) => "LEAK",
                    (false, false) => "WRONG",
                };
                write!(matrix, "{mark}{} ", status.as_u16()).unwrap();
                if !correct {
                    failures.push(format!(
                        "{} as {} on {} target: {status} (expected {})",
                        route.label(),
                        role.as_str(),
                        relation.name(),
                        if expected { "allow" } else { "deny" }
                    ));
                }
            }
        }
        matrix.push('\n');
    }
    println!("authorisation matrix ({:?}; + allowed, - denied):\n{matrix}", app.backend);
    assert!(failures.is_empty(), "{}\n{matrix}", failures.join("\n"));
});
