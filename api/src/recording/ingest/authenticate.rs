//! The first stage, outside the write transaction: the strict parse, the chain id, the
//! officer, the device key at the record's time and the signature, for every record of a
//! submission. Nothing here reads a chain or a case.

use super::refused;
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::recording::chain_id::case_of_chain;
use crate::recording::device_keys::{DEVICE_REVOKED, DeviceKeys};
use crate::recording::outcome::RecordResult;
use custos_core::record::Record;

/// A submission after the first pass: each record or its refusal, and the devices whose
/// records were refused as signed after their revocation (with the instant each signed at).
pub struct Checked {
    pub(super) items: Vec<Result<Authentic, RecordResult>>,
    pub(super) revoked: Vec<(String, i64)>,
}

/// A record that passed the checks that need no case: strictly parsed, its chain naming a
/// case, signed by its officer's enrolled device (the signature verified).
pub struct Authentic {
    pub(super) record: Record,
}

/// The first pass over a submission (each record's exact bytes), for the officer `officer`:
/// each record, or its refusal. Parsing and signatures are CPU work spread over every core;
/// the device keys are read once per device. Database failures are errors.
pub fn authenticate(
    conn: &mut DbConnection,
    raws: &[&[u8]],
    officer: &str,
) -> Result<Checked, ApiError> {
    let parsed = on_every_core(raws, |raw| parse(raw, officer));
    let mut keys = DeviceKeys::default();
    let mut keyed = Vec::with_capacity(parsed.len());
    let mut revoked = Vec::new();
    for item in parsed {
        keyed.push(match item {
            Ok(record) => match keys.for_record(conn, &record)? {
                Ok(key) => Ok((record, key)),
                Err((check, detail)) => {
                    if check == DEVICE_REVOKED {
                        revoked.push((record.device().as_str().to_owned(), record.at_us()));
                    }
                    Err(Box::new(refused(Some(&record), check, detail)))
                }
            },
            Err(result) => Err(result),
        });
    }
    let bad_signatures = on_every_core(&keyed, |item| match item {
        Ok((record, key)) => record.verify_signature(key).err().map(|e| e.to_string()),
        Err(_) => None,
    });
    let mut checked = Vec::with_capacity(keyed.len());
    for (item, bad_signature) in keyed.into_iter().zip(bad_signatures) {
        checked.push(match (item, bad_signature) {
            (Ok((record, _)), None) => Ok(Authentic { record }),
            (Ok((record, _)), Some(detail)) => {
                Err(refused(Some(&record), "record.signature", detail))
            }
            (Err(result), _) => Err(*result),
        });
    }
    Ok(Checked {
        items: checked,
        revoked,
    })
}

/// The strict parse, the chain id and the officer of one submitted record; a refusal is
/// boxed, being much larger than a record handle.
fn parse(raw: &[u8], officer: &str) -> Result<Record, Box<RecordResult>> {
    let refuse = |record: Option<&Record>, check, detail| Box::new(refused(record, check, detail));
    let record =
        Record::from_json(raw).map_err(|error| refuse(None, "record.format", error.to_string()))?;
    if let Err(error) = case_of_chain(record.chain()) {
        return Err(refuse(Some(&record), "record.chain_id", error.to_string()));
    }
    if record.officer() != officer {
        let detail = format!(
            "record is signed for officer {:?}; only that officer may submit it",
            record.officer()
        );
        return Err(refuse(Some(&record), "record.officer", detail));
    }
    Ok(record)
}

/// `work` applied to every item, in order, the items split between the machine's cores.
fn on_every_core<T: Sync, U: Send>(items: &[T], work: impl Fn(&T) -> U + Sync) -> Vec<U> {
    // Below this many items a thread costs more than the work it takes over.
    const SMALLEST_SHARE: usize = 16;
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let share = items.len().div_ceil(cores).max(SMALLEST_SHARE);
    if items.len() <= share {
        return items.iter().map(&work).collect();
    }
    std::thread::scope(|scope| {
        let work = &work;
        let shares: Vec<_> = items
            .chunks(share)
            .map(|chunk| scope.spawn(move || chunk.iter().map(work).collect::<Vec<U>>()))
            .collect();
        shares
            .into_iter()
            .flat_map(|share| {
                share
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
}
