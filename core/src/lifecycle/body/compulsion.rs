//! Bodies of the Administrative Compulsion Law's sealing and seizure (查封、扣押) and of a
//! suspected crime's transfer to the police (行政执法机关移送涉嫌犯罪案件的规定).

use serde::{Deserialize, Serialize};

use super::*;

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
