//! Publicity: masking rules (property tests: idempotent, never the input), the public notice
//! built from a case's records, and the publication and withdrawal deadlines on the working-day
//! calendar, 调休 included.

mod common;

use common::*;
use custos_core::lifecycle::*;
use custos_core::publicity::*;
use custos_core::rules::{LocalDate, WorkingCalendar};
use proptest::prelude::*;

/// Names of one to six characters, CJK or Latin, never containing the masking characters.
fn name() -> impl Strategy<Value = String> {
    let surname = prop_oneof![
        Just("欧阳".to_owned()),
        Just("司马".to_owned()),
        "[张王李赵刘陈]",
        "[一-龥]",
        "[a-zA-Z]",
    ];
    (surname, "[一-龥a-z·]{0,5}").prop_map(|(s, g)| format!("{s}{g}"))
}

fn rules() -> impl Strategy<Value = MaskingRules> {
    (
        prop_oneof![
            Just(NameRule::Surname),
            Just(NameRule::SurnameMou),
            Just(NameRule::Hidden)
        ],
        prop_oneof![Just(DetailRule::Hidden), Just(DetailRule::KeepEnds)],
    )
        .prop_map(|(person_name, detail)| MaskingRules {
            person_name,
            id_number: detail,
            phone: detail,
            address: detail,
            compound_surnames: vec![],
        })
}

/// Whether `name` is what `rules` mask it to already: under `SurnameMou` a name `张某` (or
/// `欧阳某`) is its own masked form, the one name of two or more characters masking keeps.
fn is_own_masked_form(rules: &MaskingRules, name: &str) -> bool {
    rules.person_name == NameRule::SurnameMou && rules.mask_name(name) == name
}

/// Found by `masking_text_is_idempotent`: a one-character name keeps its surname (`X` → `X*`),
/// so its masked form contains it, and masking the text again must not mask it twice.
#[test]
fn a_masked_one_character_name_is_not_masked_again() {
    let rules = MaskingRules {
        person_name: NameRule::Surname,
        id_number: DetailRule::Hidden,
        phone: DetailRule::Hidden,
        address: DetailRule::Hidden,
        compound_surnames: vec![],
    };
    let known = KnownPersonalData {
        names: vec!["X".into()],
        ..KnownPersonalData::default()
    };
    let once = rules.mask_text("X", &known);
    assert_eq!(rules.mask_text(&once, &known), once);
}

proptest! {
    #[test]
    fn masking_a_name_is_idempotent(rules in rules(), name in name()) {
        let once = rules.mask_name(&name);
        prop_assert_eq!(rules.mask_name(&once), once);
    }

    #[test]
    fn a_masked_name_is_never_the_name(rules in rules(), name in name()) {
        prop_assume!(name.chars().count() >= 2 && !is_own_masked_form(&rules, &name));
        prop_assert_ne!(rules.mask_name(&name), name);
    }

    #[test]
    fn masking_text_is_idempotent(
        rules in rules(),
        before in "[0-9X一-龥 ]{0,20}",
        after in "[0-9X一-龥 ]{0,20}",
        name in name(),
    ) {
        // The name occurs in the text, as in a notice's facts.
        let text = format!("{before}{name}{after}");
        let known = KnownPersonalData { names: vec![name], ..KnownPersonalData::default() };
        let once = rules.mask_text(&text, &known);
        prop_assert_eq!(rules.mask_text(&once, &known), once);
    }

    #[test]
    fn masked_text_never_keeps_a_known_name(
        rules in rules(),
        before in "[0-9一-龥 ]{0,20}",
        after in "[0-9一-龥 ]{0,20}",
        name in name(),
    ) {
        prop_assume!(name.trim().chars().count() >= 2 && !is_own_masked_form(&rules, &name));
        let text = format!("{before}{name}{after}");
        let known = KnownPersonalData { names: vec![name.clone()], ..KnownPersonalData::default() };
        let masked = rules.mask_text(&text, &known);
        prop_assert!(!masked.contains(name.trim()), "{} kept in {}", name, masked);
    }
}

const DECIDED: [RecordKind; 5] = [
    RecordKind::CaseFiled,
    RecordKind::InvestigationRecord,
    RecordKind::NoticeServed,
    RecordKind::StatementRecorded,
    RecordKind::DecisionIssued,
];

fn person_case(party: Party) -> Vec<CaseRecord> {
    let mut records = records(&DECIDED);
    if let RecordBody::CaseFiled(filed) = &mut records[0].body {
        filed.party_kind = PartyKind::Person;
        filed.party = Some(party.clone());
    }
    if let RecordBody::NoticeServed(notice) = &mut records[2].body {
        notice.facts = format!(
            "{}（身份证号{}，电话{}，住{}）销售过期食品",
            party.name,
            party.id_number.clone().unwrap_or_default(),
            party.phone.clone().unwrap_or_default(),
            party.address.clone().unwrap_or_default()
        );
    }
    records
}

fn unit() -> DecidingUnit {
    DecidingUnit {
        id: "unit-1".into(),
        name: "某区市场监督管理局".into(),
    }
}

#[test]
fn a_persons_notice_hides_everything_personal() {
    let party = Party {
        name: "欧阳娜娜".into(),
        id_number: Some("11010519491231002X".into()),
        phone: Some("13812345678".into()),
        address: Some("北京市东城区某某胡同1号".into()),
        ..Party::default()
    };
    let records = person_case(party);
    let decided_at_us = records[4].at_us;
    let config = PublicityConfig::default();
    let notice = public_notice(
        &unit(),
        "case-1",
        &records,
        &config,
        WorkingCalendar::china(),
    )
    .expect("decided");
    assert_eq!(notice.party.as_ref().unwrap().name, "欧阳**");
    assert_eq!(notice.party.as_ref().unwrap().id_number, None);
    assert_eq!(notice.party.as_ref().unwrap().address, None);
    assert_eq!(
        notice.facts,
        "欧阳**（身份证号***，电话***，住***）销售过期食品"
    );
    assert_eq!(notice.penalty.fine_fen, 500_000);
    assert_eq!(
        notice.decided_on,
        WorkingCalendar::china().date_of(decided_at_us)
    );
    let text = serde_json::to_string(&notice).expect("json");
    for secret in ["娜娜", "11010519491231002X", "13812345678", "东城区"] {
        assert!(!text.contains(secret), "{secret} in {text}");
    }
}

#[test]
fn an_organisations_name_and_credit_code_stay_whole() {
    let mut records = records(&DECIDED);
    if let RecordBody::CaseFiled(filed) = &mut records[0].body {
        filed.party = Some(Party {
            name: "某某食品有限公司".into(),
            credit_code: Some("91330100MA2XXXXX1X".into()),
            representative: Some("王小明".into()),
            ..Party::default()
        });
    }
    let notice = public_notice(
        &unit(),
        "case-1",
        &records,
        &PublicityConfig::default(),
        WorkingCalendar::china(),
    )
    .expect("decided");
    assert_eq!(notice.party.as_ref().unwrap().name, "某某食品有限公司");
    assert_eq!(
        notice.party.as_ref().unwrap().credit_code.as_deref(),
        Some("91330100MA2XXXXX1X")
    );
    assert_eq!(
        notice.party.as_ref().unwrap().representative.as_deref(),
        Some("王**")
    );
}

#[test]
fn no_notice_before_a_decision_or_without_a_party() {
    let config = PublicityConfig::default();
    let calendar = WorkingCalendar::china();
    let undecided = records(&DECIDED[..4]);
    assert_eq!(
        public_notice(&unit(), "c", &undecided, &config, calendar),
        Err(NoticeError::NotDecided)
    );
    let mut unnamed = records(&DECIDED);
    if let RecordBody::CaseFiled(filed) = &mut unnamed[0].body {
        filed.party = None;
    }
    assert_eq!(
        public_notice(&unit(), "c", &unnamed, &config, calendar),
        Err(NoticeError::PartyUnnamed)
    );
}

#[test]
fn a_change_after_the_decision_is_gathered() {
    let mut records = records(&DECIDED);
    records.push(fresh(RecordKind::DecisionChanged, 20));
    let facts = DecisionFacts::gather(&records).expect("records");
    let (at_us, change, _) = facts.change.expect("changed");
    assert_eq!((at_us, change), (day(20), DecisionChange::Revoked));
    let state = CaseState::from_records(&records).expect("lawful");
    assert_eq!(
        state.decision_change,
        Some((day(20), DecisionChange::Revoked))
    );
}

#[test]
fn a_decision_changed_to_a_new_one_is_the_decision_in_force() {
    let mut records = person_case(Party {
        name: "张三".into(),
        ..Party::default()
    });
    let decided_at_us = records[4].at_us;
    let mut changed = fresh(RecordKind::DecisionChanged, 20);
    if let RecordBody::DecisionChanged(body) = &mut changed.body {
        body.change = DecisionChange::Changed;
        body.decision = Some(NewDecision {
            document_number: "罚〔2026〕2号".into(),
            penalty: Penalty {
                fine_fen: 300_000,
                ..Penalty::default()
            },
        });
    }
    records.push(changed);
    let facts = DecisionFacts::gather(&records).expect("records");
    // Nothing stands changed: the new decision is in force, from the change's day.
    assert_eq!(facts.change, None);
    let (at_us, number, penalty) = facts.decision.clone().expect("decided");
    assert_eq!((at_us, number.as_str()), (day(20), "罚〔2026〕2号"));
    assert_eq!(penalty.fine_fen, 300_000);
    // The old decision's change is kept for its withdrawal; the new one has none.
    let change = facts
        .change_of(decided_at_us)
        .expect("old decision changed");
    assert_eq!(
        (change.at_us, change.change),
        (day(20), DecisionChange::Changed)
    );
    assert_eq!(facts.change_of(day(20)), None);
    let config = PublicityConfig::default();
    let notice = public_notice(
        &unit(),
        "case-1",
        &records,
        &config,
        WorkingCalendar::china(),
    )
    .expect("notice");
    assert_eq!(notice.document_number, "罚〔2026〕2号");
    assert_eq!(notice.decided_at_us, day(20));
    assert_eq!(notice.penalty.fine_fen, 300_000);

    // Revoked afterwards, the new decision stands changed with nothing in its place.
    records.push(fresh(RecordKind::DecisionChanged, 25));
    let facts = DecisionFacts::gather(&records).expect("records");
    assert_eq!(facts.change.as_ref().map(|c| c.0), Some(day(25)));
    assert_eq!(
        facts.change_of(day(20)).map(|c| c.change),
        Some(DecisionChange::Revoked)
    );
}

#[test]
fn only_a_change_names_the_decision_it_was_changed_to() {
    let body = |change: &str| {
        serde_json::json!({
            "change": change,
            "reason": "复议决定",
            "decision": {"document_number": "罚〔2026〕2号", "penalty": {"fine_fen": 1}},
        })
        .as_object()
        .cloned()
        .expect("object")
    };
    CaseRecord::parse("decision.changed", day(20), "officer", &body("changed")).expect("a change");
    for change in ["revoked", "void"] {
        let refused = CaseRecord::parse("decision.changed", day(20), "officer", &body(change));
        assert!(
            matches!(refused, Err(LifecycleError::InvalidBody { .. })),
            "{change}: {refused:?}"
        );
    }
}

fn date(text: &str) -> LocalDate {
    text.parse().expect("date")
}

#[test]
fn deadlines_count_working_days_across_a_make_up_weekend() {
    let calendar = WorkingCalendar::china();
    // Decided Thursday 2026-09-24: 中秋 25–27 September, then 28, 29, 30 September (1–3),
    // 国庆 1–7 October, 8, 9 October (4, 5), Saturday 10 October a make-up working day (6),
    // Monday 12 October (7).
    let decided = date("2026-09-24").start_us(480) + 10 * 3_600_000_000;
    let last = publication_last_day(ResultKind::Penalty, decided, calendar);
    assert_eq!(last, date("2026-10-12"));
    assert!(in_time(last, last.start_us(480), calendar));
    assert!(!in_time(last, last.add_days(1).start_us(480), calendar));
    let other = publication_last_day(ResultKind::Other, decided, calendar);
    assert!(other > last);
    // Withdrawal: 3 working days.
    let changed = date("2026-03-06").start_us(480); // a Friday
    assert_eq!(withdrawal_last_day(changed, calendar), date("2026-03-11"));
}
