//! Dates and the working-day calendar, pinned by known answers from the State Council's
//! holiday notices (cross-checked with the PyPI package chinese-calendar 1.11.0).

use custos_core::rules::*;
use proptest::prelude::*;

fn date(text: &str) -> LocalDate {
    text.parse().unwrap()
}

/// Adds `n` working days to `start` on the built-in calendar and compares with `expected`.
fn check(start: &str, n: u32, expected: &str) {
    let calendar = WorkingCalendar::china();
    assert_eq!(
        calendar.add_working_days(date(start), n),
        date(expected),
        "{start} + {n} working days"
    );
}

#[test]
fn working_days_follow_the_official_schedule() {
    check("2025-01-24", 1, "2025-01-26"); // a Sunday made a working day before 春节
    check("2025-01-24", 2, "2025-01-27");
    check("2025-01-24", 3, "2025-02-05"); // over 春节
    check("2025-09-30", 7, "2025-10-16"); // over 国庆节、中秋节, with Saturday 10-11 worked
    check("2026-02-13", 1, "2026-02-14");
    check("2026-02-13", 2, "2026-02-24");
    check("2025-03-05", 5, "2025-03-12");
    check("2025-03-13", 7, "2025-03-24");
    check("2025-04-30", 1, "2025-05-06");
    check("2026-09-30", 3, "2026-10-10");
    check("2025-03-05", 0, "2025-03-05");
}

#[test]
fn the_built_in_calendar_has_the_official_working_day_counts() {
    let calendar = WorkingCalendar::china();
    for (year, working_days) in [(2025, 248), (2026, 248)] {
        assert!(calendar.covers(year));
        let first = LocalDate::from_ymd(year, 1, 1).unwrap();
        let last = LocalDate::from_ymd(year, 12, 31).unwrap();
        let count = (0..=first.days_until(last))
            .filter(|&d| calendar.is_working_day(first.add_days(d)))
            .count();
        assert_eq!(count, working_days, "{year}");
    }
    assert!(!calendar.covers(2027));
    assert_eq!(calendar.utc_offset_minutes(), 480);
    // Outside the covered years, Monday to Friday less the fixed-date statutory holidays of
    // the 2024 revision (元旦 1/1, 劳动节 5/1–2, 国庆节 10/1–3), in any year.
    assert!(!calendar.is_working_day(date("2027-01-01")));
    assert!(!calendar.is_working_day(date("2027-01-02")));
    assert!(calendar.is_working_day(date("2027-01-04")));
    for holiday in [
        "2027-05-03",
        "2030-10-01",
        "2030-10-02",
        "2030-10-03",
        "2024-05-02",
    ] {
        let working = calendar.is_working_day(date(holiday));
        assert_eq!(working, holiday == "2027-05-03", "{holiday}");
    }
    assert!(calendar.is_working_day(date("2030-10-04")));
    assert!(calendar.covers_span(date("2025-12-30"), date("2026-01-05")));
    assert!(!calendar.covers_span(date("2026-12-30"), date("2027-01-05")));
    assert!(!calendar.covers_span(date("2024-12-30"), date("2025-01-05")));
}

#[test]
fn calendar_periods_end_on_a_working_day() {
    let calendar = WorkingCalendar::china();
    let ends = |period: Period, start: &str| period.last_day(date(start), calendar).to_string();
    assert_eq!(ends(Period::CalendarDays(90), "2025-03-03"), "2025-06-03");
    assert_eq!(ends(Period::CalendarDays(15), "2025-03-14"), "2025-03-31");
    assert_eq!(ends(Period::CalendarDays(15), "2025-03-13"), "2025-03-28");
    assert_eq!(ends(Period::WorkingDays(7), "2025-03-04"), "2025-03-13");
}

#[test]
fn replacement_calendars_are_validated() {
    let file = |holidays: &str, workdays: &str| {
        format!(
            r#"{{"name": "test", "utc_offset_minutes": 480, "years": [2030],
                "holidays": [{holidays}], "workdays": [{workdays}]}}"#
        )
    };
    let read = |h: &str, w: &str| WorkingCalendar::from_json(&file(h, w));
    let range =
        |from: &str, to: &str| format!(r#"{{"name": "h", "from": "{from}", "to": "{to}"}}"#);
    let make_up = |day: &str| format!(r#"{{"name": "w", "date": "{day}"}}"#);
    let calendar = read(&range("2030-01-01", "2030-01-03"), &make_up("2030-01-05")).unwrap();
    assert!(!calendar.is_working_day(date("2030-01-02")));
    assert!(calendar.is_working_day(date("2030-01-05")));
    assert_eq!(
        read(&range("2030-01-03", "2030-01-01"), ""),
        Err(CalendarError::Range { name: "h".into() })
    );
    assert_eq!(
        read(&range("2031-01-01", "2031-01-01"), ""),
        Err(CalendarError::Uncovered {
            date: date("2031-01-01")
        })
    );
    assert_eq!(
        read("", &make_up("2030-01-07")),
        Err(CalendarError::NotWeekend {
            date: date("2030-01-07")
        })
    );
    assert_eq!(
        read(&range("2030-01-05", "2030-01-06"), &make_up("2030-01-05")),
        Err(CalendarError::Both {
            date: date("2030-01-05")
        })
    );
    assert!(matches!(read("{", ""), Err(CalendarError::Json(_))));
    let offset =
        r#"{"name": "x", "utc_offset_minutes": 9000, "years": [], "holidays": [], "workdays": []}"#;
    assert_eq!(
        WorkingCalendar::from_json(offset),
        Err(CalendarError::Offset(9000))
    );
}

#[test]
fn dates_have_known_weekdays_and_instants() {
    assert_eq!(date("1970-01-01").iso_weekday(), 4);
    assert_eq!(date("2025-03-03").iso_weekday(), 1);
    assert_eq!(date("2025-03-09").iso_weekday(), 7);
    assert_eq!(date("2000-02-29").ymd(), (2000, 2, 29));
    // 2025-03-03 00:00 China Standard Time is 2025-03-02T16:00:00Z.
    let midnight_us = 1_740_931_200_000_000;
    assert_eq!(date("2025-03-03").start_us(480), midnight_us);
    assert_eq!(LocalDate::from_us(midnight_us, 480), date("2025-03-03"));
    assert_eq!(LocalDate::from_us(midnight_us - 1, 480), date("2025-03-02"));
    assert_eq!(LocalDate::from_us(midnight_us - 1, 0), date("2025-03-02"));
    assert_eq!(LocalDate::from_us(-1, 0), date("1969-12-31"));
    for bad in [
        "2025-02-29",
        "2025-13-01",
        "2025-00-10",
        "2025-1-01",
        "25-01-01",
        "2025/01/01",
        "+025-01-01",
    ] {
        assert_eq!(
            bad.parse::<LocalDate>(),
            Err(ParseDateError(bad.into())),
            "{bad}"
        );
    }
    assert_eq!(
        serde_json::to_string(&date("2026-10-08")).unwrap(),
        "\"2026-10-08\""
    );
}

proptest! {
    #[test]
    fn dates_round_trip(days in -800_000i64..800_000) {
        let d = date("1970-01-01").add_days(days);
        let (y, m, dd) = d.ymd();
        prop_assert_eq!(LocalDate::from_ymd(y, m, dd), Some(d));
        if (0..=9999).contains(&y) {
            prop_assert_eq!(d.to_string().parse::<LocalDate>(), Ok(d));
        }
        prop_assert_eq!(d.add_days(1).iso_weekday() % 7, (d.iso_weekday() + 1) % 7);
    }

    #[test]
    fn adding_working_days_lands_on_working_days(start in 0i64..1200, n in 1u32..40) {
        let calendar = WorkingCalendar::china();
        let from = date("2024-06-01").add_days(start);
        let to = calendar.add_working_days(from, n);
        prop_assert!(calendar.is_working_day(to));
        let between = (1..=from.days_until(to))
            .filter(|&d| calendar.is_working_day(from.add_days(d)))
            .count();
        prop_assert_eq!(between, n as usize);
    }
}

#[test]
fn working_days_left_count_today_and_the_last_day() {
    let calendar = WorkingCalendar::china();
    // Monday 2026-03-02 to Friday 2026-03-06: five working days, both ends counted.
    assert_eq!(
        calendar.working_days_through(date("2026-03-02"), date("2026-03-06")),
        5
    );
    // Over a weekend: Friday and Monday.
    assert_eq!(
        calendar.working_days_through(date("2026-03-06"), date("2026-03-09")),
        2
    );
    // 国庆 2026: 1 to 7 October are holidays.
    assert_eq!(
        calendar.working_days_through(date("2026-10-01"), date("2026-10-07")),
        0
    );
    // Passed.
    assert_eq!(
        calendar.working_days_through(date("2026-03-09"), date("2026-03-06")),
        0
    );
}
