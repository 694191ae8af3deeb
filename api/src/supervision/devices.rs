//! Records arriving from a revoked device: a device revoked (lost, stolen, retired) whose
//! records, signed after the revocation and so refused, keep arriving needs attention, since
//! someone still holds its key. The item is about the device (subject `device`, in its unit,
//! naming its owner) and opened in the submission's transaction unless one is open; it is
//! cured only by an admin of the device's unit line acknowledging it
//! (`POST /api/v1/supervision/attention/{id}/acknowledgement`): a revoked key cannot be
//! enrolled again, so an acknowledgement that the unit has seen to it is the one cure.

use crate::db::attention::{self, AttentionRow};
use crate::db::{self, DbConnection};
use crate::error::ApiError;
use custos_core::supervision::{AttentionKind, AttentionSeverity};
use std::collections::BTreeMap;

/// Opens an item for each device of `refused` (a device and the instant a record refused as
/// signed after its revocation was signed at) that has none open.
pub fn records_after_revocation(
    conn: &mut DbConnection,
    refused: &[(String, i64)],
    now_us: i64,
) -> Result<(), ApiError> {
    let kind = AttentionKind::RevokedDeviceRecords.as_str();
    let mut devices: BTreeMap<&str, (usize, i64)> = BTreeMap::new();
    for (device, at_us) in refused {
        let entry = devices.entry(device.as_str()).or_insert((0, *at_us));
        entry.0 += 1;
        entry.1 = entry.1.max(*at_us);
    }
    let mut rows = Vec::new();
    for (device, (count, latest_us)) in devices {
        let open = attention::open_of_subject(conn, "device", device)?;
        if open.iter().any(|row| row.kind == kind) {
            continue;
        }
        let Some(row) = db::devices::find_unscoped(conn, device)? else {
            continue;
        };
        let Some(revoked_at_us) = row.revoked_at_us else {
            continue;
        };
        rows.push(AttentionRow {
            id: db::new_id(),
            kind: kind.to_owned(),
            item_key: String::new(),
            org_id: row.org_id,
            subject_kind: "device".to_owned(),
            subject_id: row.id,
            case_id: None,
            officer_id: row.owner_id,
            severity: AttentionSeverity::Alarm.as_str().to_owned(),
            rule: None,
            detail: format!(
                "{count} record(s) signed after the revocation at {revoked_at_us} µs arrived, the latest signed at {latest_us} µs"
            ),
            since_us: now_us,
            due_us: None,
            cured_us: None,
            acknowledged_by: None,
        });
    }
    Ok(attention::insert_all(conn, &rows)?)
}
