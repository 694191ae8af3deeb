//! Upload rows: one per tus upload, with its durable offset and the hasher state of the bytes
//! up to it, and the parts it staged in an object store.

use super::schema::{organisations, upload_parts, uploads};
use super::scope::Scope;
use super::{DbConnection, DbError, DbResult};
use diesel::prelude::*;

/// Upload states: `open` takes bytes; `finishing` has all bytes and a digest but is not yet
/// an evidence item (a crash here is finished by any node); the rest are final.
pub mod status {
    pub const OPEN: &str = "open";
    pub const FINISHING: &str = "finishing";
    pub const COMPLETED: &str = "completed";
    pub const TERMINATED: &str = "terminated";
    pub const EXPIRED: &str = "expired";
}

#[derive(Queryable, Selectable, Insertable, Debug, Clone, PartialEq, Eq)]
#[diesel(table_name = uploads)]
pub struct Upload {
    pub id: String,
    pub uploader_id: String,
    pub officer_id: String,
    pub org_id: String,
    pub length: i64,
    pub upload_offset: i64,
    pub hash_state: Vec<u8>,
    pub declared_sha256: String,
    pub metadata: String,
    pub filename: Option<String>,
    pub content_type: Option<String>,
    pub kind: Option<String>,
    pub captured_at_us: Option<i64>,
    pub device_clock_us: Option<i64>,
    pub device_id: Option<String>,
    pub case_id: Option<String>,
    pub status: String,
    pub computed_sha256: Option<String>,
    pub evidence_id: Option<String>,
    pub staging_present: bool,
    pub created_at_us: i64,
    pub updated_at_us: i64,
    pub expires_at_us: i64,
}

pub fn insert(conn: &mut DbConnection, upload: &Upload) -> DbResult<()> {
    diesel::insert_into(uploads::table)
        .values(upload)
        .execute(conn)
        .map(drop)
        .map_err(DbError::from)
}

/// The upload `id` whoever sent it: for the server's own work (finishing, expiry), not for
/// answering a caller, which goes through [`find_in`].
pub fn find_unscoped(conn: &mut DbConnection, id: &str) -> DbResult<Option<Upload>> {
    uploads::table
        .find(id)
        .select(Upload::as_select())
        .get_result(conn)
        .optional()
        .map_err(DbError::from)
}

/// The upload `id` if its unit is in `scope` and, for a narrow scope, the scope's user sent
/// it: an upload is never shared, not even with the officer a dock attributed it to.
pub fn find_in(conn: &mut DbConnection, scope: &Scope, id: &str) -> DbResult<Option<Upload>> {
    let mut query = uploads::table
        .inner_join(organisations::table)
        .filter(uploads::id.eq(id.to_owned()))
        .filter(scope.covers())
        .select(Upload::as_select())
        .into_boxed();
    if let Some(user) = scope.only_user() {
        query = query.filter(uploads::uploader_id.eq(user.to_owned()));
    }
    query.get_result(conn).optional().map_err(DbError::from)
}

/// Where a committed stretch of an upload was staged in an object store: a row of
/// `upload_parts`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StagedPart {
    pub start: u64,
    pub end: u64,
    pub key: String,
}

/// What one commit of staged bytes changes.
pub struct CommitRecord<'a> {
    pub from_offset: u64,
    pub to_offset: u64,
    pub hash_state: &'a [u8],
    pub part: Option<&'a StagedPart>,
    /// The upload's digest when the commit reaches its length: the upload becomes `finishing`.
    pub computed_sha256: Option<String>,
    pub now_us: i64,
}

/// Advances the durable offset if it is still `from_offset` and the upload still open;
/// `false` when another request, a termination or the expiry got there first.
pub fn record_commit(conn: &mut DbConnection, id: &str, commit: &CommitRecord) -> DbResult<bool> {
    let next_status = if commit.computed_sha256.is_some() {
        status::FINISHING
    } else {
        status::OPEN
    };
    let updated = diesel::update(
        uploads::table
            .find(id)
            .filter(uploads::upload_offset.eq(commit.from_offset as i64))
            .filter(uploads::status.eq(status::OPEN)),
    )
    .set((
        uploads::upload_offset.eq(commit.to_offset as i64),
        uploads::hash_state.eq(commit.hash_state),
        uploads::status.eq(next_status),
        uploads::computed_sha256.eq(commit.computed_sha256.as_deref()),
        uploads::updated_at_us.eq(commit.now_us),
    ))
    .execute(conn)?;
    if updated == 1
        && let Some(part) = commit.part
    {
        diesel::insert_into(upload_parts::table)
            .values((
                upload_parts::upload_id.eq(id),
                upload_parts::start_offset.eq(part.start as i64),
                upload_parts::end_offset.eq(part.end as i64),
                upload_parts::object_key.eq(&part.key),
            ))
            .execute(conn)?;
    }
    Ok(updated == 1)
}

/// Moves an open upload at `from_offset` back to `to_offset`, the bytes that survived a crash
/// of the machine, with the hash state of those bytes; `false` if it has moved meanwhile.
pub fn rewind(
    conn: &mut DbConnection,
    id: &str,
    from_offset: u64,
    to_offset: u64,
    hash_state: &[u8],
    now_us: i64,
) -> DbResult<bool> {
    diesel::update(
        uploads::table
            .find(id)
            .filter(uploads::upload_offset.eq(from_offset as i64))
            .filter(uploads::status.eq(status::OPEN)),
    )
    .set((
        uploads::upload_offset.eq(to_offset as i64),
        uploads::hash_state.eq(hash_state),
        uploads::updated_at_us.eq(now_us),
    ))
    .execute(conn)
    .map(|rows| rows == 1)
    .map_err(DbError::from)
}

/// The parts of an upload staged in an object store, in offset order.
pub fn parts(conn: &mut DbConnection, id: &str) -> DbResult<Vec<StagedPart>> {
    let rows: Vec<(i64, i64, String)> = upload_parts::table
        .filter(upload_parts::upload_id.eq(id))
        .order(upload_parts::start_offset)
        .select((
            upload_parts::start_offset,
            upload_parts::end_offset,
            upload_parts::object_key,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(start, end, key)| StagedPart {
            start: start as u64,
            end: end as u64,
            key,
        })
        .collect())
}

/// Moves an upload from one of `from` to `to`; `false` if it was in none of them.
pub fn transition(
    conn: &mut DbConnection,
    id: &str,
    from: &[&str],
    to: &str,
    now_us: i64,
) -> DbResult<bool> {
    diesel::update(uploads::table.find(id).filter(uploads::status.eq_any(from)))
        .set((uploads::status.eq(to), uploads::updated_at_us.eq(now_us)))
        .execute(conn)
        .map(|rows| rows == 1)
        .map_err(DbError::from)
}

pub fn mark_completed(
    conn: &mut DbConnection,
    id: &str,
    evidence_id: &str,
    now_us: i64,
) -> DbResult<bool> {
    diesel::update(
        uploads::table
            .find(id)
            .filter(uploads::status.eq(status::FINISHING)),
    )
    .set((
        uploads::status.eq(status::COMPLETED),
        uploads::evidence_id.eq(evidence_id),
        uploads::updated_at_us.eq(now_us),
    ))
    .execute(conn)
    .map(|rows| rows == 1)
    .map_err(DbError::from)
}

/// Open uploads whose time is up, but those in `skip`.
pub fn expired_open(
    conn: &mut DbConnection,
    now_us: i64,
    limit: i64,
    skip: &[String],
) -> DbResult<Vec<String>> {
    uploads::table
        .filter(uploads::status.eq(status::OPEN))
        .filter(uploads::id.ne_all(skip))
        .filter(uploads::expires_at_us.le(now_us))
        .order(uploads::expires_at_us)
        .limit(limit)
        .select(uploads::id)
        .load(conn)
        .map_err(DbError::from)
}

/// Uploads left `finishing` by a request that stopped (a crash, a lost connection), but
/// those in `skip`.
pub fn stalled_finishing(
    conn: &mut DbConnection,
    updated_before_us: i64,
    limit: i64,
    skip: &[String],
) -> DbResult<Vec<String>> {
    uploads::table
        .filter(uploads::status.eq(status::FINISHING))
        .filter(uploads::id.ne_all(skip))
        .filter(uploads::updated_at_us.le(updated_before_us))
        .limit(limit)
        .select(uploads::id)
        .load(conn)
        .map_err(DbError::from)
}

/// Settled uploads whose staged bytes may still need removing.
pub fn settled_with_staging(conn: &mut DbConnection, limit: i64) -> DbResult<Vec<String>> {
    uploads::table
        .filter(uploads::staging_present.eq(true))
        .filter(uploads::status.eq_any([status::COMPLETED, status::TERMINATED, status::EXPIRED]))
        .limit(limit)
        .select(uploads::id)
        .load(conn)
        .map_err(DbError::from)
}

pub fn clear_staging(conn: &mut DbConnection, id: &str) -> DbResult<()> {
    diesel::delete(upload_parts::table.filter(upload_parts::upload_id.eq(id))).execute(conn)?;
    diesel::update(uploads::table.find(id))
        .set(uploads::staging_present.eq(false))
        .execute(conn)
        .map(drop)
        .map_err(DbError::from)
}
