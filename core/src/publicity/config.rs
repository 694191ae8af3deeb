//! A unit's publicity settings: data, inherited down the tree with its rule configuration.

use serde::{Deserialize, Serialize};

use super::mask::MaskingRules;

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
    /// Whether a decision's notice is published as soon as the decision is recorded, without
    /// a reviewer's approval (where local rules let the unit do so).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub auto_publish: bool,
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
            auto_publish: false,
        }
    }
}

impl PublicityConfig {
    /// Checks what serde cannot: the statistics date is a real `MM-DD`.
    pub fn validate(&self) -> Result<(), String> {
        let valid = self
            .statistics_due
            .split_once('-')
            .filter(|(m, d)| m.len() == 2 && d.len() == 2)
            .and_then(|(m, d)| Some((m.parse::<u32>().ok()?, d.parse::<u32>().ok()?)))
            .and_then(|(m, d)| crate::rules::LocalDate::from_ymd(2025, m, d));
        match valid {
            Some(_) => Ok(()),
            None => Err(format!(
                "statistics_due {:?} is not a MM-DD date",
                self.statistics_due
            )),
        }
    }
}
