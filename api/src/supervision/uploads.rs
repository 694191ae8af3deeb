//! Uploads started and abandoned: a tus upload that is neither completed nor terminated
//! `upload_abandoned_hours` after it started (its unit's threshold, in force when it started)
//! needs attention. The item is opened with the upload, showing from that moment on, so the
//! listing decides from stored times whether it shows yet (no batch job, the same answer on
//! every node), and cured in the transaction that completes, terminates or expires the upload.
//! An upload settled before its time never shows, in either state.

use crate::db::DbResult;
use crate::db::attention::{self, AttentionRow};
use crate::db::uploads::Upload;
use crate::db::{self, DbConnection};
use crate::error::ApiError;
use crate::recording::context::ContextReader;
use custos_core::supervision::{AttentionKind, AttentionSeverity};

const HOUR_US: i64 = 3_600_000_000;

/// Opens the abandonment item of `upload`, just created, in its transaction.
pub fn started(conn: &mut DbConnection, upload: &Upload) -> Result<(), ApiError> {
    let Some(org) = db::orgs::find_unscoped(conn, &upload.org_id)? else {
        return Ok(());
    };
    let unit = ContextReader::default().unit(conn, &org.path)?;
    let hours = i64::from(unit.config.attention.upload_abandoned_hours);
    let row = AttentionRow {
        id: db::new_id(),
        kind: AttentionKind::UploadAbandoned.as_str().to_owned(),
        item_key: String::new(),
        org_id: upload.org_id.clone(),
        subject_kind: "upload".to_owned(),
        subject_id: upload.id.clone(),
        // The case an upload names need not exist; the officer sees the item as its own.
        case_id: None,
        officer_id: Some(upload.officer_id.clone()),
        severity: AttentionSeverity::Warning.as_str().to_owned(),
        rule: None,
        detail: format!(
            "{} of {} bytes received, started by {}",
            upload.upload_offset, upload.length, upload.uploader_id
        ),
        since_us: upload.created_at_us + hours * HOUR_US,
        due_us: None,
        cured_us: None,
        acknowledged_by: None,
    };
    Ok(attention::insert_all(conn, &[row])?)
}

/// Cures the item of the upload `id`, completed, terminated or expired at `now_us`.
pub fn settled(conn: &mut DbConnection, id: &str, now_us: i64) -> DbResult<()> {
    attention::cure_subject(conn, "upload", id, now_us)
}
