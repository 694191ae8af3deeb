//! Publicity (执法公示): what a unit publishes about its decisions, masked in core so that a
//! phone previews exactly what the server will publish, and the deadlines for publishing and
//! withdrawing it.
//!
//! Nothing here reads a clock or stores anything: the server decides when a notice is
//! published and keeps the publications; this module says what they contain.

pub mod config;
pub mod deadline;
pub mod mask;
pub mod notice;

pub use config::{MonitoringDevice, OtherResult, PublicityConfig};
pub use deadline::{
    ResultKind, WITHDRAWAL_PERIOD, in_time, publication_last_day, result_to_publish,
    withdrawal_last_day,
};
pub use mask::{DetailRule, KnownPersonalData, MaskingRules, NameRule, is_resident_id};
pub use notice::{
    ChangeFact, DecidingUnit, DecisionFacts, NoticeError, OtherFacts, PublicNotice, PublicParty,
    PublicPenalty, public_notice,
};
