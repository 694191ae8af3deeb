//! Publication and withdrawal deadlines (国办发〔2018〕118号; 行政处罚法 Art. 48), counted on the
//! unit's working-day calendar from the day after the decision or its change.
//!
//! Kept apart from `rules::deadlines`, which folds a case's own records: whether a decision
//! was published is known to the server's publication rows, not to the case.

use serde::{Deserialize, Serialize};

use super::config::{OtherResult, PublicityConfig};
use crate::lifecycle::{CaseState, Procedure, Stage, TerminationReason};
use crate::rules::date::LocalDate;
use crate::rules::{Period, WorkingCalendar};

/// 许可 and 处罚 decisions: published within 7 working days of the decision.
pub const DECISION_PUBLICATION_PERIOD: Period = Period::WorkingDays(7);
/// Other enforcement results: within 20 working days.
pub const OTHER_PUBLICATION_PERIOD: Period = Period::WorkingDays(20);
/// A changed, revoked or void decision: withdrawn within 3 working days (Art. 48).
pub const WITHDRAWAL_PERIOD: Period = Period::WorkingDays(3);

/// What kind of enforcement result is published.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResultKind {
    /// 行政处罚决定.
    #[default]
    Penalty,
    /// 行政许可决定.
    Licence,
    /// 其他执法结果 (e.g. inspection results).
    Other,
}

impl ResultKind {
    pub fn is_penalty(&self) -> bool {
        *self == ResultKind::Penalty
    }

    pub fn publication_period(self) -> Period {
        match self {
            ResultKind::Penalty | ResultKind::Licence => DECISION_PUBLICATION_PERIOD,
            ResultKind::Other => OTHER_PUBLICATION_PERIOD,
        }
    }
}

/// The last day to publish a result of `kind` decided at `decided_at_us`.
pub fn publication_last_day(
    kind: ResultKind,
    decided_at_us: i64,
    calendar: &WorkingCalendar,
) -> LocalDate {
    kind.publication_period()
        .last_day(calendar.date_of(decided_at_us), calendar)
}

/// The last day to withdraw a publication after the decision changed at `changed_at_us`.
pub fn withdrawal_last_day(changed_at_us: i64, calendar: &WorkingCalendar) -> LocalDate {
    WITHDRAWAL_PERIOD.last_day(calendar.date_of(changed_at_us), calendar)
}

/// Whether an act at `at_us` is within a deadline whose last day is `last_day`.
pub fn in_time(last_day: LocalDate, at_us: i64, calendar: &WorkingCalendar) -> bool {
    calendar.date_of(at_us) <= last_day
}

/// What a case in `state` has for its unit to publish under `config`, if anything: the
/// penalty decision of the ordinary procedure, or the other result it ended in when the unit
/// publishes those. The same choice `notice::public_notice` makes from the records.
pub fn result_to_publish(state: &CaseState, config: &PublicityConfig) -> Option<ResultKind> {
    let ordinary = state.procedure == Some(Procedure::Ordinary);
    if state.decision.is_some() {
        return ordinary.then_some(ResultKind::Penalty);
    }
    let other = if state.termination == Some(TerminationReason::NoPenalty) {
        OtherResult::NoPenalty
    } else if state.procedure == Some(Procedure::Inspection)
        && matches!(state.stage, Stage::InspectionConcluded | Stage::Archived)
    {
        OtherResult::InspectionResult
    } else {
        return None;
    };
    config.publishes(other).then_some(ResultKind::Other)
}
