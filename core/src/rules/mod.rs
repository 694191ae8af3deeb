//! The statutory rule checks of issue 6: pure functions of a case, a candidate record and what
//! the caller knows, run the same on the phone (offline) and on the server.
//!
//! Each rule has a stable id, the article it enforces, a severity and a message in Chinese and
//! English. `block` findings mean the record must not be accepted as lawful; `warn` findings
//! record a lapse (usually a missed deadline) that cannot be undone by refusing the record,
//! so it is kept and flagged to supervisors.

pub mod calendar;
pub mod certificate;
pub mod context;
pub mod date;
pub mod deadlines;

mod defence;
mod discretion;
mod hearing;
mod officers;
mod order;
mod preservation;
mod recording;
mod review;
mod summary;
mod timing;

use serde::Serialize;

use crate::lifecycle::{AsCaseRecord, CaseRecord, CaseState};

pub use calendar::{CalendarError, Period, WorkingCalendar};
pub use certificate::{Certificate, CertificateRefusal, CertificateStatus, authorise};
pub use context::{
    Conflict, DiscretionBenchmark, HearingThresholds, OrganisationConfig, RuleContext,
};
pub use date::{LocalDate, ParseDateError};
pub use deadlines::{Deadline, DeadlineKind, open_deadlines};
pub use hearing::hearing_eligible;
pub use review::{needs_collective_discussion, needs_legal_review};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The record is not lawful as it stands.
    Block,
    /// The record is kept, and the lapse is flagged.
    Warn,
}

/// What a rule decides about a candidate record: `Some(detail)` when it is violated.
type Evaluate = fn(&CaseState, &CaseRecord, &RuleContext) -> Option<String>;

/// A statutory rule.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    /// Stable id, e.g. `APL-42-two-officers` (APL: 行政处罚法, the Administrative Penalty Law).
    pub id: &'static str,
    /// The article enforced, in English.
    pub article: &'static str,
    /// The article enforced, in Chinese.
    pub article_zh: &'static str,
    pub severity: Severity,
    pub message_zh: &'static str,
    pub message_en: &'static str,
    evaluate: Evaluate,
}

/// A rule violated by a candidate record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub rule: &'static str,
    pub article: &'static str,
    pub article_zh: &'static str,
    pub severity: Severity,
    pub message_zh: &'static str,
    pub message_en: &'static str,
    /// The specifics (officers, dates, amounts), in English.
    pub detail: String,
}

impl Rule {
    /// Checks one record against this rule.
    pub fn check(
        &self,
        state: &CaseState,
        candidate: &CaseRecord,
        context: &RuleContext,
    ) -> Option<Finding> {
        (self.evaluate)(state, candidate, context).map(|detail| self.finding(detail))
    }

    fn finding(&self, detail: String) -> Finding {
        Finding {
            rule: self.id,
            article: self.article,
            article_zh: self.article_zh,
            severity: self.severity,
            message_zh: self.message_zh,
            message_en: self.message_en,
            detail,
        }
    }
}

/// Every rule, in the order findings are reported.
pub static RULES: &[Rule] = &[
    order::STAGE_ORDER,
    officers::TWO_OFFICERS,
    officers::CERTIFIED_OFFICERS,
    officers::RECUSAL,
    recording::AUDIO_VIDEO,
    summary::SUMMARY_LIMIT,
    preservation::PRESERVATION_LATE,
    preservation::PRESERVATION_OPEN,
    defence::NOTICE_BEFORE_DECISION,
    defence::NOTICE_CONTENT,
    defence::STATEMENT_RECORDED,
    defence::NO_INCREASE,
    review::LEGAL_REVIEW,
    review::COLLECTIVE_DISCUSSION,
    hearing::HEARING_RIGHT,
    hearing::REQUEST_DEADLINE,
    hearing::REQUEST_WINDOW,
    hearing::NOTICE_AHEAD,
    hearing::PRESIDING_OFFICER,
    hearing::HEARING_BEFORE_DECISION,
    timing::DECISION_DEADLINE,
    timing::SERVICE_DEADLINE,
    timing::ELECTRONIC_CONSENT,
    timing::THREE_DOCUMENTS,
    timing::PAYMENT_LATE,
    discretion::DISCRETION_REASON,
    discretion::BENCHMARK_UNKNOWN,
];

/// A record whose kind or body does not parse fails this rule and no other.
pub static RECORD_SCHEMA: Rule = Rule {
    id: "RECORD-schema",
    article: "custos record format (CONTRACT.md, Records)",
    article_zh: "执法全过程记录格式",
    severity: Severity::Block,
    message_zh: "记录类型未知或记录内容不符合该类型的格式",
    message_en: "the record kind is unknown or its body does not match the kind",
    evaluate: |_, _, _| None,
};

/// The rule with this id.
pub fn rule(id: &str) -> Option<&'static Rule> {
    RULES.iter().chain([&RECORD_SCHEMA]).find(|r| r.id == id)
}

/// Checks a candidate record (typed, signed or unsigned) against every rule, given the case
/// it would join. A record that cannot be typed gets the one [`RECORD_SCHEMA`] finding.
pub fn check(
    state: &CaseState,
    candidate: &impl AsCaseRecord,
    context: &RuleContext,
) -> Vec<Finding> {
    match candidate.to_case_record() {
        Ok(candidate) => RULES
            .iter()
            .filter_map(|rule| rule.check(state, &candidate, context))
            .collect(),
        Err(error) => vec![RECORD_SCHEMA.finding(error.to_string())],
    }
}

/// Whether any finding blocks the record.
pub fn blocks(findings: &[Finding]) -> bool {
    findings.iter().any(|f| f.severity == Severity::Block)
}

/// The local date of an instant on the context's calendar.
fn date_of(context: &RuleContext, at_us: i64) -> LocalDate {
    context.calendar().date_of(at_us)
}
