//! The guard: which record a case's state lets come next, and why it refuses the others.

use super::{CaseState, Hearing};
use crate::lifecycle::body::*;
use crate::lifecycle::error::{LifecycleError, Refusal};
use crate::lifecycle::record::CaseRecord;
use crate::lifecycle::stage::Stage;
use crate::lifecycle::transitions::{next_stage, stage_needed};
use crate::lifecycle::vocabulary::{RecordBody, RecordKind};

impl CaseState {
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
