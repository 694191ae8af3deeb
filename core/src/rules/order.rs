//! The lifecycle as a rule: a record that does not fit the case's stage is refused.

use super::{Found, Rule, Severity};

pub(super) const STAGE_ORDER: Rule = Rule {
    id: "LIFECYCLE-stage-order",
    article: "Administrative Penalty Law Art. 47 and chapter V (procedure)",
    article_zh: "《行政处罚法》第四十七条、第五章",
    severity: Severity::Block,
    severity_configurable: false,
    message_zh: "记录不符合案件办理程序的先后顺序，不得跳过程序环节",
    message_en: "the record does not follow the order of the case procedure; no stage may be skipped",
    settings: &[],
    evaluate: |state, candidate, _| {
        state
            .check_transition(candidate)
            .err()
            .map(|e| Found::from(e.to_string()))
    },
};
