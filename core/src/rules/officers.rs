//! Who may act: two certified officers in the field (Art. 42, 52), who show their certificates
//! (Art. 55), and recusal (Art. 43).

use std::collections::BTreeSet;

use super::certificate::authorise;
use super::context::RuleContext;
use super::{Found, Rule, Severity, date_of};
use crate::lifecycle::{CaseRecord, CaseState, RecordBody, RecordKind};

/// Art. 42: "执法人员不得少于两人，法律另有规定的除外". Since 2021 it is a general provision, so
/// it covers 简易程序 too; counted on inspection, investigation, preservation, 查封/扣押 and
/// on-the-spot penalty records. A law that allows one officer (e.g. for traffic police) is
/// configured per domain, citing it.
pub(super) const TWO_OFFICERS: Rule = Rule {
    id: "APL-42-two-officers",
    article: "Administrative Penalty Law Art. 42",
    article_zh: "《行政处罚法》第四十二条",
    severity: Severity::Block,
    severity_configurable: false,
    message_zh: "执法人员不得少于两人，法律另有规定的除外",
    message_en: "at least two officers act, unless a law provides otherwise",
    settings: &["single_officer_exemptions"],
    evaluate: |s, c, x| two_officers(s, c, x).map(Found::from),
};

/// Art. 55 (and Art. 52 on the spot): "执法人员在调查或者进行检查时，应当主动向当事人或者有关人员
/// 出示执法证件". The record says whether they did.
pub(super) const CREDENTIALS_SHOWN: Rule = Rule {
    id: "APL-55-credentials-shown",
    article: "Administrative Penalty Law Art. 52, 55",
    article_zh: "《行政处罚法》第五十二条、第五十五条",
    severity: Severity::Block,
    severity_configurable: false,
    message_zh: "执法人员在调查或者进行检查时，应当主动向当事人或者有关人员出示执法证件",
    message_en: "officers show their enforcement certificates to the party when they investigate or inspect; the record says they did",
    settings: &[],
    evaluate: |s, c, x| credentials_shown(s, c, x).map(Found::from),
};

/// Art. 42: "行政处罚应当由具有行政执法资格的执法人员实施": only officers holding a
/// certificate valid on that date for the case's domain act in the field.
pub(super) const CERTIFIED_OFFICERS: Rule = Rule {
    id: "APL-42-certified-officers",
    article: "Administrative Penalty Law Art. 42",
    article_zh: "《行政处罚法》第四十二条",
    severity: Severity::Block,
    severity_configurable: false,
    message_zh: "执法人员应当持有当日有效、对应执法领域的行政执法证件",
    message_en: "every officer needs an enforcement certificate valid on that date for the domain",
    settings: &[],
    evaluate: |s, c, x| certified_officers(s, c, x).map(Found::from),
};

/// Art. 43: an officer with a conflict in the case may not act in it; a party's application is
/// decided by the head, and "决定作出之前，不停止调查" (¶3), but no penalty is decided meanwhile.
pub(super) const RECUSAL: Rule = Rule {
    id: "APL-43-recusal",
    article: "Administrative Penalty Law Art. 43",
    article_zh: "《行政处罚法》第四十三条",
    severity: Severity::Block,
    severity_configurable: false,
    message_zh: "执法人员与案件有直接利害关系或者有其他关系可能影响公正执法的，应当回避；当事人的回避申请由行政机关负责人决定，决定作出之前，不停止调查",
    message_en: "an officer with a conflict of interest withdraws; a party's application for recusal is decided by the head, and investigation goes on until then",
    settings: &["heads"],
    evaluate: |s, c, x| recusal(s, c, x).map(Found::from),
};

fn two_officers(_: &CaseState, candidate: &CaseRecord, context: &RuleContext) -> Option<String> {
    let officers = candidate.field_officers()?;
    if let RecordBody::SummaryPenalty(b) = &candidate.body
        && context
            .config
            .single_officer_exemptions
            .iter()
            .any(|e| e.domain == b.domain)
    {
        return None;
    }
    (officers.len() < 2).then(|| format!("only {} present: {}", officers.len(), list(&officers)))
}

fn credentials_shown(_: &CaseState, candidate: &CaseRecord, _: &RuleContext) -> Option<String> {
    (!candidate.credentials_shown()?).then(|| {
        format!(
            "the {} record does not say the officers showed their certificates (credentials_shown)",
            candidate.kind()
        )
    })
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
    if let RecordBody::RecusalDecided(b) = &candidate.body {
        let heads = &context.config.heads;
        if !state.recusal_requests.contains(&b.officer) {
            return Some(format!(
                "no recusal application for {} awaits a decision",
                b.officer
            ));
        }
        if !heads.is_empty() && !heads.contains(&b.decided_by) {
            return Some(format!("{} is not one of the unit's heads", b.decided_by));
        }
        return None;
    }
    if candidate.kind() == RecordKind::DecisionIssued && !state.recusal_requests.is_empty() {
        let pending: BTreeSet<&str> = state.recusal_requests.iter().map(String::as_str).collect();
        return Some(format!(
            "the head has not decided on the recusal of {}",
            list(&pending)
        ));
    }
    let recorded = state.conflicts.iter().map(String::as_str);
    let known = context.conflicts.iter().map(|c| c.officer.as_str());
    let conflicted: BTreeSet<&str> = recorded.chain(known).collect();
    let mut acting = candidate.acting_officers();
    // The heads who discuss the case collectively decide it, so recusal covers them too.
    if let RecordBody::ReviewCollective(b) = &candidate.body {
        acting.extend(b.participants.iter().map(String::as_str));
    }
    let acting: BTreeSet<&str> = acting.intersection(&conflicted).copied().collect();
    (!acting.is_empty()).then(|| format!("conflicted officers acting: {}", list(&acting)))
}

fn list(officers: &BTreeSet<&str>) -> String {
    officers.iter().copied().collect::<Vec<_>>().join(", ")
}
