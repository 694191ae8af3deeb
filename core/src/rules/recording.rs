//! Mandatory audio/video recording of on-site acts (全过程记录, 国办发〔2018〕118号; Art. 47).

use super::context::RuleContext;
use super::{Found, Rule, Severity};
use crate::lifecycle::{AUDIO_VISUAL_KINDS, CaseRecord, CaseState, act};

/// Acts touching personal liberty, life and health or major property are recorded on audio or
/// video everywhere; organisations add their own (hearings, service by leaving or notice …).
const ALWAYS_RECORDED: [&str; 3] = [act::SEIZURE, act::SEALING, act::FORCED_DEMOLITION];

pub(super) const AUDIO_VIDEO: Rule = Rule {
    id: "APL-47-audio-video",
    article: "Administrative Penalty Law Art. 47; State Council Office Guideline [2018] No. 118",
    article_zh: "《行政处罚法》第四十七条；国办发〔2018〕118号",
    severity: Severity::Block,
    severity_configurable: false,
    message_zh: "查封扣押、强制拆除等应当全程音像记录的执法行为，记录须引用至少一份录音或录像证据",
    message_en: "seizure, sealing, forced demolition and configured acts must reference at least one audio or video evidence item",
    settings: &["mandatory_recording_acts"],
    evaluate: |s, c, x| audio_video(s, c, x).map(Found::from),
};

fn audio_video(_: &CaseState, candidate: &CaseRecord, context: &RuleContext) -> Option<String> {
    let act = candidate.act()?;
    let mandatory = ALWAYS_RECORDED.contains(&act)
        || context
            .config
            .mandatory_recording_acts
            .iter()
            .any(|a| a == act);
    let recorded = candidate
        .body
        .evidence()
        .iter()
        .any(|e| AUDIO_VISUAL_KINDS.contains(&e.kind.as_str()));
    (mandatory && !recorded).then(|| format!("act {act} references no audio or video evidence"))
}
