//! Rows of the authorisation matrix (`matrix`): 双随机 draws and their publication.

use super::*;

pub static ROWS: &[Row] = &[
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
];
