//! `custos verify --template`: the automatic 案卷评查 score printed for an exported case bundle
//! under the template a unit set (as `GET /api/v1/orgs/{id}/evaluation-template` answers it),
//! which must be the score the server gives for the case under that template
//! (`GET /api/v1/cases/{id}/score`) and in a review campaign naming it; a file that is no
//! valid template is refused before any work, naming the field, as the server refuses it.

use custos_api::cli::{Cli, Failure};
use custos_core::lifecycle::CaseRecord;
use custos_core::record::Record;
use custos_core::supervision::evaluation::DEFAULT_TEMPLATE_JSON;
use custos_tests::recording::*;
use custos_tests::reqwest::{Method, StatusCode};
use custos_tests::serde_json::{self, Value, json};
use custos_tests::{both_backends, expect_json};
use std::path::Path;

/// Runs `custos verify BUNDLE [--template FILE]` and returns what it printed.
fn verify(bundle: &Path, template: Option<&Path>) -> Result<String, Failure> {
    let mut args = vec![
        "custos".to_owned(),
        "verify".to_owned(),
        bundle.display().to_string(),
    ];
    if let Some(template) = template {
        args.extend(["--template".to_owned(), template.display().to_string()]);
    }
    let cli = <Cli as clap::Parser>::try_parse_from(args).expect("arguments parse");
    let mut out = Vec::new();
    custos_api::cli::run_writing(cli, &mut out)?;
    Ok(String::from_utf8(out).unwrap())
}

/// The score lines `custos verify` must print for the automatic score `score` as the server
/// answers it (`AutomaticScore` as JSON), written out from docs/supervision.md.
fn expected_lines(score: &Value) -> Vec<String> {
    let mut lines = vec![format!(
        "automatic score under template {} v{}: {} of {} automatic points; {} points of manual items for reviewers",
        score["template"].as_str().unwrap(),
        score["version"],
        score["automatic_score"],
        score["automatic_points"],
        score["manual_points"]
    )];
    for item in score["items"].as_array().unwrap() {
        let defects = item["defects"].as_array().unwrap();
        if defects.is_empty() {
            continue;
        }
        lines.push(format!(
            "  {}: {} of {} points",
            item["id"].as_str().unwrap(),
            item["score"].as_u64().unwrap_or(0),
            item["points"]
        ));
        for defect in defects {
            lines.push(format!(
                "    record {}: {}: {}",
                defect["record"],
                defect["rule"].as_str().unwrap(),
                defect["detail"].as_str().unwrap()
            ));
        }
    }
    if let Some(veto) = score["vetoed_by"].as_str() {
        lines.push(format!("vetoed by {veto}: the file scores 0"));
    }
    lines
}

/// The printed lines from the score's first line on, up to the template's digest line.
fn printed_score(printed: &str) -> Vec<String> {
    printed
        .lines()
        .skip_while(|line| !line.starts_with("automatic score under template "))
        .take_while(|line| !line.starts_with("template "))
        .map(str::to_owned)
        .collect()
}

both_backends!(fn verify_prints_the_score_under_the_campaigns_template(app) {
    let office = office(&app);
    // A closed case whose decision is served 11 days after it (Art. 61: 7 days): a defect
    // of the deadlines item, worth 2 points in the default template.
    let case_id = "case-verify-template";
    let mut phone = office.phone_a(&app, case_id);
    let records: Vec<Record> = ORDINARY_CASE
        .iter()
        .map(|&(kind, on)| {
            let on = if on >= 15 { on + 10 } else { on };
            phone.sign(&CaseRecord::new(day(on), &office.a.id, body(kind, &office.b.id)))
        })
        .collect();
    let response = submit(&app, &office.a.token, &records.iter().collect::<Vec<_>>());
    assert!(outcomes(&response).iter().all(|o| o == "accepted"), "{response}");

    // The county's own template: a late deadline costs the whole item (5 points).
    let mut county: Value = serde_json::from_str(DEFAULT_TEMPLATE_JSON).unwrap();
    county["id"] = json!("county");
    county["version"] = json!(3);
    let deadlines = county["items"].as_array().unwrap().iter().position(|item| item["id"] == "procedure.deadlines").unwrap();
    county["items"][deadlines]["deduction"] = json!(5);
    let set = app.request(Method::PUT, &format!("/api/v1/orgs/{}/evaluation-template", office.county))
        .bearer_auth(&office.admin).json(&county).send().unwrap();
    expect_json(set, StatusCode::OK);
    let view = expect_json(app.get_as(&office.supervisor.token, &format!("/api/v1/orgs/{}/evaluation-template", office.township)), StatusCode::OK);
    assert_eq!(view["in_force"]["id"], "county");
    let sha256 = view["in_force"]["sha256"].as_str().unwrap().to_owned();

    // What the server says: the case's score under the template in force for its unit, and
    // the same in a campaign naming that version.
    let answer = expect_json(app.get_as(&office.supervisor.token, &format!("/api/v1/cases/{case_id}/score")), StatusCode::OK);
    let score = &answer["score"];
    assert_eq!((score["template"].as_str(), score["version"].as_u64()), (Some("county"), Some(3)));
    let item = score["items"].as_array().unwrap().iter().find(|item| item["id"] == "procedure.deadlines").unwrap();
    assert_eq!(item["score"], 0, "{item}");
    let opened = expect_json(app.post("/api/v1/supervision/reviews").bearer_auth(&office.supervisor.token).json(&json!({
        "org_id": office.county, "title": "评查", "from_us": day(0), "to_us": day(60),
        "cases": [case_id], "template": {"id": "county", "version": 3},
    })).send().unwrap(), StatusCode::CREATED);
    assert_eq!(opened["opening"]["template"]["sha256"], sha256.as_str());
    let report = expect_json(app.get_as(&office.supervisor.token, &format!("/api/v1/supervision/reviews/{}", opened["id"].as_str().unwrap())), StatusCode::OK);
    let reviewed = &report["findings"]["cases"][0];
    assert_eq!(reviewed["case"], case_id);
    assert_eq!(reviewed["automatic_score"], score["automatic_score"], "{report}");

    // The bundle and the template as the server hands them out, verified offline.
    let dir = tempfile::tempdir().unwrap();
    let bundle = dir.path().join("bundle.json");
    let bundle_json = expect_json(app.get_as(&office.supervisor.token, &format!("/api/v1/cases/{case_id}/bundle")), StatusCode::OK);
    std::fs::write(&bundle, serde_json::to_vec(&bundle_json).unwrap()).unwrap();
    let answer_file = dir.path().join("evaluation-template.json");
    std::fs::write(&answer_file, serde_json::to_vec(&view).unwrap()).unwrap();
    let template_file = dir.path().join("county.json");
    std::fs::write(&template_file, serde_json::to_vec(&view["template"]).unwrap()).unwrap();

    let expected = expected_lines(score);
    for file in [&answer_file, &template_file] {
        let printed = verify(&bundle, Some(file)).unwrap();
        assert_eq!(printed_score(&printed), expected, "{printed}");
        assert_eq!(printed.lines().last().unwrap(), format!("template county v3 sha256 {sha256}"), "{printed}");
    }
    // Without --template, the default's: the same defect costs 2 points there, not 5.
    let printed = verify(&bundle, None).unwrap();
    let default_score = printed_score(&printed);
    assert!(default_score[0].starts_with("automatic score under template default v1: "), "{printed}");
    assert_ne!(default_score[0], expected[0]);
    assert!(default_score.contains(&"  procedure.deadlines: 3 of 5 points".to_owned()), "{printed}");

    // A file that is no valid template: exit 2, the file and the field named, as the server
    // names it, before the bundle is read.
    let refused = |template: &Value| {
        let file = dir.path().join("bad.json");
        std::fs::write(&file, serde_json::to_vec(template).unwrap()).unwrap();
        match verify(Path::new("/nonexistent/bundle.json"), Some(&file)) {
            Err(Failure::Error(message)) => message,
            other => panic!("{template}: {other:?}"),
        }
    };
    let mut bad = county.clone();
    bad["items"][1]["points"] = json!(0);
    let message = refused(&bad);
    assert!(message.contains("bad.json") && message.contains("items[1].points"), "{message}");
    let mut bad = county.clone();
    bad["total"] = json!(101);
    assert!(refused(&bad).contains("total: "));
    let mut bad = county.clone();
    bad["total"] = json!(100.0);
    assert!(refused(&bad).contains("floating point"));
    let mut bad = county.clone();
    bad["items"][deadlines]["rules"] = json!(["APL-42-certified-officers"]);
    assert!(refused(&bad).contains(&format!("items[{deadlines}].rules[0]")));
    assert!(refused(&json!({"template": {"id": "county"}})).contains("missing field"));
    let not_json = dir.path().join("not.json");
    std::fs::write(&not_json, "not json").unwrap();
    assert!(matches!(verify(&bundle, Some(&not_json)), Err(Failure::Error(_))));
});
