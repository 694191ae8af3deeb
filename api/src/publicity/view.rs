//! Publications as anyone reads them: the notice read back from the `publication` leaf, the
//! exact leaf bytes (base64) and their index, and, once withdrawn, the `withdrawal` leaf too,
//! so a reader proves both against the public checkpoint with the log's inclusion proofs.

use super::entry::{self, PUBLICATION, PublicationEntry, WITHDRAWAL, WithdrawalEntry};
use crate::db::publications::{PublicationRow, WithdrawalRow};
use crate::db::{self, DbConnection};
use crate::error::ApiError;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::HashMap;
use utoipa::ToSchema;

/// A published decision notice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PublicDecision {
    pub id: String,
    pub org_id: String,
    pub case_id: String,
    /// The notice exactly as published, personal data masked (custos-core `PublicNotice`):
    /// `org_name`, `document_number`, `party`, `facts`, `legal_basis`, `penalty` (fen),
    /// `decided_on`.
    #[schema(value_type = Object)]
    pub notice: Value,
    pub published_at_us: i64,
    /// Whether it was published by its last day (7 working days after the decision).
    pub published_on_time: bool,
    /// The last day it was due by, `YYYY-MM-DD`.
    pub last_day: String,
    /// Index of the `publication` log entry.
    pub log_index: i64,
    /// Base64 of the exact leaf bytes of the `publication` entry.
    pub leaf: String,
    /// Present once the decision was changed, revoked or declared void and the notice withdrawn.
    pub withdrawal: Option<PublicWithdrawal>,
    /// Log index of the latest change (publication or withdrawal): the `since` cursor.
    pub change_index: i64,
}

/// The withdrawal of a published notice (行政处罚法 Art. 48).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PublicWithdrawal {
    /// `changed`, `revoked` or `void`.
    pub change: String,
    /// Why, masked like the notice.
    pub reason: String,
    pub withdrawn_at_us: i64,
    /// Whether it was withdrawn within three working days of the change.
    pub withdrawn_on_time: bool,
    pub last_day: String,
    pub log_index: i64,
    /// Base64 of the exact leaf bytes of the `withdrawal` entry.
    pub leaf: String,
}

/// The public views of `rows`, in their order, with their withdrawals: three queries.
pub fn public_views(
    conn: &mut DbConnection,
    rows: Vec<PublicationRow>,
) -> Result<Vec<PublicDecision>, ApiError> {
    let ids: Vec<&str> = rows.iter().map(|row| row.id.as_str()).collect();
    let withdrawals: HashMap<String, WithdrawalRow> = db::publications::withdrawals_of(conn, &ids)?
        .into_iter()
        .map(|row| (row.publication_id.clone(), row))
        .collect();
    let mut indexes: Vec<i64> = rows.iter().map(|row| row.log_index).collect();
    indexes.extend(withdrawals.values().map(|row| row.log_index));
    let leaves: HashMap<i64, (String, Vec<u8>)> = db::log::entries(conn, &indexes)?
        .into_iter()
        .map(|(index, entry_type, leaf)| (index, (entry_type, leaf)))
        .collect();
    rows.into_iter()
        .map(|row| {
            let withdrawal = withdrawals.get(&row.id);
            view(row, withdrawal, &leaves)
        })
        .collect()
}

fn leaf_of<'a>(
    leaves: &'a HashMap<i64, (String, Vec<u8>)>,
    index: i64,
    expected: &str,
) -> Result<&'a [u8], ApiError> {
    match leaves.get(&index) {
        Some((entry_type, leaf)) if entry_type == expected => Ok(leaf),
        _ => Err(ApiError::internal(format_args!(
            "log entry {index} is not a {expected} entry"
        ))),
    }
}

fn view(
    row: PublicationRow,
    withdrawal: Option<&WithdrawalRow>,
    leaves: &HashMap<i64, (String, Vec<u8>)>,
) -> Result<PublicDecision, ApiError> {
    let leaf = leaf_of(leaves, row.log_index, PUBLICATION)?;
    let published: PublicationEntry = entry::parse(leaf).map_err(ApiError::internal)?;
    let withdrawal = withdrawal
        .map(|w| -> Result<PublicWithdrawal, ApiError> {
            let leaf = leaf_of(leaves, w.log_index, WITHDRAWAL)?;
            let withdrawn: WithdrawalEntry = entry::parse(leaf).map_err(ApiError::internal)?;
            Ok(PublicWithdrawal {
                change: serde_json::to_value(withdrawn.change)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default(),
                reason: withdrawn.reason,
                withdrawn_at_us: w.withdrawn_at_us,
                withdrawn_on_time: w.withdrawn_at_us < w.due_before_us,
                last_day: withdrawn.last_day.to_string(),
                log_index: w.log_index,
                leaf: STANDARD.encode(leaf),
            })
        })
        .transpose()?;
    Ok(PublicDecision {
        change_index: withdrawal.as_ref().map_or(row.log_index, |w| w.log_index),
        notice: serde_json::to_value(&published.notice).map_err(ApiError::internal)?,
        published_on_time: row.published_at_us < row.due_before_us,
        last_day: published.last_day.to_string(),
        leaf: STANDARD.encode(leaf),
        id: row.id,
        org_id: row.org_id,
        case_id: row.case_id,
        published_at_us: row.published_at_us,
        log_index: row.log_index,
        withdrawal,
    })
}
