//! What the rules know beyond a case's records, read from the database: the certificates of
//! the officers a record names, the unit's rule configuration and its working-day calendar.
//! Read once per submission and kept for its other records.

use crate::certificates::{self, StoredCertificate};
use crate::db::{self, DbConnection};
use crate::error::ApiError;
use custos_core::lifecycle::{CaseRecord, RecordBody};
use custos_core::rules::{OrganisationConfig, RuleContext, WorkingCalendar};
use std::collections::{BTreeSet, HashMap};

#[derive(Default)]
pub struct ContextReader {
    certificates: HashMap<String, Vec<StoredCertificate>>,
    units: HashMap<String, RuleContext>,
    /// Evidence digests already looked up, each with the paths of the units whose items
    /// declared it and were quarantined (almost always none).
    quarantined: HashMap<String, Vec<String>>,
}

impl ContextReader {
    /// The rule configuration and the calendar that apply to the unit with materialised path
    /// `org_path` (each its own, else the nearest unit's above it), without certificates.
    pub fn unit(
        &mut self,
        conn: &mut DbConnection,
        org_path: &str,
    ) -> Result<RuleContext, ApiError> {
        if let Some(context) = self.units.get(org_path) {
            return Ok(context.clone());
        }
        let config = match db::org_rules::effective(conn, org_path)? {
            Some(text) => parse_config(&text)
                .map_err(|error| ApiError::internal(format_args!("stored rules: {error}")))?,
            None => OrganisationConfig::default(),
        };
        let calendar =
            match db::org_rules::effective_calendar(conn, org_path)? {
                Some(text) => Some(WorkingCalendar::from_json(&text).map_err(|error| {
                    ApiError::internal(format_args!("stored calendar: {error}"))
                })?),
                None => None,
            };
        let context = RuleContext {
            config,
            calendar,
            ..RuleContext::default()
        };
        self.units.insert(org_path.to_owned(), context.clone());
        Ok(context)
    }

    /// The context `record` is checked in: the unit's `context`, the certificates of
    /// everyone the record names as acting, as they stood on its date, and, for a decision,
    /// which of the evidence it names did not verify on arrival in the units at and below the
    /// case's (`org_path`).
    pub fn for_record(
        &mut self,
        conn: &mut DbConnection,
        unit: &RuleContext,
        org_path: &str,
        record: &CaseRecord,
    ) -> Result<RuleContext, ApiError> {
        let mut context = unit.clone();
        if let RecordBody::DecisionIssued(decision) = &record.body {
            let digests: Vec<String> = decision
                .evidence
                .iter()
                .map(|e| e.sha256.to_hex())
                .collect();
            context.unverified_evidence = self.unverified(conn, org_path, &digests)?;
        }
        let date = context.calendar().date_of(record.at_us);
        for officer in record.acting_officers() {
            if !self.certificates.contains_key(officer) {
                let rows = db::certificates::held_by(conn, officer)?;
                let held = certificates::with_history(conn, rows)?;
                self.certificates.insert(officer.to_owned(), held);
            }
            context
                .certificates
                .extend(self.certificates[officer].iter().map(|c| c.as_of(date)));
        }
        Ok(context)
    }

    /// Looks up which of `digests` were declared by quarantined items, in one query for a
    /// whole submission, so each decision's check below reads nothing more in the usual case.
    pub fn read_quarantined(
        &mut self,
        conn: &mut DbConnection,
        digests: impl IntoIterator<Item = String>,
    ) -> Result<(), ApiError> {
        let mut wanted: Vec<String> = digests
            .into_iter()
            .filter(|digest| !self.quarantined.contains_key(digest))
            .collect();
        wanted.sort_unstable();
        wanted.dedup();
        for chunk in wanted.chunks(db::ROWS_PER_INSERT) {
            for digest in chunk {
                self.quarantined.insert(digest.clone(), Vec::new());
            }
            for (digest, path) in db::evidence::quarantined_among(conn, chunk)? {
                self.quarantined.entry(digest).or_default().push(path);
            }
        }
        Ok(())
    }

    /// Of `digests` (lowercase hex), those that items of the unit with path `org_path` or the
    /// units below it declared and whose bytes did not match on arrival (quarantined), with
    /// no verified item of those units holding them: what a decision may not rest on (Art. 46).
    fn unverified(
        &mut self,
        conn: &mut DbConnection,
        org_path: &str,
        digests: &[String],
    ) -> Result<BTreeSet<String>, ApiError> {
        self.read_quarantined(conn, digests.iter().cloned())?;
        let quarantined: Vec<String> = digests
            .iter()
            .filter(|digest| {
                self.quarantined[*digest]
                    .iter()
                    .any(|path| path.starts_with(org_path))
            })
            .cloned()
            .collect();
        let verified = db::evidence::verified_in(conn, org_path, &quarantined)?;
        Ok(quarantined
            .into_iter()
            .filter(|digest| !verified.contains(digest))
            .collect())
    }
}

/// A unit's rule configuration from its JSON (custos-core `OrganisationConfig`).
pub fn parse_config(text: &str) -> Result<OrganisationConfig, serde_json::Error> {
    serde_json::from_str(text)
}
