//! Art. 36: the limitation period, from the violation day the filing records.

use super::*;

const LIMITATION: &str = "APL-36-limitation";

/// A filing on day 0 (2025-03-03) of a violation on `violation_on`.
fn filing(violation_on: &str, grave_harm: bool) -> CaseRecord {
    edit!(sample(K::CaseFiled, 0), CaseFiled, |f| {
        f.violation_on = Some(violation_on.parse().unwrap());
        f.grave_harm = grave_harm;
    })
}

fn taxed() -> RuleContext {
    let mut context = context();
    context.config.limitation_periods = vec![LimitationPeriod {
        categories: vec!["food-safety".into()],
        years: 3,
        law: "某法 第某条".into(),
    }];
    context
}

pub(super) fn cases() -> Vec<RuleCase> {
    // An inspection on day 0 found the violation; the case is filed a week later.
    let inspected_then_filed = |violation_on: &str| {
        let mut filed = filing(violation_on, false);
        filed.at_us = day(7);
        (vec![sample(K::InspectionRecord, 0)], filed)
    };
    let (inspected, filed_later) = inspected_then_filed("2023-03-03");
    vec![
        case(
            LIMITATION,
            "discovered on the last day of the two years",
            vec![],
            filing("2023-03-03", false),
            &[],
        ),
        case(
            LIMITATION,
            "discovered the day after the two years",
            vec![],
            filing("2023-03-02", false),
            &[LIMITATION],
        ),
        case(
            LIMITATION,
            "five years where life, health or financial security was harmed",
            vec![],
            filing("2020-03-03", true),
            &[],
        ),
        case(
            LIMITATION,
            "not six years even then",
            vec![],
            filing("2019-03-03", true),
            &[LIMITATION],
        ),
        case(
            LIMITATION,
            "the inspection that found it, not the later filing, is the discovery",
            inspected,
            filed_later,
            &[],
        ),
        case(
            LIMITATION,
            "a violation of 29 February 2024 runs to 28 February 2026",
            vec![],
            filing("2024-02-29", false).clone_at(day(362)),
            &[],
        ),
        case(
            LIMITATION,
            "and not to 1 March",
            vec![],
            filing("2024-02-29", false).clone_at(day(363)),
            &[LIMITATION],
        ),
        case(
            LIMITATION,
            "another law's period for the matter",
            vec![],
            filing("2022-03-03", false),
            &[],
        )
        .in_context(taxed()),
        case(
            LIMITATION,
            "another law's period runs out too",
            vec![],
            filing("2022-03-02", false),
            &[LIMITATION],
        )
        .in_context(taxed()),
        case(
            LIMITATION,
            "a notice in a case filed out of time is refused too",
            vec![
                filing("2023-03-02", false),
                sample(K::InvestigationRecord, 1),
            ]
            .into_iter()
            .collect(),
            sample(K::NoticeServed, 2),
            &[LIMITATION],
        ),
        case(
            LIMITATION,
            "a filing without the violation day is not checked",
            vec![],
            edit!(sample(K::CaseFiled, 0), CaseFiled, |f| f.violation_on =
                None),
            &[],
        ),
    ]
}

trait At {
    fn clone_at(self, at_us: i64) -> Self;
}

impl At for CaseRecord {
    fn clone_at(mut self, at_us: i64) -> CaseRecord {
        self.at_us = at_us;
        self
    }
}

#[test]
fn a_violation_day_that_is_no_date_is_refused_where_it_enters() {
    let mut body = serde_json::to_value(match sample(K::CaseFiled, 0).body {
        RecordBody::CaseFiled(b) => b,
        _ => unreachable!(),
    })
    .unwrap();
    body["violation_on"] = serde_json::json!("2025-02-30");
    assert!(CaseRecord::parse("case.filed", day(0), OFFICER_A, body.as_object().unwrap()).is_err());
    body["violation_on"] = serde_json::json!(20250220);
    assert!(CaseRecord::parse("case.filed", day(0), OFFICER_A, body.as_object().unwrap()).is_err());
}

#[test]
fn limitation_periods_are_validated_and_named() {
    let mut config = taxed().config;
    config.validate().expect("valid");
    config.limitation_periods[0].years = 0;
    assert_eq!(
        config.validate().unwrap_err().field,
        "limitation_periods[0].years"
    );
    config.limitation_periods[0].years = 5;
    config.limitation_periods[0].law = " ".into();
    assert_eq!(
        config.validate().unwrap_err().field,
        "limitation_periods[0].law"
    );
    config.limitation_periods[0].law = "某法".into();
    config.limitation_periods[0].categories.clear();
    assert_eq!(
        config.validate().unwrap_err().field,
        "limitation_periods[0].categories"
    );
}

pub(super) mod timely_filing {
    //! Art. 54 ¶2, 76 ¶2: a case is filed in time once an inspection found a violation.

    use super::*;

    const TIMELY_FILING: &str = "APL-54-timely-filing";

    fn five_days() -> RuleContext {
        let mut context = context();
        context.config.filing_period = Some(FilingPeriod {
            working_days: 5,
            regulation: "某程序规定 第某条".into(),
        });
        context
    }

    /// Inspected on day 0, a violation found on Tuesday 2025-03-04 (day 1).
    fn found(outcome: InspectionOutcome) -> Vec<CaseRecord> {
        vec![
            sample(K::InspectionRecord, 0),
            edit!(
                sample(K::InspectionConcluded, 1),
                InspectionConcluded,
                |c| c.outcome = outcome
            ),
        ]
    }

    pub(in super::super) fn cases() -> Vec<RuleCase> {
        vec![
            case(
                TIMELY_FILING,
                "filed on the fifth working day",
                found(InspectionOutcome::ViolationFound),
                sample(K::CaseFiled, 8),
                &[],
            )
            .in_context(five_days()),
            case(
                TIMELY_FILING,
                "filed on the sixth",
                found(InspectionOutcome::ViolationFound),
                sample(K::CaseFiled, 9),
                &[TIMELY_FILING],
            )
            .in_context(five_days()),
            case(
                TIMELY_FILING,
                "an inspection that ordered rectification sets no period",
                found(InspectionOutcome::RectificationOrdered),
                sample(K::CaseFiled, 30),
                &[],
            )
            .in_context(five_days()),
            case(
                TIMELY_FILING,
                "no period configured: not checked",
                found(InspectionOutcome::ViolationFound),
                sample(K::CaseFiled, 30),
                &[],
            ),
        ]
    }

    #[test]
    fn the_filing_period_is_validated_and_named() {
        let mut config = five_days().config;
        config.validate().expect("valid");
        config.filing_period.as_mut().unwrap().working_days = 0;
        assert_eq!(
            config.validate().unwrap_err().field,
            "filing_period.working_days"
        );
        config.filing_period.as_mut().unwrap().working_days = 15;
        config.filing_period.as_mut().unwrap().regulation = " ".into();
        assert_eq!(
            config.validate().unwrap_err().field,
            "filing_period.regulation"
        );
    }
}
