//! Rows of the authorisation matrix (`matrix`): units and their rules.

use super::*;

pub static ROWS: &[Row] = &[
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
];
