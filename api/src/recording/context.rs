//! What the rules know beyond a case's records, read from the database: the certificates of
//! the officers a record names, the unit's rule configuration and its working-day calendar.
//! Read once per submission and kept for its other records.

use crate::certificates::{self, StoredCertificate};
use crate::db::{self, DbConnection};
use crate::error::ApiError;
use custos_core::lifecycle::{CaseRecord, RecordBody};
use custos_core::rules::{OrganisationConfig, RuleContext, WorkingCalendar};
use std::collections::HashMap;

#[derive(Default)]
pub struct ContextReader {
    certificates: HashMap<String, Vec<StoredCertificate>>,
    units: HashMap<String, RuleContext>,
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
            context.unverified_evidence =
                db::evidence::unverified_digests(conn, org_path, &digests)?;
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
}

/// A unit's rule configuration from its JSON (custos-core `OrganisationConfig`).
pub fn parse_config(text: &str) -> Result<OrganisationConfig, serde_json::Error> {
    serde_json::from_str(text)
}
