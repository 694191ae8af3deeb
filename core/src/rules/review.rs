//! Legal review (法制审核, Art. 58) and collective discussion (集体讨论, Art. 57) before a
//! decision.

use super::context::{OrganisationConfig, RuleContext};
use super::{Found, Rule, Severity};
use crate::lifecycle::{CaseRecord, CaseState, LegalReviewOutcome, RecordBody, RecordKind};

pub(super) const LEGAL_REVIEW: Rule = Rule {
    id: "APL-58-legal-review",
    article: "Administrative Penalty Law Art. 58",
    article_zh: "《行政处罚法》第五十八条",
    severity: Severity::Block,
    severity_configurable: false,
    message_zh: "有第五十八条第一款规定情形之一的，在行政机关负责人作出行政处罚的决定之前，应当由从事行政处罚决定法制审核的人员进行法制审核；未经法制审核或者审核未通过的，不得作出决定",
    message_en: "a major decision (Art. 58(1)–(4)) needs the legal reviewer's approval before it is issued",
    settings: &["major_case_categories"],
    evaluate: |s, c, x| legal_review(s, c, x).map(Found::from),
};

pub(super) const COLLECTIVE_DISCUSSION: Rule = Rule {
    id: "APL-57-collective-discussion",
    article: "Administrative Penalty Law Art. 57",
    article_zh: "《行政处罚法》第五十七条",
    severity: Severity::Block,
    severity_configurable: false,
    message_zh: "对情节复杂或者重大违法行为给予行政处罚，行政机关负责人应当集体讨论决定；需要法制审核的，集体讨论在法制审核之后",
    message_en: "a decision in a complex or major case needs a collective discussion by the heads, after the legal review where both apply",
    settings: &["major_case_categories"],
    evaluate: |s, c, x| collective_discussion(s, c, x).map(Found::from),
};

/// Who takes part in the reviews: the heads discuss (Art. 57), the legal reviewer did not
/// investigate the case and, first reviewing since 2021, holds 法律职业资格 (Art. 58 ¶2).
pub(super) const REVIEWERS: Rule = Rule {
    id: "APL-57-58-reviewers",
    article: "Administrative Penalty Law Art. 57, 58",
    article_zh: "《行政处罚法》第五十七条、第五十八条",
    severity: Severity::Block,
    severity_configurable: false,
    message_zh: "集体讨论由行政机关负责人参加；法制审核人员不得为本案调查人员，初次从事行政处罚决定法制审核的人员应当取得法律职业资格",
    message_en: "collective discussion is among the heads; the legal reviewer did not investigate the case and, if first reviewing since 2021, holds the legal profession qualification",
    settings: &["heads", "legal_reviewers"],
    evaluate: |s, c, x| reviewers(s, c, x).map(Found::from),
};

/// Art. 58(1)–(3): major (flagged or of a configured category: 重大公共利益), 直接关系当事人或者
/// 第三人重大权益 and decided after a hearing (58(2) needs both), or complex.
pub fn needs_legal_review(state: &CaseState, config: &OrganisationConfig) -> bool {
    config.is_major(state) || state.complex || (state.major_rights && state.hearing_held)
}

/// Art. 57: 情节复杂或者重大违法行为.
pub fn needs_collective_discussion(state: &CaseState, config: &OrganisationConfig) -> bool {
    config.is_major(state) || state.complex
}

fn legal_review(
    state: &CaseState,
    candidate: &CaseRecord,
    context: &RuleContext,
) -> Option<String> {
    let deciding = candidate.kind() == RecordKind::DecisionIssued;
    if !deciding || !needs_legal_review(state, &context.config) {
        return None;
    }
    match state.legal_review {
        Some(LegalReviewOutcome::Approved) => None,
        Some(outcome) => Some(format!(
            "the latest legal review is {outcome:?}, not approved"
        )),
        None => Some("no legal review is recorded".to_owned()),
    }
}

fn collective_discussion(
    state: &CaseState,
    candidate: &CaseRecord,
    context: &RuleContext,
) -> Option<String> {
    let deciding = candidate.kind() == RecordKind::DecisionIssued;
    if !deciding || !needs_collective_discussion(state, &context.config) {
        return None;
    }
    if state.collective_discussion_at_us.is_none() {
        return Some("no collective discussion is recorded".to_owned());
    }
    let reviewed = state.legal_review.is_some();
    (reviewed && needs_legal_review(state, &context.config) && !state.discussed_after_review)
        .then(|| "the collective discussion came before the latest legal review".to_owned())
}

fn reviewers(state: &CaseState, candidate: &CaseRecord, context: &RuleContext) -> Option<String> {
    let config = &context.config;
    match &candidate.body {
        RecordBody::ReviewCollective(body) => {
            if config.heads.is_empty() {
                return None;
            }
            let others: Vec<&str> = body
                .participants
                .iter()
                .filter(|p| !config.heads.contains(p))
                .map(String::as_str)
                .collect();
            (!others.is_empty()).then(|| format!("not heads of the unit: {}", others.join(", ")))
        }
        RecordBody::ReviewLegal(body) => {
            if state.investigators.contains(&body.reviewer) {
                return Some(format!("{} investigated the case", body.reviewer));
            }
            if config.legal_reviewers.is_empty() {
                return None;
            }
            match config
                .legal_reviewers
                .iter()
                .find(|r| r.user == body.reviewer)
            {
                None => Some(format!(
                    "{} is not a legal reviewer of the unit",
                    body.reviewer
                )),
                Some(reviewer) if !reviewer.qualified() => Some(format!(
                    "{} first reviewed on {} and holds no legal profession qualification",
                    body.reviewer, reviewer.reviewing_since
                )),
                Some(_) => None,
            }
        }
        _ => None,
    }
}

/// Art. 40: "违法事实不清、证据不足的，不得给予行政处罚。" The legal review, which checks the
/// facts and evidence (国办发〔2018〕118号), is where the unit records that finding; until a later
/// review finds otherwise, no penalty is proposed or decided.
pub(super) const FACTS_ESTABLISHED: Rule = Rule {
    id: "APL-40-facts-established",
    article: "Administrative Penalty Law Art. 40",
    article_zh: "《行政处罚法》第四十条",
    severity: Severity::Block,
    severity_configurable: false,
    message_zh: "违法事实不清、证据不足的，不得给予行政处罚",
    message_en: "no penalty is given while the facts of the violation are unclear or the evidence insufficient",
    settings: &[],
    evaluate: |s, c, _| facts_established(s, c).map(Found::from),
};

fn facts_established(state: &CaseState, candidate: &CaseRecord) -> Option<String> {
    let penalty = match &candidate.body {
        RecordBody::NoticeServed(b) => &b.penalty,
        RecordBody::DecisionIssued(b) => &b.penalty,
        _ => return None,
    };
    let penalises = penalty.warning
        || penalty.fine_fen > 0
        || penalty.confiscation_fen > 0
        || !penalty.sanctions.is_empty();
    (penalises && state.facts_unclear).then(|| {
        "the latest legal review found the facts unclear or the evidence insufficient".to_owned()
    })
}
