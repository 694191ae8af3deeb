//! What the server or the phone knows beyond a case's records: certificates, conflicts,
//! the organisation's configuration and its working-day calendar.

use serde::{Deserialize, Serialize};

use super::calendar::WorkingCalendar;
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
}

impl OrganisationConfig {
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
}

/// The fine range of one discretion benchmark item, inclusive, in fen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiscretionBenchmark {
    pub id: String,
    pub min_fine_fen: u64,
    pub max_fine_fen: u64,
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
