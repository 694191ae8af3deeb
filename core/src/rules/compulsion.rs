//! 查封、扣押 under the Administrative Compulsion Law (行政强制法, ACL): approval in advance or
//! a report within 24 hours (Arts. 18(1), 19), the on-site record signed (18(8), (9)), the
//! decision and inventory handed over on the spot (24), 30 days and at most one extension of
//! 30 with reasons, testing periods left out (25), and a decision at the end (27). Two
//! officers and their credentials (18(2), (3)) are `officers`' rules.

use super::context::RuleContext;
use super::{Found, Rule, Severity, date_of};
use crate::lifecycle::{
    CaseRecord, CaseState, CompulsoryMeasure, Measure, PreservationOutcome, RecordBody,
    RecordSignatory, act,
};

/// The period of Art. 25 ¶1, and the most one extension adds, in calendar days.
pub const MEASURE_DAYS: u32 = 30;
pub const EXTENSION_DAYS: u32 = 30;

/// Art. 18(1): "实施前须向行政机关负责人报告并经批准"; Art. 19: "情况紧急，需要当场实施行政
/// 强制措施的，行政执法人员应当在二十四小时内向行政机关负责人报告，并补办批准手续。"
pub(super) const APPROVAL: Rule = Rule {
    id: "ACL-18-19-approval",
    article: "Administrative Compulsion Law Art. 18(1), 19, 24",
    article_zh: "《行政强制法》第十八条第一项、第十九条、第二十四条",
    severity: Severity::Block,
    severity_configurable: false,
    message_zh: "查封、扣押实施前须向行政机关负责人报告并经批准；情况紧急当场实施的，应当在二十四小时内报告并补办批准手续",
    message_en: "sealing or seizure is approved by the unit's head in advance, or, when urgent, reported within 24 hours and approved afterwards",
    settings: &[],
    evaluate: |s, c, x| approval(s, c, x).map(Found::from),
};

/// Art. 18(8): "现场笔录由当事人和行政执法人员签名或者盖章，当事人拒绝的，在笔录中予以注明";
/// 18(9): "当事人不到场的，邀请见证人到场，由见证人和行政执法人员在现场笔录上签名或者盖章".
pub(super) const ON_SITE_RECORD: Rule = Rule {
    id: "ACL-18-on-site-record",
    article: "Administrative Compulsion Law Art. 18(8), (9)",
    article_zh: "《行政强制法》第十八条第八项、第九项",
    severity: Severity::Block,
    severity_configurable: false,
    message_zh: "现场笔录由当事人签名或者注明其拒绝；当事人不到场的，由见证人签名",
    message_en: "the on-site record is signed by the party or notes its refusal; when the party is absent, a witness signs",
    settings: &[],
    evaluate: |s, c, _| on_site_record(s, c).map(Found::from),
};

/// Art. 24 ¶1: "制作并当场交付查封、扣押决定书和清单".
pub(super) const HANDOVER: Rule = Rule {
    id: "ACL-24-handover",
    article: "Administrative Compulsion Law Art. 24",
    article_zh: "《行政强制法》第二十四条",
    severity: Severity::Block,
    severity_configurable: false,
    message_zh: "查封、扣押决定书和清单应当当场交付当事人",
    message_en: "the sealing or seizure decision and its inventory are handed to the party on the spot",
    settings: &[],
    evaluate: |s, c, _| handover(s, c).map(Found::from),
};

/// A report made late is still made, so this warns.
pub(super) const REPORT_LATE: Rule = Rule {
    id: "ACL-19-report-24h",
    article: "Administrative Compulsion Law Art. 19",
    article_zh: "《行政强制法》第十九条",
    severity: Severity::Warn,
    severity_configurable: false,
    message_zh: "情况紧急当场实施的查封、扣押，应当在二十四小时内向行政机关负责人报告并补办批准手续",
    message_en: "an urgent sealing or seizure is reported to the head and approved within 24 hours",
    settings: &[],
    evaluate: |s, c, _| report_late(s, c).map(Found::from),
};

/// Art. 25 ¶1: "查封、扣押的期限不得超过三十日；情况复杂的，经行政机关负责人批准，可以延长，
/// 但是延长期限不得超过三十日。" ¶2: "延长查封、扣押的决定应当及时书面告知当事人，并说明理由。"
pub(super) const EXTENSION: Rule = Rule {
    id: "ACL-25-extension",
    article: "Administrative Compulsion Law Art. 25 ¶1–2",
    article_zh: "《行政强制法》第二十五条第一款、第二款",
    severity: Severity::Block,
    severity_configurable: false,
    message_zh: "查封、扣押经行政机关负责人批准只可延长一次、不超过三十日，在期限届满前作出，书面告知当事人并说明理由",
    message_en: "sealing or seizure is extended once at most, by 30 days at most, before it lapses, with the head's approval and written reasons given to the party",
    settings: &[],
    evaluate: |s, c, x| extension(s, c, x).map(Found::from),
};

/// Art. 25 ¶3: "检测、检验、检疫或者技术鉴定的期间应当明确，并书面告知当事人。"
pub(super) const TESTING: Rule = Rule {
    id: "ACL-25-testing",
    article: "Administrative Compulsion Law Art. 25 ¶3",
    article_zh: "《行政强制法》第二十五条第三款",
    severity: Severity::Block,
    severity_configurable: false,
    message_zh: "不计入查封、扣押期间的检测、检验、检疫或者技术鉴定期间应当明确，并书面告知当事人",
    message_en: "a testing period left out of the sealing or seizure period is definite and notified to the party in writing",
    settings: &[],
    evaluate: |s, c, _| testing(s, c).map(Found::from),
};

/// A lapsed period cannot be undone by refusing the decision that ends it, so this warns.
pub(super) const PERIOD: Rule = Rule {
    id: "ACL-25-period",
    article: "Administrative Compulsion Law Art. 25, 27",
    article_zh: "《行政强制法》第二十五条、第二十七条",
    severity: Severity::Warn,
    severity_configurable: false,
    message_zh: "应当在查封、扣押期限内（三十日，经批准延长的不超过六十日，不含检测等期间）作出处理决定",
    message_en: "the decision on sealed or seized property comes within the period (30 days, 60 with the one extension, testing periods left out)",
    settings: &[],
    evaluate: |s, c, x| period(s, c, x).map(Found::from),
};

/// Art. 27: "……应当解除查封、扣押的，作出解除查封、扣押的决定。" A case does not close with
/// property still held.
pub(super) const END_DECISION: Rule = Rule {
    id: "ACL-27-end-decision",
    article: "Administrative Compulsion Law Art. 27",
    article_zh: "《行政强制法》第二十七条",
    severity: Severity::Block,
    severity_configurable: false,
    message_zh: "查封、扣押的财物未作出没收、销毁或者解除的处理决定，案件不得结案或归档",
    message_en: "a case is not closed or archived while sealed or seized property awaits its decision (confiscation, destruction or release)",
    settings: &[],
    evaluate: |s, c, _| end_decision(s, c).map(Found::from),
};

/// The measure a sealing or seizure record states, if the record is one (an investigation
/// record of the act, or a preservation resolved by seizure, Art. 56): `Some(None)` when it
/// states none (records made before it was recorded).
fn seizure(candidate: &CaseRecord) -> Option<Option<&CompulsoryMeasure>> {
    match &candidate.body {
        RecordBody::InvestigationRecord(b)
            if matches!(b.act.as_deref(), Some(act::SEIZURE | act::SEALING)) =>
        {
            Some(b.compulsion.as_ref())
        }
        RecordBody::EvidencePreservationResolved(b) if b.outcome == PreservationOutcome::Seized => {
            Some(b.compulsion.as_ref())
        }
        _ => None,
    }
}

fn blank(text: Option<&str>) -> bool {
    text.is_none_or(|t| t.trim().is_empty())
}

fn approval(_: &CaseState, candidate: &CaseRecord, _: &RuleContext) -> Option<String> {
    let Some(measure) = seizure(candidate)? else {
        return Some(
            "the sealing or seizure record states no measure (approval, on-site record, handover)"
                .into(),
        );
    };
    (blank(measure.approved_by.as_deref()) && !measure.urgent).then(|| {
        format!(
            "measure {} has no head's approval and is not marked urgent",
            measure.measure
        )
    })
}

fn on_site_record(_: &CaseState, candidate: &CaseRecord) -> Option<String> {
    let measure = seizure(candidate)??;
    match (measure.party_present, measure.record_signed_by) {
        (true, RecordSignatory::Witness) => Some(format!(
            "measure {}: the party was present, so it signs or its refusal is noted",
            measure.measure
        )),
        (false, RecordSignatory::Party | RecordSignatory::PartyRefused) => Some(format!(
            "measure {}: the party was absent, so a witness signs",
            measure.measure
        )),
        _ => None,
    }
}

fn handover(_: &CaseState, candidate: &CaseRecord) -> Option<String> {
    let measure = seizure(candidate)??;
    let missing: Vec<&str> = [
        (!measure.decision_handed_over, "decision"),
        (!measure.inventory_handed_over, "inventory"),
    ]
    .into_iter()
    .filter_map(|(missing, what)| missing.then_some(what))
    .collect();
    (!missing.is_empty()).then(|| {
        format!(
            "measure {}: not handed over on the spot: {}",
            measure.measure,
            missing.join(", ")
        )
    })
}

/// The measure a later record names, as the case holds it.
fn named<'a>(state: &'a CaseState, candidate: &CaseRecord) -> Option<(&'a str, &'a Measure)> {
    let id = match &candidate.body {
        RecordBody::CompulsionApproved(b) => &b.measure,
        RecordBody::CompulsionExtended(b) => &b.measure,
        RecordBody::CompulsionTesting(b) => &b.measure,
        RecordBody::CompulsionEnded(b) => &b.measure,
        _ => return None,
    };
    state
        .measures
        .get_key_value(id)
        .map(|(id, m)| (id.as_str(), m))
}

const DAY_US: i64 = 86_400_000_000;

fn report_late(state: &CaseState, candidate: &CaseRecord) -> Option<String> {
    let RecordBody::CompulsionApproved(_) = &candidate.body else {
        return None;
    };
    let (id, measure) = named(state, candidate)?;
    let hours = (candidate.at_us - measure.at_us) / (DAY_US / 24);
    (measure.urgent && candidate.at_us > report_due_us(measure)).then(|| {
        format!("urgent measure {id} was reported and approved {hours} hours after it was taken")
    })
}

/// The last instant of Art. 19's 24 hours to report an urgent measure and have it approved.
pub(super) fn report_due_us(measure: &Measure) -> i64 {
    measure.at_us + DAY_US
}

/// The last day of the measure's period on the context's calendar: the day it was taken plus
/// 30 days, the extension and the testing days.
pub(super) fn last_day(measure: &Measure, context: &RuleContext) -> super::LocalDate {
    let days = MEASURE_DAYS + measure.extension_days + measure.testing_days;
    date_of(context, measure.at_us).add_days(i64::from(days))
}

fn extension(state: &CaseState, candidate: &CaseRecord, context: &RuleContext) -> Option<String> {
    let RecordBody::CompulsionExtended(b) = &candidate.body else {
        return None;
    };
    let (id, measure) = named(state, candidate)?;
    let lapsed = date_of(context, candidate.at_us) > last_day(measure, context);
    let problems: Vec<&str> = [
        (measure.extensions > 0, "it was extended before"),
        (!(1..=EXTENSION_DAYS).contains(&b.days), "1 to 30 days"),
        (blank(Some(&b.approved_by)), "no head's approval"),
        (blank(Some(&b.reasons)), "no reasons"),
        (!b.party_notified, "the party was not told in writing"),
        (lapsed, "the period had lapsed"),
    ]
    .into_iter()
    .filter_map(|(bad, what)| bad.then_some(what))
    .collect();
    (!problems.is_empty()).then(|| format!("extension of measure {id}: {}", problems.join("; ")))
}

fn testing(state: &CaseState, candidate: &CaseRecord) -> Option<String> {
    let RecordBody::CompulsionTesting(b) = &candidate.body else {
        return None;
    };
    let (id, _) = named(state, candidate)?;
    (b.days == 0 || !b.party_notified).then(|| {
        format!(
            "testing period of measure {id}: it is stated in days and told to the party in writing"
        )
    })
}

fn period(state: &CaseState, candidate: &CaseRecord, context: &RuleContext) -> Option<String> {
    let RecordBody::CompulsionEnded(_) = &candidate.body else {
        return None;
    };
    let (id, measure) = named(state, candidate)?;
    let last = last_day(measure, context);
    let on = date_of(context, candidate.at_us);
    (on > last)
        .then(|| format!("measure {id} was decided on {on}, after its period ended on {last}"))
}

fn end_decision(state: &CaseState, candidate: &CaseRecord) -> Option<String> {
    if !matches!(
        candidate.body,
        RecordBody::CaseClosed(_) | RecordBody::CaseArchived(_)
    ) {
        return None;
    }
    let open: Vec<&str> = state
        .measures
        .iter()
        .filter(|(_, m)| m.ended_at_us.is_none())
        .map(|(id, _)| id.as_str())
        .collect();
    (!open.is_empty()).then(|| format!("no decision ends measures {}", open.join(", ")))
}
