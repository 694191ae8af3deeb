//! The statistics' running sums (`case_rollups`): one row per unit, grouping dimension and key,
//! and local month (or day of China Standard Time, for the day dimensions), read by statistics
//! for whole months and days and changed by the record submission's transaction with what it
//! changes of the case facts. Histograms and finding
//! counts are stored as text (`key:count` pairs) that the caller encodes and decodes.

use super::schema::{
    case_facts, case_rollups, case_rollups_pending, findings, organisation_calendars, organisations,
};
use super::scope::Scope;
use super::{DbConnection, DbResult};
use diesel::dsl::count_star;
use diesel::prelude::*;

#[derive(Queryable, Selectable, Insertable, AsChangeset, Debug, Clone, PartialEq, Eq)]
#[diesel(table_name = case_rollups)]
pub struct RollupRow {
    pub org_id: String,
    pub dimension: String,
    pub dim_key: String,
    pub month: String,
    pub filed: i64,
    pub major_filed: i64,
    pub decided: i64,
    pub warning: i64,
    pub fined: i64,
    pub fine_fen: i64,
    pub confiscated: i64,
    pub confiscation_fen: i64,
    pub sanctioned: i64,
    pub hearing_requested: i64,
    pub hearing_held: i64,
    pub major_decided: i64,
    pub major_legal_review: i64,
    pub major_collective_discussion: i64,
    pub closed: i64,
    pub decision_days: String,
    pub deadline_days: String,
    pub findings: String,
}

/// The stored rows of units `org_ids` in months `months` (a superset of the keys a
/// submission changes, which the caller picks from).
pub fn of_units_months(
    conn: &mut DbConnection,
    org_ids: &[&str],
    months: &[&str],
) -> DbResult<Vec<RollupRow>> {
    if org_ids.is_empty() || months.is_empty() {
        return Ok(Vec::new());
    }
    Ok(case_rollups::table
        .filter(case_rollups::org_id.eq_any(org_ids))
        .filter(case_rollups::month.eq_any(months))
        .select(RollupRow::as_select())
        .load(conn)?)
}

/// Stores `rows`, each replacing the stored row of its key or starting one (an upsert per
/// chunk of rows on PostgreSQL, see `upsert_rows!`: this runs inside the record submission's
/// transaction).
pub fn write(conn: &mut DbConnection, rows: &[RollupRow]) -> DbResult<()> {
    /// `INSERT … ON CONFLICT (key) DO UPDATE` setting every sum to the row's.
    macro_rules! upsert {
        ($values:expr) => {{
            use case_rollups::*;
            use diesel::upsert::excluded;
            diesel::insert_into(case_rollups::table)
                .values($values)
                .on_conflict((org_id, dimension, dim_key, month))
                .do_update()
                .set((
                    filed.eq(excluded(filed)),
                    major_filed.eq(excluded(major_filed)),
                    decided.eq(excluded(decided)),
                    warning.eq(excluded(warning)),
                    fined.eq(excluded(fined)),
                    fine_fen.eq(excluded(fine_fen)),
                    confiscated.eq(excluded(confiscated)),
                    confiscation_fen.eq(excluded(confiscation_fen)),
                    sanctioned.eq(excluded(sanctioned)),
                    hearing_requested.eq(excluded(hearing_requested)),
                    hearing_held.eq(excluded(hearing_held)),
                    major_decided.eq(excluded(major_decided)),
                    major_legal_review.eq(excluded(major_legal_review)),
                    major_collective_discussion.eq(excluded(major_collective_discussion)),
                    closed.eq(excluded(closed)),
                    decision_days.eq(excluded(decision_days)),
                    deadline_days.eq(excluded(deadline_days)),
                    findings.eq(excluded(findings)),
                ))
        }};
    }
    Ok(super::upsert_rows!(conn, rows, upsert)?)
}

/// The rows of `dimension` for the units in `scope`, with months (or days, for a day
/// dimension) from `from_month` up to but not including `to_month` (`None`: no end); `YYYY-MM`
/// and the zero-padded day numbers order as text.
pub fn in_scope(
    conn: &mut DbConnection,
    scope: &Scope,
    dimension: &str,
    from_month: &str,
    to_month: Option<&str>,
) -> DbResult<Vec<RollupRow>> {
    let query = case_rollups::table
        .inner_join(organisations::table)
        .filter(scope.covers())
        .filter(case_rollups::dimension.eq(dimension))
        .filter(case_rollups::month.ge(from_month))
        .select(RollupRow::as_select())
        .into_boxed();
    match to_month {
        Some(to_month) => Ok(query.filter(case_rollups::month.lt(to_month)).load(conn)?),
        None => Ok(query.load(conn)?),
    }
}

/// The calendars set on units in `scope` (JSON); units without one inherit from above.
pub fn calendars_in_scope(conn: &mut DbConnection, scope: &Scope) -> DbResult<Vec<String>> {
    Ok(organisation_calendars::table
        .inner_join(organisations::table)
        .filter(scope.covers())
        .select(organisation_calendars::calendar)
        .load(conn)?)
}

/// How many findings each case in `case_ids` has, by rule: `(case, rule, count)`.
pub fn findings_of_cases(
    conn: &mut DbConnection,
    case_ids: &[&str],
) -> DbResult<Vec<(String, String, i64)>> {
    Ok(findings::table
        .filter(findings::case_id.eq_any(case_ids))
        .group_by((findings::case_id, findings::rule))
        .select((findings::case_id, findings::rule, count_star()))
        .load(conn)?)
}

/// Every case's findings by rule, for the one-time build of the sums.
pub fn all_findings(conn: &mut DbConnection) -> DbResult<Vec<(String, String, i64)>> {
    Ok(findings::table
        .inner_join(case_facts::table.on(case_facts::case_id.eq(findings::case_id)))
        .group_by((findings::case_id, findings::rule))
        .select((findings::case_id, findings::rule, count_star()))
        .load(conn)?)
}

/// Takes the mark that the sums are still to be built from `case_facts` (left by the
/// migration that made them): `true` for the one caller that takes it, whose transaction
/// must build them.
pub fn take_pending(conn: &mut DbConnection) -> DbResult<bool> {
    Ok(diesel::delete(case_rollups_pending::table).execute(conn)? > 0)
}

/// Removes every row, before the sums are built afresh.
pub fn clear(conn: &mut DbConnection) -> DbResult<()> {
    diesel::delete(case_rollups::table).execute(conn)?;
    Ok(())
}

/// Asks for the sums to be built afresh from the case facts at the next start, as the
/// migration that made them does.
pub fn mark_pending(conn: &mut DbConnection) -> DbResult<()> {
    diesel::insert_into(case_rollups_pending::table)
        .values(case_rollups_pending::id.eq(1))
        .execute(conn)?;
    Ok(())
}
