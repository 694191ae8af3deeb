//! Case bundles: exported through `GET /api/v1/cases/{id}/bundle`, checked offline by
//! `custos verify` with custos-core alone, and refused when anything in them is changed.

use custos_api::auth::Role;
use custos_api::bundle::CaseBundle;
use custos_api::bundle::{BundleFailure, verify};
use custos_api::cli::{Cli, Failure};
use custos_core::bundle::EntryFault;
use custos_core::chain::ChainFault;
use custos_core::lifecycle::*;
use custos_core::note::NoteSigner;
use custos_core::record::Record;
use custos_core::supervision::evaluation::{Template, bundle_score};
use custos_tests::recording::*;
use custos_tests::reqwest::StatusCode;
use custos_tests::serde_json::{Value, json};
use custos_tests::{TestApp, both_backends, expect_json, expect_problem};

/// A case worked by two officers on two phones, with fork evidence: A files, investigates,
/// notices, hears the statement, decides and serves; B investigates on its own phone; A's
/// phone signs a second record at seq 1.
fn exported_case(app: &TestApp) -> (Value, String) {
    let admin = app.admin_token();
    let township = create_org(app, &admin, "Bundle Township", &app.root_org_id, "township");
    let a = officer(app, &admin, "officer.a", &township);
    let b = officer(app, &admin, "officer.b", &township);
    let case_id = "case-bundle";
    let mut phone_a = Phone::new(1, case_id);
    let mut phone_b = Phone::new(2, case_id);
    enrol(app, &admin, &phone_a, &township, &a.id);
    enrol(app, &admin, &phone_b, &township, &b.id);
    let step = |n: usize| ordinary_step(n, &a.id, &b.id);
    // A files the case naming B, who handles it with A.
    let first: Vec<Record> = [filed_with(0, &a.id, &[&b.id]), step(1)]
        .iter()
        .map(|record| phone_a.sign(record))
        .collect();
    let by_b = phone_b.sign(&CaseRecord::new(
        day(2),
        &b.id,
        body(RecordKind::InvestigationRecord, &a.id),
    ));
    let rest: Vec<Record> = (2..6).map(|n| phone_a.sign(&step(n))).collect();
    let fork = phone_a.sign_at(
        1,
        Some(first[0].hash()),
        &CaseRecord::new(day(1), &a.id, body(RecordKind::StatementRecorded, &b.id)),
    );
    let response = submit(app, &a.token, &first.iter().collect::<Vec<_>>());
    assert!(
        outcomes(&response).iter().all(|o| o == "accepted"),
        "{response}"
    );
    assert_eq!(outcomes(&submit(app, &b.token, &[&by_b])), ["accepted"]);
    let response = submit(
        app,
        &a.token,
        &rest.iter().chain([&fork]).collect::<Vec<_>>(),
    );
    assert_eq!(
        outcomes(&response),
        ["accepted", "accepted", "accepted", "accepted", "fork"],
        "{response}"
    );
    let bundle = expect_json(
        app.get_as(&a.token, &format!("/api/v1/cases/{case_id}/bundle")),
        StatusCode::OK,
    );
    (bundle, app.verifier_key())
}

fn parse(bundle: &Value) -> CaseBundle {
    serde_json::from_value(bundle.clone()).expect("a case bundle")
}

fn check(bundle: &Value, key: &str) -> Result<(), BundleFailure> {
    verify(&parse(bundle), Some(key), &mut |_, _| {}).map(drop)
}

/// Runs `custos verify` on `bundle` written to a file, as the command line would.
fn run_cli(bundle: &[u8], key: Option<&str>) -> Result<(), Failure> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bundle.json");
    std::fs::write(&path, bundle).unwrap();
    let mut args = vec![
        "custos".to_owned(),
        "verify".to_owned(),
        path.display().to_string(),
    ];
    if let Some(key) = key {
        args.extend(["--verifier-key".to_owned(), key.to_owned()]);
    }
    custos_api::cli::run(<Cli as clap::Parser>::try_parse_from(args).unwrap())
}

both_backends!(fn an_exported_case_verifies_offline(app) {
    let (bundle, key) = exported_case(&app);
    let mut progress = Vec::new();
    let verified = verify(&parse(&bundle), Some(&key), &mut |done, total| progress.push((done, total))).unwrap();
    assert_eq!(verified.case, "case-bundle");
    // Evidence references: the investigations' photos and the decision naming one (Art. 59(2)).
    assert_eq!((verified.records, verified.chains, verified.forks, verified.evidence), (7, 2, 1, 3));
    assert_eq!(verified.stage, Stage::Served);
    assert!(verified.pinned_key);
    assert_eq!(progress.last(), Some(&(8, 8)));
    assert_eq!(bundle["devices"].as_array().unwrap().len(), 2, "{bundle}");

    // The automatic 案卷评查 score `custos verify` prints, from the bundle's records alone.
    let score = bundle_score(&parse(&bundle), &Template::default_template()).unwrap();
    eprintln!("{}", score.lines().join("\n"));
    assert_eq!((score.template.as_str(), score.version), ("default", 1));
    assert_eq!((score.automatic_points, score.manual_points), (55, 45));
    assert!(score.lines()[0].starts_with("automatic score under template default v1: "), "{:?}", score.lines());

    let text = serde_json::to_vec(&bundle).unwrap();
    assert!(run_cli(&text, Some(&key)).is_ok());
    assert!(run_cli(&text, None).is_ok(), "the bundle's own key");
    let other_key = NoteSigner::from_seed(custos_api::config::DEFAULT_LOG_ORIGIN, [9; 32]).unwrap().verifier_key();
    assert!(matches!(run_cli(&text, Some(&other_key)), Err(Failure::Refused(_))), "exit 1");
    assert!(matches!(run_cli(b"{\"format\": 1}", None), Err(Failure::Error(_))), "exit 2");
    assert!(matches!(run_cli(b"not json", None), Err(Failure::Error(_))), "exit 2");

    // Out of scope: as absent.
    let stranger = user(&app, "supervisor.stranger", Role::Supervisor, &create_org(&app, &app.admin_token(), "Elsewhere", &app.root_org_id, "county"));
    expect_problem(app.get_as(&stranger.token, "/api/v1/cases/case-bundle/bundle"), StatusCode::NOT_FOUND, "not-found");
});

both_backends!(fn a_changed_bundle_does_not_verify(app) {
    let (bundle, key) = exported_case(&app);
    check(&bundle, &key).unwrap();
    type Change = fn(&mut Value);
    type Expected = fn(&BundleFailure) -> bool;
    let not_its_entry: Expected = |f| matches!(f, BundleFailure::Entry { reason: EntryFault::NotItsEntry { entry_type }, .. } if entry_type == "record");
    let changes: [(&str, Change, Expected); 9] = [
        ("a record body edited", |b| b["records"][2]["record"]["body"]["facts"] = json!("something else"), not_its_entry),
        ("two leaves swapped", |b| {
            let first = b["records"][1]["leaf"].take();
            b["records"][1]["leaf"] = b["records"][2]["leaf"].take();
            b["records"][2]["leaf"] = first;
        }, not_its_entry),
        ("a record dropped from its chain", |b| { b["records"].as_array_mut().unwrap().remove(1); }, |f| matches!(f, BundleFailure::Chain { seq: 1, fault: ChainFault::Gap, .. })),
        ("a proof hash changed", |b| b["records"][3]["inclusion"][0] = json!("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="), |f| matches!(f, BundleFailure::Entry { reason: EntryFault::NotInLog { .. }, .. })),
        ("the checkpoint re-signed by another key", |b| {
            let signer = NoteSigner::from_seed(custos_api::config::DEFAULT_LOG_ORIGIN, [9; 32]).unwrap();
            let body = b["checkpoint"].as_str().unwrap().split("\n\n").next().unwrap().to_owned() + "\n";
            b["checkpoint"] = json!(signer.sign(&body).unwrap());
        }, |f| matches!(f, BundleFailure::Checkpoint { .. })),
        ("an evidence digest changed", |b| b["evidence"][0]["sha256"] = json!("00".repeat(32)), |f| *f == BundleFailure::Evidence),
        ("a device key swapped", |b| {
            let first = b["devices"][0]["public_key"].take();
            b["devices"][0]["public_key"] = b["devices"][1]["public_key"].take();
            b["devices"][1]["public_key"] = first;
        }, |f| matches!(f, BundleFailure::Device { reason, .. } if reason.contains("has the key of"))),
        ("records out of log order", |b| b["records"].as_array_mut().unwrap().swap(3, 4), |f| matches!(f, BundleFailure::Order { .. })),
        ("fork evidence without its conflict", |b| b["forks"][0]["record"]["seq"] = json!(9), |f| matches!(f, BundleFailure::Entry { reason: EntryFault::NotItsEntry { entry_type }, .. } if entry_type == "fork")),
    ];
    for (what, change, expected) in changes {
        let mut changed = bundle.clone();
        change(&mut changed);
        let failure = check(&changed, &key).expect_err(what);
        assert!(expected(&failure), "{what}: {failure:?}");
    }
});

both_backends!(fn a_bundle_shows_the_automatic_score_of_its_file(app) {
    // Decided on day 14 and served on day 30, past Art. 61's 7 days: accepted with a warning,
    // and a defect of the default template's deadlines item.
    let office = office(&app);
    let case_id = "case-scored";
    let mut phone = office.phone_a(&app, case_id);
    let mut records: Vec<Record> = (0..5).map(|n| phone.sign(&office.step(n))).collect();
    records.push(phone.sign(&CaseRecord::new(day(30), &office.a.id, body(RecordKind::DecisionServed, &office.b.id))));
    let response = submit(&app, &office.a.token, &records.iter().collect::<Vec<_>>());
    assert!(outcomes(&response).iter().all(|o| o == "accepted"), "{response}");
    let bundle = expect_json(app.get_as(&office.supervisor.token, &format!("/api/v1/cases/{case_id}/bundle")), StatusCode::OK);
    let score = bundle_score(&parse(&bundle), &Template::default_template()).unwrap();
    let deadlines = score.items.iter().find(|item| item.id == "procedure.deadlines").unwrap();
    assert_eq!(deadlines.score, Some(3), "{:?}", score.lines());
    assert_eq!(deadlines.defects.len(), 1);
    assert_eq!((deadlines.defects[0].record, deadlines.defects[0].rule.as_str()), (5, "APL-61-service-7-days"));
    assert_eq!(score.automatic_score, 53);
    assert_eq!(score.lines()[0], "automatic score under template default v1: 53 of 55 automatic points; 45 points of manual items for reviewers");
    assert!(run_cli(&serde_json::to_vec(&bundle).unwrap(), None).is_ok());

    // The API answers the same score, with its template, to the auditors above the unit.
    let answer = expect_json(app.get_as(&office.supervisor.token, &format!("/api/v1/cases/{case_id}/score")), StatusCode::OK);
    assert_eq!(answer["case_id"], case_id);
    assert_eq!(answer["template"]["id"], "default");
    assert_eq!(answer["score"], serde_json::to_value(&score).unwrap());
    // Officers do not score files; a sibling county's supervisor sees no such case.
    expect_problem(app.get_as(&office.a.token, &format!("/api/v1/cases/{case_id}/score")), StatusCode::FORBIDDEN, "forbidden");
    let stranger = user(&app, "supervisor.elsewhere", Role::Supervisor, &create_org(&app, &office.admin, "Elsewhere", &app.root_org_id, "county"));
    expect_problem(app.get_as(&stranger.token, &format!("/api/v1/cases/{case_id}/score")), StatusCode::NOT_FOUND, "not-found");
});
