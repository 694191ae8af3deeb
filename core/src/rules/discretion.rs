//! Discretion benchmarks (裁量基准, Art. 34): a penalty outside its benchmark range needs a
//! recorded reason.

use super::context::RuleContext;
use super::{Found, Rule, Severity};
use crate::lifecycle::{CaseRecord, CaseState, Penalty, RecordBody};

pub(super) const DISCRETION_REASON: Rule = Rule {
    id: "APL-34-discretion-reason",
    article: "Administrative Penalty Law Art. 34",
    article_zh: "《行政处罚法》第三十四条",
    severity: Severity::Block,
    severity_configurable: false,
    message_zh: "拟处罚款超出裁量基准范围的，应当记录理由",
    message_en: "a fine outside its discretion benchmark range needs a recorded reason",
    settings: &["discretion_benchmarks"],
    evaluate: |s, c, x| discretion_reason(s, c, x).map(Found::from),
};

/// Art. 34: "行政机关可以依法制定行政处罚裁量基准，规范行使行政处罚裁量权". Where the unit has
/// a benchmark for the case's matter, a fine it proposes or imposes cites one.
pub(super) const BENCHMARK_CITED: Rule = Rule {
    id: "APL-34-benchmark-cited",
    article: "Administrative Penalty Law Art. 34",
    article_zh: "《行政处罚法》第三十四条",
    severity: Severity::Block,
    severity_configurable: false,
    message_zh: "本单位对该事项制定了裁量基准的，拟处或者决定的罚款应当引用裁量基准",
    message_en: "where the unit has a discretion benchmark for the case's matter, a fine cites it",
    settings: &["discretion_benchmarks"],
    evaluate: |s, c, x| benchmark_cited(s, c, x).map(Found::from),
};

/// A benchmark the phone does not know may be newer than its configuration, so this warns.
pub(super) const BENCHMARK_UNKNOWN: Rule = Rule {
    id: "APL-34-benchmark-unknown",
    article: "Administrative Penalty Law Art. 34",
    article_zh: "《行政处罚法》第三十四条",
    severity: Severity::Warn,
    severity_configurable: false,
    message_zh: "引用的裁量基准未在本单位配置中",
    message_en: "the cited discretion benchmark is not in the organisation's configuration",
    settings: &["discretion_benchmarks"],
    evaluate: |s, c, x| benchmark_unknown(s, c, x).map(Found::from),
};

/// The penalty a record proposes or imposes, if it is one that discretion applies to.
fn penalty_of(candidate: &CaseRecord) -> Option<&Penalty> {
    match &candidate.body {
        RecordBody::NoticeServed(b) => Some(&b.penalty),
        RecordBody::DecisionIssued(b) => Some(&b.penalty),
        RecordBody::SummaryPenalty(b) => Some(&b.penalty),
        _ => None,
    }
}

fn discretion_reason(
    _: &CaseState,
    candidate: &CaseRecord,
    context: &RuleContext,
) -> Option<String> {
    let penalty = penalty_of(candidate)?;
    let benchmark = context.config.benchmark(penalty.benchmark.as_deref()?)?;
    let inside = (benchmark.min_fine_fen..=benchmark.max_fine_fen).contains(&penalty.fine_fen);
    let reasoned = penalty
        .discretion_reason
        .as_deref()
        .is_some_and(|r| !r.trim().is_empty());
    (!inside && !reasoned).then(|| {
        format!(
            "fine {} fen is outside benchmark {} ({}..={} fen) and no reason is recorded",
            penalty.fine_fen, benchmark.id, benchmark.min_fine_fen, benchmark.max_fine_fen
        )
    })
}

fn benchmark_unknown(
    _: &CaseState,
    candidate: &CaseRecord,
    context: &RuleContext,
) -> Option<String> {
    let id = penalty_of(candidate)?.benchmark.as_deref()?;
    context
        .config
        .benchmark(id)
        .is_none()
        .then(|| format!("benchmark {id} is not configured"))
}

fn benchmark_cited(
    state: &CaseState,
    candidate: &CaseRecord,
    context: &RuleContext,
) -> Option<String> {
    let penalty = penalty_of(candidate)?;
    let category = state.category.as_deref()?;
    let uncited = penalty.fine_fen > 0 && penalty.benchmark.is_none();
    (uncited && context.config.has_benchmark_for(category)).then(|| {
        format!("the unit has a discretion benchmark for {category} and the fine cites none")
    })
}
