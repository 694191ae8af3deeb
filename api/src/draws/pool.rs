//! Who a draw may send: the active officers of the drawing unit and the units below it who
//! hold a certificate valid on the day of the draw for the task's domain (Art. 42: only
//! certified officers inspect).

use super::DrawOrder;
use crate::auth::Role;
use crate::certificates;
use crate::db::orgs::Organisation;
use crate::db::scope::Scope;
use crate::db::{self, DbConnection};
use crate::error::ApiError;

/// The inspector pool of `order`: the officers it names, each of whom must be eligible, or
/// every eligible officer when it names none.
pub fn inspectors(
    conn: &mut DbConnection,
    scope: &Scope,
    org: &Organisation,
    order: &DrawOrder,
    now_us: i64,
) -> Result<Vec<String>, ApiError> {
    // `org` was found in the caller's scope, so narrowing to it cannot fail but by a bug.
    let unit = scope
        .narrowed_to(org)
        .ok_or_else(|| ApiError::internal(format_args!("unit {} outside the scope", org.id)))?;
    let date = certificates::date_of(now_us);
    let mut eligible = Vec::new();
    for officer in db::users::active_in(conn, &unit, Role::Officer.as_str())? {
        if certificates::authorise(conn, &officer.id, date, &order.domain)?.is_ok() {
            eligible.push(officer.id);
        }
    }
    let Some(named) = &order.inspectors else {
        return Ok(eligible);
    };
    if let Some(outside) = named.iter().find(|id| !eligible.contains(id)) {
        return Err(ApiError::invalid_input(format!(
            "inspector {outside} is not an active officer of the unit or below with a \
             certificate valid today for {}",
            order.domain
        )));
    }
    Ok(named.clone())
}
