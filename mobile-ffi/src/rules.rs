//! The statutory rule checks for the apps: the findings a candidate record would get in its
//! case, and the case's open deadlines, computed offline with the server's own code.
//!
//! The organisation's rule context (certificates, conflicts, configuration, calendar) is the
//! JSON the server hands out for it; an empty object means the defaults.

use std::sync::Arc;

use custos_core::lifecycle::CaseState;
use custos_core::record::UnsignedRecord;
use custos_core::rules::{self, Deadline, DeadlineKind, Finding, RuleContext, Severity};

use crate::error::Result;
use crate::record::{CaseRecord, RecordContent};

#[uniffi::remote(Enum)]
pub enum Severity {
    Block,
    Warn,
}

#[uniffi::remote(Enum)]
pub enum DeadlineKind {
    Decision,
    PreservationResolution { preservation: String },
    HearingRequest,
    Hearing,
    Service,
    Payment,
    CompulsionEnd { measure: String },
    CompulsionApproval { measure: String },
    TransferDecision,
    Transfer,
    TransferHandover,
    CollectionHandIn { receipt: String },
}

/// A rule that a candidate record violates.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct RuleFinding {
    /// Stable rule id, e.g. `APL-42-two-officers`.
    pub rule: String,
    pub article: String,
    pub article_zh: String,
    /// `Block`: the record is not lawful as it stands; `Warn`: kept, and the lapse flagged.
    pub severity: Severity,
    pub message_zh: String,
    pub message_en: String,
    /// The specifics (officers, dates, amounts), in English.
    pub detail: String,
    /// A period the rule counted reaches a year whose official holidays the calendar does not
    /// carry yet (counted on weekends and the fixed statutory holidays only).
    pub calendar_unpublished: bool,
}

impl From<Finding> for RuleFinding {
    fn from(finding: Finding) -> Self {
        Self {
            rule: finding.rule.into(),
            article: finding.article.into(),
            article_zh: finding.article_zh.into(),
            severity: finding.severity,
            message_zh: finding.message_zh.into(),
            message_en: finding.message_en.into(),
            detail: finding.detail,
            calendar_unpublished: finding.calendar_unpublished,
        }
    }
}

/// A deadline the case has open.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct CaseDeadline {
    pub kind: DeadlineKind,
    /// The rule that checks it.
    pub rule: String,
    /// The last day, inclusive, as `YYYY-MM-DD` in the jurisdiction's local time.
    pub last_day: String,
    /// The first microsecond after the last day, for sorting and alarms.
    pub ends_before_us: i64,
    /// The period reaches a year whose official holidays the calendar does not carry yet.
    pub calendar_unpublished: bool,
}

impl From<Deadline> for CaseDeadline {
    fn from(deadline: Deadline) -> Self {
        Self {
            kind: deadline.kind,
            rule: deadline.rule.into(),
            last_day: deadline.last_day.to_string(),
            ends_before_us: deadline.ends_before_us,
            calendar_unpublished: deadline.calendar_unpublished,
        }
    }
}

fn case_state(case_records: &[Arc<CaseRecord>]) -> Result<CaseState> {
    Ok(CaseState::from_records(
        case_records.iter().map(|record| record.core()),
    )?)
}

fn rule_context(rule_context_json: &str) -> Result<RuleContext> {
    Ok(serde_json::from_str(rule_context_json)?)
}

/// The findings `candidate` would get if it joined the case whose records so far are
/// `case_records` (in chain order); an empty list means it is lawful as far as custos checks.
/// Run it before signing, so the officer can correct the step.
#[uniffi::export]
pub fn check_rules(
    case_records: Vec<Arc<CaseRecord>>,
    candidate: RecordContent,
    rule_context_json: String,
) -> Result<Vec<RuleFinding>> {
    let state = case_state(&case_records)?;
    let candidate = UnsignedRecord::try_from(candidate)?;
    let context = rule_context(&rule_context_json)?;
    let findings = rules::check(&state, &candidate, &context);
    Ok(findings.into_iter().map(RuleFinding::from).collect())
}

/// The deadlines open in the case whose records so far are `case_records`, earliest first.
#[uniffi::export]
pub fn open_deadlines(
    case_records: Vec<Arc<CaseRecord>>,
    rule_context_json: String,
) -> Result<Vec<CaseDeadline>> {
    let state = case_state(&case_records)?;
    let context = rule_context(&rule_context_json)?;
    let deadlines = rules::open_deadlines(&state, &context);
    Ok(deadlines.into_iter().map(CaseDeadline::from).collect())
}
