//! A unit's publicity settings: data, inherited down the tree with its rule configuration.

use serde::{Deserialize, Serialize};

use super::mask::MaskingRules;
use crate::rules::LocalDate;

/// How a unit publishes (执法公示). Unknown members are refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublicityConfig {
    #[serde(default)]
    pub masking: MaskingRules,
    /// The unit's powers list (权责清单), published as configured: one line per power.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub powers: Vec<String>,
    /// When the previous year's statistics are due, `MM-DD` (31 January unless local rules
    /// say otherwise).
    #[serde(default = "statistics_due")]
    pub statistics_due: String,
    /// The unit's non-site enforcement devices (电子技术监控设备), published with their
    /// locations and the dates they were put in use (行政处罚法 Art. 41).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub monitoring_devices: Vec<MonitoringDevice>,
    /// Whether a decision's notice is published as soon as the decision is recorded, without
    /// a reviewer's approval (where local rules let the unit do so).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub auto_publish: bool,
    /// The results besides penalty decisions the unit publishes (其他执法结果, within 20
    /// working days); none unless configured, since local rules differ on them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_results: Vec<OtherResult>,
}

/// An enforcement result other than a penalty decision that a unit may publish. The record
/// vocabulary has no licence decision, so these are the results a case's records can end in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OtherResult {
    /// 不予行政处罚: the case was terminated without a penalty (`case.terminated`, reason
    /// `no_penalty`).
    NoPenalty,
    /// An inspection's result (`inspection.concluded`) when no case followed from it.
    InspectionResult,
}

/// A non-site enforcement device as the unit publishes it: what it is, where it stands, from
/// when it is used, and what it records. Unknown members are refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MonitoringDevice {
    pub name: String,
    /// Where it is set (设置地点), as the public is told.
    pub location: String,
    /// The day it was put in use, `YYYY-MM-DD`.
    pub in_use_from: LocalDate,
    /// What it records (e.g. the matters of the unit's powers it serves), one line each.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub records: Vec<String>,
    /// The day its legal and technical review (法制和技术审核) was completed (Art. 41); a
    /// capture before it is no evidence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reviewed_on: Option<LocalDate>,
}

fn statistics_due() -> String {
    "01-31".to_owned()
}

impl Default for PublicityConfig {
    fn default() -> PublicityConfig {
        PublicityConfig {
            masking: MaskingRules::default(),
            powers: Vec::new(),
            statistics_due: statistics_due(),
            monitoring_devices: Vec::new(),
            auto_publish: false,
            other_results: Vec::new(),
        }
    }
}

impl PublicityConfig {
    /// Whether the unit publishes results of `result`.
    pub fn publishes(&self, result: OtherResult) -> bool {
        self.other_results.contains(&result)
    }

    /// Checks what serde cannot: the statistics date is a real `MM-DD`, and each monitoring
    /// device names itself and its location.
    pub fn validate(&self) -> Result<(), String> {
        for (n, device) in self.monitoring_devices.iter().enumerate() {
            if device.name.trim().is_empty() || device.location.trim().is_empty() {
                return Err(format!(
                    "monitoring_devices[{n}] needs a name and a location"
                ));
            }
        }
        let valid = self
            .statistics_due
            .split_once('-')
            .filter(|(m, d)| m.len() == 2 && d.len() == 2)
            .and_then(|(m, d)| Some((m.parse::<u32>().ok()?, d.parse::<u32>().ok()?)))
            .and_then(|(m, d)| LocalDate::from_ymd(2025, m, d));
        match valid {
            Some(_) => Ok(()),
            None => Err(format!(
                "statistics_due {:?} is not a MM-DD date",
                self.statistics_due
            )),
        }
    }
}
