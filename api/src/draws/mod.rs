//! 双随机 draws (双随机、一公开): a supervisor or admin draws inspection targets from a
//! directory and inspectors from its unit's certified officers; the draw is custos-core's
//! (`custos_core::draw`), seeded from the log so that nobody chooses the seed, and published
//! as a `draw` log entry in the same transaction that stores it.
//!
//! The seed is SHA-256 over a domain-separation string, the log's size and root just before
//! the draw's entry, and the digest of the draw's canonical inputs, which include the draw id
//! the server generates at that moment: the caller cannot compute the seed before asking, and
//! every draw, repeated or not, stays in the log for anyone to see.

pub mod entry;
pub mod pool;

use crate::access::not_in_scope;
use crate::db::draws::DrawRow;
use crate::db::scope::Scope;
use crate::db::{self, DbConnection};
use crate::error::ApiError;
use crate::log::Appender;
use custos_core::draw::{self, DrawError, DrawInputs};
use entry::{DRAW, DrawEntry};

/// A draw as the caller asks for it, checked for form by the route.
#[derive(Debug, Clone)]
pub struct DrawOrder {
    pub org_id: String,
    pub task: String,
    pub domain: String,
    pub count: u64,
    pub team_size: u64,
    pub targets: Vec<String>,
    /// The inspectors to draw from; `None`: every eligible officer of the unit and below.
    pub inspectors: Option<Vec<String>>,
}

/// A stored draw: its row and its log entry.
#[derive(Debug, Clone)]
pub struct StoredDraw {
    pub row: DrawRow,
    pub entry: DrawEntry,
}

impl From<DrawError> for ApiError {
    fn from(error: DrawError) -> ApiError {
        ApiError::invalid_input(error.to_string())
    }
}

/// Makes a draw for a unit in `scope`: checks the pool, seeds from the log under its lock,
/// draws, and appends the entry and stores the row, inside a [`crate::log::commit`] job.
pub fn make(
    conn: &mut DbConnection,
    log: &mut Appender,
    scope: &Scope,
    order: DrawOrder,
    now_us: i64,
) -> Result<StoredDraw, ApiError> {
    let org = db::orgs::find_in(conn, scope, &order.org_id)?
        .ok_or_else(|| not_in_scope("organisation"))?;
    let inspectors = pool::inspectors(conn, scope, &org, &order, now_us)?;
    let id = db::new_id();
    let inputs = DrawInputs::new(
        id.clone(),
        org.id.clone(),
        order.task.clone(),
        order.domain.clone(),
        order.count,
        order.team_size,
        order.targets,
        inspectors,
    )?;
    // Under the log's lock, so the root is that of the log just before this entry.
    let log_size = log.size();
    let log_root = log.root(conn)?;
    let logged = draw::draw_from_log(&inputs, log_size, &log_root)?;
    let entry = DrawEntry {
        draw: id.clone(),
        org: org.id.clone(),
        actor: scope.actor().to_owned(),
        inputs,
        log_size,
        log_root_sha256: log_root,
        inputs_sha256: logged.inputs_sha256,
        seed: logged.seed,
        result: logged.result,
        at_us: now_us,
    };
    let log_index = log.append(conn, DRAW, &entry, now_us)?;
    if log_index != log_size {
        return Err(ApiError::internal(format_args!(
            "draw entry appended at {log_index}, seeded at size {log_size}"
        )));
    }
    let row = DrawRow {
        id,
        org_id: org.id,
        actor_id: scope.actor().to_owned(),
        task: order.task,
        domain: order.domain,
        log_index: log_index as i64,
        created_at_us: now_us,
    };
    db::draws::insert(conn, &row)?;
    // Each inspector once, however many targets it goes to.
    let mut sent: Vec<&str> = entry
        .result
        .assignments
        .iter()
        .flat_map(|assignment| assignment.inspectors.iter().map(String::as_str))
        .collect();
    sent.sort_unstable();
    sent.dedup();
    db::draws::insert_inspectors(conn, &row.id, &sent)?;
    Ok(StoredDraw { row, entry })
}

/// The draw of `row`, read back from its log entry.
pub fn stored(conn: &mut DbConnection, row: DrawRow) -> Result<StoredDraw, ApiError> {
    published(conn, row).map(|(draw, _)| draw)
}

/// The draw of `row` and the exact bytes of its log leaf, which a verifier checks against
/// the log's inclusion proofs.
pub fn published(conn: &mut DbConnection, row: DrawRow) -> Result<(StoredDraw, Vec<u8>), ApiError> {
    let (entry_type, leaf) = db::log::entry(conn, row.log_index as u64)?
        .ok_or_else(|| ApiError::internal(format_args!("draw {} has no log entry", row.id)))?;
    if entry_type != DRAW {
        return Err(ApiError::internal(format_args!(
            "draw {} points at a {entry_type} entry",
            row.id
        )));
    }
    let entry = entry::parse(&leaf).map_err(ApiError::internal)?;
    Ok((StoredDraw { row, entry }, leaf))
}

/// The draw `id` as `scope` may read it: in its units, or, for an officer (a narrow scope),
/// one that sends it to a target, whatever the drawing unit.
pub fn find_for(
    conn: &mut DbConnection,
    scope: &Scope,
    id: &str,
) -> Result<Option<DrawRow>, ApiError> {
    Ok(match scope.only_user() {
        Some(user) => db::draws::find_assigned(conn, user, id)?,
        None => db::draws::find_in(conn, scope, id)?,
    })
}

/// The draws `scope` may read (as in [`find_for`]), optionally of one unit only.
pub fn list_for(
    conn: &mut DbConnection,
    scope: &Scope,
    org_id: Option<&str>,
    page: &db::Page,
) -> Result<Vec<DrawRow>, ApiError> {
    Ok(match scope.only_user() {
        Some(user) => db::draws::list_assigned(conn, user, org_id, page)?,
        None => db::draws::list_in(conn, scope, org_id, page)?,
    })
}
