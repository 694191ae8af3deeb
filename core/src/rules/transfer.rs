//! A suspected crime goes to the police (行政处罚法 Art. 27; 行政执法机关移送涉嫌犯罪案件的规定,
//! the transfer regulation, TRF): a written report by two officers or more, the head's decision
//! within 3 days, the transfer within 24 hours of approval with its materials, reasons recorded
//! for a refusal, and no penalty while the case waits on the police.

use super::context::RuleContext;
use super::{Found, Rule, Severity, date_of};
use crate::lifecycle::{CaseRecord, CaseState, RecordBody, Transfer, TransferMaterial};

/// 移送规定 Art. 5: "行政执法机关正职负责人或者主持工作的负责人应当自接到报告之日起3日内作出
/// 批准移送或者不批准移送的决定。" A late decision is still the decision, so this warns.
pub(super) const DECISION_3_DAYS: Rule = Rule {
    id: "TRF-5-decision-3-days",
    article: "Transfer of Suspected Criminal Cases Regulation Art. 5",
    article_zh: "《行政执法机关移送涉嫌犯罪案件的规定》第五条",
    severity: Severity::Warn,
    severity_configurable: false,
    message_zh: "负责人应当自接到移送涉嫌犯罪案件的书面报告之日起3日内作出批准移送或者不批准移送的决定",
    message_en: "the head decides whether to transfer a suspected crime within 3 days of the written report",
    settings: &[],
    evaluate: |s, c, x| decision_3_days(s, c, x).map(Found::from),
};

/// 移送规定 Art. 5: "决定批准的，应当在24小时内向同级公安机关移送". Late, still transferred.
pub(super) const TRANSFER_24H: Rule = Rule {
    id: "TRF-5-transfer-24h",
    article: "Transfer of Suspected Criminal Cases Regulation Art. 5",
    article_zh: "《行政执法机关移送涉嫌犯罪案件的规定》第五条",
    severity: Severity::Warn,
    severity_configurable: false,
    message_zh: "决定批准移送的，应当在24小时内向同级公安机关移送",
    message_en: "an approved transfer reaches the police within 24 hours",
    settings: &[],
    evaluate: |s, c, _| transfer_24h(s, c).map(Found::from),
};

/// 移送规定 Art. 5: "立即指定2名或者2名以上行政执法人员组成专案组专门负责，核实情况后提出
/// 移送涉嫌犯罪案件的书面报告"; "决定不批准的，应当将不予批准的理由记录在案". Art. 6 lists what
/// goes with the case. Each step follows the one before it.
pub(super) const PROCEDURE: Rule = Rule {
    id: "TRF-5-6-procedure",
    article: "Transfer of Suspected Criminal Cases Regulation Art. 5, 6",
    article_zh: "《行政执法机关移送涉嫌犯罪案件的规定》第五条、第六条",
    severity: Severity::Block,
    severity_configurable: false,
    message_zh: "移送涉嫌犯罪案件由二名以上执法人员提出书面报告，经负责人批准后移送并附移送书、调查报告和涉案物品清单；不批准的理由记录在案",
    message_en: "a transfer is reported in writing by two officers or more and made only once the head approves, with the transfer letter, investigation report and inventory; a refusal records its reasons",
    settings: &[],
    evaluate: |s, c, x| procedure(s, c, x).map(Found::from),
};

/// 行政处罚法 Art. 27: "违法行为涉嫌犯罪的，行政机关应当及时将案件移送司法机关，依法追究刑事
/// 责任。" While the case waits on the transfer, no penalty is proposed or decided.
pub(super) const PENALTY_SUSPENDED: Rule = Rule {
    id: "APL-27-penalty-suspended",
    article: "Administrative Penalty Law Art. 27",
    article_zh: "《行政处罚法》第二十七条",
    severity: Severity::Block,
    severity_configurable: false,
    message_zh: "涉嫌犯罪的案件报请移送或者已经移送司法机关的，在不予移送或者退回之前，不得告知或者作出行政处罚决定",
    message_en: "while a suspected crime is reported for transfer or with the police, no penalty is notified or decided until the transfer is declined or the case returned",
    settings: &[],
    evaluate: |s, c, _| penalty_suspended(s, c).map(Found::from),
};

/// 移送规定 Art. 12: "行政执法机关对公安机关决定立案的案件，应当自接到立案通知书之日起3日内将
/// 涉案物品以及与案件有关的其他材料移交公安机关，并办结交接手续" (the 2020 revision's wording).
/// Handed over late, still handed over, so this warns. The 3 days run from the receipt a
/// `transfer.police_filed` recorded, or the one the handover states, whichever is earlier; once
/// the police's filing is recorded they are an open deadline until the handover.
pub(super) const HANDOVER_3_DAYS: Rule = Rule {
    id: "TRF-12-handover-3-days",
    article: "Transfer of Suspected Criminal Cases Regulation Art. 12",
    article_zh: "《行政执法机关移送涉嫌犯罪案件的规定》第十二条",
    severity: Severity::Warn,
    severity_configurable: false,
    message_zh: "对公安机关决定立案的案件，应当自接到立案通知书之日起3日内将涉案物品以及与案件有关的其他材料移交公安机关，并办结交接手续",
    message_en: "once the police file a transferred case, the goods and other materials of the case are handed over to them within 3 days of receiving the filing notice",
    settings: &[],
    evaluate: |s, c, x| handover_3_days(s, c, x).map(Found::from),
};

const DAY_US: i64 = 86_400_000_000;

/// Art. 5's 3 days to decide, counted from the day after the report (the regulation is not
/// the Penalty Law, so its Art. 85 working days do not apply).
pub(super) fn decision_last_day(reported_at_us: i64, context: &RuleContext) -> super::LocalDate {
    date_of(context, reported_at_us).add_days(3)
}

/// Art. 12's 3 days to hand over, counted from the day after the filing notice was received
/// (calendar days, as Art. 5's).
pub(super) fn handover_last_day(notice_received_on: super::LocalDate) -> super::LocalDate {
    notice_received_on.add_days(3)
}

/// The last instant of Art. 5's 24 hours to transfer once approved.
pub(super) fn transfer_due_us(approved_at_us: i64) -> i64 {
    approved_at_us + DAY_US
}

fn decision_3_days(
    state: &CaseState,
    candidate: &CaseRecord,
    context: &RuleContext,
) -> Option<String> {
    let RecordBody::TransferDecided(_) = &candidate.body else {
        return None;
    };
    let reported = state.transfer.as_ref()?.reported_at_us;
    let reported_on = date_of(context, reported);
    let last = decision_last_day(reported, context);
    let on = date_of(context, candidate.at_us);
    (on > last).then(|| {
        format!("reported on {reported_on}, decided on {on}, after the 3 days that ended on {last}")
    })
}

fn handover_3_days(
    state: &CaseState,
    candidate: &CaseRecord,
    context: &RuleContext,
) -> Option<String> {
    let RecordBody::TransferHandedOver(b) = &candidate.body else {
        return None;
    };
    let recorded = state
        .transfer
        .as_ref()
        .and_then(|t| t.police_filed_notice_on);
    let received = recorded.map_or(b.notice_received_on, |r| r.min(b.notice_received_on));
    let last = handover_last_day(received);
    let on = date_of(context, candidate.at_us);
    (on > last).then(|| {
        format!(
            "the filing notice was received on {received}, the materials handed over on {on}, after the 3 days that ended on {last}"
        )
    })
}

fn transfer_24h(state: &CaseState, candidate: &CaseRecord) -> Option<String> {
    let RecordBody::TransferMade(_) = &candidate.body else {
        return None;
    };
    let (approved_at, true) = state.transfer.as_ref()?.decided? else {
        return None;
    };
    let hours = (candidate.at_us - approved_at) / (DAY_US / 24);
    (candidate.at_us > transfer_due_us(approved_at))
        .then(|| format!("transferred {hours} hours after the approval"))
}

/// The materials Art. 6 (1) to (3) ask of every transfer; test reports and other materials
/// only where there are some.
const REQUIRED: [TransferMaterial; 3] = [
    TransferMaterial::TransferLetter,
    TransferMaterial::InvestigationReport,
    TransferMaterial::Inventory,
];

fn procedure(state: &CaseState, candidate: &CaseRecord, context: &RuleContext) -> Option<String> {
    let transfer: Option<&Transfer> = state.transfer.as_ref();
    match &candidate.body {
        RecordBody::TransferReported(_) => {
            let officers = candidate.acting_officers().len();
            (officers < 2).then(|| {
                format!("the report is made by {officers} officer; the 专案组 has two or more")
            })
        }
        RecordBody::TransferDecided(b) => match transfer {
            None => Some("no report of a suspected crime to decide on".into()),
            Some(t) if t.decided.is_some() => Some("the report is decided already".into()),
            Some(_) if !b.approved && b.reasons.trim().is_empty() => {
                Some("the transfer is not approved and no reasons are recorded".into())
            }
            Some(_) => None,
        },
        RecordBody::TransferMade(b) => match transfer.and_then(|t| t.decided) {
            Some((_, true)) if transfer.is_some_and(|t| t.made_at_us.is_some()) => {
                Some("the case was transferred already".into())
            }
            Some((_, true)) => {
                let missing: Vec<String> = REQUIRED
                    .iter()
                    .filter(|m| !b.materials.contains(m))
                    .map(|m| format!("{m:?}"))
                    .collect();
                (!missing.is_empty()).then(|| format!("materials missing: {}", missing.join(", ")))
            }
            _ => Some("no approved transfer".into()),
        },
        RecordBody::TransferReturned(_) => match transfer {
            Some(t) if t.made_at_us.is_some() && t.returned_at_us.is_none() => None,
            _ => Some("no case with the police to return".into()),
        },
        RecordBody::TransferPoliceFiled(b) => match transfer {
            Some(t) if t.made_at_us.is_none() || t.returned_at_us.is_some() => {
                Some("no case with the police to file".into())
            }
            Some(t) if t.police_filed_notice_on.is_some() => {
                Some("the police's filing is recorded already".into())
            }
            Some(_) if b.notice_received_on > date_of(context, candidate.at_us) => Some(format!(
                "the filing notice is received on {}, after this record",
                b.notice_received_on
            )),
            Some(_) => None,
            None => Some("no case with the police to file".into()),
        },
        RecordBody::TransferHandedOver(_) => match transfer {
            Some(t) if t.made_at_us.is_some() && t.returned_at_us.is_none() => None,
            _ => Some("no case with the police to hand materials over to".into()),
        },
        _ => None,
    }
}

fn penalty_suspended(state: &CaseState, candidate: &CaseRecord) -> Option<String> {
    if !matches!(
        candidate.body,
        RecordBody::NoticeServed(_) | RecordBody::DecisionIssued(_)
    ) {
        return None;
    }
    let transfer = state.transfer.as_ref().filter(|t| t.pending())?;
    Some(match transfer.made_at_us {
        Some(_) => "the case is with the police".to_owned(),
        None => "a transfer to the police is reported and not declined".to_owned(),
    })
}
