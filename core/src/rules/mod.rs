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
pub mod penalty_data;

mod collection;
mod compulsion;
mod defence;
mod device;
mod discretion;
mod document;
mod evidence;
mod fines;
mod hearing;
mod limitation;
mod officers;
mod order;
mod preservation;
mod recording;
mod review;
mod summary;
mod timing;
mod transfer;

use serde::{Deserialize, Serialize};

use crate::lifecycle::{AsCaseRecord, CaseRecord, CaseState};

pub use calendar::{CalendarError, Period, WorkingCalendar};
pub use certificate::{Certificate, CertificateRefusal, CertificateStatus, authorise};
pub use collection::{HAND_IN_PERIOD, SMALL_FINE_FEN};
pub use compulsion::{EXTENSION_DAYS, MEASURE_DAYS};
pub use context::{
    ConfigError, Conflict, DecisionExtension, DiscretionBenchmark, ExcludedPeriodRule,
    FilingPeriod, HearingThresholds, LegalReviewer, LimitationPeriod, OrganisationConfig,
    RuleContext, SingleOfficerExemption,
};
pub use date::{LocalDate, ParseDateError};
pub use deadlines::{Deadline, DeadlineKind, open_deadlines};
pub use document::{LITIGATION_MONTHS, RECONSIDERATION_DAYS};
pub use hearing::hearing_eligible;
pub use penalty_data::{LeniencyItem, LeniencyList, StatutoryFine};
pub use review::{needs_collective_discussion, needs_legal_review};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The record is not lawful as it stands.
    Block,
    /// The record is kept, and the lapse is flagged.
    Warn,
}

/// What a rule decides about a candidate record: `Some(found)` when it is violated.
type Evaluate = fn(&CaseState, &CaseRecord, &RuleContext) -> Option<Found>;

/// A violation as a rule reports it: the specifics, and whether a period it counted reaches a
/// year whose official holiday schedule the calendar lacks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Found {
    detail: String,
    calendar_unpublished: bool,
}

impl From<String> for Found {
    fn from(detail: String) -> Found {
        Found {
            detail,
            calendar_unpublished: false,
        }
    }
}

/// A statutory rule.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    /// Stable id, e.g. `APL-42-two-officers` (APL: 行政处罚法, the Administrative Penalty Law).
    pub id: &'static str,
    /// The article enforced, in English.
    pub article: &'static str,
    /// The article enforced, in Chinese.
    pub article_zh: &'static str,
    /// The severity unless the unit chooses another (only where `severity_configurable`).
    pub severity: Severity,
    /// Whether a unit may choose the severity (`OrganisationConfig::severities`).
    pub severity_configurable: bool,
    pub message_zh: &'static str,
    pub message_en: &'static str,
    /// The members of `OrganisationConfig` the rule reads.
    pub settings: &'static [&'static str],
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
    /// A period the rule counted reaches a year whose official holiday schedule the calendar
    /// does not carry: only the weekends and the fixed statutory holidays were left out, so
    /// the finding may be wrong by the holidays and make-up days still to be published.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub calendar_unpublished: bool,
}

impl Rule {
    /// Checks one record against this rule.
    pub fn check(
        &self,
        state: &CaseState,
        candidate: &CaseRecord,
        context: &RuleContext,
    ) -> Option<Finding> {
        (self.evaluate)(state, candidate, context)
            .map(|found| self.finding(found, self.severity_in(context)))
    }

    /// The severity of this rule's findings for the unit of `context`.
    pub fn severity_in(&self, context: &RuleContext) -> Severity {
        match context.config.severities.get(self.id) {
            Some(&chosen) if self.severity_configurable => chosen,
            _ => self.severity,
        }
    }

    fn finding(&self, found: Found, severity: Severity) -> Finding {
        Finding {
            rule: self.id,
            article: self.article,
            article_zh: self.article_zh,
            severity,
            message_zh: self.message_zh,
            message_en: self.message_en,
            detail: found.detail,
            calendar_unpublished: found.calendar_unpublished,
        }
    }
}

/// Every rule, in the order findings are reported.
pub static RULES: &[Rule] = &[
    order::STAGE_ORDER,
    officers::TWO_OFFICERS,
    officers::CERTIFIED_OFFICERS,
    officers::CREDENTIALS_SHOWN,
    officers::RECUSAL,
    recording::AUDIO_VIDEO,
    evidence::TRANSCRIPT_SIGNED,
    summary::SUMMARY_LIMIT,
    limitation::LIMITATION,
    limitation::TIMELY_FILING,
    device::DEVICE_REVIEWED,
    device::CAPTURE_REVIEWED,
    fines::LEGAL_BASIS,
    fines::ONE_FINE,
    fines::HIGHER_NORM,
    compulsion::APPROVAL,
    compulsion::ON_SITE_RECORD,
    compulsion::HANDOVER,
    compulsion::REPORT_LATE,
    compulsion::EXTENSION,
    compulsion::TESTING,
    compulsion::PERIOD,
    compulsion::END_DECISION,
    preservation::PRESERVATION_LATE,
    preservation::PRESERVATION_OPEN,
    transfer::PROCEDURE,
    transfer::DECISION_3_DAYS,
    transfer::TRANSFER_24H,
    transfer::HANDOVER_3_DAYS,
    transfer::PENALTY_SUSPENDED,
    defence::NOTICE_BEFORE_DECISION,
    defence::NOTICE_CONTENT,
    defence::STATEMENT_RECORDED,
    defence::STATEMENT_PERIOD,
    defence::STATEMENT_REVIEWED,
    defence::NO_INCREASE,
    review::FACTS_ESTABLISHED,
    review::LEGAL_REVIEW,
    review::COLLECTIVE_DISCUSSION,
    review::REVIEWERS,
    hearing::HEARING_RIGHT,
    hearing::REQUEST_DEADLINE,
    hearing::REQUEST_WINDOW,
    hearing::NOTICE_AHEAD,
    hearing::PRESIDING_OFFICER,
    hearing::HEARING_BEFORE_DECISION,
    document::DECISION_CONTENTS,
    device::PARTY_INFORMED,
    evidence::EVIDENCE_VERIFIED,
    timing::DECISION_DEADLINE,
    timing::PERIOD_BASIS,
    timing::SERVICE_DEADLINE,
    timing::ELECTRONIC_CONSENT,
    timing::THREE_DOCUMENTS,
    timing::PAYMENT_LATE,
    collection::ON_SPOT_COLLECTION,
    collection::RECEIPT,
    collection::HAND_IN,
    collection::SURCHARGE_CAP,
    discretion::BENCHMARK_CITED,
    discretion::DISCRETION_REASON,
    discretion::BENCHMARK_UNKNOWN,
    fines::FINE_RANGE,
    fines::MITIGATION_GROUND,
    fines::LENIENCY_LIST,
];

/// A record whose kind or body does not parse fails this rule and no other.
pub static RECORD_SCHEMA: Rule = Rule {
    id: "RECORD-schema",
    article: "custos record format (CONTRACT.md, Records)",
    article_zh: "执法全过程记录格式",
    severity: Severity::Block,
    severity_configurable: false,
    message_zh: "记录类型未知或记录内容不符合该类型的格式",
    message_en: "the record kind is unknown or its body does not match the kind",
    settings: &[],
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
        Err(error) => vec![RECORD_SCHEMA.finding(error.to_string().into(), Severity::Block)],
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
