//! The closed vocabulary of record kinds: stable ASCII names and one typed body per kind.
//!
//! A kind's name is what travels in a record's `kind` field; it never changes once shipped,
//! because signed records on phones and in the log carry it forever.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use super::body::*;

/// Declares every record kind once: its variant, its wire name and its body struct (which has
/// the variant's name). The enum, the name table and the body parser are generated from the
/// same list so they cannot drift apart.
macro_rules! record_kinds {
    ($($variant:ident => $name:literal,)+) => {
        /// A record kind of the closed vocabulary.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum RecordKind {
            $(#[doc = $name] $variant,)+
        }

        impl RecordKind {
            /// Every kind, in vocabulary order.
            pub const ALL: &'static [RecordKind] = &[$(RecordKind::$variant,)+];

            /// The stable ASCII name carried in a record's `kind` field.
            pub const fn name(self) -> &'static str {
                match self {
                    $(RecordKind::$variant => $name,)+
                }
            }
        }

        /// A record body, typed by its kind.
        #[derive(Debug, Clone, PartialEq, Eq, Serialize)]
        #[serde(untagged)]
        pub enum RecordBody {
            $($variant($variant),)+
        }

        impl RecordBody {
            /// The kind this body belongs to.
            pub fn kind(&self) -> RecordKind {
                match self {
                    $(RecordBody::$variant(_) => RecordKind::$variant,)+
                }
            }

            /// Parses the JSON body of a record of `kind`. Floats where integers belong and
            /// missing required fields are errors.
            pub fn parse(
                kind: RecordKind,
                body: &Map<String, Value>,
            ) -> Result<RecordBody, serde_json::Error> {
                Ok(match kind {
                    $(RecordKind::$variant => RecordBody::$variant($variant::deserialize(body)?),)+
                })
            }

            /// The evidence items the body references by digest.
            pub fn evidence(&self) -> &[EvidenceRef] {
                match self {
                    $(RecordBody::$variant(body) => &body.evidence,)+
                }
            }
        }

        $(impl From<$variant> for RecordBody {
            fn from(body: $variant) -> RecordBody {
                RecordBody::$variant(body)
            }
        })+
    };
}

record_kinds! {
    CaseFiled => "case.filed",
    InspectionRecord => "inspection.record",
    InspectionConcluded => "inspection.concluded",
    SummaryPenalty => "summary.penalty",
    InvestigationRecord => "investigation.record",
    EvidencePreserved => "evidence.preserved",
    EvidencePreservationResolved => "evidence.preservation_resolved",
    ConflictDeclared => "conflict.declared",
    ExtensionApproved => "extension.approved",
    ServiceConsent => "service.consent",
    ReviewLegal => "review.legal",
    ReviewCollective => "review.collective",
    NoticeServed => "notice.served",
    StatementRecorded => "statement.recorded",
    HearingRequested => "hearing.requested",
    HearingNotice => "hearing.notice",
    HearingHeld => "hearing.held",
    HearingWaived => "hearing.waived",
    DecisionIssued => "decision.issued",
    DecisionServed => "decision.served",
    DecisionChanged => "decision.changed",
    ExecutionRecorded => "execution.recorded",
    CaseClosed => "case.closed",
    CaseArchived => "case.archived",
    CaseTerminated => "case.terminated",
    CaseAssigned => "case.assigned",
    CaseReleased => "case.released",
    RecusalDecided => "recusal.decided",
    PeriodExcluded => "period.excluded",
    StatementReviewed => "statement.reviewed",
    NoticeDelivered => "notice.delivered",
    PaymentDeferred => "payment.deferred",
    CompulsionApproved => "compulsion.approved",
    CompulsionExtended => "compulsion.extended",
    CompulsionTesting => "compulsion.testing",
    CompulsionEnded => "compulsion.ended",
    TransferReported => "transfer.reported",
    TransferDecided => "transfer.decided",
    TransferMade => "transfer.made",
    TransferReturned => "transfer.returned",
    TransferPoliceFiled => "transfer.police_filed",
    TransferHandedOver => "transfer.handed_over",
    CollectionHandedIn => "collection.handed_in",
}

impl RecordKind {
    /// The kind with this wire name, if it is in the vocabulary.
    pub fn from_name(name: &str) -> Option<RecordKind> {
        RecordKind::ALL
            .iter()
            .copied()
            .find(|kind| kind.name() == name)
    }
}

impl std::fmt::Display for RecordKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl Serialize for RecordKind {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

impl<'de> Deserialize<'de> for RecordKind {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<RecordKind, D::Error> {
        let name = String::deserialize(deserializer)?;
        RecordKind::from_name(&name)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown record kind {name:?}")))
    }
}

impl RecordBody {
    /// The body as the JSON object a record carries.
    pub fn to_body(&self) -> Result<Map<String, Value>, serde_json::Error> {
        match serde_json::to_value(self)? {
            Value::Object(body) => Ok(body),
            // Every body type is a struct, which serialises to an object.
            other => Err(serde::ser::Error::custom(format!(
                "record body is not an object: {other}"
            ))),
        }
    }
}
