//! The case lifecycle of DOMAIN.md as an explicit state machine over typed records.
//!
//! 立案 → 调查取证 → 审核 (法制审核, 集体讨论) → 告知 → 陈述申辩 / 听证 → 决定 → 送达 → 执行 → 结案
//! → 归档, with inspections (检查) before a case, 简易程序 (an on-the-spot penalty, decided and
//! served at once) and termination (不予处罚, 撤案, 移送). A record that would skip a stage is
//! refused with a typed [`Refusal`]. Which reviews a case needs, and every deadline, are rule
//! checks (`crate::rules`), because they depend on organisation configuration and the calendar.

mod body;
mod error;
mod record;
mod stage;
mod state;
mod transitions;
mod vocabulary;

pub use body::*;
pub use error::{LifecycleError, Refusal};
pub use record::{AsCaseRecord, CaseRecord};
pub use stage::{Procedure, Stage};
pub use state::{
    CaseState, Collection, Decision, Defence, ExcludedPeriod, Extension, Hearing, Measure, Notice,
    Preservation, RecordRefused, Transfer,
};
pub use transitions::{Transition, next_stage, stage_needed, transitions};
pub use vocabulary::{RecordBody, RecordKind};
