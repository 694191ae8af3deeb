//! 立案报备: a case filed in a township-level unit (乡镇、街道) is reported to the unit above,
//! which has to see it. The report is an attention item of kind `filing_report`, opened in
//! the transaction of the record that files the case and cured when a reviewer or supervisor
//! of a unit above acknowledges it (`POST /api/v1/supervision/attention/{id}/acknowledgement`).
//! It is opened once per case: an acknowledged report does not come back.

use super::cases::ChangedCase;
use crate::db::DbResult;
use crate::db::attention::{self, AttentionRow};
use crate::db::{self, DbConnection};
use custos_core::supervision::{AttentionKind, AttentionSeverity};
use std::collections::{HashMap, HashSet};

/// The kinds of unit whose filings are reported to the unit above.
pub const REPORTING_UNITS: [&str; 2] = ["township", "street"];

const DAY_US: i64 = 86_400_000_000;

/// Opens the report of each changed case that is filed in a reporting unit and has none yet.
pub fn record(conn: &mut DbConnection, cases: &[ChangedCase], now_us: i64) -> DbResult<()> {
    let filed: Vec<&ChangedCase> = cases
        .iter()
        .filter(|case| case.state.filed_at_us.is_some())
        .collect();
    if filed.is_empty() {
        return Ok(());
    }
    let mut units: Vec<&str> = filed.iter().map(|case| case.row.org_id.as_str()).collect();
    units.sort_unstable();
    units.dedup();
    let reporting: HashMap<String, String> = db::orgs::find_all_unscoped(conn, &units)?
        .into_iter()
        .filter(|org| org.parent_id.is_some() && REPORTING_UNITS.contains(&org.kind.as_str()))
        .map(|org| (org.id, org.name))
        .collect();
    let due: Vec<&ChangedCase> = filed
        .into_iter()
        .filter(|case| reporting.contains_key(&case.row.org_id))
        .collect();
    if due.is_empty() {
        return Ok(());
    }
    let ids: Vec<&str> = due.iter().map(|case| case.row.id.as_str()).collect();
    let reported: HashSet<String> =
        attention::cases_with_kind(conn, &ids, AttentionKind::FilingReport.as_str())?
            .into_iter()
            .collect();
    let rows: Vec<AttentionRow> = due
        .into_iter()
        .filter(|case| !reported.contains(&case.row.id))
        .map(|case| {
            let days = i64::from(case.context.config.attention.filing_report_days);
            AttentionRow {
                id: db::new_id(),
                kind: AttentionKind::FilingReport.as_str().to_owned(),
                item_key: String::new(),
                org_id: case.row.org_id.clone(),
                subject_kind: "case".to_owned(),
                subject_id: case.row.id.clone(),
                case_id: Some(case.row.id.clone()),
                officer_id: None,
                severity: AttentionSeverity::Warning.as_str().to_owned(),
                rule: None,
                detail: format!("filed by {}", reporting[&case.row.org_id]),
                since_us: now_us,
                due_us: Some(now_us + days * DAY_US),
                cured_us: None,
                acknowledged_by: None,
            }
        })
        .collect();
    attention::insert_all(conn, &rows)
}
