//! Rows of the authorisation matrix (`matrix`): uploads (tus).

use super::*;

pub static ROWS: &[Row] = &[
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
];
