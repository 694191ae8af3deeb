//! Case rows: what a case's accepted records fold to (stage, classification, next deadline),
//! the officers who acted in it and those assigned to it, and the scoped reads of cases.

use super::schema::{case_assignments, case_officers, cases, organisations};
use super::scope::Scope;
use super::{DbConnection, DbError, DbResult, Page};
use diesel::prelude::*;

#[derive(Queryable, Selectable, Insertable, AsChangeset, Debug, Clone, PartialEq, Eq)]
#[diesel(
    table_name = cases,
    treat_none_as_null = true,
    treat_none_as_default_value = false
)]
pub struct CaseRow {
    pub id: String,
    pub org_id: String,
    pub procedure: Option<String>,
    pub stage: String,
    pub domain: Option<String>,
    pub category: Option<String>,
    pub major: bool,
    pub complex: bool,
    pub filed_at_us: Option<i64>,
    pub next_deadline_us: Option<i64>,
    pub record_count: i64,
    pub fork_count: i64,
    pub opened_at_us: i64,
    pub updated_at_us: i64,
}

/// Stores new cases, many rows per statement.
pub fn insert_all(conn: &mut DbConnection, cases: &[CaseRow]) -> DbResult<()> {
    Ok(super::insert_rows!(conn, cases::table, cases)?)
}

/// Rewrites the folded state of a case (its id and organisation never change).
pub fn update(conn: &mut DbConnection, case: &CaseRow) -> DbResult<()> {
    diesel::update(cases::table.find(&case.id))
        .set(case)
        .execute(conn)
        .map(drop)
        .map_err(DbError::from)
}

/// The case `id` whatever its organisation: for recording, not for showing.
pub fn find(conn: &mut DbConnection, id: &str) -> DbResult<Option<CaseRow>> {
    cases::table
        .find(id)
        .select(CaseRow::as_select())
        .get_result(conn)
        .optional()
        .map_err(DbError::from)
}

/// Those of the cases `ids` that exist, one query.
pub fn find_all(conn: &mut DbConnection, ids: &[&str]) -> DbResult<Vec<CaseRow>> {
    cases::table
        .filter(cases::id.eq_any(ids))
        .select(CaseRow::as_select())
        .load(conn)
        .map_err(DbError::from)
}

/// The case `id` if the caller may read it: for a narrow scope, the caller is assigned to it
/// (wherever its unit lies: an officer of another unit on its line may be assigned to it);
/// otherwise its unit lies in `scope`.
pub fn find_in(conn: &mut DbConnection, scope: &Scope, id: &str) -> DbResult<Option<CaseRow>> {
    let mut query = cases::table
        .inner_join(organisations::table)
        .filter(cases::id.eq(id.to_owned()))
        .select(CaseRow::as_select())
        .into_boxed();
    query = match scope.only_user() {
        Some(only) => query.filter(cases::id.eq_any(assigned_cases(only))),
        None => query.filter(scope.covers()),
    };
    query.first(conn).optional().map_err(DbError::from)
}

/// What a case listing may be narrowed to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CaseFilter {
    /// Cases of this unit and the units below it.
    pub org_path: Option<String>,
    pub stage: Option<String>,
    /// Cases this officer acted in.
    pub officer: Option<String>,
    /// Cases with an open deadline ending before this instant.
    pub deadline_before_us: Option<i64>,
    /// Only cases with fork evidence.
    pub forked: bool,
    /// Cases filed (立案) at or after this instant: the filings reported upward (立案报备).
    pub filed_since_us: Option<i64>,
    /// Earliest open deadline first, only cases with one, instead of id order.
    pub by_deadline: bool,
}

/// Cases in `scope` that pass `filter`: in id order after the page's cursor, or by their
/// earliest open deadline (then id) when the filter asks for that.
pub fn list_in(
    conn: &mut DbConnection,
    scope: &Scope,
    filter: &CaseFilter,
    page: &Page,
) -> DbResult<Vec<CaseRow>> {
    let mut query = cases::table
        .inner_join(organisations::table)
        .filter(cases::id.gt(page.after().to_owned()))
        .select(CaseRow::as_select())
        .limit(page.limit())
        .into_boxed();
    query = if filter.by_deadline {
        query
            .filter(cases::next_deadline_us.is_not_null())
            .order((cases::next_deadline_us, cases::id))
    } else {
        query.order(cases::id)
    };
    // The same reach as `find_in`.
    query = match scope.only_user() {
        Some(only) => query.filter(cases::id.eq_any(assigned_cases(only))),
        None => query.filter(scope.covers()),
    };
    if let Some(path) = &filter.org_path {
        query = query.filter(organisations::path.like(format!("{path}%")));
    }
    if let Some(stage) = &filter.stage {
        query = query.filter(cases::stage.eq(stage.clone()));
    }
    if let Some(officer) = &filter.officer {
        query = query.filter(cases::id.eq_any(officer_cases(officer)));
    }
    if let Some(before) = filter.deadline_before_us {
        query = query.filter(cases::next_deadline_us.lt(before));
    }
    if filter.forked {
        query = query.filter(cases::fork_count.gt(0));
    }
    if let Some(since) = filter.filed_since_us {
        query = query.filter(cases::filed_at_us.ge(since));
    }
    query.load(conn).map_err(DbError::from)
}

/// The ids of the cases `officer` acted in, as a subquery.
fn officer_cases(
    officer: &str,
) -> diesel::dsl::Select<
    diesel::dsl::Filter<case_officers::table, diesel::dsl::Eq<case_officers::officer_id, String>>,
    case_officers::case_id,
> {
    case_officers::table
        .filter(case_officers::officer_id.eq(officer.to_owned()))
        .select(case_officers::case_id)
}

/// The ids of the cases `officer` is assigned to, as a subquery.
fn assigned_cases(
    officer: &str,
) -> diesel::dsl::Select<
    diesel::dsl::Filter<
        case_assignments::table,
        diesel::dsl::Eq<case_assignments::officer_id, String>,
    >,
    case_assignments::case_id,
> {
    case_assignments::table
        .filter(case_assignments::officer_id.eq(officer.to_owned()))
        .select(case_assignments::case_id)
}

/// The officers assigned to a case, in id order.
pub fn assigned(conn: &mut DbConnection, case_id: &str) -> DbResult<Vec<String>> {
    case_assignments::table
        .filter(case_assignments::case_id.eq(case_id))
        .select(case_assignments::officer_id)
        .order(case_assignments::officer_id)
        .load(conn)
        .map_err(DbError::from)
}

/// Records new assignments: (case id, officer id) pairs, none stored yet.
pub fn assign(conn: &mut DbConnection, pairs: &[(&str, &str)]) -> DbResult<()> {
    let rows: Vec<_> = pairs
        .iter()
        .map(|&(case_id, officer_id)| {
            (
                case_assignments::case_id.eq(case_id),
                case_assignments::officer_id.eq(officer_id),
            )
        })
        .collect();
    Ok(super::insert_rows!(conn, case_assignments::table, rows)?)
}

/// Ends the assignment of `officer_id` to `case_id`.
pub fn release(conn: &mut DbConnection, case_id: &str, officer_id: &str) -> DbResult<()> {
    diesel::delete(case_assignments::table.find((case_id, officer_id)))
        .execute(conn)
        .map(drop)
        .map_err(DbError::from)
}

/// The officers who acted in a case, in id order.
pub fn officers(conn: &mut DbConnection, case_id: &str) -> DbResult<Vec<String>> {
    case_officers::table
        .filter(case_officers::case_id.eq(case_id))
        .select(case_officers::officer_id)
        .order(case_officers::officer_id)
        .load(conn)
        .map_err(DbError::from)
}

/// Adds officers to a case; the caller passes only those not yet recorded.
/// Records that officers acted in cases: (case id, officer id) pairs, none stored yet.
pub fn add_officers(conn: &mut DbConnection, officers: &[(&str, &str)]) -> DbResult<()> {
    let rows: Vec<_> = officers
        .iter()
        .map(|&(case_id, officer_id)| {
            (
                case_officers::case_id.eq(case_id),
                case_officers::officer_id.eq(officer_id),
            )
        })
        .collect();
    Ok(super::insert_rows!(conn, case_officers::table, rows)?)
}
