//! The automatic 案卷评查 score of a stored case file: its accepted records, in log order, scored
//! by custos-core under a template. Recomputed at every request and never stored, so it
//! always agrees with what `custos verify` prints for the case's bundle.

use crate::db::records::RecordRow;
use crate::db::{self, DbConnection, cases::CaseRow};
use crate::error::ApiError;
use crate::recording::state::parse_stored;
use crate::supervision::templates;
use custos_core::supervision::evaluation::{AutomaticScore, Template, automatic_score};
use serde::Serialize;
use utoipa::ToSchema;

/// A case file's automatic score with the template it was computed under.
#[derive(Debug, Serialize, ToSchema)]
pub struct CaseScore {
    pub case_id: String,
    pub org_id: String,
    pub template: Template,
    pub score: AutomaticScore,
}

/// Scores the case of `row` under the template in force for its unit.
pub fn of_case(conn: &mut DbConnection, row: CaseRow) -> Result<CaseScore, ApiError> {
    let org = db::orgs::find_unscoped(conn, &row.org_id)?
        .ok_or_else(|| ApiError::internal(format_args!("case {} has no unit", row.id)))?;
    let template = templates::in_force(conn, &org.path)?.template;
    under(conn, row, template)
}

/// Scores the case of `row` under `template`.
pub fn under(
    conn: &mut DbConnection,
    row: CaseRow,
    template: Template,
) -> Result<CaseScore, ApiError> {
    let records = db::records::of_case(conn, &row.id)?;
    let score = of_records(&row.id, &records, &template)?;
    Ok(CaseScore {
        case_id: row.id,
        org_id: row.org_id,
        template,
        score,
    })
}

/// The automatic score under `template` of case `case_id`, whose accepted records in log
/// order are `records` (read by the caller, for one case or many at once).
pub fn of_records(
    case_id: &str,
    records: &[RecordRow],
    template: &Template,
) -> Result<AutomaticScore, ApiError> {
    let records = records
        .iter()
        .map(|record| parse_stored(&record.canonical, &record.hash))
        .collect::<Result<Vec<_>, _>>()?;
    automatic_score(template, &records).map_err(|refused| {
        ApiError::internal(format_args!(
            "stored case {case_id} does not fold: {refused}"
        ))
    })
}
