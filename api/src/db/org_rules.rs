//! Rule configuration per unit (mandatory recording acts, discretion benchmarks, major case
//! categories, hearing thresholds), stored as custos-core `OrganisationConfig` JSON.

use super::DbConnection;
use super::schema::{organisation_rules, organisations};
use diesel::prelude::*;

/// The configuration JSON that applies to the unit with materialised path `org_path`: its own,
/// else that of the nearest unit above it that has one.
pub fn effective(conn: &mut DbConnection, org_path: &str) -> QueryResult<Option<String>> {
    let ancestors: Vec<&str> = org_path
        .trim_matches('/')
        .split('/')
        .filter(|id| !id.is_empty())
        .collect();
    let rows: Vec<(String, String, String)> = organisation_rules::table
        .inner_join(organisations::table)
        .filter(organisation_rules::org_id.eq_any(&ancestors))
        .select((
            organisation_rules::org_id,
            organisations::path,
            organisation_rules::config,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .max_by_key(|(_, path, _)| path.len())
        .map(|(_, _, config)| config))
}

/// Sets a unit's configuration, replacing any it had.
pub fn set(conn: &mut DbConnection, org_id: &str, config: &str, now_us: i64) -> QueryResult<()> {
    diesel::delete(organisation_rules::table.find(org_id)).execute(conn)?;
    diesel::insert_into(organisation_rules::table)
        .values((
            organisation_rules::org_id.eq(org_id),
            organisation_rules::config.eq(config),
            organisation_rules::updated_at_us.eq(now_us),
        ))
        .execute(conn)
        .map(drop)
}
