//! Rows of the authorisation matrix (`matrix`): 案卷评查: templates and campaigns.

use super::*;

pub static ROWS: &[Row] = &[
    // 案卷评查 templates: read by the auditors of the unit line, set by its admins. The same
    // version set again changes nothing and answers 200.
    Row {
        method: "GET",
        path: "/api/v1/orgs/{id}/evaluation-template",
        policy: Policy::Scoped(&[R, S, A], NONE),
        probe: |w, who, rel| {
            (rel != Rel::Colleague).then(|| {
                twin(w.unit(rel), UNKNOWN, &[200], |id| {
                    get(w, who, &ok(id, "/api/v1/orgs/{}/evaluation-template"))
                })
            })
        },
    },
    Row {
        method: "PUT",
        path: "/api/v1/orgs/{id}/evaluation-template",
        policy: Policy::Scoped(&[A], NONE),
        probe: |w, who, rel| {
            (rel != Rel::Colleague).then(|| {
                let mut body: Value = custos_tests::serde_json::from_str(
                    custos_core::supervision::evaluation::DEFAULT_TEMPLATE_JSON,
                )
                .unwrap();
                body["id"] = json!("matrix");
                twin(w.unit(rel), UNKNOWN, &[200], |id| {
                    w.send(
                        who,
                        Method::PUT,
                        &ok(id, "/api/v1/orgs/{}/evaluation-template"),
                        Some(&body),
                        &[],
                    )
                })
            })
        },
    },
    // 案卷评查 campaigns: supervisors and admins open and close them over the units below,
    // reviewers and supervisors score, the auditors read. A refusal after access (a closed
    // campaign's 409) still counts as allowed: the unknown campaign is a 404.
    Row {
        method: "POST",
        path: "/api/v1/supervision/reviews",
        policy: Policy::Scoped(&[S, A], NONE),
        probe: |w, who, rel| {
            (rel != Rel::Colleague).then(|| {
                let case = &w.review(rel).1;
                twin(w.unit(rel), UNKNOWN, &[201], |id| {
                    post(
                        w,
                        who,
                        "/api/v1/supervision/reviews",
                        &review_order(id, case),
                    )
                })
            })
        },
    },
    Row {
        method: "GET",
        path: "/api/v1/supervision/reviews",
        policy: Policy::Scoped(&[R, S, A], NONE),
        probe: |w, who, rel| {
            (rel != Rel::Colleague).then(|| {
                listed(
                    get(w, who, "/api/v1/supervision/reviews?limit=1000"),
                    &w.review(rel).0,
                )
            })
        },
    },
    Row {
        method: "GET",
        path: "/api/v1/supervision/reviews/{id}",
        policy: Policy::Scoped(&[R, S, A], NONE),
        probe: |w, who, rel| {
            (rel != Rel::Colleague).then(|| {
                twin(&w.review(rel).0, UNKNOWN, &[200], |id| {
                    get(w, who, &ok(id, "/api/v1/supervision/reviews/{}"))
                })
            })
        },
    },
    Row {
        method: "POST",
        path: "/api/v1/supervision/reviews/{id}/scores",
        policy: Policy::Scoped(&[R, S], NONE),
        probe: |w, who, rel| {
            (rel != Rel::Colleague).then(|| {
                let (campaign, case) = w.review(rel);
                let body = json!({"case_id": case, "item": "basis.law", "score": 8, "remark": "引用条款不全"});
                twin(campaign, UNKNOWN, &[201, 409], |id| {
                    post(w, who, &ok(id, "/api/v1/supervision/reviews/{}/scores"), &body)
                })
            })
        },
    },
    Row {
        method: "POST",
        path: "/api/v1/supervision/reviews/{id}/close",
        policy: Policy::Scoped(&[S, A], NONE),
        probe: |w, who, rel| {
            (rel != Rel::Colleague).then(|| {
                twin(&w.review(rel).0, UNKNOWN, &[200, 409], |id| {
                    post(
                        w,
                        who,
                        &ok(id, "/api/v1/supervision/reviews/{}/close"),
                        &json!({}),
                    )
                })
            })
        },
    },
    Row {
        method: "GET",
        path: "/api/v1/cases/{id}/score",
        policy: Policy::Scoped(&[R, S, A], NONE),
        probe: |w, who, rel| {
            w.holder(who, rel).map(|holder| {
                twin(&holder.case, UNKNOWN_CASE, &[200], |id| {
                    get(w, who, &ok(id, "/api/v1/cases/{}/score"))
                })
            })
        },
    },
];
