//! Arts. 29, 32, 33, 38, 76: the legal basis of a penalty, the statutory fine range per matter,
//! 减轻 below it only with a ground, the unit's leniency lists, and one fine per act.

use super::*;

const LEGAL_BASIS: &str = "APL-38-legal-basis";
const ONE_FINE: &str = "APL-29-one-fine";
const FINE_RANGE: &str = "APL-76-fine-range";
const MITIGATION_GROUND: &str = "APL-32-mitigation-ground";
const LENIENCY_LIST: &str = "APL-32-33-leniency-list";
const HIGHER_NORM: &str = "APL-29-higher-norm";
const FACTS_ESTABLISHED: &str = "APL-40-facts-established";

/// A notice on day 2 fining ¥5,000 for an act that breaches 《某条例》 (fines up to ¥10,000)
/// and 《某办法》 (up to ¥5,000), the first `applied` of them marked as applied.
fn two_norms(applied: &[bool]) -> CaseRecord {
    edit!(sample(K::NoticeServed, 2), NoticeServed, |n| {
        n.penalty.fine_fen = 500_000;
        n.penalty.breached_norms = [
            ("《某条例》第某条", 1_000_000),
            ("《某办法》第某条", 500_000),
        ]
        .iter()
        .zip(applied)
        .map(|(&(law, max_fine_fen), &applied)| FineNorm {
            law: law.into(),
            max_fine_fen,
            applied,
        })
        .collect();
    })
}

/// Investigated on day 1, legally reviewed on day 2, finding the facts unclear or not.
fn reviewed(facts_unclear: bool) -> Vec<CaseRecord> {
    concat(
        investigated(),
        [edit!(sample(K::ReviewLegal, 2), ReviewLegal, |r| {
            r.facts_unclear = facts_unclear;
            if facts_unclear {
                r.outcome = LegalReviewOutcome::ProblemsFound;
            }
        })],
    )
}

/// The sample case's matter, food-safety, fined ¥1,000 to ¥10,000 by law; lists with one item
/// each of 从轻, 减轻 and 不予处罚, and a 减轻 item for another matter.
fn ranged() -> RuleContext {
    let mut context = context();
    context.config.statutory_fines = vec![StatutoryFine {
        categories: vec!["food-safety".into()],
        law: "《某条例》第某条".into(),
        min_fine_fen: 100_000,
        max_fine_fen: 1_000_000,
    }];
    let item = |id: &str, list, categories: &[&str]| LeniencyItem {
        id: id.into(),
        list,
        description: "首次违法、危害后果轻微并及时改正".into(),
        categories: categories.iter().map(|&c| c.into()).collect(),
    };
    context.config.leniency_lists = vec![
        item("L-1", LeniencyList::Lighter, &[]),
        item("M-1", LeniencyList::Mitigated, &["food-safety"]),
        item("M-2", LeniencyList::Mitigated, &["tobacco"]),
        item("N-1", LeniencyList::NoPenalty, &[]),
    ];
    context
}

/// A notice on day 2 proposing `fine_fen`, lightened as `leniency` says.
fn notice(fine_fen: u64, leniency: Option<(LeniencyKind, &str, Option<&str>)>) -> CaseRecord {
    edit!(sample(K::NoticeServed, 2), NoticeServed, |n| {
        n.penalty.fine_fen = fine_fen;
        n.penalty.leniency = leniency.map(|(kind, ground, item)| Leniency {
            kind,
            ground: ground.into(),
            list_item: item.map(Into::into),
        });
    })
}

const GROUND: &str = "第三十二条第一项：主动消除违法行为危害后果";

pub(super) fn cases() -> Vec<RuleCase> {
    let fined_before = || {
        let mut records = defended();
        records[0] = edit!(records[0].clone(), CaseFiled, |f| f.already_fined_by =
            Some("某市监罚〔2025〕9号".into()));
        records
    };
    let warning_only = edit!(sample(K::DecisionIssued, 10), DecisionIssued, |d| {
        d.penalty = Penalty {
            warning: true,
            ..Penalty::default()
        }
    });
    vec![
        case(
            HIGHER_NORM,
            "fined under the provision with the higher fine",
            investigated(),
            two_norms(&[true, false]),
            &[],
        ),
        case(
            HIGHER_NORM,
            "fined under the provision with the lower fine",
            investigated(),
            two_norms(&[false, true]),
            &[HIGHER_NORM],
        ),
        case(
            HIGHER_NORM,
            "several provisions, none marked as applied",
            investigated(),
            two_norms(&[false, false]),
            &[HIGHER_NORM],
        ),
        case(
            HIGHER_NORM,
            "one provision breached",
            investigated(),
            two_norms(&[false]),
            &[],
        ),
        case(
            FACTS_ESTABLISHED,
            "a penalty after a review that found the facts clear",
            reviewed(false),
            sample(K::NoticeServed, 3),
            &[],
        ),
        case(
            FACTS_ESTABLISHED,
            "a penalty after a review that found the facts unclear",
            reviewed(true),
            sample(K::NoticeServed, 3),
            &[FACTS_ESTABLISHED],
        ),
        case(
            FACTS_ESTABLISHED,
            "a penalty once a later review found the evidence sufficient",
            concat(reviewed(true), [sample(K::ReviewLegal, 3)]),
            sample(K::NoticeServed, 4),
            &[],
        ),
        case(
            LEGAL_BASIS,
            "an on-the-spot penalty stating its legal basis",
            vec![],
            sample(K::SummaryPenalty, 0),
            &[],
        ),
        case(
            LEGAL_BASIS,
            "an on-the-spot penalty stating none",
            vec![],
            edit!(sample(K::SummaryPenalty, 0), SummaryPenalty, |p| p
                .legal_basis =
                " ".into()),
            &[LEGAL_BASIS],
        ),
        case(
            ONE_FINE,
            "a decision fining a party already fined for the act",
            fined_before(),
            sample(K::DecisionIssued, 10),
            &[ONE_FINE],
        ),
        case(
            ONE_FINE,
            "a warning for it is no second fine",
            fined_before(),
            warning_only,
            &[],
        ),
        case(
            ONE_FINE,
            "a notice proposing the second fine is refused too",
            on(&[(K::CaseFiled, 0), (K::InvestigationRecord, 1)])
                .into_iter()
                .enumerate()
                .map(|(i, r)| match i {
                    0 => edit!(r, CaseFiled, |f| f.already_fined_by = Some("9号".into())),
                    _ => r,
                })
                .collect(),
            sample(K::NoticeServed, 2),
            &[ONE_FINE],
        ),
        case(
            FINE_RANGE,
            "a fine at the statutory maximum",
            investigated(),
            notice(1_000_000, None),
            &[],
        ),
        case(
            FINE_RANGE,
            "a fine above it",
            investigated(),
            notice(1_000_001, None),
            &[FINE_RANGE],
        ),
        case(
            FINE_RANGE,
            "no range configured for the matter: not checked",
            investigated(),
            notice(50_000_000, None),
            &[],
        ),
        case(
            MITIGATION_GROUND,
            "a fine at the statutory minimum needs no ground",
            investigated(),
            notice(100_000, None),
            &[],
        ),
        case(
            MITIGATION_GROUND,
            "below it without a ground",
            investigated(),
            notice(99_999, None),
            &[MITIGATION_GROUND],
        ),
        case(
            MITIGATION_GROUND,
            "below it as 从轻 is no 减轻",
            investigated(),
            notice(50_000, Some((LeniencyKind::Lighter, GROUND, None))),
            &[MITIGATION_GROUND],
        ),
        case(
            MITIGATION_GROUND,
            "below it as 减轻 with an empty ground",
            investigated(),
            notice(50_000, Some((LeniencyKind::Mitigated, " ", None))),
            &[MITIGATION_GROUND],
        ),
        case(
            MITIGATION_GROUND,
            "below it as 减轻 for an Art. 32 circumstance",
            investigated(),
            notice(50_000, Some((LeniencyKind::Mitigated, GROUND, None))),
            &[],
        ),
        case(
            LENIENCY_LIST,
            "减轻 for an item of the 减轻 list for the matter",
            investigated(),
            notice(50_000, Some((LeniencyKind::Mitigated, GROUND, Some("M-1")))),
            &[],
        ),
        case(
            LENIENCY_LIST,
            "从轻 for an item of the 从轻 list",
            investigated(),
            notice(200_000, Some((LeniencyKind::Lighter, GROUND, Some("L-1")))),
            &[],
        ),
        case(
            LENIENCY_LIST,
            "减轻 for an item of the 从轻 list",
            investigated(),
            notice(50_000, Some((LeniencyKind::Mitigated, GROUND, Some("L-1")))),
            &[LENIENCY_LIST],
        ),
        case(
            LENIENCY_LIST,
            "an item of another matter",
            investigated(),
            notice(50_000, Some((LeniencyKind::Mitigated, GROUND, Some("M-2")))),
            &[LENIENCY_LIST],
        ),
        case(
            LENIENCY_LIST,
            "a penalty relying on the no-penalty list",
            investigated(),
            notice(200_000, Some((LeniencyKind::Lighter, GROUND, Some("N-1")))),
            &[LENIENCY_LIST],
        ),
        case(
            LENIENCY_LIST,
            "an item the unit does not list",
            investigated(),
            notice(200_000, Some((LeniencyKind::Lighter, GROUND, Some("X-9")))),
            &[LENIENCY_LIST],
        ),
    ]
    .into_iter()
    .map(|case| {
        if [FINE_RANGE, MITIGATION_GROUND, LENIENCY_LIST].contains(&case.rule)
            && case.name != "no range configured for the matter: not checked"
        {
            case.in_context(ranged())
        } else {
            case
        }
    })
    .collect()
}

#[test]
fn a_leniency_of_unknown_members_is_refused_where_it_enters() {
    let mut body = serde_json::to_value(match sample(K::NoticeServed, 2).body {
        RecordBody::NoticeServed(b) => b,
        _ => unreachable!(),
    })
    .unwrap();
    body["penalty"]["leniency"] = json!({"kind": "mitigated", "ground": GROUND});
    assert!(
        CaseRecord::parse(
            "notice.served",
            day(2),
            OFFICER_A,
            body.as_object().unwrap()
        )
        .is_ok()
    );
    body["penalty"]["leniency"]["reason"] = json!("x");
    assert!(
        CaseRecord::parse(
            "notice.served",
            day(2),
            OFFICER_A,
            body.as_object().unwrap()
        )
        .is_err()
    );
    body["penalty"]["leniency"] = json!({"kind": "heavier", "ground": GROUND});
    assert!(
        CaseRecord::parse(
            "notice.served",
            day(2),
            OFFICER_A,
            body.as_object().unwrap()
        )
        .is_err()
    );
}

#[test]
fn fine_ranges_and_lists_are_validated_and_named() {
    let field = |config: &OrganisationConfig| config.validate().unwrap_err().field;
    let mut config = ranged().config;
    config.validate().expect("valid");
    config.statutory_fines[0].min_fine_fen = 2_000_000;
    assert_eq!(field(&config), "statutory_fines[0].min_fine_fen");
    config.statutory_fines[0].min_fine_fen = 0;
    config.statutory_fines[0].law = "".into();
    assert_eq!(field(&config), "statutory_fines[0].law");
    config.statutory_fines[0].law = "某法".into();
    config
        .statutory_fines
        .push(config.statutory_fines[0].clone());
    assert_eq!(field(&config), "statutory_fines[1].categories");
    config.statutory_fines[1].categories = vec!["tobacco".into()];
    config.statutory_fines[1].max_fine_fen = 0;
    assert_eq!(field(&config), "statutory_fines[1].max_fine_fen");
    config.statutory_fines.pop();
    config.validate().expect("valid again");
    config.leniency_lists[2].id = "M-1".into();
    assert_eq!(field(&config), "leniency_lists[2].id");
    config.leniency_lists[2].id = "M-2".into();
    config.leniency_lists[3].description = " ".into();
    assert_eq!(field(&config), "leniency_lists[3].description");
    config.leniency_lists[3].description = "x".into();
    config.leniency_lists[1].categories.push(String::new());
    assert_eq!(field(&config), "leniency_lists[1].categories[1]");
}
