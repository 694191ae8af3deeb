//! Evidence registered for preservation (先行登记保存) is dealt with in time (Art. 56).

use super::context::RuleContext;
use super::deadlines::{PRESERVATION_PERIOD, late};
use super::{Found, Rule, Severity};
use crate::lifecycle::{CaseRecord, CaseState, RecordBody, RecordKind};

/// A late resolution is still recorded, so this warns.
pub(super) const PRESERVATION_LATE: Rule = Rule {
    id: "APL-56-preservation-late",
    article: "Administrative Penalty Law Art. 56, 85",
    article_zh: "《行政处罚法》第五十六条、第八十五条",
    severity: Severity::Warn,
    severity_configurable: false,
    message_zh: "先行登记保存的证据应当在七个工作日内及时作出处理决定",
    message_en: "evidence registered for preservation must be dealt with within 7 working days",
    settings: &[],
    evaluate: preservation_late,
};

/// A case is not closed or archived while preserved evidence waits for a decision.
pub(super) const PRESERVATION_OPEN: Rule = Rule {
    id: "APL-56-preservation-open",
    article: "Administrative Penalty Law Art. 56",
    article_zh: "《行政处罚法》第五十六条",
    severity: Severity::Block,
    severity_configurable: false,
    message_zh: "先行登记保存的证据未作出处理决定，案件不得结案或归档",
    message_en: "a case with preserved evidence not yet dealt with cannot be closed or archived",
    settings: &[],
    evaluate: |s, c, x| preservation_open(s, c, x).map(Found::from),
};

fn preservation_late(
    state: &CaseState,
    candidate: &CaseRecord,
    context: &RuleContext,
) -> Option<Found> {
    let RecordBody::EvidencePreservationResolved(body) = &candidate.body else {
        return None;
    };
    let preserved = state.preservations.get(&body.preservation)?;
    late(
        &format!("preservation {} resolved", body.preservation),
        PRESERVATION_PERIOD,
        preserved.preserved_at_us,
        candidate.at_us,
        context.calendar(),
    )
}

fn preservation_open(state: &CaseState, candidate: &CaseRecord, _: &RuleContext) -> Option<String> {
    if !matches!(
        candidate.kind(),
        RecordKind::CaseClosed | RecordKind::CaseArchived
    ) {
        return None;
    }
    let open: Vec<&str> = state.open_preservations().map(|(id, _)| id).collect();
    (!open.is_empty()).then(|| format!("open preservations: {}", open.join(", ")))
}
