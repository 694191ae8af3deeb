//! The facts of one case that enforcement statistics (执法行为统计) add up: what its records
//! imply about filing, decision, closing, penalty, hearing and review, with the local month
//! of each event on its unit's calendar. The server stores one row of them per case, written
//! with the case's records, and sums the rows; anyone holding the records computes the same.

use serde::Serialize;

use crate::lifecycle::{CaseState, Hearing, LegalReviewOutcome, Procedure, Stage};
use crate::rules::{RuleContext, WorkingCalendar, needs_collective_discussion, needs_legal_review};

/// What statistics count of one case.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CaseFacts {
    pub procedure: Option<&'static str>,
    pub domain: Option<String>,
    /// 立案, and its local month `YYYY-MM`.
    pub filed_at_us: Option<i64>,
    pub filed_month: Option<String>,
    /// The penalty decision (a summary penalty is decided on the spot).
    pub decided_at_us: Option<i64>,
    pub decided_month: Option<String>,
    /// 结案 or termination.
    pub closed_at_us: Option<i64>,
    pub closed_month: Option<String>,
    /// The decided penalty: a warning, a fine, a confiscation and other sanctions.
    pub warning: bool,
    pub fine_fen: u64,
    pub confiscation_fen: u64,
    pub sanctions: u32,
    /// The party asked for a hearing (ever), and one was held.
    pub hearing_requested: bool,
    pub hearing_held: bool,
    /// Major (or complex) by Art. 57/58: its decision needs legal review and collective
    /// discussion; and whether it had them.
    pub major: bool,
    pub legal_review: bool,
    pub collective_discussion: bool,
    /// Working days from the day after filing to the day of the decision, both on the case
    /// unit's calendar; `None` until an ordinary case is decided.
    pub decision_working_days: Option<u32>,
}

impl CaseFacts {
    /// The facts of a case's state under its unit's context.
    pub fn of(state: &CaseState, context: &RuleContext) -> CaseFacts {
        let calendar = context.calendar();
        let month = |at_us: Option<i64>| at_us.map(|at_us| month_of(calendar, at_us));
        let decision = state.decision.as_ref();
        let decided_at_us = decision.map(|decision| decision.at_us);
        let penalty = decision.map(|decision| &decision.penalty);
        let closed_at_us = match state.stage {
            Stage::Closed | Stage::Terminated | Stage::Archived => state.closed_at_us,
            _ => None,
        };
        let decision_working_days = match (state.filed_at_us, decided_at_us) {
            (Some(filed), Some(decided)) => Some(working_days_between(calendar, filed, decided)),
            _ => None,
        };
        CaseFacts {
            procedure: state.procedure.map(|procedure| match procedure {
                Procedure::Inspection => "inspection",
                Procedure::Ordinary => "ordinary",
                Procedure::Summary => "summary",
            }),
            domain: state.domain.clone(),
            filed_at_us: state.filed_at_us,
            filed_month: month(state.filed_at_us),
            decided_at_us,
            decided_month: month(decided_at_us),
            closed_at_us,
            closed_month: month(closed_at_us),
            warning: penalty.is_some_and(|p| p.warning),
            fine_fen: penalty.map_or(0, |p| p.fine_fen),
            confiscation_fen: penalty.map_or(0, |p| p.confiscation_fen),
            sanctions: penalty.map_or(0, |p| p.sanctions.len() as u32),
            hearing_requested: state.hearing_held
                || matches!(
                    state.defence.hearing,
                    Hearing::Requested { .. } | Hearing::Notified { .. } | Hearing::Held { .. }
                ),
            hearing_held: state.hearing_held,
            major: needs_legal_review(state, &context.config)
                || needs_collective_discussion(state, &context.config),
            legal_review: state.legal_review == Some(LegalReviewOutcome::Approved),
            collective_discussion: state.collective_discussion_at_us.is_some(),
            decision_working_days,
        }
    }
}

/// The local month `YYYY-MM` of an instant on a calendar.
pub fn month_of(calendar: &WorkingCalendar, at_us: i64) -> String {
    let (year, month, _) = calendar.date_of(at_us).ymd();
    format!("{year:04}-{month:02}")
}

/// Working days after the day of `from_us` up to and including the day of `to_us`.
fn working_days_between(calendar: &WorkingCalendar, from_us: i64, to_us: i64) -> u32 {
    let (from, to) = (calendar.date_of(from_us), calendar.date_of(to_us));
    let mut day = from;
    let mut count = 0;
    while day < to {
        day = day.add_days(1);
        if calendar.is_working_day(day) {
            count += 1;
        }
    }
    count
}
