//! Results other than penalty decisions (其他执法结果), through HTTP: a unit that publishes them
//! (`publicity.other_results`) has a case terminated without a penalty (不予处罚) and a
//! concluded inspection wait for approval as masked notices due in 20 working days on its
//! calendar (across 清明), overdue in attention once late, published and read anonymously with
//! their leaves proved; a unit that does not, and a case terminated for another reason, have
//! nothing to publish; an unknown result is refused.

use crate::publicity::{filed_against, person, prove, publish, reviewer, submit_all, to_publish};
use custos_core::lifecycle::*;
use custos_tests::attention::case_items;
use custos_tests::recording::*;
use custos_tests::reqwest::{Method, StatusCode};
use custos_tests::serde_json::{Value, json};
use custos_tests::{both_backends, expect_json, expect_problem};

/// The filing of `party` on day `start`, an investigation, and the case terminated for
/// `reason` on day `start + 14`.
fn terminated_steps(
    office: &Office,
    party: &Party,
    start: i64,
    reason: TerminationReason,
) -> Vec<CaseRecord> {
    let (a, b) = (office.a.id.as_str(), office.b.id.as_str());
    let filed = filed_against(office, party, start);
    let terminated = edited(step(RecordKind::CaseTerminated, start + 14, a, b), |body| {
        if let RecordBody::CaseTerminated(terminated) = body {
            terminated.reason = reason;
            terminated.basis = format!(
                "行政处罚法 第三十三条：{} 初次违法且危害后果轻微",
                party.name
            );
        }
    });
    vec![
        filed,
        step(RecordKind::InvestigationRecord, start + 1, a, b),
        terminated,
    ]
}

both_backends!(fn other_results_are_published_within_twenty_working_days(app) {
    let office = office(&app);
    let reviewer = reviewer(&app, &office);
    let sup = &office.supervisor.token;
    let party = person("欧阳娜娜", "11010519491231002X", "13812345678", "北京市东城区某胡同1号");

    // Terminated without a penalty on Monday 16 March 2026, in a unit that publishes only
    // penalty decisions: nothing to publish, nothing overdue.
    let mut phone = office.phone_a(&app, "case-no-penalty");
    submit_all(&app, &office, &mut phone, &terminated_steps(&office, &party, 0, TerminationReason::NoPenalty));
    assert_eq!(to_publish(&app, &reviewer.token, "case-no-penalty"), None);
    assert!(case_items(&app, sup, "publication_overdue", "open", "case-no-penalty").is_empty());
    let refused = app.post("/api/v1/publications").bearer_auth(&reviewer.token)
        .json(&json!({"case_id": "case-no-penalty"})).send().unwrap();
    expect_problem(refused, StatusCode::CONFLICT, "conflict");

    // An unknown result is refused; the unit then publishes both other results.
    let rules = format!("/api/v1/orgs/{}/rules", office.township);
    let put = |body: Value| app.request(Method::PUT, &rules).bearer_auth(&office.admin).json(&body).send().unwrap();
    let problem = expect_problem(put(json!({"publicity": {"other_results": ["licence"]}})), StatusCode::UNPROCESSABLE_ENTITY, "invalid-input");
    assert!(problem["detail"].as_str().unwrap().contains("licence"), "{problem}");
    expect_json(put(json!({"publicity": {"other_results": ["no_penalty", "inspection_result"]}})), StatusCode::OK);

    // A second 不予处罚 case, and one terminated by withdrawing the filing (撤案), which is
    // not a result to publish.
    let mut phone = phone.on_case("case-no-penalty-2");
    submit_all(&app, &office, &mut phone, &terminated_steps(&office, &party, 0, TerminationReason::NoPenalty));
    let mut phone = phone.on_case("case-withdrawn");
    submit_all(&app, &office, &mut phone, &terminated_steps(&office, &party, 0, TerminationReason::Withdrawn));
    assert_eq!(to_publish(&app, &reviewer.token, "case-withdrawn"), None);
    assert!(case_items(&app, sup, "publication_overdue", "open", "case-withdrawn").is_empty());

    // Twenty working days from Monday 16 March: 清明 (4 to 6 April) skipped, 14 April.
    let item = to_publish(&app, &reviewer.token, "case-no-penalty-2").expect("waits for approval");
    assert_eq!(item["last_day"], "2026-04-14", "{item}");
    assert_eq!(item["overdue"], true);
    let notice = &item["notice"];
    assert_eq!(notice["result"], "other", "{notice}");
    assert_eq!(notice["outcome"], "no_penalty");
    assert_eq!(notice["party"]["name"], "欧阳**");
    assert_eq!(notice["legal_basis"], "行政处罚法 第三十三条：欧阳** 初次违法且危害后果轻微");
    assert_eq!(notice["decided_on"], "2026-03-16");
    assert_eq!(notice["penalty"]["fine_fen"], 0);
    // The case decided before the unit published such results is listed now too, but its
    // submission opened no item; the second one's did, on the unit's calendar.
    assert!(to_publish(&app, &reviewer.token, "case-no-penalty").is_some());
    assert!(case_items(&app, sup, "publication_overdue", "open", "case-no-penalty").is_empty());
    let open = case_items(&app, sup, "publication_overdue", "open", "case-no-penalty-2");
    assert_eq!(open.len(), 1, "{open:?}");
    assert_eq!(open[0]["detail"], "result not published by 2026-04-14");
    assert_eq!(open[0]["due_us"], item["due_before_us"]);

    let published = publish(&app, &reviewer.token, "case-no-penalty-2");
    assert_eq!(published["notice"], item["notice"]);
    assert_eq!(published["last_day"], "2026-04-14");
    assert_eq!(published["published_on_time"], false);
    assert!(case_items(&app, sup, "publication_overdue", "open", "case-no-penalty-2").is_empty());
    let id = published["id"].as_str().unwrap();
    let read = expect_json(app.get(&format!("/api/v1/public/decisions/{id}")).send().unwrap(), StatusCode::OK);
    assert_eq!(read, published);
    let leaf = prove(&app, published["log_index"].as_u64().unwrap(), published["leaf"].as_str().unwrap());
    let entry: Value = serde_json::from_slice(&leaf).unwrap();
    assert_eq!(entry["notice"]["outcome"], "no_penalty");
    assert_eq!(entry["last_day"], "2026-04-14");

    // An inspection concluded Wednesday 4 March with no case following it: its result, with
    // no party named, is due by 1 April.
    let mut phone = phone.on_case("case-inspected");
    let (a, b) = (office.a.id.as_str(), office.b.id.as_str());
    let concluded = edited(step(RecordKind::InspectionConcluded, 2, a, b), |body| {
        if let RecordBody::InspectionConcluded(concluded) = body {
            concluded.outcome = InspectionOutcome::RectificationOrdered;
        }
    });
    submit_all(&app, &office, &mut phone, &[step(RecordKind::InspectionRecord, 0, a, b), concluded]);
    let item = to_publish(&app, &reviewer.token, "case-inspected").expect("waits for approval");
    assert_eq!(item["last_day"], "2026-04-01", "{item}");
    assert_eq!(item["notice"]["result"], "other");
    assert_eq!(item["notice"]["outcome"], "rectification_ordered");
    assert!(item["notice"].get("party").is_none(), "{item}");
    assert_eq!(case_items(&app, sup, "publication_overdue", "open", "case-inspected")[0]["detail"], "result not published by 2026-04-01");
    let published = publish(&app, &reviewer.token, "case-inspected");
    let listed = expect_json(app.get(&format!("/api/v1/public/decisions?org_id={}", office.township)).send().unwrap(), StatusCode::OK);
    let ids: Vec<&str> = listed.as_array().unwrap().iter().map(|d| d["case_id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["case-no-penalty-2", "case-inspected"], "{listed}");
    assert_eq!(listed[1], published);
    prove(&app, published["log_index"].as_u64().unwrap(), published["leaf"].as_str().unwrap());
});
