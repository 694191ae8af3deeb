//! Bodies of the steps before a decision: the party's consent to electronic service, the legal
//! review and collective discussion, the notice (告知), the party's statement and its review,
//! and the hearing (听证).

use serde::{Deserialize, Serialize};

use super::*;

/// The party's consent to electronic service (Art. 61), with the signed confirmation as
/// evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceConsent {
    /// Where documents may be served: a phone number, an e-mail address or a platform account.
    pub address: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<EvidenceRef>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LegalReviewOutcome {
    /// 同意.
    Approved,
    /// 存在问题: returned with an opinion.
    ProblemsFound,
    /// 移送: the matter should go to another authority.
    Transfer,
}

/// 法制审核 by a legal reviewer (Art. 58).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewLegal {
    pub reviewer: String,
    pub outcome: LegalReviewOutcome,
    #[serde(default)]
    pub opinion: String,
    /// The reviewer found the facts of the violation unclear or the evidence insufficient
    /// (违法事实不清、证据不足, Art. 40).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub facts_unclear: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<EvidenceRef>,
}

/// 集体讨论 by the organisation's heads (Art. 57).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewCollective {
    pub participants: Vec<String>,
    pub conclusion: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<EvidenceRef>,
}

/// A right the party is told of before a decision (Art. 44).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartyRight {
    /// 陈述.
    Statement,
    /// 申辩.
    Defence,
    /// 要求听证.
    Hearing,
}

/// 告知: the party is told the proposed penalty, facts, reasons, basis and rights (Art. 44).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeServed {
    pub facts: String,
    pub reasons: String,
    pub legal_basis: String,
    pub penalty: Penalty,
    pub rights: Vec<PartyRight>,
    pub method: ServiceMethod,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<EvidenceRef>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatementResponse {
    /// The party stated its case or defended itself.
    Made,
    /// The party declined to.
    Waived,
    /// The party did not respond within the period it was given.
    NoResponse,
}

/// 陈述申辩: the party's statement and defence, or its absence, recorded (Art. 45).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatementRecorded {
    pub response: StatementResponse,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<EvidenceRef>,
}

/// 复核: the unit reviews the facts, reasons and evidence the party put forward (Art. 45 ¶1),
/// and adopts them where they stand.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatementReviewed {
    /// Whether the party's statement is adopted, wholly or in part.
    pub adopted: bool,
    pub opinion: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<EvidenceRef>,
}

/// The notice reached the party (送达回证, a postal receipt, the electronic system's record):
/// the party's periods run from then (Art. 64(1)).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeDelivered {
    pub received_at_us: i64,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<EvidenceRef>,
}

/// The party asks for a hearing (Art. 64(1)); the record time is when the request arrived.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HearingRequested {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<EvidenceRef>,
}

/// The party is told when and where the hearing is (Art. 64(2)).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HearingNotice {
    pub hearing_at_us: i64,
    pub method: ServiceMethod,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<EvidenceRef>,
}

/// The hearing took place, presided by someone who did not investigate the case (Art. 64(4)).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HearingHeld {
    pub presiding: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<EvidenceRef>,
}

/// The party gave up the hearing: declined it, withdrew the request, or stayed away
/// (Art. 64(6)).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HearingWaived {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<EvidenceRef>,
}
