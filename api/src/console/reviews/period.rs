//! A campaign's period as people give it: whole local days (China Standard Time), the last
//! one inclusive, against the API's `[from_us, to_us)` in microseconds.

use crate::console::format;

/// One day in microseconds.
pub const DAY_US: i64 = 86_400 * 1_000_000;
/// China Standard Time (UTC+8), the clock `format::time` writes.
const OFFSET_US: i64 = 8 * 3600 * 1_000_000;

/// The first microsecond of the local day `YYYY-MM-DD`, if it is one.
pub fn day_start_us(date: &str) -> Option<i64> {
    let mut parts = date.splitn(3, '-');
    let year: i64 = parts.next()?.parse().ok()?;
    let month: u32 = parts.next()?.parse().ok()?;
    let day: u32 = parts.next()?.parse().ok()?;
    if !(1..=9999).contains(&year) || !(1..=12).contains(&month) || day == 0 {
        return None;
    }
    let days = days_from_civil(year, month, day);
    // A day past the month's end would be another date: refused, not carried over.
    let us = days.checked_mul(DAY_US)?.checked_sub(OFFSET_US)?;
    (format::time(us).get(..10)? == format!("{year:04}-{month:02}-{day:02}")).then_some(us)
}

/// `from – to` as local dates, `to_us` exclusive.
pub fn show(from_us: i64, to_us: i64) -> String {
    let date = |us: i64| format::time(us).get(..10).unwrap_or_default().to_owned();
    format!("{} – {}", date(from_us), date(to_us.saturating_sub(1)))
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let yoe = year.rem_euclid(400);
    let month = i64::from(month);
    let doy = (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_days_and_back() {
        // 2026-03-02 00:00 in China is 2026-03-01 16:00 UTC.
        assert_eq!(day_start_us("2026-03-02"), Some(1_772_380_800_000_000));
        assert_eq!(
            format::time(day_start_us("2024-02-29").unwrap()),
            "2024-02-29 00:00:00"
        );
        for bad in [
            "2026-02-30",
            "2026-13-01",
            "2026-1",
            "",
            "x-1-1",
            "2025-02-29",
        ] {
            assert_eq!(day_start_us(bad), None, "{bad}");
        }
        let from = day_start_us("2026-03-01").unwrap();
        let to = day_start_us("2026-04-30").unwrap() + DAY_US;
        assert_eq!(show(from, to), "2026-03-01 – 2026-04-30");
    }
}
