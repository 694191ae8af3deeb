//! Statutory periods of a case and its open deadlines: what is due when.
//!
//! Unit choices, per 行政处罚法 Art. 85 (the law's 二日, 三日, 五日, 七日 are working days):
//! preservation 7 working days (Art. 56), hearing request 5 working days (Art. 64(1)), hearing
//! notice 7 working days ahead (Art. 64(2)), service 7 working days (Art. 61). The 90 days to
//! decide (Art. 60) and the 15 days to pay (Art. 67) are calendar days; when the last one is
//! not a working day the period ends on the next working day. Every period starts the day
//! after its event (期间开始之日不计算在内).
//!
//! Outside the Penalty Law: a sealing or seizure is decided within 30 calendar days, plus its
//! one extension and its testing periods (行政强制法 Art. 25), and an urgent one reported and
//! approved within 24 hours (Art. 19); a reported suspected crime is
//! decided within 3 days and an approved transfer made within 24 hours (移送规定 Art. 5); money
//! collected on the spot is handed in within 2 working days (Art. 71). Each is open from the
//! record that starts it until the record that meets it, as the rule checking lateness counts.
//!
//! Art. 60 has no extension of its own: "法律、法规、规章另有规定的，从其规定". Extensions and
//! periods left out of the count come from the unit's sectoral regulations, as configured
//! (`OrganisationConfig::decision_extensions`, `decision_excluded_periods`); a recorded
//! extension or excluded period the configuration does not provide for does not count.

use serde::Serialize;

use super::Found;
use super::calendar::{Period, WorkingCalendar};
use super::context::{OrganisationConfig, RuleContext};
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

/// `Some(found)` when an act at `at_us` falls after the last day of `period` started by the
/// event at `start_us`: the one comparison every deadline rule makes.
pub(super) fn late(
    what: &str,
    period: Period,
    start_us: i64,
    at_us: i64,
    calendar: &WorkingCalendar,
) -> Option<Found> {
    late_after(
        what,
        last_day(period, start_us, calendar),
        start_us,
        at_us,
        calendar,
    )
}

/// `Some(found)` when an act at `at_us` falls after `due`, a last day counted from `start_us`.
pub(super) fn late_after(
    what: &str,
    due: LocalDate,
    start_us: i64,
    at_us: i64,
    calendar: &WorkingCalendar,
) -> Option<Found> {
    let on = calendar.date_of(at_us);
    let start = calendar.date_of(start_us);
    (on > due).then(|| Found {
        detail: format!("{what} on {on}, due by {due}"),
        calendar_unpublished: !calendar.covers_span(start, on.max(due)),
    })
}

/// Calendar days the configured extensions add to the decision period (Art. 60): per
/// regulation, the recorded extensions approved by its role, at most its cap.
pub fn allowed_extension_days(state: &CaseState, config: &OrganisationConfig) -> u32 {
    config
        .decision_extensions
        .iter()
        .map(|allowed| {
            let recorded: u32 = state
                .extensions
                .iter()
                .filter(|e| e.regulation == allowed.regulation)
                .filter(|e| e.approver_role == allowed.approver_role)
                .fold(0, |sum, e| sum.saturating_add(e.days));
            recorded.min(allowed.max_days)
        })
        .fold(0, u32::saturating_add)
}

/// Calendar days of the recorded excluded periods of configured kinds, overlaps counted once
/// (each day a period touches counts whole).
pub fn excluded_days(
    state: &CaseState,
    config: &OrganisationConfig,
    calendar: &WorkingCalendar,
) -> u32 {
    let mut spans: Vec<(LocalDate, LocalDate)> = state
        .excluded_periods
        .iter()
        .filter(|p| {
            config
                .decision_excluded_periods
                .iter()
                .any(|c| c.what == p.what)
        })
        .filter(|p| p.to_us >= p.from_us)
        .map(|p| (calendar.date_of(p.from_us), calendar.date_of(p.to_us)))
        .collect();
    spans.sort_unstable();
    let mut total: i64 = 0;
    let mut counted_to: Option<LocalDate> = None;
    for (from, to) in spans {
        let from = match counted_to {
            Some(end) if end >= to => continue,
            Some(end) if end >= from => end.add_days(1),
            _ => from,
        };
        total += from.days_until(to) + 1;
        counted_to = Some(to);
    }
    u32::try_from(total).unwrap_or(u32::MAX)
}

/// The period to decide (Art. 60), with the extensions and excluded periods the unit's
/// regulations provide.
pub fn decision_period(state: &CaseState, context: &RuleContext) -> Period {
    let config = &context.config;
    Period::CalendarDays(
        DECISION_CALENDAR_DAYS
            .saturating_add(allowed_extension_days(state, config))
            .saturating_add(excluded_days(state, config, context.calendar())),
    )
}

/// The last day to decide (Art. 60); `None` before filing.
pub fn decision_last_day(state: &CaseState, context: &RuleContext) -> Option<LocalDate> {
    Some(last_day(
        decision_period(state, context),
        state.filed_at_us?,
        context.calendar(),
    ))
}

/// The last day of the payment due next and the instant its period started: the first
/// instalment the payments so far do not cover when payment was deferred or split (Art. 66),
/// else 15 days from service (Art. 67). `None` before service or once every instalment is paid.
pub fn payment_due(state: &CaseState, calendar: &WorkingCalendar) -> Option<(LocalDate, i64)> {
    let served = state.served_at_us?;
    if state.instalments.is_empty() {
        return Some((last_day(PAYMENT_PERIOD, served, calendar), served));
    }
    let mut owed: u64 = 0;
    state.instalments.iter().find_map(|instalment| {
        owed = owed.saturating_add(instalment.amount_fen);
        (owed > state.paid_fen).then(|| (calendar.date_of(instalment.due_at_us), served))
    })
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
    /// Deciding on sealed or seized property (行政强制法 Arts. 25, 27).
    CompulsionEnd { measure: String },
    /// Reporting an urgent sealing or seizure to the head and having it approved (行政强制法
    /// Art. 19): like `Transfer`, its last day is the day the 24 hours end, and
    /// `ends_before_us` the first microsecond after them.
    CompulsionApproval { measure: String },
    /// The head's decision on a reported suspected crime (移送规定 Art. 5).
    TransferDecision,
    /// Handing an approved transfer to the police (移送规定 Art. 5): its last day is the day
    /// the 24 hours end, and `ends_before_us` the first microsecond after them.
    Transfer,
    /// Handing the goods and the other materials of a case the police filed over to them
    /// (移送规定 Art. 12), 3 days from the receipt of their 立案通知书.
    TransferHandover,
    /// Handing in a fine collected on the spot (Art. 71), by its receipt.
    CollectionHandIn { receipt: String },
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
    /// The first microsecond after the last day (after the hours, for a period in hours): for
    /// sorting and alarms.
    pub ends_before_us: i64,
    /// The period reaches a year whose official holiday schedule the calendar does not carry:
    /// the last day may move when the State Council publishes it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub calendar_unpublished: bool,
}

/// The deadlines a case has open now, earliest first.
pub fn open_deadlines(state: &CaseState, context: &RuleContext) -> Vec<Deadline> {
    let calendar = context.calendar();
    let mut open = Vec::new();
    let mut add = |kind, rule, last_day: LocalDate, start_us: i64| {
        open.push(Deadline {
            kind,
            rule,
            last_day,
            ends_before_us: calendar.end_of_day_us(last_day),
            calendar_unpublished: !calendar.covers_span(calendar.date_of(start_us), last_day),
        })
    };
    let deciding = matches!(
        state.stage,
        Stage::Filed | Stage::Investigating | Stage::Reviewing | Stage::Notified | Stage::Defending
    );
    if deciding
        && let (Some(day), Some(filed)) = (decision_last_day(state, context), state.filed_at_us)
    {
        add(
            DeadlineKind::Decision,
            super::timing::DECISION_DEADLINE.id,
            day,
            filed,
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
                p.preserved_at_us,
            );
        }
    }
    if deciding && let Some(notice) = &state.notice {
        match (state.defence.hearing, notice.received_at_us()) {
            (Hearing::NotRequested, Some(received))
                if notice.rights.contains(&PartyRight::Hearing) =>
            {
                add(
                    DeadlineKind::HearingRequest,
                    super::hearing::REQUEST_DEADLINE.id,
                    last_day(HEARING_REQUEST_PERIOD, received, calendar),
                    received,
                )
            }
            (
                Hearing::Notified {
                    hearing_at_us,
                    notified_at_us,
                    ..
                },
                _,
            ) => add(
                DeadlineKind::Hearing,
                super::hearing::HEARING_BEFORE_DECISION.id,
                calendar.date_of(hearing_at_us),
                notified_at_us,
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
                decision.at_us,
            );
        }
        let unpaid = decision.penalty.fine_fen > state.paid_fen && !state.execution_complete;
        let executing = matches!(state.stage, Stage::Served | Stage::Executing);
        if unpaid
            && executing
            && let Some((due, from)) = payment_due(state, calendar)
        {
            add(
                DeadlineKind::Payment,
                super::timing::PAYMENT_LATE.id,
                due,
                from,
            );
        }
    }
    if state.stage != Stage::Archived {
        open.extend(other_deadlines(state, context));
    }
    open.sort_by_key(|d| d.ends_before_us);
    open
}

/// The open deadlines of the compulsion law, the transfer regulation and Art. 71.
fn other_deadlines(state: &CaseState, context: &RuleContext) -> Vec<Deadline> {
    let calendar = context.calendar();
    let deadline = |kind, rule, last_day: LocalDate, start_us: i64| Deadline {
        kind,
        rule,
        last_day,
        ends_before_us: calendar.end_of_day_us(last_day),
        calendar_unpublished: !calendar.covers_span(calendar.date_of(start_us), last_day),
    };
    let mut open = Vec::new();
    for (id, measure) in state
        .measures
        .iter()
        .filter(|(_, m)| m.ended_at_us.is_none())
    {
        open.push(deadline(
            DeadlineKind::CompulsionEnd {
                measure: id.clone(),
            },
            super::compulsion::PERIOD.id,
            super::compulsion::last_day(measure, context),
            measure.at_us,
        ));
        if measure.urgent && measure.approved_at_us.is_none() {
            let due_us = super::compulsion::report_due_us(measure);
            open.push(Deadline {
                ends_before_us: due_us + 1,
                ..deadline(
                    DeadlineKind::CompulsionApproval {
                        measure: id.clone(),
                    },
                    super::compulsion::REPORT_LATE.id,
                    calendar.date_of(due_us),
                    measure.at_us,
                )
            });
        }
    }
    if let Some(transfer) = &state.transfer {
        match transfer.decided {
            None => open.push(deadline(
                DeadlineKind::TransferDecision,
                super::transfer::DECISION_3_DAYS.id,
                super::transfer::decision_last_day(transfer.reported_at_us, context),
                transfer.reported_at_us,
            )),
            Some((approved_at, true)) if transfer.made_at_us.is_none() => {
                let due_us = super::transfer::transfer_due_us(approved_at);
                open.push(Deadline {
                    ends_before_us: due_us + 1,
                    ..deadline(
                        DeadlineKind::Transfer,
                        super::transfer::TRANSFER_24H.id,
                        calendar.date_of(due_us),
                        approved_at,
                    )
                })
            }
            _ => {}
        }
        if let Some(received) = transfer.police_filed_notice_on
            && transfer.handed_over_at_us.is_none()
            && transfer.returned_at_us.is_none()
        {
            let last_day = super::transfer::handover_last_day(received);
            open.push(Deadline {
                kind: DeadlineKind::TransferHandover,
                rule: super::transfer::HANDOVER_3_DAYS.id,
                last_day,
                ends_before_us: calendar.end_of_day_us(last_day),
                calendar_unpublished: !calendar.covers_span(received, last_day),
            });
        }
    }
    for (receipt, collection) in state
        .collections
        .iter()
        .filter(|(_, c)| c.handed_in_at_us.is_none())
    {
        open.push(deadline(
            DeadlineKind::CollectionHandIn {
                receipt: receipt.clone(),
            },
            super::collection::HAND_IN.id,
            last_day(
                super::collection::HAND_IN_PERIOD,
                collection.at_us,
                calendar,
            ),
            collection.at_us,
        ));
    }
    open
}
