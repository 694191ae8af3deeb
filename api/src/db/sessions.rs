//! Sessions (one per login) and their refresh-token families: rotation on every use, and
//! revocation of the whole family when a spent token comes back (OAuth 2.0 Security BCP,
//! RFC 9700 section 4.14.2).

use super::schema::{organisations, refresh_tokens, sessions, users};
use super::{DbConnection, DbError, DbResult};
use diesel::prelude::*;

/// Why a session was revoked, as stored.
pub const REVOKED_LOGOUT: &str = "logout";
pub const REVOKED_REUSE: &str = "refresh token reused";
pub const REVOKED_USER_INACTIVE: &str = "user deactivated";

/// Opens a session for `user_id` with its first refresh token.
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
    insert_token(conn, session_id, token_hash, now_us, expires_at_us)
}

fn insert_token(
    conn: &mut DbConnection,
    session_id: &str,
    token_hash: &str,
    now_us: i64,
    expires_at_us: i64,
) -> DbResult<()> {
    diesel::insert_into(refresh_tokens::table)
        .values((
            refresh_tokens::token_hash.eq(token_hash),
            refresh_tokens::session_id.eq(session_id),
            refresh_tokens::issued_at_us.eq(now_us),
            refresh_tokens::expires_at_us.eq(expires_at_us),
        ))
        .execute(conn)
        .map(drop)
        .map_err(DbError::from)
}

/// What presenting a refresh token led to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefreshOutcome {
    /// The token was spent and a new one stored in the same session.
    Rotated {
        session_id: String,
        user_id: String,
    },
    Unknown,
    Expired,
    /// The session was already revoked (logout, reuse, deactivation).
    Revoked,
    /// The token had been spent before: the session is now revoked.
    Reused,
    /// The user is deactivated: the session is now revoked.
    UserInactive,
}

/// Spends `old_hash` and stores `new_hash` in its session. Call inside a write transaction and
/// commit whatever the outcome, since reuse and deactivation revoke the session.
pub fn rotate(
    conn: &mut DbConnection,
    old_hash: &str,
    new_hash: &str,
    now_us: i64,
    new_expires_at_us: i64,
) -> DbResult<RefreshOutcome> {
    let found = refresh_tokens::table
        .inner_join(sessions::table.inner_join(users::table))
        .filter(refresh_tokens::token_hash.eq(old_hash))
        .select((
            refresh_tokens::session_id,
            refresh_tokens::expires_at_us,
            refresh_tokens::spent_at_us,
            sessions::revoked_at_us,
            sessions::user_id,
            users::active,
        ))
        .get_result::<(String, i64, Option<i64>, Option<i64>, String, bool)>(conn)
        .optional()?;
    let Some((session_id, expires_at_us, spent_at_us, revoked_at_us, user_id, active)) = found
    else {
        return Ok(RefreshOutcome::Unknown);
    };
    if revoked_at_us.is_some() {
        return Ok(RefreshOutcome::Revoked);
    }
    if spent_at_us.is_some() {
        revoke(conn, &session_id, REVOKED_REUSE, now_us)?;
        return Ok(RefreshOutcome::Reused);
    }
    if !active {
        revoke(conn, &session_id, REVOKED_USER_INACTIVE, now_us)?;
        return Ok(RefreshOutcome::UserInactive);
    }
    if expires_at_us <= now_us {
        return Ok(RefreshOutcome::Expired);
    }
    // Conditional on still being unspent, so of two concurrent uses exactly one wins and the
    // other counts as reuse.
    let spent = diesel::update(
        refresh_tokens::table
            .find(old_hash)
            .filter(refresh_tokens::spent_at_us.is_null()),
    )
    .set(refresh_tokens::spent_at_us.eq(Some(now_us)))
    .execute(conn)?;
    if spent != 1 {
        revoke(conn, &session_id, REVOKED_REUSE, now_us)?;
        return Ok(RefreshOutcome::Reused);
    }
    insert_token(conn, &session_id, new_hash, now_us, new_expires_at_us)?;
    Ok(RefreshOutcome::Rotated {
        session_id,
        user_id,
    })
}

/// Revokes the session of a refresh token; false when the token is unknown.
pub fn revoke_by_token(conn: &mut DbConnection, token_hash: &str, now_us: i64) -> DbResult<bool> {
    let session_id = refresh_tokens::table
        .find(token_hash)
        .select(refresh_tokens::session_id)
        .get_result::<String>(conn)
        .optional()?;
    match session_id {
        Some(session_id) => revoke(conn, &session_id, REVOKED_LOGOUT, now_us).map(|_| true),
        None => Ok(false),
    }
}

/// Revokes a session (and so every token of its family); a no-op if already revoked.
pub fn revoke(
    conn: &mut DbConnection,
    session_id: &str,
    reason: &str,
    now_us: i64,
) -> DbResult<()> {
    diesel::update(
        sessions::table
            .find(session_id)
            .filter(sessions::revoked_at_us.is_null()),
    )
    .set((
        sessions::revoked_at_us.eq(Some(now_us)),
        sessions::revoked_reason.eq(Some(reason)),
    ))
    .execute(conn)
    .map(drop)
    .map_err(DbError::from)
}

/// Revokes every live session of a user (on deactivation), so its refresh tokens fail at once.
pub fn revoke_all_of_user(
    conn: &mut DbConnection,
    user_id: &str,
    reason: &str,
    now_us: i64,
) -> DbResult<usize> {
    diesel::update(
        sessions::table
            .filter(sessions::user_id.eq(user_id))
            .filter(sessions::revoked_at_us.is_null()),
    )
    .set((
        sessions::revoked_at_us.eq(Some(now_us)),
        sessions::revoked_reason.eq(Some(reason)),
    ))
    .execute(conn)
    .map_err(DbError::from)
}

/// The user of a live session and the unit it acts in: who a request's caller is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionUser {
    pub session_id: String,
    pub user_id: String,
    pub username: String,
    /// One of `auth::Role`'s text forms (the table checks it).
    pub role: String,
    pub org_id: String,
    pub org_path: String,
}

/// The user behind an access token, if its session is live and its user active.
pub fn live_user(
    conn: &mut DbConnection,
    session_id: &str,
    user_id: &str,
) -> DbResult<Option<SessionUser>> {
    let row = sessions::table
        .inner_join(users::table.inner_join(organisations::table))
        .filter(sessions::id.eq(session_id))
        .filter(sessions::user_id.eq(user_id))
        .filter(sessions::revoked_at_us.is_null())
        .filter(users::active.eq(true))
        .select((
            users::username,
            users::role,
            users::org_id,
            organisations::path,
        ))
        .get_result::<(String, String, String, String)>(conn)
        .optional()?;
    Ok(row.map(|(username, role, org_id, org_path)| SessionUser {
        session_id: session_id.to_owned(),
        user_id: user_id.to_owned(),
        username,
        role,
        org_id,
        org_path,
    }))
}
