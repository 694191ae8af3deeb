//! A case's accepted records checked again by core when a reader looks at them: each record's
//! signature under its device's key at the record's time, and its place in its chain (seq and
//! `prev` after the record before it). Stored rows could have been changed behind custos's
//! back; this says so at the moment of reading instead of trusting the checks made on arrival.

use crate::db::{self, DbConnection};
use crate::devices;
use crate::error::ApiError;
use custos_core::chain::ChainState;
use custos_core::device::DevicePublicKey;
use custos_core::record::Record;
use std::collections::{BTreeMap, HashMap};
use std::num::NonZeroU64;

/// What core found for one record, by its hash.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordCheck {
    /// The signature verifies under the device's key at the record's time.
    pub signature: bool,
    /// The record follows the one before it in its chain (seq and `prev`).
    pub chain: bool,
}

/// Checks the accepted records of a case (as `view::case_view_and_records` parsed them); the
/// map is keyed by record hash.
pub fn check_records(
    conn: &mut DbConnection,
    records: &[Record],
) -> Result<HashMap<String, RecordCheck>, ApiError> {
    // Every device that signed a record of the case in one query, not one per record: the
    // case page checks a case of hundreds of records at every view.
    let mut ids: Vec<String> = records
        .iter()
        .map(|record| record.device().as_str().to_owned())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    let devices: HashMap<String, db::devices::DeviceRow> =
        db::devices::find_unscoped_many(conn, &ids)?
            .into_iter()
            .map(|row| (row.id.clone(), row))
            .collect();
    let mut chains: BTreeMap<String, Vec<&Record>> = BTreeMap::new();
    let mut checks = HashMap::with_capacity(records.len());
    for record in records {
        let key: Option<DevicePublicKey> =
            devices::signing_key_among(&devices, record.device(), record.at_us())
                .ok()
                .map(|enrolled| enrolled.public_key);
        let signature = key
            .as_ref()
            .is_some_and(|key| record.verify_signature(key).is_ok());
        checks.insert(
            record.hash().to_hex(),
            RecordCheck {
                signature,
                chain: false,
            },
        );
        chains
            .entry(record.chain().to_owned())
            .or_default()
            .push(record);
    }
    for (chain, mut records) in chains {
        records.sort_by_key(|record| record.seq());
        let mut state = ChainState::new(chain.clone());
        for record in records {
            // The signature was judged above; here only the record's place is, so one record
            // whose key is gone does not hide whether the rest follow.
            let placed = state.check_verified(record).is_ok();
            if placed && let Some(length) = NonZeroU64::new(record.seq() + 1) {
                state = ChainState::resume(chain.clone(), record.hash(), length);
            }
            if let Some(check) = checks.get_mut(&record.hash().to_hex()) {
                check.chain = placed;
            }
        }
    }
    Ok(checks)
}

/// Working days left, today included, until the last day of each open deadline of a case of
/// unit `org_id`, on that unit's working-day calendar (0 once a deadline has passed).
pub fn working_days_left(
    conn: &mut DbConnection,
    org_id: &str,
    last_days: &[String],
    now_us: i64,
) -> Result<Vec<Option<u32>>, ApiError> {
    let org = db::orgs::find_unscoped(conn, org_id)?
        .ok_or_else(|| ApiError::internal(format_args!("no unit {org_id}")))?;
    let context = super::context::ContextReader::default().unit(conn, &org.path)?;
    let calendar = context.calendar();
    let today = calendar.date_of(now_us);
    Ok(last_days
        .iter()
        .map(|day| {
            day.parse()
                .ok()
                .map(|last_day| calendar.working_days_through(today, last_day))
        })
        .collect())
}
