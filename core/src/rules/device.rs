//! Non-site enforcement (非现场执法, Art. 41): devices reviewed before use and published,
//! each capture reviewed before it is evidence, the party told and able to state its case.

use super::context::RuleContext;
use super::{Found, Rule, Severity};
use crate::lifecycle::{CaseRecord, CaseState, RecordBody};

/// Art. 41 ¶1: "应当经过法制和技术审核，确保电子技术监控设备符合标准、设置合理、标志明显，
/// 设置地点应当向社会公布。"
pub(super) const DEVICE_REVIEWED: Rule = Rule {
    id: "APL-41-device-reviewed",
    article: "Administrative Penalty Law Art. 41 ¶1",
    article_zh: "《行政处罚法》第四十一条第一款",
    severity: Severity::Block,
    severity_configurable: false,
    message_zh: "电子技术监控设备应当经过法制和技术审核并公布设置地点后方可使用",
    message_en: "a non-site enforcement device is used only once its legal and technical review is done and its location published",
    settings: &["publicity"],
    evaluate: |s, c, x| device_reviewed(s, c, x).map(Found::from),
};

/// Art. 41 ¶2: "行政机关应当审核记录内容是否符合要求；未经审核或者经审核不符合要求的，不得
/// 作为行政处罚的证据。"
pub(super) const CAPTURE_REVIEWED: Rule = Rule {
    id: "APL-41-capture-reviewed",
    article: "Administrative Penalty Law Art. 41 ¶2",
    article_zh: "《行政处罚法》第四十一条第二款",
    severity: Severity::Block,
    severity_configurable: false,
    message_zh: "电子技术监控设备记录的内容未经审核的，不得作为行政处罚的证据",
    message_en: "a device capture not reviewed is no evidence for a penalty",
    settings: &[],
    evaluate: |s, c, _| capture_reviewed(s, c).map(Found::from),
};

/// Art. 41 ¶3: "行政机关应当及时告知当事人违法事实，并采取信息化手段或者其他措施，为当事人
/// 查询、陈述和申辩提供便利。"
pub(super) const PARTY_INFORMED: Rule = Rule {
    id: "APL-41-party-informed",
    article: "Administrative Penalty Law Art. 41 ¶3",
    article_zh: "《行政处罚法》第四十一条第三款",
    severity: Severity::Block,
    severity_configurable: false,
    message_zh: "非现场执法应当及时告知当事人违法事实，并为当事人查询、陈述和申辩提供便利，方可作出处罚决定",
    message_en: "a penalty on a device capture comes only after the party was told of the violation and given a way to query it and state its case",
    settings: &[],
    evaluate: |s, c, _| party_informed(s, c).map(Found::from),
};

fn device_reviewed(_: &CaseState, candidate: &CaseRecord, context: &RuleContext) -> Option<String> {
    let RecordBody::CaseFiled(b) = &candidate.body else {
        return None;
    };
    let capture = b.capture.as_ref()?;
    let Some(device) = context
        .config
        .publicity
        .monitoring_devices
        .iter()
        .find(|d| d.name == capture.device)
    else {
        return Some(format!(
            "device {} is not among the unit's published devices",
            capture.device
        ));
    };
    match device.reviewed_on {
        None => Some(format!(
            "device {} has no legal and technical review",
            device.name
        )),
        Some(reviewed) if reviewed > capture.captured_on => Some(format!(
            "device {} was reviewed on {reviewed}, after the capture of {}",
            device.name, capture.captured_on
        )),
        Some(_) if device.in_use_from > capture.captured_on => Some(format!(
            "device {} was put in use on {}, after the capture of {}",
            device.name, device.in_use_from, capture.captured_on
        )),
        Some(_) => None,
    }
}

fn capture_reviewed(_: &CaseState, candidate: &CaseRecord) -> Option<String> {
    let RecordBody::CaseFiled(b) = &candidate.body else {
        return None;
    };
    let capture = b.capture.as_ref()?;
    capture
        .reviewed_by
        .as_deref()
        .is_none_or(|r| r.trim().is_empty())
        .then(|| {
            format!(
                "the capture of {} by {} was not reviewed",
                capture.captured_on, capture.device
            )
        })
}

fn party_informed(state: &CaseState, candidate: &CaseRecord) -> Option<String> {
    let RecordBody::DecisionIssued(_) = &candidate.body else {
        return None;
    };
    let capture = state.capture.as_ref()?;
    (!capture.party_notified).then(|| {
        format!(
            "the party was not told of the capture by {} with a way to state its case",
            capture.device
        )
    })
}
