//! The party is told before a decision and heard (Art. 44, 45).

use super::context::RuleContext;
use super::deadlines::last_day;
use super::{Found, Period, Rule, Severity, date_of};
use crate::lifecycle::{
    CaseRecord, CaseState, Hearing, PartyRight, RecordBody, RecordKind, StatementResponse,
};

pub(super) const NOTICE_BEFORE_DECISION: Rule = Rule {
    id: "APL-44-notice-before-decision",
    article: "Administrative Penalty Law Art. 44, 62",
    article_zh: "《行政处罚法》第四十四条、第六十二条",
    severity: Severity::Block,
    severity_configurable: false,
    message_zh: "作出行政处罚决定之前，应当告知当事人拟处罚的内容及事实、理由、依据和权利",
    message_en: "the party must be notified of the proposed penalty, facts, reasons, basis and rights before a decision",
    settings: &[],
    evaluate: |s, c, x| notice_before_decision(s, c, x).map(Found::from),
};

pub(super) const NOTICE_CONTENT: Rule = Rule {
    id: "APL-44-notice-content",
    article: "Administrative Penalty Law Art. 44",
    article_zh: "《行政处罚法》第四十四条",
    severity: Severity::Block,
    severity_configurable: false,
    message_zh: "告知应当载明事实、理由、依据，并告知陈述、申辩的权利",
    message_en: "a notice states the facts, reasons and legal basis, and the rights to state and defend",
    settings: &[],
    evaluate: |s, c, x| notice_content(s, c, x).map(Found::from),
};

pub(super) const STATEMENT_RECORDED: Rule = Rule {
    id: "APL-45-statement-recorded",
    article: "Administrative Penalty Law Art. 45",
    article_zh: "《行政处罚法》第四十五条",
    severity: Severity::Block,
    severity_configurable: false,
    message_zh: "作出决定前应当记录当事人的陈述、申辩或者其放弃、逾期未提出的情况",
    message_en: "before a decision, the party's statement and defence, or their waiver or absence, must be recorded",
    settings: &[],
    evaluate: |s, c, x| statement_recorded(s, c, x).map(Found::from),
};

/// Art. 45 ¶1: "行政机关必须充分听取当事人的意见，对当事人提出的事实、理由和证据，应当进行复核".
pub(super) const STATEMENT_REVIEWED: Rule = Rule {
    id: "APL-45-statement-reviewed",
    article: "Administrative Penalty Law Art. 45",
    article_zh: "《行政处罚法》第四十五条",
    severity: Severity::Block,
    severity_configurable: false,
    message_zh: "对当事人提出的事实、理由和证据，应当进行复核，复核意见应当在作出决定前记录",
    message_en: "the facts, reasons and evidence the party put forward are reviewed (复核), and the review recorded before the decision",
    settings: &[],
    evaluate: |s, c, x| statement_reviewed(s, c, x).map(Found::from),
};

/// The party's silence is recorded only once the period the unit gave it has run out.
pub(super) const STATEMENT_PERIOD: Rule = Rule {
    id: "APL-45-statement-period",
    article: "Administrative Penalty Law Art. 44, 45",
    article_zh: "《行政处罚法》第四十四条、第四十五条",
    severity: Severity::Block,
    severity_configurable: false,
    message_zh: "当事人陈述、申辩的期限届满前，不得记录其逾期未提出",
    message_en: "the party's silence is not recorded before the period the unit gave it to state its case has run out",
    settings: &["statement_period_working_days"],
    evaluate: |s, c, x| statement_period(s, c, x).map(Found::from),
};

pub(super) const NO_INCREASE: Rule = Rule {
    id: "APL-45-no-increase",
    article: "Administrative Penalty Law Art. 45",
    article_zh: "《行政处罚法》第四十五条",
    severity: Severity::Block,
    severity_configurable: false,
    message_zh: "不得因当事人陈述、申辩而给予更重的处罚；决定不得重于告知的拟处罚",
    message_en: "the penalty may not rise after the party's defence: the decision may not exceed the notified proposal",
    settings: &[],
    evaluate: |s, c, x| no_increase(s, c, x).map(Found::from),
};

fn notice_before_decision(
    state: &CaseState,
    candidate: &CaseRecord,
    _: &RuleContext,
) -> Option<String> {
    let deciding = candidate.kind() == RecordKind::DecisionIssued;
    (deciding && state.notice.is_none()).then(|| "no notice is recorded".to_owned())
}

fn notice_content(_: &CaseState, candidate: &CaseRecord, _: &RuleContext) -> Option<String> {
    let RecordBody::NoticeServed(notice) = &candidate.body else {
        return None;
    };
    let texts = [
        ("facts", &notice.facts),
        ("reasons", &notice.reasons),
        ("legal_basis", &notice.legal_basis),
    ];
    let rights = [
        ("right of statement", PartyRight::Statement),
        ("right of defence", PartyRight::Defence),
    ];
    let missing: Vec<&str> = texts
        .iter()
        .filter(|(_, text)| text.trim().is_empty())
        .map(|(name, _)| *name)
        .chain(
            rights
                .iter()
                .filter(|(_, right)| !notice.rights.contains(right))
                .map(|(name, _)| *name),
        )
        .collect();
    (!missing.is_empty()).then(|| format!("missing: {}", missing.join(", ")))
}

fn statement_recorded(
    state: &CaseState,
    candidate: &CaseRecord,
    _: &RuleContext,
) -> Option<String> {
    if candidate.kind() != RecordKind::DecisionIssued || state.notice.is_none() {
        return None;
    }
    // A hearing is where the party states its case, so it counts as the defence.
    let heard = matches!(state.defence.hearing, Hearing::Held { .. });
    (state.defence.statement_at_us.is_none() && !heard)
        .then(|| "nothing is recorded of the party's statement since the latest notice".to_owned())
}

fn no_increase(state: &CaseState, candidate: &CaseRecord, _: &RuleContext) -> Option<String> {
    let RecordBody::DecisionIssued(decision) = &candidate.body else {
        return None;
    };
    let proposed = &state.notice.as_ref()?.penalty;
    decision.penalty.is_heavier_than(proposed).then(|| {
        format!(
            "decided fine {} fen, confiscation {} fen, sanctions {:?}; notified fine {} fen, confiscation {} fen, sanctions {:?}",
            decision.penalty.fine_fen,
            decision.penalty.confiscation_fen,
            decision.penalty.sanctions,
            proposed.fine_fen,
            proposed.confiscation_fen,
            proposed.sanctions
        )
    })
}

fn statement_reviewed(
    state: &CaseState,
    candidate: &CaseRecord,
    _: &RuleContext,
) -> Option<String> {
    if candidate.kind() != RecordKind::DecisionIssued {
        return None;
    }
    let stated = state.defence.statement == Some(StatementResponse::Made);
    (stated && state.defence.statement_reviewed_at_us.is_none()).then(|| {
        "the party stated its case and no statement.reviewed (复核) record follows it".to_owned()
    })
}

fn statement_period(
    state: &CaseState,
    candidate: &CaseRecord,
    context: &RuleContext,
) -> Option<String> {
    let RecordBody::StatementRecorded(body) = &candidate.body else {
        return None;
    };
    let days = context.config.statement_period_working_days?;
    if body.response != StatementResponse::NoResponse {
        return None;
    }
    let notice = state.notice.as_ref()?;
    let Some(received) = notice.received_at_us() else {
        return Some(
            "the notice's receipt is not recorded, so the party's period has not started"
                .to_owned(),
        );
    };
    let closes = last_day(Period::WorkingDays(days), received, context.calendar());
    let on = date_of(context, candidate.at_us);
    (on <= closes)
        .then(|| format!("silence recorded on {on}; the party may state its case until {closes}"))
}
