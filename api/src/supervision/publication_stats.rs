//! The publication figures of the statistics (执法公示 on time, per unit): of the results whose
//! last day to publish ends in the period, how many were published by it, after it, or wait
//! still, and the on-time rate. Kept apart from `stats`, which sums the case facts; it feeds
//! the same groups by name.

use super::stats::Group;
use crate::db::case_facts::{Grouping, StatsQuery};
use crate::db::publications::DueKey;
use crate::db::scope::Scope;
use crate::db::{self, DbConnection};
use crate::error::ApiError;
use crate::recording::context::ContextReader;
use custos_core::supervision::{AttentionKind, month_of};

/// Results due in the period: their last day to publish ends in it.
pub const DUE: &str = "publications_due";
/// Of those, published by their last day.
pub const ON_TIME: &str = "publications_on_time";
/// Published after their last day.
pub const LATE: &str = "publications_late";
/// Not published yet (late or not).
pub const OPEN: &str = "publications_open";
/// `publications_on_time` per hundred `publications_due`, rounded down; absent when none is
/// due.
pub const ON_TIME_PERCENT: &str = "publications_on_time_percent";

/// One count: the group's key, the figure's name, the value.
pub type Count = (Option<String>, &'static str, i64);

/// The figures of `scope` for `query`, each `(group key, figure, value)`, keyed as `stats`
/// keys its groups: the case's unit, domain, procedure or officer, or the month of the last
/// day on the unit's calendar.
pub fn figures(
    conn: &mut DbConnection,
    scope: &Scope,
    query: &StatsQuery,
) -> Result<Vec<Count>, ApiError> {
    let key = match query.grouping {
        Grouping::Unit => DueKey::Unit,
        Grouping::Domain => DueKey::Domain,
        Grouping::Procedure => DueKey::Procedure,
        Grouping::Officer => DueKey::Officer,
        Grouping::Month => DueKey::LastDay,
    };
    let counts = db::publications::due_counts(
        conn,
        scope,
        query.from_us,
        query.to_us,
        AttentionKind::PublicationOverdue.as_str(),
        key,
    )?;
    if counts.is_empty() {
        return Ok(Vec::new());
    }
    let calendar = match key {
        DueKey::LastDay => {
            let org = db::orgs::find_unscoped(conn, scope.org_id())?
                .ok_or_else(|| ApiError::internal("statistics of no unit"))?;
            Some(ContextReader::default().unit(conn, &org.path)?)
        }
        _ => None,
    };
    let mut figures = Vec::with_capacity(counts.len() * 2);
    for count in counts {
        let key = match &calendar {
            // The month of the last day, on the unit's calendar.
            Some(context) => {
                let due_before_us: i64 = count
                    .key
                    .as_deref()
                    .and_then(|text| text.parse().ok())
                    .ok_or_else(|| ApiError::internal("a deadline without its time"))?;
                Some(month_of(context.calendar(), due_before_us - 1))
            }
            None => count.key,
        };
        let outcome = match count.on_time {
            Some(true) => ON_TIME,
            Some(false) => LATE,
            None => OPEN,
        };
        figures.push((key.clone(), DUE, count.count));
        figures.push((key, outcome, count.count));
    }
    Ok(figures)
}

/// Sets the on-time rate of `group` from its counts, once they are summed.
pub fn rate(group: &mut Group) {
    let due = group.figures.get(DUE).copied().unwrap_or(0);
    if due > 0 {
        let on_time = group.figures.get(ON_TIME).copied().unwrap_or(0);
        group
            .figures
            .insert(ON_TIME_PERCENT.to_owned(), on_time * 100 / due);
    }
}
