//! Working days: the official holiday schedule with its make-up working days (调休), and the
//! statutory periods counted on it.
//!
//! The schedule is data an admin replaces each year (core/data/holidays-cn.json is built in).
//! In a year the schedule does not cover, the weekends and the fixed-date statutory holidays
//! of 全国年节及纪念日放假办法 (2024 revision: 元旦 1 January, 劳动节 1–2 May, 国庆节 1–3 October)
//! are days off; the lunar holidays and the make-up days of such a year are unknown until the
//! State Council publishes them, so a period reaching it is flagged `calendar_unpublished`.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use super::date::LocalDate;

/// The built-in schedule: the State Council's holiday arrangements for 2025 and 2026.
const CHINA_CALENDAR_JSON: &str = include_str!("../../data/holidays-cn.json");

/// The holidays of 全国年节及纪念日放假办法 (国务院令第795号, 2024 revision, Art. 2) that fall
/// on a fixed Gregorian date, as (month, day): 元旦 1 day, 劳动节 2 days, 国庆节 3 days.
pub const FIXED_STATUTORY_HOLIDAYS: [(u32, u32); 6] =
    [(1, 1), (5, 1), (5, 2), (10, 1), (10, 2), (10, 3)];

/// A jurisdiction's working-day calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "CalendarFile", into = "CalendarFile")]
pub struct WorkingCalendar {
    file: CalendarFile,
    holidays: BTreeSet<LocalDate>,
    workdays: BTreeSet<LocalDate>,
}

/// The calendar's JSON form, as in core/data/holidays-cn.json.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarFile {
    pub name: String,
    #[serde(default)]
    pub sources: Vec<String>,
    /// The jurisdiction's offset from UTC; China Standard Time is 480.
    pub utc_offset_minutes: i32,
    /// The years whose official schedule the file carries in full.
    pub years: Vec<i32>,
    /// Days off, as inclusive ranges (weekends inside a range included).
    pub holidays: Vec<HolidayRange>,
    /// Weekend days that are working days (调休上班).
    pub workdays: Vec<MakeUpDay>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HolidayRange {
    pub name: String,
    pub from: LocalDate,
    pub to: LocalDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MakeUpDay {
    pub name: String,
    pub date: LocalDate,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    #[error("calendar is not valid json: {0}")]
    Json(String),
    #[error("utc offset {0} minutes is out of range")]
    Offset(i32),
    #[error("holiday {name:?} ends before it starts")]
    Range { name: String },
    #[error("{date} is outside the years the calendar covers")]
    Uncovered { date: LocalDate },
    #[error("make-up working day {date} is not a weekend day")]
    NotWeekend { date: LocalDate },
    #[error("{date} is both a holiday and a make-up working day")]
    Both { date: LocalDate },
}

impl WorkingCalendar {
    /// The built-in calendar of the People's Republic of China.
    pub fn china() -> &'static WorkingCalendar {
        static CHINA: OnceLock<WorkingCalendar> = OnceLock::new();
        CHINA.get_or_init(|| {
            // The shipped file is checked by a test, so this cannot fail in a release.
            WorkingCalendar::from_json(CHINA_CALENDAR_JSON)
                .unwrap_or_else(|e| panic!("built-in holiday calendar: {e}"))
        })
    }

    /// Reads a calendar in the format of core/data/holidays-cn.json.
    pub fn from_json(text: &str) -> Result<WorkingCalendar, CalendarError> {
        let file: CalendarFile =
            serde_json::from_str(text).map_err(|e| CalendarError::Json(e.to_string()))?;
        WorkingCalendar::try_from(file)
    }

    pub fn name(&self) -> &str {
        &self.file.name
    }

    pub fn utc_offset_minutes(&self) -> i32 {
        self.file.utc_offset_minutes
    }

    /// Whether the official schedule of `year` is in the calendar.
    pub fn covers(&self, year: i32) -> bool {
        self.file.years.contains(&year)
    }

    /// Whether every year from `from`'s to `to`'s is covered: a period counted over these days
    /// knows every holiday and make-up day in it.
    pub fn covers_span(&self, from: LocalDate, to: LocalDate) -> bool {
        let (first, last) = (from.min(to).ymd().0, from.max(to).ymd().0);
        (first..=last).all(|year| self.covers(year))
    }

    pub fn is_working_day(&self, date: LocalDate) -> bool {
        if self.workdays.contains(&date) {
            return true;
        }
        if date.is_weekend() || self.holidays.contains(&date) {
            return false;
        }
        let (year, month, day) = date.ymd();
        self.covers(year) || !FIXED_STATUTORY_HOLIDAYS.contains(&(month, day))
    }

    /// The local date of an instant.
    pub fn date_of(&self, at_us: i64) -> LocalDate {
        LocalDate::from_us(at_us, self.file.utc_offset_minutes)
    }

    /// The first microsecond after `date` ends, local time.
    pub fn end_of_day_us(&self, date: LocalDate) -> i64 {
        date.add_days(1).start_us(self.file.utc_offset_minutes)
    }

    /// The `n`th working day after `date` (`date` itself not counted).
    pub fn add_working_days(&self, date: LocalDate, n: u32) -> LocalDate {
        let mut day = date;
        for _ in 0..n {
            day = self.next_working_day(day);
        }
        day
    }

    /// Working days from `today` through `last_day`, both counted: what is left of a deadline
    /// whose last day is `last_day`; 0 once it has passed.
    pub fn working_days_through(&self, today: LocalDate, last_day: LocalDate) -> u32 {
        let mut count = 0;
        let mut day = today;
        while day <= last_day {
            count += u32::from(self.is_working_day(day));
            day = day.add_days(1);
        }
        count
    }

    /// `date` if it is a working day, else the first working day after it.
    pub fn working_day_on_or_after(&self, date: LocalDate) -> LocalDate {
        if self.is_working_day(date) {
            date
        } else {
            self.next_working_day(date)
        }
    }

    fn next_working_day(&self, date: LocalDate) -> LocalDate {
        let mut day = date.add_days(1);
        while !self.is_working_day(day) {
            day = day.add_days(1);
        }
        day
    }
}

impl TryFrom<CalendarFile> for WorkingCalendar {
    type Error = CalendarError;

    fn try_from(file: CalendarFile) -> Result<WorkingCalendar, CalendarError> {
        if !(-14 * 60..=14 * 60).contains(&file.utc_offset_minutes) {
            return Err(CalendarError::Offset(file.utc_offset_minutes));
        }
        let covered = |date: LocalDate| {
            if file.years.contains(&date.ymd().0) {
                Ok(date)
            } else {
                Err(CalendarError::Uncovered { date })
            }
        };
        let mut holidays = BTreeSet::new();
        for range in &file.holidays {
            if range.to < range.from {
                return Err(CalendarError::Range {
                    name: range.name.clone(),
                });
            }
            let days = range.from.days_until(range.to);
            for offset in 0..=days {
                holidays.insert(covered(range.from.add_days(offset))?);
            }
        }
        let mut workdays = BTreeSet::new();
        for make_up in &file.workdays {
            let date = covered(make_up.date)?;
            if !date.is_weekend() {
                return Err(CalendarError::NotWeekend { date });
            }
            if holidays.contains(&date) {
                return Err(CalendarError::Both { date });
            }
            workdays.insert(date);
        }
        Ok(WorkingCalendar {
            file,
            holidays,
            workdays,
        })
    }
}

impl From<WorkingCalendar> for CalendarFile {
    fn from(calendar: WorkingCalendar) -> CalendarFile {
        calendar.file
    }
}

/// A statutory period, counted from the day after the event that starts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "unit", content = "days", rename_all = "snake_case")]
pub enum Period {
    /// 工作日: 行政处罚法 Art. 85 makes the law's 二日, 三日, 五日 and 七日 working days.
    WorkingDays(u32),
    /// 自然日: other periods (e.g. the 90 days of Art. 60); a period whose last day is not a
    /// working day ends on the next working day, as the general rule on periods has it.
    CalendarDays(u32),
}

impl Period {
    /// The last day of the period that starts on `start` (an act on that day is in time).
    pub fn last_day(self, start: LocalDate, calendar: &WorkingCalendar) -> LocalDate {
        match self {
            Period::WorkingDays(n) => calendar.add_working_days(start, n),
            Period::CalendarDays(n) => {
                calendar.working_day_on_or_after(start.add_days(i64::from(n)))
            }
        }
    }
}
