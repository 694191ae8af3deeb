//! Rows of the authorisation matrix (`matrix`): the probes, the API document and sessions: anyone, and the holder of a session.

use super::*;

pub static ROWS: &[Row] = &[
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
];
