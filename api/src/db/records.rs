//! Signed record rows: the accepted records of each chain and the fork evidence kept beside
//! them. Both are only ever inserted (triggers in the migrations refuse the rest).

use super::schema::{forks, records};
use super::{DbConnection, DbError, DbResult};
use diesel::prelude::*;

/// An accepted record: its identifying columns and its exact canonical bytes.
#[derive(Queryable, Selectable, Insertable, Debug, Clone, PartialEq, Eq)]
#[diesel(table_name = records, treat_none_as_default_value = false)]
pub struct RecordRow {
    pub hash: String,
    pub case_id: String,
    pub chain_id: String,
    pub seq: i64,
    pub prev_hash: Option<String>,
    pub kind: String,
    pub at_us: i64,
    pub device_id: String,
    pub officer_id: String,
    pub canonical: Vec<u8>,
    pub log_index: i64,
    pub received_at_us: i64,
    pub submitted_by: String,
}

/// A second, different record at a seq its chain already has.
#[derive(Queryable, Selectable, Insertable, Debug, Clone, PartialEq, Eq)]
#[diesel(table_name = forks)]
pub struct ForkRow {
    pub hash: String,
    pub case_id: String,
    pub chain_id: String,
    pub seq: i64,
    pub conflicts_with: String,
    pub kind: String,
    pub at_us: i64,
    pub device_id: String,
    pub officer_id: String,
    pub canonical: Vec<u8>,
    pub log_index: i64,
    pub received_at_us: i64,
    pub submitted_by: String,
}

impl ForkRow {
    /// The fork evidence of a record that conflicts with the accepted record `conflicts_with`.
    pub fn of(record: RecordRow, conflicts_with: String) -> ForkRow {
        ForkRow {
            hash: record.hash,
            case_id: record.case_id,
            chain_id: record.chain_id,
            seq: record.seq,
            conflicts_with,
            kind: record.kind,
            at_us: record.at_us,
            device_id: record.device_id,
            officer_id: record.officer_id,
            canonical: record.canonical,
            log_index: record.log_index,
            received_at_us: record.received_at_us,
            submitted_by: record.submitted_by,
        }
    }
}

/// Stores accepted records, many rows per statement.
pub fn insert_all(conn: &mut DbConnection, records: &[RecordRow]) -> DbResult<()> {
    Ok(super::insert_rows!(conn, records::table, records)?)
}

/// Stores fork evidence, many rows per statement.
pub fn insert_forks(conn: &mut DbConnection, forks: &[ForkRow]) -> DbResult<()> {
    Ok(super::insert_rows!(conn, forks::table, forks)?)
}

/// The log index of the accepted record with this hash.
pub fn accepted_index(conn: &mut DbConnection, hash: &str) -> DbResult<Option<i64>> {
    records::table
        .find(hash)
        .select(records::log_index)
        .get_result(conn)
        .optional()
        .map_err(DbError::from)
}

/// The log index of the fork evidence with this hash.
pub fn fork_index(conn: &mut DbConnection, hash: &str) -> DbResult<Option<i64>> {
    forks::table
        .find(hash)
        .select(forks::log_index)
        .get_result(conn)
        .optional()
        .map_err(DbError::from)
}

/// The log indexes of those of `hashes` that are accepted records, one query.
pub fn accepted_indexes(
    conn: &mut DbConnection,
    hashes: &[String],
) -> DbResult<Vec<(String, i64)>> {
    records::table
        .filter(records::hash.eq_any(hashes))
        .select((records::hash, records::log_index))
        .load(conn)
        .map_err(DbError::from)
}

/// The log indexes of those of `hashes` that are fork evidence, one query.
pub fn fork_indexes(conn: &mut DbConnection, hashes: &[String]) -> DbResult<Vec<(String, i64)>> {
    forks::table
        .filter(forks::hash.eq_any(hashes))
        .select((forks::hash, forks::log_index))
        .load(conn)
        .map_err(DbError::from)
}

/// The hash of the accepted record at `seq` of `chain_id`.
pub fn hash_at(conn: &mut DbConnection, chain_id: &str, seq: u64) -> DbResult<Option<String>> {
    records::table
        .filter(records::chain_id.eq(chain_id))
        .filter(records::seq.eq(seq as i64))
        .select(records::hash)
        .get_result(conn)
        .optional()
        .map_err(DbError::from)
}

/// A case's accepted records in log order, which is the order they were applied in.
pub fn of_case(conn: &mut DbConnection, case_id: &str) -> DbResult<Vec<RecordRow>> {
    records::table
        .filter(records::case_id.eq(case_id))
        .order(records::log_index)
        .select(RecordRow::as_select())
        .load(conn)
        .map_err(DbError::from)
}

/// The accepted records of the cases `case_ids`, each case's in log order (cases in id
/// order), in one query per 256 cases: what a campaign's report scores, instead of a query
/// per case file.
pub fn of_cases(conn: &mut DbConnection, case_ids: &[&str]) -> DbResult<Vec<RecordRow>> {
    let mut rows = Vec::new();
    for chunk in case_ids.chunks(super::ROWS_PER_INSERT) {
        rows.extend(
            records::table
                .filter(records::case_id.eq_any(chunk))
                .order((records::case_id, records::log_index))
                .select(RecordRow::as_select())
                .load(conn)?,
        );
    }
    Ok(rows)
}

/// A case's fork evidence in log order.
pub fn forks_of_case(conn: &mut DbConnection, case_id: &str) -> DbResult<Vec<ForkRow>> {
    forks::table
        .filter(forks::case_id.eq(case_id))
        .order(forks::log_index)
        .select(ForkRow::as_select())
        .load(conn)
        .map_err(DbError::from)
}
