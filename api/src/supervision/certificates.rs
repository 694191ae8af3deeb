//! Officers acting on a certificate about to lapse: when a record is accepted with an officer
//! acting in it, the officer's certificates are read, and unless the officer has an item of
//! this kind open, one is opened about the officer (subject `officer`, in the case's unit)
//! keyed by the last day of the officer's latest valid certificate: it shows from
//! `certificate_expiry_days` before that day ends (the case unit's threshold) and is an alarm
//! from then on (`due_us`), or at once as an alarm if no certificate is valid. The reader
//! compares those times with the time it asks, so nothing recomputes it in the background.
//! It is cured when a certificate valid beyond that day is issued to the officer, or the
//! officer is deactivated. A status change (suspension, revocation) shows from the officer's
//! next record after the item is cured, not before.

use crate::certificates::{self, UTC_OFFSET_MINUTES};
use crate::db::DbResult;
use crate::db::attention::{self, AttentionRow};
use crate::db::{self, DbConnection};
use crate::error::ApiError;
use custos_core::rules::{CertificateStatus, LocalDate};
use custos_core::supervision::{AttentionKind, AttentionSeverity};
use std::collections::HashSet;

const DAY_US: i64 = 86_400_000_000;

/// An officer acting in a record just accepted, with the case's unit and its threshold.
pub struct Acting {
    pub officer_id: String,
    pub org_id: String,
    pub days: u32,
}

/// Opens the item of each officer acting who has none open, at `now_us`.
pub fn acting(conn: &mut DbConnection, acting: &[Acting], now_us: i64) -> Result<(), ApiError> {
    let kind = AttentionKind::CertificateExpiring.as_str();
    let today = certificates::date_of(now_us);
    let mut seen = HashSet::new();
    let mut rows = Vec::new();
    for officer in acting {
        if !seen.insert(officer.officer_id.as_str()) {
            continue;
        }
        let open = attention::open_of_subject(conn, "officer", &officer.officer_id)?;
        if open.iter().any(|row| row.kind == kind) {
            continue;
        }
        let held = db::certificates::held_by(conn, &officer.officer_id)?;
        let held = certificates::with_history(conn, held)?;
        let last_day = held
            .iter()
            .filter(|c| c.valid_from <= today && c.status_on(today) == CertificateStatus::Valid)
            .map(|c| c.valid_until)
            .max();
        let (item_key, since_us, due_us, detail) = match last_day {
            Some(last) => {
                let ends_us = last.add_days(1).start_us(UTC_OFFSET_MINUTES);
                let since = ends_us - i64::from(officer.days) * DAY_US;
                (
                    last.to_string(),
                    since,
                    ends_us,
                    format!("certificate valid until {last}"),
                )
            }
            None => (
                String::new(),
                now_us,
                now_us,
                "no valid certificate".to_owned(),
            ),
        };
        rows.push(AttentionRow {
            id: db::new_id(),
            kind: kind.to_owned(),
            item_key,
            org_id: officer.org_id.clone(),
            subject_kind: "officer".to_owned(),
            subject_id: officer.officer_id.clone(),
            case_id: None,
            officer_id: Some(officer.officer_id.clone()),
            severity: AttentionSeverity::Warning.as_str().to_owned(),
            rule: None,
            detail,
            since_us,
            due_us: Some(due_us),
            cured_us: None,
            acknowledged_by: None,
        });
    }
    Ok(attention::insert_all(conn, &rows)?)
}

/// Cures the officer's item if the certificate just issued, valid from `valid_from` to
/// `valid_until`, is valid now and beyond the day the item is about.
pub fn issued(
    conn: &mut DbConnection,
    holder_id: &str,
    valid_from: LocalDate,
    valid_until: LocalDate,
    now_us: i64,
) -> DbResult<()> {
    let today = certificates::date_of(now_us);
    if valid_from > today || valid_until < today {
        return Ok(());
    }
    let kind = AttentionKind::CertificateExpiring.as_str();
    let until = valid_until.to_string();
    let cured: Vec<String> = attention::open_of_subject(conn, "officer", holder_id)?
        .into_iter()
        // Keys are ISO dates (or empty for none valid), which compare as text.
        .filter(|row| row.kind == kind && row.item_key < until)
        .map(|row| row.id)
        .collect();
    let ids: Vec<&str> = cured.iter().map(String::as_str).collect();
    attention::cure(conn, &ids, now_us)
}

/// Cures the item of the officer `user_id`, deactivated at `now_us`.
pub fn deactivated(conn: &mut DbConnection, user_id: &str, now_us: i64) -> DbResult<()> {
    attention::cure_kind_of_subject(
        conn,
        AttentionKind::CertificateExpiring.as_str(),
        "officer",
        user_id,
        now_us,
    )
}
