//! The limitation period of penalties (追责时效, Art. 36).

use super::context::RuleContext;
use super::date::LocalDate;
use super::{Found, Rule, Severity, date_of};
use crate::lifecycle::{CaseRecord, CaseState, RecordBody};

/// Art. 36: "违法行为在二年内未被发现的，不再给予行政处罚；涉及公民生命健康安全、金融安全且有
/// 危害后果的，上述期限延长至五年。法律另有规定的除外。前款规定的期限，从违法行为发生之日起计算；
/// 违法行为有连续或者继续状态的，从行为终了之日起计算。" The violation counts as discovered
/// when the case's first record (an inspection or the filing) was made.
pub(super) const LIMITATION: Rule = Rule {
    id: "APL-36-limitation",
    article: "Administrative Penalty Law Art. 36",
    article_zh: "《行政处罚法》第三十六条",
    severity: Severity::Block,
    severity_configurable: false,
    message_zh: "违法行为在二年内未被发现的（涉及公民生命健康安全、金融安全且有危害后果的为五年，法律另有规定的除外），不再给予行政处罚",
    message_en: "a violation not discovered within two years (five where life, health or financial security was harmed, or as another law provides) is no longer penalised",
    settings: &["limitation_periods"],
    evaluate: |s, c, x| limitation(s, c, x).map(Found::from),
};

/// The two years of Art. 36 ¶1, and the five where it extends them.
const YEARS: u32 = 2;
const GRAVE_HARM_YEARS: u32 = 5;

fn limitation(state: &CaseState, candidate: &CaseRecord, context: &RuleContext) -> Option<String> {
    // The filing is checked with what it records; a notice or decision with the case's
    // filing (the unit's configuration may have changed since).
    let (violation_on, grave_harm, category) = match &candidate.body {
        RecordBody::CaseFiled(b) => (b.violation_on?, b.grave_harm, b.category.as_str()),
        RecordBody::NoticeServed(_) | RecordBody::DecisionIssued(_) => (
            state.violation_on?,
            state.grave_harm,
            state.category.as_deref().unwrap_or_default(),
        ),
        _ => return None,
    };
    let discovered_on = date_of(context, state.opened_at_us.unwrap_or(candidate.at_us));
    let (years, basis) = match context.config.limitation_period(category) {
        Some(other) => (other.years, other.law.as_str()),
        None if grave_harm => (GRAVE_HARM_YEARS, "Art. 36, grave harm"),
        None => (YEARS, "Art. 36"),
    };
    let last_day = years_after(violation_on, years);
    (discovered_on > last_day).then(|| {
        format!(
            "the violation of {violation_on} was discovered on {discovered_on}, after the \
             {years} years ({basis}) that ended on {last_day}"
        )
    })
}

/// The last day of a period of `years` years from `from`: the same day `years` years later, or
/// the month's last day where that day does not exist (民法典 Art. 202).
fn years_after(from: LocalDate, years: u32) -> LocalDate {
    let (year, month, day) = from.ymd();
    let year = year.saturating_add_unsigned(years);
    (0..4)
        .find_map(|back| LocalDate::from_ymd(year, month, day.saturating_sub(back)))
        .unwrap_or(from)
}
