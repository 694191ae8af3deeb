//! Where a case stands: its procedure and its stage.

use serde::{Deserialize, Serialize};

/// Which procedure a case follows; set by its first record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Procedure {
    /// An inspection (检查), which may lead to a case.
    Inspection,
    /// 普通程序.
    Ordinary,
    /// 简易程序: the penalty is decided and handed over on the spot.
    Summary,
}

/// A stage of the lifecycle of DOMAIN.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Nothing recorded yet.
    New,
    /// 检查: an inspection is under way.
    Inspecting,
    /// 检查结束.
    InspectionConcluded,
    /// 立案.
    Filed,
    /// 调查取证.
    Investigating,
    /// 案件审核: legal review (法制审核) and collective discussion (集体讨论).
    Reviewing,
    /// 告知.
    Notified,
    /// 陈述申辩 / 听证.
    Defending,
    /// 决定.
    Decided,
    /// 送达.
    Served,
    /// 执行.
    Executing,
    /// 结案.
    Closed,
    /// Ended without a penalty decision: 不予处罚, 撤案 or 移送.
    Terminated,
    /// 归档: nothing may follow.
    Archived,
}

impl Stage {
    /// Every stage, in lifecycle order.
    pub const ALL: &'static [Stage] = &[
        Stage::New,
        Stage::Inspecting,
        Stage::InspectionConcluded,
        Stage::Filed,
        Stage::Investigating,
        Stage::Reviewing,
        Stage::Notified,
        Stage::Defending,
        Stage::Decided,
        Stage::Served,
        Stage::Executing,
        Stage::Closed,
        Stage::Terminated,
        Stage::Archived,
    ];

    /// A stable ASCII name.
    pub const fn name(self) -> &'static str {
        match self {
            Stage::New => "new",
            Stage::Inspecting => "inspecting",
            Stage::InspectionConcluded => "inspection_concluded",
            Stage::Filed => "filed",
            Stage::Investigating => "investigating",
            Stage::Reviewing => "reviewing",
            Stage::Notified => "notified",
            Stage::Defending => "defending",
            Stage::Decided => "decided",
            Stage::Served => "served",
            Stage::Executing => "executing",
            Stage::Closed => "closed",
            Stage::Terminated => "terminated",
            Stage::Archived => "archived",
        }
    }

    /// The Chinese name used on case files.
    pub const fn name_zh(self) -> &'static str {
        match self {
            Stage::New => "未开始",
            Stage::Inspecting => "检查",
            Stage::InspectionConcluded => "检查结束",
            Stage::Filed => "立案",
            Stage::Investigating => "调查取证",
            Stage::Reviewing => "案件审核",
            Stage::Notified => "告知",
            Stage::Defending => "陈述申辩、听证",
            Stage::Decided => "决定",
            Stage::Served => "送达",
            Stage::Executing => "执行",
            Stage::Closed => "结案",
            Stage::Terminated => "终止",
            Stage::Archived => "归档",
        }
    }
}

impl std::fmt::Display for Stage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}
