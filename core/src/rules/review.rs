//! Legal review (法制审核, Art. 58) and collective discussion (集体讨论, Art. 57) before a
//! decision.

use super::context::{OrganisationConfig, RuleContext};
use super::{Rule, Severity};
use crate::lifecycle::{CaseRecord, CaseState, LegalReviewOutcome, RecordKind};

pub(super) const LEGAL_REVIEW: Rule = Rule {
    id: "APL-58-legal-review",
    article: "Administrative Penalty Law Art. 58",
    article_zh: "《行政处罚法》第五十八条",
    severity: Severity::Block,
    message_zh: "重大执法决定须经法制审核同意后方可作出",
    message_en: "a major decision needs the legal reviewer's approval before it is issued",
    evaluate: legal_review,
};

pub(super) const COLLECTIVE_DISCUSSION: Rule = Rule {
    id: "APL-57-collective-discussion",
    article: "Administrative Penalty Law Art. 57",
    article_zh: "《行政处罚法》第五十七条",
    severity: Severity::Block,
    message_zh: "情节复杂或者重大违法行为的处罚决定须经行政机关负责人集体讨论",
    message_en: "a decision in a complex or major case needs a collective discussion by the heads",
    evaluate: collective_discussion,
};

/// Art. 58(1)–(3): major (flagged or of a configured category), complex, or decided after a
/// hearing.
pub fn needs_legal_review(state: &CaseState, config: &OrganisationConfig) -> bool {
    config.is_major(state) || state.complex || state.hearing_held
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
    let missing = state.collective_discussion_at_us.is_none();
    (deciding && missing && needs_collective_discussion(state, &context.config))
        .then(|| "no collective discussion is recorded".to_owned())
}
