//! Enforcement certificates as the server keeps them (a row and its status history), and
//! their conversion to custos-core's [`Certificate`], which answers "may this officer act on
//! this date in this domain?" for the server exactly as it does on the phone.

use crate::db::DbConnection;
use crate::db::certificates::{self as rows, CertificateRow, StatusChangeRow};
use custos_core::rules::{Certificate, CertificateRefusal, CertificateStatus, LocalDate};

/// Offset of the jurisdiction's civil time from UTC: China Standard Time. Certificate
/// validity and the day a status takes effect are civil dates in this time.
pub const UTC_OFFSET_MINUTES: i32 = 8 * 60;

/// Most enforcement domains on one certificate.
pub const MAX_DOMAINS: usize = 32;

/// The civil date of the instant `at_us`.
pub fn date_of(at_us: i64) -> LocalDate {
    LocalDate::from_us(at_us, UTC_OFFSET_MINUTES)
}

#[derive(Debug, thiserror::Error)]
pub enum StoredCertificateError {
    #[error("stored certificate {id}: {what}")]
    Corrupt { id: String, what: String },
    #[error(transparent)]
    Database(#[from] crate::db::DbError),
}

impl From<StoredCertificateError> for crate::error::ApiError {
    fn from(error: StoredCertificateError) -> Self {
        match error {
            StoredCertificateError::Database(error) => error.into(),
            corrupt => crate::error::ApiError::internal(corrupt),
        }
    }
}

/// The text form of a stored status (`expired` is never stored).
pub fn status_text(status: CertificateStatus) -> &'static str {
    match status {
        CertificateStatus::Valid => "valid",
        CertificateStatus::Suspended => "suspended",
        CertificateStatus::Revoked => "revoked",
        CertificateStatus::Expired => "expired",
    }
}

fn parse_status(id: &str, text: &str) -> Result<CertificateStatus, StoredCertificateError> {
    match text {
        "valid" => Ok(CertificateStatus::Valid),
        "suspended" => Ok(CertificateStatus::Suspended),
        "revoked" => Ok(CertificateStatus::Revoked),
        other => Err(corrupt(id, format!("status {other:?}"))),
    }
}

fn parse_date(id: &str, text: &str) -> Result<LocalDate, StoredCertificateError> {
    text.parse()
        .map_err(|_| corrupt(id, format!("date {text:?}")))
}

fn corrupt(id: &str, what: String) -> StoredCertificateError {
    StoredCertificateError::Corrupt {
        id: id.to_owned(),
        what,
    }
}

/// Encodes the domain list for its column.
pub fn domains_text(domains: &[String]) -> String {
    serde_json::Value::from(domains.to_vec()).to_string()
}

/// A certificate with its status history, read from the database and checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredCertificate {
    pub row: CertificateRow,
    pub domains: Vec<String>,
    pub valid_from: LocalDate,
    pub valid_until: LocalDate,
    /// The latest recorded status and the day it took effect.
    pub status: CertificateStatus,
    pub status_since: LocalDate,
    /// Every change, oldest first; the first is the issue.
    pub history: Vec<StatusChange>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusChange {
    pub row: StatusChangeRow,
    pub status: CertificateStatus,
    pub since: LocalDate,
}

impl StoredCertificate {
    /// Checks a row and its history (oldest first).
    pub fn from_rows(
        row: CertificateRow,
        history: Vec<StatusChangeRow>,
    ) -> Result<StoredCertificate, StoredCertificateError> {
        let id = row.id.clone();
        let domains: Vec<String> = serde_json::from_str(&row.domains)
            .map_err(|_| corrupt(&id, "domains are not a JSON list of strings".to_owned()))?;
        let history = history
            .into_iter()
            .map(|change| {
                Ok(StatusChange {
                    status: parse_status(&id, &change.status)?,
                    since: parse_date(&id, &change.since)?,
                    row: change,
                })
            })
            .collect::<Result<Vec<_>, StoredCertificateError>>()?;
        Ok(StoredCertificate {
            domains,
            valid_from: parse_date(&id, &row.valid_from)?,
            valid_until: parse_date(&id, &row.valid_until)?,
            status: parse_status(&id, &row.status)?,
            status_since: parse_date(&id, &row.status_since)?,
            history,
            row,
        })
    }

    /// The status shown on `today`: the latest recorded one, except that a valid certificate
    /// past its last day is expired.
    pub fn status_on(&self, today: LocalDate) -> CertificateStatus {
        if self.status == CertificateStatus::Valid && today > self.valid_until {
            CertificateStatus::Expired
        } else {
            self.status
        }
    }

    /// The certificate as it stood on `date`, for core to judge: the status is the last one
    /// recorded to take effect on or before that day (changes take effect in recorded order,
    /// never earlier than the one before), so a suspension that was later lifted still
    /// forbids the days it covered.
    pub fn as_of(&self, date: LocalDate) -> Certificate {
        let in_force = self
            .history
            .iter()
            .rev()
            .find(|change| change.since <= date);
        let (status, status_since) = match in_force {
            Some(change) => (change.status, Some(change.since)),
            None => (CertificateStatus::Valid, None),
        };
        Certificate {
            number: self.row.number.clone(),
            holder: self.row.holder_id.clone(),
            issuer: self.row.issuer.clone(),
            domains: self.domains.clone(),
            valid_from: self.valid_from,
            valid_until: self.valid_until,
            status,
            status_since,
        }
    }
}

/// Reads rows' histories (one query) and checks them.
pub fn with_history(
    conn: &mut DbConnection,
    certificate_rows: Vec<CertificateRow>,
) -> Result<Vec<StoredCertificate>, StoredCertificateError> {
    let ids: Vec<&str> = certificate_rows.iter().map(|row| row.id.as_str()).collect();
    let mut history = rows::history(conn, &ids)?;
    certificate_rows
        .into_iter()
        .map(|row| {
            let (own, rest): (Vec<_>, Vec<_>) = std::mem::take(&mut history)
                .into_iter()
                .partition(|change| change.certificate_id == row.id);
            history = rest;
            StoredCertificate::from_rows(row, own)
        })
        .collect()
}

/// May `officer` act on `date` in `domain`? The certificate that allows it, or core's reason
/// why none does.
pub fn authorise(
    conn: &mut DbConnection,
    officer: &str,
    date: LocalDate,
    domain: &str,
) -> Result<Result<Certificate, CertificateRefusal>, StoredCertificateError> {
    let held_rows = rows::held_by(conn, officer)?;
    let held = with_history(conn, held_rows)?;
    let as_of: Vec<Certificate> = held.iter().map(|c| c.as_of(date)).collect();
    Ok(custos_core::rules::authorise(&as_of, officer, date, domain).cloned())
}

/// What an admin can do to a certificate's status (the last segment of its route).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum StatusAction {
    Suspend,
    Revoke,
    Reinstate,
}

impl StatusAction {
    /// The status after this action, or why it cannot be taken from `current`. Revocation is
    /// final; only a suspension is lifted.
    pub fn apply(self, current: CertificateStatus) -> Result<CertificateStatus, String> {
        use CertificateStatus::*;
        match (self, current) {
            (StatusAction::Suspend, Valid) => Ok(Suspended),
            (StatusAction::Revoke, Valid | Suspended) => Ok(Revoked),
            (StatusAction::Reinstate, Suspended) => Ok(Valid),
            (action, status) => Err(format!(
                "a {} certificate cannot be {}",
                status_text(status),
                action.past_tense()
            )),
        }
    }

    pub fn past_tense(self) -> &'static str {
        match self {
            StatusAction::Suspend => "suspended",
            StatusAction::Revoke => "revoked",
            StatusAction::Reinstate => "reinstated",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> LocalDate {
        text.parse().unwrap()
    }

    fn stored(changes: &[(&str, &str)]) -> StoredCertificate {
        let row = CertificateRow {
            id: "c".to_owned(),
            number: "N-1".to_owned(),
            holder_id: "officer".to_owned(),
            holder_name: "张三".to_owned(),
            issuer: "City".to_owned(),
            domains: domains_text(&["urban".to_owned()]),
            valid_from: "2025-01-01".to_owned(),
            valid_until: "2025-12-31".to_owned(),
            status: changes.last().unwrap().0.to_owned(),
            status_since: changes.last().unwrap().1.to_owned(),
            issued_by: "admin".to_owned(),
            issued_at_us: 0,
        };
        let history = changes
            .iter()
            .enumerate()
            .map(|(i, (status, since))| StatusChangeRow {
                id: format!("{i}"),
                certificate_id: "c".to_owned(),
                status: (*status).to_owned(),
                since: (*since).to_owned(),
                reason: "r".to_owned(),
                changed_by: "admin".to_owned(),
                changed_at_us: i as i64,
            })
            .collect();
        StoredCertificate::from_rows(row, history).unwrap()
    }

    /// (date, domain) → whether core lets the holder act.
    fn check(certificate: &StoredCertificate, cases: &[(&str, &str, bool)]) {
        for &(day, domain, expected) in cases {
            let verdict = certificate.as_of(date(day)).permits(date(day), domain);
            assert_eq!(verdict.is_ok(), expected, "{day} {domain}: {verdict:?}");
        }
    }

    #[test]
    fn a_lifted_suspension_still_forbids_the_days_it_covered() {
        let certificate = stored(&[
            ("valid", "2025-01-01"),
            ("suspended", "2025-03-01"),
            ("valid", "2025-03-10"),
        ]);
        check(
            &certificate,
            &[
                ("2024-12-31", "urban", false),
                ("2025-01-01", "urban", true),
                ("2025-02-28", "urban", true),
                ("2025-03-01", "urban", false),
                ("2025-03-09", "urban", false),
                ("2025-03-10", "urban", true),
                ("2025-12-31", "urban", true),
                ("2026-01-01", "urban", false),
                ("2025-06-01", "traffic", false),
            ],
        );
        assert_eq!(
            certificate.status_on(date("2025-06-01")),
            CertificateStatus::Valid
        );
        assert_eq!(
            certificate.status_on(date("2026-01-01")),
            CertificateStatus::Expired
        );
    }

    #[test]
    fn a_revocation_holds_from_its_day() {
        let certificate = stored(&[("valid", "2025-01-01"), ("revoked", "2025-05-01")]);
        check(
            &certificate,
            &[
                ("2025-04-30", "urban", true),
                ("2025-05-01", "urban", false),
            ],
        );
        assert_eq!(
            certificate.status_on(date("2026-01-01")),
            CertificateStatus::Revoked
        );
    }

    #[test]
    fn status_actions() {
        use CertificateStatus::*;
        use StatusAction::*;
        let cases = [
            (Suspend, Valid, Ok(Suspended)),
            (Revoke, Valid, Ok(Revoked)),
            (Revoke, Suspended, Ok(Revoked)),
            (Reinstate, Suspended, Ok(Valid)),
            (
                Suspend,
                Suspended,
                Err("a suspended certificate cannot be suspended"),
            ),
            (
                Reinstate,
                Valid,
                Err("a valid certificate cannot be reinstated"),
            ),
            (
                Reinstate,
                Revoked,
                Err("a revoked certificate cannot be reinstated"),
            ),
            (
                Suspend,
                Revoked,
                Err("a revoked certificate cannot be suspended"),
            ),
            (
                Revoke,
                Revoked,
                Err("a revoked certificate cannot be revoked"),
            ),
        ];
        for (action, current, expected) in cases {
            assert_eq!(
                action.apply(current),
                expected.map_err(str::to_owned),
                "{action:?} {current:?}"
            );
        }
    }

    #[test]
    fn corrupt_rows_are_refused() {
        let mut certificate = stored(&[("valid", "2025-01-01")]);
        certificate.row.domains = "urban".to_owned();
        let error = StoredCertificate::from_rows(certificate.row, vec![]).unwrap_err();
        assert_eq!(
            error.to_string(),
            "stored certificate c: domains are not a JSON list of strings"
        );
    }
}
