//! Limits of the on-the-spot procedure (简易程序, Art. 51).

use super::context::RuleContext;
use super::{Found, Rule, Severity};
use crate::lifecycle::{CaseRecord, CaseState, PartyKind, RecordBody};

/// ¥200 for a person, ¥3,000 for an organisation, in fen; "以下" includes the amount.
const PERSON_LIMIT_FEN: u64 = 20_000;
const ORGANISATION_LIMIT_FEN: u64 = 300_000;

pub(super) const SUMMARY_LIMIT: Rule = Rule {
    id: "APL-51-summary-limit",
    article: "Administrative Penalty Law Art. 51",
    article_zh: "《行政处罚法》第五十一条",
    severity: Severity::Block,
    severity_configurable: false,
    message_zh: "当场处罚仅限警告或对公民二百元以下、对法人或者其他组织三千元以下罚款",
    message_en: "an on-the-spot penalty is only a warning or a fine up to ¥200 for a person, ¥3,000 for an organisation",
    settings: &[],
    evaluate: |s, c, x| summary_limit(s, c, x).map(Found::from),
};

fn summary_limit(_: &CaseState, candidate: &CaseRecord, _: &RuleContext) -> Option<String> {
    let RecordBody::SummaryPenalty(body) = &candidate.body else {
        return None;
    };
    let penalty = &body.penalty;
    let limit = match body.party_kind {
        PartyKind::Person => PERSON_LIMIT_FEN,
        PartyKind::Organisation => ORGANISATION_LIMIT_FEN,
    };
    let mut excess = Vec::new();
    if penalty.fine_fen > limit {
        excess.push(format!("fine {} fen exceeds {limit} fen", penalty.fine_fen));
    }
    if penalty.confiscation_fen > 0 {
        excess.push("confiscation is not allowed on the spot".to_owned());
    }
    if !penalty.sanctions.is_empty() {
        excess.push(format!(
            "sanctions {:?} are not allowed on the spot",
            penalty.sanctions
        ));
    }
    (!excess.is_empty()).then(|| excess.join("; "))
}
