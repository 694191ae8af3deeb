//! The unit's data on penalties beyond discretion benchmarks: the fine ranges the laws set for
//! its matters, and its leniency lists (四张清单), each validated member by member.

use serde::{Deserialize, Serialize};

use super::context::ConfigError;

/// The fine a law, regulation or rule sets for a matter (Art. 76(1), (2): a penalty without a
/// statutory basis, or outside its range, is unlawful).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatutoryFine {
    /// The case categories (matters) it applies to.
    pub categories: Vec<String>,
    /// The provision, e.g. `食品安全法 第一百二十四条`.
    pub law: String,
    /// The lowest fine the provision sets, in fen (0: none).
    #[serde(default)]
    pub min_fine_fen: u64,
    /// The highest fine the provision sets, in fen.
    pub max_fine_fen: u64,
}

/// Which of the unit's lists (四张清单) an item is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LeniencyList {
    /// 不予处罚清单 (Art. 33).
    NoPenalty,
    /// 减轻处罚清单 (Art. 32).
    Mitigated,
    /// 从轻处罚清单 (Art. 32).
    Lighter,
    /// 免予（不予）实施行政强制措施清单 (行政强制法 Art. 16 ¶2).
    NoCompulsion,
}

/// One item of the unit's leniency lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LeniencyItem {
    pub id: String,
    pub list: LeniencyList,
    /// The circumstance and its conditions, as the list publishes them.
    pub description: String,
    /// The case categories (matters) it applies to; empty: any.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub categories: Vec<String>,
}

fn fail(field: String, reason: &str) -> Result<(), ConfigError> {
    Err(ConfigError {
        field,
        reason: reason.to_owned(),
    })
}

fn blank(text: &str) -> bool {
    text.trim().is_empty()
}

/// Checks `statutory_fines`, naming the member at fault.
pub(super) fn validate_fines(fines: &[StatutoryFine]) -> Result<(), ConfigError> {
    for (i, f) in fines.iter().enumerate() {
        if f.categories.is_empty() || f.categories.iter().any(|c| blank(c)) {
            return fail(
                format!("statutory_fines[{i}].categories"),
                "name at least one category, none empty",
            );
        }
        if blank(&f.law) {
            return fail(format!("statutory_fines[{i}].law"), "empty");
        }
        if f.max_fine_fen == 0 {
            return fail(
                format!("statutory_fines[{i}].max_fine_fen"),
                "must be above 0",
            );
        }
        if f.min_fine_fen > f.max_fine_fen {
            return fail(
                format!("statutory_fines[{i}].min_fine_fen"),
                "the minimum is above the maximum",
            );
        }
        // Two ranges for one matter would leave the rule to guess which the case is under.
        if let Some(c) = f.categories.iter().find(|c| {
            fines[..i]
                .iter()
                .any(|earlier| earlier.categories.contains(c))
        }) {
            return fail(
                format!("statutory_fines[{i}].categories"),
                &format!("{c} already has a range"),
            );
        }
    }
    Ok(())
}

/// Checks `leniency_lists`, naming the member at fault.
pub(super) fn validate_lists(items: &[LeniencyItem]) -> Result<(), ConfigError> {
    for (i, item) in items.iter().enumerate() {
        if blank(&item.id) {
            return fail(format!("leniency_lists[{i}].id"), "empty");
        }
        if items[..i].iter().any(|earlier| earlier.id == item.id) {
            return fail(format!("leniency_lists[{i}].id"), "repeated");
        }
        if blank(&item.description) {
            return fail(format!("leniency_lists[{i}].description"), "empty");
        }
        if let Some(j) = item.categories.iter().position(|c| blank(c)) {
            return fail(format!("leniency_lists[{i}].categories[{j}]"), "empty");
        }
    }
    Ok(())
}
