//! Hearings (听证, Art. 63, 64): who is entitled, the request window, the notice ahead, the
//! presiding officer, and no decision while a requested hearing is outstanding.

use super::context::{OrganisationConfig, RuleContext};
use super::deadlines::{HEARING_REQUEST_PERIOD, earliest_hearing_day, last_day, late};
use super::{Found, Rule, Severity, date_of};
use crate::lifecycle::{
    CaseRecord, CaseState, Hearing, PartyKind, PartyRight, Penalty, RecordBody, Sanction,
};

/// Art. 63(3), (4): sanctions that always entitle the party to a hearing.
const HEARING_SANCTIONS: [Sanction; 5] = [
    Sanction::QualificationDowngrade,
    Sanction::LicenceRevocation,
    Sanction::ProductionSuspension,
    Sanction::Closure,
    Sanction::PracticeRestriction,
];

pub(super) const HEARING_RIGHT: Rule = Rule {
    id: "APL-63-hearing-right",
    article: "Administrative Penalty Law Art. 44, 63",
    article_zh: "《行政处罚法》第四十四条、第六十三条",
    severity: Severity::Block,
    severity_configurable: false,
    message_zh: "拟作出较大数额罚款、没收较大数额财物、降低资质等级、吊销许可证件、责令停产停业、责令关闭、限制从业等处罚的，应当告知当事人有要求听证的权利",
    message_en: "a notice proposing a large fine or confiscation, downgrade, revocation, suspension, closure or practice restriction must tell the party of the right to a hearing",
    settings: &["hearing_thresholds", "extra_hearing_sanctions"],
    evaluate: |s, c, x| hearing_right(s, c, x).map(Found::from),
};

/// A late request is still recorded (the organisation may accept it), so this warns.
pub(super) const REQUEST_DEADLINE: Rule = Rule {
    id: "APL-64-request-deadline",
    article: "Administrative Penalty Law Art. 64(1), 85",
    article_zh: "《行政处罚法》第六十四条第一项、第八十五条",
    severity: Severity::Warn,
    severity_configurable: false,
    message_zh: "当事人要求听证的，应当在行政机关告知后五日内提出（自收到告知之日起算）",
    message_en: "the party asks for a hearing within 5 working days of receiving the notice",
    settings: &[],
    evaluate: request_deadline,
};

pub(super) const REQUEST_WINDOW: Rule = Rule {
    id: "APL-64-request-window",
    article: "Administrative Penalty Law Art. 64(1), 85",
    article_zh: "《行政处罚法》第六十四条第一项、第八十五条",
    severity: Severity::Block,
    severity_configurable: false,
    message_zh: "当事人要求听证的期限届满前（自收到告知之日起算），且当事人未要求或放弃听证的，不得作出决定",
    message_en: "no decision before the party's 5 working days to ask for a hearing, counted from its receipt of the notice, have run out, unless it asked or waived",
    settings: &["hearing_thresholds", "extra_hearing_sanctions"],
    evaluate: |s, c, x| request_window(s, c, x).map(Found::from),
};

pub(super) const NOTICE_AHEAD: Rule = Rule {
    id: "APL-64-notice-7-days",
    article: "Administrative Penalty Law Art. 64(2), 85",
    article_zh: "《行政处罚法》第六十四条第二项、第八十五条",
    severity: Severity::Block,
    severity_configurable: false,
    message_zh: "行政机关应当在举行听证的七个工作日前通知当事人听证的时间、地点",
    message_en: "the party is notified of the hearing's time and place at least 7 working days before it",
    settings: &[],
    evaluate: |s, c, x| notice_ahead(s, c, x).map(Found::from),
};

pub(super) const PRESIDING_OFFICER: Rule = Rule {
    id: "APL-64-presiding-officer",
    article: "Administrative Penalty Law Art. 64(4)",
    article_zh: "《行政处罚法》第六十四条第四项",
    severity: Severity::Block,
    severity_configurable: false,
    message_zh: "听证由行政机关指定的非本案调查人员主持",
    message_en: "the hearing is presided by someone who did not act in the case (investigation, inspection before filing, or any other step)",
    settings: &[],
    evaluate: |s, c, x| presiding_officer(s, c, x).map(Found::from),
};

pub(super) const HEARING_BEFORE_DECISION: Rule = Rule {
    id: "APL-63-hearing-before-decision",
    article: "Administrative Penalty Law Art. 63, 65",
    article_zh: "《行政处罚法》第六十三条、第六十五条",
    severity: Severity::Block,
    severity_configurable: false,
    message_zh: "当事人要求听证的，应当组织听证，听证结束后方可作出决定",
    message_en: "when the party asked for a hearing, the decision comes only after the hearing",
    settings: &[],
    evaluate: |s, c, x| hearing_before_decision(s, c, x).map(Found::from),
};

/// Whether a party of `party_kind` facing `penalty` may ask for a hearing (Art. 63).
pub fn hearing_eligible(
    penalty: &Penalty,
    party_kind: PartyKind,
    config: &OrganisationConfig,
) -> bool {
    let threshold = match party_kind {
        PartyKind::Person => config.hearing_thresholds.person_fen,
        PartyKind::Organisation => config.hearing_thresholds.organisation_fen,
    };
    penalty.fine_fen >= threshold
        || penalty.confiscation_fen >= threshold
        || penalty
            .sanctions
            .iter()
            .any(|s| HEARING_SANCTIONS.contains(s) || config.extra_hearing_sanctions.contains(s))
}

fn hearing_right(
    state: &CaseState,
    candidate: &CaseRecord,
    context: &RuleContext,
) -> Option<String> {
    let RecordBody::NoticeServed(notice) = &candidate.body else {
        return None;
    };
    let eligible = hearing_eligible(&notice.penalty, state.party_kind?, &context.config);
    (eligible && !notice.rights.contains(&PartyRight::Hearing)).then(|| {
        "the proposed penalty entitles the party to a hearing, and the notice does not say so"
            .to_owned()
    })
}

fn request_deadline(
    state: &CaseState,
    candidate: &CaseRecord,
    context: &RuleContext,
) -> Option<Found> {
    let RecordBody::HearingRequested(_) = &candidate.body else {
        return None;
    };
    // Before the notice is received the period has not started, so no request is late.
    let received = state.notice.as_ref()?.received_at_us()?;
    late(
        "hearing requested",
        HEARING_REQUEST_PERIOD,
        received,
        candidate.at_us,
        context.calendar(),
    )
}

fn request_window(
    state: &CaseState,
    candidate: &CaseRecord,
    context: &RuleContext,
) -> Option<String> {
    let RecordBody::DecisionIssued(_) = &candidate.body else {
        return None;
    };
    let notice = state.notice.as_ref()?;
    let entitled = notice.rights.contains(&PartyRight::Hearing)
        || state
            .party_kind
            .is_some_and(|party| hearing_eligible(&notice.penalty, party, &context.config));
    let undecided = state.defence.hearing == Hearing::NotRequested;
    if !(entitled && undecided) {
        return None;
    }
    let Some(received) = notice.received_at_us() else {
        return Some(
            "the notice was not handed over directly and its receipt is not recorded (notice.delivered), so the party's period has not started".to_owned(),
        );
    };
    let closes = last_day(HEARING_REQUEST_PERIOD, received, context.calendar());
    let decided = date_of(context, candidate.at_us);
    (decided <= closes)
        .then(|| format!("decided on {decided}; the party may ask for a hearing until {closes}"))
}

fn notice_ahead(_: &CaseState, candidate: &CaseRecord, context: &RuleContext) -> Option<String> {
    let RecordBody::HearingNotice(body) = &candidate.body else {
        return None;
    };
    let notified = date_of(context, candidate.at_us);
    let hearing = date_of(context, body.hearing_at_us);
    let earliest = earliest_hearing_day(notified, context.calendar());
    (hearing < earliest).then(|| {
        format!("notified on {notified} for a hearing on {hearing}; the earliest lawful day is {earliest}")
    })
}

fn presiding_officer(state: &CaseState, candidate: &CaseRecord, _: &RuleContext) -> Option<String> {
    let RecordBody::HearingHeld(body) = &candidate.body else {
        return None;
    };
    state
        .acted
        .contains(&body.presiding)
        .then(|| format!("{} acted in the case before", body.presiding))
}

fn hearing_before_decision(
    state: &CaseState,
    candidate: &CaseRecord,
    _: &RuleContext,
) -> Option<String> {
    let RecordBody::DecisionIssued(_) = &candidate.body else {
        return None;
    };
    match state.defence.hearing {
        Hearing::Requested { .. } => Some("the requested hearing was not notified or held".into()),
        Hearing::Notified { .. } => Some("the notified hearing was not held".into()),
        Hearing::NotRequested | Hearing::Held { .. } | Hearing::Waived { .. } => None,
    }
}
