//! 双随机 draw rows: a unit's draw by id, pointing at the `draw` log entry that holds its
//! inputs, seed and result. Only inserted.

use super::schema::{draw_inspectors, draws, organisations};
use super::scope::{Scope, scoped_reads};
use super::{DbConnection, DbError, DbResult, Page};
use diesel::prelude::*;

#[derive(Queryable, Selectable, Insertable, Debug, Clone, PartialEq, Eq)]
#[diesel(table_name = draws)]
pub struct DrawRow {
    pub id: String,
    pub org_id: String,
    /// The supervisor or admin who made the draw.
    pub actor_id: String,
    pub task: String,
    pub domain: String,
    /// Index of the draw's `draw` log entry.
    pub log_index: i64,
    pub created_at_us: i64,
}

pub fn insert(conn: &mut DbConnection, draw: &DrawRow) -> DbResult<()> {
    diesel::insert_into(draws::table)
        .values(draw)
        .execute(conn)
        .map(drop)
        .map_err(DbError::from)
}

// Officers, the one narrow scope that reads draws, read them through `find_assigned` and
// `list_assigned` instead (`draws::find_for`); the maker is the column one would name.
scoped_reads!(draws, DrawRow, actor_id);

/// The draw `id`, whatever its unit: every draw is published (一公开).
pub fn find(conn: &mut DbConnection, id: &str) -> DbResult<Option<DrawRow>> {
    draws::table
        .find(id)
        .first(conn)
        .optional()
        .map_err(DbError::from)
}

/// The draws of one unit, in id (creation) order: published, so not scoped.
pub fn list_of(conn: &mut DbConnection, org_id: &str, page: &Page) -> DbResult<Vec<DrawRow>> {
    draws::table
        .filter(draws::org_id.eq(org_id))
        .filter(draws::id.gt(page.after()))
        .order(draws::id)
        .limit(page.limit())
        .load(conn)
        .map_err(DbError::from)
}

/// Records that draw `draw_id` sends each of `inspectors` (the draw's assignment index).
pub fn insert_inspectors(
    conn: &mut DbConnection,
    draw_id: &str,
    inspectors: &[&str],
) -> DbResult<()> {
    let rows: Vec<_> = inspectors
        .iter()
        .map(|user| {
            (
                draw_inspectors::draw_id.eq(draw_id),
                draw_inspectors::user_id.eq(*user),
            )
        })
        .collect();
    Ok(super::insert_rows!(conn, draw_inspectors::table, rows)?)
}

/// The draw `id`, if it sends `user` to a target.
pub fn find_assigned(conn: &mut DbConnection, user: &str, id: &str) -> DbResult<Option<DrawRow>> {
    draws::table
        .inner_join(draw_inspectors::table)
        .filter(draw_inspectors::user_id.eq(user))
        .filter(draws::id.eq(id))
        .select(DrawRow::as_select())
        .first(conn)
        .optional()
        .map_err(DbError::from)
}

/// The draws that send `user`, optionally of one unit only, in id (creation) order.
pub fn list_assigned(
    conn: &mut DbConnection,
    user: &str,
    org_id: Option<&str>,
    page: &Page,
) -> DbResult<Vec<DrawRow>> {
    let mut query = draws::table
        .inner_join(draw_inspectors::table)
        .filter(draw_inspectors::user_id.eq(user.to_owned()))
        .filter(draws::id.gt(page.after().to_owned()))
        .select(DrawRow::as_select())
        .order(draws::id)
        .limit(page.limit())
        .into_boxed();
    if let Some(org_id) = org_id {
        query = query.filter(draws::org_id.eq(org_id.to_owned()));
    }
    query.load(conn).map_err(DbError::from)
}
