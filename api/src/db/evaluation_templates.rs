//! 案卷评查 scoring templates set on units (custos-core `Template` JSON), each version kept as
//! set: rows are only inserted, so a campaign naming a version always reads the same items.

use super::org_rules::ancestors;
use super::schema::{evaluation_templates, organisations};
use super::{DbConnection, DbError, DbResult};
use diesel::prelude::*;

#[derive(Queryable, Selectable, Insertable, Debug, Clone, PartialEq, Eq)]
#[diesel(table_name = evaluation_templates)]
pub struct TemplateRow {
    pub org_id: String,
    pub template_id: String,
    pub version: i64,
    /// The template's JSON as set.
    pub template: String,
    /// Hex SHA-256 of the template's RFC 8785 JSON.
    pub sha256: String,
    pub set_at_us: i64,
}

pub fn insert(conn: &mut DbConnection, row: &TemplateRow) -> DbResult<()> {
    diesel::insert_into(evaluation_templates::table)
        .values(row)
        .execute(conn)
        .map(drop)
        .map_err(DbError::from)
}

/// Version `version` of template `template_id` as unit `org_id` set it.
pub fn find(
    conn: &mut DbConnection,
    org_id: &str,
    template_id: &str,
    version: i64,
) -> DbResult<Option<TemplateRow>> {
    evaluation_templates::table
        .find((org_id, template_id, version))
        .first(conn)
        .optional()
        .map_err(DbError::from)
}

/// Every template version set on the unit with path `org_path` or a unit above it, with the
/// setting unit's path, oldest first.
pub fn on_line(conn: &mut DbConnection, org_path: &str) -> DbResult<Vec<(String, TemplateRow)>> {
    evaluation_templates::table
        .inner_join(organisations::table)
        .filter(evaluation_templates::org_id.eq_any(ancestors(org_path)))
        .select((organisations::path, TemplateRow::as_select()))
        .order((
            evaluation_templates::set_at_us,
            evaluation_templates::template_id,
            evaluation_templates::version,
        ))
        .load(conn)
        .map_err(DbError::from)
}
