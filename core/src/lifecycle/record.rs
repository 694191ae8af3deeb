//! A record of a case as the lifecycle and the rules see it: kind and body typed, with the
//! time and the signing officer.

use std::borrow::Cow;
use std::collections::BTreeSet;

use serde_json::{Map, Value};

use super::body::*;
use super::error::LifecycleError;
use super::vocabulary::{RecordBody, RecordKind};
use crate::record::{Record, UnsignedRecord, evidence_refs};

/// The parts of a record the lifecycle and the rules read: `kind` (through the body), `at_us`,
/// `officer` and `body`. A phone builds one from typed parts before signing; the server parses
/// one from each signed record it receives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseRecord {
    /// When the step happened, integer microseconds since the Unix epoch (UTC).
    pub at_us: i64,
    /// The officer (user id) who signs the record.
    pub officer: String,
    pub body: RecordBody,
}

impl CaseRecord {
    pub fn new(at_us: i64, officer: impl Into<String>, body: impl Into<RecordBody>) -> CaseRecord {
        CaseRecord {
            at_us,
            officer: officer.into(),
            body: body.into(),
        }
    }

    /// Types a record's `kind` and `body`. Unknown kinds and bodies that do not match their kind
    /// (floats where integers belong, malformed evidence references) are errors.
    pub fn parse(
        kind: &str,
        at_us: i64,
        officer: &str,
        body: &Map<String, Value>,
    ) -> Result<CaseRecord, LifecycleError> {
        let kind = RecordKind::from_name(kind)
            .ok_or_else(|| LifecycleError::UnknownKind(kind.to_owned()))?;
        let invalid = |reason: String| LifecycleError::InvalidBody { kind, reason };
        // The record module owns what an evidence reference is; the body types reuse it.
        evidence_refs(body).map_err(|e| invalid(e.to_string()))?;
        let body = RecordBody::parse(kind, body).map_err(|e| invalid(e.to_string()))?;
        // Only a change has a decision it was changed to; a revocation's would be published.
        if let RecordBody::DecisionChanged(changed) = &body
            && changed.decision.is_some()
            && changed.change != super::DecisionChange::Changed
        {
            return Err(invalid(
                "decision (the decision it was changed to) goes only with change \"changed\""
                    .to_owned(),
            ));
        }
        // The police decide to file before the unit can receive their notice of it, and a
        // notice is named by its number (移送规定 Art. 12).
        if let RecordBody::TransferPoliceFiled(filed) = &body {
            if filed.filing_notice.trim().is_empty() {
                return Err(invalid(
                    "filing_notice (the police's 立案通知书) is empty".to_owned(),
                ));
            }
            if filed.notice_received_on < filed.filed_on {
                return Err(invalid(format!(
                    "notice_received_on {} is before filed_on {}",
                    filed.notice_received_on, filed.filed_on
                )));
            }
        }
        Ok(CaseRecord::new(at_us, officer, body))
    }

    /// An unsigned record with this content, for the phone to sign.
    pub fn to_unsigned(
        &self,
        chain: String,
        seq: u64,
        prev: Option<crate::digest::Sha256Digest>,
        device: crate::device::DeviceId,
    ) -> Result<UnsignedRecord, serde_json::Error> {
        Ok(UnsignedRecord {
            v: crate::record::RECORD_VERSION,
            chain,
            seq,
            prev,
            kind: self.kind().name().to_owned(),
            at_us: self.at_us,
            device,
            officer: self.officer.clone(),
            body: self.body.to_body()?,
        })
    }

    pub fn kind(&self) -> RecordKind {
        self.body.kind()
    }

    /// The officers a field record names as present, with the signer: those Art. 42/52/55
    /// count and whose certificates must be valid. `None` for records that are not field acts.
    pub fn field_officers(&self) -> Option<BTreeSet<&str>> {
        let named = match &self.body {
            RecordBody::InspectionRecord(b) => &b.officers,
            RecordBody::InvestigationRecord(b) => &b.officers,
            RecordBody::EvidencePreserved(b) => &b.officers,
            RecordBody::SummaryPenalty(b) => &b.officers,
            // 查封、扣押 as the outcome of a preservation is an on-site coercive measure
            // (行政强制法 Art. 18(2)).
            RecordBody::EvidencePreservationResolved(b)
                if b.outcome == PreservationOutcome::Seized =>
            {
                &b.officers
            }
            _ => return None,
        };
        Some(self.with_signer(named))
    }

    /// Whether a field record says the officers showed their certificates (Art. 52, 55);
    /// `None` for records that are not field acts.
    pub fn credentials_shown(&self) -> Option<bool> {
        self.field_officers()?;
        Some(match &self.body {
            RecordBody::InspectionRecord(b) => b.credentials_shown,
            RecordBody::InvestigationRecord(b) => b.credentials_shown,
            RecordBody::EvidencePreserved(b) => b.credentials_shown,
            RecordBody::SummaryPenalty(b) => b.credentials_shown,
            RecordBody::EvidencePreservationResolved(b) => b.credentials_shown,
            _ => false,
        })
    }

    /// Everyone who acts in the case through this record: the signer, the officers it names,
    /// the legal reviewer, the hearing's presiding officer. Recusal (Art. 43) applies to all.
    pub fn acting_officers(&self) -> BTreeSet<&str> {
        match &self.body {
            RecordBody::CaseFiled(b) => self.with_signer(&b.officers),
            RecordBody::InspectionRecord(b) => self.with_signer(&b.officers),
            RecordBody::InvestigationRecord(b) => self.with_signer(&b.officers),
            RecordBody::EvidencePreserved(b) => self.with_signer(&b.officers),
            RecordBody::EvidencePreservationResolved(b) => self.with_signer(&b.officers),
            RecordBody::SummaryPenalty(b) => self.with_signer(&b.officers),
            RecordBody::ExecutionRecorded(b) => self.with_signer(&b.officers),
            RecordBody::TransferReported(b) => self.with_signer(&b.officers),
            RecordBody::ReviewLegal(b) => self.with_signer(std::slice::from_ref(&b.reviewer)),
            RecordBody::HearingHeld(b) => self.with_signer(std::slice::from_ref(&b.presiding)),
            _ => BTreeSet::from([self.officer.as_str()]),
        }
    }

    /// The sealing or seizure this record takes, if it takes one: an investigation record's of
    /// a seizure or sealing, or a preservation resolved by seizure (行政强制法 Art. 18).
    pub fn compulsion(&self) -> Option<&CompulsoryMeasure> {
        match &self.body {
            RecordBody::InvestigationRecord(b) => b.compulsion.as_ref(),
            RecordBody::EvidencePreservationResolved(b)
                if b.outcome == PreservationOutcome::Seized =>
            {
                b.compulsion.as_ref()
            }
            _ => None,
        }
    }

    /// The on-site act this record is, for the mandatory audio/video rule.
    pub fn act(&self) -> Option<&str> {
        match &self.body {
            RecordBody::InspectionRecord(b) => b.act.as_deref(),
            RecordBody::InvestigationRecord(b) => b.act.as_deref(),
            RecordBody::ExecutionRecorded(b) => b.act.as_deref(),
            RecordBody::EvidencePreservationResolved(b) => {
                (b.outcome == PreservationOutcome::Seized).then_some(act::SEIZURE)
            }
            RecordBody::HearingHeld(_) => Some(act::HEARING),
            RecordBody::NoticeServed(b) => b.method.act(),
            RecordBody::HearingNotice(b) => b.method.act(),
            RecordBody::DecisionServed(b) => b.method.act(),
            _ => None,
        }
    }

    fn with_signer<'a>(&'a self, named: &'a [String]) -> BTreeSet<&'a str> {
        std::iter::once(self.officer.as_str())
            .chain(named.iter().map(String::as_str))
            .collect()
    }
}

/// What the lifecycle and the rules accept as a record: a [`CaseRecord`] as it is, a signed
/// [`Record`] or an [`UnsignedRecord`] (a phone checking before it signs), typed on the way.
pub trait AsCaseRecord {
    fn to_case_record(&self) -> Result<Cow<'_, CaseRecord>, LifecycleError>;
}

impl AsCaseRecord for CaseRecord {
    fn to_case_record(&self) -> Result<Cow<'_, CaseRecord>, LifecycleError> {
        Ok(Cow::Borrowed(self))
    }
}

impl AsCaseRecord for Record {
    fn to_case_record(&self) -> Result<Cow<'_, CaseRecord>, LifecycleError> {
        self.content().to_case_record()
    }
}

impl AsCaseRecord for UnsignedRecord {
    fn to_case_record(&self) -> Result<Cow<'_, CaseRecord>, LifecycleError> {
        CaseRecord::parse(&self.kind, self.at_us, &self.officer, &self.body).map(Cow::Owned)
    }
}
