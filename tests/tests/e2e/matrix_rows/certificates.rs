//! Rows of the authorisation matrix (`matrix`): certificates.

use super::*;

pub static ROWS: &[Row] = &[
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
];
