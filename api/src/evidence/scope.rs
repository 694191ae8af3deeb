//! Which evidence a caller reaches, through the project's one policy table
//! ([`crate::access`]): reviewers, supervisors and admins their unit and the units below it,
//! an officer (and a dock) what it uploaded or is attributed with. An item out of reach is
//! reported as not found, so its existence does not leak across units.

use crate::access::{self, Action};
use crate::auth::Caller;
use crate::db::DbConnection;
use crate::db::evidence::{self as items, Evidence};
use crate::error::ApiError;

/// The item `id` if the caller may do `action` on it; 403 if its role may not do `action` at
/// all, 404 if the item is out of its reach.
pub fn reachable_item(
    conn: &mut DbConnection,
    caller: &Caller,
    action: Action,
    id: &str,
) -> Result<Evidence, ApiError> {
    let scope = access::scope(caller, action)?;
    items::find_in_scope(conn, id, &scope)?.ok_or_else(|| access::not_in_scope("evidence item"))
}
