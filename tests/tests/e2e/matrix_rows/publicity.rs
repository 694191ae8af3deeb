//! Rows of the authorisation matrix (`matrix`): publicity (执法公示).

use super::*;

pub static ROWS: &[Row] = &[
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
];
