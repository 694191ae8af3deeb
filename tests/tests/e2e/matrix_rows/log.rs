//! Rows of the authorisation matrix (`matrix`): the transparency log.

use super::*;

pub static ROWS: &[Row] = &[
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
];
