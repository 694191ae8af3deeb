//! 案卷评查 (case-file evaluation): scoring templates as versioned data, and the automatic
//! score of a case file computed from its records alone.
//!
//! A template lists items under the six dimensions of the evaluation standards, each with its
//! points, the points deducted per defect (an item never goes below zero: 扣完为止), whether a
//! defect vetoes the whole file (一票否决, the file scores 0), and either the rules whose
//! findings are its defects (an automatic item) or none (a manual item a reviewer scores).
//!
//! The automatic score replays the case's records in log order through the statutory rules
//! under the default rule configuration and the built-in calendar: each record is checked
//! against the case as it stood before it, as the server checked it on arrival. Nothing else
//! is read, so anyone holding the case bundle and the template recomputes the same score
//! (`custos verify` prints it) and the server never stores it. A template may therefore name
//! only rules whose verdict needs nothing beyond the records and the statute
//! ([`record_only`]); rules that read a unit's registers or local settings are left to manual
//! items.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::bundle::CaseBundle;
use crate::digest::{self, Sha256Digest};
use crate::jcs;
use crate::lifecycle::{AsCaseRecord, CaseState, RecordRefused};
use crate::record::Record;
use crate::rules::{self, RuleContext};

/// The `format` of templates this version reads and writes.
pub const TEMPLATE_FORMAT: &str = "custos-evaluation-template/1";

/// The default template shipped with custos (docs/supervision.md explains its items).
pub const DEFAULT_TEMPLATE_JSON: &str = include_str!("../../data/evaluation-template-default.json");

/// Rules a template may not name, with what besides the records their verdict reads.
pub const OUTSIDE_RECORDS: &[(&str, &str)] = &[
    (
        "APL-42-certified-officers",
        "the unit's certificate register",
    ),
    (
        "APL-34-discretion-reason",
        "the unit's discretion benchmarks",
    ),
    ("APL-34-benchmark-cited", "the unit's discretion benchmarks"),
    (
        "APL-34-benchmark-unknown",
        "the unit's discretion benchmarks",
    ),
    (
        "APL-60-decision-90-days",
        "the unit's sectoral extensions and excluded periods",
    ),
    (
        "APL-60-period-basis",
        "the unit's sectoral extensions and excluded periods",
    ),
    ("APL-63-hearing-right", "the unit's hearing thresholds"),
    ("APL-64-request-window", "the unit's hearing thresholds"),
    ("POL-three-documents", "a local policy the unit chooses"),
    (
        "RECORD-schema",
        "nothing: an accepted record always has a known kind",
    ),
];

/// Whether an automatic item may name rule `id`: a known rule whose verdict needs only the
/// records. `Err` says why not.
pub fn record_only(id: &str) -> Result<(), String> {
    if let Some((_, reads)) = OUTSIDE_RECORDS.iter().find(|(rule, _)| *rule == id) {
        return Err(format!("rule {id} reads {reads}, not only the records"));
    }
    match rules::rule(id) {
        Some(_) => Ok(()),
        None => Err(format!("no rule has the id {id}")),
    }
}

/// The dimensions of the evaluation standards.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    /// 主体合法: a lawful body and qualified officers.
    Subject,
    /// 事实与证据 (内容合法): clear facts, sufficient evidence.
    Evidence,
    /// 适用依据: the right law and procedure applied.
    Basis,
    /// 程序合法: lawful procedure.
    Procedure,
    /// 文书规范 (形式合法): documents in due form.
    Documents,
    /// 裁量适当: a proper exercise of discretion.
    Discretion,
}

/// A scoring template (评查标准), versioned: a campaign names the id and version it scores by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Template {
    /// Always [`TEMPLATE_FORMAT`].
    pub format: String,
    /// Lowercase letters, digits, `-` and `.`.
    pub id: String,
    /// From 1; a changed template is a new version.
    pub version: u32,
    pub title_zh: String,
    pub title_en: String,
    /// The points of a flawless file: the items' points add up to it.
    pub total: u32,
    pub grades: Grades,
    pub items: Vec<TemplateItem>,
}

/// The lowest totals of the grades above 不合格.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Grades {
    /// 优秀 from this total.
    pub excellent: u32,
    /// 合格 from this total.
    pub pass: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TemplateItem {
    /// Unique in the template, e.g. `procedure.notice`.
    pub id: String,
    pub dimension: Dimension,
    pub title_zh: String,
    pub title_en: String,
    /// The item's share of the total; 0 only for a veto item.
    pub points: u32,
    /// Points deducted per defect, the item never below zero.
    #[serde(default)]
    pub deduction: u32,
    /// A defect fails the whole file (一票否决): it scores 0.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub veto: bool,
    /// The rules whose findings are the item's defects; none for a manual item.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<String>,
}

impl TemplateItem {
    pub fn automatic(&self) -> bool {
        !self.rules.is_empty()
    }
}

/// What is wrong with a template, naming the field (`items[3].points`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {reason}")]
pub struct TemplateError {
    pub field: String,
    pub reason: String,
}

fn invalid(field: impl Into<String>, reason: impl Into<String>) -> TemplateError {
    TemplateError {
        field: field.into(),
        reason: reason.into(),
    }
}

/// Why JSON given as a template is not one: it does not parse as one (unknown or missing
/// members, a float), or it parses and fails [`Template::validate`].
#[derive(Debug, thiserror::Error)]
pub enum TemplateRefused {
    #[error("{0}")]
    Json(#[from] serde_json::Error),
    #[error(transparent)]
    Invalid(#[from] TemplateError),
}

impl Template {
    /// The default template.
    pub fn default_template() -> Template {
        serde_json::from_str(DEFAULT_TEMPLATE_JSON).expect("the default template parses")
    }

    /// A template from JSON, checked as the server checks one a unit sets: parsed strictly (a
    /// hashed template takes integers only, so `5.0` is refused, not read as 5) and validated.
    pub fn from_value(value: serde_json::Value) -> Result<Template, TemplateRefused> {
        let template: Template = serde_json::from_value(value)?;
        template.validate()?;
        Ok(template)
    }

    /// The template a document holds, checked as [`Template::from_value`]: the template
    /// itself, or an answer of the server that carries one as its `template` member
    /// (`GET /api/v1/orgs/{id}/evaluation-template`, `GET /api/v1/cases/{id}/score`).
    pub fn from_document(value: serde_json::Value) -> Result<Template, TemplateRefused> {
        match value {
            serde_json::Value::Object(mut document)
                if !document.contains_key("format") && document.contains_key("template") =>
            {
                Template::from_value(document.remove("template").unwrap_or_default())
            }
            value => Template::from_value(value),
        }
    }

    /// Checks the template is whole: a known format, unique item ids, points adding up to the
    /// total, grades within it, and automatic items naming record-only rules, each once.
    pub fn validate(&self) -> Result<(), TemplateError> {
        if self.format != TEMPLATE_FORMAT {
            return Err(invalid("format", format!("must be {TEMPLATE_FORMAT}")));
        }
        let id_ok = !self.id.is_empty()
            && self.id.len() <= 64
            && self
                .id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.');
        if !id_ok {
            return Err(invalid(
                "id",
                "1 to 64 lowercase letters, digits, '-' or '.'",
            ));
        }
        if self.version == 0 {
            return Err(invalid("version", "versions count from 1"));
        }
        if self.items.is_empty() {
            return Err(invalid("items", "a template has at least one item"));
        }
        let mut ids = BTreeSet::new();
        let mut scored_by: BTreeMap<&str, &str> = BTreeMap::new();
        for (i, item) in self.items.iter().enumerate() {
            let at = |field: &str| format!("items[{i}].{field}");
            if item.id.trim().is_empty() || !ids.insert(item.id.as_str()) {
                return Err(invalid(at("id"), "item ids are present and unique"));
            }
            if item.title_zh.trim().is_empty() {
                return Err(invalid(at("title_zh"), "an item needs a title"));
            }
            if item.points == 0 && !item.veto {
                return Err(invalid(at("points"), "only a veto item may have 0 points"));
            }
            if !item.veto && item.deduction == 0 {
                return Err(invalid(
                    at("deduction"),
                    "a defect deducts at least 1 point",
                ));
            }
            if item.deduction > item.points && !item.veto {
                return Err(invalid(
                    at("deduction"),
                    format!("deducts more than the item's {} points", item.points),
                ));
            }
            if item.veto && !item.automatic() {
                return Err(invalid(
                    at("rules"),
                    "a veto item names the rules whose findings fail the file",
                ));
            }
            for (j, rule) in item.rules.iter().enumerate() {
                let field = format!("items[{i}].rules[{j}]");
                record_only(rule).map_err(|reason| invalid(&field, reason))?;
                if let Some(other) = scored_by.insert(rule, &item.id) {
                    return Err(invalid(field, format!("already scored by item {other}")));
                }
            }
        }
        let sum: u64 = self.items.iter().map(|item| u64::from(item.points)).sum();
        if sum != u64::from(self.total) {
            return Err(invalid(
                "total",
                format!("the items' points add up to {sum}, not {}", self.total),
            ));
        }
        if self.grades.excellent > self.total {
            return Err(invalid("grades.excellent", "above the total"));
        }
        if self.grades.pass > self.grades.excellent {
            return Err(invalid("grades.pass", "above grades.excellent"));
        }
        Ok(())
    }

    /// SHA-256 of the template's RFC 8785 JSON: what a campaign's log entry names, so a reviewer
    /// holding the template checks it is the one the campaign scored by.
    pub fn sha256(&self) -> Sha256Digest {
        let bytes =
            jcs::to_canonical(self).expect("a template holds only strings and small integers");
        digest::sha256(&bytes)
    }

    /// The grade of a file's total.
    pub fn grade(&self, total: u32) -> Grade {
        if total >= self.grades.excellent {
            Grade::Excellent
        } else if total >= self.grades.pass {
            Grade::Pass
        } else {
            Grade::Fail
        }
    }
}

/// 优秀 / 合格 / 不合格.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Grade {
    Excellent,
    Pass,
    Fail,
}

/// A finding of a rule an automatic item names, on one record of the case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Defect {
    /// The record's place among the case's records in log order, from 0.
    pub record: usize,
    pub rule: String,
    pub detail: String,
}

/// One item's result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ItemScore {
    pub id: String,
    pub dimension: Dimension,
    pub points: u32,
    /// The points kept, for an automatic item; `None` for a manual one.
    pub score: Option<u32>,
    pub veto: bool,
    pub defects: Vec<Defect>,
}

/// The automatic part of a file's score under a template version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AutomaticScore {
    pub template: String,
    pub version: u32,
    pub items: Vec<ItemScore>,
    /// Points kept by the automatic items, out of `automatic_points`.
    pub automatic_score: u32,
    pub automatic_points: u32,
    /// Points the manual items hold, for reviewers to score.
    pub manual_points: u32,
    /// The veto item a defect failed, if any: the file then scores 0 whatever the manual
    /// items give.
    pub vetoed_by: Option<String>,
}

impl AutomaticScore {
    /// The file's total with the manual items' scores (an item absent scores its full points;
    /// a score above an item's points counts as its points), 0 when vetoed.
    pub fn total(&self, manual: &BTreeMap<String, u32>) -> u32 {
        if self.vetoed_by.is_some() {
            return 0;
        }
        let manual: u32 = self
            .items
            .iter()
            .filter(|item| item.score.is_none())
            .map(|item| {
                manual
                    .get(&item.id)
                    .map_or(item.points, |&s| s.min(item.points))
            })
            .sum();
        self.automatic_score + manual
    }
}

/// The automatic score of a case bundle's records, which [`crate::bundle::verify`] should
/// have checked.
pub fn bundle_score(bundle: &CaseBundle, template: &Template) -> Result<AutomaticScore, String> {
    let records = bundle
        .records
        .iter()
        .map(|logged| Record::from_value(logged.record.clone()))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|error| error.to_string())?;
    automatic_score(template, &records).map_err(|refused| refused.to_string())
}

impl AutomaticScore {
    /// The score as lines of text: the sum, then each item that lost points with its defects.
    pub fn lines(&self) -> Vec<String> {
        let mut lines = vec![format!(
            "automatic score under template {} v{}: {} of {} automatic points; {} points of manual items for reviewers",
            self.template,
            self.version,
            self.automatic_score,
            self.automatic_points,
            self.manual_points
        )];
        for item in self.items.iter().filter(|item| !item.defects.is_empty()) {
            lines.push(format!(
                "  {}: {} of {} points",
                item.id,
                item.score.unwrap_or(0),
                item.points
            ));
            for defect in &item.defects {
                lines.push(format!(
                    "    record {}: {}: {}",
                    defect.record, defect.rule, defect.detail
                ));
            }
        }
        if let Some(veto) = &self.vetoed_by {
            lines.push(format!("vetoed by {veto}: the file scores 0"));
        }
        lines
    }
}

/// The automatic score of a case whose records (in log order) are `records`, under
/// `template` (which should have passed [`Template::validate`]). Fails only when the
/// records do not fold into a case.
pub fn automatic_score<'a, R: AsCaseRecord + 'a>(
    template: &Template,
    records: impl IntoIterator<Item = &'a R>,
) -> Result<AutomaticScore, RecordRefused> {
    // Only the rules the template names are run, each with the item it scores.
    let named: Vec<(&rules::Rule, usize)> = template
        .items
        .iter()
        .enumerate()
        .flat_map(|(i, item)| item.rules.iter().map(move |rule| (rule.as_str(), i)))
        .filter_map(|(id, i)| rules::rule(id).map(|rule| (rule, i)))
        .collect();
    let mut defects: Vec<Vec<Defect>> = vec![Vec::new(); template.items.len()];
    let context = RuleContext::default();
    let mut state = CaseState::new();
    for (index, record) in records.into_iter().enumerate() {
        // Typed once: a signed record's body is parsed here, not again by each use.
        let record = record
            .to_case_record()
            .map_err(|error| RecordRefused { index, error })?;
        let record = record.as_ref();
        for &(rule, i) in &named {
            if let Some(finding) = rule.check(&state, record, &context) {
                defects[i].push(Defect {
                    record: index,
                    rule: finding.rule.to_owned(),
                    detail: finding.detail,
                });
            }
        }
        state
            .apply(record)
            .map_err(|error| RecordRefused { index, error })?;
    }
    let mut score = AutomaticScore {
        template: template.id.clone(),
        version: template.version,
        items: Vec::with_capacity(template.items.len()),
        automatic_score: 0,
        automatic_points: 0,
        manual_points: 0,
        vetoed_by: None,
    };
    for (item, defects) in template.items.iter().zip(defects) {
        let kept = item.automatic().then(|| {
            let deducted = item.deduction.saturating_mul(defects.len() as u32);
            item.points.saturating_sub(deducted)
        });
        match kept {
            Some(kept) => {
                score.automatic_score += kept;
                score.automatic_points += item.points;
            }
            None => score.manual_points += item.points,
        }
        if item.veto && !defects.is_empty() && score.vetoed_by.is_none() {
            score.vetoed_by = Some(item.id.clone());
        }
        score.items.push(ItemScore {
            id: item.id.clone(),
            dimension: item.dimension,
            points: item.points,
            score: kept,
            veto: item.veto,
            defects,
        });
    }
    Ok(score)
}
