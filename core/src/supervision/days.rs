//! The days the statistics' daily running sums are kept by. A period's partial months are
//! read from them a whole day at a time, so their days must be the days people ask about:
//! those of China Standard Time (UTC+8), the time of every unit custos serves. A period from
//! one local midnight to another then splits into whole months and whole days, and nothing
//! is left to count case by case. A unit keeping another UTC offset still gets exact figures:
//! the hours where its days and these differ are counted from the case facts.

/// A day in microseconds.
pub const DAY_US: i64 = 86_400_000_000;

/// The UTC offset of the sums' days, in minutes.
pub const SUMS_DAY_OFFSET_MINUTES: i32 = 480;

const OFFSET_US: i64 = SUMS_DAY_OFFSET_MINUTES as i64 * 60_000_000;

/// The number of the sums' day holding `at_us`, counted from the day holding the epoch.
pub fn sums_day(at_us: i64) -> i64 {
    at_us.saturating_add(OFFSET_US).div_euclid(DAY_US)
}

/// The stored label of the sums' day holding `at_us` (from the epoch on): its number, padded
/// to seven digits so that labels order as text as the days do.
pub fn sums_day_label(at_us: i64) -> String {
    format!("{:07}", sums_day(at_us))
}

/// The first microsecond of the sums' day holding `at_us`.
pub fn sums_day_start(at_us: i64) -> i64 {
    sums_day(at_us) * DAY_US - OFFSET_US
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::LocalDate;

    #[test]
    fn days_are_those_of_china_standard_time() {
        // 1 May 2026 00:00 in Beijing is 30 April 16:00 UTC.
        let may_first = LocalDate::from_ymd(2026, 5, 1).unwrap().start_us(480);
        assert_eq!(may_first, 1_777_564_800_000_000);
        assert_eq!(sums_day_start(may_first), may_first);
        assert_eq!(sums_day_start(may_first + DAY_US - 1), may_first);
        assert_eq!(sums_day(may_first - 1) + 1, sums_day(may_first));
        // Days since 1970-01-01 in Beijing: 2026-05-01 is day 20,574.
        assert_eq!(sums_day_label(may_first), "0020574");
        assert_eq!(sums_day_label(may_first - 1), "0020573");
    }

    #[test]
    fn labels_order_as_the_days_do() {
        let days = [
            0,
            1,
            DAY_US - 1,
            DAY_US,
            40 * 365 * DAY_US,
            9_000 * 365 * DAY_US,
        ];
        for pair in days.windows(2) {
            assert!(sums_day_label(pair[0]) <= sums_day_label(pair[1]));
        }
    }
}
