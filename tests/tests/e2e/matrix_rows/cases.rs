//! Rows of the authorisation matrix (`matrix`): cases and records.

use super::*;

pub static ROWS: &[Row] = &[
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
];
