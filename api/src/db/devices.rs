//! Enrolled devices: phones, body-worn recorders and docks, each with its Ed25519 public
//! key, owner organisation and, once revoked, the instant from which its signatures are
//! refused.

use super::schema::{devices, organisations};
use super::scope::{Scope, scoped_reads};
use super::{DbConnection, DbError, DbResult, Page};
use diesel::prelude::*;

#[derive(Queryable, Selectable, Insertable, Debug, Clone, PartialEq, Eq)]
#[diesel(table_name = devices)]
pub struct DeviceRow {
    /// custos-core `DeviceId` of the public key.
    pub id: String,
    /// Base64 of the 32 raw public key bytes.
    pub public_key: String,
    /// `phone`, `recorder` or `dock`.
    pub kind: String,
    pub org_id: String,
    pub owner_id: Option<String>,
    pub enrolled_by: String,
    pub enrolled_at_us: i64,
    pub revoked_at_us: Option<i64>,
    pub revoked_by: Option<String>,
}

pub fn insert(conn: &mut DbConnection, device: &DeviceRow) -> DbResult<()> {
    diesel::insert_into(devices::table)
        .values(device)
        .execute(conn)
        .map(drop)
        .map_err(DbError::from)
}

/// The device `id` whatever its organisation: for checking signatures, not for showing
/// (answering a caller goes through `find_in`). Each caller says why it may.
pub fn find_unscoped(conn: &mut DbConnection, id: &str) -> DbResult<Option<DeviceRow>> {
    devices::table
        .find(id)
        .select(DeviceRow::as_select())
        .get_result(conn)
        .optional()
        .map_err(DbError::from)
}

/// The devices of `ids` whatever their organisation, in one query: [`find_unscoped`] for
/// every device that signed a case's records at once.
pub fn find_unscoped_many(conn: &mut DbConnection, ids: &[String]) -> DbResult<Vec<DeviceRow>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    devices::table
        .filter(devices::id.eq_any(ids))
        .select(DeviceRow::as_select())
        .load(conn)
        .map_err(DbError::from)
}

// A narrow scope (an officer) reaches the phones it owns.
scoped_reads!(devices, DeviceRow, owner_id);

/// Revokes a device from `at_us` on; false when it was already revoked.
pub fn revoke(conn: &mut DbConnection, id: &str, at_us: i64, by: &str) -> DbResult<bool> {
    diesel::update(
        devices::table
            .find(id)
            .filter(devices::revoked_at_us.is_null()),
    )
    .set((
        devices::revoked_at_us.eq(Some(at_us)),
        devices::revoked_by.eq(Some(by)),
    ))
    .execute(conn)
    .map(|rows| rows == 1)
    .map_err(DbError::from)
}
