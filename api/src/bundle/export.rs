//! Building a case bundle from the database, as of one checkpoint: only records whose log
//! entries the checkpoint covers are included, so a bundle is consistent even while the
//! case grows.

use super::{BUNDLE_FORMAT, BundleDevice, CaseBundle, LoggedRecord, evidence_of};
use crate::db::cases::CaseRow;
use crate::db::{self, DbConnection};
use crate::error::ApiError;
use crate::log;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use custos_core::note::NoteSigner;
use custos_core::record::Record;
use std::collections::BTreeSet;

/// The bundle of `case` as of the log's current checkpoint.
pub fn export(
    conn: &mut DbConnection,
    signer: &NoteSigner,
    case: CaseRow,
    now_us: i64,
) -> Result<CaseBundle, ApiError> {
    let checkpoint = log::checkpoint(conn, signer)?;
    let size = checkpoint.size;
    let mut devices = BTreeSet::new();
    let mut evidence = Vec::new();
    let mut records = Vec::new();
    for row in db::records::of_case(conn, &case.id)? {
        if row.log_index as u64 >= size {
            continue;
        }
        let record = crate::recording::state::parse_stored(&row.canonical, &row.hash)?;
        evidence.extend(evidence_of(&record));
        devices.insert(row.device_id.clone());
        records.push(logged(conn, &record, row.log_index as u64, size)?);
    }
    let mut forks = Vec::new();
    for row in db::records::forks_of_case(conn, &case.id)? {
        if row.log_index as u64 >= size {
            continue;
        }
        let record = crate::recording::state::parse_stored(&row.canonical, &row.hash)?;
        devices.insert(row.device_id.clone());
        forks.push(logged(conn, &record, row.log_index as u64, size)?);
    }
    let devices = devices
        .into_iter()
        .map(|id| {
            let device = // A bundle carries the key of every device that signed a record of the case, whichever
            // unit enrolled it: the caller reads the case, and a key is public.
            db::devices::find_unscoped(conn, &id)?
                .ok_or_else(|| ApiError::internal(format_args!("device {id} is not stored")))?;
            Ok(BundleDevice {
                id,
                public_key: device.public_key,
            })
        })
        .collect::<Result<Vec<_>, ApiError>>()?;
    Ok(CaseBundle {
        format: BUNDLE_FORMAT.to_owned(),
        case: case.id,
        org: case.org_id,
        exported_at_us: now_us,
        checkpoint: checkpoint.note,
        verifier_key: signer.verifier_key(),
        devices,
        records,
        forks,
        evidence,
    })
}

/// A record with its leaf and inclusion proof in the tree of `size` leaves.
fn logged(
    conn: &mut DbConnection,
    record: &Record,
    index: u64,
    size: u64,
) -> Result<LoggedRecord, ApiError> {
    let (_, leaf) = db::log::entry(conn, index)?
        .ok_or_else(|| ApiError::internal(format_args!("log entry {index} is missing")))?;
    let proof = log::inclusion_proof(conn, index, size)?;
    Ok(LoggedRecord {
        record: serde_json::from_slice(&record.to_json()).map_err(ApiError::internal)?,
        log_index: index,
        leaf: STANDARD.encode(leaf),
        inclusion: proof.hashes.iter().map(|hash| hash.to_base64()).collect(),
    })
}
