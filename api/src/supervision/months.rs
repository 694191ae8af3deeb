//! How statistics split a period: the whole local months inside it, read from the running
//! sums (`case_rollups`), and the partial months at its ends, counted from the case facts.
//! Months are those of the scope unit's calendar; when a unit below keeps another UTC offset
//! its months do not line up with the period's, and the whole period is counted from the
//! facts instead.

use crate::db::scope::Scope;
use crate::db::{self, DbConnection};
use crate::error::ApiError;
use crate::recording::context::ContextReader;
use custos_core::rules::{LocalDate, WorkingCalendar};

/// Whole local months: from the month `from` up to but not including `to` (`None`: no end),
/// which span `[from_us, to_us)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Months {
    pub from: String,
    pub to: Option<String>,
    pub from_us: i64,
    pub to_us: i64,
}

/// The parts of a period `[from_us, to_us)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    /// Whole months read from the sums.
    pub months: Option<Months>,
    /// Spans `[from_us, to_us)` counted from the facts.
    pub spans: Vec<(i64, i64)>,
}

impl Split {
    /// The whole period counted from the facts.
    pub fn from_facts(from_us: i64, to_us: i64) -> Split {
        Split {
            months: None,
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
        return Split::from_facts(from_us, to_us);
    }
    let mut spans = Vec::new();
    if from_us < first.0 {
        spans.push((from_us, first.0));
    }
    if let Some((end_us, _)) = &end
        && *end_us < to_us
    {
        spans.push((*end_us, to_us));
    }
    Split {
        months: Some(Months {
            from: first.1,
            from_us: first.0,
            to_us: end.as_ref().map_or(to_us, |end| end.0),
            to: end.map(|(_, label)| label),
        }),
        spans,
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

    #[test]
    fn whole_months_inside_and_partial_ends_apart() {
        let split = split_on(CST, at(2026, 3, 15), at(2026, 6, 10));
        assert_eq!(
            split,
            Split {
                months: Some(Months {
                    from: "2026-04".into(),
                    to: Some("2026-06".into()),
                    from_us: at(2026, 4, 1),
                    to_us: at(2026, 6, 1),
                }),
                spans: vec![
                    (at(2026, 3, 15), at(2026, 4, 1)),
                    (at(2026, 6, 1), at(2026, 6, 10))
                ],
            }
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
        let split = split_on(CST, 0, i64::MAX);
        // The epoch is 08:00 on 1 January 1970 in China: the rest of January is a span.
        let months = split.months.clone().expect("months");
        assert_eq!(
            (months.from.as_str(), months.to, months.to_us),
            ("1970-02", None, i64::MAX)
        );
        assert_eq!(split.spans, vec![(0, at(1970, 2, 1))]);
    }

    #[test]
    fn a_period_within_one_month_is_counted_from_the_facts() {
        let (from, to) = (at(2026, 5, 3), at(2026, 5, 20));
        assert_eq!(split_on(CST, from, to), Split::from_facts(from, to));
        let (from, to) = (at(2026, 5, 3), at(2026, 6, 20));
        assert_eq!(split_on(CST, from, to), Split::from_facts(from, to));
    }
}
