//! What `POST /api/v1/records` answers for each record: accepted, duplicate, held, fork or
//! refused, with the record it concerns and the rule findings.

use custos_core::rules::{self, Finding, Severity};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The outcome of one record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct RecordResult {
    /// Position in the submitted array; absent for a record released from an earlier
    /// submission.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub index: Option<usize>,
    /// Record hash (lowercase hex), when the record could be parsed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hash: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chain: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seq: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case: Option<String>,
    #[serde(flatten)]
    pub outcome: Outcome,
}

/// What happened to a record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Outcome {
    /// Stored and appended to the log; `findings` are the warnings it was accepted with.
    Accepted {
        log_index: u64,
        findings: Vec<FindingView>,
    },
    /// The same record (same hash) is already stored: resending is always safe.
    Duplicate { stored_as: StoredAs, log_index: u64 },
    /// Its predecessor has not arrived: kept, and accepted as soon as seqs
    /// `missing_from..=missing_to` of its chain are.
    Held { missing_from: u64, missing_to: u64 },
    /// A second, different record at a seq its chain already has: kept as evidence of a fork
    /// and flagged to supervisors; the record accepted first stays.
    Fork {
        conflicts_with: String,
        log_index: u64,
    },
    /// Not accepted. `check` names what failed: a rule id of custos-core when `findings`
    /// carries block findings, otherwise one of the record checks (`record.format`,
    /// `record.chain_id`, `record.officer`, `record.signature`, `device.not_enrolled`,
    /// `device.revoked`, `chain.device`, `chain.prev`, `chain.gap`, `case.organisation`).
    Refused {
        check: String,
        detail: String,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        findings: Vec<FindingView>,
    },
}

/// Where a duplicate is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum StoredAs {
    Accepted,
    Fork,
}

/// A rule finding: which statutory rule, what it says, and the specifics.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct FindingView {
    /// Stable rule id, e.g. `APL-42-two-officers`.
    pub rule: String,
    /// `block` or `warn`.
    pub severity: String,
    pub article: String,
    pub article_zh: String,
    pub message_en: String,
    pub message_zh: String,
    pub detail: String,
    /// A period the rule counted reaches a year whose official holidays the working-day
    /// calendar does not carry yet: counted on weekends and the fixed statutory holidays only.
    #[serde(default)]
    pub calendar_unpublished: bool,
}

impl From<&Finding> for FindingView {
    fn from(finding: &Finding) -> FindingView {
        FindingView {
            rule: finding.rule.to_owned(),
            severity: severity_text(finding.severity).to_owned(),
            article: finding.article.to_owned(),
            article_zh: finding.article_zh.to_owned(),
            message_en: finding.message_en.to_owned(),
            message_zh: finding.message_zh.to_owned(),
            detail: finding.detail.clone(),
            calendar_unpublished: finding.calendar_unpublished,
        }
    }
}

impl FindingView {
    /// A stored finding, described by the rule it names (a rule core no longer knows keeps
    /// only its id).
    pub fn stored(rule_id: &str, severity: &str, detail: &str) -> FindingView {
        let rule = rules::rule(rule_id);
        let text = |field: fn(&rules::Rule) -> &'static str| {
            rule.map(field).unwrap_or_default().to_owned()
        };
        FindingView {
            rule: rule_id.to_owned(),
            severity: severity.to_owned(),
            article: text(|r| r.article),
            article_zh: text(|r| r.article_zh),
            message_en: text(|r| r.message_en),
            message_zh: text(|r| r.message_zh),
            detail: detail.to_owned(),
            calendar_unpublished: false,
        }
    }

    /// The finding with its calendar flag as stored.
    pub fn with_calendar_unpublished(mut self, calendar_unpublished: bool) -> FindingView {
        self.calendar_unpublished = calendar_unpublished;
        self
    }
}

pub fn severity_text(severity: Severity) -> &'static str {
    match severity {
        Severity::Block => "block",
        Severity::Warn => "warn",
    }
}

/// The answer to a submission.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct SubmitResponse {
    /// One result per submitted record, in order. A record held and released within the same
    /// submission shows its final outcome.
    pub results: Vec<RecordResult>,
    /// Records held by earlier submissions that this one released, accepted or not.
    pub released: Vec<RecordResult>,
}
