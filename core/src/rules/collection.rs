//! 罚缴分离 (Arts. 67 to 72): the unit that fines does not collect, except on the spot where
//! Arts. 68 and 69 allow it, against the finance department's receipt, the money handed in
//! within 2 working days; and 加处罚款 never above the fine.

use super::calendar::Period;
use super::context::RuleContext;
use super::deadlines::late;
use super::{Found, Rule, Severity};
use crate::lifecycle::{CaseRecord, CaseState, CollectionGround, Procedure, RecordBody};

/// Art. 68(1): "依法给予一百元以下罚款的", in fen.
pub const SMALL_FINE_FEN: u64 = 10_000;
/// Art. 71: "应当自收缴罚款之日起二日内，交至行政机关" (working days, Art. 85).
pub const HAND_IN_PERIOD: Period = Period::WorkingDays(2);

/// Art. 67 ¶2: "除依照本法第六十八条、第六十九条的规定当场收缴的罚款外，作出行政处罚决定的
/// 行政机关及其执法人员不得自行收缴罚款。"
pub(super) const ON_SPOT_COLLECTION: Rule = Rule {
    id: "APL-67-69-on-spot-collection",
    article: "Administrative Penalty Law Art. 67, 68, 69",
    article_zh: "《行政处罚法》第六十七条、第六十八条、第六十九条",
    severity: Severity::Block,
    severity_configurable: false,
    message_zh: "执法人员不得自行收缴罚款，但当场处罚一百元以下罚款、不当场收缴事后难以执行，或者在边远、水上、交通不便地区经当事人提出的除外",
    message_en: "officers do not collect fines themselves, except an on-the-spot fine of ¥100 or less or one hard to enforce later, or in remote areas at the party's request",
    settings: &[],
    evaluate: |s, c, _| on_spot_collection(s, c).map(Found::from),
};

/// Art. 70: "当场收缴罚款的，必须向当事人出具……统一制发的专用票据".
pub(super) const RECEIPT: Rule = Rule {
    id: "APL-70-receipt",
    article: "Administrative Penalty Law Art. 70, 71",
    article_zh: "《行政处罚法》第七十条、第七十一条",
    severity: Severity::Block,
    severity_configurable: false,
    message_zh: "当场收缴罚款必须出具财政部门统一制发的专用票据并记录其号码；交至行政机关的罚款以所出具的票据为凭",
    message_en: "a fine collected on the spot is against the finance department's official receipt, whose number is recorded; what is handed in names receipts issued in the case",
    settings: &[],
    evaluate: |s, c, _| receipt(s, c).map(Found::from),
};

/// Art. 71; money handed in late is still handed in, so this warns.
pub(super) const HAND_IN: Rule = Rule {
    id: "APL-71-hand-in",
    article: "Administrative Penalty Law Art. 71, 85",
    article_zh: "《行政处罚法》第七十一条、第八十五条",
    severity: Severity::Warn,
    severity_configurable: false,
    message_zh: "执法人员当场收缴的罚款，应当自收缴罚款之日起二日内交至行政机关",
    message_en: "a fine collected on the spot is handed in to the unit within 2 working days",
    settings: &[],
    evaluate: hand_in,
};

/// Art. 72(1): "到期不缴纳罚款的，每日按罚款数额的百分之三加处罚款，加处罚款的数额不得超出
/// 罚款的数额".
pub(super) const SURCHARGE_CAP: Rule = Rule {
    id: "APL-72-surcharge-cap",
    article: "Administrative Penalty Law Art. 72(1)",
    article_zh: "《行政处罚法》第七十二条第一项",
    severity: Severity::Block,
    severity_configurable: false,
    message_zh: "加处罚款的数额不得超出罚款的数额",
    message_en: "the late-payment surcharge may not exceed the fine",
    settings: &[],
    evaluate: |s, c, _| surcharge_cap(s, c).map(Found::from),
};

fn on_spot_collection(state: &CaseState, candidate: &CaseRecord) -> Option<String> {
    let RecordBody::ExecutionRecorded(b) = &candidate.body else {
        return None;
    };
    let collection = b.collection.as_ref()?;
    let summary = state.procedure == Some(Procedure::Summary);
    let fine = state.decision.as_ref().map_or(0, |d| d.penalty.fine_fen);
    match collection.ground {
        CollectionGround::SmallFine | CollectionGround::HardToEnforce if !summary => {
            Some("Art. 68 allows it only after an on-the-spot penalty (Art. 51)".into())
        }
        CollectionGround::SmallFine if fine > SMALL_FINE_FEN => Some(format!(
            "the fine of {fine} fen is above the ¥100 of Art. 68(1)"
        )),
        CollectionGround::RemoteArea if !collection.party_requested => {
            Some("Art. 69 allows it only at the party's request".into())
        }
        _ => None,
    }
}

fn receipt(state: &CaseState, candidate: &CaseRecord) -> Option<String> {
    match &candidate.body {
        RecordBody::ExecutionRecorded(b) => {
            let c = b.collection.as_ref()?;
            if c.receipt.trim().is_empty() {
                Some("no receipt number is recorded".into())
            } else if state.collections.contains_key(&c.receipt) {
                Some(format!("receipt {} was recorded before", c.receipt))
            } else {
                None
            }
        }
        RecordBody::CollectionHandedIn(b) => {
            let unknown: Vec<&str> = b
                .receipts
                .iter()
                .filter(|r| !state.collections.contains_key(*r))
                .map(String::as_str)
                .collect();
            if b.receipts.is_empty() {
                Some("no receipt is named".into())
            } else {
                (!unknown.is_empty())
                    .then(|| format!("no collection on receipts {}", unknown.join(", ")))
            }
        }
        _ => None,
    }
}

fn hand_in(state: &CaseState, candidate: &CaseRecord, context: &RuleContext) -> Option<Found> {
    let RecordBody::CollectionHandedIn(b) = &candidate.body else {
        return None;
    };
    // The earliest collection it hands in sets the deadline.
    let collected = b
        .receipts
        .iter()
        .filter_map(|r| state.collections.get(r))
        .filter(|c| c.handed_in_at_us.is_none())
        .map(|c| c.at_us)
        .min()?;
    late(
        "collection handed in",
        HAND_IN_PERIOD,
        collected,
        candidate.at_us,
        context.calendar(),
    )
}

fn surcharge_cap(state: &CaseState, candidate: &CaseRecord) -> Option<String> {
    let RecordBody::ExecutionRecorded(b) = &candidate.body else {
        return None;
    };
    if b.surcharge_fen == 0 {
        return None;
    }
    let fine = state.decision.as_ref().map_or(0, |d| d.penalty.fine_fen);
    let total = state.surcharge_fen.saturating_add(b.surcharge_fen);
    (total > fine).then(|| format!("surcharges of {total} fen exceed the fine of {fine} fen"))
}
