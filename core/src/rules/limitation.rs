//! The limitation period of penalties (追责时效, Art. 36), and filing in time once a violation
//! is found (Art. 54).

use super::calendar::Period;
use super::context::RuleContext;
use super::date::LocalDate;
use super::deadlines::late;
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

/// Art. 54 ¶2: "符合立案标准的，行政机关应当及时立案。" Art. 76 ¶2: "行政机关对符合立案标准的
/// 案件不及时立案的，依照前款规定予以处理。" How soon is the unit's procedural rules' to say; a
/// late filing is still the filing, so this warns.
pub(super) const TIMELY_FILING: Rule = Rule {
    id: "APL-54-timely-filing",
    article: "Administrative Penalty Law Art. 54 ¶2, 76 ¶2",
    article_zh: "《行政处罚法》第五十四条第二款、第七十六条第二款",
    severity: Severity::Warn,
    severity_configurable: false,
    message_zh: "检查发现违法行为、符合立案标准的，应当在本单位规定的期限内及时立案",
    message_en: "a case an inspection found a violation in is filed within the period the unit's procedural rules set",
    settings: &["filing_period"],
    evaluate: timely_filing,
};

fn timely_filing(
    state: &CaseState,
    candidate: &CaseRecord,
    context: &RuleContext,
) -> Option<Found> {
    let RecordBody::CaseFiled(_) = &candidate.body else {
        return None;
    };
    let found_at = state.violation_found_at_us?;
    let period = context.config.filing_period.as_ref()?;
    let mut found = late(
        "filed",
        Period::WorkingDays(period.working_days),
        found_at,
        candidate.at_us,
        context.calendar(),
    )?;
    found.detail = format!("{} ({})", found.detail, period.regulation);
    Some(found)
}

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
