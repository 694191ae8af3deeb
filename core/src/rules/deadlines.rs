//! Statutory periods of a case and its open deadlines: what is due when.
//!
//! Unit choices, per 行政处罚法 Art. 85 (the law's 二日, 三日, 五日, 七日 are working days):
//! preservation 7 working days (Art. 56), hearing request 5 working days (Art. 64(1)), hearing
//! notice 7 working days ahead (Art. 64(2)), service 7 working days (Art. 61). The 90 days to
//! decide (Art. 60) and the 15 days to pay (Art. 67) are calendar days; when the last one is
//! not a working day the period ends on the next working day. Every period starts the day
//! after its event (期间开始之日不计算在内).

use serde::Serialize;

use super::calendar::{Period, WorkingCalendar};
use super::context::RuleContext;
use super::date::LocalDate;
use crate::lifecycle::{CaseState, Hearing, PartyRight, Stage};

/// Art. 56: preserved evidence is dealt with within 7 (working) days.
pub const PRESERVATION_PERIOD: Period = Period::WorkingDays(7);
/// Art. 64(1): a hearing is requested within 5 (working) days of the notice.
pub const HEARING_REQUEST_PERIOD: Period = Period::WorkingDays(5);
/// Art. 64(2): the party is notified 7 (working) days before the hearing.
pub const HEARING_NOTICE_WORKING_DAYS: u32 = 7;
/// Art. 60: a decision within 90 days of filing.
pub const DECISION_CALENDAR_DAYS: u32 = 90;
/// Art. 61: the decision is served within 7 (working) days.
pub const SERVICE_PERIOD: Period = Period::WorkingDays(7);
/// Art. 67: the fine is paid within 15 days of service.
pub const PAYMENT_PERIOD: Period = Period::CalendarDays(15);

/// The last day of `period` started by the event at `at_us`.
pub fn last_day(period: Period, at_us: i64, calendar: &WorkingCalendar) -> LocalDate {
    period.last_day(calendar.date_of(at_us), calendar)
}

/// `Some(detail)` when an act at `at_us` falls after the last day of `period` started by the
/// event at `start_us`: the one comparison every deadline rule makes.
pub(super) fn late(
    what: &str,
    period: Period,
    start_us: i64,
    at_us: i64,
    calendar: &WorkingCalendar,
) -> Option<String> {
    let due = last_day(period, start_us, calendar);
    let on = calendar.date_of(at_us);
    (on > due).then(|| format!("{what} on {on}, due by {due}"))
}

/// The period to decide (Art. 60), with approved extensions.
pub fn decision_period(state: &CaseState) -> Period {
    Period::CalendarDays(DECISION_CALENDAR_DAYS.saturating_add(state.extension_days))
}

/// The last day to decide (Art. 60), with approved extensions; `None` before filing.
pub fn decision_last_day(state: &CaseState, calendar: &WorkingCalendar) -> Option<LocalDate> {
    let days = DECISION_CALENDAR_DAYS.saturating_add(state.extension_days);
    Some(last_day(
        Period::CalendarDays(days),
        state.filed_at_us?,
        calendar,
    ))
}

/// The earliest lawful day for a hearing notified on `notified`: seven whole working days
/// must lie between the notice and the hearing, neither day counted.
pub fn earliest_hearing_day(notified: LocalDate, calendar: &WorkingCalendar) -> LocalDate {
    calendar
        .add_working_days(notified, HEARING_NOTICE_WORKING_DAYS)
        .add_days(1)
}

/// What falls due.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "what", rename_all = "snake_case")]
pub enum DeadlineKind {
    /// The penalty decision (Art. 60).
    Decision,
    /// Dealing with preserved evidence (Art. 56).
    PreservationResolution { preservation: String },
    /// The end of the party's window to ask for a hearing (Art. 64(1)).
    HearingRequest,
    /// The hearing itself, on the notified day.
    Hearing,
    /// Serving the decision (Art. 61).
    Service,
    /// Paying the fine (Art. 67).
    Payment,
}

/// A deadline of a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Deadline {
    #[serde(flatten)]
    pub kind: DeadlineKind,
    /// The rule that checks it.
    pub rule: &'static str,
    /// The last day, inclusive, in the jurisdiction's local time.
    pub last_day: LocalDate,
    /// The first microsecond after the last day: for sorting and alarms.
    pub ends_before_us: i64,
}

/// The deadlines a case has open now, earliest first.
pub fn open_deadlines(state: &CaseState, context: &RuleContext) -> Vec<Deadline> {
    let calendar = context.calendar();
    let mut open = Vec::new();
    let mut add = |kind, rule, last_day| {
        open.push(Deadline {
            kind,
            rule,
            last_day,
            ends_before_us: calendar.end_of_day_us(last_day),
        })
    };
    let deciding = matches!(
        state.stage,
        Stage::Filed | Stage::Investigating | Stage::Reviewing | Stage::Notified | Stage::Defending
    );
    if deciding && let Some(day) = decision_last_day(state, calendar) {
        add(
            DeadlineKind::Decision,
            super::timing::DECISION_DEADLINE.id,
            day,
        );
    }
    if state.stage != Stage::Archived {
        for (id, p) in state.open_preservations() {
            add(
                DeadlineKind::PreservationResolution {
                    preservation: id.to_owned(),
                },
                super::preservation::PRESERVATION_LATE.id,
                last_day(PRESERVATION_PERIOD, p.preserved_at_us, calendar),
            );
        }
    }
    if deciding && let Some(notice) = &state.notice {
        match state.defence.hearing {
            Hearing::NotRequested if notice.rights.contains(&PartyRight::Hearing) => add(
                DeadlineKind::HearingRequest,
                super::hearing::REQUEST_DEADLINE.id,
                last_day(HEARING_REQUEST_PERIOD, notice.at_us, calendar),
            ),
            Hearing::Notified { hearing_at_us, .. } => add(
                DeadlineKind::Hearing,
                super::hearing::HEARING_BEFORE_DECISION.id,
                calendar.date_of(hearing_at_us),
            ),
            _ => {}
        }
    }
    if let Some(decision) = &state.decision {
        if state.served_at_us.is_none() {
            add(
                DeadlineKind::Service,
                super::timing::SERVICE_DEADLINE.id,
                last_day(SERVICE_PERIOD, decision.at_us, calendar),
            );
        }
        let unpaid = decision.penalty.fine_fen > state.paid_fen && !state.execution_complete;
        let executing = matches!(state.stage, Stage::Served | Stage::Executing);
        if unpaid
            && executing
            && let Some(served) = state.served_at_us
        {
            add(
                DeadlineKind::Payment,
                super::timing::PAYMENT_LATE.id,
                last_day(PAYMENT_PERIOD, served, calendar),
            );
        }
    }
    open.sort_by_key(|d| d.ends_before_us);
    open
}
