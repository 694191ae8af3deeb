//! Custody event rows: each ties an evidence item (or an upload that never became one) to the
//! log entry that records the event, and keeps the personal details the public leaf omits.

use super::schema::custody_events;
use super::{DbConnection, DbError, DbResult};
use diesel::prelude::*;

#[derive(Queryable, Selectable, Insertable, Debug, Clone, PartialEq, Eq)]
#[diesel(table_name = custody_events)]
pub struct CustodyEventRow {
    pub log_index: i64,
    pub evidence_id: Option<String>,
    pub upload_id: Option<String>,
    pub event: String,
    pub actor_id: Option<String>,
    pub at_us: i64,
    /// JSON object of the details whose digest the leaf carries (`{}` when none).
    pub details: String,
}

pub fn insert(conn: &mut DbConnection, row: &CustodyEventRow) -> DbResult<()> {
    diesel::insert_into(custody_events::table)
        .values(row)
        .execute(conn)
        .map(drop)
        .map_err(DbError::from)
}

/// Several events in one statement (per [`super::ROWS_PER_INSERT`]).
pub fn insert_all(conn: &mut DbConnection, rows: &[CustodyEventRow]) -> DbResult<()> {
    Ok(super::insert_rows!(conn, custody_events::table, rows)?)
}

/// An item's events in log order.
pub fn for_evidence(conn: &mut DbConnection, evidence_id: &str) -> DbResult<Vec<CustodyEventRow>> {
    custody_events::table
        .filter(custody_events::evidence_id.eq(evidence_id))
        .order(custody_events::log_index)
        .select(CustodyEventRow::as_select())
        .load(conn)
        .map_err(DbError::from)
}

/// An upload's events in log order.
pub fn for_upload(conn: &mut DbConnection, upload_id: &str) -> DbResult<Vec<CustodyEventRow>> {
    custody_events::table
        .filter(custody_events::upload_id.eq(upload_id))
        .order(custody_events::log_index)
        .select(CustodyEventRow::as_select())
        .load(conn)
        .map_err(DbError::from)
}

/// The event whose log entry is at `log_index`.
pub fn at(conn: &mut DbConnection, log_index: i64) -> DbResult<Option<CustodyEventRow>> {
    custody_events::table
        .find(log_index)
        .select(CustodyEventRow::as_select())
        .get_result(conn)
        .optional()
        .map_err(DbError::from)
}
