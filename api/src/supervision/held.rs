//! Records held too long: a record that arrived before its predecessor is held out of its
//! chain until the gap fills. Held longer than its case unit's `record_held_hours` (in force
//! when it arrived), it needs attention: a device is not sending what it signed. The item is
//! opened with the held record, in the submission that holds it, showing from that many hours
//! after its arrival, so the listing decides from stored times whether it shows yet (no batch
//! job); it is cured in the submission that releases the record into its chain (or refuses
//! it then). A record released in time never shows.

use crate::db::DbResult;
use crate::db::attention::{self, AttentionRow};
use crate::db::chains::HeldRow;
use crate::db::{self, DbConnection};
use custos_core::supervision::{AttentionKind, AttentionSeverity};

const HOUR_US: i64 = 3_600_000_000;

/// Where a held record's case stands, for its item.
pub struct HeldCase {
    /// The case's unit (for a case not yet stored, the unit it will be opened in).
    pub org_id: String,
    /// Whether the case's row exists (or is written by this submission): the item names it.
    pub exists: bool,
    /// The unit's `record_held_hours`.
    pub hours: u32,
}

/// Opens the items of records just held, each with its case.
pub fn held(conn: &mut DbConnection, records: &[(&HeldRow, HeldCase)]) -> DbResult<()> {
    let rows: Vec<AttentionRow> = records
        .iter()
        .map(|(record, case)| AttentionRow {
            id: db::new_id(),
            kind: AttentionKind::RecordHeld.as_str().to_owned(),
            item_key: String::new(),
            org_id: case.org_id.clone(),
            subject_kind: "record".to_owned(),
            subject_id: record.hash.clone(),
            case_id: case.exists.then(|| record.case_id.clone()),
            officer_id: None,
            severity: AttentionSeverity::Alarm.as_str().to_owned(),
            rule: None,
            detail: format!(
                "case {} chain {} seq {} waits for an earlier record",
                record.case_id, record.chain_id, record.seq
            ),
            since_us: record.received_at_us + i64::from(case.hours) * HOUR_US,
            due_us: None,
            cured_us: None,
            acknowledged_by: None,
        })
        .collect();
    attention::insert_all(conn, &rows)
}

/// Cures the items of the held records `hashes`, released into their chains (or refused) at
/// `now_us`.
pub fn released(conn: &mut DbConnection, hashes: &[String], now_us: i64) -> DbResult<()> {
    for hash in hashes {
        attention::cure_kind_of_subject(
            conn,
            AttentionKind::RecordHeld.as_str(),
            "record",
            hash,
            now_us,
        )?;
    }
    Ok(())
}
