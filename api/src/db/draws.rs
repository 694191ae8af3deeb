//! 双随机 draw rows: a unit's draw by id, pointing at the `draw` log entry that holds its
//! inputs, seed and result. Only inserted.

use super::schema::{draws, organisations};
use super::scope::{Scope, scoped_reads};
use super::{DbConnection, Page};
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

pub fn insert(conn: &mut DbConnection, draw: &DrawRow) -> QueryResult<()> {
    diesel::insert_into(draws::table)
        .values(draw)
        .execute(conn)
        .map(drop)
}

// No role reads draws with a narrow scope; the maker is the column one would name.
scoped_reads!(draws, DrawRow, actor_id);

/// The draw `id`, whatever its unit: every draw is published (一公开).
pub fn find(conn: &mut DbConnection, id: &str) -> QueryResult<Option<DrawRow>> {
    draws::table.find(id).first(conn).optional()
}

/// The draws of one unit, in id (creation) order: published, so not scoped.
pub fn list_of(conn: &mut DbConnection, org_id: &str, page: &Page) -> QueryResult<Vec<DrawRow>> {
    draws::table
        .filter(draws::org_id.eq(org_id))
        .filter(draws::id.gt(page.after()))
        .order(draws::id)
        .limit(page.limit())
        .load(conn)
}
