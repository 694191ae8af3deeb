//! What a decision rests on (Art. 46) and how investigation transcripts are signed (Art. 55).

use super::context::RuleContext;
use super::{Found, Rule, Severity};
use crate::lifecycle::{CaseRecord, CaseState, RecordBody, act};

/// Art. 46 ¶3: "证据必须经查证属实，方可作为认定案件事实的根据。" Bytes that did not match
/// the digest taken at capture are not verified evidence.
pub(super) const EVIDENCE_VERIFIED: Rule = Rule {
    id: "APL-46-evidence-verified",
    article: "Administrative Penalty Law Art. 46",
    article_zh: "《行政处罚法》第四十六条",
    severity: Severity::Block,
    severity_configurable: false,
    message_zh: "证据必须经查证属实，方可作为认定案件事实的根据；决定引用的证据不得是到达时摘要不符而被隔离的证据",
    message_en: "evidence is the basis of a finding only once verified: a decision does not rest on evidence quarantined because its bytes did not match its digest on arrival",
    settings: &[],
    evaluate: |s, c, x| evidence_verified(s, c, x).map(Found::from),
};

/// Art. 55 ¶2: "询问或者检查应当制作笔录。" The 笔录 is signed by the party, or its refusal
/// is noted, or a witness signs (as the procedural rules of each domain ask).
pub(super) const TRANSCRIPT_SIGNED: Rule = Rule {
    id: "APL-55-transcript-signed",
    article: "Administrative Penalty Law Art. 55 ¶2",
    article_zh: "《行政处罚法》第五十五条第二款",
    severity: Severity::Block,
    severity_configurable: false,
    message_zh: "询问或者检查应当制作笔录，笔录由当事人签名，当事人拒绝的注明情况，或者由见证人签名",
    message_en: "an inquiry or inspection is recorded in a transcript signed by the party, or noting its refusal, or signed by a witness",
    settings: &[],
    evaluate: |s, c, _| transcript_signed(s, c).map(Found::from),
};

fn evidence_verified(
    _: &CaseState,
    candidate: &CaseRecord,
    context: &RuleContext,
) -> Option<String> {
    let RecordBody::DecisionIssued(b) = &candidate.body else {
        return None;
    };
    if context.unverified_evidence.is_empty() {
        return None;
    }
    let unverified: Vec<String> = b
        .evidence
        .iter()
        .map(|e| e.sha256.to_hex())
        .filter(|hex| context.unverified_evidence.contains(hex))
        .collect();
    (!unverified.is_empty()).then(|| {
        format!(
            "the decision names evidence that did not verify on arrival: {}",
            unverified.join(", ")
        )
    })
}

fn transcript_signed(_: &CaseState, candidate: &CaseRecord) -> Option<String> {
    let RecordBody::InvestigationRecord(b) = &candidate.body else {
        return None;
    };
    let transcript = matches!(b.act.as_deref(), Some(act::INQUIRY | act::SITE_INSPECTION));
    (transcript && b.transcript_signed_by.is_none()).then(|| {
        format!(
            "the {} transcript records no signature of the party, refusal or witness",
            b.act.as_deref().unwrap_or_default()
        )
    })
}
