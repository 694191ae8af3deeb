//! The public notice of a penalty decision (行政处罚决定公示) or of another result the unit
//! publishes (不予处罚, an inspection's result), built from the case's records with personal
//! data masked, byte for byte the same on the phone (preview) and the server
//! (publication): deciding unit, case, decision number, the party as the law allows, the facts
//! as the notice told them, the legal basis, the penalty in fen and the date.

use serde::{Deserialize, Serialize};

use super::config::{OtherResult, PublicityConfig};
use super::deadline::ResultKind;
use super::mask::{KnownPersonalData, MaskingRules};
use crate::lifecycle::{
    AsCaseRecord, DecisionChange, LifecycleError, Party, PartyKind, RecordBody, Sanction,
    TerminationReason,
};
use crate::rules::WorkingCalendar;
use crate::rules::date::LocalDate;

/// The notice format's version.
pub const NOTICE_VERSION: u32 = 1;

/// The deciding unit, as the server knows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecidingUnit {
    pub id: String,
    pub name: String,
}

/// A published result: a penalty decision unless `result` says otherwise. Holds masked personal
/// data only; no float anywhere.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublicNotice {
    pub v: u32,
    /// Deciding unit's id.
    pub org: String,
    pub org_name: String,
    pub case: String,
    /// What is published; a penalty decision when absent, as every notice of format 1 was.
    #[serde(default, skip_serializing_if = "ResultKind::is_penalty")]
    pub result: ResultKind,
    /// For another result, what it was: `no_penalty`, or the inspection's outcome
    /// (`compliant`, `rectification_ordered`, `violation_found`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<String>,
    /// 决定书文号; empty for a result without one.
    pub document_number: String,
    /// Absent for an inspection's result, whose records name no party.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub party: Option<PublicParty>,
    /// 违法事实, as the party was told them before the decision (Art. 44), masked.
    pub facts: String,
    /// 处罚依据, masked.
    pub legal_basis: String,
    pub penalty: PublicPenalty,
    /// The decision's date, `YYYY-MM-DD` on the unit's calendar.
    pub decided_on: LocalDate,
    pub decided_at_us: i64,
}

/// The party as published: an organisation's name and unified social credit code in full,
/// a natural person's name masked and its numbers and address only as the unit's rules allow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublicParty {
    pub kind: PartyKind,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credit_code: Option<String>,
    /// An organisation's representative, a natural person: masked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub representative: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
}

/// The penalty as published (the discretion reasoning stays in the case file); none for
/// another result.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublicPenalty {
    pub warning: bool,
    pub fine_fen: u64,
    pub confiscation_fen: u64,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sanctions: Vec<Sanction>,
}

/// Why a case has no notice to publish.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NoticeError {
    #[error(
        "the case has no result to publish (a penalty decision or a result the unit publishes)"
    )]
    NotDecided,
    #[error("the case's filing does not name its party")]
    PartyUnnamed,
    #[error("a record of the case does not parse: {0}")]
    Record(#[from] LifecycleError),
}

/// What a case's records say that publication needs, in log order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DecisionFacts {
    pub party_kind: Option<PartyKind>,
    pub party: Option<Party>,
    pub facts: String,
    pub legal_basis: String,
    /// The decision in force: its time, number and penalty; the latest `decision.issued`, or
    /// the decision a `decision.changed` changed it to (whose time is the change's).
    pub decision: Option<(i64, String, crate::lifecycle::Penalty)>,
    /// The change, revocation or voidness of that decision that left no decision in its
    /// place: its time, how, and why. None after a change to a new decision.
    pub change: Option<(i64, DecisionChange, String)>,
    /// Every change of a decision, in log order, each naming the decision it changed; a
    /// publication belongs to one decision, and is withdrawn for the change of that one.
    pub changes: Vec<ChangeFact>,
    /// The case's result other than a penalty decision, if it ended in one.
    pub other: Option<OtherFacts>,
}

/// A `decision.changed` record and the decision it changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeFact {
    /// The changed decision's time (`decided_at_us` of its notice).
    pub decided_at_us: i64,
    pub at_us: i64,
    pub change: DecisionChange,
    pub reason: String,
}

impl DecisionFacts {
    /// The change of the decision made at `decided_at_us`, if it was changed, revoked or
    /// declared void.
    pub fn change_of(&self, decided_at_us: i64) -> Option<&ChangeFact> {
        self.changes
            .iter()
            .find(|change| change.decided_at_us == decided_at_us)
    }
}

/// A result other than a penalty decision, as the case's records state it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OtherFacts {
    pub result: OtherResult,
    pub at_us: i64,
    /// `no_penalty` or the inspection's outcome, as the wire names them.
    pub outcome: String,
    /// The termination's basis; empty for an inspection.
    pub basis: String,
}

impl DecisionFacts {
    /// Gathers them from a case's records, in the order they were applied.
    pub fn gather<'a, R: AsCaseRecord + 'a>(
        records: impl IntoIterator<Item = &'a R>,
    ) -> Result<DecisionFacts, NoticeError> {
        let mut facts = DecisionFacts::default();
        for record in records {
            let record = record.to_case_record()?;
            match &record.body {
                RecordBody::CaseFiled(filed) => {
                    facts.party_kind = Some(filed.party_kind);
                    facts.party = filed.party.clone();
                    // A case followed the inspection: its result is the case's.
                    facts.other = None;
                }
                RecordBody::SummaryPenalty(_) => facts.other = None,
                RecordBody::InspectionConcluded(concluded) => {
                    facts.other = Some(OtherFacts {
                        result: OtherResult::InspectionResult,
                        at_us: record.at_us,
                        outcome: wire_name(&concluded.outcome),
                        basis: String::new(),
                    });
                }
                RecordBody::CaseTerminated(terminated)
                    if terminated.reason == TerminationReason::NoPenalty =>
                {
                    facts.other = Some(OtherFacts {
                        result: OtherResult::NoPenalty,
                        at_us: record.at_us,
                        outcome: wire_name(&terminated.reason),
                        basis: terminated.basis.clone(),
                    });
                }
                RecordBody::NoticeServed(notice) => {
                    facts.facts = notice.facts.clone();
                    facts.legal_basis = notice.legal_basis.clone();
                }
                RecordBody::DecisionIssued(decision) => {
                    facts.decision = Some((
                        record.at_us,
                        decision.document_number.clone(),
                        decision.penalty.clone(),
                    ));
                    facts.change = None;
                }
                RecordBody::DecisionChanged(changed) => {
                    if let Some((decided_at_us, ..)) = &facts.decision {
                        facts.changes.push(ChangeFact {
                            decided_at_us: *decided_at_us,
                            at_us: record.at_us,
                            change: changed.change,
                            reason: changed.reason.clone(),
                        });
                    }
                    match (&changed.change, &changed.decision) {
                        // Changed to a new decision: that one is in force from the change.
                        (DecisionChange::Changed, Some(new)) => {
                            facts.decision = Some((
                                record.at_us,
                                new.document_number.clone(),
                                new.penalty.clone(),
                            ));
                            facts.change = None;
                        }
                        _ => {
                            facts.change =
                                Some((record.at_us, changed.change, changed.reason.clone()))
                        }
                    }
                }
                _ => {}
            }
        }
        Ok(facts)
    }
}

/// The snake_case name a unit enum travels under.
fn wire_name(value: &impl Serialize) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|value| value.as_str().map(str::to_owned))
        .unwrap_or_default()
}

impl DecisionFacts {
    /// `text` from the case (a change's reason) masked like the notice's free text.
    pub fn masked(&self, text: &str, rules: &MaskingRules) -> String {
        let known = match &self.party {
            Some(party) => known(party, self.party_kind.unwrap_or(PartyKind::Person)),
            None => KnownPersonalData::default(),
        };
        rules.mask_text(text, &known)
    }
}

/// The personal data of `party` that free text may repeat.
fn known(party: &Party, kind: PartyKind) -> KnownPersonalData {
    let mut names: Vec<String> = party.representative.iter().cloned().collect();
    if kind == PartyKind::Person {
        names.push(party.name.clone());
    }
    KnownPersonalData {
        names,
        id_number: party.id_number.clone(),
        phone: party.phone.clone(),
        address: (kind == PartyKind::Person)
            .then(|| party.address.clone())
            .flatten(),
    }
}

fn public_party(party: &Party, kind: PartyKind, rules: &MaskingRules) -> PublicParty {
    match kind {
        PartyKind::Person => PublicParty {
            kind,
            name: rules.mask_name(&party.name),
            credit_code: None,
            representative: None,
            id_number: party
                .id_number
                .as_deref()
                .and_then(|n| rules.mask_id_number(n)),
            address: party.address.as_deref().and_then(|a| rules.mask_address(a)),
        },
        PartyKind::Organisation => PublicParty {
            kind,
            name: party.name.trim().to_owned(),
            credit_code: party.credit_code.as_ref().map(|c| c.trim().to_owned()),
            representative: party.representative.as_deref().map(|r| rules.mask_name(r)),
            id_number: None,
            address: party.address.as_ref().map(|a| a.trim().to_owned()),
        },
    }
}

/// The notice of the case's result, masked by the unit's rules; dates on `calendar`: its latest
/// penalty decision or, without one, the other result it ended in when the unit publishes
/// those.
pub fn public_notice<'a, R: AsCaseRecord + 'a>(
    unit: &DecidingUnit,
    case_id: &str,
    records: impl IntoIterator<Item = &'a R>,
    config: &PublicityConfig,
    calendar: &WorkingCalendar,
) -> Result<PublicNotice, NoticeError> {
    let facts = DecisionFacts::gather(records)?;
    let rules = &config.masking;
    let kind = facts.party_kind.unwrap_or(PartyKind::Person);
    let known = facts
        .party
        .as_ref()
        .map_or_else(KnownPersonalData::default, |party| known(party, kind));
    let named = facts
        .party
        .as_ref()
        .filter(|party| !party.name.trim().is_empty());
    let notice =
        |result, outcome, at_us, document_number: &str, legal_basis: &str, party| PublicNotice {
            v: NOTICE_VERSION,
            org: unit.id.clone(),
            org_name: unit.name.clone(),
            case: case_id.to_owned(),
            result,
            outcome,
            document_number: rules.mask_text(document_number, &known),
            party,
            facts: rules.mask_text(&facts.facts, &known),
            legal_basis: rules.mask_text(legal_basis, &known),
            penalty: PublicPenalty::default(),
            decided_on: calendar.date_of(at_us),
            decided_at_us: at_us,
        };
    if let Some((decided_at_us, document_number, penalty)) = &facts.decision {
        let party = named.ok_or(NoticeError::PartyUnnamed)?;
        return Ok(PublicNotice {
            penalty: PublicPenalty {
                warning: penalty.warning,
                fine_fen: penalty.fine_fen,
                confiscation_fen: penalty.confiscation_fen,
                sanctions: penalty.sanctions.clone(),
            },
            ..notice(
                ResultKind::Penalty,
                None,
                *decided_at_us,
                document_number,
                &facts.legal_basis,
                Some(public_party(party, kind, rules)),
            )
        });
    }
    let other = facts
        .other
        .as_ref()
        .filter(|other| config.publishes(other.result))
        .ok_or(NoticeError::NotDecided)?;
    let party = match (other.result, named) {
        (_, Some(party)) => Some(public_party(party, kind, rules)),
        (OtherResult::InspectionResult, None) => None,
        (OtherResult::NoPenalty, None) => return Err(NoticeError::PartyUnnamed),
    };
    let basis = match other.result {
        OtherResult::NoPenalty => other.basis.as_str(),
        OtherResult::InspectionResult => facts.legal_basis.as_str(),
    };
    Ok(notice(
        ResultKind::Other,
        Some(other.outcome.clone()),
        other.at_us,
        "",
        basis,
        party,
    ))
}
