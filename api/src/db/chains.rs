//! Chain rows (one per device and case: where its head is) and the records held until their
//! predecessor arrives.

use super::schema::{chains, held_records};
use super::{DbConnection, DbError, DbResult};
use diesel::prelude::*;

#[derive(Queryable, Selectable, Insertable, Debug, Clone, PartialEq, Eq)]
#[diesel(table_name = chains)]
pub struct ChainRow {
    pub id: String,
    pub case_id: String,
    pub device_id: String,
    pub head_hash: String,
    pub next_seq: i64,
    pub created_at_us: i64,
    pub updated_at_us: i64,
}

/// A record that arrived before its predecessor, as received.
#[derive(Queryable, Selectable, Insertable, Debug, Clone, PartialEq, Eq)]
#[diesel(table_name = held_records)]
pub struct HeldRow {
    pub hash: String,
    pub case_id: String,
    pub chain_id: String,
    pub seq: i64,
    pub canonical: Vec<u8>,
    pub received_at_us: i64,
    pub submitted_by: String,
}

pub fn find(conn: &mut DbConnection, id: &str) -> DbResult<Option<ChainRow>> {
    chains::table
        .find(id)
        .select(ChainRow::as_select())
        .get_result(conn)
        .optional()
        .map_err(DbError::from)
}

/// Those of the chains `ids` that exist, one query.
pub fn find_all(conn: &mut DbConnection, ids: &[&str]) -> DbResult<Vec<ChainRow>> {
    chains::table
        .filter(chains::id.eq_any(ids))
        .select(ChainRow::as_select())
        .load(conn)
        .map_err(DbError::from)
}

/// Stores new chains, many rows per statement.
pub fn insert_all(conn: &mut DbConnection, chains: &[ChainRow]) -> DbResult<()> {
    Ok(super::insert_rows!(conn, chains::table, chains)?)
}

/// Moves a chain's head.
pub fn set_head(
    conn: &mut DbConnection,
    id: &str,
    head_hash: &str,
    next_seq: u64,
    now_us: i64,
) -> DbResult<()> {
    diesel::update(chains::table.find(id))
        .set((
            chains::head_hash.eq(head_hash),
            chains::next_seq.eq(next_seq as i64),
            chains::updated_at_us.eq(now_us),
        ))
        .execute(conn)
        .map(drop)
        .map_err(DbError::from)
}

/// The chains of a case, in id order.
pub fn of_case(conn: &mut DbConnection, case_id: &str) -> DbResult<Vec<ChainRow>> {
    chains::table
        .filter(chains::case_id.eq(case_id))
        .order(chains::id)
        .select(ChainRow::as_select())
        .load(conn)
        .map_err(DbError::from)
}

/// The records held for a chain, by seq.
pub fn held_for(conn: &mut DbConnection, chain_id: &str) -> DbResult<Vec<HeldRow>> {
    held_records::table
        .filter(held_records::chain_id.eq(chain_id))
        .order((held_records::seq, held_records::hash))
        .select(HeldRow::as_select())
        .load(conn)
        .map_err(DbError::from)
}

/// The records held for any of the chains `ids`, by chain and seq, one query.
pub fn held_for_all(conn: &mut DbConnection, ids: &[&str]) -> DbResult<Vec<HeldRow>> {
    held_records::table
        .filter(held_records::chain_id.eq_any(ids))
        .order((
            held_records::chain_id,
            held_records::seq,
            held_records::hash,
        ))
        .select(HeldRow::as_select())
        .load(conn)
        .map_err(DbError::from)
}

/// The records held for a case's chains (including chains not yet started), by chain and seq.
pub fn held_of_case(conn: &mut DbConnection, case_id: &str) -> DbResult<Vec<HeldRow>> {
    held_records::table
        .filter(held_records::case_id.eq(case_id))
        .order((held_records::chain_id, held_records::seq))
        .select(HeldRow::as_select())
        .load(conn)
        .map_err(DbError::from)
}

/// Keeps records until their predecessor arrives, many rows per statement.
pub fn hold_all(conn: &mut DbConnection, held: &[HeldRow]) -> DbResult<()> {
    Ok(super::insert_rows!(conn, held_records::table, held)?)
}

/// Forgets a held record once it has been accepted or refused.
pub fn release(conn: &mut DbConnection, hash: &str) -> DbResult<()> {
    diesel::delete(held_records::table.find(hash))
        .execute(conn)
        .map(drop)
        .map_err(DbError::from)
}
