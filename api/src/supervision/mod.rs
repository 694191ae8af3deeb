//! Supervision of the units below (监督): what needs attention (督办) and enforcement
//! statistics (执法行为统计), and the automatic 案卷评查 score of a case file ([`score`],
//! recomputed at each request, never stored). Attention and statistics are kept up to date in
//! the transaction of the records that change them ([`cases::record`]), never by a batch job,
//! and read through the caller's scope.
//!
//! Another source of attention items (an evidence check, publicity) opens and cures its own
//! items through `db::attention` in its own transaction, with a kind from custos-core's
//! `AttentionKind`; another statistic adds its figures to [`stats::Group`] by name.

pub mod cases;
pub mod certificates;
pub mod devices;
pub mod evidence;
pub mod filing;
pub mod held;
pub mod months;
pub mod publication_stats;
pub mod reviews;
pub mod rollup;
pub mod score;
pub mod stats;
pub mod templates;
pub mod unnamed;
pub mod uploads;
pub mod view;
