//! The transition table: which record kind may follow at which stage, and where it leads.
//!
//! A kind missing from a stage's row is refused; the refusal says whether the record would
//! skip a stage (and which one must come first) or belongs to a stage the case has passed.

use super::stage::Stage;
use super::vocabulary::RecordKind;

/// One legal move of the state machine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Transition {
    pub from: Stage,
    pub kind: RecordKind,
    pub to: Stage,
}

/// The stage a record of `kind` leads to from `from`, or `None` when the table does not allow
/// it. State-dependent guards (hearing order, preservation ids) come on top, in
/// [`CaseState::check_transition`](super::CaseState::check_transition).
pub fn next_stage(from: Stage, kind: RecordKind) -> Option<Stage> {
    use RecordKind as K;
    use Stage as S;
    let to = match (from, kind) {
        // Starting a subject: an inspection, an ordinary case or an on-the-spot penalty. An
        // inspection may lead to either kind of case.
        (S::New | S::Inspecting, K::InspectionRecord) => S::Inspecting,
        (S::Inspecting, K::InspectionConcluded) => S::InspectionConcluded,
        (S::New | S::Inspecting | S::InspectionConcluded, K::CaseFiled) => S::Filed,
        (S::New | S::Inspecting | S::InspectionConcluded, K::SummaryPenalty) => S::Served,
        (S::InspectionConcluded, K::CaseArchived) => S::Archived,

        // 立案 → 调查取证; preservation is an investigation measure.
        (S::Filed, K::InvestigationRecord | K::EvidencePreserved) => S::Investigating,
        (
            S::Investigating,
            K::InvestigationRecord | K::EvidencePreserved | K::EvidencePreservationResolved,
        ) => S::Investigating,
        // A review that finds problems sends the case back to investigation.
        (
            S::Reviewing,
            K::InvestigationRecord | K::EvidencePreserved | K::EvidencePreservationResolved,
        ) => S::Investigating,

        // 案件审核. Reviews may also come after the notice and defence, before the decision;
        // whether a case needs them is a rule (Art. 57, 58), not a stage.
        (S::Investigating | S::Reviewing, K::ReviewLegal | K::ReviewCollective) => S::Reviewing,
        (
            S::Notified | S::Defending,
            K::ReviewLegal
            | K::ReviewCollective
            | K::InvestigationRecord
            | K::EvidencePreserved
            | K::EvidencePreservationResolved,
        ) => from,

        // 告知; a new notice (e.g. a changed proposal) restarts the defence.
        (S::Investigating | S::Reviewing | S::Notified | S::Defending, K::NoticeServed) => {
            S::Notified
        }

        // 陈述申辩 / 听证.
        (
            S::Notified | S::Defending,
            K::StatementRecorded | K::HearingRequested | K::HearingWaived,
        ) => S::Defending,
        (S::Defending, K::HearingNotice | K::HearingHeld) => S::Defending,

        // 决定 → 送达 → 执行 → 结案 → 归档.
        (S::Notified | S::Defending, K::DecisionIssued) => S::Decided,
        (S::Decided | S::Served, K::DecisionServed) => S::Served,
        (S::Served | S::Executing, K::ExecutionRecorded) => S::Executing,
        (S::Served | S::Executing | S::Terminated, K::CaseClosed) => S::Closed,
        (S::Closed | S::Terminated, K::CaseArchived) => S::Archived,
        // Preserved evidence is dealt with whatever the outcome of the case.
        (
            S::Decided | S::Served | S::Executing | S::Terminated,
            K::EvidencePreservationResolved,
        ) => from,

        // 不予处罚, 撤案, 移送: any time between filing and decision.
        (
            S::Filed | S::Investigating | S::Reviewing | S::Notified | S::Defending,
            K::CaseTerminated,
        ) => S::Terminated,

        // Records that do not move the stage.
        (
            S::Inspecting
            | S::InspectionConcluded
            | S::Filed
            | S::Investigating
            | S::Reviewing
            | S::Notified
            | S::Defending
            | S::Decided
            | S::Served
            | S::Executing
            | S::Terminated,
            K::ConflictDeclared | K::RecusalDecided,
        ) => from,
        (
            S::Filed | S::Investigating | S::Reviewing | S::Notified | S::Defending,
            K::ExtensionApproved | K::PeriodExcluded,
        ) => from,
        // 复核 of the party's statement, and the receipt of the notice.
        (S::Defending, K::StatementReviewed) => S::Defending,
        (S::Notified | S::Defending, K::NoticeDelivered) => from,
        // 查封、扣押 run their own course from the investigation on (行政强制法 Arts. 19, 25,
        // 27), whatever the stage; only an open one keeps the case from closing (a rule).
        (
            S::Investigating
            | S::Reviewing
            | S::Notified
            | S::Defending
            | S::Decided
            | S::Served
            | S::Executing
            | S::Terminated,
            K::CompulsionApproved
            | K::CompulsionExtended
            | K::CompulsionTesting
            | K::CompulsionEnded,
        ) => from,
        // 移送涉嫌犯罪案件 at any time from filing; whether a record comes in order, and what
        // a pending transfer suspends, are rules (行政处罚法 Art. 27).
        (
            S::Filed
            | S::Investigating
            | S::Reviewing
            | S::Notified
            | S::Defending
            | S::Decided
            | S::Served
            | S::Executing,
            K::TransferReported
            | K::TransferDecided
            | K::TransferMade
            | K::TransferReturned
            | K::TransferPoliceFiled
            | K::TransferHandedOver,
        ) => from,
        // Fines collected on the spot are handed in to the unit, after the case closes too.
        (S::Served | S::Executing | S::Closed, K::CollectionHandedIn) => from,
        // 暂缓或者分期缴纳 once the decision has reached the party.
        (S::Served | S::Executing, K::PaymentDeferred) => from,
        // Who handles a case may change from its first record until it is archived.
        (
            S::Inspecting
            | S::InspectionConcluded
            | S::Filed
            | S::Investigating
            | S::Reviewing
            | S::Notified
            | S::Defending
            | S::Decided
            | S::Served
            | S::Executing
            | S::Closed
            | S::Terminated,
            K::CaseAssigned | K::CaseReleased,
        ) => from,
        (
            S::Filed | S::Investigating | S::Reviewing | S::Notified | S::Defending | S::Decided,
            K::ServiceConsent,
        ) => from,
        // A decision may be changed, revoked or declared void at any time after it is issued,
        // archived files included (on reconsideration or by a court); the case keeps its stage.
        (S::Decided | S::Served | S::Executing | S::Closed | S::Archived, K::DecisionChanged) => {
            from
        }

        _ => return None,
    };
    Some(to)
}

/// Every legal move of the table, for documentation, listings and tests.
pub fn transitions() -> impl Iterator<Item = Transition> {
    Stage::ALL.iter().flat_map(|&from| {
        RecordKind::ALL
            .iter()
            .filter_map(move |&kind| next_stage(from, kind).map(|to| Transition { from, kind, to }))
    })
}

/// The next stage a case at `current` must reach on the shortest lawful way to a stage where
/// a record of `kind` may come: the stage such a record would skip. `None` when no way leads
/// there, i.e. the case has passed the point where the kind belonged. Termination is not a
/// way forward.
pub fn stage_needed(current: Stage, kind: RecordKind) -> Option<Stage> {
    // Breadth-first over the fourteen stages, remembering each stage's first hop.
    let mut first_hop: Vec<(Stage, Stage)> = Vec::new();
    let mut frontier = vec![(current, None::<Stage>)];
    while !frontier.is_empty() {
        let mut next = Vec::new();
        for (stage, hop) in frontier {
            if let Some(hop) = hop.filter(|_| next_stage(stage, kind).is_some()) {
                return Some(hop);
            }
            for &via in RecordKind::ALL {
                let Some(to) = next_stage(stage, via) else {
                    continue;
                };
                let seen = to == current || first_hop.iter().any(|(s, _)| *s == to);
                if to != Stage::Terminated && !seen {
                    let hop = hop.unwrap_or(to);
                    first_hop.push((to, hop));
                    next.push((to, Some(hop)));
                }
            }
        }
        frontier = next;
    }
    None
}
