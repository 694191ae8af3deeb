//! Supervision pages over the API's own supervision handlers (`routes::supervision`): a unit's
//! open attention items (督办) and its enforcement statistics (执法行为统计) as charts with the
//! numbers beside them and a CSV download.

pub mod attention;
mod chart;
pub mod stats;
