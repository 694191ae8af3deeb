//! Typed record bodies: what each kind of record says, in integers and strings only.
//!
//! Money is integer fen (`_fen`), times are integer microseconds since the Unix epoch (`_us`),
//! coordinates are integer 1e-7 degrees (`lat_e7`, `lon_e7`), as CONTRACT.md requires of
//! anything hashed or signed. Optional fields default when absent, so a body stays small.

use serde::{Deserialize, Serialize};

pub use crate::record::EvidenceRef;
use crate::rules::date::LocalDate;

/// Evidence kinds (CONTRACT.md upload `kind`) that the mandatory recording rule accepts.
pub const AUDIO_VISUAL_KINDS: [&str; 2] = ["audio", "video"];

/// Names of on-site acts that the mandatory audio/video rule knows without configuration.
pub mod act {
    /// 查封: sealing premises, facilities or property.
    pub const SEALING: &str = "sealing";
    /// 扣押: seizing property.
    pub const SEIZURE: &str = "seizure";
    /// 询问: questioning the party or a witness, in a 询问笔录.
    pub const INQUIRY: &str = "inquiry";
    /// 现场检查: a site inspection, in a 现场检查笔录.
    pub const SITE_INSPECTION: &str = "site_inspection";
    /// 强制拆除: forced demolition.
    pub const FORCED_DEMOLITION: &str = "forced_demolition";
    /// 听证: a hearing (an organisation may require recording it).
    pub const HEARING: &str = "hearing";
    /// 留置送达: service by leaving the document at the party's residence.
    pub const SERVICE_BY_LEAVING: &str = "service_by_leaving";
    /// 公告送达: service by public notice.
    pub const SERVICE_BY_PUBLIC_NOTICE: &str = "service_by_public_notice";
}

/// Who the party of a case is; the law sets different limits for each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartyKind {
    /// 公民: a natural person.
    Person,
    /// 法人或者其他组织: a legal person or other organisation.
    Organisation,
}

/// A place, in integer 1e-7 degrees.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Location {
    pub lat_e7: i32,
    pub lon_e7: i32,
}

/// How a document reached the party.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ServiceMethod {
    /// 直接送达, including handing over on the spot.
    Direct,
    /// 留置送达.
    Left,
    /// 邮寄送达.
    Post,
    /// 电子送达: only with the party's consent (Art. 61).
    Electronic,
    /// 公告送达.
    PublicNotice,
}

impl ServiceMethod {
    /// The on-site act this way of serving is, for the mandatory audio/video rule.
    pub fn act(self) -> Option<&'static str> {
        match self {
            ServiceMethod::Left => Some(act::SERVICE_BY_LEAVING),
            ServiceMethod::PublicNotice => Some(act::SERVICE_BY_PUBLIC_NOTICE),
            ServiceMethod::Direct | ServiceMethod::Post | ServiceMethod::Electronic => None,
        }
    }
}

/// Penalties other than warnings, fines and confiscation (行政处罚法 Art. 9).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sanction {
    /// 通报批评.
    PublicCriticism,
    /// 暂扣许可证件.
    LicenceSuspension,
    /// 降低资质等级.
    QualificationDowngrade,
    /// 吊销许可证件.
    LicenceRevocation,
    /// 限制开展生产经营活动.
    ActivityRestriction,
    /// 责令停产停业.
    ProductionSuspension,
    /// 责令关闭.
    Closure,
    /// 限制从业.
    PracticeRestriction,
    /// 行政拘留.
    Detention,
}

/// A penalty proposed in a notice or imposed by a decision.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Penalty {
    /// 警告.
    #[serde(default)]
    pub warning: bool,
    /// 罚款, in fen.
    #[serde(default)]
    pub fine_fen: u64,
    /// 没收违法所得、没收非法财物: the value confiscated, in fen.
    #[serde(default)]
    pub confiscation_fen: u64,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sanctions: Vec<Sanction>,
    /// The discretion benchmark (裁量基准) item the amount was set by, as configured.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub benchmark: Option<String>,
    /// Why the amount lies outside the benchmark range, when it does (Art. 34).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discretion_reason: Option<String>,
    /// 从轻 or 减轻: the circumstance of Art. 32 (or of the unit's list) the penalty is
    /// lightened for, when it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub leniency: Option<Leniency>,
    /// When the act breaches several provisions that each provide a fine (Art. 29): every one
    /// of them, the one the fine is imposed under marked `applied`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub breached_norms: Vec<FineNorm>,
}

/// A provision the act breaches that provides a fine, and the highest fine it sets (Art. 29).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FineNorm {
    /// The provision, e.g. `食品安全法 第一百二十四条`.
    pub law: String,
    /// The highest fine it sets, in fen.
    pub max_fine_fen: u64,
    /// The fine is imposed under this provision.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub applied: bool,
}

/// Why a penalty is lighter than it would be (Art. 32): 从轻 within the statutory range, or
/// 减轻 below its minimum.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Leniency {
    pub kind: LeniencyKind,
    /// The circumstance, e.g. Art. 32(1) 主动消除或者减轻违法行为危害后果.
    pub ground: String,
    /// The item of the unit's leniency lists (四张清单) relied on, by id, when one is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub list_item: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LeniencyKind {
    /// 从轻: within the statutory range, towards its lower end.
    Lighter,
    /// 减轻: below the statutory minimum.
    Mitigated,
}

impl Penalty {
    /// Whether this penalty is heavier than `other` in any respect: a larger fine, a larger
    /// confiscation, or a sanction `other` does not have.
    pub fn is_heavier_than(&self, other: &Penalty) -> bool {
        self.fine_fen > other.fine_fen
            || self.confiscation_fen > other.confiscation_fen
            || self.sanctions.iter().any(|s| !other.sanctions.contains(s))
    }
}

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

/// A sealing or seizure (查封、扣押) as its on-site record states it (行政强制法 Arts. 18, 19,
/// 24).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompulsoryMeasure {
    /// An id unique within the case, named by the records that follow the measure.
    pub measure: String,
    /// The head who approved it in advance (Art. 18(1)); absent when taken urgently.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approved_by: Option<String>,
    /// Taken on the spot in an emergency: reported to the head and approved within 24 hours
    /// by a `compulsion.approved` record (Art. 19).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub urgent: bool,
    /// The party was present (Art. 18(4)).
    pub party_present: bool,
    /// Who signed the on-site record besides the officers (Art. 18(8), (9)).
    pub record_signed_by: RecordSignatory,
    /// The 查封、扣押决定书 was handed to the party on the spot (Art. 24).
    pub decision_handed_over: bool,
    /// The 清单 was handed to the party on the spot (Art. 24).
    pub inventory_handed_over: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordSignatory {
    /// The party signed or sealed it.
    Party,
    /// The party refused, and the record notes it.
    PartyRefused,
    /// The party was absent and a witness signed.
    Witness,
}

/// 补办批准: the head approves an urgent sealing or seizure afterwards (行政强制法 Art. 19).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompulsionApproved {
    pub measure: String,
    pub approved_by: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<EvidenceRef>,
}

/// 延长查封、扣押 (行政强制法 Art. 25 ¶1–2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompulsionExtended {
    pub measure: String,
    pub approved_by: String,
    /// Calendar days added.
    pub days: u32,
    pub reasons: String,
    /// The party was told in writing, with the reasons.
    pub party_notified: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<EvidenceRef>,
}

/// 检测、检验、检疫或者技术鉴定: a period not counted in the measure's (Art. 25 ¶3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompulsionTesting {
    pub measure: String,
    /// Calendar days, as the party is told.
    pub days: u32,
    /// The party was told the period in writing.
    pub party_notified: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<EvidenceRef>,
}

/// What is done with sealed or seized property at the end (Art. 27).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CompulsionOutcome {
    /// 没收.
    Confiscated,
    /// 销毁, where a law or administrative regulation says so.
    Destroyed,
    /// 解除查封、扣押.
    Released,
}

/// The decision that ends a sealing or seizure (行政强制法 Art. 27).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompulsionEnded {
    pub measure: String,
    pub outcome: CompulsionOutcome,
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

/// 移送涉嫌犯罪案件的书面报告: officers report a suspected crime to the unit's head (行政
/// 执法机关移送涉嫌犯罪案件的规定 Art. 5; 行政处罚法 Art. 27).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransferReported {
    /// The crime suspected and the facts that suggest it.
    pub suspicion: String,
    /// The officers of the 专案组 who checked the facts and wrote the report.
    #[serde(default)]
    pub officers: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<EvidenceRef>,
}

/// The head's decision on the report: to transfer, or not, with the reasons recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransferDecided {
    pub approved: bool,
    /// The 正职负责人 or the head in charge who decided.
    pub decided_by: String,
    /// Why not, when not approved (recorded in the file).
    #[serde(default)]
    pub reasons: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<EvidenceRef>,
}

/// A document handed to the police with the case (移送规定 Art. 6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TransferMaterial {
    /// 涉嫌犯罪案件移送书.
    TransferLetter,
    /// 涉嫌犯罪案件情况的调查报告.
    InvestigationReport,
    /// 涉案物品清单.
    Inventory,
    /// 有关检验报告或者鉴定结论.
    TestReports,
    /// 其他有关涉嫌犯罪的材料.
    Other,
}

/// The case goes to the police (移送规定 Art. 5: within 24 hours of the approval).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransferMade {
    /// The public security organ it went to.
    pub police: String,
    pub materials: Vec<TransferMaterial>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<EvidenceRef>,
}

/// The police did not file the case, and returned it: the penalty path resumes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransferReturned {
    /// The police's notice of not filing, e.g. its number.
    pub notice: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<EvidenceRef>,
}

/// The police decided to file the transferred case, and the unit received their 立案通知书
/// (移送规定 Art. 12): the unit's 3 days to hand over the goods and the other materials of the
/// case run from the day it received the notice, as an open deadline until the handover.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransferPoliceFiled {
    /// The police's 立案通知书, e.g. its number.
    pub filing_notice: String,
    /// The day the police decided to file the case, as the notice states it.
    pub filed_on: LocalDate,
    /// The day the unit received the notice; not before `filed_on`.
    pub notice_received_on: LocalDate,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<EvidenceRef>,
}

/// The police filed the case, and the unit hands over the goods and the other materials of the
/// case (移送规定 Art. 12: within 3 days of receiving the 立案通知书).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransferHandedOver {
    /// The police's 立案通知书, e.g. its number.
    pub filing_notice: String,
    /// The day the unit received it.
    pub notice_received_on: crate::rules::LocalDate,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<EvidenceRef>,
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
