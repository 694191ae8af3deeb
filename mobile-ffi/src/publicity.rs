//! Publicity for the apps: the public notice of a decided case exactly as the server will
//! publish it, masked by the unit's rules, so an officer previews it before it goes out.

use std::sync::Arc;

use custos_core::publicity::{self, DecidingUnit};
use custos_core::rules::RuleContext;

use crate::error::Result;
use crate::record::CaseRecord;

/// The public notice (JSON text, the format of `GET /api/v1/public/decisions/{id}`'s
/// `notice`) of the latest decision among `case_records` (in log order), for the unit
/// `unit_id` named `unit_name`, masked by the publicity settings and dated on the calendar of
/// `rule_context_json` (the unit's rule context as the server hands it out; `{}` for the
/// defaults).
#[uniffi::export]
pub fn preview_public_notice(
    case_records: Vec<Arc<CaseRecord>>,
    case_id: String,
    unit_id: String,
    unit_name: String,
    rule_context_json: String,
) -> Result<String> {
    let context: RuleContext = serde_json::from_str(&rule_context_json)?;
    let unit = DecidingUnit {
        id: unit_id,
        name: unit_name,
    };
    let notice = publicity::public_notice(
        &unit,
        &case_id,
        case_records.iter().map(|record| record.core()),
        &context.config.publicity,
        context.calendar(),
    )?;
    Ok(serde_json::to_string(&notice)?)
}
