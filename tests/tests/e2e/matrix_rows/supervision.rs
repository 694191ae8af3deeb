//! Rows of the authorisation matrix (`matrix`): supervision (督办, 执法行为统计) and 立案报备.

use super::*;

pub static ROWS: &[Row] = &[
    // Supervision (督办, 执法行为统计): the auditors of the units below; an officer, the items
    // of the cases it handles. Every holder's case is filed in March 2026 and undecided, so
    // its decision deadline is an open item.
    Row {
        method: "GET",
        path: "/api/v1/supervision/attention",
        policy: Policy::Scoped(&[R, S, A], &[O]),
        probe: |w, who, rel| {
            w.holder(who, rel).map(|holder| {
                let response = get(
                    w,
                    who,
                    "/api/v1/supervision/attention?kind=deadline&limit=1000",
                );
                let status = response.status().as_u16();
                let items: Vec<Value> = if status == 200 {
                    response.json().unwrap_or_default()
                } else {
                    Vec::new()
                };
                Outcome {
                    allowed: items
                        .iter()
                        .any(|item| item["case_id"] == holder.case.as_str()),
                    status,
                    like_unknown: true,
                }
            })
        },
    },
    // 立案报备: only the township unit (`a1`, the child's) reports its filings; the callers'
    // county acknowledges them. An acknowledgement already made is a 409 past the check.
    Row {
        method: "POST",
        path: "/api/v1/supervision/attention/{id}/acknowledgement",
        policy: Policy::Below(&[R, S]),
        probe: |w, who, rel| {
            let holder = w.holder(who, rel)?;
            let id = filing_report(w, &holder.case)?;
            Some(twin(&id, UNKNOWN, &[200, 409], |id| {
                post(
                    w,
                    who,
                    &ok(id, "/api/v1/supervision/attention/{}/acknowledgement"),
                    &json!({}),
                )
            }))
        },
    },
    Row {
        method: "GET",
        path: "/api/v1/stats",
        policy: Policy::Scoped(&[R, S, A], NONE),
        probe: |w, who, rel| {
            (rel != Rel::Colleague).then(|| {
                twin(w.unit(rel), UNKNOWN, &[200], |id| {
                    get(w, who, &format!("/api/v1/stats?org_id={id}&group_by=unit"))
                })
            })
        },
    },
];
