//! Art. 59: what a penalty decision document states.

use super::*;

const DECISION_CONTENTS: &str = "APL-59-decision-contents";

fn decision(change: impl FnOnce(&mut DecisionIssued)) -> CaseRecord {
    edit!(sample(K::DecisionIssued, 10), DecisionIssued, |b| change(b))
}

/// A case decided before Art. 59 was checked: nothing of the document is recorded.
fn bare(b: &mut DecisionIssued) {
    b.facts.clear();
    b.legal_basis.clear();
    b.compliance.clear();
    b.remedies = None;
    b.unit.clear();
    b.sealed = false;
    b.evidence.clear();
}

fn remedies(change: impl FnOnce(&mut Remedies)) -> CaseRecord {
    decision(|b| change(b.remedies.as_mut().expect("the sample states remedies")))
}

pub(super) fn cases() -> Vec<RuleCase> {
    let unnamed_party = |address: Option<&str>| {
        let mut records = defended();
        records[0] = edit!(records[0].clone(), CaseFiled, |f| {
            f.party = Some(Party {
                name: "某某食品有限公司".into(),
                address: address.map(Into::into),
                ..Party::default()
            })
        });
        records
    };
    vec![
        case(
            DECISION_CONTENTS,
            "a decision stating every item of Art. 59",
            defended(),
            sample(K::DecisionIssued, 10),
            &[],
        ),
        case(
            DECISION_CONTENTS,
            "a decision stating nothing of Art. 59",
            defended(),
            decision(bare),
            &[DECISION_CONTENTS],
        ),
        case(
            DECISION_CONTENTS,
            "a decision without its legal basis",
            defended(),
            decision(|b| b.legal_basis = " ".into()),
            &[DECISION_CONTENTS],
        ),
        case(
            DECISION_CONTENTS,
            "a decision naming no evidence",
            defended(),
            decision(|b| b.evidence.clear()),
            &[DECISION_CONTENTS],
        ),
        case(
            DECISION_CONTENTS,
            "a decision imposing nothing",
            defended(),
            decision_with(Penalty::default(), 10),
            &[DECISION_CONTENTS],
        ),
        case(
            DECISION_CONTENTS,
            "a warning is a kind of penalty",
            defended(),
            decision_with(
                Penalty {
                    warning: true,
                    ..Penalty::default()
                },
                10,
            ),
            &[],
        ),
        case(
            DECISION_CONTENTS,
            "a decision without the seal",
            defended(),
            decision(|b| b.sealed = false),
            &[DECISION_CONTENTS],
        ),
        case(
            DECISION_CONTENTS,
            "a filing naming the party without its address",
            unnamed_party(None),
            sample(K::DecisionIssued, 10),
            &[DECISION_CONTENTS],
        ),
        case(
            DECISION_CONTENTS,
            "a reconsideration period shorter than the 60 days of 行政复议法 Art. 20",
            defended(),
            remedies(|r| r.reconsideration_days = 15),
            &[DECISION_CONTENTS],
        ),
        case(
            DECISION_CONTENTS,
            "a litigation period shorter than the 6 months of 行政诉讼法 Art. 46",
            defended(),
            remedies(|r| r.litigation_months = 3),
            &[DECISION_CONTENTS],
        ),
        case(
            DECISION_CONTENTS,
            "a longer period a law provides is stated as it is",
            defended(),
            remedies(|r| r.reconsideration_days = 90),
            &[],
        ),
        case(
            DECISION_CONTENTS,
            "a decision naming no court",
            defended(),
            remedies(|r| r.court.clear()),
            &[DECISION_CONTENTS],
        ),
    ]
}

#[test]
fn the_finding_names_each_missing_item() {
    let state = CaseState::from_records(&defended()).unwrap();
    let findings = custos_core::rules::check(&state, &decision(bare), &context());
    let finding = findings
        .iter()
        .find(|f| f.rule == DECISION_CONTENTS)
        .expect("a finding");
    for item in [
        "(2) facts",
        "(2) evidence",
        "(3) legal basis",
        "(4) how and by when to comply",
        "(5) reconsideration and litigation",
        "(6) the deciding unit",
        "seal",
    ] {
        assert!(finding.detail.contains(item), "{item}: {}", finding.detail);
    }
    assert!(!finding.detail.contains("(1)"), "{}", finding.detail);
}

#[test]
fn a_decision_recorded_before_art_59_was_checked_still_parses() {
    // Members added to decision.issued default when absent, so older signed records type.
    let body =
        serde_json::json!({"document_number": "市监罚〔2024〕9号", "penalty": {"fine_fen": 100}});
    let record = CaseRecord::parse(
        "decision.issued",
        day(0),
        OFFICER_A,
        body.as_object().unwrap(),
    )
    .expect("an older decision types");
    let RecordBody::DecisionIssued(decision) = record.body else {
        panic!("a decision");
    };
    assert!(decision.remedies.is_none() && !decision.sealed && decision.facts.is_empty());
}

#[test]
fn remedies_refuse_unknown_members_and_floats() {
    let mut body = serde_json::to_value(match sample(K::DecisionIssued, 0).body {
        RecordBody::DecisionIssued(b) => b,
        _ => unreachable!(),
    })
    .unwrap();
    body["remedies"]["reconsideration_days"] = serde_json::json!(60.5);
    assert!(
        CaseRecord::parse(
            "decision.issued",
            day(0),
            OFFICER_A,
            body.as_object().unwrap()
        )
        .is_err()
    );
    body["remedies"]["reconsideration_days"] = serde_json::json!(60);
    body["remedies"]["appeal_days"] = serde_json::json!(15);
    assert!(
        CaseRecord::parse(
            "decision.issued",
            day(0),
            OFFICER_A,
            body.as_object().unwrap()
        )
        .is_err()
    );
}
