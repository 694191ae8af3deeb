//! The publication figures of the statistics (执法公示 on time, per unit): of the results whose
//! last day to publish ends in the period, how many were published by it, after it, or wait
//! still, and the on-time rate. Kept apart from `stats`, which sums the case facts; it feeds
//! the same groups by name.

use super::months::Split;
use super::rollup;
use super::stats::Group;
use crate::db::case_facts::{Grouping, StatsQuery};
use crate::db::publication_sums;
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
/// day on the unit's calendar. The deadlines in the whole months and days of `split` come
/// from the running sums (`db::publication_sums`), those in its spans from the rows.
pub fn figures(
    conn: &mut DbConnection,
    scope: &Scope,
    query: &StatsQuery,
    split: &Split,
) -> Result<Vec<Count>, ApiError> {
    let mut figures = Vec::new();
    let dimension = match query.grouping {
        Grouping::Unit => 0,
        Grouping::Domain => 1,
        Grouping::Procedure => 2,
        Grouping::Officer => 3,
        Grouping::Month => 4,
    };
    let mut parts: Vec<(&str, &str, Option<&str>)> = Vec::new();
    if let Some(months) = &split.months {
        parts.push((
            publication_sums::DIMENSIONS[dimension],
            &months.from,
            months.to.as_deref(),
        ));
    }
    for days in &split.days {
        parts.push((
            publication_sums::DAY_DIMENSIONS[dimension],
            &days.from,
            Some(&days.to),
        ));
    }
    for (dimension, from, to) in parts {
        for row in publication_sums::in_scope(conn, scope, dimension, from, to)? {
            let key = match query.grouping {
                Grouping::Unit => Some(row.org_id),
                _ => rollup::decode_key(&row.dim_key),
            };
            for (outcome, count) in [
                (ON_TIME, row.on_time),
                (LATE, row.late),
                (OPEN, row.waiting),
            ] {
                if count != 0 {
                    figures.push((key.clone(), DUE, count));
                    figures.push((key.clone(), outcome, count));
                }
            }
        }
    }
    for &(from_us, to_us) in &split.spans {
        let span = StatsQuery {
            from_us,
            to_us,
            ..*query
        };
        from_rows(conn, scope, &span, &mut figures)?;
    }
    Ok(figures)
}

/// Adds the figures of the deadlines in `query`'s period, counted from the publication and
/// attention rows, to `figures`.
fn from_rows(
    conn: &mut DbConnection,
    scope: &Scope,
    query: &StatsQuery,
    figures: &mut Vec<Count>,
) -> Result<(), ApiError> {
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
        return Ok(());
    }
    let calendar = match key {
        DueKey::LastDay => {
            let org = db::orgs::find_unscoped(conn, scope.org_id())?
                .ok_or_else(|| ApiError::internal("statistics of no unit"))?;
            Some(ContextReader::default().unit(conn, &org.path)?)
        }
        _ => None,
    };
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
    Ok(())
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
