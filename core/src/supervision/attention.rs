//! The attention items (督办) a case's state implies, and the kinds of item every source of
//! them shares. An item is open while its condition holds and cured when it stops holding;
//! the server keeps both moments.
//!
//! Severity follows the red and yellow cards of the supervision platforms: a `warning` (yellow
//! card) is something about to go wrong, an `alarm` (red card) something that went wrong. A
//! deadline is a warning from `deadline_warning_working_days` working days before its last
//! day and an alarm once that day has passed, which the reader decides from the stored end of
//! the last day and the time it asks.

use serde::{Deserialize, Serialize};

use crate::lifecycle::{CaseState, LegalReviewOutcome, Stage};
use crate::rules::{
    DeadlineKind, RuleContext, needs_collective_discussion, needs_legal_review, open_deadlines,
};

/// A unit's thresholds for attention items, part of its rule configuration (inherited down
/// the tree like the rest of it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AttentionThresholds {
    /// A deadline shows from the start of this many working days before its last day
    /// (its last day counted as one); 0 shows it only once overdue.
    pub deadline_warning_working_days: u32,
    /// A township unit's filing (立案报备) not yet acknowledged by the unit above turns from a
    /// warning into an alarm this many days after the server received it.
    pub filing_report_days: u32,
    /// A tus upload started and neither completed nor terminated shows as abandoned this
    /// many hours after it started (0: at once, while it is still open).
    pub upload_abandoned_hours: u32,
    /// A record held out of its chain (waiting for a predecessor) shows this many hours
    /// after it arrived.
    pub record_held_hours: u32,
    /// An evidence item no record names shows this many days after it was received.
    pub evidence_unnamed_days: u32,
    /// An officer acting in a record shows this many days before the last day of the
    /// officer's latest valid enforcement certificate ends (and as an alarm once it lapsed).
    pub certificate_expiry_days: u32,
}

impl Default for AttentionThresholds {
    fn default() -> AttentionThresholds {
        AttentionThresholds {
            deadline_warning_working_days: 3,
            filing_report_days: 3,
            upload_abandoned_hours: 24,
            record_held_hours: 24,
            evidence_unnamed_days: 7,
            certificate_expiry_days: 30,
        }
    }
}

/// How serious an item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AttentionSeverity {
    /// 黄牌: something is about to go wrong.
    Warning,
    /// 红牌: something went wrong.
    Alarm,
}

impl AttentionSeverity {
    pub fn as_str(self) -> &'static str {
        match self {
            AttentionSeverity::Warning => "warning",
            AttentionSeverity::Alarm => "alarm",
        }
    }

    pub fn parse(text: &str) -> Option<AttentionSeverity> {
        [AttentionSeverity::Warning, AttentionSeverity::Alarm]
            .into_iter()
            .find(|severity| severity.as_str() == text)
    }
}

/// What an item is about. New sources add a kind here, with its texts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AttentionKind {
    /// A warn finding of a record accepted into a case still open.
    RuleFinding,
    /// A second, different record at a taken place of a chain, in a case still open.
    Fork,
    /// An open deadline of a case, due soon or passed.
    Deadline,
    /// A major or complex case heading for a decision without the legal review (法制审核) or
    /// collective discussion (集体讨论) it needs.
    ReviewPending,
    /// A decision not published by its last day (执法公示: 7 working days for 许可 and 处罚).
    /// Kept by the server's publicity, which knows what is published, not by the case state.
    PublicationOverdue,
    /// A published decision changed, revoked or declared void and not withdrawn within three
    /// working days (行政处罚法 Art. 48). Kept by the server's publicity.
    WithdrawalOverdue,
    /// An evidence item whose bytes differ from the digest its device declared, kept in
    /// quarantine. Kept by the server's evidence store; cured when the item is disposed of.
    EvidenceQuarantined,
    /// An evidence item whose device clock disagreed with the server's (or its EXIF time with
    /// the declared one) beyond the bound. Kept by the server's evidence store.
    ClockSkew,
    /// A case filed in a township-level unit (乡镇、街道) that the unit above has not yet
    /// acknowledged (立案报备). Kept by the server; cured by a reviewer or supervisor of a
    /// unit above acknowledging it.
    FilingReport,
    /// A tus upload started and neither completed nor terminated after the unit's
    /// `upload_abandoned_hours`. Kept by the server's uploads; cured when the upload
    /// completes, is terminated or expires.
    UploadAbandoned,
    /// A record held out of its chain, waiting for a predecessor, longer than the unit's
    /// `record_held_hours`. Kept by the server's record intake; cured when the record is
    /// released into its chain.
    RecordHeld,
    /// An evidence item that no accepted record names (by its digest) the unit's
    /// `evidence_unnamed_days` after it was received. Kept by the server; cured when a record
    /// names it or the item is disposed of.
    EvidenceUnnamed,
    /// An officer acting in a record whose enforcement certificate lapses within the unit's
    /// `certificate_expiry_days` or has lapsed. Kept by the server; cured by a newer valid
    /// certificate or the officer's deactivation.
    CertificateExpiring,
    /// Records kept arriving from a device after its revocation (signed after it, so refused).
    /// Kept by the server's record intake; cured by an admin of the device's unit line
    /// acknowledging it.
    RevokedDeviceRecords,
}

impl AttentionKind {
    pub const ALL: [AttentionKind; 14] = [
        AttentionKind::RuleFinding,
        AttentionKind::Fork,
        AttentionKind::Deadline,
        AttentionKind::ReviewPending,
        AttentionKind::PublicationOverdue,
        AttentionKind::WithdrawalOverdue,
        AttentionKind::EvidenceQuarantined,
        AttentionKind::ClockSkew,
        AttentionKind::FilingReport,
        AttentionKind::UploadAbandoned,
        AttentionKind::RecordHeld,
        AttentionKind::EvidenceUnnamed,
        AttentionKind::CertificateExpiring,
        AttentionKind::RevokedDeviceRecords,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AttentionKind::RuleFinding => "rule_finding",
            AttentionKind::Fork => "fork",
            AttentionKind::Deadline => "deadline",
            AttentionKind::ReviewPending => "review_pending",
            AttentionKind::PublicationOverdue => "publication_overdue",
            AttentionKind::WithdrawalOverdue => "withdrawal_overdue",
            AttentionKind::EvidenceQuarantined => "evidence_quarantined",
            AttentionKind::ClockSkew => "clock_skew",
            AttentionKind::FilingReport => "filing_report",
            AttentionKind::UploadAbandoned => "upload_abandoned",
            AttentionKind::RecordHeld => "record_held",
            AttentionKind::EvidenceUnnamed => "evidence_unnamed",
            AttentionKind::CertificateExpiring => "certificate_expiring",
            AttentionKind::RevokedDeviceRecords => "revoked_device_records",
        }
    }

    pub fn parse(text: &str) -> Option<AttentionKind> {
        AttentionKind::ALL
            .into_iter()
            .find(|kind| kind.as_str() == text)
    }

    /// A short text in Chinese.
    pub fn text_zh(self) -> &'static str {
        match self {
            AttentionKind::RuleFinding => "在办案件的记录违反执法规则",
            AttentionKind::Fork => "执法记录链出现分叉（同一序号两条不同记录）",
            AttentionKind::Deadline => "办案期限临近或已超期",
            AttentionKind::ReviewPending => "重大案件作出决定前尚未经法制审核或集体讨论",
            AttentionKind::PublicationOverdue => "执法决定未按期公示",
            AttentionKind::WithdrawalOverdue => "决定变更、撤销或确认无效后未按期撤回公示",
            AttentionKind::EvidenceQuarantined => "证据文件摘要与设备声明不符，已隔离",
            AttentionKind::ClockSkew => "证据的设备时间与服务器时间偏差超出允许范围",
            AttentionKind::FilingReport => "乡镇立案尚未经上级报备确认",
            AttentionKind::UploadAbandoned => "证据上传已开始但长时间未完成",
            AttentionKind::RecordHeld => "执法记录缺少前序记录，长时间未能入链",
            AttentionKind::EvidenceUnnamed => "证据已接收但无执法记录引用",
            AttentionKind::CertificateExpiring => "执法人员的执法证即将到期或已失效",
            AttentionKind::RevokedDeviceRecords => "已注销的设备仍在提交执法记录",
        }
    }

    /// A short text in English.
    pub fn text_en(self) -> &'static str {
        match self {
            AttentionKind::RuleFinding => "a record of an open case broke an enforcement rule",
            AttentionKind::Fork => "a record chain forked (two different records at one place)",
            AttentionKind::Deadline => "a deadline of the case is near or passed",
            AttentionKind::ReviewPending => {
                "a major case lacks the legal review or collective discussion its decision needs"
            }
            AttentionKind::PublicationOverdue => "a decision was not published by its last day",
            AttentionKind::WithdrawalOverdue => {
                "a changed, revoked or void decision was not withdrawn from publication in time"
            }
            AttentionKind::EvidenceQuarantined => {
                "an evidence item's bytes differ from the digest its device declared (quarantined)"
            }
            AttentionKind::ClockSkew => {
                "an evidence item's device time is off the server's beyond the bound"
            }
            AttentionKind::FilingReport => {
                "a township unit's filing is not yet acknowledged by the unit above"
            }
            AttentionKind::UploadAbandoned => "an evidence upload was started and left unfinished",
            AttentionKind::RecordHeld => {
                "a record has long waited for an earlier record of its chain"
            }
            AttentionKind::EvidenceUnnamed => "an evidence item received is named by no record",
            AttentionKind::CertificateExpiring => {
                "an acting officer's enforcement certificate expires soon or has lapsed"
            }
            AttentionKind::RevokedDeviceRecords => {
                "records keep arriving from a device after its revocation"
            }
        }
    }
}

/// An item a case's state implies. Two conditions of one case are the same item when their
/// kind and key are equal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CaseCondition {
    pub kind: AttentionKind,
    /// Tells apart the items of one kind in one case (a deadline's what and last day).
    pub key: String,
    /// When the item shows: for a deadline, the start of its warning window.
    pub since_us: i64,
    /// For a deadline, the first microsecond after its last day: an alarm from then on.
    pub due_us: Option<i64>,
    /// The severity before `due_us`.
    pub severity: AttentionSeverity,
    /// The rule that applies, if one does.
    pub rule: Option<&'static str>,
    /// The specifics, in English.
    pub detail: String,
}

/// Whether a case has ended (closed, terminated or archived): the items of its records
/// (findings, forks) are cured then.
pub fn settled(state: &CaseState) -> bool {
    matches!(
        state.stage,
        Stage::Closed | Stage::Terminated | Stage::Archived
    )
}

/// The items a case's state implies now, under its unit's context and thresholds.
pub fn case_conditions(state: &CaseState, context: &RuleContext) -> Vec<CaseCondition> {
    let thresholds = context.config.attention;
    let calendar = context.calendar();
    let mut conditions = Vec::new();
    for deadline in open_deadlines(state, context) {
        let what = deadline_what(&deadline.kind);
        let since_day = {
            let mut day = deadline.last_day;
            let mut remaining = thresholds.deadline_warning_working_days.saturating_sub(1);
            // Back to the n-th working day before the last day, the last day counted as one.
            while remaining > 0 {
                day = day.add_days(-1);
                if calendar.is_working_day(day) {
                    remaining -= 1;
                }
            }
            day
        };
        let window_us = if thresholds.deadline_warning_working_days == 0 {
            deadline.ends_before_us
        } else {
            calendar.end_of_day_us(since_day.add_days(-1))
        };
        // A wide window does not reach back before the case was filed.
        let since_us = window_us.max(state.filed_at_us.unwrap_or(i64::MIN));
        conditions.push(CaseCondition {
            kind: AttentionKind::Deadline,
            key: format!("{what}/{}", deadline.last_day),
            since_us,
            due_us: Some(deadline.ends_before_us),
            severity: AttentionSeverity::Warning,
            rule: Some(deadline.rule),
            detail: format!("{what} due by {}", deadline.last_day),
        });
    }
    if let Some(condition) = review_pending(state, context) {
        conditions.push(condition);
    }
    conditions
}

/// A deadline's name, with the preservation it concerns.
fn deadline_what(kind: &DeadlineKind) -> String {
    match kind {
        DeadlineKind::Decision => "decision".into(),
        DeadlineKind::PreservationResolution { preservation } => {
            format!("preservation:{preservation}")
        }
        DeadlineKind::HearingRequest => "hearing_request".into(),
        DeadlineKind::Hearing => "hearing".into(),
        DeadlineKind::Service => "service".into(),
        DeadlineKind::Payment => "payment".into(),
        DeadlineKind::CompulsionEnd { measure } => format!("compulsion:{measure}"),
        DeadlineKind::CompulsionApproval { measure } => format!("compulsion_approval:{measure}"),
        DeadlineKind::TransferDecision => "transfer_decision".into(),
        DeadlineKind::Transfer => "transfer".into(),
        DeadlineKind::TransferHandover => "transfer_handover".into(),
        DeadlineKind::CollectionHandIn { receipt } => format!("collection:{receipt}"),
    }
}

/// A filed case not yet decided that needs a legal review or collective discussion it has
/// not had.
fn review_pending(state: &CaseState, context: &RuleContext) -> Option<CaseCondition> {
    let filed_at_us = state.filed_at_us?;
    if state.decision.is_some() || state.termination.is_some() || settled(state) {
        return None;
    }
    let config = &context.config;
    let review_missing = needs_legal_review(state, config)
        && state.legal_review != Some(LegalReviewOutcome::Approved);
    let discussion_missing =
        needs_collective_discussion(state, config) && state.collective_discussion_at_us.is_none();
    let (rule, missing) = match (review_missing, discussion_missing) {
        (true, true) => (
            "APL-58-legal-review",
            "legal review and collective discussion",
        ),
        (true, false) => ("APL-58-legal-review", "legal review"),
        (false, true) => ("APL-57-collective-discussion", "collective discussion"),
        (false, false) => return None,
    };
    Some(CaseCondition {
        kind: AttentionKind::ReviewPending,
        key: String::new(),
        since_us: filed_at_us,
        due_us: None,
        severity: AttentionSeverity::Warning,
        rule: Some(rule),
        detail: format!("no {missing} yet"),
    })
}
