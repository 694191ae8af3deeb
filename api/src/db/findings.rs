//! Rule findings kept with accepted records: the warnings a record was accepted with.

use super::schema::findings;
use super::{DbConnection, DbError, DbResult};
use diesel::prelude::*;

#[derive(Queryable, Selectable, Insertable, Debug, Clone, PartialEq, Eq)]
#[diesel(table_name = findings)]
pub struct FindingRow {
    pub record_hash: String,
    /// A custos-core rule id.
    pub rule: String,
    pub case_id: String,
    pub severity: String,
    pub detail: String,
    pub found_at_us: i64,
    /// A period the rule counted reaches a year the calendar does not cover.
    pub calendar_unpublished: bool,
}

/// Stores findings, many rows per statement.
pub fn insert_all(conn: &mut DbConnection, findings: &[FindingRow]) -> DbResult<()> {
    Ok(super::insert_rows!(conn, findings::table, findings)?)
}

/// A case's findings, by record and rule.
pub fn of_case(conn: &mut DbConnection, case_id: &str) -> DbResult<Vec<FindingRow>> {
    findings::table
        .filter(findings::case_id.eq(case_id))
        .order((findings::found_at_us, findings::record_hash, findings::rule))
        .select(FindingRow::as_select())
        .load(conn)
        .map_err(DbError::from)
}
