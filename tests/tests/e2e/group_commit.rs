//! Group commit of the log: many requests' appends in one transaction, each answered with
//! its own outcome once durable. Jobs that fail (a refused statement, a panic) roll back
//! alone; concurrent logged reads over HTTP get distinct, contiguous indexes, each present
//! exactly once, in a log that stays consistent with its earlier checkpoints.

use super::log::{checkpoint, hashes, rebuild};
use custos_api::auth::Role;
use custos_api::error::{ApiError, ProblemType};
use custos_api::log::entry::AppendAdmin;
use custos_api::log::{self as translog, AdminEntry};
use custos_core::merkle::verify_consistency;
use custos_tests::reqwest::StatusCode;
use custos_tests::serde_json::Value;
use custos_tests::tus::{Uploader, content, declaring, header};
use custos_tests::{TestApp, both_backends, expect_json};
use diesel::connection::SimpleConnection;
use std::collections::BTreeSet;
use std::future::Future;
use std::pin::{Pin, pin};
use std::sync::mpsc;
use std::task::Poll;

/// Polls `future` once, so a commit sends its job, without waiting for its answer.
async fn send_only<F: Future>(future: Pin<&mut F>) {
    let mut future = Some(future);
    std::future::poll_fn(|cx| {
        if let Some(future) = future.take() {
            assert!(
                future.poll(cx).is_pending(),
                "answered before its batch ran"
            );
        }
        Poll::Ready(())
    })
    .await;
}

fn entry(app: &TestApp, subject: String) -> AdminEntry {
    AdminEntry {
        action: "test.append".into(),
        actor: None,
        subject,
        org: app.root_org_id.clone(),
        role: None,
        at_us: custos_api::clock::now_us(),
    }
}

/// How the `n`th job of the batch ends.
fn fate(n: usize) -> &'static str {
    match n % 4 {
        1 => "refused statement",
        3 if n % 8 == 3 => "panic",
        _ => "commits",
    }
}

both_backends!(fn each_job_of_a_batch_gets_its_own_outcome(app) {
    const JOBS: usize = 40;
    let before = checkpoint(&app);
    let (started, wait_started) = mpsc::channel::<()>();
    let (go, wait_go) = mpsc::channel::<()>();
    // The first job holds the committer until every other job waits behind it, so they all
    // run in the next batch, one transaction.
    let blocker = {
        let entry = entry(&app, "blocker".to_owned());
        translog::commit(app.state(), move |conn, log| {
            started.send(()).unwrap();
            wait_go.recv().unwrap();
            Ok(entry.log(conn, log)?)
        })
    };
    let jobs: Vec<_> = (0..JOBS)
        .map(|n| {
            let entry = entry(&app, format!("job-{n}"));
            translog::commit(app.state(), move |conn, log| {
                let index = entry.log(conn, log)?;
                match fate(n) {
                    "refused statement" => {
                        // On PostgreSQL this aborts the transaction until its savepoint
                        // is rolled back.
                        conn.batch_execute("INSERT INTO no_such_table VALUES (1)")
                            .map_err(|error| ApiError::conflict(error.to_string()))?;
                        unreachable!("the statement is refused");
                    }
                    "panic" => panic!("job {n} panics after appending"),
                    _ => Ok(index),
                }
            })
        })
        .collect();
    let (blocked, answers) = actix_web::rt::Runtime::new().unwrap().block_on(async {
        let mut blocker = pin!(blocker);
        send_only(blocker.as_mut()).await;
        wait_started.recv().unwrap();
        let mut jobs = pin!(futures_util::future::join_all(jobs));
        send_only(jobs.as_mut()).await;
        go.send(()).unwrap();
        (blocker.await, jobs.await)
    });
    let blocked = blocked.unwrap();
    assert_eq!(blocked, before.size);
    let mut next = blocked + 1;
    let mut committed = Vec::new();
    for (n, answer) in answers.into_iter().enumerate() {
        match (fate(n), answer) {
            ("commits", Ok(index)) => {
                assert_eq!(index, next, "job {n}: indexes are contiguous, in order");
                next += 1;
                committed.push(format!("job-{n}"));
            }
            ("refused statement", Err(error)) => {
                assert_eq!(error.problem, ProblemType::Conflict, "job {n}: its own error");
            }
            ("panic", Err(error)) => assert_eq!(error.problem, ProblemType::Internal, "job {n}"),
            (fate, answer) => panic!("job {n} ({fate}): {answer:?}"),
        }
    }
    let after = checkpoint(&app);
    assert_eq!(after.size, next, "only the committed jobs' entries are in the log");
    let (log, entries) = rebuild(&app, &app.admin_token(), after.size);
    assert_eq!(log.root(), after.root_hash);
    let subjects: Vec<&str> = entries[before.size as usize..]
        .iter()
        .map(|entry| entry["subject"].as_str().unwrap())
        .collect();
    let mut expected = vec!["blocker".to_owned()];
    expected.extend(committed);
    assert_eq!(subjects, expected);
    // The batch ran as one: one transaction for the 40 jobs, so a stored root at every
    // job's size would mean one commit per job.
    app.db(|conn| {
        assert!(translog::root_at(conn, blocked + 2).is_ok());
        assert_eq!(custos_api::db::log::root_at(conn, blocked + 2).unwrap(), None);
        assert!(custos_api::db::log::root_at(conn, after.size).unwrap().is_some());
    });
});

both_backends!(fn concurrent_logged_reads_get_contiguous_indexes_exactly_once(app) {
    const CLIENTS: usize = 64;
    const READS_PER_CLIENT: usize = 4;
    let officer = Uploader::new(&app, "officer", Role::Officer, &app.root_org_id);
    let bytes = content(7, 1000);
    let response = officer.upload(&bytes, &declaring(&bytes), 1 << 20);
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let id = header(&response, "custos-evidence-id");
    let before = checkpoint(&app);
    let path = format!("/api/v1/evidence/{id}");
    let content_path = format!("/api/v1/evidence/{id}/content");
    let acknowledged: usize = std::thread::scope(|scope| {
        let clients: Vec<_> = (0..CLIENTS)
            .map(|client| {
                let (app, token, path, content_path) = (&app, &officer.token, &path, &content_path);
                scope.spawn(move || {
                    (0..READS_PER_CLIENT)
                        .filter(|read| {
                            let shown = if (client + read) % 2 == 0 { path } else { content_path };
                            app.get_as(token, shown).status() == StatusCode::OK
                        })
                        .count()
                })
            })
            .collect();
        clients.into_iter().map(|client| client.join().unwrap()).sum()
    });
    assert_eq!(acknowledged, CLIENTS * READS_PER_CLIENT, "every read is answered");
    let after = checkpoint(&app);
    assert_eq!(after.size, before.size + acknowledged as u64, "one entry per read, no more");
    let answer = expect_json(
        app.get_as(&officer.token, &format!("/api/v1/evidence/{id}/custody")),
        StatusCode::OK,
    );
    let reads: Vec<u64> = answer["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|event| ["viewed", "downloaded"].contains(&event["entry"]["event"].as_str().unwrap()))
        .map(|event| event["index"].as_u64().unwrap())
        .collect();
    let distinct: BTreeSet<u64> = reads.iter().copied().collect();
    assert_eq!(reads.len(), acknowledged, "each acknowledged read is logged once");
    assert_eq!(distinct, (before.size..after.size).collect(), "distinct and contiguous");
    // The log rebuilt from its entries is the one signed, and it extends the earlier one.
    let (log, entries) = rebuild(&app, &app.admin_token(), after.size);
    assert_eq!(log.root(), after.root_hash);
    assert!(entries[before.size as usize..].iter().all(|entry: &Value| entry["evidence"] == id.as_str()));
    let proof = expect_json(
        app.get(&format!("/api/v1/log/proof/consistency?from={}&to={}", before.size, after.size))
            .send()
            .unwrap(),
        StatusCode::OK,
    );
    verify_consistency(before.size, after.size, &before.root_hash, &after.root_hash, &hashes(&proof))
        .unwrap();
});
