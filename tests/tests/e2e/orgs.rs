//! The unit tree: adding units below one's own, reading one's own part of the tree only.

use crate::tree::{Tree, create_org, post_as, user_with_token};
use custos_api::auth::Role;
use custos_tests::reqwest::StatusCode;
use custos_tests::serde_json::{Value, json};
use custos_tests::{both_backends, expect_json, expect_problem};

fn ids(body: &Value) -> Vec<String> {
    body.as_array()
        .unwrap()
        .iter()
        .map(|org| org["id"].as_str().unwrap().to_owned())
        .collect()
}

both_backends!(fn units_nest_and_each_sees_its_subtree(app) {
    let tree = Tree::build(&app);
    let a2 = create_org(&app, &tree.root_admin, &tree.a, "Street A2", "street");
    let department = create_org(&app, &tree.root_admin, &a2, "Market Supervision", "department");
    let (_, admin_a) = user_with_token(&app, &tree, Role::Admin, &tree.a);

    let org = expect_json(app.get_as(&admin_a, &format!("/api/v1/orgs/{department}")), StatusCode::OK);
    assert_eq!(org["parent_id"], a2);
    assert_eq!(org["kind"], "department");
    assert_eq!(org["name"], "Market Supervision");

    let seen = ids(&expect_json(app.get_as(&admin_a, "/api/v1/orgs"), StatusCode::OK));
    assert_eq!(seen, [tree.a.clone(), tree.a1.clone(), a2.clone(), department.clone()]);
    let children = ids(&expect_json(
        app.get_as(&admin_a, &format!("/api/v1/orgs?parent_id={}", tree.a)),
        StatusCode::OK,
    ));
    assert_eq!(children, [tree.a1.clone(), a2.clone()]);
    // The root's children as `a` sees them: `a` itself, never its sibling `b`.
    let above = ids(&expect_json(app.get_as(&admin_a, &format!("/api/v1/orgs?parent_id={}", tree.root)), StatusCode::OK));
    assert_eq!(above, std::slice::from_ref(&tree.a));
    // Pages follow the id order.
    let first = ids(&expect_json(app.get_as(&admin_a, "/api/v1/orgs?limit=2"), StatusCode::OK));
    let rest = ids(&expect_json(app.get_as(&admin_a, &format!("/api/v1/orgs?after={}", first[1])), StatusCode::OK));
    assert_eq!([first, rest].concat(), seen);

    // The admin of `a` adds below its units, never beside or above them.
    create_org(&app, &admin_a, &department, "Team 1", "department");
    for outside in [&tree.b, &tree.root] {
        let body = json!({"name": "Intruder", "parent_id": outside});
        expect_problem(post_as(&app, &admin_a, "/api/v1/orgs", &body), StatusCode::NOT_FOUND, "not-found");
    }
});

both_backends!(fn sibling_units_have_distinct_names(app) {
    let tree = Tree::build(&app);
    let body = json!({"name": "County A", "parent_id": tree.root, "kind": "county"});
    let problem = expect_problem(post_as(&app, &tree.root_admin, "/api/v1/orgs", &body), StatusCode::CONFLICT, "conflict");
    assert!(problem["detail"].as_str().unwrap().contains("County A"), "{problem}");
    // The same name under another parent is fine.
    create_org(&app, &tree.root_admin, &tree.b, "County A", "department");
    // The default kind is a department.
    let body = json!({"name": "Legal Affairs", "parent_id": tree.b});
    let org = expect_json(post_as(&app, &tree.root_admin, "/api/v1/orgs", &body), StatusCode::CREATED);
    assert_eq!(org["kind"], "department");
});

both_backends!(fn paths_compare_bytewise(app) {
    // The scope's range predicate equals a prefix match only under bytewise comparison; the
    // test cluster's own locale is C.UTF-8, so check the column, not just the results.
    if app.backend == custos_tests::Backend::Postgres {
        use diesel::prelude::*;
        let collation: Option<String> = app.db(|conn| {
            diesel::select(diesel::dsl::sql::<diesel::sql_types::Nullable<diesel::sql_types::Text>>(
                "(SELECT collation_name FROM information_schema.columns WHERE table_schema = current_schema() \
                 AND table_name = 'organisations' AND column_name = 'path')",
            ))
            .get_result(conn)
            .unwrap()
        });
        assert_eq!(collation.as_deref(), Some("C"));
    }
    let tree = Tree::build(&app);
    let (_, admin_a) = user_with_token(&app, &tree, Role::Admin, &tree.a);
    let seen = ids(&expect_json(app.get_as(&admin_a, "/api/v1/orgs"), StatusCode::OK));
    assert_eq!(seen, [tree.a.clone(), tree.a1.clone()]);
});
