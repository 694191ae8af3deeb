//! What the units above see of the units below (监督): the problems that need attention
//! (督办) a case's records imply, the per-case facts that enforcement statistics
//! (执法行为统计) add up, the percentiles of those statistics, and the automatic score of a
//! case file under a scoring template (案卷评查). Pure functions of a
//! case's folded state and its unit's rule context, so a phone or an outside reviewer
//! computes exactly what the server stores.

pub mod attention;
pub mod campaign;
pub mod days;
pub mod evaluation;
pub mod facts;
pub mod percentile;

pub use attention::{
    AttentionKind, AttentionSeverity, AttentionThresholds, CaseCondition, case_conditions, settled,
};
pub use days::{DAY_US, SUMS_DAY_OFFSET_MINUTES, sums_day, sums_day_label, sums_day_start};
pub use facts::{CaseFacts, month_of};
pub use percentile::{nearest_rank, nearest_rank_of_counts};
