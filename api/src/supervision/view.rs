//! What `GET /api/v1/supervision/attention` shows of an item: its kind, severity as of the
//! time asked, what it concerns, when it showed and was cured, texts and the rule's article.

use crate::db::attention::AttentionRow;
use custos_core::rules;
use custos_core::supervision::{AttentionKind, AttentionSeverity};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// What an item concerns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct SubjectView {
    /// `case`, `record`, `evidence`, `upload`, `officer` or `device`.
    pub kind: String,
    pub id: String,
}

/// One problem that needs (or needed) attention.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct AttentionItem {
    pub id: String,
    /// custos-core `AttentionKind`: `rule_finding`, `fork`, `deadline`, `review_pending`,
    /// `publication_overdue`, `withdrawal_overdue`, `evidence_quarantined`, `clock_skew`,
    /// `filing_report`, `upload_abandoned`, `record_held`, `evidence_unnamed`,
    /// `certificate_expiring`, `revoked_device_records`.
    pub kind: String,
    /// `warning` (黄牌, about to go wrong) or `alarm` (红牌, went wrong); a deadline turns
    /// from warning to alarm at `due_us`.
    pub severity: String,
    /// `open` or `cured`.
    pub state: String,
    pub subject: SubjectView,
    /// The unit the item belongs to.
    pub org_id: String,
    pub case_id: Option<String>,
    pub officer_id: Option<String>,
    /// When the item showed (microseconds since the epoch).
    pub since_us: i64,
    /// For a deadline, the first microsecond after its last day.
    pub due_us: Option<i64>,
    /// When its cause went away.
    pub cured_us: Option<i64>,
    /// The user who acknowledged it, for an item cured by acknowledgement (a filing report).
    pub acknowledged_by: Option<String>,
    pub text_zh: String,
    pub text_en: String,
    /// The specifics, in English.
    pub detail: String,
    /// The custos-core rule that applies, with its article.
    pub rule: Option<String>,
    pub article: Option<String>,
    pub article_zh: Option<String>,
}

impl AttentionItem {
    /// The view of a stored item as of `now_us`.
    pub fn of(row: AttentionRow, now_us: i64) -> AttentionItem {
        let kind = AttentionKind::parse(&row.kind);
        let rule = row.rule.as_deref().and_then(rules::rule);
        // A finding's own message says more than its kind's.
        let (text_zh, text_en) = match (kind, rule) {
            (Some(AttentionKind::RuleFinding), Some(rule)) => (rule.message_zh, rule.message_en),
            (Some(kind), _) => (kind.text_zh(), kind.text_en()),
            (None, _) => ("", ""),
        };
        let judged_at = row.cured_us.unwrap_or(now_us);
        let severity = match row.due_us {
            Some(due) if due <= judged_at => AttentionSeverity::Alarm.as_str().to_owned(),
            _ => row.severity,
        };
        AttentionItem {
            id: row.id,
            kind: row.kind,
            severity,
            state: if row.cured_us.is_some() {
                "cured"
            } else {
                "open"
            }
            .to_owned(),
            subject: SubjectView {
                kind: row.subject_kind,
                id: row.subject_id,
            },
            org_id: row.org_id,
            case_id: row.case_id,
            officer_id: row.officer_id,
            since_us: row.since_us,
            due_us: row.due_us,
            cured_us: row.cured_us,
            acknowledged_by: row.acknowledged_by,
            text_zh: text_zh.to_owned(),
            text_en: text_en.to_owned(),
            detail: row.detail,
            article: rule.map(|rule| rule.article.to_owned()),
            article_zh: rule.map(|rule| rule.article_zh.to_owned()),
            rule: row.rule,
        }
    }
}
