//! Rows of the authorisation matrix (`matrix`): evidence and its custody.

use super::*;

pub static ROWS: &[Row] = &[
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
];
