//! A case's state folded from its records, and the guard that refuses records out of order.
//!
//! This module holds the state itself (`CaseState`, what a case's records add up to); its parts
//! (a notice, a measure, a transfer...) are in `parts`, the fold that applies each kind of
//! record in `fold`, and the guard that says which record may come next in `guard`, each
//! re-exported here so every type keeps its path `crate::lifecycle::*`.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::body::*;
use super::stage::{Procedure, Stage};

mod fold;
mod guard;
mod parts;

pub use fold::RecordRefused;
pub use parts::*;

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

    /// Preservations registered and not yet resolved, with their ids.
    pub fn open_preservations(&self) -> impl Iterator<Item = (&str, &Preservation)> {
        self.preservations
            .iter()
            .filter(|(_, p)| p.resolved_at_us.is_none())
            .map(|(id, p)| (id.as_str(), p))
    }
}
