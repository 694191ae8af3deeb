//! What the rules know beyond a case's records, read from the database: the certificates of
//! the officers a record names, the unit's rule configuration, the working-day calendar.
//! Read once per submission and kept for its other records.

use crate::certificates::{self, StoredCertificate};
use crate::db::{self, DbConnection};
use crate::error::ApiError;
use custos_core::lifecycle::AsCaseRecord;
use custos_core::record::Record;
use custos_core::rules::{OrganisationConfig, RuleContext};
use std::collections::HashMap;

#[derive(Default)]
pub struct ContextReader {
    certificates: HashMap<String, Vec<StoredCertificate>>,
    configs: HashMap<String, OrganisationConfig>,
}

impl ContextReader {
    /// The rule configuration that applies to the unit with materialised path `org_path`.
    pub fn config(
        &mut self,
        conn: &mut DbConnection,
        org_path: &str,
    ) -> Result<OrganisationConfig, ApiError> {
        if let Some(config) = self.configs.get(org_path) {
            return Ok(config.clone());
        }
        let config = match db::org_rules::effective(conn, org_path)? {
            Some(text) => parse_config(&text)
                .map_err(|error| ApiError::internal(format_args!("stored rules: {error}")))?,
            None => OrganisationConfig::default(),
        };
        self.configs.insert(org_path.to_owned(), config.clone());
        Ok(config)
    }

    /// The context `record` is checked in: `config`, and the certificates of everyone it names
    /// as acting, as they stood on its date.
    pub fn for_record(
        &mut self,
        conn: &mut DbConnection,
        config: &OrganisationConfig,
        record: &Record,
    ) -> Result<RuleContext, ApiError> {
        let mut context = RuleContext {
            config: config.clone(),
            ..RuleContext::default()
        };
        // A record that does not type gets the schema finding and names nobody.
        let Ok(typed) = record.to_case_record() else {
            return Ok(context);
        };
        let date = context.calendar().date_of(record.at_us());
        for officer in typed.acting_officers() {
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
