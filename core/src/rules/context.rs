//! What the server or the phone knows beyond a case's records: certificates, conflicts,
//! the organisation's configuration and its working-day calendar.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::Severity;
use super::calendar::WorkingCalendar;
use super::date::LocalDate;
use super::penalty_data::{self, LeniencyItem, StatutoryFine};
use crate::lifecycle::{CaseState, Sanction};

/// Everything the rules read besides the case and the candidate record.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleContext {
    /// Certificates of the officers who may appear in the case.
    #[serde(default)]
    pub certificates: Vec<super::certificate::Certificate>,
    /// Conflicts known outside the case's records (e.g. registered with the organisation).
    #[serde(default)]
    pub conflicts: Vec<Conflict>,
    #[serde(default)]
    pub config: OrganisationConfig,
    /// Digests (lowercase hex) of evidence the server received whose bytes did not match the
    /// digest declared at capture (quarantined), and of which no verified copy is held: not
    /// evidence a decision may rest on (Art. 46). The server fills it for the digests a
    /// record names.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub unverified_evidence: BTreeSet<String>,
    /// A replacement working-day calendar; the built-in one when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calendar: Option<WorkingCalendar>,
}

impl RuleContext {
    /// The calendar deadlines are counted on.
    pub fn calendar(&self) -> &WorkingCalendar {
        match &self.calendar {
            Some(calendar) => calendar,
            None => WorkingCalendar::china(),
        }
    }
}

/// An officer who may not act in the case (Art. 43).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conflict {
    pub officer: String,
    pub reason: String,
}

/// Per-organisation rule data: (local) items of DOMAIN.md, configuration rather than code.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganisationConfig {
    /// On-site acts that must be recorded on audio or video besides seizure, sealing and forced
    /// demolition (e.g. `hearing`, `service_by_leaving`, `service_by_public_notice`).
    #[serde(default)]
    pub mandatory_recording_acts: Vec<String>,
    /// Discretion benchmark (裁量基准) items, published per Art. 34.
    #[serde(default)]
    pub discretion_benchmarks: Vec<DiscretionBenchmark>,
    /// Case categories that make a case major (重大执法决定目录).
    #[serde(default)]
    pub major_case_categories: Vec<String>,
    #[serde(default)]
    pub hearing_thresholds: HearingThresholds,
    /// Sanctions the organisation counts as 其他较重的行政处罚 (Art. 63(5)), entitling a hearing.
    #[serde(default)]
    pub extra_hearing_sanctions: Vec<Sanction>,
    /// Publicity settings (masking rules, powers list), see `crate::publicity`.
    #[serde(default)]
    pub publicity: crate::publicity::PublicityConfig,
    /// When supervisors are shown what needs attention (督办).
    #[serde(default)]
    pub attention: crate::supervision::AttentionThresholds,
    /// Severities chosen by the unit for the rules that allow it (`Rule::severity_configurable`),
    /// by rule id.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub severities: BTreeMap<String, Severity>,
    /// Extensions of the decision period the unit's sectoral regulations provide (Art. 60).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub decision_extensions: Vec<DecisionExtension>,
    /// Periods the unit's sectoral regulations leave out of the decision period (Art. 60).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub decision_excluded_periods: Vec<ExcludedPeriodRule>,
    /// Domains where a law lets one officer impose an on-the-spot penalty (Art. 42: "法律另有
    /// 规定的除外").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub single_officer_exemptions: Vec<SingleOfficerExemption>,
    /// The period the unit gives the party to state its case, in working days from receipt of
    /// the notice (Art. 45); unset: none beyond the hearing request period.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub statement_period_working_days: Option<u32>,
    /// The unit's heads (负责人, user ids), who alone take part in collective discussion
    /// (Art. 57) and decide on recusal (Art. 43); unset: not checked.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub heads: Vec<String>,
    /// The unit's legal reviewers (Art. 58); unset: not checked.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub legal_reviewers: Vec<LegalReviewer>,
    /// 三书同达: decisions on 经营主体 (legal persons and other organisations) are served with a
    /// compliance advice and a credit-repair notice. A local policy, off by default.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub three_documents: bool,
    /// Limitation periods other laws set for the unit's matters instead of Art. 36's two or
    /// five years ("法律另有规定的除外").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub limitation_periods: Vec<LimitationPeriod>,
    /// The fine ranges the laws set for the unit's matters (Art. 76(1), (2)).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub statutory_fines: Vec<StatutoryFine>,
    /// The unit's 不予/减轻/从轻处罚 and 免予行政强制 lists (四张清单, Art. 32, 33).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub leniency_lists: Vec<LeniencyItem>,
    /// The period the unit's procedural rules give to file a case once an inspection found a
    /// violation (Art. 54 ¶2: "及时立案"); unset: not checked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filing_period: Option<FilingPeriod>,
}

/// How soon a case is filed after an inspection found a violation, and the rule that says so,
/// e.g. 15 working days under 市场监督管理行政处罚程序规定 第十八条.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FilingPeriod {
    pub working_days: u32,
    pub regulation: String,
}

/// A limitation period another law sets (Art. 36: "法律另有规定的除外"), e.g. the five years of
/// 税收征收管理法 Art. 86.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LimitationPeriod {
    /// The case categories (matters) it applies to.
    pub categories: Vec<String>,
    pub years: u32,
    /// The law and article, e.g. `税收征收管理法 第八十六条`.
    pub law: String,
}

/// An extension of the decision period a sectoral regulation provides.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionExtension {
    /// The regulation and article, e.g. `市场监督管理行政处罚程序规定 第六十四条`.
    pub regulation: String,
    /// The role whose approval the regulation requires, e.g. `head`.
    pub approver_role: String,
    /// The most calendar days it adds, all extensions under it together.
    pub max_days: u32,
}

/// A kind of period a sectoral regulation leaves out of the decision period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExcludedPeriodRule {
    /// The name `period.excluded` records use, e.g. `hearing`, `appraisal`, `public_notice`.
    pub what: String,
    pub regulation: String,
}

/// A law that lets one officer act in a domain's on-the-spot penalties.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SingleOfficerExemption {
    pub domain: String,
    /// The law and article, e.g. `道路交通安全法 第一百零七条`.
    pub law: String,
}

/// A legal reviewer and the qualification Art. 58 ¶2 asks of one who first reviews since the
/// 2021 law: 法律职业资格.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LegalReviewer {
    pub user: String,
    /// The number of the reviewer's 法律职业资格证书, when held.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legal_profession_certificate: Option<String>,
    /// The first day the reviewer reviewed penalty decisions.
    pub reviewing_since: LocalDate,
}

impl LegalReviewer {
    /// Whether the reviewer may review: qualified, or reviewing since before the 2021 law took
    /// effect (2021-07-15), when the qualification was not yet required.
    pub fn qualified(&self) -> bool {
        self.legal_profession_certificate
            .as_deref()
            .is_some_and(|n| !n.trim().is_empty())
            // The 2021 revision of the Administrative Penalty Law took effect on 2021-07-15.
            || LocalDate::from_ymd(2021, 7, 15).is_some_and(|d| self.reviewing_since < d)
    }
}

/// A configuration member that does not hold: the member's path and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {reason}")]
pub struct ConfigError {
    /// The member, e.g. `decision_extensions[0].max_days`.
    pub field: String,
    pub reason: String,
}

impl OrganisationConfig {
    /// The JSON members of a configuration; anything else is a typo to refuse.
    pub const MEMBERS: [&'static str; 19] = [
        "mandatory_recording_acts",
        "discretion_benchmarks",
        "major_case_categories",
        "hearing_thresholds",
        "extra_hearing_sanctions",
        "severities",
        "decision_extensions",
        "decision_excluded_periods",
        "single_officer_exemptions",
        "statement_period_working_days",
        "heads",
        "legal_reviewers",
        "three_documents",
        "limitation_periods",
        "statutory_fines",
        "leniency_lists",
        "filing_period",
        "publicity",
        "attention",
    ];

    /// Checks what serde cannot: ranges, citations present, severities only for the rules that
    /// allow a choice.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let fail = |field: String, reason: &str| {
            Err(ConfigError {
                field,
                reason: reason.to_owned(),
            })
        };
        let blank = |text: &str| text.trim().is_empty();
        for (i, b) in self.discretion_benchmarks.iter().enumerate() {
            if b.min_fine_fen > b.max_fine_fen {
                return fail(
                    format!("discretion_benchmarks[{i}]"),
                    "the minimum is above the maximum",
                );
            }
        }
        for id in self.severities.keys() {
            match super::rule(id) {
                None => return fail(format!("severities.{id}"), "no such rule"),
                Some(rule) if !rule.severity_configurable => {
                    return fail(
                        format!("severities.{id}"),
                        "the rule's severity is not the unit's to choose",
                    );
                }
                Some(_) => {}
            }
        }
        for (i, e) in self.decision_extensions.iter().enumerate() {
            if blank(&e.regulation) {
                return fail(format!("decision_extensions[{i}].regulation"), "empty");
            }
            if blank(&e.approver_role) {
                return fail(format!("decision_extensions[{i}].approver_role"), "empty");
            }
            if e.max_days == 0 {
                return fail(
                    format!("decision_extensions[{i}].max_days"),
                    "must be above 0",
                );
            }
        }
        for (i, p) in self.decision_excluded_periods.iter().enumerate() {
            if blank(&p.what) {
                return fail(format!("decision_excluded_periods[{i}].what"), "empty");
            }
            if blank(&p.regulation) {
                return fail(
                    format!("decision_excluded_periods[{i}].regulation"),
                    "empty",
                );
            }
        }
        for (i, e) in self.single_officer_exemptions.iter().enumerate() {
            if blank(&e.domain) {
                return fail(format!("single_officer_exemptions[{i}].domain"), "empty");
            }
            if blank(&e.law) {
                return fail(format!("single_officer_exemptions[{i}].law"), "empty");
            }
        }
        if let Some(days) = self.statement_period_working_days
            && !(1..=60).contains(&days)
        {
            return fail(
                "statement_period_working_days".to_owned(),
                "must be 1 to 60 working days",
            );
        }
        if let Some(i) = self.heads.iter().position(|h| blank(h)) {
            return fail(format!("heads[{i}]"), "empty");
        }
        if let Some(i) = self.legal_reviewers.iter().position(|r| blank(&r.user)) {
            return fail(format!("legal_reviewers[{i}].user"), "empty");
        }
        for (i, p) in self.limitation_periods.iter().enumerate() {
            if p.categories.is_empty() || p.categories.iter().any(|c| blank(c)) {
                return fail(
                    format!("limitation_periods[{i}].categories"),
                    "name at least one category, none empty",
                );
            }
            if !(1..=30).contains(&p.years) {
                return fail(
                    format!("limitation_periods[{i}].years"),
                    "must be 1 to 30 years",
                );
            }
            if blank(&p.law) {
                return fail(format!("limitation_periods[{i}].law"), "empty");
            }
        }
        if let Some(p) = &self.filing_period {
            if !(1..=60).contains(&p.working_days) {
                return fail(
                    "filing_period.working_days".to_owned(),
                    "must be 1 to 60 working days",
                );
            }
            if blank(&p.regulation) {
                return fail("filing_period.regulation".to_owned(), "empty");
            }
        }
        penalty_data::validate_fines(&self.statutory_fines)?;
        penalty_data::validate_lists(&self.leniency_lists)
    }

    /// The statutory fine range for cases of `category`, if the unit has one.
    pub fn statutory_fine(&self, category: &str) -> Option<&StatutoryFine> {
        self.statutory_fines
            .iter()
            .find(|f| f.categories.iter().any(|c| c == category))
    }

    pub fn leniency_item(&self, id: &str) -> Option<&LeniencyItem> {
        self.leniency_lists.iter().find(|item| item.id == id)
    }

    /// The limitation period another law sets for cases of `category`, if the unit has one.
    pub fn limitation_period(&self, category: &str) -> Option<&LimitationPeriod> {
        self.limitation_periods
            .iter()
            .find(|p| p.categories.iter().any(|c| c == category))
    }

    /// Whether the case is major: flagged at filing or of a configured major category.
    pub fn is_major(&self, state: &CaseState) -> bool {
        state.major
            || state
                .category
                .as_ref()
                .is_some_and(|c| self.major_case_categories.contains(c))
    }

    pub fn benchmark(&self, id: &str) -> Option<&DiscretionBenchmark> {
        self.discretion_benchmarks.iter().find(|b| b.id == id)
    }

    /// Whether the unit has a discretion benchmark for cases of `category`.
    pub fn has_benchmark_for(&self, category: &str) -> bool {
        self.discretion_benchmarks
            .iter()
            .any(|b| b.categories.iter().any(|c| c == category))
    }
}

/// The fine range of one discretion benchmark item, inclusive, in fen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiscretionBenchmark {
    pub id: String,
    pub min_fine_fen: u64,
    pub max_fine_fen: u64,
    /// The case categories (matters) it applies to: a fine in a case of one of them cites a
    /// benchmark (Art. 34).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub categories: Vec<String>,
}

/// 较大数额 (Art. 63(1), (2)): a fine, or a confiscated value, at or above which the party may
/// ask for a hearing. Provinces and departments set these; the defaults are those of the
/// market-supervision hearing measures (¥10,000 for a person, ¥100,000 for an organisation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct HearingThresholds {
    pub person_fen: u64,
    pub organisation_fen: u64,
}

impl Default for HearingThresholds {
    fn default() -> HearingThresholds {
        HearingThresholds {
            person_fen: 1_000_000,
            organisation_fen: 10_000_000,
        }
    }
}
