//! Rule data per unit, inherited down the tree: the rule configuration (mandatory recording
//! acts, discretion benchmarks, major case categories, hearing thresholds), stored as
//! custos-core `OrganisationConfig` JSON, and the working-day calendar, stored as custos-core
//! `WorkingCalendar` JSON.

use super::schema::{
    organisation_calendars, organisation_rules, organisation_rules_history, organisations,
};
use super::{DbConnection, DbError, DbResult};
use diesel::prelude::*;

/// The configuration JSON that applies to the unit with materialised path `org_path`: its own,
/// else that of the nearest unit above it that has one.
pub fn effective(conn: &mut DbConnection, org_path: &str) -> DbResult<Option<String>> {
    let rows = organisation_rules::table
        .inner_join(organisations::table)
        .filter(organisation_rules::org_id.eq_any(ancestors(org_path)))
        .select((organisations::path, organisation_rules::config))
        .load(conn)?;
    Ok(nearest(rows))
}

/// Sets a unit's configuration, replacing any it had; the history keeps every version.
pub fn set(conn: &mut DbConnection, org_id: &str, config: &str, now_us: i64) -> DbResult<()> {
    diesel::insert_into(organisation_rules_history::table)
        .values((
            organisation_rules_history::id.eq(super::new_id()),
            organisation_rules_history::org_id.eq(org_id),
            organisation_rules_history::config.eq(config),
            organisation_rules_history::set_at_us.eq(now_us),
        ))
        .execute(conn)?;
    diesel::delete(organisation_rules::table.find(org_id)).execute(conn)?;
    diesel::insert_into(organisation_rules::table)
        .values((
            organisation_rules::org_id.eq(org_id),
            organisation_rules::config.eq(config),
            organisation_rules::updated_at_us.eq(now_us),
        ))
        .execute(conn)
        .map(drop)
        .map_err(DbError::from)
}

/// Every configuration set on the unit with path `org_path` or a unit above it, oldest first:
/// `(unit id, set at, configuration JSON)`. The one in force at a time is that of the deepest
/// unit set by then.
pub fn history(conn: &mut DbConnection, org_path: &str) -> DbResult<Vec<(String, i64, String)>> {
    organisation_rules_history::table
        .filter(organisation_rules_history::org_id.eq_any(ancestors(org_path)))
        .select((
            organisation_rules_history::org_id,
            organisation_rules_history::set_at_us,
            organisation_rules_history::config,
        ))
        .order((
            organisation_rules_history::set_at_us,
            organisation_rules_history::id,
        ))
        .load(conn)
        .map_err(DbError::from)
}

/// The calendar JSON that applies to the unit with materialised path `org_path`, as
/// [`effective`] finds the configuration.
pub fn effective_calendar(conn: &mut DbConnection, org_path: &str) -> DbResult<Option<String>> {
    let rows = organisation_calendars::table
        .inner_join(organisations::table)
        .filter(organisation_calendars::org_id.eq_any(ancestors(org_path)))
        .select((organisations::path, organisation_calendars::calendar))
        .load(conn)?;
    Ok(nearest(rows))
}

/// Sets a unit's calendar, replacing any it had.
pub fn set_calendar(
    conn: &mut DbConnection,
    org_id: &str,
    calendar: &str,
    now_us: i64,
) -> DbResult<()> {
    diesel::delete(organisation_calendars::table.find(org_id)).execute(conn)?;
    diesel::insert_into(organisation_calendars::table)
        .values((
            organisation_calendars::org_id.eq(org_id),
            organisation_calendars::calendar.eq(calendar),
            organisation_calendars::updated_at_us.eq(now_us),
        ))
        .execute(conn)
        .map(drop)
        .map_err(DbError::from)
}

/// The ids of the unit with path `org_path` and of every unit above it.
pub(super) fn ancestors(org_path: &str) -> Vec<String> {
    org_path
        .split('/')
        .filter(|id| !id.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The value of the deepest unit among `(path, value)` rows of one line of the tree.
fn nearest(rows: Vec<(String, String)>) -> Option<String> {
    rows.into_iter()
        .max_by_key(|(path, _)| path.len())
        .map(|(_, value)| value)
}
