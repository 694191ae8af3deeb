//! Why a record does not fit a case: an unknown kind, a bad body, or a refused transition.

use super::stage::Stage;
use super::vocabulary::RecordKind;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LifecycleError {
    #[error("unknown record kind {0:?}")]
    UnknownKind(String),
    #[error("invalid {kind} body: {reason}")]
    InvalidBody { kind: RecordKind, reason: String },
    #[error("{kind} refused at stage {stage}: {refusal}")]
    Refused {
        kind: RecordKind,
        stage: Stage,
        refusal: Refusal,
    },
}

/// Why the state machine refuses a record at the case's stage.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error(
        "nothing is recorded yet: a case starts with case.filed, inspection.record or summary.penalty"
    )]
    NotStarted,
    #[error("the case has already started")]
    AlreadyStarted,
    #[error("it would skip the {needs} stage")]
    SkipsStage { needs: Stage },
    #[error("the case has passed the stage this record belongs to")]
    StagePassed,
    #[error("the case is closed")]
    CaseClosed,
    #[error("the case was terminated")]
    CaseTerminated,
    #[error("the case is archived")]
    CaseArchived,
    #[error("no hearing request stands since the latest notice")]
    HearingNotRequested,
    #[error("the hearing was not notified")]
    HearingNotNotified,
    #[error("preservation {0:?} is already registered")]
    DuplicatePreservation(String),
    #[error("preservation {0:?} is not registered")]
    UnknownPreservation(String),
    #[error("preservation {0:?} is already resolved")]
    PreservationResolved(String),
    #[error("sealing or seizure {0:?} is already recorded")]
    DuplicateMeasure(String),
    #[error("sealing or seizure {0:?} is not recorded")]
    UnknownMeasure(String),
    #[error("sealing or seizure {0:?} has ended")]
    MeasureEnded(String),
    #[error("the record names no officer")]
    NoOfficerNamed,
    #[error("officer {0:?} is assigned to the case already")]
    AlreadyAssigned(String),
    #[error("officer {0:?} is not assigned to the case")]
    NotAssigned(String),
}
