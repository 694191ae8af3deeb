//! Decision, service and payment in time (Art. 60, 61, 67), consent to electronic service
//! (Art. 61), and 三书同达.

use super::context::RuleContext;
use super::deadlines::{PAYMENT_PERIOD, SERVICE_PERIOD, decision_period, late};
use super::{Rule, Severity};
use crate::lifecycle::{
    CaseRecord, CaseState, Procedure, RecordBody, ServedDocument, ServiceMethod,
};

/// A late decision without an approved extension is blocked: recording the approved extension
/// (extension.approved) is the lawful way on.
pub(super) const DECISION_DEADLINE: Rule = Rule {
    id: "APL-60-decision-90-days",
    article: "Administrative Penalty Law Art. 60",
    article_zh: "《行政处罚法》第六十条",
    severity: Severity::Block,
    message_zh: "应当自立案之日起九十日内作出行政处罚决定，经批准延长的除外",
    message_en: "the decision is made within 90 days of filing unless an approved extension is recorded",
    evaluate: decision_deadline,
};

/// Late service is still recorded, so this warns.
pub(super) const SERVICE_DEADLINE: Rule = Rule {
    id: "APL-61-service-7-days",
    article: "Administrative Penalty Law Art. 61, 85",
    article_zh: "《行政处罚法》第六十一条、第八十五条",
    severity: Severity::Warn,
    message_zh: "行政处罚决定书应当在七个工作日内送达当事人",
    message_en: "the decision is served on the party within 7 working days",
    evaluate: service_deadline,
};

pub(super) const ELECTRONIC_CONSENT: Rule = Rule {
    id: "APL-61-electronic-consent",
    article: "Administrative Penalty Law Art. 61",
    article_zh: "《行政处罚法》第六十一条",
    severity: Severity::Block,
    message_zh: "当事人同意并签订确认书的，方可采用电子方式送达",
    message_en: "electronic service needs the party's recorded consent",
    evaluate: electronic_consent,
};

pub(super) const THREE_DOCUMENTS: Rule = Rule {
    id: "POL-three-documents",
    article: "三书同达: decision, compliance advice and credit-repair notice served together",
    article_zh: "行政处罚决定书、合规建议书、信用修复告知书“三书同达”",
    severity: Severity::Block,
    message_zh: "送达行政处罚决定书时应当同时送达合规建议书和信用修复告知书",
    message_en: "the decision is served together with the compliance advice and the credit-repair notice",
    evaluate: three_documents,
};

/// Late payment is recorded as it happens; the surcharge of Art. 72 may follow.
pub(super) const PAYMENT_LATE: Rule = Rule {
    id: "APL-67-payment-late",
    article: "Administrative Penalty Law Art. 67, 72",
    article_zh: "《行政处罚法》第六十七条、第七十二条",
    severity: Severity::Warn,
    message_zh: "当事人应当自收到行政处罚决定书之日起十五日内缴纳罚款，逾期可以加处罚款",
    message_en: "the fine is paid within 15 days of service; late payment may incur a surcharge",
    evaluate: payment_late,
};

fn decision_deadline(
    state: &CaseState,
    candidate: &CaseRecord,
    context: &RuleContext,
) -> Option<String> {
    let RecordBody::DecisionIssued(_) = &candidate.body else {
        return None;
    };
    let what = format!(
        "decided ({} days of approved extension)",
        state.extension_days
    );
    let filed = state.filed_at_us?;
    late(
        &what,
        decision_period(state),
        filed,
        candidate.at_us,
        context.calendar(),
    )
}

fn service_deadline(
    state: &CaseState,
    candidate: &CaseRecord,
    context: &RuleContext,
) -> Option<String> {
    let RecordBody::DecisionServed(_) = &candidate.body else {
        return None;
    };
    if state.served_at_us.is_some() {
        return None;
    }
    let decision = state.decision.as_ref()?;
    late(
        "served",
        SERVICE_PERIOD,
        decision.at_us,
        candidate.at_us,
        context.calendar(),
    )
}

fn electronic_consent(
    state: &CaseState,
    candidate: &CaseRecord,
    _: &RuleContext,
) -> Option<String> {
    let RecordBody::DecisionServed(body) = &candidate.body else {
        return None;
    };
    (body.method == ServiceMethod::Electronic && !state.electronic_service_consent)
        .then(|| "no service.consent record precedes the electronic service".to_owned())
}

fn three_documents(state: &CaseState, candidate: &CaseRecord, _: &RuleContext) -> Option<String> {
    let RecordBody::DecisionServed(body) = &candidate.body else {
        return None;
    };
    if state.procedure != Some(Procedure::Ordinary) {
        return None;
    }
    // The first service, and any service carrying the decision, carries all three.
    let carries_decision = body.documents.contains(&ServedDocument::Decision);
    if !carries_decision && state.served_at_us.is_some() {
        return None;
    }
    let all = [
        ServedDocument::Decision,
        ServedDocument::ComplianceAdvice,
        ServedDocument::CreditRepairNotice,
    ];
    let missing: Vec<ServedDocument> = all
        .into_iter()
        .filter(|d| !body.documents.contains(d))
        .collect();
    (!missing.is_empty()).then(|| format!("missing documents: {missing:?}"))
}

fn payment_late(
    state: &CaseState,
    candidate: &CaseRecord,
    context: &RuleContext,
) -> Option<String> {
    let RecordBody::ExecutionRecorded(body) = &candidate.body else {
        return None;
    };
    let served = state.served_at_us?;
    if body.paid_fen == 0 {
        return None;
    }
    late(
        "paid",
        PAYMENT_PERIOD,
        served,
        candidate.at_us,
        context.calendar(),
    )
}
