//! Failed-login counters per submitted username (existing or not, so the lock does not tell
//! which usernames exist).

use super::schema::login_throttle as throttle;
use super::{DbConnection, is_unique_violation};
use crate::auth::throttle::{FAILURE_MEMORY_US, lock_us};
use diesel::prelude::*;

/// The time until which `username` is locked, if it is locked at `now_us`.
pub fn locked_until(
    conn: &mut DbConnection,
    username: &str,
    now_us: i64,
) -> QueryResult<Option<i64>> {
    throttle::table
        .find(username)
        .select(throttle::locked_until_us)
        .get_result::<i64>(conn)
        .optional()
        .map(|until| until.filter(|&until| until > now_us))
}

/// Counts one more failure and returns the time until which the account is now locked
/// (`now_us` or earlier when it is not). Call inside a write transaction: the increment is a
/// single UPDATE, so concurrent failures are all counted.
pub fn record_failure(conn: &mut DbConnection, username: &str, now_us: i64) -> QueryResult<i64> {
    let row = throttle::table.find(username);
    diesel::update(row.filter(throttle::last_failure_us.lt(now_us - FAILURE_MEMORY_US)))
        .set(throttle::failures.eq(0))
        .execute(conn)?;
    let updated = diesel::update(row)
        .set((
            throttle::failures.eq(throttle::failures + 1),
            throttle::last_failure_us.eq(now_us),
        ))
        .execute(conn)?;
    if updated == 0 {
        // First failure: insert, in a savepoint so a concurrent insert of the same name
        // (unique violation) leaves the outer transaction usable.
        let inserted = conn.transaction(|conn| {
            diesel::insert_into(throttle::table)
                .values((
                    throttle::username.eq(username),
                    throttle::failures.eq(1),
                    throttle::locked_until_us.eq(0_i64),
                    throttle::last_failure_us.eq(now_us),
                ))
                .execute(conn)
        });
        match inserted {
            Ok(_) => {}
            Err(error) if is_unique_violation(&error) => {
                diesel::update(row)
                    .set(throttle::failures.eq(throttle::failures + 1))
                    .execute(conn)?;
            }
            Err(error) => return Err(error),
        }
    }
    let failures: i32 = row.select(throttle::failures).get_result(conn)?;
    let until = now_us + lock_us(failures);
    diesel::update(row)
        .set(throttle::locked_until_us.eq(until))
        .execute(conn)?;
    Ok(until)
}

/// Forgets the failures of `username` after a successful login.
pub fn clear(conn: &mut DbConnection, username: &str) -> QueryResult<()> {
    diesel::delete(throttle::table.find(username))
        .execute(conn)
        .map(drop)
}

/// Forgets the counts that can no longer lock anyone: no failure within
/// [`FAILURE_MEMORY_US`] and no lock still running. Any submitted name gets a row, existing
/// or not, so without this the table would keep every name anyone ever tried. Returns how
/// many rows went.
pub fn forget_stale(conn: &mut DbConnection, now_us: i64) -> QueryResult<usize> {
    diesel::delete(
        throttle::table
            .filter(throttle::last_failure_us.lt(now_us - FAILURE_MEMORY_US))
            .filter(throttle::locked_until_us.le(now_us)),
    )
    .execute(conn)
}
