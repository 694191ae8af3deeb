//! How statistics split a period: the whole local months inside it, read from the monthly
//! running sums (`case_rollups`); in the partial months at its ends, the whole days, read
//! from the daily sums (days of China Standard Time, `custos_core::supervision::days`); and
//! the hours left at the ends of those, counted from the case facts, which a period from one
//! local midnight to another in China does not have.
//! Months are those of the scope unit's calendar; when a unit below keeps another UTC offset
//! its months do not line up with the period's, and the whole period is counted from the
//! facts instead.

use crate::db::scope::Scope;
use crate::db::{self, DbConnection};
use crate::error::ApiError;
use crate::recording::context::ContextReader;
use custos_core::rules::{LocalDate, WorkingCalendar};
use custos_core::supervision::{DAY_US, sums_day_label, sums_day_start};

/// Whole local months: from the month `from` up to but not including `to` (`None`: no end),
/// which span `[from_us, to_us)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Months {
    pub from: String,
    pub to: Option<String>,
    pub from_us: i64,
    pub to_us: i64,
}

/// Whole days of the sums within one local month: from the day labelled `from` (`sums_day_label`)
/// up to but not including `to`, which span `[from_us, to_us)`, in the local month `month`
/// (`YYYY-MM`), the key of their figures grouped by month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Days {
    pub from: String,
    pub to: String,
    pub from_us: i64,
    pub to_us: i64,
    pub month: String,
}

/// The parts of a period `[from_us, to_us)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    /// Whole months read from the sums.
    pub months: Option<Months>,
    /// Whole days of the partial months, read from the daily sums.
    pub days: Vec<Days>,
    /// Spans `[from_us, to_us)` counted from the facts.
    pub spans: Vec<(i64, i64)>,
}

impl Split {
    /// The whole period counted from the facts.
    pub fn from_facts(from_us: i64, to_us: i64) -> Split {
        Split {
            months: None,
            days: Vec::new(),
            spans: vec![(from_us, to_us)],
        }
    }
}

/// Instants from the year 9999 on are no end at all: no month label is computed for them.
const NO_END_US: i64 = 253_402_300_800_000_000;

/// The split of `[from_us, to_us)` for the units of `scope`.
pub fn split(
    conn: &mut DbConnection,
    scope: &Scope,
    from_us: i64,
    to_us: i64,
) -> Result<Split, ApiError> {
    let org = db::orgs::find_unscoped(conn, scope.org_id())?
        .ok_or_else(|| ApiError::internal("statistics of no unit"))?;
    let offset = ContextReader::default()
        .unit(conn, &org.path)?
        .calendar()
        .utc_offset_minutes();
    for text in db::rollups::calendars_in_scope(conn, scope)? {
        let calendar = WorkingCalendar::from_json(&text)
            .map_err(|error| ApiError::internal(format_args!("stored calendar: {error}")))?;
        if calendar.utc_offset_minutes() != offset {
            return Ok(Split::from_facts(from_us, to_us));
        }
    }
    Ok(split_on(offset, from_us, to_us))
}

/// The split of `[from_us, to_us)` into months at UTC offset `offset` minutes.
pub fn split_on(offset: i32, from_us: i64, to_us: i64) -> Split {
    if from_us >= NO_END_US {
        return Split::from_facts(from_us, to_us);
    }
    let first = month_start_from(offset, from_us);
    let end = (to_us < NO_END_US).then(|| month_start_before(offset, to_us));
    if end.as_ref().is_some_and(|end| end.0 <= first.0) {
        // No whole month: the period is partial months alone.
        let mut split = Split {
            months: None,
            days: Vec::new(),
            spans: Vec::new(),
        };
        partial(offset, from_us, to_us, &mut split);
        return split;
    }
    let mut split = Split {
        months: Some(Months {
            from: first.1.clone(),
            from_us: first.0,
            to_us: end.as_ref().map_or(to_us, |end| end.0),
            to: end.as_ref().map(|(_, label)| label.clone()),
        }),
        days: Vec::new(),
        spans: Vec::new(),
    };
    if from_us < first.0 {
        partial(offset, from_us, first.0, &mut split);
    }
    if let Some((end_us, _)) = end
        && end_us < to_us
    {
        partial(offset, end_us, to_us, &mut split);
    }
    split
}

/// Adds the partial months `[from_us, to_us)` (finite) to `split`: cut at local month
/// starts, the whole days of the sums in each piece as days, the hours before and after them as spans.
fn partial(offset: i32, from_us: i64, to_us: i64, split: &mut Split) {
    let mut start = from_us;
    while start < to_us {
        let (month_us, label) = month_start_before(offset, start);
        let next = month_start_from(offset, start.saturating_add(1)).0;
        debug_assert!(month_us <= start && start < next);
        let end = next.min(to_us);
        let first_day = sums_day_start(start);
        let first_day = if first_day < start {
            first_day + DAY_US
        } else {
            first_day
        };
        let last_day = sums_day_start(end);
        if first_day < last_day {
            if start < first_day {
                split.spans.push((start, first_day));
            }
            split.days.push(Days {
                from: sums_day_label(first_day),
                to: sums_day_label(last_day),
                from_us: first_day,
                to_us: last_day,
                month: label,
            });
            if last_day < end {
                split.spans.push((last_day, end));
            }
        } else {
            split.spans.push((start, end));
        }
        start = end;
    }
}

/// The start of the first month beginning at or after `at_us`, and its label.
fn month_start_from(offset: i32, at_us: i64) -> (i64, String) {
    let start = month_start_before(offset, at_us);
    if start.0 == at_us {
        return start;
    }
    let (year, month, _) = LocalDate::from_us(at_us, offset).ymd();
    let (year, month) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    month_start(offset, year, month)
}

/// The start of the month holding `at_us` (at or before it), and its label.
fn month_start_before(offset: i32, at_us: i64) -> (i64, String) {
    let (year, month, _) = LocalDate::from_us(at_us, offset).ymd();
    month_start(offset, year, month)
}

fn month_start(offset: i32, year: i32, month: u32) -> (i64, String) {
    let date = LocalDate::from_ymd(year, month, 1).expect("the first of a month is a date");
    (date.start_us(offset), format!("{year:04}-{month:02}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const CST: i32 = 480;

    fn at(year: i32, month: u32, day: u32) -> i64 {
        LocalDate::from_ymd(year, month, day).unwrap().start_us(CST)
    }

    /// Every part of `split` as `(from_us, to_us, what)`, in time order.
    fn parts(split: &Split) -> Vec<(i64, i64, String)> {
        let mut parts: Vec<(i64, i64, String)> = split
            .spans
            .iter()
            .map(|&(from, to)| (from, to, "facts".to_owned()))
            .chain(
                split
                    .days
                    .iter()
                    .map(|days| (days.from_us, days.to_us, format!("days {}", days.month))),
            )
            .chain(
                split
                    .months
                    .iter()
                    .map(|m| (m.from_us, m.to_us, "months".to_owned())),
            )
            .collect();
        parts.sort();
        parts
    }

    /// The parts cover the period exactly, days are whole days of the sums with their labels, and no
    /// part crosses a local month's start.
    fn check(split: &Split, from_us: i64, to_us: i64) {
        check_on(CST, split, from_us, to_us);
    }

    /// [`check`] for a unit at UTC offset `offset` minutes.
    fn check_on(offset: i32, split: &Split, from_us: i64, to_us: i64) {
        let parts = parts(split);
        assert_eq!(parts.first().map(|p| p.0), Some(from_us));
        assert_eq!(parts.last().map(|p| p.1), Some(to_us));
        for pair in parts.windows(2) {
            assert_eq!(pair[0].1, pair[1].0, "{parts:?}");
        }
        for days in &split.days {
            assert_eq!(sums_day_start(days.from_us), days.from_us);
            assert_eq!(sums_day_start(days.to_us), days.to_us);
            assert_eq!(days.from, sums_day_label(days.from_us));
            assert_eq!(days.to, sums_day_label(days.to_us));
            let month = month_start_before(offset, days.from_us).1;
            assert_eq!(month_start_before(offset, days.to_us - 1).1, month);
            assert_eq!(days.month, month);
        }
        for &(from, to) in &split.spans {
            assert!(to - from < 2 * DAY_US, "a span of hours: {from}..{to}");
            assert_eq!(
                month_start_before(offset, from),
                month_start_before(offset, to - 1)
            );
        }
    }

    #[test]
    fn whole_months_inside_and_partial_ends_apart() {
        let (from, to) = (at(2026, 3, 15), at(2026, 6, 10));
        let split = split_on(CST, from, to);
        assert_eq!(
            split.months,
            Some(Months {
                from: "2026-04".into(),
                to: Some("2026-06".into()),
                from_us: at(2026, 4, 1),
                to_us: at(2026, 6, 1),
            })
        );
        check(&split, from, to);
        // Whole days from 15 March to 31 March, then from 1 June to 9 June, and no hours
        // to count from the facts: the sums' days are China's.
        let days: Vec<_> = split
            .days
            .iter()
            .map(|d| (d.month.as_str(), d.from_us, d.to_us))
            .collect();
        assert_eq!(
            days,
            [
                ("2026-03", from, at(2026, 4, 1)),
                ("2026-06", at(2026, 6, 1), to)
            ]
        );
        assert!(split.spans.is_empty());
    }

    #[test]
    fn a_unit_on_another_offset_counts_the_hours_between_its_days_and_the_sums() {
        // Midnight UTC is 08:00 in China: each partial month's whole days of the sums have
        // the hours before and after them counted from the facts.
        let utc = |year, month, day| LocalDate::from_ymd(year, month, day).unwrap().start_us(0);
        let (from, to) = (utc(2026, 3, 15), utc(2026, 6, 10));
        let split = split_on(0, from, to);
        check_on(0, &split, from, to);
        assert_eq!(split.days.len(), 2);
        assert_eq!(
            split.spans,
            [
                (from, from + 16 * 3_600_000_000),
                (utc(2026, 3, 31) + 16 * 3_600_000_000, utc(2026, 4, 1)),
                (utc(2026, 6, 1), utc(2026, 6, 1) + 16 * 3_600_000_000),
                (to - 8 * 3_600_000_000, to),
            ]
        );
    }

    #[test]
    fn an_aligned_period_is_months_alone() {
        let months = |split: Split| split.months.map(|m| (m.from, m.to, m.from_us, m.to_us));
        let split = split_on(CST, at(2026, 1, 1), at(2027, 1, 1));
        assert!(split.spans.is_empty());
        assert_eq!(
            months(split),
            Some((
                "2026-01".into(),
                Some("2027-01".into()),
                at(2026, 1, 1),
                at(2027, 1, 1)
            ))
        );
        let december = split_on(CST, at(2025, 12, 1), at(2026, 1, 1));
        assert_eq!(
            months(december),
            Some((
                "2025-12".into(),
                Some("2026-01".into()),
                at(2025, 12, 1),
                at(2026, 1, 1)
            ))
        );
    }

    #[test]
    fn no_end_and_the_epoch() {
        let mut split = split_on(CST, 0, i64::MAX);
        // The epoch is 08:00 on 1 January 1970 in China: the rest of January is partial.
        let months = split.months.clone().expect("months");
        assert_eq!(
            (months.from.as_str(), months.to, months.to_us),
            ("1970-02", None, i64::MAX)
        );
        // Its first 16 hours from the facts, 2 to 31 January from the days.
        assert_eq!(split.spans, vec![(0, at(1970, 1, 2))]);
        assert_eq!(
            (split.days[0].from_us, split.days[0].to_us),
            (at(1970, 1, 2), at(1970, 2, 1))
        );
        let months = split.months.take();
        check(&split, 0, at(1970, 2, 1));
        assert!(months.is_some());
    }

    #[test]
    fn a_period_within_one_month_is_days_and_hours() {
        let (from, to) = (at(2026, 5, 3), at(2026, 5, 20));
        let split = split_on(CST, from, to);
        assert_eq!((split.months.is_none(), split.days.len()), (true, 1));
        check(&split, from, to);
        // Across one month's end, an hour past midnight: cut at the month's start.
        let (from, to) = (at(2026, 5, 3), at(2026, 6, 20) + 3_600_000_000);
        let split = split_on(CST, from, to);
        assert_eq!((split.months.is_none(), split.days.len()), (true, 2));
        check(&split, from, to);
        // Less than a day: the facts alone.
        let (from, to) = (at(2026, 5, 3), at(2026, 5, 3) + 3_600_000_000);
        assert_eq!(split_on(CST, from, to), Split::from_facts(from, to));
    }
}
