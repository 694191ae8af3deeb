//! What a penalty decision document states (行政处罚决定书, Art. 59).

use super::context::RuleContext;
use super::{Found, Rule, Severity};
use crate::lifecycle::{CaseRecord, CaseState, DecisionIssued, RecordBody};

/// 行政复议法 (2023) Art. 20: "可以自知道或者应当知道该行政行为之日起六十日内提出行政复议
/// 申请；但是法律规定的申请期限超过六十日的除外".
pub const RECONSIDERATION_DAYS: u32 = 60;
/// 行政诉讼法 Art. 46: "应当自知道或者应当知道作出行政行为之日起六个月内提出".
pub const LITIGATION_MONTHS: u32 = 6;

/// Art. 59: "行政处罚决定书应当载明下列事项：（一）当事人的姓名或者名称、地址；（二）违反法律、
/// 法规、规章的事实和证据；（三）行政处罚的种类和依据；（四）行政处罚的履行方式和期限；（五）
/// 申请行政复议、提起行政诉讼的途径和期限；（六）作出行政处罚决定的行政机关名称和作出决定的日期。
/// 行政处罚决定书必须盖有作出行政处罚决定的行政机关的印章。" The date is the record's own.
pub(super) const DECISION_CONTENTS: Rule = Rule {
    id: "APL-59-decision-contents",
    article: "Administrative Penalty Law Art. 59",
    article_zh: "《行政处罚法》第五十九条",
    severity: Severity::Block,
    severity_configurable: false,
    message_zh: "行政处罚决定书应当载明当事人的姓名或者名称、地址，违法事实和证据，处罚种类和依据，履行方式和期限，申请行政复议、提起行政诉讼的途径和期限，作出决定的行政机关名称和日期，并盖有印章",
    message_en: "a decision document states the party's name and address, the facts and evidence, the penalty and its legal basis, how and by when to comply, the routes and periods of reconsideration and litigation, and the deciding unit and date, and bears the unit's seal",
    settings: &[],
    evaluate: |s, c, x| decision_contents(s, c, x).map(Found::from),
};

fn decision_contents(state: &CaseState, candidate: &CaseRecord, _: &RuleContext) -> Option<String> {
    let RecordBody::DecisionIssued(decision) = &candidate.body else {
        return None;
    };
    let missing = missing_contents(state, decision);
    (!missing.is_empty()).then(|| format!("the decision lacks: {}", missing.join("; ")))
}

/// What the decision document lacks or misstates, item by item of Art. 59.
fn missing_contents(state: &CaseState, d: &DecisionIssued) -> Vec<String> {
    let blank = |text: &str| text.trim().is_empty();
    let penalty = &d.penalty;
    let no_penalty = !penalty.warning
        && penalty.fine_fen == 0
        && penalty.confiscation_fen == 0
        && penalty.sanctions.is_empty();
    let mut missing: Vec<String> = [
        (
            !state.party_identified,
            "(1) the party's name and address (case.filed party)",
        ),
        (blank(&d.facts), "(2) facts"),
        (d.evidence.is_empty(), "(2) evidence"),
        (no_penalty, "(3) the kind of penalty"),
        (blank(&d.legal_basis), "(3) legal basis"),
        (blank(&d.compliance), "(4) how and by when to comply"),
        (d.remedies.is_none(), "(5) reconsideration and litigation"),
        (blank(&d.unit), "(6) the deciding unit"),
        (!d.sealed, "the unit's seal"),
    ]
    .into_iter()
    .filter(|(lacking, _)| *lacking)
    .map(|(_, item)| item.to_owned())
    .collect();
    if let Some(r) = &d.remedies {
        if blank(&r.reconsideration_body) {
            missing.push("(5) the reconsideration body".into());
        }
        if r.reconsideration_days < RECONSIDERATION_DAYS {
            missing.push(format!(
                "(5) a reconsideration period of at least {RECONSIDERATION_DAYS} days (states {})",
                r.reconsideration_days
            ));
        }
        if blank(&r.court) {
            missing.push("(5) the court".into());
        }
        if r.litigation_months < LITIGATION_MONTHS {
            missing.push(format!(
                "(5) a litigation period of at least {LITIGATION_MONTHS} months (states {})",
                r.litigation_months
            ));
        }
    }
    missing
}
