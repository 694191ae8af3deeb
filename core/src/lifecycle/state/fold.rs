//! The fold: each kind of record applied to a case's state, in order.

use super::{
    CaseState, Collection, Decision, Defence, ExcludedPeriod, Extension, Hearing, Measure, Notice,
    Preservation, Transfer,
};
use crate::lifecycle::body::*;
use crate::lifecycle::error::LifecycleError;
use crate::lifecycle::record::{AsCaseRecord, CaseRecord};
use crate::lifecycle::stage::Procedure;
use crate::lifecycle::vocabulary::RecordBody;

/// A record refused while folding a sequence, with its position.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("record {index} refused: {error}")]
pub struct RecordRefused {
    pub index: usize,
    pub error: LifecycleError,
}
impl CaseState {
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
    fn add_investigators(&mut self, record: &CaseRecord) {
        let officers = record.acting_officers();
        self.investigators
            .extend(officers.into_iter().map(str::to_owned));
    }
}
