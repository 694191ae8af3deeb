//! A case's state folded from its records, and the guard that refuses records out of order.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::body::*;
use super::error::{LifecycleError, Refusal};
use super::record::{AsCaseRecord, CaseRecord};
use super::stage::{Procedure, Stage};
use super::transitions::{next_stage, stage_needed};
use super::vocabulary::{RecordBody, RecordKind};

/// What the records of a case add up to: its stage and the facts the rules need.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CaseState {
    /// Set by the first record; an inspection becomes `Ordinary` or `Summary` when a case
    /// follows from it.
    pub procedure: Option<Procedure>,
    pub stage: Stage,
    /// The enforcement domain officers need a certificate for.
    pub domain: Option<String>,
    pub category: Option<String>,
    pub party_kind: Option<PartyKind>,
    pub complex: bool,
    pub major: bool,
    /// 直接关系当事人或者第三人重大权益 (Art. 58(2)).
    pub major_rights: bool,
    pub filed_at_us: Option<i64>,
    /// When the case's first record (an inspection or the filing) was made: the violation was
    /// discovered by then (Art. 36: "未被发现").
    pub opened_at_us: Option<i64>,
    /// The violation's day as the filing records it (Art. 36).
    pub violation_on: Option<crate::rules::date::LocalDate>,
    /// The five-year limitation period applies (Art. 36: life, health, financial security).
    pub grave_harm: bool,
    /// Whether the filing names the party with a name and an address (Art. 59(1)).
    pub party_identified: bool,
    /// The device capture the case starts from (Art. 41).
    pub capture: Option<DeviceCapture>,
    /// A decision that already fined the party for the same act, as the filing names it
    /// (Art. 29).
    pub already_fined_by: Option<String>,
    /// Officers who filed the case, inspected before it, or signed or took part in its
    /// investigation records: the case's investigators, who may not review it (Art. 58).
    pub investigators: BTreeSet<String>,
    /// Everyone who acted in the case through any record so far (Art. 64(4): none of them
    /// presides over its hearing).
    pub acted: BTreeSet<String>,
    /// Officers barred by a conflict in this case: declared by themselves, or recused by the
    /// head's decision on a party's application (Art. 43).
    pub conflicts: BTreeSet<String>,
    /// Officers whose recusal the party applied for, awaiting the head's decision (Art. 43 ¶3:
    /// they go on investigating meanwhile).
    pub recusal_requests: BTreeSet<String>,
    pub preservations: BTreeMap<String, Preservation>,
    /// Fines collected on the spot, by receipt number, with when they were collected and
    /// handed in to the unit (Arts. 70, 71).
    pub collections: BTreeMap<String, Collection>,
    /// 加处罚款 paid so far (Art. 72).
    pub surcharge_fen: u64,
    /// When an inspection of the case concluded that it found a violation: 立案 is due
    /// (Art. 54 ¶2).
    pub violation_found_at_us: Option<i64>,
    /// The latest transfer of a suspected crime to the police (行政处罚法 Art. 27).
    pub transfer: Option<Transfer>,
    /// Sealings and seizures (查封、扣押) by measure id (行政强制法 Arts. 19, 25, 27).
    pub measures: BTreeMap<String, Measure>,
    /// The outcome of the latest legal review.
    pub legal_review: Option<LegalReviewOutcome>,
    /// The latest legal review found the facts unclear or the evidence insufficient (Art. 40).
    pub facts_unclear: bool,
    /// When the latest legal review was recorded.
    pub legal_review_at_us: Option<i64>,
    pub collective_discussion_at_us: Option<i64>,
    /// Whether a collective discussion followed the latest legal review (Art. 57 after 58).
    pub discussed_after_review: bool,
    /// Extensions of the decision period recorded, in calendar days, summed (whether the
    /// unit's configuration counts them is for the rules to say).
    pub extension_days: u32,
    /// Each extension recorded, in order.
    pub extensions: Vec<Extension>,
    /// Periods recorded as left out of the decision period, in order.
    pub excluded_periods: Vec<ExcludedPeriod>,
    /// The latest notice; a new one replaces it and restarts the defence.
    pub notice: Option<Notice>,
    /// The party's statement and hearing since the latest notice.
    pub defence: Defence,
    /// Whether a hearing was ever held in the case (a decision after a hearing is major).
    pub hearing_held: bool,
    pub decision: Option<Decision>,
    /// When the decision was last changed, revoked or declared void, and how.
    pub decision_change: Option<(i64, DecisionChange)>,
    /// When the decision first reached the party.
    pub served_at_us: Option<i64>,
    pub served_documents: BTreeSet<ServedDocument>,
    pub electronic_service_consent: bool,
    pub paid_fen: u64,
    /// The approved schedule of deferred or instalment payment (Art. 66), latest approval.
    pub instalments: Vec<Instalment>,
    pub execution_complete: bool,
    pub termination: Option<TerminationReason>,
    /// When the case was closed (结案) or terminated, by the record that did it.
    pub closed_at_us: Option<i64>,
    /// The officers handling the case (承办人员): the signer of its first record, the officers
    /// its filing names, and those assigned since, less those released.
    pub assigned: BTreeSet<String>,
    /// How many records were applied.
    pub records: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Preservation {
    pub preserved_at_us: i64,
    pub resolved_at_us: Option<i64>,
}

/// An extension of the decision period as recorded (Art. 60 with a sectoral regulation).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Extension {
    pub days: u32,
    pub approver_role: String,
    pub regulation: String,
}

/// A period recorded as left out of the decision period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExcludedPeriod {
    pub what: String,
    pub from_us: i64,
    pub to_us: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Notice {
    pub at_us: i64,
    pub penalty: Penalty,
    pub rights: Vec<PartyRight>,
    pub method: ServiceMethod,
    /// When the party received it, when a delivery record says so.
    pub received_at_us: Option<i64>,
}

impl Notice {
    /// When the party's periods start: on receipt. A notice handed over directly is received
    /// when it is served; any other way needs the delivery record (`None` until then).
    pub fn received_at_us(&self) -> Option<i64> {
        match (self.received_at_us, self.method) {
            (Some(at_us), _) => Some(at_us),
            (None, ServiceMethod::Direct) => Some(self.at_us),
            (None, _) => None,
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Defence {
    /// When the party's statement, waiver or silence was recorded.
    pub statement_at_us: Option<i64>,
    /// What the party did: stated its case, waived, or did not respond.
    pub statement: Option<StatementResponse>,
    /// When the unit recorded its 复核 of the party's statement (Art. 45).
    pub statement_reviewed_at_us: Option<i64>,
    pub hearing: Hearing,
}

/// Where the party's hearing stands since the latest notice.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Hearing {
    #[default]
    NotRequested,
    Requested {
        requested_at_us: i64,
    },
    Notified {
        requested_at_us: i64,
        notified_at_us: i64,
        hearing_at_us: i64,
    },
    Held {
        held_at_us: i64,
    },
    Waived {
        waived_at_us: i64,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Decision {
    pub at_us: i64,
    pub penalty: Penalty,
}

/// A fine collected on the spot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Collection {
    pub at_us: i64,
    pub handed_in_at_us: Option<i64>,
}

/// A report of a suspected crime and what followed it (移送规定 Art. 5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Transfer {
    pub reported_at_us: i64,
    /// When the head decided, and whether to transfer.
    pub decided: Option<(i64, bool)>,
    pub made_at_us: Option<i64>,
    pub returned_at_us: Option<i64>,
    /// The day the unit received the police's 立案通知书 (`transfer.police_filed`), from which
    /// its 3 days to hand over the materials run (移送规定 Art. 12).
    pub police_filed_notice_on: Option<crate::rules::date::LocalDate>,
    pub handed_over_at_us: Option<i64>,
}

impl Transfer {
    /// Whether the case waits on the transfer: reported and not declined, or transferred and
    /// not returned. The penalty path is suspended meanwhile (Art. 27).
    pub fn pending(&self) -> bool {
        match self.decided {
            Some((_, false)) => false,
            _ => self.returned_at_us.is_none(),
        }
    }
}

/// A sealing or seizure and what followed it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Measure {
    pub at_us: i64,
    pub urgent: bool,
    pub approved_at_us: Option<i64>,
    /// Extensions recorded, and the days they add together.
    pub extensions: u32,
    pub extension_days: u32,
    /// Testing periods left out of the period, in days together.
    pub testing_days: u32,
    pub ended_at_us: Option<i64>,
}

/// A record refused while folding a sequence, with its position.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("record {index} refused: {error}")]
pub struct RecordRefused {
    pub index: usize,
    pub error: LifecycleError,
}

impl Default for CaseState {
    fn default() -> CaseState {
        CaseState::new()
    }
}

impl CaseState {
    /// A case with nothing recorded.
    pub fn new() -> CaseState {
        CaseState {
            procedure: None,
            stage: Stage::New,
            domain: None,
            category: None,
            party_kind: None,
            complex: false,
            major: false,
            major_rights: false,
            filed_at_us: None,
            opened_at_us: None,
            violation_on: None,
            grave_harm: false,
            party_identified: false,
            already_fined_by: None,
            capture: None,
            investigators: BTreeSet::new(),
            acted: BTreeSet::new(),
            conflicts: BTreeSet::new(),
            recusal_requests: BTreeSet::new(),
            preservations: BTreeMap::new(),
            measures: BTreeMap::new(),
            transfer: None,
            violation_found_at_us: None,
            collections: BTreeMap::new(),
            surcharge_fen: 0,
            legal_review: None,
            facts_unclear: false,
            legal_review_at_us: None,
            collective_discussion_at_us: None,
            discussed_after_review: false,
            extension_days: 0,
            extensions: Vec::new(),
            excluded_periods: Vec::new(),
            notice: None,
            defence: Defence::default(),
            hearing_held: false,
            decision: None,
            decision_change: None,
            served_at_us: None,
            served_documents: BTreeSet::new(),
            electronic_service_consent: false,
            paid_fen: 0,
            instalments: Vec::new(),
            execution_complete: false,
            termination: None,
            closed_at_us: None,
            assigned: BTreeSet::new(),
            records: 0,
        }
    }

    /// Folds records (typed, signed or unsigned) in order; the first refused record stops the
    /// fold.
    pub fn from_records<'a, R: AsCaseRecord + 'a>(
        records: impl IntoIterator<Item = &'a R>,
    ) -> Result<CaseState, RecordRefused> {
        let mut state = CaseState::new();
        for (index, record) in records.into_iter().enumerate() {
            state
                .apply(record)
                .map_err(|error| RecordRefused { index, error })?;
        }
        Ok(state)
    }

    /// The stage `record` would lead to, or why the lifecycle refuses it. Does not change the
    /// state.
    pub fn check_transition(&self, record: &CaseRecord) -> Result<Stage, LifecycleError> {
        let kind = record.kind();
        let refuse = |refusal| LifecycleError::Refused {
            kind,
            stage: self.stage,
            refusal,
        };
        let Some(to) = next_stage(self.stage, kind) else {
            return Err(refuse(self.refusal(kind)));
        };
        if let Some(m) = record.compulsion()
            && self.measures.contains_key(&m.measure)
        {
            return Err(refuse(Refusal::DuplicateMeasure(m.measure.clone())));
        }
        match &record.body {
            RecordBody::HearingNotice(_)
                if !matches!(
                    self.defence.hearing,
                    Hearing::Requested { .. } | Hearing::Notified { .. }
                ) =>
            {
                Err(refuse(Refusal::HearingNotRequested))
            }
            RecordBody::HearingHeld(_)
                if !matches!(self.defence.hearing, Hearing::Notified { .. }) =>
            {
                Err(refuse(Refusal::HearingNotNotified))
            }
            RecordBody::EvidencePreserved(b)
                if self.preservations.contains_key(&b.preservation) =>
            {
                Err(refuse(Refusal::DuplicatePreservation(
                    b.preservation.clone(),
                )))
            }
            RecordBody::EvidencePreservationResolved(b) => {
                match self.preservations.get(&b.preservation) {
                    None => Err(refuse(Refusal::UnknownPreservation(b.preservation.clone()))),
                    Some(p) if p.resolved_at_us.is_some() => Err(refuse(
                        Refusal::PreservationResolved(b.preservation.clone()),
                    )),
                    Some(_) => Ok(to),
                }
            }
            RecordBody::CompulsionApproved(CompulsionApproved { measure, .. })
            | RecordBody::CompulsionExtended(CompulsionExtended { measure, .. })
            | RecordBody::CompulsionTesting(CompulsionTesting { measure, .. })
            | RecordBody::CompulsionEnded(CompulsionEnded { measure, .. }) => {
                match self.measures.get(measure) {
                    None => Err(refuse(Refusal::UnknownMeasure(measure.clone()))),
                    Some(m) if m.ended_at_us.is_some() => {
                        Err(refuse(Refusal::MeasureEnded(measure.clone())))
                    }
                    Some(_) => Ok(to),
                }
            }
            RecordBody::CaseAssigned(b) => self
                .assignment_refusal(&b.officers, false)
                .map_or(Ok(to), |refusal| Err(refuse(refusal))),
            RecordBody::CaseReleased(b) => self
                .assignment_refusal(&b.officers, true)
                .map_or(Ok(to), |refusal| Err(refuse(refusal))),
            _ => Ok(to),
        }
    }

    /// Applies `record` (typed, signed or unsigned), or refuses it and leaves the state
    /// unchanged.
    pub fn apply(&mut self, record: &impl AsCaseRecord) -> Result<(), LifecycleError> {
        let record = record.to_case_record()?;
        let record = record.as_ref();
        self.stage = self.check_transition(record)?;
        if self.records == 0 {
            // The officer whose record opens a case handles it.
            self.assigned.insert(record.officer.clone());
            self.opened_at_us = Some(record.at_us);
        }
        self.records += 1;
        self.acted
            .extend(record.acting_officers().into_iter().map(str::to_owned));
        let at_us = record.at_us;
        if let Some(m) = record.compulsion() {
            self.measures.insert(
                m.measure.clone(),
                Measure {
                    at_us,
                    urgent: m.urgent,
                    approved_at_us: m.approved_by.is_some().then_some(at_us),
                    extensions: 0,
                    extension_days: 0,
                    testing_days: 0,
                    ended_at_us: None,
                },
            );
        }
        match &record.body {
            RecordBody::CaseFiled(b) => {
                self.assigned
                    .extend(record.acting_officers().into_iter().map(str::to_owned));
                self.add_investigators(record);
                self.major_rights = b.major_rights;
                self.procedure = Some(Procedure::Ordinary);
                self.domain = Some(b.domain.clone());
                self.category = Some(b.category.clone());
                self.party_kind = Some(b.party_kind);
                self.complex = b.complex;
                self.major = b.major;
                self.filed_at_us = Some(at_us);
                self.violation_on = b.violation_on;
                self.grave_harm = b.grave_harm;
                self.already_fined_by = b.already_fined_by.clone();
                self.capture = b.capture.clone();
                self.party_identified = b.party.as_ref().is_some_and(|p| {
                    !p.name.trim().is_empty()
                        && p.address.as_deref().is_some_and(|a| !a.trim().is_empty())
                });
            }
            RecordBody::InspectionRecord(b) => {
                self.add_investigators(record);
                self.procedure = Some(Procedure::Inspection);
                self.domain.get_or_insert_with(|| b.domain.clone());
            }
            RecordBody::SummaryPenalty(b) => {
                self.procedure = Some(Procedure::Summary);
                self.domain = Some(b.domain.clone());
                self.party_kind = Some(b.party_kind);
                self.decision = Some(Decision {
                    at_us,
                    penalty: b.penalty.clone(),
                });
                self.served_at_us = Some(at_us);
                self.served_documents.insert(ServedDocument::Decision);
            }
            RecordBody::InvestigationRecord(_) => {
                self.add_investigators(record);
            }
            // A new report after a declined or returned transfer starts over.
            RecordBody::TransferReported(_) => {
                self.transfer = Some(Transfer {
                    reported_at_us: at_us,
                    decided: None,
                    made_at_us: None,
                    returned_at_us: None,
                    police_filed_notice_on: None,
                    handed_over_at_us: None,
                })
            }
            RecordBody::TransferDecided(b) => {
                if let Some(t) = &mut self.transfer {
                    t.decided.get_or_insert((at_us, b.approved));
                }
            }
            RecordBody::TransferMade(_) => {
                if let Some(t) = &mut self.transfer {
                    t.made_at_us.get_or_insert(at_us);
                }
            }
            RecordBody::TransferReturned(_) => {
                if let Some(t) = &mut self.transfer {
                    t.returned_at_us.get_or_insert(at_us);
                }
            }
            RecordBody::TransferPoliceFiled(b) => {
                if let Some(t) = &mut self.transfer {
                    t.police_filed_notice_on.get_or_insert(b.notice_received_on);
                }
            }
            RecordBody::TransferHandedOver(_) => {
                if let Some(t) = &mut self.transfer {
                    t.handed_over_at_us.get_or_insert(at_us);
                }
            }
            RecordBody::CompulsionApproved(b) => {
                if let Some(m) = self.measures.get_mut(&b.measure) {
                    m.approved_at_us.get_or_insert(at_us);
                }
            }
            RecordBody::CompulsionExtended(b) => {
                if let Some(m) = self.measures.get_mut(&b.measure) {
                    m.extensions += 1;
                    m.extension_days = m.extension_days.saturating_add(b.days);
                }
            }
            RecordBody::CompulsionTesting(b) => {
                if let Some(m) = self.measures.get_mut(&b.measure) {
                    m.testing_days = m.testing_days.saturating_add(b.days);
                }
            }
            RecordBody::CompulsionEnded(b) => {
                if let Some(m) = self.measures.get_mut(&b.measure) {
                    m.ended_at_us = Some(at_us);
                }
            }
            RecordBody::EvidencePreserved(b) => {
                self.add_investigators(record);
                self.preservations.insert(
                    b.preservation.clone(),
                    Preservation {
                        preserved_at_us: at_us,
                        resolved_at_us: None,
                    },
                );
            }
            RecordBody::EvidencePreservationResolved(b) => {
                if let Some(p) = self.preservations.get_mut(&b.preservation) {
                    p.resolved_at_us = Some(at_us);
                }
            }
            RecordBody::ConflictDeclared(b) => match b.raised_by {
                ConflictSource::Officer => {
                    self.conflicts.insert(b.officer.clone());
                }
                ConflictSource::Party => {
                    self.recusal_requests.insert(b.officer.clone());
                }
            },
            RecordBody::RecusalDecided(b) => {
                self.recusal_requests.remove(&b.officer);
                if b.recused {
                    self.conflicts.insert(b.officer.clone());
                }
            }
            RecordBody::ExtensionApproved(b) => {
                self.extension_days = self.extension_days.saturating_add(b.days);
                self.extensions.push(Extension {
                    days: b.days,
                    approver_role: b.approver_role.clone(),
                    regulation: b.regulation.clone(),
                });
            }
            RecordBody::PeriodExcluded(b) => self.excluded_periods.push(ExcludedPeriod {
                what: b.what.clone(),
                from_us: b.from_us,
                to_us: b.to_us,
            }),
            RecordBody::PaymentDeferred(b) => self.instalments = b.instalments.clone(),
            RecordBody::ServiceConsent(_) => self.electronic_service_consent = true,
            RecordBody::ReviewLegal(b) => {
                self.facts_unclear = b.facts_unclear;
                self.legal_review = Some(b.outcome);
                self.legal_review_at_us = Some(at_us);
                self.discussed_after_review = false;
            }
            RecordBody::ReviewCollective(_) => {
                self.collective_discussion_at_us = Some(at_us);
                self.discussed_after_review = self.legal_review.is_some();
            }
            RecordBody::NoticeServed(b) => {
                self.notice = Some(Notice {
                    at_us,
                    penalty: b.penalty.clone(),
                    rights: b.rights.clone(),
                    method: b.method,
                    received_at_us: None,
                });
                self.defence = Defence::default();
            }
            RecordBody::NoticeDelivered(b) => {
                if let Some(notice) = &mut self.notice {
                    notice.received_at_us = Some(b.received_at_us);
                }
            }
            RecordBody::StatementRecorded(b) => {
                self.defence.statement_at_us = Some(at_us);
                self.defence.statement = Some(b.response);
                self.defence.statement_reviewed_at_us = None;
            }
            RecordBody::StatementReviewed(_) => self.defence.statement_reviewed_at_us = Some(at_us),
            RecordBody::HearingRequested(_) => {
                // A repeated request does not move a hearing that is already under way.
                if matches!(
                    self.defence.hearing,
                    Hearing::NotRequested | Hearing::Waived { .. }
                ) {
                    self.defence.hearing = Hearing::Requested {
                        requested_at_us: at_us,
                    };
                }
            }
            RecordBody::HearingNotice(b) => {
                if let Hearing::Requested { requested_at_us }
                | Hearing::Notified {
                    requested_at_us, ..
                } = self.defence.hearing
                {
                    self.defence.hearing = Hearing::Notified {
                        requested_at_us,
                        notified_at_us: at_us,
                        hearing_at_us: b.hearing_at_us,
                    };
                }
            }
            RecordBody::HearingHeld(_) => {
                self.defence.hearing = Hearing::Held { held_at_us: at_us };
                self.hearing_held = true;
            }
            RecordBody::HearingWaived(_) => {
                self.defence.hearing = Hearing::Waived {
                    waived_at_us: at_us,
                }
            }
            RecordBody::DecisionIssued(b) => {
                self.decision = Some(Decision {
                    at_us,
                    penalty: b.penalty.clone(),
                });
            }
            RecordBody::DecisionChanged(b) => self.decision_change = Some((at_us, b.change)),
            RecordBody::DecisionServed(b) => {
                self.served_at_us.get_or_insert(at_us);
                self.served_documents.extend(b.documents.iter().copied());
            }
            RecordBody::CollectionHandedIn(b) => {
                for receipt in &b.receipts {
                    if let Some(c) = self.collections.get_mut(receipt) {
                        c.handed_in_at_us.get_or_insert(at_us);
                    }
                }
            }
            RecordBody::ExecutionRecorded(b) => {
                if let Some(c) = &b.collection {
                    self.collections
                        .entry(c.receipt.clone())
                        .or_insert(Collection {
                            at_us,
                            handed_in_at_us: None,
                        });
                }
                self.surcharge_fen = self.surcharge_fen.saturating_add(b.surcharge_fen);
                self.paid_fen = self.paid_fen.saturating_add(b.paid_fen);
                self.execution_complete |= b.complete;
            }
            RecordBody::CaseTerminated(b) => {
                self.termination = Some(b.reason);
                self.closed_at_us = Some(at_us);
            }
            RecordBody::CaseClosed(_) => self.closed_at_us = Some(at_us),
            RecordBody::CaseAssigned(b) => self.assigned.extend(b.officers.iter().cloned()),
            RecordBody::CaseReleased(b) => {
                for officer in &b.officers {
                    self.assigned.remove(officer);
                }
            }
            RecordBody::InspectionConcluded(b) => {
                if b.outcome == InspectionOutcome::ViolationFound {
                    self.violation_found_at_us.get_or_insert(at_us);
                }
            }
            RecordBody::CaseArchived(_) => {}
        }
        Ok(())
    }

    /// Preservations registered and not yet resolved, with their ids.
    pub fn open_preservations(&self) -> impl Iterator<Item = (&str, &Preservation)> {
        self.preservations
            .iter()
            .filter(|(_, p)| p.resolved_at_us.is_none())
            .map(|(id, p)| (id.as_str(), p))
    }

    fn add_investigators(&mut self, record: &CaseRecord) {
        let officers = record.acting_officers();
        self.investigators
            .extend(officers.into_iter().map(str::to_owned));
    }

    /// Why assigning (`release` false) or releasing `officers` changes nothing it says: no
    /// officer named, or one already in (out of) the assigned set.
    fn assignment_refusal(&self, officers: &[String], release: bool) -> Option<Refusal> {
        if officers.is_empty() {
            return Some(Refusal::NoOfficerNamed);
        }
        let officer = officers
            .iter()
            .find(|officer| self.assigned.contains(*officer) != release)?;
        Some(if release {
            Refusal::NotAssigned(officer.clone())
        } else {
            Refusal::AlreadyAssigned(officer.clone())
        })
    }

    /// Why the table has no move for `kind` at the current stage.
    fn refusal(&self, kind: RecordKind) -> Refusal {
        let starts_a_case = matches!(
            kind,
            RecordKind::CaseFiled | RecordKind::SummaryPenalty | RecordKind::InspectionRecord
        );
        match self.stage {
            Stage::New => Refusal::NotStarted,
            Stage::Archived => Refusal::CaseArchived,
            Stage::Closed => Refusal::CaseClosed,
            Stage::Terminated => Refusal::CaseTerminated,
            _ if starts_a_case => Refusal::AlreadyStarted,
            stage => match stage_needed(stage, kind) {
                Some(needs) => Refusal::SkipsStage { needs },
                None => Refusal::StagePassed,
            },
        }
    }
}
