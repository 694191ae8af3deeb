//! Browser sessions of the supervisor console (`crate::console::session`): a cookie's SHA-256
//! bound to a row of `sessions`, so the API's revocations (sign-out, deactivation) end it too.

use super::schema::{console_sessions, sessions};
use super::sessions::SessionUser;
use super::{DbConnection, DbError, DbResult};
use diesel::prelude::*;

/// Opens an API session for `user_id` and binds the console cookie `token_hash` to it.
pub fn create(
    conn: &mut DbConnection,
    session_id: &str,
    user_id: &str,
    token_hash: &str,
    now_us: i64,
    expires_at_us: i64,
) -> DbResult<()> {
    diesel::insert_into(sessions::table)
        .values((
            sessions::id.eq(session_id),
            sessions::user_id.eq(user_id),
            sessions::created_at_us.eq(now_us),
        ))
        .execute(conn)?;
    diesel::insert_into(console_sessions::table)
        .values((
            console_sessions::token_hash.eq(token_hash),
            console_sessions::session_id.eq(session_id),
            console_sessions::created_at_us.eq(now_us),
            console_sessions::last_seen_at_us.eq(now_us),
            console_sessions::expires_at_us.eq(expires_at_us),
        ))
        .execute(conn)
        .map(drop)
        .map_err(DbError::from)
}

/// The caller behind a console cookie, if its session is live, its user active, it was used
/// within `idle_us` and it has not reached its absolute expiry. A use more than `touch_us`
/// after the last recorded one is recorded, so the idle clock restarts without a write on
/// every page.
pub fn live_user(
    conn: &mut DbConnection,
    token_hash: &str,
    now_us: i64,
    idle_us: i64,
    touch_us: i64,
) -> DbResult<Option<SessionUser>> {
    let row = console_sessions::table
        .inner_join(sessions::table)
        .filter(console_sessions::token_hash.eq(token_hash))
        .select((
            sessions::id,
            sessions::user_id,
            console_sessions::last_seen_at_us,
            console_sessions::expires_at_us,
        ))
        .get_result::<(String, String, i64, i64)>(conn)
        .optional()?;
    let Some((session_id, user_id, last_seen_us, expires_us)) = row else {
        return Ok(None);
    };
    if now_us >= expires_us || now_us - last_seen_us >= idle_us {
        return Ok(None);
    }
    let caller = super::sessions::live_user(conn, &session_id, &user_id)?;
    if caller.is_some() && now_us - last_seen_us >= touch_us {
        diesel::update(console_sessions::table.find(token_hash))
            .set(console_sessions::last_seen_at_us.eq(now_us))
            .execute(conn)?;
    }
    Ok(caller)
}
