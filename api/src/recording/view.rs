//! A case as its readers see it: stage, party, officers, chains, records in log order,
//! evidence digests, open deadlines, rule findings, fork evidence and held records.

use super::context::ContextReader;
use super::outcome::FindingView;
use super::state;
use crate::db::cases::CaseRow;
use crate::db::{self, DbConnection};
use crate::error::ApiError;
use custos_core::bundle::{ListedEvidence, evidence_of};
use custos_core::lifecycle::Stage;
use custos_core::record::Record;
use custos_core::rules::{DeadlineKind, open_deadlines};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;

/// One line of a case listing: no personal data, no record contents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CaseSummary {
    pub id: String,
    pub org_id: String,
    /// `inspection`, `ordinary` or `summary`.
    pub procedure: Option<String>,
    /// Lifecycle stage, e.g. `investigating`.
    pub stage: String,
    pub domain: Option<String>,
    pub category: Option<String>,
    pub major: bool,
    pub complex: bool,
    pub filed_at_us: Option<i64>,
    /// End of the earliest open deadline (the first microsecond after its last day).
    pub next_deadline_us: Option<i64>,
    pub record_count: i64,
    /// Fork evidence kept in the case: flagged to supervisors.
    pub fork_count: i64,
}

impl From<CaseRow> for CaseSummary {
    fn from(row: CaseRow) -> CaseSummary {
        CaseSummary {
            id: row.id,
            org_id: row.org_id,
            procedure: row.procedure,
            stage: row.stage,
            domain: row.domain,
            category: row.category,
            major: row.major,
            complex: row.complex,
            filed_at_us: row.filed_at_us,
            next_deadline_us: row.next_deadline_us,
            record_count: row.record_count,
            fork_count: row.fork_count,
        }
    }
}

/// A whole case, for readers in its scope.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct CaseView {
    #[serde(flatten)]
    pub summary: CaseSummary,
    /// The stage's name on case files, e.g. `调查取证`.
    pub stage_zh: String,
    pub party: Option<PartyView>,
    /// Everyone who acted through an accepted record (user ids).
    pub officers: Vec<String>,
    /// The officers handling the case (user ids): the only officers who record in it and read it.
    pub assigned: Vec<String>,
    pub chains: Vec<ChainView>,
    /// Accepted records in log order, which is the order they were applied in.
    pub records: Vec<RecordView>,
    /// Evidence the records reference, by digest.
    pub evidence: Vec<ListedEvidence>,
    /// Open deadlines, earliest first.
    pub deadlines: Vec<DeadlineView>,
    /// Warnings the records were accepted with.
    pub findings: Vec<RecordFinding>,
    /// Fork evidence: second records at taken seqs, never accepted.
    pub forks: Vec<ForkView>,
    /// Records waiting for their predecessor.
    pub held: Vec<HeldView>,
}

/// The party of the case as the opening record names it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PartyView {
    /// `person` or `organisation`.
    pub kind: Option<String>,
    /// The `party` member of the opening record's body, as recorded (personal data).
    #[schema(value_type = Option<Object>)]
    pub details: Option<Value>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ChainView {
    pub id: String,
    pub device: String,
    /// Hash of the last accepted record.
    pub head: String,
    /// Number of accepted records.
    pub length: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct RecordView {
    pub log_index: i64,
    pub hash: String,
    pub chain: String,
    pub seq: i64,
    pub kind: String,
    /// Device clock of the step.
    pub at_us: i64,
    /// Server clock on arrival.
    pub received_at_us: i64,
    pub device: String,
    pub officer: String,
    /// The signed record exactly as stored (CONTRACT.md, Records).
    #[schema(value_type = Object)]
    pub record: Value,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct DeadlineView {
    /// `decision`, `preservation_resolution`, `hearing_request`, `hearing`, `service`,
    /// `payment`, `compulsion_end`, `compulsion_approval`, `transfer_decision`, `transfer`,
    /// `transfer_handover` or `collection_hand_in`.
    pub what: String,
    /// The preservation it concerns, for `preservation_resolution`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preservation: Option<String>,
    /// The sealing or seizure it concerns, for `compulsion_end`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub measure: Option<String>,
    /// The receipt of the money collected on the spot, for `collection_hand_in`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub receipt: Option<String>,
    /// The rule that checks it.
    pub rule: String,
    /// Last day, inclusive, `YYYY-MM-DD` in the jurisdiction's local time.
    pub last_day: String,
    pub ends_before_us: i64,
    /// The period reaches a year whose official holidays the working-day calendar does not
    /// carry yet: the last day may move when the State Council publishes them.
    #[serde(default)]
    pub calendar_unpublished: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct RecordFinding {
    /// Hash of the record it was found on.
    pub record: String,
    #[serde(flatten)]
    pub finding: FindingView,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ForkView {
    pub hash: String,
    pub chain: String,
    pub seq: i64,
    /// The accepted record at the same seq.
    pub conflicts_with: String,
    pub kind: String,
    pub at_us: i64,
    pub device: String,
    pub officer: String,
    pub log_index: i64,
    pub received_at_us: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct HeldView {
    pub hash: String,
    pub chain: String,
    pub seq: i64,
    pub received_at_us: i64,
}

/// Assembles the view of a case the caller may read.
pub fn case_view(conn: &mut DbConnection, row: CaseRow) -> Result<CaseView, ApiError> {
    case_view_and_records(conn, row).map(|(view, _)| view)
}

/// [`case_view`] and the case's accepted records as parsed to make it, in log order, for a
/// reader that checks them too (the console's case page) without reading and parsing them
/// again.
pub fn case_view_and_records(
    conn: &mut DbConnection,
    row: CaseRow,
) -> Result<(CaseView, Vec<Record>), ApiError> {
    let rows = db::records::of_case(conn, &row.id)?;
    let (folded, parsed) = state::fold(&rows)?;
    // The unit of a case the caller reads already; it may lie outside the caller's own units
    // (an officer assigned from another unit on the line).
    let org = db::orgs::find_unscoped(conn, &row.org_id)?
        .ok_or_else(|| ApiError::internal(format_args!("case {} has no unit", row.id)))?;
    let context = ContextReader::default().unit(conn, &org.path)?;
    let deadlines = open_deadlines(&folded, &context)
        .into_iter()
        .map(|deadline| {
            let (mut preservation, mut measure, mut receipt) = (None, None, None);
            let what = match deadline.kind {
                DeadlineKind::Decision => "decision",
                DeadlineKind::PreservationResolution { preservation: id } => {
                    preservation = Some(id);
                    "preservation_resolution"
                }
                DeadlineKind::HearingRequest => "hearing_request",
                DeadlineKind::Hearing => "hearing",
                DeadlineKind::Service => "service",
                DeadlineKind::Payment => "payment",
                DeadlineKind::CompulsionEnd { measure: id } => {
                    measure = Some(id);
                    "compulsion_end"
                }
                DeadlineKind::CompulsionApproval { measure: id } => {
                    measure = Some(id);
                    "compulsion_approval"
                }
                DeadlineKind::TransferDecision => "transfer_decision",
                DeadlineKind::Transfer => "transfer",
                DeadlineKind::TransferHandover => "transfer_handover",
                DeadlineKind::CollectionHandIn { receipt: id } => {
                    receipt = Some(id);
                    "collection_hand_in"
                }
            };
            DeadlineView {
                what: what.to_owned(),
                preservation,
                measure,
                receipt,
                rule: deadline.rule.to_owned(),
                last_day: deadline.last_day.to_string(),
                ends_before_us: deadline.ends_before_us,
                calendar_unpublished: deadline.calendar_unpublished,
            }
        })
        .collect();
    let evidence = parsed.iter().flat_map(evidence_of).collect();
    let party = parsed.first().map(|opening| PartyView {
        kind: folded.party_kind.map(|kind| {
            serde_json::to_value(kind)
                .ok()
                .and_then(|value| value.as_str().map(str::to_owned))
                .unwrap_or_default()
        }),
        details: opening.body().get("party").cloned(),
    });
    let records = rows
        .into_iter()
        .zip(&parsed)
        .map(|(row, record)| record_view(row, record))
        .collect();
    let findings = db::findings::of_case(conn, &row.id)?
        .into_iter()
        .map(|finding| RecordFinding {
            finding: FindingView::stored(&finding.rule, &finding.severity, &finding.detail)
                .with_calendar_unpublished(finding.calendar_unpublished),
            record: finding.record_hash,
        })
        .collect();
    let chains = db::chains::of_case(conn, &row.id)?
        .into_iter()
        .map(|chain| ChainView {
            id: chain.id,
            device: chain.device_id,
            head: chain.head_hash,
            length: chain.next_seq,
        })
        .collect();
    let forks = db::records::forks_of_case(conn, &row.id)?
        .into_iter()
        .map(|fork| ForkView {
            hash: fork.hash,
            chain: fork.chain_id,
            seq: fork.seq,
            conflicts_with: fork.conflicts_with,
            kind: fork.kind,
            at_us: fork.at_us,
            device: fork.device_id,
            officer: fork.officer_id,
            log_index: fork.log_index,
            received_at_us: fork.received_at_us,
        })
        .collect();
    let held = db::chains::held_of_case(conn, &row.id)?
        .into_iter()
        .map(|held| HeldView {
            hash: held.hash,
            chain: held.chain_id,
            seq: held.seq,
            received_at_us: held.received_at_us,
        })
        .collect();
    let view = CaseView {
        stage_zh: stage_zh(&row.stage),
        officers: db::cases::officers(conn, &row.id)?,
        assigned: db::cases::assigned(conn, &row.id)?,
        summary: row.into(),
        party,
        chains,
        records,
        evidence,
        deadlines,
        findings,
        forks,
        held,
    };
    Ok((view, parsed))
}

fn record_view(row: db::records::RecordRow, record: &Record) -> RecordView {
    RecordView {
        log_index: row.log_index,
        // The stored bytes parsed back, so this is valid JSON.
        record: serde_json::from_slice(&row.canonical).unwrap_or(Value::Null),
        hash: row.hash,
        chain: row.chain_id,
        seq: row.seq,
        kind: row.kind,
        at_us: row.at_us,
        received_at_us: row.received_at_us,
        device: record.device().as_str().to_owned(),
        officer: row.officer_id,
    }
}

fn stage_zh(stage: &str) -> String {
    Stage::ALL
        .iter()
        .find(|s| s.name() == stage)
        .map(|s| s.name_zh().to_owned())
        .unwrap_or_default()
}
