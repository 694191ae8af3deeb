//! Bodies of opening and investigating a case: the filing (立案), inspections (检查), the
//! investigation's records (调查取证), preserved evidence (先行登记保存), conflicts and recusal,
//! the decision period's extensions and excluded periods, and who handles the case.

use serde::{Deserialize, Serialize};

use super::*;

/// 立案: a case is opened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseFiled {
    /// The enforcement domain (执法领域) officers need a certificate for.
    pub domain: String,
    /// The organisation's case category; some categories are major by configuration.
    pub category: String,
    pub party_kind: PartyKind,
    /// 情节复杂 / 疑难复杂: needs collective discussion and legal review.
    #[serde(default)]
    pub complex: bool,
    /// 重大: needs collective discussion and legal review.
    #[serde(default)]
    pub major: bool,
    /// 直接关系当事人或者第三人重大权益: a decision after a hearing then needs legal review
    /// (Art. 58(2)).
    #[serde(default)]
    pub major_rights: bool,
    /// The officers who handle the case besides the one who signs the filing: with the
    /// signer, the case's first assigned officers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub officers: Vec<String>,
    /// Who the party is (personal data): read by the case's readers, and published only
    /// through `custos_core::publicity`, masked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub party: Option<Party>,
    /// The day of the violation, or the day it ended when it went on (连续或者继续状态), on
    /// the unit's calendar: the limitation period of Art. 36 runs from it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub violation_on: Option<LocalDate>,
    /// The violation concerns citizens' life, health and safety or financial security and had
    /// harmful consequences: the limitation period is five years instead of two (Art. 36).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub grave_harm: bool,
    /// The case starts from a non-site enforcement device's capture (Art. 41).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capture: Option<DeviceCapture>,
    /// The number of a decision that already fined the party for the same act, when one is
    /// known (e.g. from another unit): no second fine may follow (Art. 29).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub already_fined_by: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<EvidenceRef>,
}

/// A capture of a non-site enforcement device (电子技术监控设备) a case starts from (Art. 41).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeviceCapture {
    /// The device's name, as the unit publishes it (`publicity.monitoring_devices`).
    pub device: String,
    pub captured_on: LocalDate,
    /// Who checked that the capture is true, clear, complete and accurate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reviewed_by: Option<String>,
    /// The party was told of the violation promptly, with a way to query it and to state its
    /// case and defend itself.
    #[serde(default)]
    pub party_notified: bool,
}

/// The party of a case as its filing names it. For a natural person every member is personal
/// data; for a legal person or other organisation the name and unified social credit code are
/// public, its representative's name is not.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Party {
    /// 姓名 or 名称.
    pub name: String,
    /// 公民身份号码 (GB 11643) or another identity document's number, for a natural person.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_number: Option<String>,
    /// 统一社会信用代码 (GB 32100), for an organisation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credit_code: Option<String>,
    /// 法定代表人或者负责人, for an organisation: a natural person.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub representative: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
}

/// An inspection step (检查), including a 双随机 task.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InspectionRecord {
    pub domain: String,
    /// The officers present besides the one who signs the record.
    #[serde(default)]
    pub officers: Vec<String>,
    /// The officers showed their enforcement certificates to the party (Art. 52, 55).
    #[serde(default)]
    pub credentials_shown: bool,
    /// The on-site act, when it is one the audio/video rule knows (see [`act`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub act: Option<String>,
    /// The 双随机 task that drew this inspection, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<EvidenceRef>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InspectionOutcome {
    Compliant,
    RectificationOrdered,
    ViolationFound,
}

/// The result of an inspection, which is published (20 working days).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InspectionConcluded {
    pub outcome: InspectionOutcome,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<EvidenceRef>,
}

/// 简易程序: a penalty decided and handed over on the spot (Art. 51, 52).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SummaryPenalty {
    pub domain: String,
    pub party_kind: PartyKind,
    pub penalty: Penalty,
    /// The provisions applied, which the on-the-spot decision states (Art. 38, 52); empty in
    /// records made before it was recorded.
    #[serde(default)]
    pub legal_basis: String,
    #[serde(default)]
    pub officers: Vec<String>,
    /// The officers showed their enforcement certificates to the party (Art. 52, 55).
    #[serde(default)]
    pub credentials_shown: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<EvidenceRef>,
}

/// 调查取证: an investigation step (inquiry, site inspection, seizure, sampling …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvestigationRecord {
    #[serde(default)]
    pub officers: Vec<String>,
    /// The officers showed their enforcement certificates to the party (Art. 52, 55).
    #[serde(default)]
    pub credentials_shown: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub act: Option<String>,
    /// For a sealing or seizure (`act` `sealing` or `seizure`): how the measure was taken
    /// (行政强制法 Arts. 18, 19, 24). Absent in records made before it was recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compulsion: Option<CompulsoryMeasure>,
    /// For an inquiry or a site inspection: who signed its 笔录 besides the officers (the
    /// party, its refusal noted, or a witness; Art. 55 ¶2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transcript_signed_by: Option<RecordSignatory>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<EvidenceRef>,
}

/// 先行登记保存: evidence registered for preservation, with the head's approval (Art. 56).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvidencePreserved {
    /// An id unique within the case, named again when the preservation is resolved.
    pub preservation: String,
    pub approved_by: String,
    #[serde(default)]
    pub officers: Vec<String>,
    /// The officers showed their enforcement certificates to the party (Art. 52, 55).
    #[serde(default)]
    pub credentials_shown: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<EvidenceRef>,
}

/// What was done with preserved evidence (Art. 56 lists the choices).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PreservationOutcome {
    /// 记录、复制、拍照、录像等证据保全措施.
    Secured,
    /// 送交鉴定.
    Appraisal,
    /// 查封、扣押.
    Seized,
    /// 作出行政处罚决定，予以没收.
    Confiscated,
    /// 解除先行登记保存措施.
    Released,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvidencePreservationResolved {
    pub preservation: String,
    pub outcome: PreservationOutcome,
    /// For the outcome `seized`: the sealing or seizure taken, as an investigation record
    /// states one (行政强制法 Arts. 18, 19, 24), whose period and records follow from here.
    /// Absent in records made before it was recorded; ignored for other outcomes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compulsion: Option<CompulsoryMeasure>,
    #[serde(default)]
    pub officers: Vec<String>,
    /// The officers showed their enforcement certificates to the party (Art. 52, 55).
    #[serde(default)]
    pub credentials_shown: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<EvidenceRef>,
}

/// Who raised a conflict of interest (Art. 43).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConflictSource {
    /// The officer declared it (Art. 43 ¶1): the officer withdraws at once.
    #[default]
    Officer,
    /// The party applied for the officer's recusal (Art. 43 ¶2): the unit's head decides, and
    /// the investigation goes on meanwhile (Art. 43 ¶3).
    Party,
}

/// An officer's conflict of interest in the case, declared by the officer or raised by the
/// party (Art. 43). A declared conflict bars the officer at once; a party's application bars
/// the officer once the head decides on recusal ([`RecusalDecided`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConflictDeclared {
    pub officer: String,
    pub reason: String,
    #[serde(default)]
    pub raised_by: ConflictSource,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<EvidenceRef>,
}

/// The unit's head decides on a party's application for an officer's recusal (Art. 43 ¶3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecusalDecided {
    pub officer: String,
    /// Whether the officer withdraws from the case.
    pub recused: bool,
    pub decided_by: String,
    #[serde(default)]
    pub reason: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<EvidenceRef>,
}

/// An approved extension of the 90-day decision period, in calendar days. Art. 60 itself has
/// no extension: the sectoral regulation cited must provide it ("法律、法规、规章另有规定的，
/// 从其规定"), and the unit's configuration names the role that approves it and its cap.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExtensionApproved {
    pub days: u32,
    pub approved_by: String,
    /// The role of the approver under the regulation (e.g. `head`).
    #[serde(default)]
    pub approver_role: String,
    /// The regulation that provides the extension, as the unit's configuration names it.
    #[serde(default)]
    pub regulation: String,
    pub reason: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<EvidenceRef>,
}

/// A period left out of the count of the decision period (Art. 60, where a sectoral regulation
/// excludes it: hearing, 鉴定/检测, 公告送达 …), recorded once it has ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeriodExcluded {
    /// What the period was, as the unit's configuration names it (e.g. `appraisal`).
    pub what: String,
    /// First and last instant of the period.
    pub from_us: i64,
    pub to_us: i64,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<EvidenceRef>,
}

/// Officers are assigned to handle the case (承办人员), by a reviewer or supervisor of the case's
/// unit or a unit above it. Assigned officers write into the case and read it; officers of
/// other units on the case unit's line may be assigned where enforcement is joint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseAssigned {
    /// User ids, none of them assigned already.
    pub officers: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<EvidenceRef>,
}

/// Assigned officers stop handling the case, and with it stop writing into it and reading it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseReleased {
    /// User ids, each of them assigned.
    pub officers: Vec<String>,
    pub reason: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<EvidenceRef>,
}
