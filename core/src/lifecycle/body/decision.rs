//! Bodies of the decision and what follows it: the decision document, its change, service,
//! execution and payment, fines collected on the spot, and the case's end (closing, archiving,
//! termination).

use serde::{Deserialize, Serialize};

use super::*;

/// 决定: the penalty decision. What the decision document states (Art. 59) is recorded with
/// it; the party's name and address are those of the filing, the date is the record's.
/// Members a decision recorded before Art. 59 was checked lacks default to empty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionIssued {
    /// 决定书文号.
    pub document_number: String,
    pub penalty: Penalty,
    /// 违反法律、法规、规章的事实 (Art. 59(2)).
    #[serde(default)]
    pub facts: String,
    /// 行政处罚的依据: the provisions applied (Art. 59(3)).
    #[serde(default)]
    pub legal_basis: String,
    /// 行政处罚的履行方式和期限: how and by when the party complies (Art. 59(4)).
    #[serde(default)]
    pub compliance: String,
    /// 申请行政复议、提起行政诉讼的途径和期限 (Art. 59(5)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remedies: Option<Remedies>,
    /// 作出行政处罚决定的行政机关名称 (Art. 59(6)).
    #[serde(default)]
    pub unit: String,
    /// The document bears the unit's seal (Art. 59 ¶2).
    #[serde(default)]
    pub sealed: bool,
    /// The evidence the decision names (Art. 59(2)).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<EvidenceRef>,
}

/// The routes and periods of redress a decision document tells the party of (Art. 59(5)).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Remedies {
    /// The body that hears an application for 行政复议.
    pub reconsideration_body: String,
    /// The period to apply for 行政复议, in days from receipt (行政复议法 Art. 20: 60 days).
    pub reconsideration_days: u32,
    /// The court where 行政诉讼 is brought.
    pub court: String,
    /// The period to sue, in months from receipt (行政诉讼法 Art. 46: 6 months).
    pub litigation_months: u32,
}

/// How a decision stopped standing as it was issued (行政处罚法 Art. 48: withdrawn from
/// publication within three working days).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DecisionChange {
    /// 变更.
    Changed,
    /// 撤销.
    Revoked,
    /// 确认无效.
    Void,
}

/// The decision was changed, revoked or declared void (by the unit itself on correction, on
/// administrative reconsideration or by a court).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DecisionChanged {
    pub change: DecisionChange,
    /// Who decided it and why, e.g. the reconsideration decision's number.
    pub reason: String,
    /// For a decision changed (`change` `changed`), the decision it was changed to, which is
    /// published in its turn (Art. 48); absent for a revocation or voidness, and in records
    /// made before it existed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<NewDecision>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<EvidenceRef>,
}

/// The decision a changed decision now is (变更后的决定): its document number and penalty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewDecision {
    /// 决定书文号 of the changed decision.
    pub document_number: String,
    pub penalty: Penalty,
}

/// A document handed to the party with the decision (三书同达).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ServedDocument {
    /// 行政处罚决定书.
    Decision,
    /// 合规建议书.
    ComplianceAdvice,
    /// 信用修复告知书.
    CreditRepairNotice,
}

/// 送达: the decision reaches the party (Art. 61).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionServed {
    pub method: ServiceMethod,
    pub documents: Vec<ServedDocument>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<EvidenceRef>,
}

/// 执行: payment or enforcement of the decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExecutionRecorded {
    #[serde(default)]
    pub paid_fen: u64,
    /// The on-site act, e.g. [`act::FORCED_DEMOLITION`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub act: Option<String>,
    #[serde(default)]
    pub officers: Vec<String>,
    /// Whether the decision is now fully executed.
    #[serde(default)]
    pub complete: bool,
    /// The officers took the fine on the spot instead of the party paying it at the bank
    /// (罚缴分离, Art. 67: only as Arts. 68 and 69 allow).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collection: Option<OnSpotCollection>,
    /// 加处罚款 paid with it: 3% of the fine a day late, never above the fine (Art. 72(1)).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub surcharge_fen: u64,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<EvidenceRef>,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// A fine collected on the spot (当场收缴, Arts. 68 to 70).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OnSpotCollection {
    pub ground: CollectionGround,
    /// The number of the 专用票据 of the finance department handed to the party (Art. 70).
    pub receipt: String,
    /// The party asked to pay on the spot (Art. 69: "经当事人提出").
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub party_requested: bool,
}

/// Why a fine may be collected on the spot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CollectionGround {
    /// Art. 68(1): an on-the-spot fine of ¥100 or less.
    SmallFine,
    /// Art. 68(2): an on-the-spot fine that would be hard to enforce afterwards.
    HardToEnforce,
    /// Art. 69: a remote, waterborne or poorly connected area where paying at the bank is
    /// truly hard, at the party's request.
    RemoteArea,
}

/// 交至行政机关: officers hand fines collected on the spot in to the unit (Art. 71).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CollectionHandedIn {
    /// The receipts of the collections handed in.
    pub receipts: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<EvidenceRef>,
}

/// One instalment of a fine, or the whole fine deferred to one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Instalment {
    pub due_at_us: i64,
    pub amount_fen: u64,
}

/// 暂缓或者分期缴纳: the unit approves the party's application to pay later or in instalments
/// (Art. 66 ¶2); the schedule replaces the 15 days of Art. 67.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentDeferred {
    pub approved_by: String,
    pub reason: String,
    pub instalments: Vec<Instalment>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<EvidenceRef>,
}

/// 结案.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseClosed {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<EvidenceRef>,
}

/// 归档.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseArchived {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<EvidenceRef>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TerminationReason {
    /// 不予行政处罚.
    NoPenalty,
    /// 撤销立案 (撤案).
    Withdrawn,
    /// 移送: to the police or another authority (e.g. a suspected crime).
    Transferred,
}

/// The case ends without a penalty decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseTerminated {
    pub reason: TerminationReason,
    pub basis: String,
    /// The authority the case went to, when transferred.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transferred_to: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<EvidenceRef>,
}
