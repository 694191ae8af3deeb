//! An append in progress under the log head's lock: the leaves of one transaction (one
//! request's, or a whole group commit's), their indexes given out as they are appended.
//!
//! A leaf appended with [`Appender::append`] has its row written at once, so rows that refer
//! to it (a record, a draw) can be inserted right after. A leaf appended with
//! [`Appender::append_later`] (with its custody row, [`Appender::custody_later`]) is written
//! with every other such leaf of the batch in one statement at the end: an access logged by a
//! read costs its batch no round trip of its own. The stored hashes, the new root and the
//! head size are computed and written once for all the leaves at the end
//! ([`Appender::finish`]), over the roots of the subtrees that tile the log (one query),
//! whatever the number of leaves.

use super::AppendError;
use crate::db::DbConnection;
use crate::db::custody::{self as custody_rows, CustodyEventRow};
use crate::db::log::{self as rows, DbHashStore};
use crate::error::ApiError;
use custos_core::digest::Sha256Digest;
use custos_core::merkle::BatchAppend;
use serde::Serialize;
use std::ops::Range;

/// The leaves appended under one lock of the log head.
pub struct Appender {
    /// Log size when the head was locked: the index of the first leaf appended here.
    first: u64,
    /// Each appended leaf's exact bytes and time, in order.
    leaves: Vec<(Vec<u8>, i64)>,
    /// How many of `leaves` have their stored hashes, root and head size written.
    hashed: usize,
    /// Leaves appended with [`Appender::append_later`] whose rows are not written yet:
    /// index and entry type.
    unwritten: Vec<(u64, &'static str)>,
    /// Custody rows waiting to be written with those leaves.
    custody: Vec<CustodyEventRow>,
}

/// Where an appender stood, to go back to when a job's savepoint is rolled back.
#[derive(Clone, Copy)]
pub(super) struct Mark {
    leaves: usize,
    hashed: usize,
    unwritten: usize,
    custody: usize,
}

impl Appender {
    /// Locks the log head for the rest of the transaction and starts appending after it.
    pub(super) fn locked(conn: &mut DbConnection) -> Result<Appender, AppendError> {
        if !crate::db::in_transaction(conn) {
            return Err(AppendError::NotInTransaction);
        }
        let first = rows::lock_head(conn)?;
        Ok(Appender {
            first,
            leaves: Vec::new(),
            hashed: 0,
            unwritten: Vec::new(),
            custody: Vec::new(),
        })
    }

    /// The log size with every leaf appended so far: the index the next leaf gets.
    pub fn size(&self) -> u64 {
        self.first + self.leaves.len() as u64
    }

    /// Appends one entry (RFC 8785 JSON of `entry` with `"type": entry_type`) and returns its
    /// index. It commits with the rest of the caller's work, or not at all.
    pub fn append(
        &mut self,
        conn: &mut DbConnection,
        entry_type: &str,
        entry: &impl Serialize,
        at_us: i64,
    ) -> Result<u64, AppendError> {
        let leaf = super::leaf_bytes(entry_type, entry)?;
        self.append_leaves(conn, &[(entry_type, leaf)], at_us)
            .map(|range| range.start)
    }

    /// Appends leaves (type, exact bytes) in order and returns their index range.
    pub fn append_leaves(
        &mut self,
        conn: &mut DbConnection,
        leaves: &[(&str, Vec<u8>)],
        at_us: i64,
    ) -> Result<Range<u64>, AppendError> {
        let first = self.size();
        rows::insert_entries(conn, first, leaves, at_us)?;
        self.leaves
            .extend(leaves.iter().map(|(_, leaf)| (leaf.clone(), at_us)));
        Ok(first..self.size())
    }

    /// Appends one entry like [`Appender::append`], but its row is written with the batch's
    /// other later leaves when the batch ends: for a job that writes nothing else (a logged
    /// access), so its batch spends no statement on it. Nothing may refer to the leaf's row
    /// before the batch ends.
    pub fn append_later(
        &mut self,
        entry_type: &'static str,
        entry: &impl Serialize,
        at_us: i64,
    ) -> Result<u64, AppendError> {
        let leaf = super::leaf_bytes(entry_type, entry)?;
        let index = self.size();
        self.leaves.push((leaf, at_us));
        self.unwritten.push((index, entry_type));
        Ok(index)
    }

    /// Queues the custody row of a leaf appended with [`Appender::append_later`].
    pub fn custody_later(&mut self, row: CustodyEventRow) {
        self.custody.push(row);
    }

    /// The root of the log with every leaf appended so far (a draw seeds from it). Writes
    /// the stored hashes of the leaves appended until now.
    pub fn root(&mut self, conn: &mut DbConnection) -> Result<Sha256Digest, ApiError> {
        self.finish(conn)?;
        super::root_at(conn, self.size())
    }

    /// Writes the stored hashes, the root and the head size of the leaves not yet hashed.
    pub(super) fn finish(&mut self, conn: &mut DbConnection) -> Result<(), AppendError> {
        self.write_later(conn)?;
        let new = &self.leaves[self.hashed..];
        let Some(&(_, last_at_us)) = new.last() else {
            return Ok(());
        };
        let start = self.first + self.hashed as u64;
        let mut batch = BatchAppend::new(DbHashStore::new(conn), start)?;
        for (leaf, _) in new {
            batch.append(leaf)?;
        }
        let size = batch.size();
        let root = batch.root()?;
        let (mut store, first_new, hashes) = batch.finish();
        let conn = store.conn();
        rows::insert_hashes(conn, first_new, &hashes)?;
        rows::insert_root(conn, size, &root, last_at_us)?;
        rows::set_head_size(conn, size)?;
        self.hashed = self.leaves.len();
        Ok(())
    }

    /// Writes the rows of the leaves appended later, and their custody rows, one statement
    /// each for the whole batch.
    fn write_later(&mut self, conn: &mut DbConnection) -> Result<(), AppendError> {
        if !self.unwritten.is_empty() {
            let first = self.first;
            let leaves = &self.leaves;
            let rows: Vec<_> = self
                .unwritten
                .iter()
                .map(|&(index, entry_type)| {
                    let (leaf, at_us) = &leaves[(index - first) as usize];
                    (index, entry_type, leaf.as_slice(), *at_us)
                })
                .collect();
            rows::insert_entry_rows(conn, &rows)?;
            self.unwritten.clear();
        }
        if !self.custody.is_empty() {
            custody_rows::insert_all(conn, &self.custody)?;
            self.custody.clear();
        }
        Ok(())
    }

    pub(super) fn mark(&self) -> Mark {
        Mark {
            leaves: self.leaves.len(),
            hashed: self.hashed,
            unwritten: self.unwritten.len(),
            custody: self.custody.len(),
        }
    }

    /// Forgets what was appended since `mark`, whose rows a rollback took back (a leaf
    /// appended later has no row yet: it is simply dropped).
    pub(super) fn rewind(&mut self, mark: Mark) {
        self.leaves.truncate(mark.leaves);
        self.hashed = mark.hashed;
        self.unwritten.truncate(mark.unwritten);
        self.custody.truncate(mark.custody);
    }

    /// Leaves appended so far.
    pub(super) fn appended(&self) -> usize {
        self.leaves.len()
    }
}
