//! The attention items of evidence items: one in quarantine (its bytes differ from the digest
//! its device declared) and one whose clock was flagged (its device time, or its EXIF time,
//! off the server's beyond the bound). Each is opened in the transaction that stores or flags
//! the item and cured in the one that disposes of it: a quarantined or mistimed file stays a
//! problem for the unit above as long as it is kept.

use crate::db::DbResult;
use crate::db::attention::{self, AttentionRow};
use crate::db::evidence::{Evidence, status};
use crate::db::{self, DbConnection};
use custos_core::supervision::{AttentionKind, AttentionSeverity};

/// Opens the items a newly stored item needs, at `now_us`.
pub fn received(conn: &mut DbConnection, item: &Evidence, now_us: i64) -> DbResult<()> {
    let mut rows = Vec::new();
    if item.status == status::QUARANTINED {
        rows.push(row(
            item,
            AttentionKind::EvidenceQuarantined,
            format!(
                "received sha256 {}, the device declared {}",
                item.sha256, item.declared_sha256
            ),
            now_us,
        ));
    }
    if item.clock_skew_flagged {
        let mut said = Vec::new();
        if let Some(skew) = item.clock_skew_us {
            said.push(format!("device clock off by {} s", skew / 1_000_000));
        }
        if let Some(captured) = item.captured_at_us.filter(|&at| at > item.received_at_us) {
            let ahead = (captured - item.received_at_us) / 1_000_000;
            said.push(format!("captured {ahead} s after it was received"));
        }
        rows.push(row(item, AttentionKind::ClockSkew, said.join("; "), now_us));
    }
    attention::insert_all(conn, &rows)
}

/// Opens the clock item of `item`, flagged after it was stored (by its EXIF time), unless
/// it was flagged already.
pub fn skew_flagged(conn: &mut DbConnection, item: &Evidence, now_us: i64) -> DbResult<()> {
    if item.clock_skew_flagged {
        return Ok(());
    }
    let detail = "the file's EXIF time disagrees with its declared capture time".to_owned();
    attention::insert_all(conn, &[row(item, AttentionKind::ClockSkew, detail, now_us)])
}

/// Cures the items of the evidence item `id`, disposed of at `now_us`.
pub fn disposed(conn: &mut DbConnection, id: &str, now_us: i64) -> DbResult<()> {
    attention::cure_subject(conn, "evidence", id, now_us)
}

fn row(item: &Evidence, kind: AttentionKind, detail: String, now_us: i64) -> AttentionRow {
    AttentionRow {
        id: db::new_id(),
        kind: kind.as_str().to_owned(),
        item_key: String::new(),
        org_id: item.org_id.clone(),
        subject_kind: "evidence".to_owned(),
        subject_id: item.id.clone(),
        // The case an upload names need not exist yet; the officer sees the item as its own.
        case_id: None,
        officer_id: Some(item.officer_id.clone()),
        severity: AttentionSeverity::Alarm.as_str().to_owned(),
        rule: None,
        detail,
        since_us: now_us,
        due_us: None,
        cured_us: None,
        acknowledged_by: None,
    }
}
