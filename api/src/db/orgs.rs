//! Organisation rows: the unit tree (市 → 县/区 → 乡镇/街道, each with departments).

use super::schema::organisations;
use super::scope::Scope;
use super::{DbConnection, DbError, DbResult, Page, new_id};
use diesel::prelude::*;

#[derive(Queryable, Selectable, Insertable, Debug, Clone, PartialEq, Eq)]
#[diesel(table_name = organisations)]
pub struct Organisation {
    pub id: String,
    pub parent_id: Option<String>,
    pub name: String,
    pub kind: String,
    /// `/root-id/…/own-id/`: the unit's scope is every organisation whose path starts with it.
    pub path: String,
    pub created_at_us: i64,
}

/// Inserts a unit below `parent`, or the root when `parent` is `None`.
pub fn insert(
    conn: &mut DbConnection,
    parent: Option<&Organisation>,
    name: &str,
    kind: &str,
    now_us: i64,
) -> DbResult<Organisation> {
    let id = new_id();
    let path = match parent {
        Some(parent) => format!("{}{id}/", parent.path),
        None => format!("/{id}/"),
    };
    let organisation = Organisation {
        parent_id: parent.map(|parent| parent.id.clone()),
        id,
        name: name.to_owned(),
        kind: kind.to_owned(),
        path,
        created_at_us: now_us,
    };
    diesel::insert_into(organisations::table)
        .values(&organisation)
        .execute(conn)?;
    Ok(organisation)
}

/// The unit `id` wherever it lies: for the server's own work (the command line, the unit of a
/// case already read in scope), never for answering a caller, which goes through `find_in`.
/// Each caller says why it may.
pub fn find_unscoped(conn: &mut DbConnection, id: &str) -> DbResult<Option<Organisation>> {
    organisations::table
        .find(id)
        .select(Organisation::as_select())
        .get_result(conn)
        .optional()
        .map_err(DbError::from)
}

/// The units `ids` wherever they lie, for the server's own work as [`find_unscoped`]: the
/// units of the cases a submission changed.
pub fn find_all_unscoped(conn: &mut DbConnection, ids: &[&str]) -> DbResult<Vec<Organisation>> {
    organisations::table
        .filter(organisations::id.eq_any(ids))
        .select(Organisation::as_select())
        .load(conn)
        .map_err(DbError::from)
}

/// Whether `custos init` has run: a root unit exists.
pub fn root_exists(conn: &mut DbConnection) -> DbResult<bool> {
    diesel::select(diesel::dsl::exists(
        organisations::table.filter(organisations::parent_id.is_null()),
    ))
    .get_result(conn)
    .map_err(DbError::from)
}

/// The unit `id`, if it exists and lies in `scope`.
pub fn find_in(conn: &mut DbConnection, scope: &Scope, id: &str) -> DbResult<Option<Organisation>> {
    organisations::table
        .find(id)
        .filter(scope.covers())
        .select(Organisation::as_select())
        .get_result(conn)
        .optional()
        .map_err(DbError::from)
}

/// Those of the units `ids` that lie in `scope`, in no particular order: one query for many.
pub fn find_all_in(
    conn: &mut DbConnection,
    scope: &Scope,
    ids: &[&str],
) -> DbResult<Vec<Organisation>> {
    organisations::table
        .filter(organisations::id.eq_any(ids))
        .filter(scope.covers())
        .select(Organisation::as_select())
        .load(conn)
        .map_err(DbError::from)
}

/// Units in `scope`, optionally only the children of `parent_id`, in creation order after
/// the id `after`.
pub fn list_in(
    conn: &mut DbConnection,
    scope: &Scope,
    parent_id: Option<&str>,
    page: &Page,
) -> DbResult<Vec<Organisation>> {
    let mut query = organisations::table
        .filter(scope.covers())
        .filter(organisations::id.gt(page.after()))
        .select(Organisation::as_select())
        .order(organisations::id)
        .limit(page.limit())
        .into_boxed();
    if let Some(parent_id) = parent_id {
        query = query.filter(organisations::parent_id.eq(parent_id));
    }
    query.load(conn).map_err(DbError::from)
}
