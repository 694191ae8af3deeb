//! Decision, service and payment in time (Art. 60, 61, 66, 67), the basis of extensions and
//! excluded periods (Art. 60), consent to electronic service (Art. 61), and 三书同达.

use super::context::RuleContext;
use super::deadlines::{
    SERVICE_PERIOD, allowed_extension_days, decision_last_day, excluded_days, late, late_after,
    payment_due,
};
use super::{Found, Rule, Severity};
use crate::lifecycle::{
    CaseRecord, CaseState, PartyKind, Procedure, RecordBody, ServedDocument, ServiceMethod,
};

/// A lapsed period cannot be cured by refusing the decision, and a block would invite
/// extensions recorded only to pass it: by default the late decision is kept and the finding
/// stays on the case. A unit may choose `block`.
pub(super) const DECISION_DEADLINE: Rule = Rule {
    id: "APL-60-decision-90-days",
    article: "Administrative Penalty Law Art. 60",
    article_zh: "《行政处罚法》第六十条",
    severity: Severity::Warn,
    severity_configurable: true,
    message_zh: "行政机关应当自行政处罚案件立案之日起九十日内作出行政处罚决定；法律、法规、规章另有规定的，从其规定",
    message_en: "the decision is made within 90 days of filing, unless a law, regulation or rule provides otherwise (extensions and excluded periods as the unit's regulations provide)",
    settings: &[
        "decision_extensions",
        "decision_excluded_periods",
        "severities",
    ],
    evaluate: decision_deadline,
};

/// An extension or an excluded period counts only under a regulation that provides it.
pub(super) const PERIOD_BASIS: Rule = Rule {
    id: "APL-60-period-basis",
    article: "Administrative Penalty Law Art. 60",
    article_zh: "《行政处罚法》第六十条",
    severity: Severity::Block,
    severity_configurable: false,
    message_zh: "延长办案期限或者不计入办案期限的期间，须有法律、法规、规章的规定，并经规定的负责人批准、不超过规定的期限",
    message_en: "an extension of the decision period, or a period left out of it, needs a regulation that provides it, approval by the role it names, and stays within its cap",
    settings: &["decision_extensions", "decision_excluded_periods"],
    evaluate: |s, c, x| period_basis(s, c, x).map(Found::from),
};

/// Late service is still recorded, so this warns.
pub(super) const SERVICE_DEADLINE: Rule = Rule {
    id: "APL-61-service-7-days",
    article: "Administrative Penalty Law Art. 61, 85",
    article_zh: "《行政处罚法》第六十一条、第八十五条",
    severity: Severity::Warn,
    severity_configurable: false,
    message_zh: "行政处罚决定书应当在七个工作日内送达当事人",
    message_en: "the decision is served on the party within 7 working days",
    settings: &[],
    evaluate: service_deadline,
};

pub(super) const ELECTRONIC_CONSENT: Rule = Rule {
    id: "APL-61-electronic-consent",
    article: "Administrative Penalty Law Art. 61",
    article_zh: "《行政处罚法》第六十一条",
    severity: Severity::Block,
    severity_configurable: false,
    message_zh: "当事人同意并签订确认书的，方可采用电子方式送达",
    message_en: "electronic service needs the party's recorded consent",
    settings: &[],
    evaluate: |s, c, x| electronic_consent(s, c, x).map(Found::from),
};

/// A local policy for 经营主体, applied where the unit turns it on.
pub(super) const THREE_DOCUMENTS: Rule = Rule {
    id: "POL-three-documents",
    article: "三书同达 (local policy): decision, compliance advice and credit-repair notice served together",
    article_zh: "行政处罚决定书、合规建议书、信用修复告知书“三书同达”（地方政策）",
    severity: Severity::Block,
    severity_configurable: false,
    message_zh: "对经营主体送达行政处罚决定书时，应当同时送达合规建议书和信用修复告知书",
    message_en: "where the unit applies 三书同达, a decision on a legal person or other organisation is served together with the compliance advice and the credit-repair notice",
    settings: &["three_documents"],
    evaluate: |s, c, x| three_documents(s, c, x).map(Found::from),
};

/// Late payment is recorded as it happens; the surcharge of Art. 72 may follow.
pub(super) const PAYMENT_LATE: Rule = Rule {
    id: "APL-67-payment-late",
    article: "Administrative Penalty Law Art. 67, 72",
    article_zh: "《行政处罚法》第六十七条、第七十二条",
    severity: Severity::Warn,
    severity_configurable: false,
    message_zh: "当事人应当自收到行政处罚决定书之日起十五日内缴纳罚款，经批准暂缓或者分期缴纳的按批准的期限缴纳",
    message_en: "the fine is paid within 15 days of service, or by the dates of an approved deferral or instalment plan (Art. 66)",
    settings: &[],
    evaluate: payment_late,
};

fn decision_deadline(
    state: &CaseState,
    candidate: &CaseRecord,
    context: &RuleContext,
) -> Option<Found> {
    let RecordBody::DecisionIssued(_) = &candidate.body else {
        return None;
    };
    let what = format!(
        "decided ({} days of extension and {} days excluded under the unit's regulations)",
        allowed_extension_days(state, &context.config),
        excluded_days(state, &context.config, context.calendar()),
    );
    let filed = state.filed_at_us?;
    late_after(
        &what,
        decision_last_day(state, context)?,
        filed,
        candidate.at_us,
        context.calendar(),
    )
}

fn period_basis(
    state: &CaseState,
    candidate: &CaseRecord,
    context: &RuleContext,
) -> Option<String> {
    let config = &context.config;
    match &candidate.body {
        RecordBody::ExtensionApproved(body) => {
            let Some(allowed) = config
                .decision_extensions
                .iter()
                .find(|e| e.regulation == body.regulation)
            else {
                return Some(format!(
                    "regulation {:?} provides no extension in the unit's configuration",
                    body.regulation
                ));
            };
            if allowed.approver_role != body.approver_role {
                return Some(format!(
                    "{} requires approval by {}, not {:?}",
                    allowed.regulation, allowed.approver_role, body.approver_role
                ));
            }
            let before: u32 = state
                .extensions
                .iter()
                .filter(|e| {
                    e.regulation == body.regulation && e.approver_role == body.approver_role
                })
                .fold(0, |sum, e| sum.saturating_add(e.days));
            let total = before.saturating_add(body.days);
            (total > allowed.max_days).then(|| {
                format!(
                    "{total} days of extension under {} exceed its {} days",
                    allowed.regulation, allowed.max_days
                )
            })
        }
        RecordBody::PeriodExcluded(body) => {
            if body.to_us < body.from_us {
                return Some("the excluded period ends before it starts".to_owned());
            }
            let provided = config
                .decision_excluded_periods
                .iter()
                .any(|p| p.what == body.what);
            (!provided).then(|| {
                format!(
                    "no regulation in the unit's configuration leaves {:?} out of the period",
                    body.what
                )
            })
        }
        _ => None,
    }
}

fn service_deadline(
    state: &CaseState,
    candidate: &CaseRecord,
    context: &RuleContext,
) -> Option<Found> {
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

fn three_documents(
    state: &CaseState,
    candidate: &CaseRecord,
    context: &RuleContext,
) -> Option<String> {
    let RecordBody::DecisionServed(body) = &candidate.body else {
        return None;
    };
    let applies = context.config.three_documents
        && state.procedure == Some(Procedure::Ordinary)
        && state.party_kind == Some(PartyKind::Organisation);
    if !applies {
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

fn payment_late(state: &CaseState, candidate: &CaseRecord, context: &RuleContext) -> Option<Found> {
    let RecordBody::ExecutionRecorded(body) = &candidate.body else {
        return None;
    };
    if body.paid_fen == 0 {
        return None;
    }
    let (due, from) = payment_due(state, context.calendar())?;
    late_after("paid", due, from, candidate.at_us, context.calendar())
}
