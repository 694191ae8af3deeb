//! Typed record bodies: what each kind of record says, in integers and strings only.
//!
//! Money is integer fen (`_fen`), times are integer microseconds since the Unix epoch (`_us`),
//! coordinates are integer 1e-7 degrees (`lat_e7`, `lon_e7`), as CONTRACT.md requires of
//! anything hashed or signed. Optional fields default when absent, so a body stays small.
//!
//! This module holds what several kinds share (acts, the party's kind, service, the penalty);
//! each family of kinds has its own file, re-exported here so every body keeps its path
//! `crate::lifecycle::*`.

use serde::{Deserialize, Serialize};

mod compulsion;
mod decision;
mod defence;
mod investigation;

pub use compulsion::*;
pub use decision::*;
pub use defence::*;
pub use investigation::*;

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
