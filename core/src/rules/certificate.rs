//! Enforcement certificates (执法证件) and the question core answers for phone and server
//! alike: may this officer act on this date in this domain?

use serde::{Deserialize, Serialize};

use super::date::LocalDate;

/// An officer's enforcement certificate, as the admin registered it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Certificate {
    pub number: String,
    /// The officer (user id) it was issued to.
    pub holder: String,
    #[serde(default)]
    pub issuer: String,
    /// The enforcement domains (执法领域) it covers.
    pub domains: Vec<String>,
    /// First and last day of validity, inclusive.
    pub valid_from: LocalDate,
    pub valid_until: LocalDate,
    pub status: CertificateStatus,
    /// The day a status other than `valid` took effect; acts before it stay lawful. Absent:
    /// the status holds for every day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_since: Option<LocalDate>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CertificateStatus {
    Valid,
    Suspended,
    Revoked,
    Expired,
}

/// Why an officer may not act.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CertificateRefusal {
    #[error("officer {officer} holds no enforcement certificate")]
    NoCertificate { officer: String },
    #[error("officer {officer} holds no certificate for domain {domain}")]
    WrongDomain { officer: String, domain: String },
    #[error("certificate {number} is valid only from {valid_from}")]
    NotYetValid {
        number: String,
        valid_from: LocalDate,
    },
    #[error("certificate {number} expired after {valid_until}")]
    Lapsed {
        number: String,
        valid_until: LocalDate,
    },
    #[error("certificate {number} is {status:?}")]
    Withdrawn {
        number: String,
        status: CertificateStatus,
    },
}

impl Certificate {
    /// Whether this certificate lets its holder act on `date` in `domain`.
    pub fn permits(&self, date: LocalDate, domain: &str) -> Result<(), CertificateRefusal> {
        if !self.domains.iter().any(|d| d == domain) {
            return Err(CertificateRefusal::WrongDomain {
                officer: self.holder.clone(),
                domain: domain.to_owned(),
            });
        }
        if date < self.valid_from {
            return Err(CertificateRefusal::NotYetValid {
                number: self.number.clone(),
                valid_from: self.valid_from,
            });
        }
        if date > self.valid_until {
            return Err(CertificateRefusal::Lapsed {
                number: self.number.clone(),
                valid_until: self.valid_until,
            });
        }
        let status_applies = self.status_since.is_none_or(|since| date >= since);
        if self.status != CertificateStatus::Valid && status_applies {
            return Err(CertificateRefusal::Withdrawn {
                number: self.number.clone(),
                status: self.status,
            });
        }
        Ok(())
    }
}

/// May `officer` act on `date` in `domain`? The certificate that allows it, or the reason
/// none does: the refusal of a certificate for the domain when the officer has one, else
/// that the domain or any certificate is missing.
pub fn authorise<'a>(
    certificates: &'a [Certificate],
    officer: &str,
    date: LocalDate,
    domain: &str,
) -> Result<&'a Certificate, CertificateRefusal> {
    let mut refusal = CertificateRefusal::NoCertificate {
        officer: officer.to_owned(),
    };
    for certificate in certificates.iter().filter(|c| c.holder == officer) {
        match certificate.permits(date, domain) {
            Ok(()) => return Ok(certificate),
            Err(e @ CertificateRefusal::WrongDomain { .. }) => {
                if matches!(refusal, CertificateRefusal::NoCertificate { .. }) {
                    refusal = e;
                }
            }
            Err(e) => refusal = e,
        }
    }
    Err(refusal)
}
