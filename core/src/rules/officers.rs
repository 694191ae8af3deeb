//! Who may act: two certified officers in the field (Art. 42, 52, 55) and recusal (Art. 43).

use std::collections::BTreeSet;

use super::certificate::authorise;
use super::context::RuleContext;
use super::{Rule, Severity, date_of};
use crate::lifecycle::{CaseRecord, CaseState, RecordBody, RecordKind};

/// Art. 42: 执法人员不得少于两人. Counted on inspection, investigation and preservation
/// records; an on-the-spot penalty (简易程序) is left out, as laws allow a single officer there.
pub(super) const TWO_OFFICERS: Rule = Rule {
    id: "APL-42-two-officers",
    article: "Administrative Penalty Law Art. 42, 55",
    article_zh: "《行政处罚法》第四十二条、第五十五条",
    severity: Severity::Block,
    message_zh: "检查、调查取证的执法人员不得少于两人",
    message_en: "inspection and investigation need at least two officers",
    evaluate: two_officers,
};

/// Art. 42, 52, 55: only officers holding a certificate valid on that date for the case's
/// domain act in the field.
pub(super) const CERTIFIED_OFFICERS: Rule = Rule {
    id: "APL-42-certified-officers",
    article: "Administrative Penalty Law Art. 42, 52, 55",
    article_zh: "《行政处罚法》第四十二条、第五十二条、第五十五条",
    severity: Severity::Block,
    message_zh: "执法人员应当持有当日有效、对应执法领域的行政执法证件",
    message_en: "every officer needs an enforcement certificate valid on that date for the domain",
    evaluate: certified_officers,
};

/// Art. 43: an officer with a conflict in the case may not act in it.
pub(super) const RECUSAL: Rule = Rule {
    id: "APL-43-recusal",
    article: "Administrative Penalty Law Art. 43",
    article_zh: "《行政处罚法》第四十三条",
    severity: Severity::Block,
    message_zh: "与案件有利害关系的执法人员应当回避，不得参与办理",
    message_en: "an officer with a conflict of interest in the case must not act in it",
    evaluate: recusal,
};

fn two_officers(_: &CaseState, candidate: &CaseRecord, _: &RuleContext) -> Option<String> {
    if candidate.kind() == RecordKind::SummaryPenalty {
        return None;
    }
    let officers = candidate.field_officers()?;
    (officers.len() < 2).then(|| format!("only {} present: {}", officers.len(), list(&officers)))
}

fn certified_officers(
    state: &CaseState,
    candidate: &CaseRecord,
    context: &RuleContext,
) -> Option<String> {
    let officers = candidate.field_officers()?;
    let domain = match &candidate.body {
        RecordBody::InspectionRecord(b) => &b.domain,
        RecordBody::SummaryPenalty(b) => &b.domain,
        // Without a filed case the lifecycle rule refuses the record already.
        _ => state.domain.as_ref()?,
    };
    let date = date_of(context, candidate.at_us);
    let refusals: Vec<String> = officers
        .iter()
        .filter_map(|officer| authorise(&context.certificates, officer, date, domain).err())
        .map(|refusal| refusal.to_string())
        .collect();
    (!refusals.is_empty()).then(|| format!("on {date}: {}", refusals.join("; ")))
}

fn recusal(state: &CaseState, candidate: &CaseRecord, context: &RuleContext) -> Option<String> {
    // Declaring a conflict is what the conflicted officer must still be able to do.
    if candidate.kind() == RecordKind::ConflictDeclared {
        return None;
    }
    let recorded = state.conflicts.iter().map(String::as_str);
    let known = context.conflicts.iter().map(|c| c.officer.as_str());
    let conflicted: BTreeSet<&str> = recorded.chain(known).collect();
    let acting: BTreeSet<&str> = candidate
        .acting_officers()
        .intersection(&conflicted)
        .copied()
        .collect();
    (!acting.is_empty()).then(|| format!("conflicted officers acting: {}", list(&acting)))
}

fn list(officers: &BTreeSet<&str>) -> String {
    officers.iter().copied().collect::<Vec<_>>().join(", ")
}
