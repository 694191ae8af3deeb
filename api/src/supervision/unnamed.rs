//! Evidence received but named by no record: an evidence item that no accepted record names
//! (by its digest) `evidence_unnamed_days` after it was received (its unit's threshold, in
//! force then) needs attention, since evidence no case file uses is either a record not sent
//! or a file kept for nothing. The item is opened with the evidence item, showing from that
//! many days after its receipt, so the listing decides from stored times whether it shows yet
//! (no batch job); it is cured in the submission that accepts the first record naming the
//! digest (at that record's arrival) or in the item's disposal. An item a record named before it
//! arrived opens nothing.

use crate::db::attention::{self, AttentionRow};
use crate::db::evidence::Evidence;
use crate::db::evidence_names::{self, EvidenceName};
use crate::db::{self, DbConnection};
use crate::error::ApiError;
use crate::recording::context::ContextReader;
use custos_core::supervision::{AttentionKind, AttentionSeverity};
use std::collections::HashMap;

const DAY_US: i64 = 86_400_000_000;

/// Opens the item of `item`, just received, unless a record names it already.
pub fn received(conn: &mut DbConnection, item: &Evidence) -> Result<(), ApiError> {
    if evidence_names::named(conn, &item.sha256)? {
        return Ok(());
    }
    let Some(org) = db::orgs::find_unscoped(conn, &item.org_id)? else {
        return Ok(());
    };
    let unit = ContextReader::default().unit(conn, &org.path)?;
    let days = i64::from(unit.config.attention.evidence_unnamed_days);
    let row = AttentionRow {
        id: db::new_id(),
        kind: AttentionKind::EvidenceUnnamed.as_str().to_owned(),
        item_key: String::new(),
        org_id: item.org_id.clone(),
        subject_kind: "evidence".to_owned(),
        subject_id: item.id.clone(),
        // The case an upload names need not exist; the officer sees the item as its own.
        case_id: None,
        officer_id: Some(item.officer_id.clone()),
        severity: AttentionSeverity::Warning.as_str().to_owned(),
        rule: None,
        detail: format!("no record names sha256 {}", item.sha256),
        since_us: item.received_at_us + days * DAY_US,
        due_us: None,
        cured_us: None,
        acknowledged_by: None,
    };
    Ok(attention::insert_all(conn, &[row])?)
}

/// Keeps the digests the records just accepted name, and cures the items of the evidence
/// items with those digests, each at the arrival of the first record naming it.
pub fn named(conn: &mut DbConnection, names: &[EvidenceName]) -> Result<(), ApiError> {
    if names.is_empty() {
        return Ok(());
    }
    evidence_names::insert_all(conn, names)?;
    let mut first: HashMap<&str, i64> = HashMap::new();
    for name in names {
        let at = first
            .entry(name.sha256.as_str())
            .or_insert(name.named_at_us);
        *at = (*at).min(name.named_at_us);
    }
    let digests: Vec<&str> = first.keys().copied().collect();
    for (id, sha256) in evidence_names::items_with(conn, &digests)? {
        attention::cure_kind_of_subject(
            conn,
            AttentionKind::EvidenceUnnamed.as_str(),
            "evidence",
            &id,
            first[sha256.as_str()],
        )?;
    }
    Ok(())
}
