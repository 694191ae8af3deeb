//! The publication figures of the statistics (执法公示 on time, per unit): of the results whose
//! last day to publish ends in the period, how many were published by it, after it, or wait
//! still, and the on-time rate. Kept apart from `stats`, which sums the case facts; it feeds
//! the same groups by name.

use super::stats::Group;
use crate::db::case_facts::{Grouping, StatsQuery};
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
    let rows = db::publications::deadlines_between(
        conn,
        scope,
        query.from_us,
        query.to_us,
        AttentionKind::PublicationOverdue.as_str(),
    )?;
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let calendar = match query.grouping {
        Grouping::Month => {
            let org = db::orgs::find_unscoped(conn, scope.org_id())?
                .ok_or_else(|| ApiError::internal("statistics of no unit"))?;
            Some(ContextReader::default().unit(conn, &org.path)?)
        }
        _ => None,
    };
    Ok(rows
        .into_iter()
        .flat_map(|row| {
            let key = match query.grouping {
                Grouping::Unit => Some(row.org_id),
                Grouping::Domain => row.domain,
                Grouping::Procedure => row.procedure,
                Grouping::Officer => row.officer_id,
                Grouping::Month => calendar
                    .as_ref()
                    .map(|context| month_of(context.calendar(), row.due_before_us - 1)),
            };
            let outcome = match row.published_at_us {
                Some(at_us) if at_us < row.due_before_us => ON_TIME,
                Some(_) => LATE,
                None => OPEN,
            };
            [(key.clone(), DUE, 1), (key, outcome, 1)]
        })
        .collect())
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
