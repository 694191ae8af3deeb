//! Rows of the authorisation matrix (`matrix`): users.

use super::*;

pub static ROWS: &[Row] = &[
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
];
