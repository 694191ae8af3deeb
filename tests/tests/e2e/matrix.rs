//! The authorisation matrix: every operation of the served OpenAPI document × every role
//! (officer, dock, reviewer, supervisor, admin, and nobody) × a target that is the caller's
//! own, a colleague's in its unit, or in a child, a sibling or the parent unit → allowed or
//! denied, against a policy written out in `matrix_rows` independently of the server's table.
//!
//! The operations are read from the served document, so a route added without a row fails
//! here, and so does a row whose route is gone. A denial of a target outside what the caller
//! holds must look exactly like the same request for a target that does not exist (status
//! and problem, the ids aside), so nothing is learnt about what lies beyond the caller's
//! scope. The test prints the matrix and the number of probes, and fails on any leak
//! (allowed where the policy denies), any refusal where it allows, and any such oracle.

use crate::matrix_rows::{KIND_ROWS, Outcome, Row, rows};
use crate::matrix_world::{Rel, Who, World};
use custos_tests::reqwest::StatusCode;
use custos_tests::{both_backends, expect_json};
use std::collections::BTreeSet;
use std::fmt::Write;

/// Every (METHOD, path) of the served OpenAPI document.
fn documented(app: &custos_tests::TestApp) -> BTreeSet<(String, String)> {
    let document = expect_json(
        app.get("/api/v1/openapi.json").send().unwrap(),
        StatusCode::OK,
    );
    let mut operations = BTreeSet::new();
    for (path, item) in document["paths"].as_object().expect("paths") {
        for method in [
            "get", "put", "post", "delete", "options", "head", "patch", "trace",
        ] {
            if item.get(method).is_some() {
                operations.insert((method.to_uppercase(), path.clone()));
            }
        }
    }
    operations
}

both_backends!(fn every_route_every_role_every_relation(app) {
    let documented = documented(&app);
    let all = rows();
    let rows: BTreeSet<(String, String)> = all
        .iter()
        .map(|row| (row.method.to_owned(), row.path.to_owned()))
        .collect();
    assert_eq!(rows.len(), all.len(), "a route has two rows");
    let missing: Vec<_> = documented.difference(&rows).collect();
    let stale: Vec<_> = rows.difference(&documented).collect();
    for (kind, row) in &KIND_ROWS {
        let route = (row.method.to_owned(), row.path.to_owned());
        assert!(rows.contains(&route), "the {kind} row of {route:?} has no row in ROWS");
    }
    assert!(
        missing.is_empty() && stale.is_empty(),
        "operations without a row (add one to the ROWS of its area in matrix_rows/, with its policy and probe): {missing:?}\nrows without an operation: {stale:?}"
    );

    let world = World::build(&app);
    let mut matrix = String::new();
    let mut failures = Vec::new();
    let (mut probes, mut leaks) = (0, 0);
    write!(matrix, "{:<44}", "operation \\ caller: own colleague child sibling parent").unwrap();
    for who in Who::ALL {
        write!(matrix, "| {:<21}", who.name()).unwrap();
    }
    matrix.push('\n');
    let every: Vec<(&Row, String)> = all
        .iter()
        .map(|row| (*row, format!("{} {}", row.method, row.path)))
        .chain(KIND_ROWS.iter().map(|(kind, row)| (row, format!("{} {} ({kind})", row.method, row.path))))
        .collect();
    for (row, label) in &every {
        write!(matrix, "{label:<44}").unwrap();
        for who in Who::ALL {
            matrix.push_str("| ");
            for rel in Rel::ALL {
                let Some(outcome) = (row.probe)(&world, who, rel) else {
                    matrix.push_str(".   ");
                    continue;
                };
                probes += 1;
                let expected = row.policy.allows(who, rel);
                let Outcome { allowed, status, like_unknown } = outcome;
                assert!(status < 500, "{} {} as {} on {}: {status}", row.method, row.path, who.name(), rel.name());
                let mark = match (expected, allowed) {
                    (true, true) => "+",
                    (false, false) if like_unknown || rel == Rel::Mine => "-",
                    (false, false) => "ORACLE",
                    (false, true) => "LEAK",
                    (true, false) => "MISS",
                };
                if mark == "LEAK" {
                    leaks += 1;
                }
                if mark.len() > 1 {
                    failures.push(format!(
                        "{mark}: {} {} as {} on the {} target: {status}",
                        row.method, row.path, who.name(), rel.name()
                    ));
                }
                write!(matrix, "{mark:<4}").unwrap();
            }
        }
        matrix.push('\n');
    }
    println!(
        "authorisation matrix ({:?}; + allowed, - denied like an unknown target, . no such target):\n{matrix}\
         {} operations ({} rows), {probes} probes, {leaks} leaks, {} failures",
        app.backend, all.len(), every.len(), failures.len()
    );
    assert!(failures.is_empty(), "{}\n{matrix}", failures.join("\n"));
});
