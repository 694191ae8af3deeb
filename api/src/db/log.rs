//! The transparency log's rows: the head (size, locked by every append), leaves, tlog
//! stored hashes and the root at each appended size. Rows are only ever inserted; triggers
//! in the migrations refuse updates and deletes of leaves and hashes.

use super::schema::{log_entries, log_hashes, log_head, log_roots};
use super::{DbConnection, DbError, DbResult};
use custos_core::digest::Sha256Digest;
use custos_core::merkle::{HashStore, LogError};
use diesel::prelude::*;
use std::cell::RefCell;

/// Locks the log head for the rest of the transaction and returns the log size.
///
/// The lock is an UPDATE of the single head row, as the transaction's first write: on
/// PostgreSQL it holds the row lock until commit, so appends from every node queue here
/// (READ COMMITTED then re-reads the committed size); on SQLite the transaction already holds
/// the database write lock ([`super::write_transaction`]).
pub fn lock_head(conn: &mut DbConnection) -> DbResult<u64> {
    diesel::update(log_head::table.find(1))
        .set(log_head::size.eq(log_head::size))
        .execute(conn)?;
    head_size(conn)
}

/// The committed log size.
pub fn head_size(conn: &mut DbConnection) -> DbResult<u64> {
    log_head::table
        .find(1)
        .select(log_head::size)
        .get_result::<i64>(conn)
        .map(|size| size as u64)
        .map_err(DbError::from)
}

pub fn set_head_size(conn: &mut DbConnection, size: u64) -> DbResult<()> {
    diesel::update(log_head::table.find(1))
        .set(log_head::size.eq(size as i64))
        .execute(conn)
        .map(drop)
        .map_err(DbError::from)
}

/// Stores `hashes` at consecutive stored-hash indexes from `first_index`, many rows per
/// statement.
pub fn insert_hashes(
    conn: &mut DbConnection,
    first_index: u64,
    hashes: &[Sha256Digest],
) -> DbResult<()> {
    let rows: Vec<_> = hashes
        .iter()
        .enumerate()
        .map(|(offset, hash)| {
            (
                log_hashes::idx.eq((first_index + offset as u64) as i64),
                log_hashes::hash.eq(hash.as_bytes().as_slice()),
            )
        })
        .collect();
    Ok(super::insert_rows!(conn, log_hashes::table, rows)?)
}

/// Stores leaves (type, exact bytes) at consecutive indexes from `first_index`, many rows
/// per statement.
pub fn insert_entries(
    conn: &mut DbConnection,
    first_index: u64,
    leaves: &[(&str, Vec<u8>)],
    appended_at_us: i64,
) -> DbResult<()> {
    let entries: Vec<_> = leaves
        .iter()
        .enumerate()
        .map(|(offset, (entry_type, leaf))| {
            (
                first_index + offset as u64,
                *entry_type,
                leaf.as_slice(),
                appended_at_us,
            )
        })
        .collect();
    insert_entry_rows(conn, &entries)
}

/// Entry rows given one by one: index, type, leaf and time of each.
pub fn insert_entry_rows(
    conn: &mut DbConnection,
    entries: &[(u64, &str, &[u8], i64)],
) -> DbResult<()> {
    let rows: Vec<_> = entries
        .iter()
        .map(|&(index, entry_type, leaf, appended_at_us)| {
            (
                log_entries::idx.eq(index as i64),
                log_entries::entry_type.eq(entry_type),
                log_entries::leaf.eq(leaf),
                log_entries::appended_at_us.eq(appended_at_us),
            )
        })
        .collect();
    Ok(super::insert_rows!(conn, log_entries::table, rows)?)
}

pub fn insert_root(
    conn: &mut DbConnection,
    size: u64,
    root: &Sha256Digest,
    recorded_at_us: i64,
) -> DbResult<()> {
    diesel::insert_into(log_roots::table)
        .values((
            log_roots::size.eq(size as i64),
            log_roots::root_hash.eq(root.as_bytes().as_slice()),
            log_roots::recorded_at_us.eq(recorded_at_us),
        ))
        .execute(conn)
        .map(drop)
        .map_err(DbError::from)
}

/// The root recorded when the log reached `size`, if an append ended at that size.
pub fn root_at(conn: &mut DbConnection, size: u64) -> DbResult<Option<Sha256Digest>> {
    let bytes = log_roots::table
        .find(size as i64)
        .select(log_roots::root_hash)
        .get_result::<Vec<u8>>(conn)
        .optional()?;
    bytes.map(|bytes| digest_of(&bytes)).transpose()
}

/// A leaf's type and exact bytes.
pub fn entry(conn: &mut DbConnection, index: u64) -> DbResult<Option<(String, Vec<u8>)>> {
    log_entries::table
        .find(index as i64)
        .select((log_entries::entry_type, log_entries::leaf))
        .get_result(conn)
        .optional()
        .map_err(DbError::from)
}

/// The types and exact bytes of the leaves `indexes`, in index order; one query.
pub fn entries(conn: &mut DbConnection, indexes: &[i64]) -> DbResult<Vec<(i64, String, Vec<u8>)>> {
    log_entries::table
        .filter(log_entries::idx.eq_any(indexes))
        .order(log_entries::idx)
        .select((log_entries::idx, log_entries::entry_type, log_entries::leaf))
        .load(conn)
        .map_err(DbError::from)
}

fn digest_of(bytes: &[u8]) -> DbResult<Sha256Digest> {
    let array: [u8; 32] = bytes.try_into().map_err(|_| {
        diesel::result::Error::DeserializationError(
            format!("stored hash has {} bytes, not 32", bytes.len()).into(),
        )
    })?;
    Ok(Sha256Digest(array))
}

/// core's [`HashStore`] over the `log_hashes` rows, one query per batch.
pub struct DbHashStore<'a> {
    conn: RefCell<&'a mut DbConnection>,
}

impl<'a> DbHashStore<'a> {
    pub fn new(conn: &'a mut DbConnection) -> Self {
        DbHashStore {
            conn: RefCell::new(conn),
        }
    }

    /// The connection back, for the writes between reads.
    pub fn conn(&mut self) -> &mut DbConnection {
        self.conn.get_mut()
    }
}

impl HashStore for DbHashStore<'_> {
    fn read_hashes(&self, indexes: &[u64]) -> Result<Vec<Sha256Digest>, LogError> {
        // Boxed as `db`'s own error, which `log` turns into a 503 or 507 like any other.
        let store_error = |error: DbError| LogError::Store(Box::new(error));
        let wanted: Vec<i64> = indexes.iter().map(|&index| index as i64).collect();
        let mut conn = self.conn.borrow_mut();
        let rows: Vec<(i64, Vec<u8>)> = log_hashes::table
            .filter(log_hashes::idx.eq_any(&wanted))
            .select((log_hashes::idx, log_hashes::hash))
            .load(&mut **conn)
            .map_err(|error| store_error(error.into()))?;
        let found: std::collections::HashMap<i64, Vec<u8>> = rows.into_iter().collect();
        indexes
            .iter()
            .map(|&index| {
                let bytes = found
                    .get(&(index as i64))
                    .ok_or(LogError::MissingHash { index })?;
                digest_of(bytes).map_err(store_error)
            })
            .collect()
    }
}
