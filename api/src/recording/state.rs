//! A stored case's state: its accepted records folded in log order, exactly as they were
//! applied when they arrived.

use crate::db::records::RecordRow;
use crate::error::ApiError;
use custos_core::lifecycle::CaseState;
use custos_core::record::Record;

/// A stored record, parsed back from its canonical bytes.
pub fn parse_stored(canonical: &[u8], hash: &str) -> Result<Record, ApiError> {
    let record = Record::from_json(canonical)
        .map_err(|error| ApiError::internal(format_args!("stored record {hash}: {error}")))?;
    if record.hash().to_hex() != hash {
        return Err(ApiError::internal(format_args!(
            "stored record {hash} has hash {}",
            record.hash()
        )));
    }
    Ok(record)
}

/// Folds a case's accepted records (in log order) into its state.
pub fn fold(rows: &[RecordRow]) -> Result<(CaseState, Vec<Record>), ApiError> {
    let mut state = CaseState::new();
    let mut records = Vec::with_capacity(rows.len());
    for row in rows {
        let record = parse_stored(&row.canonical, &row.hash)?;
        state.apply(&record).map_err(|error| {
            ApiError::internal(format_args!(
                "stored record {} does not fold: {error}",
                row.hash
            ))
        })?;
        records.push(record);
    }
    Ok((state, records))
}
