//! Evidence item rows: what was received, where its bytes are, its custody state, and what the
//! background analysis learned from it (a queue claimed by any node through a lease).

use super::schema::{blob_disposals, evidence, evidence_media, organisations};
use super::scope::Scope;
use super::{DbConnection, DbError, DbResult};
use diesel::prelude::*;

pub mod status {
    pub const VERIFIED: &str = "verified";
    pub const QUARANTINED: &str = "quarantined";
    pub const DISPOSED: &str = "disposed";
}

pub mod media {
    pub const PENDING: &str = "pending";
    pub const DONE: &str = "done";
    pub const FAILED: &str = "failed";
    pub const NONE: &str = "none";
}

#[derive(Queryable, Selectable, Insertable, Debug, Clone, PartialEq, Eq)]
#[diesel(table_name = evidence)]
pub struct Evidence {
    pub id: String,
    pub upload_id: String,
    pub sha256: String,
    pub declared_sha256: String,
    pub size: i64,
    pub kind: Option<String>,
    pub content_type: Option<String>,
    pub filename: Option<String>,
    pub status: String,
    pub blob_key: Option<String>,
    pub org_id: String,
    pub uploader_id: String,
    pub officer_id: String,
    pub device_id: Option<String>,
    pub case_id: Option<String>,
    pub captured_at_us: Option<i64>,
    pub device_clock_us: Option<i64>,
    pub received_at_us: i64,
    pub clock_skew_us: Option<i64>,
    pub clock_skew_flagged: bool,
    pub sealed: bool,
    pub held: bool,
}

/// What the background analysis learned about an item, and its place in the queue.
#[derive(Queryable, Selectable, Insertable, Debug, Clone, PartialEq, Eq)]
#[diesel(table_name = evidence_media)]
pub struct Media {
    pub evidence_id: String,
    pub status: String,
    pub lease_until_us: Option<i64>,
    pub attempts: i32,
    pub error: Option<String>,
    pub width: Option<i32>,
    pub height: Option<i32>,
    pub duration_us: Option<i64>,
    pub exif_captured_at_us: Option<i64>,
    pub exif_skew_us: Option<i64>,
    pub lat_e7: Option<i32>,
    pub lon_e7: Option<i32>,
    pub thumbnail_key: Option<String>,
}

impl Media {
    /// A new item's row: queued when `analyse`, else nothing to learn.
    pub fn new(evidence_id: &str, analyse: bool) -> Media {
        Media {
            evidence_id: evidence_id.to_owned(),
            status: if analyse { media::PENDING } else { media::NONE }.to_owned(),
            lease_until_us: None,
            attempts: 0,
            error: None,
            width: None,
            height: None,
            duration_us: None,
            exif_captured_at_us: None,
            exif_skew_us: None,
            lat_e7: None,
            lon_e7: None,
            thumbnail_key: None,
        }
    }
}

pub fn insert(conn: &mut DbConnection, item: &Evidence, media_row: &Media) -> DbResult<()> {
    diesel::insert_into(evidence::table)
        .values(item)
        .execute(conn)?;
    diesel::insert_into(evidence_media::table)
        .values(media_row)
        .execute(conn)
        .map(drop)
        .map_err(DbError::from)
}

pub fn media_of(conn: &mut DbConnection, id: &str) -> DbResult<Option<Media>> {
    evidence_media::table
        .find(id)
        .select(Media::as_select())
        .first(conn)
        .optional()
        .map_err(DbError::from)
}

/// An item with its analysis in one statement. The analysis commits the item's clock flag
/// together with its findings, and one statement sees both or neither on either backend
/// (two statements on PostgreSQL could see the findings without the flag).
pub fn with_media(
    conn: &mut DbConnection,
    id: &str,
) -> DbResult<Option<(Evidence, Option<Media>)>> {
    evidence::table
        .left_join(evidence_media::table)
        .filter(evidence::id.eq(id.to_owned()))
        .select((Evidence::as_select(), Option::<Media>::as_select()))
        .first(conn)
        .optional()
        .map_err(DbError::from)
}

pub fn find(conn: &mut DbConnection, id: &str) -> DbResult<Option<Evidence>> {
    evidence::table
        .find(id)
        .select(Evidence::as_select())
        .first(conn)
        .optional()
        .map_err(DbError::from)
}

type Backend = <DbConnection as diesel::Connection>::Backend;
type ScopedItems = diesel::dsl::IntoBoxed<
    'static,
    diesel::dsl::Filter<
        diesel::dsl::InnerJoin<evidence::table, organisations::table>,
        diesel::dsl::Like<organisations::path, String>,
    >,
    Backend,
>;

/// Items in `scope`: in its units, and for a narrow scope uploaded by or attributed to the
/// scope's user.
fn scoped(scope: &Scope) -> ScopedItems {
    let query = evidence::table
        .inner_join(organisations::table)
        .filter(scope.covers())
        .into_boxed();
    match scope.only_user() {
        Some(user_id) => query.filter(
            evidence::officer_id
                .eq(user_id.to_owned())
                .or(evidence::uploader_id.eq(user_id.to_owned())),
        ),
        None => query,
    }
}

/// The item `id` if it lies in `scope`.
pub fn find_in_scope(
    conn: &mut DbConnection,
    id: &str,
    scope: &Scope,
) -> DbResult<Option<Evidence>> {
    scoped(scope)
        .filter(evidence::id.eq(id.to_owned()))
        .select(Evidence::as_select())
        .first(conn)
        .optional()
        .map_err(DbError::from)
}

/// Items with this digest in `scope`, oldest first.
pub fn find_by_sha256(
    conn: &mut DbConnection,
    sha256: &str,
    scope: &Scope,
) -> DbResult<Vec<Evidence>> {
    scoped(scope)
        .filter(evidence::sha256.eq(sha256.to_owned()))
        .order(evidence::received_at_us)
        .select(Evidence::as_select())
        .load(conn)
        .map_err(DbError::from)
}

/// [`find_by_sha256`] for many digests at once (a case page's evidence, one query per 500
/// digests instead of one per digest), in order of receipt.
pub fn find_by_sha256_many(
    conn: &mut DbConnection,
    digests: &[String],
    scope: &Scope,
) -> DbResult<Vec<Evidence>> {
    let mut found = Vec::new();
    // Within the bound parameters either backend takes in one statement.
    for chunk in digests.chunks(500) {
        found.extend(
            scoped(scope)
                .filter(evidence::sha256.eq_any(chunk))
                .order(evidence::received_at_us)
                .select(Evidence::as_select())
                .load(conn)?,
        );
    }
    Ok(found)
}

/// Of `digests` (lowercase hex), those that some item declared and whose bytes did not
/// match on arrival (quarantined), each with the path of the item's unit: read once for a
/// submission, then narrowed to each case's units by [`verified_in`]'s callers.
pub fn quarantined_among(
    conn: &mut DbConnection,
    digests: &[String],
) -> DbResult<Vec<(String, String)>> {
    if digests.is_empty() {
        return Ok(Vec::new());
    }
    Ok(evidence::table
        .inner_join(organisations::table)
        .filter(evidence::declared_sha256.eq_any(digests))
        .filter(evidence::status.eq(status::QUARANTINED))
        .select((evidence::declared_sha256, organisations::path))
        .load(conn)?)
}

/// Of `digests`, those that a verified item of the unit with path `org_path` or the units
/// below it holds.
pub fn verified_in(
    conn: &mut DbConnection,
    org_path: &str,
    digests: &[String],
) -> DbResult<std::collections::BTreeSet<String>> {
    if digests.is_empty() {
        return Ok(Default::default());
    }
    // The least path above every path below `org_path` (which ends in `/`), as Scope does.
    let end = format!("{}0", &org_path[..org_path.len().saturating_sub(1)]);
    Ok(evidence::table
        .inner_join(organisations::table)
        .filter(organisations::path.ge(org_path.to_owned()))
        .filter(organisations::path.lt(end))
        .filter(evidence::sha256.eq_any(digests))
        .filter(evidence::status.ne(status::QUARANTINED))
        .select(evidence::sha256)
        .load::<String>(conn)?
        .into_iter()
        .collect())
}

pub fn set_sealed(conn: &mut DbConnection, id: &str) -> DbResult<bool> {
    diesel::update(evidence::table.find(id).filter(evidence::sealed.eq(false)))
        .set(evidence::sealed.eq(true))
        .execute(conn)
        .map(|rows| rows == 1)
        .map_err(DbError::from)
}

pub fn set_held(conn: &mut DbConnection, id: &str, held: bool) -> DbResult<bool> {
    diesel::update(evidence::table.find(id).filter(evidence::held.eq(!held)))
        .set(evidence::held.eq(held))
        .execute(conn)
        .map(|rows| rows == 1)
        .map_err(DbError::from)
}

/// Marks an item disposed (its bytes are deleted after commit); refuses held items.
pub fn set_disposed(conn: &mut DbConnection, id: &str) -> DbResult<bool> {
    diesel::update(
        evidence::table
            .find(id)
            .filter(evidence::held.eq(false))
            .filter(evidence::status.ne(status::DISPOSED)),
    )
    .set((
        evidence::status.eq(status::DISPOSED),
        evidence::blob_key.eq(None::<String>),
    ))
    .execute(conn)
    .map(|rows| rows == 1)
    .map_err(DbError::from)
}

/// Notes that a disposed item's bytes at `blob_key` are to be deleted (see
/// `evidence::disposal`).
pub fn queue_disposal(
    conn: &mut DbConnection,
    evidence_id: &str,
    blob_key: &str,
    now_us: i64,
) -> DbResult<()> {
    diesel::insert_into(blob_disposals::table)
        .values((
            blob_disposals::evidence_id.eq(evidence_id),
            blob_disposals::blob_key.eq(blob_key),
            blob_disposals::requested_at_us.eq(now_us),
        ))
        .execute(conn)
        .map(drop)
        .map_err(DbError::from)
}

/// The content key a disposal of `evidence_id` still has to delete, if any.
pub fn pending_disposal(conn: &mut DbConnection, evidence_id: &str) -> DbResult<Option<String>> {
    blob_disposals::table
        .find(evidence_id)
        .select(blob_disposals::blob_key)
        .first(conn)
        .optional()
        .map_err(DbError::from)
}

/// Items whose disposal still has bytes to delete, oldest first.
/// Disposals whose bytes are still to delete, oldest first, but those in `skip`.
pub fn pending_disposals(
    conn: &mut DbConnection,
    limit: i64,
    skip: &[String],
) -> DbResult<Vec<String>> {
    blob_disposals::table
        .filter(blob_disposals::evidence_id.ne_all(skip))
        .order(blob_disposals::requested_at_us)
        .select(blob_disposals::evidence_id)
        .limit(limit)
        .load(conn)
        .map_err(DbError::from)
}

pub fn forget_disposal(conn: &mut DbConnection, evidence_id: &str) -> DbResult<()> {
    diesel::delete(blob_disposals::table.find(evidence_id))
        .execute(conn)
        .map(drop)
        .map_err(DbError::from)
}

/// Whether any item that is not disposed still uses the bytes at `blob_key`.
pub fn blob_in_use(conn: &mut DbConnection, blob_key: &str) -> DbResult<bool> {
    diesel::select(diesel::dsl::exists(
        evidence::table.filter(evidence::blob_key.eq(blob_key)),
    ))
    .get_result(conn)
    .map_err(DbError::from)
}

/// Claims one item whose analysis is pending (or whose claim lapsed) until `lease_until_us`.
pub fn claim_media_job(
    conn: &mut DbConnection,
    now_us: i64,
    lease_until_us: i64,
    max_attempts: i32,
) -> DbResult<Option<(Evidence, Media)>> {
    let claimable = evidence_media::status
        .eq(media::PENDING)
        .and(evidence_media::attempts.lt(max_attempts))
        .and(
            evidence_media::lease_until_us
                .is_null()
                .or(evidence_media::lease_until_us.lt(now_us)),
        );
    let candidate: Option<String> = evidence_media::table
        .filter(claimable)
        .select(evidence_media::evidence_id)
        .first(conn)
        .optional()?;
    let Some(id) = candidate else {
        return Ok(None);
    };
    let claimed = diesel::update(evidence_media::table.find(&id).filter(claimable))
        .set((
            evidence_media::lease_until_us.eq(lease_until_us),
            evidence_media::attempts.eq(evidence_media::attempts + 1),
        ))
        .execute(conn)?;
    if claimed != 1 {
        return Ok(None);
    }
    let item = find(conn, &id)?;
    let media_row = media_of(conn, &id)?;
    Ok(item.zip(media_row))
}

/// Stores what the analysis found (`findings.status` done) and flags the item's clock if the
/// EXIF time disagrees with the declared one, in one transaction: a reader never sees the
/// analysis done without its flag.
pub fn record_media(conn: &mut DbConnection, findings: &Media, skew_flagged: bool) -> DbResult<()> {
    conn.transaction(|conn| {
        diesel::update(evidence_media::table.find(&findings.evidence_id))
            .set((
                evidence_media::status.eq(media::DONE),
                evidence_media::lease_until_us.eq(None::<i64>),
                evidence_media::width.eq(findings.width),
                evidence_media::height.eq(findings.height),
                evidence_media::duration_us.eq(findings.duration_us),
                evidence_media::exif_captured_at_us.eq(findings.exif_captured_at_us),
                evidence_media::exif_skew_us.eq(findings.exif_skew_us),
                evidence_media::lat_e7.eq(findings.lat_e7),
                evidence_media::lon_e7.eq(findings.lon_e7),
                evidence_media::thumbnail_key.eq(&findings.thumbnail_key),
            ))
            .execute(conn)?;
        if skew_flagged {
            diesel::update(evidence::table.find(&findings.evidence_id))
                .set(evidence::clock_skew_flagged.eq(true))
                .execute(conn)?;
        }
        Ok(())
    })
}

pub fn record_media_failure(
    conn: &mut DbConnection,
    id: &str,
    error: &str,
    give_up: bool,
) -> DbResult<()> {
    let next = if give_up {
        media::FAILED
    } else {
        media::PENDING
    };
    diesel::update(evidence_media::table.find(id))
        .set((
            evidence_media::status.eq(next),
            evidence_media::error.eq(error),
            evidence_media::lease_until_us.eq(None::<i64>),
        ))
        .execute(conn)
        .map(drop)
        .map_err(DbError::from)
}
