//! User rows: username, Argon2id hash, role, organisation, active flag (never deleted).

use super::schema::{organisations, users};
use super::scope::{Scope, scoped_reads};
use super::{DbConnection, DbError, DbResult, Page};
use diesel::prelude::*;

#[derive(Queryable, Selectable, Insertable, Debug, Clone, PartialEq, Eq)]
#[diesel(table_name = users)]
pub struct User {
    pub id: String,
    pub username: String,
    pub password_hash: String,
    /// One of `auth::Role`'s text forms (the table checks it).
    pub role: String,
    pub org_id: String,
    pub active: bool,
    pub created_at_us: i64,
    pub deactivated_at_us: Option<i64>,
}

pub fn insert(conn: &mut DbConnection, user: &User) -> DbResult<()> {
    diesel::insert_into(users::table)
        .values(user)
        .execute(conn)
        .map(drop)
        .map_err(DbError::from)
}

/// The user `id` whatever its unit: for the server's own checks (who signed a record, whose
/// session this is), never for answering a caller, which goes through `find_in`. Each caller
/// says why it may.
pub fn find_unscoped(conn: &mut DbConnection, id: &str) -> DbResult<Option<User>> {
    users::table
        .find(id)
        .select(User::as_select())
        .get_result(conn)
        .optional()
        .map_err(DbError::from)
}

/// A user with its unit's path, whatever the unit: for deciding what the signer of a record
/// may do, never for showing.
pub fn signer(conn: &mut DbConnection, id: &str) -> DbResult<Option<(User, String)>> {
    users::table
        .inner_join(organisations::table)
        .filter(users::id.eq(id))
        .select((User::as_select(), organisations::path))
        .get_result(conn)
        .optional()
        .map_err(DbError::from)
}

pub fn find_by_username(conn: &mut DbConnection, username: &str) -> DbResult<Option<User>> {
    users::table
        .filter(users::username.eq(username))
        .select(User::as_select())
        .get_result(conn)
        .optional()
        .map_err(DbError::from)
}

/// Marks a user inactive; its sessions stop working at their next use.
pub fn deactivate(conn: &mut DbConnection, id: &str, now_us: i64) -> DbResult<bool> {
    diesel::update(users::table.find(id).filter(users::active.eq(true)))
        .set((
            users::active.eq(false),
            users::deactivated_at_us.eq(Some(now_us)),
        ))
        .execute(conn)
        .map(|rows| rows == 1)
        .map_err(DbError::from)
}

// A narrow scope reaches the actor's own account only.
scoped_reads!(users, User, id);

/// Gives user `id` the role `role` (its text form); false when no such user.
pub fn set_role(conn: &mut DbConnection, id: &str, role: &str) -> DbResult<bool> {
    diesel::update(users::table.find(id))
        .set(users::role.eq(role))
        .execute(conn)
        .map(|rows| rows == 1)
        .map_err(DbError::from)
}

/// The active users of `role` in the units of `scope`, in id order (for officers: who a draw
/// may send).
pub fn active_in(conn: &mut DbConnection, scope: &Scope, role: &str) -> DbResult<Vec<User>> {
    users::table
        .inner_join(organisations::table)
        .filter(scope.covers())
        .filter(users::role.eq(role))
        .filter(users::active.eq(true))
        .select(User::as_select())
        .order(users::id)
        .load(conn)
        .map_err(DbError::from)
}
