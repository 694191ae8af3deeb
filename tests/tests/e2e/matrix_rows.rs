//! The rows of the authorisation matrix (`matrix`): for every operation of the OpenAPI
//! document, the policy (who may use it on which target), written from CONTRACT.md and the
//! domain independently of the server's table, and a probe that runs it as a caller on a
//! target and tells whether it was allowed.

use crate::matrix_world::{Rel, Who, World, draw_order, review_order};
use crate::tree::{PASSWORD, certificate_body, post_as, unique};
use custos_api::auth::Role;
use custos_core::lifecycle::{CaseRecord, RecordKind};
use custos_tests::recording::{self, Phone};
use custos_tests::reqwest::Method;
use custos_tests::reqwest::blocking::Response;
use custos_tests::serde_json::{Value, json};
use custos_tests::tus::metadata;

/// Who may use an operation on which target.
pub enum Policy {
    /// Anyone, signed in or not.
    Anyone,
    /// Any signed-in user, on itself.
    SignedIn,
    /// `subtree` roles on targets in their unit and below; `own` roles on their own targets.
    Scoped(&'static [Role], &'static [Role]),
    /// `subtree` roles on targets in their unit and below, but never on themselves.
    NotOnItself(&'static [Role]),
    /// These roles on targets strictly below their unit (a township's filing, acknowledged
    /// from above).
    Below(&'static [Role]),
}

impl Policy {
    pub fn allows(&self, who: Who, rel: Rel) -> bool {
        let role = who.role();
        let has = |roles: &[Role]| role.is_some_and(|role| roles.contains(&role));
        match self {
            Policy::Anyone => true,
            Policy::SignedIn => role.is_some(),
            Policy::Scoped(subtree, own) => {
                (has(subtree) && rel.in_units()) || (has(own) && rel == Rel::Mine)
            }
            Policy::NotOnItself(subtree) => has(subtree) && rel.in_units() && rel != Rel::Mine,
            Policy::Below(roles) => has(roles) && rel == Rel::Child,
        }
    }
}

/// What one probe found.
pub struct Outcome {
    pub allowed: bool,
    pub status: u16,
    /// The answer is the one for a target that does not exist (ids aside).
    pub like_unknown: bool,
}

/// A probe: runs the operation as `who` on the target related by `rel`; `None` when there is
/// no such target (a reviewer holds no case of its own).
pub type Probe = fn(&World, Who, Rel) -> Option<Outcome>;

pub struct Row {
    pub method: &'static str,
    pub path: &'static str,
    pub policy: Policy,
    pub probe: Probe,
}

use Role::{Admin as A, Dock as D, Officer as O, Reviewer as R, Supervisor as S};
const ALL: &[Role] = &[O, D, R, S, A];
const NONE: &[Role] = &[];

/// An id of the shape of the server's that names nothing.
const UNKNOWN: &str = "01900000-0000-7000-8000-000000000000";
/// A case id no case has.
const UNKNOWN_CASE: &str = "case-unknown";
/// A log index past the end.
const UNKNOWN_INDEX: &str = "999999999999";

/// Status and body of an answer with `id` written as `ID`.
fn shape(response: Response, id: &str) -> (u16, String) {
    let status = response.status().as_u16();
    let body = response.text().unwrap_or_default();
    (status, body.replace(id, "ID"))
}

/// Runs `send` on `target` and on `unknown`: allowed when the status is one of `ok`.
fn twin(target: &str, unknown: &str, ok: &[u16], send: impl Fn(&str) -> Response) -> Outcome {
    let real = shape(send(target), target);
    let other = shape(send(unknown), unknown);
    Outcome {
        allowed: ok.contains(&real.0),
        status: real.0,
        like_unknown: real == other,
    }
}

/// As [`twin`], for a read whose refusal is a 404 like other 404s it gives (a thumbnail not
/// made): allowed when the answer differs from the unknown target's.
fn differs(target: &str, unknown: &str, send: impl Fn(&str) -> Response) -> Outcome {
    let real = shape(send(target), target);
    let other = shape(send(unknown), unknown);
    Outcome {
        allowed: real != other,
        status: real.0,
        like_unknown: real == other,
    }
}

/// A list "allows" a target when the target is in it.
fn listed(response: Response, id: &str) -> Outcome {
    let status = response.status().as_u16();
    let items: Vec<Value> = if status == 200 {
        response.json().unwrap_or_default()
    } else {
        Vec::new()
    };
    Outcome {
        allowed: items.iter().any(|item| item["id"] == id),
        status,
        like_unknown: true,
    }
}

/// An operation without a target: allowed when it succeeds.
fn open(response: Response) -> Outcome {
    let status = response.status().as_u16();
    Outcome {
        allowed: response.status().is_success(),
        status,
        like_unknown: true,
    }
}

fn get(w: &World, who: Who, path: &str) -> Response {
    w.send(who, Method::GET, path, None, &[])
}

fn post(w: &World, who: Who, path: &str, body: &Value) -> Response {
    w.send(who, Method::POST, path, Some(body), &[])
}

fn tus(w: &World, who: Who, method: Method, path: &str, extra: &[(&str, String)]) -> Response {
    let mut headers = vec![("Tus-Resumable", "1.0.0".to_owned())];
    headers.extend(extra.iter().map(|(name, value)| (*name, value.clone())));
    w.send(who, method, path, None, &headers)
}

fn ok(target: &str, path: &str) -> String {
    path.replace("{}", target)
}

/// A fresh login of the caller: its refresh token.
fn fresh_refresh_token(w: &World, who: Who) -> Option<String> {
    let user = w.caller(who)?;
    Some(
        w.app
            .login(&user.username, custos_tests::recording::PASSWORD)
            .refresh,
    )
}

pub static ROWS: [Row; 80] = [
    // Probes and the document: anyone.
    Row {
        method: "GET",
        path: "/healthz",
        policy: Policy::Anyone,
        probe: |w, who, rel| (rel == Rel::Mine).then(|| open(get(w, who, "/healthz"))),
    },
    Row {
        method: "GET",
        path: "/readyz",
        policy: Policy::Anyone,
        probe: |w, who, rel| (rel == Rel::Mine).then(|| open(get(w, who, "/readyz"))),
    },
    Row {
        method: "GET",
        path: "/metrics",
        policy: Policy::Anyone,
        probe: |w, who, rel| (rel == Rel::Mine).then(|| open(get(w, who, "/metrics"))),
    },
    Row {
        method: "GET",
        path: "/api/v1/openapi.json",
        policy: Policy::Anyone,
        probe: |w, who, rel| (rel == Rel::Mine).then(|| open(get(w, who, "/api/v1/openapi.json"))),
    },
    // Sessions: anyone logs in with its password; the rest is the holder's.
    Row {
        method: "POST",
        path: "/api/v1/auth/login",
        policy: Policy::Anyone,
        probe: |w, who, rel| {
            (rel == Rel::Mine).then(|| {
                let user = w.caller(who).unwrap_or(&w.colleague.user);
                let body = json!({"username": user.username, "password": custos_tests::recording::PASSWORD});
                open(post(w, who, "/api/v1/auth/login", &body))
            })
        },
    },
    Row {
        method: "POST",
        path: "/api/v1/auth/refresh",
        policy: Policy::SignedIn,
        probe: |w, who, rel| {
            (rel == Rel::Mine).then(|| {
                let token = fresh_refresh_token(w, who).unwrap_or_else(|| "not a token".into());
                open(post(
                    w,
                    who,
                    "/api/v1/auth/refresh",
                    &json!({"refresh_token": token}),
                ))
            })
        },
    },
    Row {
        method: "POST",
        path: "/api/v1/auth/logout",
        policy: Policy::SignedIn,
        probe: |w, who, rel| {
            (rel == Rel::Mine).then(|| {
                let token = fresh_refresh_token(w, who).unwrap_or_else(|| "not a token".into());
                open(post(
                    w,
                    who,
                    "/api/v1/auth/logout",
                    &json!({"refresh_token": token}),
                ))
            })
        },
    },
    Row {
        method: "GET",
        path: "/api/v1/me",
        policy: Policy::SignedIn,
        probe: |w, who, rel| (rel == Rel::Mine).then(|| open(get(w, who, "/api/v1/me"))),
    },
    // Units and their rules.
    Row {
        method: "POST",
        path: "/api/v1/orgs",
        policy: Policy::Scoped(&[A], NONE),
        probe: |w, who, rel| {
            Some(twin(w.unit(rel), UNKNOWN, &[201], |unit| {
                post(
                    w,
                    who,
                    "/api/v1/orgs",
                    &json!({"name": unique("Unit "), "parent_id": unit, "kind": "township"}),
                )
            }))
        },
    },
    Row {
        method: "GET",
        path: "/api/v1/orgs",
        policy: Policy::Scoped(ALL, NONE),
        probe: |w, who, rel| Some(listed(get(w, who, "/api/v1/orgs?limit=1000"), w.unit(rel))),
    },
    Row {
        method: "GET",
        path: "/api/v1/orgs/{id}",
        policy: Policy::Scoped(ALL, NONE),
        probe: |w, who, rel| {
            Some(twin(w.unit(rel), UNKNOWN, &[200], |id| {
                get(w, who, &ok(id, "/api/v1/orgs/{}"))
            }))
        },
    },
    Row {
        method: "GET",
        path: "/api/v1/orgs/{id}/rules",
        policy: Policy::Scoped(ALL, NONE),
        probe: |w, who, rel| {
            Some(twin(w.unit(rel), UNKNOWN, &[200], |id| {
                get(w, who, &ok(id, "/api/v1/orgs/{}/rules"))
            }))
        },
    },
    Row {
        method: "PUT",
        path: "/api/v1/orgs/{id}/rules",
        policy: Policy::Scoped(&[A], NONE),
        probe: |w, who, rel| {
            let unit = w.unit(rel);
            let current = w
                .app
                .get_as(w.admin(), &ok(unit, "/api/v1/orgs/{}/rules"))
                .json::<Value>()
                .unwrap();
            let body = current.get("config").cloned().unwrap_or(current);
            Some(twin(unit, UNKNOWN, &[200], |id| {
                w.send(
                    who,
                    Method::PUT,
                    &ok(id, "/api/v1/orgs/{}/rules"),
                    Some(&body),
                    &[],
                )
            }))
        },
    },
    Row {
        method: "GET",
        path: "/api/v1/orgs/{id}/calendar",
        policy: Policy::Scoped(ALL, NONE),
        probe: |w, who, rel| {
            Some(twin(w.unit(rel), UNKNOWN, &[200], |id| {
                get(w, who, &ok(id, "/api/v1/orgs/{}/calendar"))
            }))
        },
    },
    Row {
        method: "PUT",
        path: "/api/v1/orgs/{id}/calendar",
        policy: Policy::Scoped(&[A], NONE),
        probe: |w, who, rel| {
            let unit = w.unit(rel);
            let current = w
                .app
                .get_as(w.admin(), &ok(unit, "/api/v1/orgs/{}/calendar"))
                .json::<Value>()
                .unwrap();
            let body = current.get("calendar").cloned().unwrap_or(current);
            Some(twin(unit, UNKNOWN, &[200], |id| {
                w.send(
                    who,
                    Method::PUT,
                    &ok(id, "/api/v1/orgs/{}/calendar"),
                    Some(&body),
                    &[],
                )
            }))
        },
    },
    // Users.
    Row {
        method: "POST",
        path: "/api/v1/users",
        policy: Policy::Scoped(&[A], NONE),
        probe: |w, who, rel| {
            Some(twin(w.unit(rel), UNKNOWN, &[201], |unit| {
                post(
                    w,
                    who,
                    "/api/v1/users",
                    &json!({"username": unique("new."), "password": PASSWORD, "role": "officer", "org_id": unit}),
                )
            }))
        },
    },
    Row {
        method: "GET",
        path: "/api/v1/users",
        policy: Policy::Scoped(&[S, A], &[O, D, R]),
        probe: |w, who, rel| {
            w.user(who, rel)
                .map(|user| listed(get(w, who, "/api/v1/users?limit=1000"), &user))
        },
    },
    Row {
        method: "GET",
        path: "/api/v1/users/{id}",
        policy: Policy::Scoped(&[S, A], &[O, D, R]),
        probe: |w, who, rel| {
            w.user(who, rel).map(|user| {
                twin(&user, UNKNOWN, &[200], |id| {
                    get(w, who, &ok(id, "/api/v1/users/{}"))
                })
            })
        },
    },
    Row {
        method: "PUT",
        path: "/api/v1/users/{id}/role",
        policy: Policy::NotOnItself(&[A]),
        probe: |w, who, rel| {
            let user = w.user(who, rel)?;
            let role = match rel {
                Rel::Mine => who.name(),
                _ => "officer",
            };
            Some(twin(&user, UNKNOWN, &[200], |id| {
                w.send(
                    who,
                    Method::PUT,
                    &ok(id, "/api/v1/users/{}/role"),
                    Some(&json!({"role": role})),
                    &[],
                )
            }))
        },
    },
    Row {
        method: "POST",
        path: "/api/v1/users/{id}/deactivate",
        policy: Policy::Scoped(&[A], NONE),
        probe: |w, who, rel| {
            let user = w.fresh_user(rel)?;
            Some(twin(&user, UNKNOWN, &[200], |id| {
                post(w, who, &ok(id, "/api/v1/users/{}/deactivate"), &json!({}))
            }))
        },
    },
    // Certificates.
    Row {
        method: "POST",
        path: "/api/v1/certificates",
        policy: Policy::Scoped(&[A], NONE),
        probe: |w, who, rel| {
            let holder = w.holder(who, rel)?;
            Some(twin(&holder.user.id, UNKNOWN, &[201], |id| {
                post(
                    w,
                    who,
                    "/api/v1/certificates",
                    &certificate_body(id, &unique("I-")),
                )
            }))
        },
    },
    Row {
        method: "GET",
        path: "/api/v1/certificates",
        policy: Policy::Scoped(&[R, S, A], &[O]),
        probe: |w, who, rel| {
            w.holder(who, rel).map(|holder| {
                listed(
                    get(w, who, "/api/v1/certificates?limit=1000"),
                    &holder.certificate,
                )
            })
        },
    },
    Row {
        method: "GET",
        path: "/api/v1/certificates/{id}",
        policy: Policy::Scoped(&[R, S, A], &[O]),
        probe: |w, who, rel| {
            w.holder(who, rel).map(|holder| {
                twin(&holder.certificate, UNKNOWN, &[200], |id| {
                    get(w, who, &ok(id, "/api/v1/certificates/{}"))
                })
            })
        },
    },
    Row {
        method: "POST",
        path: "/api/v1/certificates/{id}/{action}",
        policy: Policy::Scoped(&[A], NONE),
        probe: |w, who, rel| {
            let certificate = w.fresh_certificate(who, rel)?;
            // Each action in turn; reinstating needs a suspended certificate.
            let action = ["suspend", "revoke", "reinstate"][(who as usize + rel as usize) % 3];
            let reason = json!({"reason": "matrix"});
            if action == "reinstate" {
                let path = ok(&certificate, "/api/v1/certificates/{}/suspend");
                assert!(
                    post_as(w.app, w.admin(), &path, &reason)
                        .status()
                        .is_success()
                );
            }
            Some(twin(&certificate, UNKNOWN, &[200], |id| {
                post(
                    w,
                    who,
                    &format!("/api/v1/certificates/{id}/{action}"),
                    &reason,
                )
            }))
        },
    },
    Row {
        method: "GET",
        path: "/api/v1/public/certificates/{number}",
        policy: Policy::Anyone,
        probe: |w, who, rel| {
            w.holder(Who::Officer, rel).map(|holder| {
                open(get(
                    w,
                    who,
                    &ok(&holder.certificate_number, "/api/v1/public/certificates/{}"),
                ))
            })
        },
    },
    // Devices.
    Row {
        method: "POST",
        path: "/api/v1/devices",
        policy: Policy::Scoped(&[A], &[O]),
        probe: |w, who, rel| {
            let owner = w.holder(who, rel)?.user.id.clone();
            let unit = w.unit(rel).to_owned();
            let key = custos_core::device::DeviceSigningKey::generate()
                .unwrap()
                .public_key()
                .to_base64();
            // The unknown twin names neither a known unit nor a known owner.
            Some(twin(&owner, UNKNOWN, &[201], |id| {
                let unit = if id == UNKNOWN {
                    UNKNOWN
                } else {
                    unit.as_str()
                };
                let body =
                    json!({"public_key": key, "kind": "phone", "org_id": unit, "owner_id": id});
                post(w, who, "/api/v1/devices", &body)
            }))
        },
    },
    Row {
        method: "GET",
        path: "/api/v1/devices",
        policy: Policy::Scoped(&[S, A], &[O]),
        probe: |w, who, rel| {
            w.holder(who, rel).map(|holder| {
                listed(
                    get(w, who, "/api/v1/devices?limit=1000"),
                    &holder.phone.device_id(),
                )
            })
        },
    },
    Row {
        method: "GET",
        path: "/api/v1/devices/{id}",
        policy: Policy::Scoped(&[S, A], &[O]),
        probe: |w, who, rel| {
            w.holder(who, rel).map(|holder| {
                twin(
                    &holder.phone.device_id(),
                    &UNKNOWN.replace('-', "")[..32],
                    &[200],
                    |id| get(w, who, &ok(id, "/api/v1/devices/{}")),
                )
            })
        },
    },
    Row {
        method: "POST",
        path: "/api/v1/devices/{id}/revoke",
        policy: Policy::Scoped(&[A], &[O]),
        probe: |w, who, rel| {
            let device = w.fresh_device(who, rel)?;
            Some(twin(
                &device,
                &UNKNOWN.replace('-', "")[..32],
                &[200],
                |id| post(w, who, &ok(id, "/api/v1/devices/{}/revoke"), &json!({})),
            ))
        },
    },
    // Cases and records.
    Row {
        method: "GET",
        path: "/api/v1/cases",
        policy: Policy::Scoped(&[R, S, A], &[O]),
        probe: |w, who, rel| {
            w.holder(who, rel)
                .map(|holder| listed(get(w, who, "/api/v1/cases?limit=1000"), &holder.case))
        },
    },
    Row {
        method: "GET",
        path: "/api/v1/cases/{id}",
        policy: Policy::Scoped(&[R, S, A], &[O]),
        probe: |w, who, rel| {
            w.holder(who, rel).map(|holder| {
                twin(&holder.case, UNKNOWN_CASE, &[200], |id| {
                    get(w, who, &ok(id, "/api/v1/cases/{}"))
                })
            })
        },
    },
    Row {
        method: "GET",
        path: "/api/v1/cases/{id}/bundle",
        policy: Policy::Scoped(&[R, S, A], &[O]),
        probe: |w, who, rel| {
            w.holder(who, rel).map(|holder| {
                twin(&holder.case, UNKNOWN_CASE, &[200], |id| {
                    get(w, who, &ok(id, "/api/v1/cases/{}/bundle"))
                })
            })
        },
    },
    // An officer writes into the cases it is assigned to, a reviewer or supervisor into the
    // cases of its units; admins and docks never. The twin is the same record into a case
    // that does not exist.
    Row {
        method: "POST",
        path: "/api/v1/records",
        policy: Policy::Scoped(&[R, S], &[O]),
        probe: record_probe,
    },
    // Evidence.
    Row {
        method: "GET",
        path: "/api/v1/evidence",
        policy: Policy::Scoped(&[R, S, A], &[O, D]),
        probe: |w, who, rel| {
            w.item(who, rel).map(|(item, digest)| {
                listed(
                    get(w, who, &format!("/api/v1/evidence?sha256={digest}")),
                    &item,
                )
            })
        },
    },
    Row {
        method: "GET",
        path: "/api/v1/evidence/{id}",
        policy: Policy::Scoped(&[R, S, A], &[O, D]),
        probe: |w, who, rel| {
            w.item(who, rel).map(|(item, _)| {
                twin(&item, UNKNOWN, &[200], |id| {
                    get(w, who, &ok(id, "/api/v1/evidence/{}"))
                })
            })
        },
    },
    Row {
        method: "GET",
        path: "/api/v1/evidence/{id}/content",
        policy: Policy::Scoped(&[R, S, A], &[O, D]),
        probe: |w, who, rel| {
            w.item(who, rel).map(|(item, _)| {
                twin(&item, UNKNOWN, &[200], |id| {
                    get(w, who, &ok(id, "/api/v1/evidence/{}/content"))
                })
            })
        },
    },
    Row {
        method: "GET",
        path: "/api/v1/evidence/{id}/custody",
        policy: Policy::Scoped(&[R, S, A], &[O, D]),
        probe: |w, who, rel| {
            w.item(who, rel).map(|(item, _)| {
                twin(&item, UNKNOWN, &[200], |id| {
                    get(w, who, &ok(id, "/api/v1/evidence/{}/custody"))
                })
            })
        },
    },
    Row {
        method: "GET",
        path: "/api/v1/evidence/{id}/thumbnail",
        policy: Policy::Scoped(&[R, S, A], &[O, D]),
        probe: |w, who, rel| {
            w.item(who, rel).map(|(item, _)| {
                differs(&item, UNKNOWN, |id| {
                    get(w, who, &ok(id, "/api/v1/evidence/{}/thumbnail"))
                })
            })
        },
    },
    Row {
        method: "POST",
        path: "/api/v1/evidence/{id}/seal",
        policy: Policy::Scoped(&[S, A], NONE),
        probe: |w, who, rel| custody_action(w, who, rel, "seal", json!({"reason": "matrix"})),
    },
    Row {
        method: "POST",
        path: "/api/v1/evidence/{id}/transfer",
        policy: Policy::Scoped(&[S, A], NONE),
        probe: |w, who, rel| {
            custody_action(
                w,
                who,
                rel,
                "transfer",
                json!({"receiving_body": "市中级人民法院", "receipt_sha256": "ab".repeat(32)}),
            )
        },
    },
    Row {
        method: "POST",
        path: "/api/v1/evidence/{id}/hold",
        policy: Policy::Scoped(&[S, A], NONE),
        probe: |w, who, rel| custody_action(w, who, rel, "hold", json!({"reason": "matrix"})),
    },
    Row {
        method: "POST",
        path: "/api/v1/evidence/{id}/release",
        policy: Policy::Scoped(&[S, A], NONE),
        probe: |w, who, rel| custody_action(w, who, rel, "release", json!({"reason": "matrix"})),
    },
    Row {
        method: "POST",
        path: "/api/v1/evidence/{id}/dispose",
        policy: Policy::Scoped(&[S, A], NONE),
        probe: |w, who, rel| custody_action(w, who, rel, "dispose", json!({"reason": "matrix"})),
    },
    // Uploads (tus): officers their own, docks for the officers of their units; an upload is
    // only its sender's.
    Row {
        method: "OPTIONS",
        path: "/api/v1/uploads",
        policy: Policy::Anyone,
        probe: |w, who, rel| {
            (rel == Rel::Mine).then(|| open(tus(w, who, Method::OPTIONS, "/api/v1/uploads", &[])))
        },
    },
    Row {
        method: "OPTIONS",
        path: "/api/v1/uploads/{id}",
        policy: Policy::Anyone,
        probe: |w, who, rel| {
            let path = format!("/api/v1/uploads/{UNKNOWN}");
            (rel == Rel::Mine).then(|| open(tus(w, who, Method::OPTIONS, &path, &[])))
        },
    },
    Row {
        method: "POST",
        path: "/api/v1/uploads",
        policy: Policy::Scoped(&[D], &[O]),
        probe: |w, who, rel| {
            let wearer = match (who, rel) {
                (Who::Officer, Rel::Mine) => w.me.user.id.clone(),
                (_, Rel::Mine) => return None,
                _ => w.holder(who, rel)?.user.id.clone(),
            };
            Some(twin(&wearer, UNKNOWN, &[201], |id| {
                let upload_metadata = metadata(&[("sha256", &"cd".repeat(32)), ("wearer", id)]);
                tus(
                    w,
                    who,
                    Method::POST,
                    "/api/v1/uploads",
                    &[
                        ("Upload-Length", "16".into()),
                        ("Upload-Metadata", upload_metadata),
                    ],
                )
            }))
        },
    },
    Row {
        method: "HEAD",
        path: "/api/v1/uploads/{id}",
        policy: Policy::Scoped(NONE, &[O, D]),
        probe: |w, who, rel| upload_probe(w, who, rel, Method::HEAD, &[], 200),
    },
    Row {
        method: "PATCH",
        path: "/api/v1/uploads/{id}",
        policy: Policy::Scoped(NONE, &[O, D]),
        probe: |w, who, rel| {
            upload_probe(
                w,
                who,
                rel,
                Method::PATCH,
                &[
                    ("Upload-Offset", "0"),
                    ("Content-Type", "application/offset+octet-stream"),
                ],
                204,
            )
        },
    },
    Row {
        method: "DELETE",
        path: "/api/v1/uploads/{id}",
        policy: Policy::Scoped(NONE, &[O, D]),
        probe: |w, who, rel| upload_probe(w, who, rel, Method::DELETE, &[], 204),
    },
    // 双随机 draws, and their publication (一公开).
    Row {
        method: "POST",
        path: "/api/v1/draws",
        policy: Policy::Scoped(&[S, A], NONE),
        probe: |w, who, rel| {
            Some(twin(w.unit(rel), UNKNOWN, &[201], |unit| {
                post(w, who, "/api/v1/draws", &draw_order(unit))
            }))
        },
    },
    Row {
        method: "GET",
        path: "/api/v1/draws",
        policy: Policy::Scoped(&[R, S, A], &[O]),
        probe: |w, who, rel| {
            w.draw(who, rel)
                .map(|draw| listed(get(w, who, "/api/v1/draws?limit=1000"), draw))
        },
    },
    Row {
        method: "GET",
        path: "/api/v1/draws/{id}",
        policy: Policy::Scoped(&[R, S, A], &[O]),
        probe: |w, who, rel| {
            w.draw(who, rel).map(|draw| {
                twin(draw, UNKNOWN, &[200], |id| {
                    get(w, who, &ok(id, "/api/v1/draws/{}"))
                })
            })
        },
    },
    Row {
        method: "GET",
        path: "/api/v1/public/draws",
        policy: Policy::Anyone,
        probe: |w, who, rel| {
            w.draw(Who::Officer, rel).map(|draw| {
                listed(
                    get(
                        w,
                        who,
                        &format!("/api/v1/public/draws?org_id={}&limit=1000", w.unit(rel)),
                    ),
                    draw,
                )
            })
        },
    },
    Row {
        method: "GET",
        path: "/api/v1/public/draws/{id}",
        policy: Policy::Anyone,
        probe: |w, who, rel| {
            w.draw(Who::Officer, rel)
                .map(|draw| open(get(w, who, &ok(draw, "/api/v1/public/draws/{}"))))
        },
    },
    // Publicity: reviewers and admins approve the notices of their units' decided cases (the
    // world's cases are filed, not decided: reaching the decision check, 409, is the allowance);
    // anyone reads what is published and the units' public lists.
    Row {
        method: "POST",
        path: "/api/v1/publications",
        policy: Policy::Scoped(&[R, A], NONE),
        probe: |w, who, rel| {
            w.holder(who, rel).map(|holder| {
                twin(&holder.case, UNKNOWN_CASE, &[409], |id| {
                    post(w, who, "/api/v1/publications", &json!({"case_id": id}))
                })
            })
        },
    },
    Row {
        method: "GET",
        path: "/api/v1/publications/pending",
        policy: Policy::Scoped(&[R, A], NONE),
        probe: |w, who, rel| {
            Some(twin(w.unit(rel), UNKNOWN, &[200], |id| {
                get(w, who, &format!("/api/v1/publications/pending?org_id={id}"))
            }))
        },
    },
    // The world holds no publication to withdraw: `publicity::a_revoked_decision_is_withdrawn_
    // and_shown_withdrawn` withdraws one as an admin and as a reviewer of its line.
    Row {
        method: "POST",
        path: "/api/v1/publications/{id}/withdrawal",
        policy: Policy::Scoped(&[R, A], NONE),
        probe: |_, _, _| None,
    },
    Row {
        method: "GET",
        path: "/api/v1/public/decisions",
        policy: Policy::Anyone,
        probe: |w, who, rel| {
            Some(open(get(
                w,
                who,
                &format!("/api/v1/public/decisions?org_id={}", w.unit(rel)),
            )))
        },
    },
    Row {
        method: "GET",
        path: "/api/v1/public/decisions/{id}",
        policy: Policy::Anyone,
        probe: |_, _, _| None,
    },
    Row {
        method: "GET",
        path: "/api/v1/public/orgs/{id}/officers",
        policy: Policy::Anyone,
        probe: |w, who, rel| {
            Some(open(get(
                w,
                who,
                &ok(w.unit(rel), "/api/v1/public/orgs/{}/officers"),
            )))
        },
    },
    Row {
        method: "GET",
        path: "/api/v1/public/orgs/{id}/benchmarks",
        policy: Policy::Anyone,
        probe: |w, who, rel| {
            Some(open(get(
                w,
                who,
                &ok(w.unit(rel), "/api/v1/public/orgs/{}/benchmarks"),
            )))
        },
    },
    Row {
        method: "GET",
        path: "/api/v1/public/orgs/{id}/monitoring-devices",
        policy: Policy::Anyone,
        probe: |w, who, rel| {
            Some(open(get(
                w,
                who,
                &ok(w.unit(rel), "/api/v1/public/orgs/{}/monitoring-devices"),
            )))
        },
    },
    Row {
        method: "GET",
        path: "/api/v1/public/orgs/{id}/feed.json",
        policy: Policy::Anyone,
        probe: |w, who, rel| {
            Some(open(get(
                w,
                who,
                &ok(w.unit(rel), "/api/v1/public/orgs/{}/feed.json"),
            )))
        },
    },
    Row {
        method: "GET",
        path: "/api/v1/public/orgs/{id}/statistics",
        policy: Policy::Anyone,
        probe: |w, who, rel| {
            Some(open(get(
                w,
                who,
                &ok(w.unit(rel), "/api/v1/public/orgs/{}/statistics"),
            )))
        },
    },
    // The log: checkpoints and proofs are public; a leaf is read like what it records (the
    // holder's filed record here; `log_scope` covers every kind of entry).
    Row {
        method: "GET",
        path: "/api/v1/log/checkpoint",
        policy: Policy::Anyone,
        probe: |w, who, rel| {
            (rel == Rel::Mine).then(|| open(get(w, who, "/api/v1/log/checkpoint")))
        },
    },
    Row {
        method: "GET",
        path: "/api/v1/log/verifier-key",
        policy: Policy::Anyone,
        probe: |w, who, rel| {
            (rel == Rel::Mine).then(|| open(get(w, who, "/api/v1/log/verifier-key")))
        },
    },
    Row {
        method: "GET",
        path: "/api/v1/log/proof/inclusion",
        policy: Policy::Anyone,
        probe: |w, who, rel| {
            (rel == Rel::Mine)
                .then(|| open(get(w, who, "/api/v1/log/proof/inclusion?index=0&size=2")))
        },
    },
    Row {
        method: "GET",
        path: "/api/v1/log/proof/consistency",
        policy: Policy::Anyone,
        probe: |w, who, rel| {
            (rel == Rel::Mine)
                .then(|| open(get(w, who, "/api/v1/log/proof/consistency?from=1&to=2")))
        },
    },
    Row {
        method: "GET",
        path: "/api/v1/log/entries/{index}",
        policy: Policy::Scoped(&[R, S, A], &[O]),
        probe: |w, who, rel| {
            w.holder(who, rel).map(|holder| {
                twin(&holder.entry.to_string(), UNKNOWN_INDEX, &[200], |index| {
                    get(w, who, &ok(index, "/api/v1/log/entries/{}"))
                })
            })
        },
    },
    // Supervision (督办, 执法行为统计): the auditors of the units below; an officer, the items
    // of the cases it handles. Every holder's case is filed in March 2026 and undecided, so
    // its decision deadline is an open item.
    Row {
        method: "GET",
        path: "/api/v1/supervision/attention",
        policy: Policy::Scoped(&[R, S, A], &[O]),
        probe: |w, who, rel| {
            w.holder(who, rel).map(|holder| {
                let response = get(
                    w,
                    who,
                    "/api/v1/supervision/attention?kind=deadline&limit=1000",
                );
                let status = response.status().as_u16();
                let items: Vec<Value> = if status == 200 {
                    response.json().unwrap_or_default()
                } else {
                    Vec::new()
                };
                Outcome {
                    allowed: items
                        .iter()
                        .any(|item| item["case_id"] == holder.case.as_str()),
                    status,
                    like_unknown: true,
                }
            })
        },
    },
    // 立案报备: only the township unit (`a1`, the child's) reports its filings; the callers'
    // county acknowledges them. An acknowledgement already made is a 409 past the check.
    Row {
        method: "POST",
        path: "/api/v1/supervision/attention/{id}/acknowledgement",
        policy: Policy::Below(&[R, S]),
        probe: |w, who, rel| {
            let holder = w.holder(who, rel)?;
            let id = filing_report(w, &holder.case)?;
            Some(twin(&id, UNKNOWN, &[200, 409], |id| {
                post(
                    w,
                    who,
                    &ok(id, "/api/v1/supervision/attention/{}/acknowledgement"),
                    &json!({}),
                )
            }))
        },
    },
    Row {
        method: "GET",
        path: "/api/v1/stats",
        policy: Policy::Scoped(&[R, S, A], NONE),
        probe: |w, who, rel| {
            (rel != Rel::Colleague).then(|| {
                twin(w.unit(rel), UNKNOWN, &[200], |id| {
                    get(w, who, &format!("/api/v1/stats?org_id={id}&group_by=unit"))
                })
            })
        },
    },
    // 案卷评查 templates: read by the auditors of the unit line, set by its admins. The same
    // version set again changes nothing and answers 200.
    Row {
        method: "GET",
        path: "/api/v1/orgs/{id}/evaluation-template",
        policy: Policy::Scoped(&[R, S, A], NONE),
        probe: |w, who, rel| {
            (rel != Rel::Colleague).then(|| {
                twin(w.unit(rel), UNKNOWN, &[200], |id| {
                    get(w, who, &ok(id, "/api/v1/orgs/{}/evaluation-template"))
                })
            })
        },
    },
    Row {
        method: "PUT",
        path: "/api/v1/orgs/{id}/evaluation-template",
        policy: Policy::Scoped(&[A], NONE),
        probe: |w, who, rel| {
            (rel != Rel::Colleague).then(|| {
                let mut body: Value = custos_tests::serde_json::from_str(
                    custos_core::supervision::evaluation::DEFAULT_TEMPLATE_JSON,
                )
                .unwrap();
                body["id"] = json!("matrix");
                twin(w.unit(rel), UNKNOWN, &[200], |id| {
                    w.send(
                        who,
                        Method::PUT,
                        &ok(id, "/api/v1/orgs/{}/evaluation-template"),
                        Some(&body),
                        &[],
                    )
                })
            })
        },
    },
    // 案卷评查 campaigns: supervisors and admins open and close them over the units below,
    // reviewers and supervisors score, the auditors read. A refusal after access (a closed
    // campaign's 409) still counts as allowed: the unknown campaign is a 404.
    Row {
        method: "POST",
        path: "/api/v1/supervision/reviews",
        policy: Policy::Scoped(&[S, A], NONE),
        probe: |w, who, rel| {
            (rel != Rel::Colleague).then(|| {
                let case = &w.review(rel).1;
                twin(w.unit(rel), UNKNOWN, &[201], |id| {
                    post(
                        w,
                        who,
                        "/api/v1/supervision/reviews",
                        &review_order(id, case),
                    )
                })
            })
        },
    },
    Row {
        method: "GET",
        path: "/api/v1/supervision/reviews",
        policy: Policy::Scoped(&[R, S, A], NONE),
        probe: |w, who, rel| {
            (rel != Rel::Colleague).then(|| {
                listed(
                    get(w, who, "/api/v1/supervision/reviews?limit=1000"),
                    &w.review(rel).0,
                )
            })
        },
    },
    Row {
        method: "GET",
        path: "/api/v1/supervision/reviews/{id}",
        policy: Policy::Scoped(&[R, S, A], NONE),
        probe: |w, who, rel| {
            (rel != Rel::Colleague).then(|| {
                twin(&w.review(rel).0, UNKNOWN, &[200], |id| {
                    get(w, who, &ok(id, "/api/v1/supervision/reviews/{}"))
                })
            })
        },
    },
    Row {
        method: "POST",
        path: "/api/v1/supervision/reviews/{id}/scores",
        policy: Policy::Scoped(&[R, S], NONE),
        probe: |w, who, rel| {
            (rel != Rel::Colleague).then(|| {
                let (campaign, case) = w.review(rel);
                let body = json!({"case_id": case, "item": "basis.law", "score": 8, "remark": "引用条款不全"});
                twin(campaign, UNKNOWN, &[201, 409], |id| {
                    post(w, who, &ok(id, "/api/v1/supervision/reviews/{}/scores"), &body)
                })
            })
        },
    },
    Row {
        method: "POST",
        path: "/api/v1/supervision/reviews/{id}/close",
        policy: Policy::Scoped(&[S, A], NONE),
        probe: |w, who, rel| {
            (rel != Rel::Colleague).then(|| {
                twin(&w.review(rel).0, UNKNOWN, &[200, 409], |id| {
                    post(
                        w,
                        who,
                        &ok(id, "/api/v1/supervision/reviews/{}/close"),
                        &json!({}),
                    )
                })
            })
        },
    },
    Row {
        method: "GET",
        path: "/api/v1/cases/{id}/score",
        policy: Policy::Scoped(&[R, S, A], NONE),
        probe: |w, who, rel| {
            w.holder(who, rel).map(|holder| {
                twin(&holder.case, UNKNOWN_CASE, &[200], |id| {
                    get(w, who, &ok(id, "/api/v1/cases/{}/score"))
                })
            })
        },
    },
];

/// Further rows of a route in [`ROWS`] whose policy depends on the kind of its target, each
/// probed on targets of its kind and printed with it: the acknowledgement cures a township's
/// filing from the unit above (its row in `ROWS`) and a mistimed evidence item's clock item
/// from the item's unit line.
pub static KIND_ROWS: [(&str, Row); 1] = [(
    "clock_skew",
    Row {
        method: "POST",
        path: "/api/v1/supervision/attention/{id}/acknowledgement",
        policy: Policy::Scoped(&[R, S], NONE),
        probe: |w, who, rel| {
            let holder = w.holder(who, rel)?;
            let id = clock_skew_item(w, &holder.user);
            Some(twin(&id, UNKNOWN, &[200, 409], |id| {
                post(
                    w,
                    who,
                    &ok(id, "/api/v1/supervision/attention/{}/acknowledgement"),
                    &json!({}),
                )
            }))
        },
    },
)];

/// The `clock_skew` item of a new evidence item `officer` uploads from a device whose clock
/// is two hours behind, as the root's admin sees it.
fn clock_skew_item(w: &World, officer: &custos_tests::recording::User) -> String {
    let bytes = unique("mistimed bytes ").into_bytes();
    let behind = custos_api::clock::now_us() - 2 * 3_600_000_000;
    let upload_metadata = metadata(&[
        ("sha256", &custos_core::digest::sha256(&bytes).to_hex()),
        ("device_clock_us", &behind.to_string()),
    ]);
    let response =
        crate::world::as_uploader(w.app, officer).upload(&bytes, &upload_metadata, 1 << 20);
    let evidence = custos_tests::tus::header(&response, "custos-evidence-id");
    let path = "/api/v1/supervision/attention?kind=clock_skew&limit=1000";
    let items: Vec<Value> = w.app.get_as(w.admin(), path).json().unwrap_or_default();
    items
        .iter()
        .find(|item| item["subject"]["id"] == evidence.as_str())
        .map(|item| item["id"].as_str().unwrap().to_owned())
        .expect("a clock_skew item of the mistimed upload")
}

/// The id of the report of `case`'s filing, open or acknowledged, as the root's admin sees
/// it: `None` for a case not filed in a township.
fn filing_report(w: &World, case: &str) -> Option<String> {
    ["open", "cured"].into_iter().find_map(|state| {
        let path =
            format!("/api/v1/supervision/attention?kind=filing_report&state={state}&limit=1000");
        let items: Vec<Value> = w.app.get_as(w.admin(), &path).json().unwrap_or_default();
        items
            .iter()
            .find(|item| item["case_id"] == case)
            .map(|item| item["id"].as_str().unwrap().to_owned())
    })
}

/// An investigation record signed by the caller on a phone of its own, into the case related
/// by `rel`, and the same into a case that does not exist: allowed when the answers differ
/// (accepted, or refused by the rules rather than as an unknown case).
fn record_probe(w: &World, who: Who, rel: Rel) -> Option<Outcome> {
    let case = &w.holder(Who::Officer, rel)?.case;
    if rel == Rel::Mine && who != Who::Officer {
        return None;
    }
    let signer = w
        .caller(who)
        .map_or_else(|| w.me.user.id.clone(), |user| user.id.clone());
    let phone = Phone::generated(case);
    if who != Who::Anonymous {
        recording::enrol(w.app, w.admin(), &phone, &w.tree.a, &signer);
    }
    let present = &w.colleague.user.id;
    let step = CaseRecord::new(
        recording::day(1),
        &signer,
        recording::body(RecordKind::InvestigationRecord, present),
    );
    let unknown = unique("case-unknown-");
    let answer = |case: &str| -> (u16, String) {
        let record = phone.on_case(case).sign_at(0, None, &step);
        let response = w.send(
            who,
            Method::POST,
            "/api/v1/records",
            Some(&recording::batch(&[&record])),
            &[],
        );
        let (status, body) = shape(response, case);
        (
            status,
            body.replace(&record.hash().to_hex(), "HASH")
                .replace(&record.chain().replace(case, "ID"), "CHAIN"),
        )
    };
    let real = answer(case);
    let other = answer(&unknown);
    Some(Outcome {
        allowed: real != other,
        status: real.0,
        like_unknown: real == other,
    })
}

/// A custody action on a new item related by `rel`: allowed when it gets past the access
/// check (a 409 is a refusal by the item's state).
fn custody_action(w: &World, who: Who, rel: Rel, action: &str, body: Value) -> Option<Outcome> {
    let item = w.fresh_item(who, rel)?;
    if action == "release" {
        let path = format!("/api/v1/evidence/{item}/hold");
        assert!(
            post_as(w.app, w.admin(), &path, &json!({}))
                .status()
                .is_success()
        );
    }
    Some(twin(&item, UNKNOWN, &[200, 409], |id| {
        post(w, who, &format!("/api/v1/evidence/{id}/{action}"), &body)
    }))
}

/// A tus request on an upload related by `rel`.
fn upload_probe(
    w: &World,
    who: Who,
    rel: Rel,
    method: Method,
    headers: &[(&str, &str)],
    ok: u16,
) -> Option<Outcome> {
    let path = w.upload(who, rel)?;
    let id = path.rsplit('/').next().unwrap().to_owned();
    let headers: Vec<(&str, String)> = headers
        .iter()
        .map(|(name, value)| (*name, value.to_string()))
        .collect();
    Some(twin(&id, UNKNOWN, &[ok], |id| {
        let path = format!("/api/v1/uploads/{id}");
        let mut request = w
            .app
            .request(method.clone(), &path)
            .header("Tus-Resumable", "1.0.0");
        if let Some(token) = w.token(who) {
            request = request.bearer_auth(token);
        }
        for (name, value) in &headers {
            request = request.header(*name, value);
        }
        if method == Method::PATCH {
            request = request.body(vec![7u8]);
        }
        request.send().expect("request sent")
    }))
}
