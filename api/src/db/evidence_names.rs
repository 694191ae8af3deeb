//! The evidence digests accepted records name (`evidence_names`, insert-only), written with
//! the records: whether an evidence item is named by any record is one index read.

use super::schema::{evidence, evidence_names};
use super::{DbConnection, DbError, DbResult};
use diesel::prelude::*;

#[derive(Queryable, Selectable, Insertable, Debug, Clone, PartialEq, Eq)]
#[diesel(table_name = evidence_names)]
pub struct EvidenceName {
    pub sha256: String,
    pub record_hash: String,
    pub named_at_us: i64,
}

pub fn insert_all(conn: &mut DbConnection, rows: &[EvidenceName]) -> DbResult<()> {
    Ok(super::insert_rows!(conn, evidence_names::table, rows)?)
}

/// Whether an accepted record names the digest `sha256`.
pub fn named(conn: &mut DbConnection, sha256: &str) -> DbResult<bool> {
    diesel::select(diesel::dsl::exists(
        evidence_names::table.filter(evidence_names::sha256.eq(sha256)),
    ))
    .get_result(conn)
    .map_err(DbError::from)
}

/// The evidence items whose bytes have one of the digests `sha256s`: their ids and digests.
pub fn items_with(conn: &mut DbConnection, sha256s: &[&str]) -> DbResult<Vec<(String, String)>> {
    let mut ids = Vec::new();
    for chunk in sha256s.chunks(super::ROWS_PER_INSERT) {
        ids.extend(
            evidence::table
                .filter(evidence::sha256.eq_any(chunk))
                .select((evidence::id, evidence::sha256))
                .load::<(String, String)>(conn)?,
        );
    }
    Ok(ids)
}
