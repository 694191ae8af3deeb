//! Civil dates in a jurisdiction's local time, for deadlines and certificate validity.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

const DAY_US: i64 = 86_400_000_000;
const MINUTE_US: i64 = 60_000_000;

/// A day of the proleptic Gregorian calendar, written `YYYY-MM-DD`.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LocalDate {
    /// Days since 1970-01-01.
    days: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid date {0:?}: expected YYYY-MM-DD")]
pub struct ParseDateError(pub String);

impl LocalDate {
    /// The date, if `month` and `day` exist in `year`.
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<LocalDate> {
        let date = LocalDate {
            days: days_from_civil(i64::from(year), i64::from(month), i64::from(day)),
        };
        (month >= 1 && date.ymd() == (year, month, day)).then_some(date)
    }

    /// Year, month (1–12) and day (1–31).
    pub fn ymd(self) -> (i32, u32, u32) {
        civil_from_days(self.days)
    }

    /// ISO weekday: 1 is Monday, 7 is Sunday.
    pub fn iso_weekday(self) -> u32 {
        // 1970-01-01 was a Thursday.
        (self.days + 3).rem_euclid(7) as u32 + 1
    }

    pub fn is_weekend(self) -> bool {
        self.iso_weekday() >= 6
    }

    pub fn add_days(self, days: i64) -> LocalDate {
        LocalDate {
            days: self.days + days,
        }
    }

    /// Calendar days from `self` to `later` (negative when `later` is earlier).
    pub fn days_until(self, later: LocalDate) -> i64 {
        later.days - self.days
    }

    /// The local date of an instant, `at_us` microseconds since the Unix epoch.
    pub fn from_us(at_us: i64, utc_offset_minutes: i32) -> LocalDate {
        let local_us = at_us.saturating_add(i64::from(utc_offset_minutes) * MINUTE_US);
        LocalDate {
            days: local_us.div_euclid(DAY_US),
        }
    }

    /// The first microsecond of this date in local time, as microseconds since the epoch.
    pub fn start_us(self, utc_offset_minutes: i32) -> i64 {
        self.days * DAY_US - i64::from(utc_offset_minutes) * MINUTE_US
    }
}

// Howard Hinnant's algorithms for the proleptic Gregorian calendar ("chrono-Compatible
// Low-Level Date Algorithms").
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(days: i64) -> (i32, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year as i32, month as u32, day as u32)
}

impl fmt::Display for LocalDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

impl fmt::Debug for LocalDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl FromStr for LocalDate {
    type Err = ParseDateError;

    fn from_str(text: &str) -> Result<LocalDate, ParseDateError> {
        let error = || ParseDateError(text.to_owned());
        let b = text.as_bytes();
        let shaped = b.len() == 10
            && b[4] == b'-'
            && b[7] == b'-'
            && b.iter()
                .enumerate()
                .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
        if !shaped {
            return Err(error());
        }
        let number =
            |range: std::ops::Range<usize>| text[range].parse::<u32>().map_err(|_| error());
        let year = i32::try_from(number(0..4)?).map_err(|_| error())?;
        LocalDate::from_ymd(year, number(5..7)?, number(8..10)?).ok_or_else(error)
    }
}

impl Serialize for LocalDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for LocalDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<LocalDate, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}
